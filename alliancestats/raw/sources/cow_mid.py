"""COW Militarized Interstate Disputes (MID) 4.3 and 5.0: disputes, participants, incidents.

Correlates of War Project. MID 4.3 covers 1816-2010 (Palmer et al. 2015),
MID 5.0 covers 1816-2014 (Palmer et al. 2022). A MID is a united historical
case in which one state threatened, displayed or used military force against
another. Four files per version, as shipped:

=====================  =======================  ==========================  =========
table                  4.3 file                 5.0 file                    unit
=====================  =======================  ==========================  =========
``dispute``            ``MIDA 4.3.csv``         ``MIDA 5.0.csv``            dispute
``participant``        ``MIDB 4.3.csv``         ``MIDB 5.0.csv``            state spell in a dispute
``incident``           ``MIDI 4.3.csv``         ``MIDI 5.0.csv``            incident (1992 on)
``incident_participant`` ``MIDP 4.3.csv``       ``MIDIP 5.0.csv``           state in an incident
=====================  =======================  ==========================  =========

Quirks: the 4.3 incident-participant CSV is called ``MIDP 4.3.csv`` while
its Stata twin is ``MIDIP 4.3.dta``. MID 4.3 is also shipped as ``.dta``;
the CSV is the primary release file, and each 4.3 table falls back to the
``.dta`` (identical cells; found by hash or name) when only that is present.
5.0 files have CRLF line endings and a quoted ``stabb``. The 4.3 ``version``
cell is the float32 artefact ``4.3000002`` (``.dta``: 4.300000190734863);
it is stored as the string ``"4.3"``. Incident-level data (MIDI/MIDIP) only
exist for disputes from 1992 on (dispnum 3551 and up).

Canonical columns
-----------------
Identifiers are Int32: ``dispnum`` (MID 4.3 ``dispnum3``, MID 5.0
``dispnum``), ``dispnum4`` (4.3 only: the version-4 number, NA for disputes
numbered under version 3; raw -9), ``incidnum`` (4.3 ``incidnum3``),
``incidnum4`` (4.3 only). ``ccode`` Int16, ``stabb`` str.

Dates: raw parts ``stday, stmon, styear, endday, endmon, endyear`` (day and
month Int8, year Int16; -9 = unknown -> NA) are kept, and combined into
``start_date``/``end_date`` (datetime64[s]) with ``start_date_precision``/
``end_date_precision`` ("day", "month", "year") by the bounding rule of
:func:`~alliancestats.raw.convert.make_date`: unknown start day -> first
of the month, unknown end day -> last of the month.

dispute (MIDA): dispnum, [dispnum4], stday, stmon, styear, endday, endmon,
endyear, start_date(+_precision), end_date(+_precision), outcome, settle,
fatality, fatalpre, maxdur, mindur, hiact, hostlev, recip, numa, numb,
[link1, link2, link3], ongoing, version, source_line.

participant (MIDB): dispnum, [dispnum4], stabb, ccode, dates as above,
sidea, revstate, revtype1 (+revtype1_na), revtype2 (+revtype2_na), fatality,
fatalpre, hiact, hostlev, orig, version, source_line.

incident (MIDI): dispnum, incidnum, [dispnum4, incidnum4], dates, duration,
tbi, fatality, fatalpre, action, hostlev, numa, [revtype1, revtype2 (+_na)],
version, source_line.

incident_participant (MIDIP): dispnum, incidnum, [dispnum4, incidnum4],
stabb, ccode, dates, insidea, sidea, fatality, fatalpre, action, hostlev,
revtype1, revtype2 (+_na), version, source_line.

Bracketed columns exist in 4.3 only (5.0 dropped them; the 5.0 MIDI has no
revision types).

Codes and units (MID 4.0 codebook, Kenwick et al. 2013)
-------------------------------------------------------
- ``-9`` means missing/unknown everywhere and becomes NA: e.g. ``fatality``
  -9 = fatality level unknown (NOT zero deaths), ``fatalpre`` -9 = precise
  count unknown, ``outcome``/``settle`` -9 = missing, ``stday``/``endday`` -9
  = day unknown, ``tbi``/``duration`` -9 = not recorded.
- ``revtype1``/``revtype2``: 1 territory, 2 policy, 3 regime/government,
  4 other; the codebook's 0 = "not applicable" (state not revisionist /
  no second issue) and -9 = missing both become NA, told apart by
  ``revtype1_na``/``revtype2_na`` ("not_applicable" / "missing").
- ``fatality``: fatality level 0 none, 1 = 1-25, 2 = 26-100, 3 = 101-250,
  4 = 251-500, 5 = 501-999, 6 = >999 battle deaths. ``fatalpre``: deaths
  (persons).
- ``hiact`` (dispute/participant) and ``action`` (incident): highest action,
  0 no militarized action ... 7 show of force ... 16 attack, 17 clash,
  20 begin interstate war, 21 join interstate war.
- ``hostlev``: hostility level 1 no militarized action, 2 threat to use
  force, 3 display of force, 4 use of force, 5 war.
- ``sidea``: 1 = on side A (the side that took the first militarized action),
  0 = side B. ``insidea``: 1 = on side A in this incident. ``orig``: 1 =
  originator (involved on the first day of the dispute), 0 = joiner.
  ``revstate``: 1 = revisionist. ``recip``: 1 = reciprocated dispute.
- ``outcome``: 1 victory A, 2 victory B, 3 yield by A, 4 yield by B,
  5 stalemate, 6 compromise, 7 released, 8 unclear, 9 joins ongoing war.
  ``settle``: 1 negotiated, 2 imposed, 3 none, 4 unclear.
- ``maxdur``/``mindur``/``duration``: days. ``tbi``: days between incidents.
  ``numa``/``numb``: number of states on side A/B.
- ``link1..3`` (str): number of a linked dispute, or ``<war number>W`` for a
  link to a COW war (e.g. ``"147W"``); raw ``0``/empty (no link) -> NA.
- ``ongoing`` (Int8): raw ``ongo2010`` (4.3: 1 = continuing as of
  2010-06-30) or ``ongo2014`` (5.0: continuing at the end of 2014).

Values outside the codebook's range (e.g. ``hostlev`` 0 in a few
participant records, a month 19) become NA and every such cell is listed in
the table's ingest notes (column, raw value, line). A date part that cannot
be a date (month outside 1-12, day not in the month, year outside the
dataset's coverage) is set to NA before the date is built, so the date's
precision drops accordingly.

Duplicate keys are real, not errors: a state may have several spells in one
dispute, so ``participant`` has repeated (dispnum, ccode) pairs (4.3: 19
extra rows, 5.0: 29); they are kept. Disputes whose end precedes their start
are kept and reported in the notes.
"""
from __future__ import annotations

from pathlib import Path
from typing import Mapping

import numpy as np
import pandas as pd

from ..catalog import Dataset, Download, LoadResult, ReleaseFile, TableSpec
from ..convert import COW_NA, Col, add_date, convert, no_rejects
from ..readers import RawTable, as_text, read_csv, read_dta

COW_BASE = "https://correlatesofwar.org/wp-content/uploads"

#: codebook: 0 = not applicable, -9 = missing
REVTYPE_NA = {-9: "missing", 0: "not_applicable"}

#: codebook value ranges checked after conversion (column -> (lo, hi))
BINARY = (0, 1)
DOMAINS: dict[str, tuple[int, int]] = {
    "stmon": (1, 12), "endmon": (1, 12), "stday": (1, 31), "endday": (1, 31),
    "outcome": (1, 9), "settle": (1, 4), "fatality": (0, 6), "hiact": (0, 21), "action": (0, 21),
    "hostlev": (1, 5), "recip": BINARY, "sidea": BINARY, "insidea": BINARY, "revstate": BINARY,
    "orig": BINARY, "ongoing": BINARY, "revtype1": (1, 4), "revtype2": (1, 4),
}

#: common date parts (raw -> canonical)
DATE_PARTS = {
    "stday": Col("stday", "Int8", COW_NA), "stmon": Col("stmon", "Int8", COW_NA), "styear": Col("styear", "Int16", COW_NA),
    "endday": Col("endday", "Int8", COW_NA), "endmon": Col("endmon", "Int8", COW_NA), "endyear": Col("endyear", "Int16", COW_NA),
}
STANDARD_DATES = (("start", ("styear", "stmon", "stday"), "start"), ("end", ("endyear", "endmon", "endday"), "end"))


# ---------------------------------------------------------------- helpers
# Shared by dyadic_mid.py and gml_mid.py.

def read_any(path: Path, required) -> RawTable:
    """Read a CSV, or its Stata twin when the release file found is a ``.dta``."""
    path = Path(path)
    if path.suffix.lower() == ".dta":
        return read_dta(path, required=required)
    return read_csv(path, required=required)


def spec_for(raw: RawTable, spec: Mapping[str, Col], alternatives: Mapping[str, str] = {}) -> dict[str, Col]:
    """``spec`` with raw column names swapped for known alternatives present in the header."""
    out = {}
    for rawcol, col in spec.items():
        alt = alternatives.get(rawcol)
        if rawcol not in raw.frame.columns and alt is not None and alt in raw.frame.columns:
            rawcol = alt
        out[rawcol] = col
    return out


def clean_version(raw: RawTable, column: str = "version") -> pd.Series:
    """Version cell as a category: numbers are tidied (4.3000002 -> "4.3"), strings kept."""
    s = raw.frame[column]
    num = pd.to_numeric(s, errors="coerce")
    txt = num.round(4).map(lambda v: f"{v:g}", na_action="ignore")
    out = s.where(num.isna(), txt).mask(s == "")
    return out.astype("category")


def _lines_text(raw: RawTable, mask: np.ndarray, values: pd.Series, limit: int = 8) -> str:
    idx = np.flatnonzero(mask)
    parts = [f"{values.iloc[i]} (line {int(raw.lines[i])})" for i in idx[:limit]]
    more = f" and {len(idx) - limit} more" if len(idx) > limit else ""
    return ", ".join(parts) + more


def enforce_domains(raw: RawTable, df: pd.DataFrame, domains: Mapping[str, tuple[int, int]], notes: list[str]) -> None:
    """Set values outside the codebook range to NA, note each one, and compact to Int8."""
    for col, (lo, hi) in domains.items():
        if col not in df.columns:
            continue
        v = df[col]
        bad = (v.notna() & ((v < lo) | (v > hi))).fillna(False).to_numpy(dtype=bool)
        if bad.any():
            notes.append(f"{col}: {int(bad.sum())} value(s) outside the codebook range {lo}..{hi} set to NA: "
                         + _lines_text(raw, bad, v.astype("str")))
            v = v.mask(bad)
            reason = f"{col}_na"
            if reason in df.columns:
                r = df[reason].copy()
                if "invalid" not in r.cat.categories:
                    r = r.cat.add_categories(["invalid"])
                r[bad] = "invalid"
                df[reason] = r
        if lo >= -128 and hi <= 127:
            v = v.astype("Int8")
        df[col] = v


def build_dates(raw: RawTable, df: pd.DataFrame, dates, coverage: tuple[int, int], notes: list[str]) -> None:
    """Add ``<prefix>_date`` (+precision) for each (prefix, (y, m, d), bound).

    Parts that cannot be a date are set to NA first and noted: a year outside
    ``coverage``, a month outside 1-12, a day that the month does not have.
    """
    for prefix, (yc, mc, dc), bound in dates:
        y = df[yc]
        bad_y = (y.notna() & ((y < coverage[0]) | (y > coverage[1]))).fillna(False).to_numpy(dtype=bool)
        if bad_y.any():
            notes.append(f"{yc}: {int(bad_y.sum())} year(s) outside the coverage {coverage[0]}-{coverage[1]} set to NA "
                         f"({prefix}_date unknown): " + _lines_text(raw, bad_y, y.astype("str")))
            df[yc] = y.mask(bad_y)
        m = df[mc]
        bad_m = (m.notna() & ((m < 1) | (m > 12))).fillna(False).to_numpy(dtype=bool)
        if bad_m.any():
            notes.append(f"{mc}: {int(bad_m.sum())} month(s) outside 1-12 set to NA: " + _lines_text(raw, bad_m, m.astype("str")))
            df[mc] = m.mask(bad_m)
        yy = df[yc].astype("Float64").fillna(2000).to_numpy(dtype="int64")
        mm = df[mc].astype("Float64").fillna(1).to_numpy(dtype="int64")
        leap = ((yy % 4 == 0) & (yy % 100 != 0)) | (yy % 400 == 0)
        dim = np.array([31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31])[np.clip(mm, 1, 12) - 1] + ((mm == 2) & leap)
        d = df[dc]
        known_m = df[mc].notna().to_numpy()
        dv = d.astype("Float64").fillna(1).to_numpy(dtype="int64")
        bad_d = d.notna().to_numpy() & ((dv < 1) | np.where(known_m, dv > dim, dv > 31))
        if bad_d.any():
            notes.append(f"{dc}: {int(bad_d.sum())} day(s) that the month does not have set to NA: "
                         + _lines_text(raw, bad_d, d.astype("str")))
            df[dc] = d.mask(bad_d)
        add_date(df, prefix, (yc, mc, dc), bound=bound, raw=raw)
    if {"start_date", "end_date"} <= set(df.columns):
        back = (df["end_date"] < df["start_date"]).fillna(False).to_numpy(dtype=bool)
        if back.any():
            notes.append(f"end_date before start_date in {int(back.sum())} record(s), kept as published: "
                         + _lines_text(raw, back, df["start_date"].astype("str")))


def load_table(path: Path, spec: Mapping[str, Col], *, coverage: tuple[int, int], dates=STANDARD_DATES,
               domains: Mapping[str, tuple[int, int]] = DOMAINS, version: str | None = "version",
               links: tuple[str, ...] = (), alternatives: Mapping[str, str] = {},
               extra_notes: list[str] | None = None) -> LoadResult:
    """Read, convert, check codes, build dates; every raw record is written (no rejections)."""
    required = [k for k, c in spec.items() if c.required and k not in alternatives]
    raw = read_any(path, required=required + ([version] if version else []) + list(links))
    spec = spec_for(raw, spec, alternatives)
    df = convert(raw, spec)
    notes: list[str] = list(extra_notes or [])
    for link in links:
        s = as_text(raw.frame[link])
        df[link] = s.mask(s.isin(("", "0", "NA", "-9"))).astype("str").to_numpy()
    if version:
        df["version"] = clean_version(raw, version).array
    enforce_domains(raw, df, domains, notes)
    if dates:
        build_dates(raw, df, dates, coverage, notes)
    return LoadResult(_order(df), len(raw), no_rejects(), notes)


def _order(df: pd.DataFrame) -> pd.DataFrame:
    """Date columns right after the raw date parts; version and source_line last."""
    cols = [c for c in df.columns if c not in ("version", "source_line")]
    dates = [c for c in cols if c.endswith(("_date", "_date_precision"))]
    rest = [c for c in cols if c not in dates]
    anchor = max((rest.index(c) for c in ("endyear", "endday", "endmon") if c in rest), default=len(rest) - 1)
    cols = rest[: anchor + 1] + dates + rest[anchor + 1:]
    return df[cols + [c for c in ("version", "source_line") if c in df.columns]]


# ---------------------------------------------------------------- specs

def _dispute_spec(v4: bool) -> dict[str, Col]:
    spec = {"dispnum3" if v4 else "dispnum": Col("dispnum", "Int32")}
    if v4:
        spec["dispnum4"] = Col("dispnum4", "Int32", COW_NA)
    spec.update(DATE_PARTS)
    spec.update({
        "outcome": Col("outcome", "Int8", COW_NA), "settle": Col("settle", "Int8", COW_NA),
        "fatality": Col("fatality", "Int8", COW_NA), "fatalpre": Col("fatalpre", "Int32", COW_NA),
        "maxdur": Col("maxdur", "Int16", COW_NA), "mindur": Col("mindur", "Int16", COW_NA),
        "hiact": Col("hiact", "Int8", COW_NA), "hostlev": Col("hostlev", "Int8", COW_NA),
        "recip": Col("recip", "Int8", COW_NA), "numa": Col("numa", "Int16", COW_NA), "numb": Col("numb", "Int16", COW_NA),
        ("ongo2010" if v4 else "ongo2014"): Col("ongoing", "Int8", COW_NA),
    })
    return spec


def _participant_spec(v4: bool) -> dict[str, Col]:
    spec = {"dispnum3" if v4 else "dispnum": Col("dispnum", "Int32")}
    if v4:
        spec["dispnum4"] = Col("dispnum4", "Int32", COW_NA)
    spec.update({"stabb": Col("stabb", "str"), "ccode": Col("ccode", "Int16")})
    spec.update(DATE_PARTS)
    spec.update({
        "sidea": Col("sidea", "Int8", COW_NA), "revstate": Col("revstate", "Int8", COW_NA),
        "revtype1": Col("revtype1", "Int8", REVTYPE_NA, keep_na_reason=True),
        "revtype2": Col("revtype2", "Int8", REVTYPE_NA, keep_na_reason=True),
        "fatality": Col("fatality", "Int8", COW_NA), "fatalpre": Col("fatalpre", "Int32", COW_NA),
        "hiact": Col("hiact", "Int8", COW_NA), "hostlev": Col("hostlev", "Int8", COW_NA), "orig": Col("orig", "Int8", COW_NA),
    })
    return spec


def _incident_ids(v4: bool) -> dict[str, Col]:
    if v4:
        return {"dispnum3": Col("dispnum", "Int32"), "incidnum3": Col("incidnum", "Int32"),
                "dispnum4": Col("dispnum4", "Int32", COW_NA), "incidnum4": Col("incidnum4", "Int32", COW_NA)}
    return {"dispnum": Col("dispnum", "Int32"), "incidnum": Col("incidnum", "Int32")}


def _incident_spec(v4: bool, revtypes: bool) -> dict[str, Col]:
    spec = _incident_ids(v4)
    spec.update(DATE_PARTS)
    spec.update({
        "duration": Col("duration", "Int16", COW_NA), "tbi": Col("tbi", "Int16", COW_NA),
        "fatality": Col("fatality", "Int8", COW_NA), "fatalpre": Col("fatalpre", "Int32", COW_NA),
        "action": Col("action", "Int8", COW_NA), "hostlev": Col("hostlev", "Int8", COW_NA), "numa": Col("numa", "Int16", COW_NA),
    })
    if revtypes:
        spec["revtype1"] = Col("revtype1", "Int8", REVTYPE_NA, keep_na_reason=True)
        spec["revtype2"] = Col("revtype2", "Int8", REVTYPE_NA, keep_na_reason=True)
    return spec


def _incident_participant_spec(v4: bool) -> dict[str, Col]:
    spec = _incident_ids(v4)
    spec.update({"stabb": Col("stabb", "str"), "ccode": Col("ccode", "Int16")})
    spec.update(DATE_PARTS)
    spec.update({
        "insidea": Col("insidea", "Int8", COW_NA), "sidea": Col("sidea", "Int8", COW_NA),
        "fatality": Col("fatality", "Int8", COW_NA), "fatalpre": Col("fatalpre", "Int32", COW_NA),
        "action": Col("action", "Int8", COW_NA), "hostlev": Col("hostlev", "Int8", COW_NA),
        "revtype1": Col("revtype1", "Int8", REVTYPE_NA, keep_na_reason=True),
        "revtype2": Col("revtype2", "Int8", REVTYPE_NA, keep_na_reason=True),
    })
    return spec


COV_43 = (1816, 2010)
COV_50 = (1816, 2014)


def load_dispute_4_3(files) -> LoadResult:
    return load_table(files["dispute"], _dispute_spec(True), coverage=COV_43, links=("link1", "link2", "link3"))


def load_participant_4_3(files) -> LoadResult:
    return load_table(files["participant"], _participant_spec(True), coverage=COV_43)


def load_incident_4_3(files) -> LoadResult:
    return load_table(files["incident"], _incident_spec(True, True), coverage=COV_43)


def load_incident_participant_4_3(files) -> LoadResult:
    return load_table(files["incident_participant"], _incident_participant_spec(True), coverage=COV_43)


def load_dispute_5_0(files) -> LoadResult:
    return load_table(files["dispute"], _dispute_spec(False), coverage=COV_50)


def load_participant_5_0(files) -> LoadResult:
    return load_table(files["participant"], _participant_spec(False), coverage=COV_50)


def load_incident_5_0(files) -> LoadResult:
    return load_table(files["incident"], _incident_spec(False, False), coverage=COV_50)


def load_incident_participant_5_0(files) -> LoadResult:
    return load_table(files["incident_participant"], _incident_participant_spec(False), coverage=COV_50)


# ---------------------------------------------------------------- documentation of columns

DATE_DOC = {
    "stday": "start day (NA = unknown)", "stmon": "start month", "styear": "start year",
    "endday": "end day (NA = unknown)", "endmon": "end month", "endyear": "end year",
    "start_date": "start date; unknown day -> 1st of month", "start_date_precision": "day/month/year",
    "end_date": "end date; unknown day -> last of month", "end_date_precision": "day/month/year",
}
COMMON_DOC = {
    "fatality": "fatality level 0 none .. 6 >999 deaths (NA = unknown, raw -9)",
    "fatalpre": "precise fatalities, persons (NA = unknown)",
    "hostlev": "hostility level 1 none, 2 threat, 3 display, 4 use of force, 5 war",
    "revtype1": "revision type 1 territory, 2 policy, 3 regime, 4 other (NA: see revtype1_na)",
    "revtype2": "second revision type (NA: see revtype2_na)",
    "version": "dataset version as published (str)",
    "source_line": "physical line in the raw file (row number for .dta)",
}
DISPUTE_DOC = {"dispnum": "dispute number (4.3: dispnum3)", "dispnum4": "version-4 dispute number (4.3 only)", **DATE_DOC,
               "outcome": "1 victory A .. 9 joins war", "settle": "1 negotiated, 2 imposed, 3 none, 4 unclear",
               "maxdur": "maximum duration, days", "mindur": "minimum duration, days",
               "hiact": "highest action 0..21", "recip": "1 = reciprocated", "numa": "states on side A",
               "numb": "states on side B", "link1": "linked dispute or '<war>W' (4.3 only)",
               "ongoing": "1 = ongoing at the end of coverage (ongo2010/ongo2014)", **COMMON_DOC}
PARTICIPANT_DOC = {"dispnum": "dispute number", "stabb": "state abbreviation", "ccode": "COW country code", **DATE_DOC,
                   "sidea": "1 = side A", "revstate": "1 = revisionist", "hiact": "highest action by state 0..21",
                   "orig": "1 = originator", **COMMON_DOC}
INCIDENT_DOC = {"dispnum": "dispute number", "incidnum": "incident number", **DATE_DOC,
                "duration": "incident duration, days", "tbi": "days since the previous incident",
                "action": "action 0..21", "numa": "states on side A", **COMMON_DOC}
INCIDENT_PARTICIPANT_DOC = {"dispnum": "dispute number", "incidnum": "incident number", "stabb": "state abbreviation",
                            "ccode": "COW country code", **DATE_DOC, "insidea": "1 = side A in the incident",
                            "sidea": "1 = side A in the dispute", "action": "action 0..21", **COMMON_DOC}


def _tables(suffix: str, ip_key: str = "incident_participant") -> tuple[TableSpec, ...]:
    mod = globals()
    return (
        TableSpec("dispute", ("dispute",), mod[f"load_dispute_{suffix}"], "disputes (MIDA), one row per dispute",
                  columns=DISPUTE_DOC),
        TableSpec("participant", ("participant",), mod[f"load_participant_{suffix}"],
                  "dispute participants (MIDB), one row per state and participation spell", columns=PARTICIPANT_DOC),
        TableSpec("incident", ("incident",), mod[f"load_incident_{suffix}"],
                  "incidents (MIDI), one row per militarized incident, disputes from 1992 on", columns=INCIDENT_DOC),
        TableSpec("incident_participant", (ip_key,), mod[f"load_incident_participant_{suffix}"],
                  "incident participants (MIDIP), one row per state and incident", columns=INCIDENT_PARTICIPANT_DOC),
    )


CITATION_4_3 = """@article{palmer2015mid4,
  author = {Palmer, Glenn and D'Orazio, Vito and Kenwick, Michael and Lane, Matthew},
  title = {The {MID4} Dataset, 2002--2010: Procedures, Coding Rules and Description},
  journal = {Conflict Management and Peace Science},
  volume = {32},
  number = {2},
  pages = {222--242},
  year = {2015},
  doi = {10.1177/0738894214559680}
}"""

CITATION_5_0 = """@article{palmer2022mid5,
  author = {Palmer, Glenn and McManus, Roseanne W. and D'Orazio, Vito and Kenwick, Michael R. and Karstens, Mikaela
            and Bloch, Chase and Dietrich, Nick and Kahn, Kayla and Ritter, Kellan and Soules, Michael J.},
  title = {The {MID5} Dataset, 2011--2014: Procedures, Coding Rules, and Description},
  journal = {Conflict Management and Peace Science},
  volume = {39},
  number = {4},
  pages = {470--482},
  year = {2022},
  doi = {10.1177/0738894221995743}
}"""

LICENCE = "Free for academic use; cite the Correlates of War Project and the MID articles (COW terms of use)."
HOMEPAGE = "https://correlatesofwar.org/data-sets/mids/"

_SIG_A43 = ("dispnum3", "dispnum4", "stday", "stmon", "styear", "endday", "endmon", "endyear", "outcome", "settle",
            "fatality", "fatalpre", "maxdur", "mindur", "hiact", "hostlev", "recip", "numa", "numb", "link1", "link2",
            "link3", "ongo2010", "version")
_SIG_B43 = ("dispnum3", "dispnum4", "stabb", "ccode", "stday", "stmon", "styear", "endday", "endmon", "endyear", "sidea",
            "revstate", "revtype1", "revtype2", "fatality", "fatalpre", "hiact", "hostlev", "orig", "version")
_SIG_I43 = ("dispnum3", "incidnum3", "dispnum4", "incidnum4", "stday", "stmon", "styear", "endday", "endmon", "endyear",
            "duration", "tbi", "fatality", "fatalpre", "action", "hostlev", "numa", "revtype1", "revtype2", "version")
_SIG_IP43 = ("dispnum3", "incidnum3", "dispnum4", "incidnum4", "stabb", "ccode", "stday", "stmon", "styear", "endday",
             "endmon", "endyear", "insidea", "sidea", "fatality", "fatalpre", "action", "hostlev", "revtype1", "revtype2",
             "version")

COW_MID_4_3 = Dataset(
    dataset_id="cow_mid_4_3",
    family="cow_mid",
    title="COW Militarized Interstate Disputes",
    publisher="Correlates of War Project",
    version="4.3",
    coverage=COV_43,
    citation=CITATION_4_3,
    licence=LICENCE,
    homepage=HOMEPAGE,
    notes="CSV is primary; each table falls back to the identical .dta (MIDIP 4.3.dta for MIDP 4.3.csv).",
    files=(
        # sha256: the CSV first (found first when both are present), then the .dta twin.
        ReleaseFile("dispute", "MIDA 4.3.csv",
                    ("a9be9a598b6f07e99b9edf04718d569dfc90f3c9f4d4edbf0b32c39cef227820",
                     "30459bb112faed16b059a0bd9552ba0d24fd98bc6299b7126d7e2557d492b910"), rows=2315,
                    aliases=("mida 4.3.dta", "mida_4.3.csv", "mida_4.3.dta", "mida4.3.csv"), signature=_SIG_A43),
        ReleaseFile("participant", "MIDB 4.3.csv",
                    ("8da5394efce58236b680db3a35e96e3164171dd6b33d292f1c65e0e7cd804d6d",
                     "39ffda0de1d55aceea1f7b1a9814b616539cba57277c2d76d6b9840d3c80d0d0"), rows=5558,
                    aliases=("midb 4.3.dta", "midb_4.3.csv", "midb_4.3.dta", "midb4.3.csv"), signature=_SIG_B43),
        ReleaseFile("incident", "MIDI 4.3.csv",
                    ("e2259dce8032ef2153744a73f92da2ff8eeed865b63e32bcc7f8553cda332b9f",
                     "55d36f5e5271e3d3303f1a45354fe29aefda65bf6d3aea2d39e3dcc44d001285"), rows=3306,
                    aliases=("midi 4.3.dta", "midi_4.3.csv", "midi_4.3.dta", "midi4.3.csv"), signature=_SIG_I43),
        ReleaseFile("incident_participant", "MIDP 4.3.csv",
                    ("759b28d1a7375d2903cb08a64c54768c5469139eee9841a308f02d582e11f7ce",
                     "523ae6c0959efbbd234b6fb681a9e7b546ef8b1faccb0ad436873a4a4faa5a3b"), rows=7165,
                    aliases=("midip 4.3.csv", "midip 4.3.dta", "midp_4.3.csv", "midip_4.3.csv", "midip_4.3.dta"),
                    signature=_SIG_IP43),
    ),
    tables=_tables("4_3"),
    downloads=(
        Download(f"{COW_BASE}/MID-level.zip", "MID-level.zip",
                 {"MIDA 4.3.csv": "dispute", "MIDB 4.3.csv": "participant"}),
        Download(f"{COW_BASE}/Incident-level.zip", "Incident-level.zip",
                 {"MIDI 4.3.csv": "incident", "MIDP 4.3.csv": "incident_participant"}),
    ),
)

COW_MID_5_0 = Dataset(
    dataset_id="cow_mid_5_0",
    family="cow_mid",
    title="COW Militarized Interstate Disputes",
    publisher="Correlates of War Project",
    version="5.0",
    coverage=COV_50,
    citation=CITATION_5_0,
    licence=LICENCE,
    homepage=HOMEPAGE,
    files=(
        ReleaseFile("dispute", "MIDA 5.0.csv", ("fa00331f8b5e68b57d510303039081a1494b4d45df680ca38dfd8640d32c8474",),
                    rows=2436, aliases=("mida_5.0.csv", "mida5.0.csv", "mida 5.01.csv"),
                    signature=("dispnum", "stday", "stmon", "styear", "endday", "endmon", "endyear", "outcome", "settle",
                               "fatality", "fatalpre", "maxdur", "mindur", "hiact", "hostlev", "recip", "numa", "numb",
                               "ongo2014", "version")),
        ReleaseFile("participant", "MIDB 5.0.csv", ("5189071e3b8aa32e1338f3df43fe574f4a0f2a06b2f481a3213c9e8f01211722",),
                    rows=5883, aliases=("midb_5.0.csv", "midb5.0.csv"),
                    signature=("dispnum", "stabb", "ccode", "stday", "stmon", "styear", "endday", "endmon", "endyear",
                               "sidea", "revstate", "revtype1", "revtype2", "fatality", "fatalpre", "hiact", "hostlev",
                               "orig", "version")),
        ReleaseFile("incident", "MIDI 5.0.csv", ("fc7d5ca720d1fcb94b3b575bbd43f24b4d2552d01e3e950027fee5b0b6bc0381",),
                    rows=4483, aliases=("midi_5.0.csv", "midi5.0.csv"),
                    signature=("dispnum", "incidnum", "stday", "stmon", "styear", "endday", "endmon", "endyear",
                               "duration", "tbi", "fatality", "fatalpre", "action", "hostlev", "numa", "version")),
        ReleaseFile("incident_participant", "MIDIP 5.0.csv",
                    ("9350d1b71c24ab2a996549b9adefa11a844a526c32fd91b532a6ec964ecac0cb",),
                    rows=9619, aliases=("midip_5.0.csv", "midip5.0.csv"),
                    signature=("dispnum", "incidnum", "stabb", "ccode", "stday", "stmon", "styear", "endday", "endmon",
                               "endyear", "insidea", "sidea", "fatality", "fatalpre", "action", "hostlev", "revtype1",
                               "revtype2", "version")),
    ),
    tables=_tables("5_0"),
    downloads=(
        Download(f"{COW_BASE}/MID-5-Data-and-Supporting-Materials.zip", "MID-5-Data-and-Supporting-Materials.zip",
                 {"MIDA 5.0.csv": "dispute", "MIDB 5.0.csv": "participant", "MIDI 5.0.csv": "incident",
                  "MIDIP 5.0.csv": "incident_participant"}),
    ),
)

DATASETS = (COW_MID_4_3, COW_MID_5_0)
