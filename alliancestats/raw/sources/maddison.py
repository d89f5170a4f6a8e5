"""Maddison Project Database 2020 (Bolt & van Zanden 2020): GDP per capita and population.

Bolt, J. and J. L. van Zanden (2020), "Maddison style estimates of the
evolution of the world economy. A new 2020 update", Maddison Project Working
Paper WP-15, University of Groningen. Files ``mpd2020.xlsx`` (sheet "Full
data") and ``mpd2020.dta`` carry the same long table (21 682 rows):
countrycode, country, year, gdppc, pop. Coverage year 1 to 2018, sparse
before 1820 (many countries only from 1950).

Canonical columns
-----------------
country_year (``maddison_2020_country_year``, one row per raw row):
ccode (Int16, COW code from countrycode via
:mod:`alliancestats.raw.crosswalk` with its year rules and the Maddison
specifics: "Sudan (Former)" maps to 625 only to 2010, Tanzania is mainland
only; SUN/CSK/YUG map to 365/315/345 to 1991/1992/1991 and are successor
aggregates afterwards, unmapped), countrycode (ISO3, str), country (str),
year (Int16), gdppc (float64, real GDP per capita in 2011 international
dollars, i.e. 2011 PPP US$), pop (float64, population in THOUSANDS), gdp
(float64, = gdppc * pop * 1000: total real GDP in 2011 international
dollars, NA when either is missing), source_line.

Either file works: the catalog lists both release copies under one file key
(the .dta is preferred when both are present: it is read ~5 times faster);
``source_line`` is the spreadsheet row for the xlsx and the record number for
the .dta. Missing cells (empty / Stata ``.``) are NA; every raw row is
written (rows with neither gdppc nor pop are kept: they carry the
country-year frame the publisher ships).
"""
from __future__ import annotations

from pathlib import Path

from ...errors import IngestError
from ..catalog import Dataset, Download, LoadResult, ReleaseFile, TableSpec
from ..convert import Col, convert, no_rejects
from ..crosswalk import iso3_to_ccode, unmapped_notes
from ..readers import read_dta, read_xlsx

SPEC = {
    "countrycode": Col("countrycode", "str"),
    "country": Col("country", "str"),
    "year": Col("year", "Int16"),
    "gdppc": Col("gdppc", "float64"),
    "pop": Col("pop", "float64"),
}


def load_country_year(files) -> LoadResult:
    path = Path(files["mpd"])
    suffix = path.suffix.lower()
    if suffix == ".dta":
        raw = read_dta(path, required=SPEC)
    elif suffix in (".xlsx", ".xlsm"):
        raw = read_xlsx(path, "Full data", header_startswith="countrycode", required=SPEC)
    else:
        raise IngestError(path, "expected the Maddison 2020 release as .xlsx or .dta")
    df = convert(raw, SPEC)
    df["gdp"] = df["gdppc"] * df["pop"] * 1000.0
    ccode, rep = iso3_to_ccode(df["countrycode"], year=df["year"], source="maddison", report=True)
    df.insert(0, "ccode", ccode.array)
    df = df[["ccode", "countrycode", "country", "year", "gdppc", "pop", "gdp", "source_line"]]
    return LoadResult(df, len(raw), no_rejects(), unmapped_notes(rep, "Maddison country codes"))


CITATION = """@techreport{bolt2020maddison,
  author = {Bolt, Jutta and van Zanden, Jan Luiten},
  title = {Maddison style estimates of the evolution of the world economy. A new 2020 update},
  institution = {University of Groningen, Groningen Growth and Development Centre},
  type = {Maddison Project Working Paper},
  number = {WP-15},
  year = {2020},
  url = {https://www.rug.nl/ggdc/historicaldevelopment/maddison/releases/maddison-project-database-2020}
}"""

MADDISON_2020 = Dataset(
    dataset_id="maddison_2020",
    family="maddison",
    title="Maddison Project Database 2020",
    publisher="Groningen Growth and Development Centre, University of Groningen",
    version="2020",
    coverage=(1, 2018),
    citation=CITATION,
    licence="Creative Commons Attribution 4.0 (CC BY 4.0); cite Bolt and van Zanden (2020).",
    homepage="https://www.rug.nl/ggdc/historicaldevelopment/maddison/releases/maddison-project-database-2020",
    files=(
        # one key, two release copies: the .dta (listed first, found first) or the .xlsx
        ReleaseFile("mpd", "mpd2020.xlsx",
                    ("ebdee22aa4256261db1048f05f3639adcc2f7a9e81cca6cd46ef2e06815e26ca",
                     "ef31c0162f97248682478944b19412c225ffc86a0d4ba7e6a8064574db5b2251"),
                    rows=21682, aliases=("mpd2020.dta", "mpd2020*.xlsx", "mpd2020*.dta")),
    ),
    tables=(
        TableSpec("country_year", ("mpd",), load_country_year,
                  "real GDP per capita (2011 int. $), population (thousands) and GDP by country and year",
                  columns={"ccode": "COW state code", "countrycode": "ISO3", "country": "name", "year": "year",
                           "gdppc": "GDP per capita, 2011 int. $", "pop": "population, thousands",
                           "gdp": "GDP, 2011 int. $ (gdppc*pop*1000)"}),
    ),
    downloads=(
        Download("https://www.rug.nl/ggdc/historicaldevelopment/maddison/data/mpd2020.xlsx", "mpd2020.xlsx", {"": "mpd"}),
        Download("https://www.rug.nl/ggdc/historicaldevelopment/maddison/data/mpd2020.dta", "mpd2020.dta", {"": "mpd"}),
    ),
)

DATASETS = (MADDISON_2020,)
