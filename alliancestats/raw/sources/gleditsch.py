"""Gleditsch's capital-to-capital distances (``capdist.csv``; Gleditsch & Ward 2001).

Kristian Skrede Gleditsch's file of great-circle distances between the
capitals of independent states, distributed with the minimum-distance
database of Gleditsch & Ward (2001, JPR 38:739). One row per *ordered* pair,
with **no year**: each state has one capital, so capital moves (Brazil 1960,
Pakistan 1967, Nigeria 1991, ...) are not reflected; for dated capitals use
``peacesciencer_cow_capitals`` (:func:`alliancestats.add_capital_distance`
does either).

Codes. The file's state numbers are those of Gleditsch & Ward's (1999)
system list, kept as shipped (``numa``, ``numb``) with their abbreviations
(``ida``, ``idb``). Checked against the COW and G&W state lists, this copy
numbers every state it shares with COW by its **COW code**, also where the
G&W list differs: Germany 255 (GMY, Berlin) and West Germany 260 (GFR,
Bonn) are separate, Serbia is 345 (listed twice, as SER and YUG; G&W's own
list has Serbia 340), unified Yemen is 679 (YEM; G&W keep 678), and COW's
microstates (e.g. 54-60, 221, 223, 232, 331, 403, 591, 935, 983-990) are
present with COW codes. States only in G&W's list keep G&W codes: 563
Transvaal, 564 Orange Free State, 711 Tibet, 815 (pre-colonial) Vietnam;
they have no COW equivalent. COW states absent from the file (the German and
Italian states before unification, Kosovo 347, South Sudan 626, Kiribati 946,
Tuvalu 947, Tonga 955, Nauru 970) have no distance.

Table ``dyad`` (capdist.csv)
----------------------------
numa (Int16), ida (str), numb (Int16), idb (str), ``kmdist`` (Int32,
kilometres), ``midist`` (Int32, miles), source_line. Rounded to whole units
as shipped. Rejected: a state paired with itself (345 SER-YUG twice) and the
second record of an ordered pair listed twice (402 pairs, all because 345
appears as both SER and YUG; the distances are identical). One ``midist``
cell reads ``s`` (NOR-RUS): it becomes NA (``kmdist`` is intact), and a note
says so.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from ..catalog import Dataset, Download, LoadResult, ReleaseFile, TableSpec
from ..convert import EMPTY_TOKENS, Col, convert, finish_load
from ..readers import read_csv

#: Codes in capdist.csv that are Gleditsch & Ward codes of states COW does not list (no COW equivalent).
GW_ONLY = {563: "Transvaal", 564: "Orange Free State", 711: "Tibet", 815: "Vietnam (pre-colonial)"}

COLUMNS = {
    "numa": "state number of the first state (Gleditsch & Ward list; equals the COW code where COW has the state)",
    "ida": "abbreviation of the first state",
    "numb": "state number of the second state",
    "idb": "abbreviation of the second state",
    "kmdist": "great-circle distance between the capitals, km (whole)",
    "midist": "the same in miles (whole)",
    "source_line": "line in the raw file",
}


def load_dyad(files) -> LoadResult:
    spec = {"numa": Col("numa", "Int16"), "ida": Col("ida", "str"), "numb": Col("numb", "Int16"),
            "idb": Col("idb", "str"), "kmdist": Col("kmdist", "Int32"), "midist": Col("midist", "Int32")}
    raw = read_csv(files["capdist"], required=spec)
    notes = []
    mi = raw.frame["midist"]
    junk = ~mi.isin(EMPTY_TOKENS) & pd.to_numeric(mi, errors="coerce").isna()
    if junk.any():
        where = ", ".join(f"line {int(raw.lines[i])} ({raw.frame['ida'].iat[i]}-{raw.frame['idb'].iat[i]}: "
                          f"{mi.iat[i]!r})" for i in np.flatnonzero(junk.to_numpy()))
        notes.append(f"midist not a number, set to NA (kmdist kept): {where}")
        raw.frame["midist"] = mi.mask(junk, "")
    df = convert(raw, spec)
    a = df["numa"].to_numpy(dtype="int64", na_value=-1)
    b = df["numb"].to_numpy(dtype="int64", na_value=-1)
    self_pair = a == b
    dup = df.duplicated(["numa", "numb"]).to_numpy() & ~self_pair
    why = np.full(len(df), "", dtype=object)
    if dup.any():
        first = df.loc[~self_pair].drop_duplicates(["numa", "numb"]).set_index(["numa", "numb"])["kmdist"]
        lost = df.loc[dup]
        same = first.reindex(pd.MultiIndex.from_frame(lost[["numa", "numb"]])).to_numpy() == lost["kmdist"].to_numpy()
        why[dup] = np.where(same, "second record for this ordered pair (same kmdist; first kept)",
                            "second record for this ordered pair with a different kmdist (first kept)")
        notes.append(f"{int(dup.sum())} ordered pairs listed twice (first kept)")
    return finish_load(raw, df, [(self_pair, "a state paired with itself"), (dup, why)], notes=notes)


CITATION = """@article{gleditsch2001measuring,
  author = {Gleditsch, Kristian S. and Ward, Michael D.},
  title = {Measuring Space: A Minimum-Distance Database and Applications to International Studies},
  journal = {Journal of Peace Research},
  volume = {38},
  number = {6},
  pages = {739--758},
  year = {2001}
}
@article{gleditsch1999revised,
  author = {Gleditsch, Kristian S. and Ward, Michael D.},
  title = {A Revised List of Independent States since the {C}ongress of {V}ienna},
  journal = {International Interactions},
  volume = {25},
  number = {4},
  pages = {393--413},
  year = {1999}
}"""

GLEDITSCH_CAPDIST = Dataset(
    dataset_id="gleditsch_capdist",
    title="Gleditsch capital distances",
    publisher="Kristian Skrede Gleditsch",
    version="1",  # the file carries no version; Gleditsch's web copy is undated
    coverage=None,  # no year: one fixed capital per state
    citation=CITATION,
    licence="Free for academic use; cite Gleditsch & Ward (2001).",
    homepage="http://ksgleditsch.com/data-4.html",
    files=(
        ReleaseFile("capdist", "capdist.csv",
                    ("aa4c56943089034d76bec4fdad90267d06693afaa19eec19ebe5d56ce881dc42",), rows=41006,
                    signature=("numa", "ida", "numb", "idb", "kmdist", "midist")),
    ),
    tables=(TableSpec("dyad", ("capdist",), load_dyad,
                      "great-circle km/miles between capitals, one row per ordered pair (no year)",
                      columns=COLUMNS),),
    downloads=(Download("http://ksgleditsch.com/data/capdist.csv", "capdist.csv", {"": "capdist"}),),
    notes="No year: capitals fixed. Codes as shipped (COW codes where COW has the state; G&W codes otherwise).",
)

DATASETS = (GLEDITSCH_CAPDIST,)
