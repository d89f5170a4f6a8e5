"""COW Direct Contiguity 3.2 (Stinnett et al. 2002; codebook by Paul R. Hensel, 2017).

Direct (homeland-to-homeland) contiguity between states, 1816-2016. The
release archive ``DirectContiguity320.zip`` ships ``contdir.csv`` (master
file, one record per non-directed contiguity relationship and period),
``contdird.csv`` (directed dyad-years derived from it) and ``contdirs.csv``
(state-year counts; not loaded: it is derivable from the dyad-year table).

Contiguity type ``conttype`` (Int8), from the codebook: 1 = land or river
border; 2 = separated by 12 miles of water or less; 3 = by 24 miles or less
(more than 12); 4 = by 150 miles or less (more than 24); 5 = by 400 miles or
less (more than 150). Dyads that are not contiguous have **no record**: a
dyad-year absent from ``directed_dyad_year`` means "no direct contiguity"
(the codebook says users may assume so), not "missing". The codes are an
ordering of distance, not an interval scale.

``dyad`` (Int32) is ``AAABBB``: lower country code * 1000 + higher code, for
both directions of a pair. The loaders check it against the codes.

Table ``directed_dyad_year`` (contdird.csv)
--------------------------------------------
dyad, ccode1 (state1no), stateabb1 (state1ab), ccode2 (state2no),
stateabb2 (state2ab), year, conttype, version (category, "3.2"),
source_line. Both directions of every pair are present.

Duplicate rule: the codebook says "if the type of contiguity for a dyad
changes during a given year, only the closest classification is recorded
for that year", but release 3.2 has 58 directed dyad-years (29 pairs, both
directions) with two records of different ``conttype`` (e.g. Netherlands-France
1830 coded 1 and 5). The
loader applies the codebook's own rule: it keeps the closest type (smallest
``conttype``) and rejects the other record with the reason "second record
for this directed dyad-year: codebook keeps only the closest contiguity type
(conttype=k kept)". The table is thus unique on ``(ccode1, ccode2, year)``.

Table ``dyad_interval`` (contdir.csv)
---------------------------------------
dyad, ccode1 (statelno, the lower code), stateabb1 (statelab), ccode2
(statehno, the higher code), stateabb2 (statehab), conttype, ``begin`` and
``end`` (Int32, raw ``YYYYMM`` as shipped), ``start_date`` (first day of the
``begin`` month) and ``end_date`` (last day of the ``end`` month), each with
a ``_precision`` column (always "month"), notes (str), version (category),
source_line. The bounding rule makes the interval contain every day on
which the relationship may have been in effect. ``end`` = 201612 means the
relationship was still in effect at the end of the data (right-censored).
A record that ends before it begins is rejected (none in 3.2).
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from ...errors import IngestError
from ..validate import quote
from ..catalog import Dataset, Download, LoadResult, ReleaseFile, TableSpec
from ..convert import Col, add_date, convert, finish_load
from ..readers import read_csv

COW_BASE = "https://correlatesofwar.org/wp-content/uploads"

CONTTYPE = {
    1: "land or river border",
    2: "separated by 12 miles of water or less",
    3: "separated by 24 miles of water or less (more than 12)",
    4: "separated by 150 miles of water or less (more than 24)",
    5: "separated by 400 miles of water or less (more than 150)",
}

DIRECTED_COLUMNS = {
    "dyad": "lower ccode * 1000 + higher ccode",
    "ccode1": "COW code of the first state (state1no)",
    "stateabb1": "abbreviation of the first state",
    "ccode2": "COW code of the second state (state2no)",
    "stateabb2": "abbreviation of the second state",
    "year": "year",
    "conttype": "1 land/river; 2 <=12 mi water; 3 <=24; 4 <=150; 5 <=400",
    "version": "data set version (3.2)",
    "source_line": "line in the raw file",
}

INTERVAL_COLUMNS = {
    "dyad": "lower ccode * 1000 + higher ccode",
    "ccode1": "lower COW code (statelno)",
    "stateabb1": "abbreviation of ccode1",
    "ccode2": "higher COW code (statehno)",
    "stateabb2": "abbreviation of ccode2",
    "conttype": "1 land/river; 2 <=12 mi water; 3 <=24; 4 <=150; 5 <=400",
    "begin": "raw begin YYYYMM",
    "end": "raw end YYYYMM (201612 = still in effect at end of data)",
    "start_date": "first day of the begin month",
    "end_date": "last day of the end month",
    "notes": "coder's notes",
    "version": "data set version (3.2)",
    "source_line": "line in the raw file",
}


def _num(s: pd.Series) -> np.ndarray:
    return s.to_numpy("float64", na_value=np.nan)


def _bad_dyad(df: pd.DataFrame) -> np.ndarray:
    """Rows whose ``dyad`` id is not lower code * 1000 + higher code (or a code is missing)."""
    c1, c2 = _num(df["ccode1"]), _num(df["ccode2"])
    with np.errstate(invalid="ignore"):
        return ~(np.fmin(c1, c2) * 1000 + np.fmax(c1, c2) == _num(df["dyad"]))


def _check_conttype(df: pd.DataFrame, raw) -> None:
    """A contiguity type outside 1-5 (or empty) is an error naming the line."""
    ct = df["conttype"].to_numpy("float64", na_value=np.nan)
    bad = ~np.isin(ct, list(CONTTYPE))
    if bad.any():
        i = int(np.flatnonzero(bad)[0])
        raise IngestError(raw.path, f"expected a contiguity type 1-5, found {quote(raw.frame['conttype'].iat[i])}",
                          line=int(raw.lines[i]), column="conttype")


def load_directed_dyad_year(files) -> LoadResult:
    spec = {
        "dyad": Col("dyad", "Int32"),
        "state1no": Col("ccode1", "Int16"),
        "state1ab": Col("stateabb1", "str"),
        "state2no": Col("ccode2", "Int16"),
        "state2ab": Col("stateabb2", "str"),
        "year": Col("year", "Int16"),
        "conttype": Col("conttype", "Int8"),
        "version": Col("version", "category"),
    }
    raw = read_csv(files["contdird"], required=spec)
    df = convert(raw, spec)
    _check_conttype(df, raw)
    bad_id = _bad_dyad(df)
    # codebook rule: one record per dyad-year, the closest contiguity type
    order = np.lexsort((_num(df["conttype"]), _num(df["year"]), _num(df["ccode2"]), _num(df["ccode1"])))
    ranked = df.iloc[order]
    dup_sorted = ranked.duplicated(["ccode1", "ccode2", "year"]).to_numpy()
    dup = np.zeros(len(df), dtype=bool)
    dup[order[dup_sorted]] = True
    dup &= ~bad_id
    why = np.full(len(df), "", dtype=object)
    notes = []
    if dup.any():
        kept = ranked.loc[~dup_sorted].set_index(["ccode1", "ccode2", "year"])["conttype"]
        lost = df.loc[dup, ["ccode1", "ccode2", "year"]]
        kept_type = kept.reindex(pd.MultiIndex.from_frame(lost)).to_numpy()
        why[dup] = ("second record for this directed dyad-year: codebook keeps only the closest contiguity "
                    "type (conttype=" + pd.Series(kept_type).astype("str") + " kept)").to_numpy()
        notes.append(f"{int(dup.sum())} directed dyad-years had two contiguity records; kept the closest type")
    return finish_load(raw, df, [(bad_id, "dyad code does not equal lower ccode * 1000 + higher ccode"), (dup, why)],
                       notes=notes)


def load_dyad_interval(files) -> LoadResult:
    spec = {
        "dyad": Col("dyad", "Int32"),
        "statelno": Col("ccode1", "Int16"),
        "statelab": Col("stateabb1", "str"),
        "statehno": Col("ccode2", "Int16"),
        "statehab": Col("stateabb2", "str"),
        "conttype": Col("conttype", "Int8"),
        "begin": Col("begin", "Int32"),
        "end": Col("end", "Int32"),
        "notes": Col("notes", "str"),
        "version": Col("version", "category"),
    }
    raw = read_csv(files["contdir"], required=spec)
    df = convert(raw, spec)
    _check_conttype(df, raw)
    for col, bound in (("begin", "start"), ("end", "end")):
        ym = df[col]
        parts = pd.DataFrame({"y": ym // 100, "m": ym % 100, "d": pd.array([pd.NA] * len(df), dtype="Int8")})
        add_date(parts, "x", ("y", "m", "d"), bound=bound, raw=raw, raw_columns=(col, col, col))
        df[f"{bound}_date"] = parts["x_date"].to_numpy()
        df[f"{bound}_date_precision"] = parts["x_date_precision"].array
    # keep notes/version/source_line at the end
    df = df[[c for c in df.columns if c not in ("notes", "version", "source_line")] + ["notes", "version", "source_line"]]
    return finish_load(raw, df, [
        (_bad_dyad(df) | ~(_num(df["ccode1"]) < _num(df["ccode2"])),
         "dyad code does not equal statelno * 1000 + statehno with statelno < statehno"),
        ((df["end_date"] < df["start_date"]).fillna(False).to_numpy(), "contiguity ends before it begins"),
    ])


CITATION = """@article{stinnett2002contiguity,
  author = {Stinnett, Douglas M. and Tir, Jaroslav and Schafer, Philip and Diehl, Paul F. and Gochman, Charles},
  title = {The Correlates of War Project Direct Contiguity Data, Version 3},
  journal = {Conflict Management and Peace Science},
  volume = {19},
  number = {2},
  pages = {58--66},
  year = {2002}
}
@misc{cow2017contiguity,
  author = {{Correlates of War Project}},
  title = {Direct Contiguity Data, 1816-2016. Version 3.2},
  year = {2017},
  howpublished = {\\url{https://correlatesofwar.org/data-sets/direct-contiguity/}}
}"""

COW_CONTIGUITY_3_2 = Dataset(
    dataset_id="cow_contiguity_3_2",
    family="cow_contiguity",
    title="COW Direct Contiguity",
    publisher="Correlates of War Project",
    version="3.2",
    coverage=(1816, 2016),
    citation=CITATION,
    licence="Free for academic use; cite the Correlates of War Project and Stinnett et al. (2002).",
    homepage="https://correlatesofwar.org/data-sets/direct-contiguity/",
    files=(
        ReleaseFile("contdird", "contdird.csv",
                    ("42b8fe2bc7fffe58665a38f7476d7d76cf3acd5a22e176c3691670997a4717f2",), rows=82498,
                    signature=("dyad", "state1no", "state1ab", "state2no", "state2ab", "year", "conttype", "version")),
        ReleaseFile("contdir", "contdir.csv",
                    ("62f3714d1a75c940887bf15b40b256aeeb41545734ab13abe96ab3f49a980362",), rows=847,
                    signature=("dyad", "statelno", "statelab", "statehno", "statehab", "conttype", "begin", "end",
                               "notes", "version")),
    ),
    tables=(
        TableSpec("directed_dyad_year", ("contdird",), load_directed_dyad_year,
                  "directly contiguous directed dyad-years (absent = not contiguous)", columns=DIRECTED_COLUMNS),
        TableSpec("dyad_interval", ("contdir",), load_dyad_interval,
                  "master file: one row per non-directed contiguity relationship and period", columns=INTERVAL_COLUMNS),
    ),
    downloads=(
        Download(f"{COW_BASE}/DirectContiguity320.zip", "DirectContiguity320.zip",
                 {"DirectContiguity320/contdird.csv": "contdird", "DirectContiguity320/contdir.csv": "contdir"}),
    ),
    notes="Dyad-years without a record are not contiguous (not missing).",
)

DATASETS = (COW_CONTIGUITY_3_2,)
