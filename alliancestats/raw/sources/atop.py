"""ATOP: Alliance Treaty Obligations and Provisions, versions 5.0 and 5.1.

Leeds, Ritter, Mitchell and Long (2002); codebook v5.0 (2020) / v5.1 (2022).
Coverage 1815-2018 (alliances in effect on 31 Dec 2018 are right-censored).
5.0 ships as Stata ``.dta`` files (``atop5_0a.dta`` ...), 5.1 as CSV
(``atop5_1a.csv`` ...). Both are read with the same code: cells become
strings, headers are lower-cased (the 5.1 directed dyad-year file writes
``stateA``/``stateB``).

Tables (``atop_5_1_<table>``; the same for 5.0 unless noted)
--------------------------------------------------------------
alliance (a), alliance_nna (a_NNA), phase (aph)
    One row per alliance (phase: per alliance phase). Codebook variable
    names, lower-cased: atopid, [atopidphase, phase,] cowid, cow4id, begyr,
    begmo, begday, endyr, endmo, endday, ineffect, bilat, maxphase, wartime,
    estmode, pubsecr, secrart, proadd, futmem, speclgth, length, renounce,
    proren, renewlgt, term, defense, offense, neutral, nonagg, consul, active,
    conditio, defcon, offcon, neucon, concon, asymm, notaiden, dipaid,
    terrres, seppeace, thirdcom, noothall, specthrt, statthr1, statthr2,
    conwtin, medarb, milcon, milaid, intcom, subord, organ1, orgpurp1,
    organ2, orgpurp2, base, contrib, armred, acqterr, divgains, demwith,
    reflnun, refothio, natrefal, compag, nomicoop, conres, agprois, conmen,
    ecaid, interv, mem1..memN (COW codes of every state that was ever a
    member, sorted by code; N = 59 in a, 43 in a_NNA, 57 in aph), source,
    new5, rev5, version; plus begin_date, end_date (+ ``_precision``) and
    end_censored.
member (m), member_nna (m_NNA)
    One row per member per alliance phase: atopid, cowid, cow4id, ccode
    (the codebook's MEMBER), cowsys, yrent, moent, dayent, yrexit, moexit,
    dayexit, ineffect, bilat, phase, maxphase, wartime, cowwar, ...,
    termmode, termcaus, defense, offense, neutral, nonagg, consul, active,
    conditio, defcon, offcon, neucon, concon, the 27 condition dummies
    (defcoadv, defcoloc, defcocon, defconum, defcodem, defconpr, offcoadv,
    offcoloc, offcocon, offconum, offcodem, neucoadv, neucoloc, neucocon,
    neuconum, neucodem, neuconpr, neucoatt, concoadv, concoloc, concocon,
    concoreq, olimob), asymm, obvary, ..., statthr1, statthr2, ...,
    source, new5, rev5, version; plus entry_date, exit_date
    (+ ``_precision``) and exit_censored.
state_year (sy)
    ccode (the codebook's STATE), year, atopally, defense, offense, neutral,
    nonagg, consul, number, transyr, atopid1..atopid59 (Int32), version.
    Only allied state-years are listed (atopally is always 1).
institutions (5.1 only; atopinst5_1.csv)
    atopid, atopidphase, phase (derived, see below), milinst, formal,
    version. Leeds & Anac (2005) institutionalisation scores per alliance
    phase: milinst 0/1/2 = low/moderate/high military institutionalisation,
    formal 0/1/2 = formality; empty = not coded (NA).
dyad_year, directed_dyad_year (5.1, OPTIONAL files atop5_1dy.csv /
    atop5_1ddyr.csv, too large to ship with most copies)
    dyad (dy: smaller code*1000 + larger) / ddyad (ddyr: ccode1*1000 +
    ccode2), ccode1, ccode2 (dy: the codebook's MEM1 < MEM2; ddyr: STATEA,
    the state making the commitments, and STATEB, the recipient), year,
    atopally, defense, offense, neutral, nonagg, consul, shareob, transyr,
    bilatno, multino, number, asymm, atopid1..atopidN, version.

Units and codes
---------------
Country codes (ccode, statthr1, statthr2, mem*) are COW state numbers
(Int16). Dates: years are calendar years, months 1-12, days 1-31; length
and renewlgt are months. Every other variable is a categorical code or a
0/1 dummy exactly as in the codebook (Int8); dummies are checked to be 0/1
and no ATOP variable may be negative (ATOP has no numeric missing codes: a
negative value means the file is not an ATOP release and raises).

Missing values
--------------
ATOP writes "missing" as an empty cell (Stata ``.``); the codebook uses it
for "we have not located the original agreement / do not know". It becomes
NA. The codebook does not distinguish missing from not-applicable, so no
``_na`` companion columns are added. Exceptions, following the codebook:

* Exit / end dates of commitments still in effect on 31 Dec 2018 are coded
  0/0/0 with INEFFECT = 1 (codebook 2.32 YREXIT and 2.42 ENDYR). The three
  parts become NA, ``exit_date``/``end_date`` is NA (the interval is
  right-censored at the end of the data, 2018-12-31) and
  ``exit_censored``/``end_censored`` is True. A 0/0/0 date with INEFFECT = 0,
  or INEFFECT = 1 with a real date, contradicts the codebook and the record
  is rejected (none in 5.0/5.1).
* An unknown day (empty DAYENT/DAYEXIT/BEGDAY/ENDDAY; YR and MO are never
  missing) gives a month-precision date, bounded outwards by
  :func:`~alliancestats.raw.convert.make_date`: entry/begin on the 1st,
  exit/end on the last day of the month.
* SHAREOB (dyad files) is 1 or empty; the codebook says an empty cell means
  "not 1" (the dyad shares some obligation), so it becomes 0, not NA.

Identifiers
-----------
atopid is the 4-digit alliance id (Int32). atopidphase identifies an
alliance phase: the codebook builds it as ATOPID + PHASE/10 (1350.2 = phase
2 of alliance 1350; phase-0 alliances have atopidphase = atopid). The files
store it as a float (5.0 .dta: float32, e.g. 1020.0999755859375; 5.1 inst:
2050.1001), so it is rebuilt exactly from the float and kept as a string
"1350.2" / "1005"; the phase table's PHASE must agree with it. The version
column (5.0: 5, 5.1 inst: 5.0999999) is normalised to the string "5.0" /
"5.1" and must equal the release being loaded.

Threats and conditions (used to build challenger-specific alliance
variables): specthrt says whether the treaty names a specific threat
(0 none, 1 specific state(s), 2 region, 3 state(s) in a region, 4 ongoing
conflict, 5 domestic/non-state, 6 other alliance); statthr1/statthr2 are
the COW codes of the first/second state named as a threat (0 = none named,
NA = not known). In the member table defcoadv = 1 means this member's
defense obligation only applies against a particular adversary (e.g. a
named state), defcoloc = only for conflict in a given location, defcocon =
only in a particular ongoing conflict, defconum = depends on the number of
adversaries, defcodem = conditional on demands being met, defconpr =
conditional on the ally not provoking the attack (offco*/neuco*/conco* the
same for offense, neutrality and consultation; neucoatt = neutrality only
if the ally is attacked; concoreq = consult only on an ally's request).
"""
from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pandas as pd

from ...errors import IngestError
from ..validate import quote
from ..catalog import Dataset, Download, LoadResult, ReleaseFile, TableSpec
from ..convert import Col, add_date, convert, finish_load, make_date, to_number
from ..readers import RawTable, read_csv, read_dta

ATOP_BASE = "http://www.atopdata.org/uploads/6/9/1/3/69134503"
HOMEPAGE = "http://www.atopdata.org/"

# --------------------------------------------------------------------------
# Variables (codebook order). Types: dummies and codes Int8; COW codes,
# month counts and war numbers Int16; ids Int32.
# --------------------------------------------------------------------------
_INT16 = {"cowid", "cow4id", "cowwar", "length", "renewlgt", "statthr1", "statthr2",
          "yrent", "yrexit", "begyr", "endyr", "year", "state", "member", "statea", "stateb",
          "mem1", "mem2"}
_INT32 = {"atopid", "dyad", "ddyad"}

#: Variables the codebook defines as 0/1 dummies (checked on load).
DUMMIES = frozenset("""
active asymm atopally bilat concoadv concocon concoloc concon concoreq conditio conmen
consul contrib cowsys defcoadv defcocon defcodem defcoloc defcon defconpr defconum defense
demwith dipaid divgains estmode ineffect intcom medarb neucoatt neucocon neucodem neucoloc
neucon neuconpr neuconum neutral new5 rev5 nomicoop nonagg noothall obvary offcoadv offcocon
offcodem offcoloc offcon offconum offense olimob shareob terrres thirdcom transyr wartime
""".split())

_CONTENT = """
notaiden dipaid terrres seppeace thirdcom noothall specthrt statthr1 statthr2 conwtin medarb
milcon milaid intcom subord organ1 orgpurp1 organ2 orgpurp2 base contrib armred acqterr
divgains demwith reflnun refothio natrefal compag nomicoop conres agprois conmen ecaid interv
""".split()

ALLIANCE_VARS = """
atopid cowid cow4id begyr begmo begday endyr endmo endday ineffect bilat maxphase wartime
estmode pubsecr secrart proadd futmem speclgth length renounce proren renewlgt term defense
offense neutral nonagg consul active conditio defcon offcon neucon concon asymm
""".split() + _CONTENT

PHASE_VARS = """
atopid atopidphase cowid cow4id begyr begmo begday endyr endmo endday ineffect bilat phase
maxphase wartime estmode pubsecr secrart proadd futmem speclgth length renounce proren
renewlgt term defense offense neutral nonagg consul active conditio defcon offcon neucon
concon asymm
""".split() + _CONTENT

MEMBER_VARS = """
atopid cowid cow4id member cowsys yrent moent dayent yrexit moexit dayexit ineffect bilat
phase maxphase wartime cowwar estmode pubsecr secrart proadd futmem speclgth length renounce
proren renewlgt term termmode termcaus defense offense neutral nonagg consul active conditio
defcon offcon neucon concon defcoadv defcoloc defcocon defconum defcodem defconpr offcoadv
offcoloc offcocon offconum offcodem neucoadv neucoloc neucocon neuconum neucodem neuconpr
neucoatt concoadv concoloc concocon concoreq olimob asymm obvary
""".split() + _CONTENT

_TAIL = ["source", "new5", "rev5"]

SY_VARS = "state year atopally defense offense neutral nonagg consul number transyr".split()
DY_VARS = ("dyad year atopally defense offense neutral nonagg consul shareob transyr bilatno "
           "multino number asymm mem1 mem2").split()
DDY_VARS = ("ddyad year atopally defense offense neutral nonagg consul shareob transyr bilatno "
            "multino number asymm statea stateb").split()

#: Renames per table kind (only the dyad-year file's MEM1/MEM2 are ccode1/ccode2;
#: in the alliance files mem1..memN stay member lists).
_RENAME = {"member": "ccode", "state": "ccode", "statea": "ccode1", "stateb": "ccode2"}
_RENAME_DY = {"mem1": "ccode1", "mem2": "ccode2"}
_MEM_RE = re.compile(r"^mem(\d+)$")
_ATOPID_RE = re.compile(r"^atopid(\d+)$")


def _dtype(var: str) -> str:
    if var in _INT32 or _ATOPID_RE.match(var):
        return "Int32"
    if var in _INT16 or _MEM_RE.match(var):
        return "Int16"
    return "Int8"


def _spec(variables, extra=(), rename=None) -> dict[str, Col]:
    names = {**_RENAME, **(rename or {})}
    return {v: Col(names.get(v, v), _dtype(v)) for v in [*variables, *extra]}


def _read(path: Path) -> RawTable:
    """Read a .dta or .csv ATOP file; header names lower-cased."""
    path = Path(path)
    raw = read_dta(path) if path.suffix.lower() == ".dta" else read_csv(path)
    lower = [str(c).lower() for c in raw.frame.columns]
    if len(set(lower)) != len(lower):
        dup = next(c for c in lower if lower.count(c) > 1)
        raise IngestError(path, "duplicate column name in header (ignoring case)", line=raw.header_line or None, column=dup)
    raw.frame.columns = lower
    return raw


def _numbered(raw: RawTable, pattern: re.Pattern, need: int) -> list[str]:
    """Numbered columns (mem1.., atopid1..) in numeric order; the first ``need`` must exist."""
    cols = sorted((c for c in raw.frame.columns if pattern.match(c)), key=lambda c: int(pattern.match(c).group(1)))
    prefix = pattern.pattern[1:].split("(")[0]
    for i in range(1, need + 1):
        if f"{prefix}{i}" not in cols:
            raise IngestError(raw.path, f"expected column '{prefix}{i}'", line=raw.header_line or None, column=f"{prefix}{i}")
    nums = [int(pattern.match(c).group(1)) for c in cols]
    if nums != list(range(1, len(nums) + 1)):
        gap = next(i for i, n in enumerate(nums, 1) if n != i)
        raise IngestError(raw.path, f"expected column '{prefix}{gap}' (numbered columns must be consecutive)",
                          line=raw.header_line or None, column=f"{prefix}{gap}")
    return cols


def _check_values(raw: RawTable, df: pd.DataFrame, spec: dict[str, Col]) -> None:
    """No negative codes anywhere; dummies 0/1. Raises naming file, line and column."""
    for rawcol, col in spec.items():
        if col.dtype not in ("Int8", "Int16", "Int32") or col.name not in df:
            continue
        v = df[col.name].to_numpy(dtype="float64", na_value=np.nan)
        bad = v < 0
        what = "a non-negative ATOP code (ATOP has no negative missing codes; missing is an empty cell)"
        if rawcol in DUMMIES:
            bad = bad | (v > 1)
            what = "0 or 1 (a dummy variable)"
        if bad.any():
            i = int(np.flatnonzero(bad)[0])
            raise IngestError(raw.path, f"expected {what}, found {quote(raw.frame[rawcol].iat[i])}",
                              line=int(raw.lines[i]), column=rawcol)


def _version(raw: RawTable, expected: str) -> pd.Series:
    """Normalise the version column (5, 5.0999999, 5.1) to "5.0"/"5.1" and check it."""
    v, _ = to_number(raw, "version", "float64")
    r = np.round(v.to_numpy(dtype="float64"), 2)
    labels = {}
    for x in np.unique(r[~np.isnan(r)]):  # a handful of distinct values, not rows
        t = f"{x:.2f}".rstrip("0")
        labels[x] = t + "0" if t.endswith(".") else t
    out = pd.Series(r).map(labels).astype("str")
    bad = out.notna().to_numpy() & (out != expected).to_numpy()
    if bad.any():
        i = int(np.flatnonzero(bad)[0])
        raise IngestError(raw.path, f"expected ATOP version {expected}, found {quote(raw.frame['version'].iat[i])}",
                          line=int(raw.lines[i]), column="version")
    return out


def _atopidphase(raw: RawTable, atopid: pd.Series) -> tuple[pd.Series, pd.Series]:
    """Rebuild atopidphase exactly as "<atopid>.<phase>" from its float; return (str, phase)."""
    ap, _ = to_number(raw, "atopidphase", "float64")
    ap = ap.to_numpy(dtype="float64")
    aid = atopid.to_numpy(dtype="float64", na_value=np.nan)
    tenth = (ap - aid) * 10
    ph = np.round(tenth)
    bad = ~np.isnan(ap) & (np.isnan(aid) | (np.abs(tenth - ph) > 0.02) | (ph < 0) | (ph > 9))
    if bad.any():
        i = int(np.flatnonzero(bad)[0])
        raise IngestError(raw.path, f"expected atopidphase = atopid + phase/10 (atopid {raw.frame['atopid'].iat[i]}), "
                          f"found {quote(raw.frame['atopidphase'].iat[i])}", line=int(raw.lines[i]), column="atopidphase")
    ok = ~np.isnan(ap)
    phase = pd.array(np.where(ok, ph, 0).astype("int64"), dtype="Int8")
    phase[~ok] = pd.NA
    base = pd.Series(pd.array(aid, dtype="Float64")).astype("Int64").astype("str")
    suffix = pd.Series(np.where(ok & (ph > 0), "." + pd.Series(np.where(ok, ph, 0).astype("int64")).astype("str"), ""))
    txt = (base + suffix).where(ok, None).astype("str")
    return txt, pd.Series(phase)


def _censor_zero_dates(raw: RawTable, df: pd.DataFrame, parts: tuple[str, str, str], flag: str):
    """Codebook rule: a 0/0/0 exit/end date means still in effect on 31 Dec 2018 (INEFFECT = 1).

    Sets the parts to NA on those rows, adds the boolean ``flag`` column and
    returns the mask of records contradicting the rule (to reject).
    """
    y, m, d = (df[c] for c in parts)
    zero = (y == 0).fillna(False).to_numpy()
    all_zero = zero & (m == 0).fillna(False).to_numpy() & (d == 0).fillna(False).to_numpy()
    ineffect = (df["ineffect"] == 1).fillna(False).to_numpy()
    bad_zero = zero & ~(all_zero & ineffect)  # 0 year but month/day not 0, or not in effect
    bad_effect = ineffect & ~zero  # in effect at end of data but has an exit date
    for c in parts:
        df.loc[all_zero, c] = pd.NA
    df[flag] = pd.array(all_zero & ineffect, dtype="boolean")
    return bad_zero, bad_effect


def _add_date_where(df: pd.DataFrame, ok: np.ndarray, prefix: str, parts: tuple[str, str, str], *, bound: str,
                    raw: RawTable) -> None:
    """add_date on the rows in ``ok`` only (the others are being rejected; their dates stay NA)."""
    tmp = df[list(parts)].copy()
    for c in parts:
        tmp.loc[~ok, c] = pd.NA
    dates, prec = make_date(tmp[parts[0]], tmp[parts[1]], tmp[parts[2]], bound=bound, raw=raw, columns=parts)
    df[f"{prefix}_date"] = dates.to_numpy()
    df[f"{prefix}_date_precision"] = prec.array


def _require(raw: RawTable, cols) -> None:
    for c in cols:
        if c not in raw.frame.columns:
            raise IngestError(raw.path, f"expected column '{c}'", line=raw.header_line or None, column=c)


def _dropped_note(raw: RawTable, used) -> list[str]:
    extra = [c for c in raw.frame.columns if c not in set(used)]
    return [f"{raw.name}: columns not in the codebook were dropped: {', '.join(extra)}"] if extra else []


def _alliance_loader(key: str, version: str, phase: bool):
    def load(files) -> LoadResult:
        raw = _read(files[key])
        mems = _numbered(raw, _MEM_RE, 2)
        base = PHASE_VARS if phase else ALLIANCE_VARS
        spec = _spec(base, [*mems, *_TAIL])
        _require(raw, ["version"])
        if phase:
            spec.pop("atopidphase")
        df = convert(raw, spec)
        _check_values(raw, df, spec)
        if phase:
            ap, derived = _atopidphase(raw, df["atopid"])
            df.insert(1, "atopidphase", ap.array)
            mism = (derived != df["phase"]).fillna(True).to_numpy()
            if mism.any():
                i = int(np.flatnonzero(mism)[0])
                raise IngestError(raw.path, f"expected phase {raw.frame['phase'].iat[i]!r} to match atopidphase "
                                  f"{raw.frame['atopidphase'].iat[i]!r}", line=int(raw.lines[i]), column="phase")
        df.insert(df.columns.get_loc("source_line"), "version", _version(raw, version).array)
        bad_zero, bad_effect = _censor_zero_dates(raw, df, ("endyr", "endmo", "endday"), "end_censored")
        add_date(df, "begin", ("begyr", "begmo", "begday"), bound="start", raw=raw)
        ok = ~(bad_zero | bad_effect)
        _add_date_where(df, ok, "end", ("endyr", "endmo", "endday"), bound="end", raw=raw)
        before = ok & (df["end_date"] < df["begin_date"]).fillna(False).to_numpy()
        return finish_load(raw, df, [
            (bad_zero, "end date coded 0 but not 0/0/0 with ineffect=1 (codebook: 0/0/0 = still in effect)"),
            (bad_effect, "ineffect=1 but an end date is given (codebook: end date is 0/0/0 when in effect)"),
            (before, "alliance ends before it begins"),
        ], notes=_dropped_note(raw, [*spec, "atopidphase", "version"]))
    return load


def _member_loader(key: str, version: str):
    def load(files) -> LoadResult:
        raw = _read(files[key])
        spec = _spec(MEMBER_VARS, _TAIL)
        _require(raw, ["version"])
        df = convert(raw, spec)
        _check_values(raw, df, spec)
        df.insert(df.columns.get_loc("source_line"), "version", _version(raw, version).array)
        bad_zero, bad_effect = _censor_zero_dates(raw, df, ("yrexit", "moexit", "dayexit"), "exit_censored")
        add_date(df, "entry", ("yrent", "moent", "dayent"), bound="start", raw=raw)
        ok = ~(bad_zero | bad_effect)
        _add_date_where(df, ok, "exit", ("yrexit", "moexit", "dayexit"), bound="end", raw=raw)
        before = ok & (df["exit_date"] < df["entry_date"]).fillna(False).to_numpy()
        return finish_load(raw, df, [
            (bad_zero, "exit date coded 0 but not 0/0/0 with ineffect=1 (codebook: 0/0/0 = still in effect)"),
            (bad_effect, "ineffect=1 but an exit date is given (codebook: exit date is 0/0/0 when in effect)"),
            (before, "member exits before it enters"),
        ], notes=_dropped_note(raw, [*spec, "version"]))
    return load


def _yearly_loader(key: str, version: str, variables: list[str], max_atopid_needed: int = 1):
    def load(files) -> LoadResult:
        raw = _read(files[key])
        ids = _numbered(raw, _ATOPID_RE, max_atopid_needed)
        spec = _spec(variables, [*ids], rename=_RENAME_DY if "dyad" in variables else None)
        _require(raw, ["version"])
        df = convert(raw, spec)
        _check_values(raw, df, spec)
        if "shareob" in df:
            df["shareob"] = df["shareob"].fillna(0)  # codebook: empty = "not 1"
        df.insert(df.columns.get_loc("source_line"), "version", _version(raw, version).array)
        keys = [c for c in ("ccode", "ccode1", "ccode2", "year") if c in df]
        dup = df.duplicated(keys).to_numpy()
        return finish_load(raw, df, [(dup, f"duplicate {'-'.join(keys)} record")],
                           notes=_dropped_note(raw, [*spec, "version"]))
    return load


def _inst_loader(key: str, version: str):
    def load(files) -> LoadResult:
        raw = _read(files[key])
        spec = {"atopid": Col("atopid", "Int32"), "milinst": Col("milinst", "Int8"), "formal": Col("formal", "Int8")}
        _require(raw, ["atopidphase", "version"])
        df = convert(raw, spec)
        _check_values(raw, df, spec)
        ap, phase = _atopidphase(raw, df["atopid"])
        df.insert(1, "atopidphase", ap.array)
        df.insert(2, "phase", phase.array)
        df.insert(df.columns.get_loc("source_line"), "version", _version(raw, version).array)
        dup = df.duplicated(["atopidphase"]).to_numpy()
        return finish_load(raw, df, [(dup, "duplicate atopidphase")],
                           notes=_dropped_note(raw, [*spec, "atopidphase", "version"]))
    return load


# --------------------------------------------------------------------------
# Column documentation shown by ``describe``
# --------------------------------------------------------------------------
_COMMON_DOC = {
    "atopid": "ATOP alliance id (1000-1999 formed 1815-1913, 2000s 1914-44, 3000s 1945-89, 4000+ 1990-)",
    "version": "ATOP release, normalised string ('5.0', '5.1')",
    "source_line": "raw record (CSV line incl. header; .dta row number)",
}
_DATE_DOC = {
    "begin_date": "alliance (phase) signature date; unknown day -> 1st of month",
    "end_date": "alliance (phase) end; unknown day -> last of month; NA if in effect on 2018-12-31",
    "end_censored": "True if in effect on 31 Dec 2018 (source endyr/endmo/endday = 0, now NA)",
    "statthr1": "COW code of the first state named as a threat (0 = none named, NA = unknown)",
    "statthr2": "COW code of the second state named as a threat (0 = none, NA = unknown)",
    "specthrt": "specific threat named: 0 none, 1 state(s), 2 region, 3 state(s) in region, 4 ongoing conflict, 5 non-state, 6 alliance",
    "mem1": "COW code of the member with the lowest code (mem2.. the next; NA beyond the member count)",
}
ALLIANCE_DOC = {**_COMMON_DOC, **_DATE_DOC}
PHASE_DOC = {**ALLIANCE_DOC, "atopidphase": "alliance-phase id as string '<atopid>.<phase>' ('1005' for phase 0)",
             "phase": "phase number (0 = alliance never changed)"}
MEMBER_DOC = {
    **_COMMON_DOC,
    "ccode": "COW code of the member (codebook MEMBER)",
    "entry_date": "date the member signed (yrent/moent/dayent); unknown day -> 1st of month",
    "exit_date": "date the commitment ended for the member; unknown day -> last of month; NA if in effect on 2018-12-31",
    "exit_censored": "True if the member was still in the alliance on 31 Dec 2018 (source yrexit=moexit=dayexit=0, now NA)",
    "phase": "alliance phase of this record (0 = single-phase alliance)",
    "defense": "member promises active defense of an ally if attacked (0/1)",
    "defcon": "1 if the defense obligation is conditional (summarises defcoadv..defconpr)",
    "defcoadv": "defense only against a particular adversary / type of adversary",
    "defcoloc": "defense only for conflict in a particular location",
    "defcocon": "defense only in a particular ongoing conflict",
    "defconum": "defense conditional on the number of adversaries",
    "defcodem": "defense conditional on the ally/adversary meeting demands",
    "defconpr": "defense conditional on the ally not provoking the adversary",
    "statthr1": _DATE_DOC["statthr1"], "statthr2": _DATE_DOC["statthr2"], "specthrt": _DATE_DOC["specthrt"],
    "obvary": "member has different obligations to different members",
}
SY_DOC = {**_COMMON_DOC, "ccode": "COW code (codebook STATE)", "year": "calendar year",
          "number": "number of alliances the state is in that year",
          "transyr": "1 if any commitment starts or ends that year",
          "atopid1": "id of an alliance in effect for the state that year (atopid2.. further ones, else NA)"}
INST_DOC = {**_COMMON_DOC, "atopidphase": PHASE_DOC["atopidphase"],
            "phase": "phase number derived from atopidphase (0 = single phase)",
            "milinst": "military institutionalisation 0 low, 1 moderate, 2 high (NA = not coded)",
            "formal": "formality of the alliance 0/1/2 (NA = not coded)"}
DY_DOC = {**_COMMON_DOC, "ccode1": "lower COW code of the dyad (codebook MEM1)", "ccode2": "higher COW code (MEM2)",
          "dyad": "ccode1*1000 + ccode2", "shareob": "1 if members of the same alliance with no obligation to each other; else 0"}
DDY_DOC = {**_COMMON_DOC, "ccode1": "state A, making the commitments (codebook STATEA)",
           "ccode2": "state B, receiving them (STATEB)", "ddyad": "ccode1*1000 + ccode2",
           "defense": "1 if A has a defense obligation toward B that year",
           "shareob": DY_DOC["shareob"]}

CITATION = """@article{leeds2002atop,
  author = {Leeds, Brett Ashley and Ritter, Jeffrey M. and Mitchell, Sara McLaughlin and Long, Andrew G.},
  title = {Alliance Treaty Obligations and Provisions, 1815-1944},
  journal = {International Interactions},
  volume = {28},
  number = {3},
  pages = {237--260},
  year = {2002},
  doi = {10.1080/03050620213653}
}"""
LICENCE = ("Free for academic research; cite Leeds et al. (2002) and the ATOP codebook of the version used. "
           "Redistribution of the raw files is not granted; download them from atopdata.org.")


def _tables(version: str, with_inst: bool, with_dyadic: bool) -> tuple[TableSpec, ...]:
    t = [
        TableSpec("alliance", ("a",), _alliance_loader("a", version, phase=False),
                  "one row per alliance (obligations ever in force)", columns=ALLIANCE_DOC),
        TableSpec("alliance_nna", ("a_nna",), _alliance_loader("a_nna", version, phase=False),
                  "alliances without pure non-aggression pacts", columns=ALLIANCE_DOC),
        TableSpec("phase", ("aph",), _alliance_loader("aph", version, phase=True),
                  "one row per alliance phase", columns=PHASE_DOC),
        TableSpec("member", ("m",), _member_loader("m", version),
                  "one row per member per alliance phase, member-specific obligations and conditions", columns=MEMBER_DOC),
        TableSpec("member_nna", ("m_nna",), _member_loader("m_nna", version),
                  "member level without pure non-aggression pacts", columns=MEMBER_DOC),
        TableSpec("state_year", ("sy",), _yearly_loader("sy", version, SY_VARS),
                  "allied state-years with obligations and the alliances in effect", columns=SY_DOC),
    ]
    if with_inst:
        t.append(TableSpec("institutions", ("inst",), _inst_loader("inst", version),
                           "Leeds & Anac institutionalisation scores per alliance phase", columns=INST_DOC))
    if with_dyadic:
        t.append(TableSpec("dyad_year", ("dy",), _yearly_loader("dy", version, DY_VARS),
                           "allied dyad-years (undirected; optional file)", columns=DY_DOC))
        t.append(TableSpec("directed_dyad_year", ("ddyr",), _yearly_loader("ddyr", version, DDY_VARS),
                           "allied directed dyad-years: A's obligations toward B (optional file)", columns=DDY_DOC))
    return tuple(t)


ATOP_5_1 = Dataset(
    dataset_id="atop_5_1",
    family="atop",
    title="Alliance Treaty Obligations and Provisions (ATOP)",
    publisher="ATOP project (Brett Ashley Leeds, Rice University)",
    version="5.1",
    coverage=(1815, 2018),
    citation=CITATION,
    licence=LICENCE,
    homepage=HOMEPAGE,
    notes="CSV release. Empty cell = missing; 0/0/0 exit/end dates = in effect on 31 Dec 2018 (right-censored).",
    files=(
        ReleaseFile("a", "atop5_1a.csv", ("eafd146fa5c5bc2737ae829288c87d01c990a55fbc82dcc2dc08b94c0d7b5b7d",), rows=789),
        ReleaseFile("a_nna", "atop5_1a_NNA.csv", ("8f05ba1057b9e5d799c4753f065c6def19bc600b1d81cf43b462bede8353325f",),
                    rows=589, aliases=("atop5_1aNNA.csv",)),
        ReleaseFile("aph", "atop5_1aph.csv", ("828ed77daf341ea377f75e042c2e51e4e6ccb0515e058db6355a89f8aebb0fcf",), rows=849),
        ReleaseFile("m", "atop5_1m.csv", ("0e3c803f65275c3cb9309d08c04710416dff16aee936c8b4f887c7b67ee5b55b",), rows=2510),
        ReleaseFile("m_nna", "atop5_1m_NNA.csv", ("c712c2418e8c9e046266bce6cdc4fcd344f4218b7a298592fb55060418692084",),
                    rows=1838, aliases=("atop5_1mNNA.csv",)),
        ReleaseFile("sy", "atop5_1sy.csv", ("187ce932d5b77002f795d849b67b5b2dd6baa170304bed58663c4194e240f929",), rows=11923,
                    signature=(*SY_VARS, *(f"atopid{i}" for i in range(1, 60)), "version")),
        ReleaseFile("inst", "atopinst5_1.csv", ("31b60ed11434d96c5a228a728beb8ca55cc54e224882b994e13c11b302ca9990",), rows=849,
                    signature=("atopid", "atopidphase", "milinst", "formal", "version")),
        ReleaseFile("dy", "atop5_1dy.csv", aliases=("atop5_1dy.dta",), optional=True),
        ReleaseFile("ddyr", "atop5_1ddyr.csv", aliases=("atop5_1ddyr.dta",), optional=True),
    ),
    tables=_tables("5.1", with_inst=True, with_dyadic=True),
    downloads=(
        Download(f"{ATOP_BASE}/atop_5.1__.csv_.zip", "atop_5.1__.csv_.zip", {
            "ATOP 5.1 (.csv)/atop5_1a.csv": "a",
            "ATOP 5.1 (.csv)/atop5_1a_NNA.csv": "a_nna",
            "ATOP 5.1 (.csv)/atop5_1aph.csv": "aph",
            "ATOP 5.1 (.csv)/atop5_1m.csv": "m",
            "ATOP 5.1 (.csv)/atop5_1m_NNA.csv": "m_nna",
            "ATOP 5.1 (.csv)/atop5_1sy.csv": "sy",
            "ATOP 5.1 (.csv)/atop5_1dy.csv": "dy",
            "ATOP 5.1 (.csv)/atop5_1ddyr.csv": "ddyr",
        }),
        Download(f"{ATOP_BASE}/atopinst5_1.csv", "atopinst5_1.csv", {"": "inst"}),
    ),
)

ATOP_5_0 = Dataset(
    dataset_id="atop_5_0",
    family="atop",
    title="Alliance Treaty Obligations and Provisions (ATOP)",
    publisher="ATOP project (Brett Ashley Leeds, Rice University)",
    version="5.0",
    coverage=(1815, 2018),
    citation=CITATION,
    licence=LICENCE,
    homepage=HOMEPAGE,
    notes="Stata release. Missing (.) = NA; 0/0/0 exit/end dates = in effect on 31 Dec 2018 (right-censored).",
    files=(
        ReleaseFile("a", "atop5_0a.dta", ("dcd14fc3155def15c46677cc85a1e2a851b0d53739620bbd1eafb7e35c728c92",), rows=765),
        ReleaseFile("a_nna", "atop5_0a_NNA.dta", ("f29cf1e8a4605b23c9915a7dbd6ffd7a9824c8cadf385caed59a412ce23e2cab",),
                    rows=580, aliases=("atop5_0aNNA.dta",)),
        ReleaseFile("aph", "atop5_0aph.dta", ("ee0a4c5a85430ca1ffbe4ce1a496bb56b58e803d3c8670bdd4d75be2b09ab63d",), rows=820),
        ReleaseFile("m", "atop5_0m.dta", ("01aea4e23c38aaad1c9969d7ae59a6ec100c891f3746742d7d1d220a90aab017",), rows=2446),
        ReleaseFile("m_nna", "atop5_0m_NNA.dta", ("6f76c61e354660d2538fe1c6c0ccec36a36a9065fedb9211e8b42e80075dea20",),
                    rows=1812, aliases=("atop5_0mNNA.dta",)),
        ReleaseFile("sy", "atop5_0sy.dta", ("4b7bc50fb7a57c50bdddd4809f1b9edc691e43c79a3387f3d126e98c00610b44",), rows=11835),
    ),
    tables=_tables("5.0", with_inst=False, with_dyadic=False),
    downloads=(
        Download(f"{ATOP_BASE}/atop_5.0__dta_.zip", "atop_5.0__dta_.zip", {
            "ATOP 5_0 (dta)/atop5_0a.dta": "a",
            "ATOP 5_0 (dta)/ATOP V5.0 Data NNA (dta)/atop5_0a_NNA.dta": "a_nna",
            "ATOP 5_0 (dta)/atop5_0aph.dta": "aph",
            "ATOP 5_0 (dta)/atop5_0m.dta": "m",
            "ATOP 5_0 (dta)/ATOP V5.0 Data NNA (dta)/atop5_0m_NNA.dta": "m_nna",
            "ATOP 5_0 (dta)/atop5_0sy.dta": "sy",
        }),
    ),
)

DATASETS = (ATOP_5_1, ATOP_5_0)
