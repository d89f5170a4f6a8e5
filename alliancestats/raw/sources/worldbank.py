"""World Bank World Development Indicators: bulk CSVs of military expenditure, GDP and population.

World Bank (2018, 2022), *World Development Indicators*, bulk-download CSVs
``API_<indicator>_DS2_en_csv_v2[_<n>].csv`` (one file per indicator, wide:
Country Name, Country Code, Indicator Name, Indicator Code, 1960..). Two
vintages:

* ``worldbank_wdi_2018`` (last updated 2018-02-22; 1960-2017): MS.MIL.XPND.GD.ZS,
  NY.GDP.MKTP.CD, SP.POP.TOTL. UTF-8 with BOM, 4-line preamble ("Data
  Source", "Last Updated Date"), trailing empty column.
* ``worldbank_wdi_2022`` (1960-2021): MS.MIL.XPND.GD.ZS, re-saved without the
  preamble (some values in scientific notation, e.g. 1.72E-05), plus its
  ``Metadata_Country_...csv`` (Region, IncomeGroup per code).

Canonical columns
-----------------
country_year (long format, one row per country, indicator and year with a
value): ccode (Int16, COW code from the ISO3 code via
:mod:`alliancestats.raw.crosswalk`, with its year rules), iso3 (World
Bank "Country Code"), country ("Country Name"), indicator (category,
indicator code), year (Int16), value (float64), unit (category),
source_file, source_line (CSV line, preamble counted).

Units: MS.MIL.XPND.GD.ZS = PERCENT of GDP (3.0 = 3 %; SIPRI stores the same
figure as a fraction 0.03); NY.GDP.MKTP.CD = current US$ (not millions);
SP.POP.TOTL = persons.

Rows: every raw row is a country or an aggregate. Aggregates (regions,
income and lending groups, "World") are rejected with reason ``aggregate
(region/income group)``; "Not classified" (INX) with ``not a country (World
Bank 'Not classified')``. For 2022 an aggregate is a code whose Region is
empty in the metadata file; for 2018 (no metadata) the list
:data:`WB_AGGREGATES`. Country rows with no value in any year are rejected
with ``no data``. Empty cells are missing (not written). Territories that
are not COW states (Aruba, Puerto Rico, Hong Kong, ...) are kept with ccode
NA and listed in the load notes.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from ...errors import IngestError
from ..validate import quote
from ..catalog import Dataset, Download, LoadResult, ReleaseFile, TableSpec
from ..crosswalk import iso3_to_ccode, unmapped_notes
from ..readers import RawTable, read_csv

UNITS = {
    "MS.MIL.XPND.GD.ZS": "percent of GDP",
    "NY.GDP.MKTP.CD": "current US$",
    "SP.POP.TOTL": "persons",
}

#: World Bank aggregate codes (regions, income/lending groups, demographic groups, World).
WB_AGGREGATES = frozenset("""
AFE AFW ARB CEB CSS EAP EAR EAS ECA ECS EMU EUU FCS HIC HPC IBD IBT IDA IDB IDX LAC LCN LDC LIC LMC
LMY LTE MEA MIC MNA NAC NOC OEC OED OSS PRE PSS PST SAS SSA SSF SST TEA TEC TLA TMN TSA TSS UMC WLD
""".split())
NOT_CLASSIFIED = frozenset({"INX"})

_REQ = ("Country Name", "Country Code", "Indicator Name", "Indicator Code")
AGG_REASON = "aggregate (region/income group)"
INX_REASON = "not a country (World Bank 'Not classified')"


def _long(raw: RawTable, aggregates: set[str]) -> tuple[pd.DataFrame, pd.DataFrame]:
    f = raw.frame
    yearcols = [c for c in f.columns if c.isdigit() and len(c) == 4]
    if not yearcols:
        raise IngestError(raw.path, "expected year columns (1960, 1961, ...) after 'Indicator Code'", line=raw.header_line)
    ind = f["Indicator Code"]
    unknown = ~ind.isin(list(UNITS))
    if unknown.any():
        i = int(np.flatnonzero(unknown.to_numpy())[0])
        raise IngestError(raw.path, f"expected one of the indicators {', '.join(UNITS)}, found {quote(ind.iat[i])}",
                          line=int(raw.lines[i]), column="Indicator Code")
    block = f[yearcols]
    empty = block.isin(["", "NA", ".."]).to_numpy()
    num = block.apply(lambda s: pd.to_numeric(s.where(~s.isin(["", "NA", ".."]), None), errors="coerce")).to_numpy(dtype="float64", na_value=np.nan)
    bad = ~empty & np.isnan(num)
    if bad.any():
        r, c = (int(x[0]) for x in np.nonzero(bad))
        raise IngestError(raw.path, f"expected a number, found {quote(block.iat[r, c])}", line=int(raw.lines[r]), column=yearcols[c])
    code = f["Country Code"].to_numpy()
    inx = np.isin(code, list(NOT_CLASSIFIED))
    agg = np.isin(code, list(aggregates)) & ~inx
    has = ~np.isnan(num)
    nodata = ~agg & ~inx & ~has.any(axis=1)
    ok = ~agg & ~inx & ~nodata
    rej = pd.concat([
        pd.DataFrame({"file": raw.name, "line": raw.lines[agg], "reason": AGG_REASON}),
        pd.DataFrame({"file": raw.name, "line": raw.lines[inx], "reason": INX_REASON}),
        pd.DataFrame({"file": raw.name, "line": raw.lines[nodata], "reason": "no data"}),
    ], ignore_index=True)
    r_idx, c_idx = np.nonzero(has & ok[:, None])
    out = pd.DataFrame({
        "iso3": pd.Series(code[r_idx], dtype="str"),
        "country": pd.Series(f["Country Name"].to_numpy()[r_idx], dtype="str"),
        "indicator": pd.Series(ind.to_numpy()[r_idx], dtype="str"),
        "year": pd.array(np.asarray([int(c) for c in yearcols], dtype="int64")[c_idx], dtype="Int16"),
        "value": num[r_idx, c_idx],
        "source_file": raw.name,
        "source_line": raw.lines[r_idx].astype("int32"),
    })
    return out, rej


def _finish(parts, rejs, read) -> LoadResult:
    data = pd.concat(parts, ignore_index=True)
    ccode, rep = iso3_to_ccode(data["iso3"], year=data["year"], source="worldbank", report=True)
    data.insert(0, "ccode", ccode.array)
    data["unit"] = pd.Categorical(data["indicator"].map(UNITS))
    data["indicator"] = pd.Categorical(data["indicator"], categories=list(UNITS))
    data = data[["ccode", "iso3", "country", "indicator", "year", "value", "unit", "source_file", "source_line"]]
    return LoadResult(data, read, pd.concat(rejs, ignore_index=True), unmapped_notes(rep, "World Bank codes"))


def load_wdi_2018(files) -> LoadResult:
    parts, rejs, read = [], [], 0
    for key in ("milex", "gdp", "pop"):
        raw = read_csv(files[key], required=_REQ, header_startswith="Country Name")
        df, rej = _long(raw, set(WB_AGGREGATES))
        parts.append(df)
        rejs.append(rej)
        read += len(raw)
    return _finish(parts, rejs, read)


def load_wdi_2022(files) -> LoadResult:
    meta = read_csv(files["meta"], required=("Country Code", "Region"), header_startswith="Country Code")
    aggregates = set(meta.frame.loc[meta.frame["Region"] == "", "Country Code"])
    raw = read_csv(files["milex"], required=_REQ, header_startswith="Country Name")
    listed = set(meta.frame["Country Code"])
    # codes absent from the metadata: known aggregates stay aggregates, others must be explained
    absent = set(raw.frame["Country Code"]) - listed - NOT_CLASSIFIED
    aggregates |= absent & WB_AGGREGATES
    df, rej = _long(raw, aggregates)
    res = _finish([df], [rej], len(raw))
    unknown = sorted(absent - WB_AGGREGATES)
    if unknown:
        res.notes.append(f"codes missing from the metadata file, kept as countries: {', '.join(unknown)}")
    return res


CITATION_2018 = """@misc{worldbank2018wdi,
  author = {{World Bank}},
  title = {World Development Indicators},
  year = {2018},
  note = {Bulk CSV download, last updated 2018-02-22; indicators MS.MIL.XPND.GD.ZS, NY.GDP.MKTP.CD, SP.POP.TOTL},
  howpublished = {\\url{https://databank.worldbank.org/source/world-development-indicators}}
}"""

CITATION_2022 = """@misc{worldbank2022wdi,
  author = {{World Bank}},
  title = {World Development Indicators},
  year = {2022},
  note = {Bulk CSV download, indicator MS.MIL.XPND.GD.ZS (military expenditure, \\% of GDP; source SIPRI)},
  howpublished = {\\url{https://data.worldbank.org/indicator/MS.MIL.XPND.GD.ZS}}
}"""

LICENCE = "Creative Commons Attribution 4.0 (CC BY 4.0), World Bank Open Data terms of use."
API = "https://api.worldbank.org/v2/en/indicator"

_COLS = {"ccode": "COW state code (Int16)", "iso3": "World Bank country code", "country": "World Bank country name",
         "indicator": "WDI indicator code", "year": "year", "value": "the figure", "unit": "unit of value"}

WDI_2018 = Dataset(
    dataset_id="worldbank_wdi_2018",
    family="worldbank_wdi",
    title="World Development Indicators (military expenditure % GDP, GDP current US$, population)",
    publisher="World Bank",
    version="2018",
    coverage=(1960, 2017),
    citation=CITATION_2018,
    licence=LICENCE,
    homepage="https://databank.worldbank.org/source/world-development-indicators",
    files=(
        ReleaseFile("milex", "API_MS.MIL.XPND.GD.ZS_DS2_en_csv_v2.csv",
                    ("d3dd30f51db955fd723d810833bf8daea1ef414e278dcc74d1c49b05110b19e1",), rows=264,
                    aliases=("API_MS.MIL.XPND.GD.ZS_DS2_en_csv_v2*.csv",)),
        ReleaseFile("gdp", "API_NY.GDP.MKTP.CD_DS2_en_csv_v2.csv",
                    ("86b4143a4c65b471fe36a8e3f3f907e58475cf6807ed934a01729c521ac578f4",), rows=264,
                    aliases=("API_NY.GDP.MKTP.CD_DS2_en_csv_v2*.csv",)),
        ReleaseFile("pop", "API_SP.POP.TOTL_DS2_en_csv_v2.csv",
                    ("a36199b00f1d2ab9c93c76909ef5dfe49cb19502104a6c4922d2ab5d5660a039",), rows=264,
                    aliases=("API_SP.POP.TOTL_DS2_en_csv_v2*.csv",)),
    ),
    tables=(
        TableSpec("country_year", ("milex", "gdp", "pop"), load_wdi_2018,
                  "military expenditure (% GDP), GDP (current US$), population by country and year (long)",
                  one_to_one=False, columns=_COLS),
    ),
    downloads=(
        Download(f"{API}/MS.MIL.XPND.GD.ZS?downloadformat=csv", "API_MS.MIL.XPND.GD.ZS_DS2_en_csv_v2.zip",
                 {"API_MS.MIL.XPND.GD.ZS_DS2_en_csv_v2.csv": "milex"}),
        Download(f"{API}/NY.GDP.MKTP.CD?downloadformat=csv", "API_NY.GDP.MKTP.CD_DS2_en_csv_v2.zip",
                 {"API_NY.GDP.MKTP.CD_DS2_en_csv_v2.csv": "gdp"}),
        Download(f"{API}/SP.POP.TOTL?downloadformat=csv", "API_SP.POP.TOTL_DS2_en_csv_v2.zip",
                 {"API_SP.POP.TOTL_DS2_en_csv_v2.csv": "pop"}),
    ),
    notes="The API serves the current vintage; the 2018 files are identified by their sha256.",
)

WDI_2022 = Dataset(
    dataset_id="worldbank_wdi_2022",
    family="worldbank_wdi",
    title="World Development Indicators (military expenditure % GDP)",
    publisher="World Bank",
    version="2022",
    coverage=(1960, 2021),
    citation=CITATION_2022,
    licence=LICENCE,
    homepage="https://data.worldbank.org/indicator/MS.MIL.XPND.GD.ZS",
    files=(
        ReleaseFile("milex", "API_MS.MIL.XPND.GD.ZS_DS2_en_csv_v2_4700987.csv",
                    ("22486994d78df5a14c083498e2b3b658d745063059265d6cb0e3e734b8b7538c",), rows=266,
                    aliases=("API_MS.MIL.XPND.GD.ZS_DS2_en_csv_v2_*.csv",)),
        ReleaseFile("meta", "Metadata_Country_API_MS.MIL.XPND.GD.ZS_DS2_en_csv_v2_4700987.csv",
                    ("ea4d2b6468a3cd0b032f8fa26ab2e1a7d320dc8a301c048196f8f6d692c738cc",), rows=265,
                    aliases=("Metadata_Country_API_MS.MIL.XPND.GD.ZS_DS2_en_csv_v2*.csv",)),
    ),
    tables=(
        TableSpec("country_year", ("milex", "meta"), load_wdi_2022,
                  "military expenditure (% GDP) by country and year (long)", one_to_one=False, columns=_COLS),
    ),
    downloads=(
        Download(f"{API}/MS.MIL.XPND.GD.ZS?downloadformat=csv", "API_MS.MIL.XPND.GD.ZS_DS2_en_csv_v2_4700987.zip",
                 {"API_MS.MIL.XPND.GD.ZS_DS2_en_csv_v2_4700987.csv": "milex",
                  "Metadata_Country_API_MS.MIL.XPND.GD.ZS_DS2_en_csv_v2_4700987.csv": "meta"}),
    ),
)

DATASETS = (WDI_2018, WDI_2022)
