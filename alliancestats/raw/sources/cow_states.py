"""COW State System Membership v2016: states, system-years, major powers, country codes.

Correlates of War Project (2017). Coverage 1816-2016. Files as shipped:
``states2016.csv`` (one row per membership spell), ``system2016.csv`` (one
row per state-year), ``majors2016.csv`` (major-power spells) and
``COW country codes.csv`` (CR-only line endings; the COW code list).

Canonical columns
-----------------
states: ccode, stateabb, statenme, styear, stmonth, stday, endyear,
endmonth, endday, start_date, end_date (+ ``_precision``), version.
system: ccode, stateabb, year, version. majors: ccode, stateabb, styear,
stmonth, stday, endyear, endmonth, endday, start_date, end_date.
country_codes: ccode, stateabb, statenme (one row per code/name pair; the
list repeats a code when a state had several names).
"""
from __future__ import annotations

from ..catalog import Dataset, Download, LoadResult, ReleaseFile, TableSpec
from ..convert import COW_NA, Col, add_date, convert, finish_load
from ..readers import read_csv

COW_BASE = "https://correlatesofwar.org/wp-content/uploads"

_SPELL = {
    "stateabb": Col("stateabb", "str"),
    "ccode": Col("ccode", "Int16"),
    "styear": Col("styear", "Int16", COW_NA),
    "stmonth": Col("stmonth", "Int8", COW_NA),
    "stday": Col("stday", "Int8", COW_NA),
    "endyear": Col("endyear", "Int16", COW_NA),
    "endmonth": Col("endmonth", "Int8", COW_NA),
    "endday": Col("endday", "Int8", COW_NA),
    "version": Col("version", "Int16"),
}


def _spells(path, extra=None) -> LoadResult:
    spec = dict(_SPELL)
    if extra:
        spec = {**extra, **spec}
    raw = read_csv(path, required=spec)
    df = convert(raw, spec)
    add_date(df, "start", ("styear", "stmonth", "stday"), bound="start", raw=raw)
    add_date(df, "end", ("endyear", "endmonth", "endday"), bound="end", raw=raw)
    return finish_load(raw, df, [((df["end_date"] < df["start_date"]).fillna(False).to_numpy(),
                                  "membership ends before it starts")])


def load_states(files) -> LoadResult:
    return _spells(files["states"], {"statenme": Col("statenme", "str")})


def load_majors(files) -> LoadResult:
    return _spells(files["majors"])


def load_system(files) -> LoadResult:
    spec = {
        "stateabb": Col("stateabb", "str"),
        "ccode": Col("ccode", "Int16"),
        "year": Col("year", "Int16"),
        "version": Col("version", "Int16"),
    }
    raw = read_csv(files["system"], required=spec)
    df = convert(raw, spec)
    return finish_load(raw, df, [(df.duplicated(["ccode", "year"]), "duplicate ccode-year")])


def load_country_codes(files) -> LoadResult:
    spec = {"StateAbb": Col("stateabb", "str"), "CCode": Col("ccode", "Int16"), "StateNme": Col("statenme", "str")}
    raw = read_csv(files["codes"], required=spec)
    df = convert(raw, spec)
    return finish_load(raw, df, [(df.duplicated(["ccode", "stateabb", "statenme"]),
                                  "exact duplicate of an earlier row")])


CITATION = """@misc{cow2017states,
  author = {{Correlates of War Project}},
  title = {State System Membership List, v2016},
  year = {2017},
  howpublished = {\\url{https://correlatesofwar.org/data-sets/state-system-membership/}}
}"""

COW_STATES_2016 = Dataset(
    dataset_id="cow_states_2016",
    family="cow",
    title="COW State System Membership",
    publisher="Correlates of War Project",
    version="2016",
    coverage=(1816, 2016),
    citation=CITATION,
    licence="Free for academic use; cite the Correlates of War Project.",
    homepage="https://correlatesofwar.org/data-sets/state-system-membership/",
    files=(
        ReleaseFile("states", "states2016.csv",
                    ("3d78d333ea75a7791bf5772b203d2ab96b27e70ed52825f5293c474195f47888",), rows=243,
                    signature=("stateabb", "ccode", "statenme", "styear", "stmonth", "stday", "endyear", "endmonth", "endday", "version")),
        ReleaseFile("system", "system2016.csv",
                    ("280e10b408c0aefb3b452e1d35d59a54d78935c08ac3a6039c47cb982cdc9f17",), rows=15951,
                    signature=("stateabb", "ccode", "year", "version")),
        ReleaseFile("majors", "majors2016.csv",
                    ("6ba42de12f2f63401ff5a61e6d0037d17b5dd03ed9aca07d0bc16660e03694eb",), rows=14,
                    signature=("stateabb", "ccode", "styear", "stmonth", "stday", "endyear", "endmonth", "endday", "version")),
        ReleaseFile("codes", "COW country codes.csv",
                    ("9b66dad6b9c0db83bc3c15c501b033164348bd8bd82aa14974067684c4d28bc5",), rows=243,
                    aliases=("cow*country*codes*.csv",), signature=("StateAbb", "CCode", "StateNme")),
    ),
    tables=(
        TableSpec("states", ("states",), load_states, "membership spells, one row per state and spell"),
        TableSpec("system", ("system",), load_system, "system members by year"),
        TableSpec("majors", ("majors",), load_majors, "major-power spells"),
        TableSpec("country_codes", ("codes",), load_country_codes, "COW country codes and names"),
    ),
    downloads=(
        Download(f"{COW_BASE}/states2016.csv", "states2016.csv", {"": "states"}),
        Download(f"{COW_BASE}/system2016.csv", "system2016.csv", {"": "system"}),
        Download(f"{COW_BASE}/majors2016.csv", "majors2016.csv", {"": "majors"}),
        Download(f"{COW_BASE}/COW-country-codes.csv", "COW country codes.csv", {"": "codes"}),
    ),
)

DATASETS = (COW_STATES_2016,)
