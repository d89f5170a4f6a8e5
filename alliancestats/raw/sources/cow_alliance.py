"""COW Formal Interstate Alliances v4.1 (Gibler 2009), 1816-2012.

Correlates of War Project; Gibler (2009), Gibler and Sarkees (2004). Files as
shipped in ``version4.1_csv.zip`` (UTF-8, LF, quoted state names):
``alliance_v4.1_by_member.csv`` (one row per member spell),
``alliance_v4.1_by_member_yearly.csv`` (member-years), ``..._by_dyad.csv``
(dyad spells), ``..._by_directed.csv`` (directed-dyad spells) and the
OPTIONAL large ``..._by_dyad_yearly.csv`` / ``..._by_directed_yearly.csv``.

Canonical columns
-----------------
member, member_yearly:
    version4id (Int32, alliance id), ccode (Int16), state_name,
    all_st_day, all_st_month, all_st_year, all_end_day, all_end_month,
    all_end_year (the alliance as a whole; its start can be long before
    1816, e.g. 1386 for alliance 1), ss_type (category, Singer & Small type
    as written in the file), mem_st_day/month/year, mem_end_day/month/year
    (this member's spell), left_censor, right_censor, defense, neutrality,
    nonaggression, entente (Int8 0/1), [year (member_yearly)], version
    ("4.1"), plus alliance_start_date, alliance_end_date, start_date,
    end_date (each with ``_precision``).
dyad, dyad_yearly:
    version4id, ccode1 (< ccode2), state_name1, ccode2, state_name2,
    dyad_st_day/month/year, dyad_end_day/month/year, left_censor,
    right_censor, defense, neutrality, nonaggression, entente (1 if either
    state made the promise), asymmetric (1 if a term applies to one state
    only), [year], version, plus start_date, end_date (+ ``_precision``).
directed, directed_yearly:
    as dyad without asymmetric; ccode1 makes the promises to ccode2.

Codes, missing values and dates
-------------------------------
Dummies are 0/1 (Int8). ``-9`` (the COW missing code) and empty cells
become NA (a few nonaggression/entente/left_censor cells are empty in 4.1).
Dates are split day/month/year; ``start_date``/``end_date`` follow the
bounding rule of :func:`~alliancestats.raw.convert.make_date` (unknown
day -> first/last of the month). Years before 1678 (alliance start 1386) are
valid dates.

Right censoring: the release notes say an empty end date means the alliance
(or membership / dyad) was still in effect on 31 Dec 2012, with
``right_censor`` = 1. Such rows get ``end_date`` = NA and keep
``right_censor`` = 1. The member-yearly file writes ``mem_end_year`` = 2012
with empty day and month on right-censored rows; that 2012 is a placeholder
for "end of data", kept as written in ``mem_end_year`` but it does not make
an end date (``end_date`` is NA whenever right_censor = 1). A record with no
end date but right_censor = 0, or with a full end date but right_censor = 1,
is rejected (none in 4.1). ``left_censor`` = 1: the state joined before
1 Jan 1816 and its spell is recorded from 1816-01-01.

``ss_type`` is kept as written; note the 4.1 files label both Type IIa and
Type IIb as "Non-Aggression Pact" although the release notes call Type IIa
neutrality pacts: use the neutrality / nonaggression dummies for terms.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from ..validate import quote
from ..catalog import Dataset, Download, LoadResult, ReleaseFile, TableSpec
from ..convert import COW_NA, Col, add_date, convert, finish_load, make_date
from ..readers import RawTable, read_csv

COW_BASE = "https://correlatesofwar.org/wp-content/uploads"
HOMEPAGE = "https://correlatesofwar.org/data-sets/formal-alliances/"


def _dmy(prefix: str) -> dict[str, Col]:
    return {
        f"{prefix}_day": Col(f"{prefix}_day", "Int8", COW_NA),
        f"{prefix}_month": Col(f"{prefix}_month", "Int8", COW_NA),
        f"{prefix}_year": Col(f"{prefix}_year", "Int16", COW_NA),
    }


_TERMS = {
    "left_censor": Col("left_censor", "Int8", COW_NA),
    "right_censor": Col("right_censor", "Int8", COW_NA),
    "defense": Col("defense", "Int8", COW_NA),
    "neutrality": Col("neutrality", "Int8", COW_NA),
    "nonaggression": Col("nonaggression", "Int8", COW_NA),
    "entente": Col("entente", "Int8", COW_NA),
}
_DUMMIES = (*_TERMS, "asymmetric")

MEMBER_SPEC = {
    "version4id": Col("version4id", "Int32"),
    "ccode": Col("ccode", "Int16"),
    "state_name": Col("state_name", "str"),
    **_dmy("all_st"), **_dmy("all_end"),
    "ss_type": Col("ss_type", "category"),
    **_dmy("mem_st"), **_dmy("mem_end"),
    **_TERMS,
}
DYAD_SPEC = {
    "version4id": Col("version4id", "Int32"),
    "ccode1": Col("ccode1", "Int16"),
    "state_name1": Col("state_name1", "str"),
    "ccode2": Col("ccode2", "Int16"),
    "state_name2": Col("state_name2", "str"),
    **_dmy("dyad_st"), **_dmy("dyad_end"),
    **_TERMS,
}
_YEAR = {"year": Col("year", "Int16")}
_VERSION = {"version": Col("version", "str")}


def _parts(prefix: str) -> tuple[str, str, str]:
    return (f"{prefix}_year", f"{prefix}_month", f"{prefix}_day")


def _check_dummies(raw: RawTable, df: pd.DataFrame) -> None:
    from ...errors import IngestError

    for c in _DUMMIES:
        if c not in df or c not in raw.frame.columns:
            continue
        v = df[c].to_numpy(dtype="float64", na_value=np.nan)
        bad = (v != 0) & (v != 1) & ~np.isnan(v)
        if bad.any():
            i = int(np.flatnonzero(bad)[0])
            raise IngestError(raw.path, f"expected 0 or 1, found {quote(raw.frame[c].iat[i])}", line=int(raw.lines[i]), column=c)


def _normalise_version(raw: RawTable, df: pd.DataFrame, expected: str = "4.1") -> None:
    """'4.1' / '4.10' / 4.0999999 -> '4.1'; any other release raises (the catalog entry is 4.1)."""
    from ...errors import IngestError

    v = pd.to_numeric(df["version"], errors="coerce").round(2)
    txt = v.map(lambda x: f"{x:.2f}".rstrip("0"), na_action="ignore")
    txt = txt.where(~txt.str.endswith(".").fillna(False), txt + "0")
    bad = (txt != expected).fillna(True).to_numpy() & df["version"].notna().to_numpy()
    if bad.any():
        i = int(np.flatnonzero(bad)[0])
        raise IngestError(raw.path, f"expected COW alliance version {expected}, found {quote(raw.frame['version'].iat[i])}",
                          line=int(raw.lines[i]), column="version")
    df["version"] = txt.astype("str")


def _spells(raw: RawTable, spec: dict[str, Col], member_prefix: str, alliance: bool) -> LoadResult:
    df = convert(raw, spec)
    _check_dummies(raw, df)
    _normalise_version(raw, df)
    st, end = _parts(f"{member_prefix}_st"), _parts(f"{member_prefix}_end")
    if alliance:
        add_date(df, "alliance_start", _parts("all_st"), bound="start", raw=raw)
        # empty all_end_* = alliance still in effect on 31 Dec 2012 -> NA
        add_date(df, "alliance_end", _parts("all_end"), bound="end", raw=raw)
    add_date(df, "start", st, bound="start", raw=raw)
    rc = (df["right_censor"] == 1).fillna(False).to_numpy()
    no_end = df[end[0]].isna().to_numpy()
    full_end = (df[end[0]].notna() & df[end[1]].notna() & df[end[2]].notna()).to_numpy()
    bad_open = no_end & ~rc
    bad_rc = rc & full_end
    ok = ~(bad_open | bad_rc)
    # right-censored rows have no end date; the yearly file's placeholder 2012 does not make one
    tmp = df[list(end)].copy()
    for c in end:
        tmp.loc[~ok | rc, c] = pd.NA
    dates, prec = make_date(tmp[end[0]], tmp[end[1]], tmp[end[2]], bound="end", raw=raw, columns=end)
    df["end_date"] = dates.to_numpy()
    df["end_date_precision"] = prec.array
    before = ok & (df["end_date"] < df["start_date"]).fillna(False).to_numpy()
    return finish_load(raw, df, [
        (bad_open, "no end date but right_censor is not 1 (empty end date means still in effect)"),
        (bad_rc, "right_censor=1 but a full end date is given"),
        (before, "spell ends before it starts: the states' membership spells never overlap "
                 "(e.g. a state and its successor, or an exit and re-entry), so they were never allied in this alliance"),
    ])


def _loader(key: str, kind: str, yearly: bool):
    def load(files) -> LoadResult:
        if kind == "member":
            spec = dict(MEMBER_SPEC)
        else:
            spec = dict(DYAD_SPEC)
            if kind == "dyad":
                # the dyad files carry asymmetric; optional in the yearly file, whose header varies between copies
                spec["asymmetric"] = Col("asymmetric", "Int8", COW_NA, required=not yearly)
        if yearly:
            spec.update(_YEAR)
        spec.update(_VERSION)
        raw = read_csv(files[key], required=[c for c, col in spec.items() if col.required])
        prefix = "mem" if kind == "member" else "dyad"
        return _spells(raw, spec, prefix, alliance=(kind == "member"))
    return load


_DOC_COMMON = {
    "version4id": "COW alliance id (v4)",
    "left_censor": "1 if the state/dyad entered before 1 Jan 1816 (start recorded as 1816-01-01)",
    "right_censor": "1 if still in the alliance on 31 Dec 2012 (end_date NA)",
    "defense": "defense pact terms (0/1)", "neutrality": "neutrality terms (0/1)",
    "nonaggression": "non-aggression terms (0/1)", "entente": "consultation (entente) terms (0/1)",
    "start_date": "start of the spell; unknown day -> 1st of month",
    "end_date": "end of the spell; NA if right-censored (in effect on 2012-12-31)",
    "version": "release, '4.1'",
}
MEMBER_DOC = {**_DOC_COMMON, "ccode": "COW code of the member", "state_name": "COW state name",
              "ss_type": "Singer & Small alliance type as written (e.g. 'Type I: Defense Pact')",
              "alliance_start_date": "start of the alliance as a whole (may precede 1816)",
              "alliance_end_date": "end of the alliance as a whole; NA if in effect on 2012-12-31",
              "year": "observation year (member_yearly only)"}
DYAD_DOC = {**_DOC_COMMON, "ccode1": "lower COW code", "ccode2": "higher COW code",
            "asymmetric": "1 if some term applies to one state of the pair only",
            "defense": "1 if one or both states promised defense to the other"}
DIRECTED_DOC = {**_DOC_COMMON, "ccode1": "COW code of the state making the promises",
                "ccode2": "COW code of the state receiving them",
                "defense": "1 if ccode1 promised to defend ccode2"}

CITATION = """@book{gibler2009alliances,
  author = {Gibler, Douglas M.},
  title = {International Military Alliances, 1648-2008},
  publisher = {CQ Press},
  address = {Washington, DC},
  year = {2009},
  isbn = {978-1-56802-824-8}
}"""

_MEMBER_HDR = ("version4id", "ccode", "state_name", "all_st_day", "all_st_month", "all_st_year", "all_end_day",
               "all_end_month", "all_end_year", "ss_type", "mem_st_day", "mem_st_month", "mem_st_year", "mem_end_day",
               "mem_end_month", "mem_end_year", "left_censor", "right_censor", "defense", "neutrality",
               "nonaggression", "entente")
_DIR_HDR = ("version4id", "ccode1", "state_name1", "ccode2", "state_name2", "dyad_st_day", "dyad_st_month",
            "dyad_st_year", "dyad_end_day", "dyad_end_month", "dyad_end_year", "left_censor", "right_censor",
            "defense", "neutrality", "nonaggression", "entente")

COW_ALLIANCE_4_1 = Dataset(
    dataset_id="cow_alliance_4_1",
    family="cow_alliance",
    title="COW Formal Interstate Alliances",
    publisher="Correlates of War Project (Douglas M. Gibler)",
    version="4.1",
    coverage=(1816, 2012),
    citation=CITATION,
    licence="Free for academic use; cite Gibler (2009) and the Correlates of War Project.",
    homepage=HOMEPAGE,
    notes="Empty end date = still in effect on 31 Dec 2012 (right_censor = 1).",
    files=(
        ReleaseFile("member", "alliance_v4.1_by_member.csv",
                    ("dc4cda15a2d48a84d0737978586e6ae7bb4873f46cf3668885a8ea2adce3ccb0",), rows=1221,
                    signature=(*_MEMBER_HDR, "version")),
        ReleaseFile("member_yearly", "alliance_v4.1_by_member_yearly.csv",
                    ("85ffa83a1859ec1d57db8f42c0701845c0de5030c9314b1ff4b64000e978a730",), rows=21315,
                    signature=(*_MEMBER_HDR, "year", "version")),
        ReleaseFile("dyad", "alliance_v4.1_by_dyad.csv",
                    ("d74e8bf3b97d7bfe4e374178bff867fdf1aca222ec3ca0f0d66214c6b4bdc88a",), rows=3222,
                    signature=(*_DIR_HDR, "asymmetric", "version")),
        ReleaseFile("directed", "alliance_v4.1_by_directed.csv",
                    ("4071a00009b820c769dda0298f5fb86c7ab59fdabb10beff7d78814858e6f04c",), rows=6444,
                    signature=(*_DIR_HDR, "version")),
        # no header signature: copies of the dyad-yearly file without `asymmetric` have the directed-yearly header
        ReleaseFile("dyad_yearly", "alliance_v4.1_by_dyad_yearly.csv", optional=True),
        ReleaseFile("directed_yearly", "alliance_v4.1_by_directed_yearly.csv", optional=True),
    ),
    tables=(
        TableSpec("member", ("member",), _loader("member", "member", False),
                  "one row per member spell in an alliance", columns=MEMBER_DOC),
        TableSpec("member_yearly", ("member_yearly",), _loader("member_yearly", "member", True),
                  "one row per member-year", columns=MEMBER_DOC),
        TableSpec("dyad", ("dyad",), _loader("dyad", "dyad", False),
                  "one row per dyad spell (undirected, ccode1 < ccode2)", columns=DYAD_DOC),
        TableSpec("directed", ("directed",), _loader("directed", "directed", False),
                  "one row per directed-dyad spell (terms ccode1 -> ccode2)", columns=DIRECTED_DOC),
        TableSpec("dyad_yearly", ("dyad_yearly",), _loader("dyad_yearly", "dyad", True),
                  "one row per allied dyad-year (optional file)", columns=DYAD_DOC),
        TableSpec("directed_yearly", ("directed_yearly",), _loader("directed_yearly", "directed", True),
                  "one row per allied directed-dyad-year (optional file)", columns=DIRECTED_DOC),
    ),
    downloads=(
        Download(f"{COW_BASE}/version4.1_csv.zip", "version4.1_csv.zip", {
            "version4.1_csv/alliance_v4.1_by_member.csv": "member",
            "version4.1_csv/alliance_v4.1_by_member_yearly.csv": "member_yearly",
            "version4.1_csv/alliance_v4.1_by_dyad.csv": "dyad",
            "version4.1_csv/alliance_v4.1_by_directed.csv": "directed",
            "version4.1_csv/alliance_v4.1_by_dyad_yearly.csv": "dyad_yearly",
            "version4.1_csv/alliance_v4.1_by_directed_yearly.csv": "directed_yearly",
        }),
    ),
)

DATASETS = (COW_ALLIANCE_4_1,)
