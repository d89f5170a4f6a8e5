"""COW National Material Capabilities (NMC) 5.0, 6.0 and 7.0: state-year capabilities and CINC.

Singer, Bremer & Stuckey (1972); documentation by Greig & Enterline (v5.0
2017, v6.0 2021, v7.0). One row per state-year of the COW system.

=========  =======================  =========  ===========================
dataset    file (abridged release)  coverage   ``version`` column
=========  =======================  =========  ===========================
nmc_5_0    ``NMC_5_0.csv``          1816-2012  as shipped (documented)
nmc_6_0    ``NMC-60-abridged.csv``  1816-2016  2021 (checked by the loader)
nmc_7_0    ``NMC-70-abridged.csv``  1816-2022  as shipped
=========  =======================  =========  ===========================

All three share the layout documented in the v6.0 documentation ("Notes on
the format of data file NMC_5.0.csv"): 11 variables ``stateabb, ccode, year,
milex, milper, irst, pec, tpop, upop, cinc, version`` (CSV, header in the
first row, ``-9`` = missing). Column order does not matter to the loader.
Only the 6.0 file is held here with its sha256; 5.0 and 7.0 are recognised by
file name (no sha256 and no header signature, because the three releases have
identical headers and a header match would silently label one release as
another).

Table ``state_year`` -- canonical columns
------------------------------------------
ccode (Int16), stateabb (str), year (Int16), and the six components, all
Float64 (nullable; ``-9`` -> NA), with their units:

- ``milex``: military expenditure, **thousands of current British pounds
  (GBP) for 1816-1913 and thousands of current US dollars from 1914 on**.
  The series therefore has a unit break at 1914 and values on either side
  must not be summed, differenced or compared without conversion.
- ``milex_currency`` (category "GBP"/"USD"): the unit of ``milex`` in that
  row, set from ``year`` (GBP before 1914, USD from 1914) for every row,
  including rows where ``milex`` is NA.
- ``milper``: military personnel, thousands.
- ``irst``: iron and steel production, thousands of tons.
- ``pec``: primary energy consumption, thousands of coal-ton equivalents.
- ``tpop``: total population, thousands.
- ``upop``: urban population, thousands (cities of 100,000 or more through
  2001; cities of 300,000 or more from 2002 on, per the documentation).
- ``cinc`` (float64): Composite Index of National Capability, the state's
  mean share of the system total over the six components (unitless, 0-1).
- ``version`` (Int16, as shipped: 2021 in 6.0), ``source_line``.

The key ``(ccode, year)`` is unique; a repeated state-year is rejected
("duplicate ccode-year"; none in 6.0).
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from ...errors import IngestError
from ..validate import quote
from ..catalog import Dataset, Download, LoadResult, ReleaseFile, TableSpec
from ..convert import COW_NA, Col, convert, finish_load
from ..readers import read_csv

COW_BASE = "https://correlatesofwar.org/wp-content/uploads"
HOMEPAGE = "https://correlatesofwar.org/data-sets/national-material-capabilities/"

#: First year in which ``milex`` is in US dollars (earlier: British pounds).
MILEX_USD_FROM = 1914

_COMPONENTS = ("milex", "milper", "irst", "pec", "tpop", "upop")


def _spec(version_required: bool) -> dict[str, Col]:
    spec = {
        "ccode": Col("ccode", "Int16"),
        "stateabb": Col("stateabb", "str"),
        "year": Col("year", "Int16"),
    }
    for c in _COMPONENTS:
        spec[c] = Col(c, "Float64", COW_NA)
    spec["cinc"] = Col("cinc", "float64", COW_NA)
    spec["version"] = Col("version", "Int16", required=version_required)
    return spec


COLUMNS = {
    "ccode": "COW country code",
    "stateabb": "COW state abbreviation",
    "year": "year",
    "milex": "military expenditure: thousands of current GBP 1816-1913, thousands of current US$ from 1914 (see milex_currency)",
    "milex_currency": "unit of milex in this row: GBP (before 1914) or USD (from 1914)",
    "milper": "military personnel, thousands",
    "irst": "iron and steel production, thousands of tons",
    "pec": "primary energy consumption, thousands of coal-ton equivalents",
    "tpop": "total population, thousands",
    "upop": "urban population, thousands (cities >=100k to 2001, >=300k from 2002)",
    "cinc": "Composite Index of National Capability (share of system, 0-1)",
    "version": "version column as shipped",
    "source_line": "line in the raw file",
}


def _load(path, *, expected_version: int | None, version_required: bool) -> LoadResult:
    spec = _spec(version_required)
    raw = read_csv(path, required=[k for k, c in spec.items() if c.required])
    df = convert(raw, spec)
    if expected_version is not None:
        wrong = (df["version"] != expected_version).fillna(True).to_numpy()
        if wrong.any():
            i = int(np.flatnonzero(wrong)[0])
            raise IngestError(raw.path, f"expected version {expected_version} in every row (this release), "
                                        f"found {quote(raw.frame['version'].iat[i])}; is this another NMC release?",
                              line=int(raw.lines[i]), column="version")
    year = df["year"].to_numpy(dtype="float64", na_value=np.nan)
    cur = np.where(np.isnan(year), None, np.where(year < MILEX_USD_FROM, "GBP", "USD"))
    df.insert(df.columns.get_loc("milex") + 1, "milex_currency", pd.Categorical(cur, categories=["GBP", "USD"]))
    notes = [f"milex is thousands of current GBP before {MILEX_USD_FROM} and thousands of current US$ from "
             f"{MILEX_USD_FROM}: see milex_currency"]
    return finish_load(raw, df, [(df.duplicated(["ccode", "year"]), "duplicate ccode-year")], notes=notes)


def load_state_year_6_0(files) -> LoadResult:
    return _load(files["nmc"], expected_version=2021, version_required=True)


def load_state_year_5_0(files) -> LoadResult:
    return _load(files["nmc"], expected_version=None, version_required=False)


def load_state_year_7_0(files) -> LoadResult:
    return _load(files["nmc"], expected_version=None, version_required=False)


def _citation(key: str, version: str, year: int) -> str:
    return f"""@incollection{{singer1972capability,
  author = {{Singer, J. David and Bremer, Stuart and Stuckey, John}},
  title = {{Capability Distribution, Uncertainty, and Major Power War, 1820-1965}},
  booktitle = {{Peace, War, and Numbers}},
  editor = {{Russett, Bruce}},
  publisher = {{Sage}},
  address = {{Beverly Hills}},
  year = {{1972}},
  pages = {{19--48}}
}}
@manual{{{key},
  author = {{Greig, J. Michael and Enterline, Andrew J.}},
  title = {{Correlates of War Project National Material Capabilities (NMC) Data Documentation, Version {version}}},
  organization = {{Correlates of War Project}},
  year = {{{year}}},
  url = {{{HOMEPAGE}}}
}}"""


LICENCE = "Free for academic use; cite the Correlates of War Project and Singer, Bremer & Stuckey (1972)."


def _table(loader) -> TableSpec:
    return TableSpec("state_year", ("nmc",), loader,
                     "national material capabilities and CINC, one row per state-year", columns=COLUMNS)


NMC_6_0 = Dataset(
    dataset_id="nmc_6_0",
    family="nmc",
    title="COW National Material Capabilities",
    publisher="Correlates of War Project",
    version="6.0",
    coverage=(1816, 2016),
    citation=_citation("greig2021nmc", "6.0", 2021),
    licence=LICENCE,
    homepage=HOMEPAGE,
    files=(
        ReleaseFile("nmc", "NMC-60-abridged.csv",
                    ("989920cc06ccb652bf8b0c537f78220463ecfe14c41295a8876e9f263e78f323",), rows=15951,
                    aliases=("nmc-60-abridged*.csv", "nmc_6_0.csv")),
    ),
    tables=(_table(load_state_year_6_0),),
    downloads=(
        # the data zip; NMC_Documentation-6.0.zip on the same site nests this zip inside it
        Download(f"{COW_BASE}/NMC-60-abridged.zip", "NMC-60-abridged.zip", {"NMC-60-abridged.csv": "nmc"}),
    ),
    notes="milex: thousands of current GBP 1816-1913, thousands of current US$ from 1914.",
)

NMC_5_0 = Dataset(
    dataset_id="nmc_5_0",
    family="nmc",
    title="COW National Material Capabilities",
    publisher="Correlates of War Project",
    version="5.0",
    coverage=(1816, 2012),
    citation=_citation("greig2017nmc", "5.0", 2017),
    licence=LICENCE,
    homepage=HOMEPAGE,
    files=(ReleaseFile("nmc", "NMC_5_0.csv", aliases=("nmc_5.0.csv",)),),
    tables=(_table(load_state_year_5_0),),
    downloads=(Download(f"{COW_BASE}/NMC_5_0.zip", "NMC_5_0.zip", {"NMC_5_0.csv": "nmc"}),),
    notes="No sha256 known here; recognised by file name. milex: GBP before 1914, US$ from 1914.",
)

NMC_7_0 = Dataset(
    dataset_id="nmc_7_0",
    family="nmc",
    title="COW National Material Capabilities",
    publisher="Correlates of War Project",
    version="7.0",
    coverage=(1816, 2022),
    citation=_citation("greig2025nmc", "7.0", 2025),
    licence=LICENCE,
    homepage=HOMEPAGE,
    files=(ReleaseFile("nmc", "NMC-70-abridged.csv", aliases=("nmc-70-abridged*.csv",)),),
    tables=(_table(load_state_year_7_0),),
    downloads=(
        # nested archive: NMCv7.zip contains NMCv7/NMC-v7-abridged.zip, which contains the CSV
        # ("outer!inner" member notation; the downloader must open the inner zip)
        Download(f"{COW_BASE}/NMCv7.zip", "NMCv7.zip",
                 {"NMCv7/NMC-v7-abridged.zip!NMC-70-abridged.csv": "nmc"}),
    ),
    notes="No sha256 known here; recognised by file name. milex: GBP before 1914, US$ from 1914.",
)

DATASETS = (NMC_5_0, NMC_6_0, NMC_7_0)
