"""NATO, "Defence Expenditure of NATO Countries (2014-2024)", June 2024 tables.

NATO Public Diplomacy Division (2024), press release PR/CP(2024)086,
workbook ``240617-def-exp-2024-TABLES-en.xlsx``. Coverage 2014-2024; figures
for 2023 and 2024 are NATO estimates (year headers ``2023e``/``2024e``).

Canonical columns
-----------------
country_year (``nato_defexp_2024_country_year``; long format, one row per
country, year and series):
ccode (Int16, via :mod:`alliancestats.raw.crosswalk`), country (NATO's
name, footnote star removed), currency (str; Table 1 only, e.g. ``Euros``),
year (Int16), estimate (boolean: the year header carries ``e``), series
(category), unit (category), value (float64), source_file (sheet name),
source_line (sheet row).

Series and units (sheet / section -> series):

=========  =========================================  ==============================  ==============================================
sheet      section                                    series                          unit
=========  =========================================  ==============================  ==============================================
TABLE1     Current prices                             defexp_ncu_current              million national currency units, current prices
TABLE1     Constant 2015 prices                       defexp_ncu_const2015            million national currency units, 2015 prices
TABLE2     Current prices and exchange rates          defexp_usd_current              US$ million, current prices and exchange rates
TABLE2     Constant 2015 prices and exchange rates    defexp_usd_const2015            US$ million, 2015 prices and exchange rates
TABLE3     Share of real GDP (%)                      defexp_share_real_gdp           percent of real GDP (2015 prices)
TABLE3     Annual real change (%)                     defexp_real_change              percent change on previous year, 2015 prices
TABLE4     Real change 2014-2024e (%)                 defexp_real_change_2014_2024    percent change 2014 to 2024, 2015 prices (year = 2024)
TABLE5     Current prices and exchange rates          gdp_usd_current                 US$ million, current prices and exchange rates
TABLE5     Constant 2015 prices and exchange rates    gdp_usd_const2015               US$ million, 2015 prices and exchange rates
TABLE6     GDP per capita (thousand US dollars)       gdp_per_capita_const2015        thousand US$ per person, 2015 prices
TABLE6     Defence expenditure per capita (US$)       defexp_per_capita_const2015     US$ per person, 2015 prices
TABLE7     Military personnel                         military_personnel              thousand persons
TABLE8a    Equipment (a) / Personnel (b)              share_equipment / share_personnel          percent of total defence expenditure
TABLE8b    Infrastructure (c) / Other (d)             share_infrastructure / share_other         percent of total defence expenditure
=========  =========================================  ==============================  ==============================================

Percentages are PERCENT (2.0 = 2 % of GDP), unlike SIPRI's fractions.
Table 4's other columns (2014 and 2024e spending, shares of GDP) repeat
Tables 2 and 3 and are not written again.

Raw records are sheet rows below the year header with at least one cell in
the year columns (section headings, notes and page numbers are layout, not
records). Rejected: NATO aggregates ("NATO Europe and Canada", "NATO
Total") with reason ``NATO aggregate, not a country`` (recomputable from the
country rows); rows without a country label holding ``#REF!`` formula errors
or zeros (``no country label (spreadsheet residue)``).
"""
from __future__ import annotations

import re

import numpy as np
import pandas as pd

from ...errors import IngestError
from ..validate import quote
from ..catalog import Dataset, Download, LoadResult, ReleaseFile, TableSpec
from ..crosswalk import name_to_ccode, unmapped_notes

#: (sheet, section heading lowercased) -> (series, unit)
SECTIONS = {
    ("TABLE1", "current prices"): ("defexp_ncu_current", "million national currency units, current prices"),
    ("TABLE1", "constant 2015 prices"): ("defexp_ncu_const2015", "million national currency units, 2015 prices"),
    ("TABLE2", "current prices and exchange rates"): ("defexp_usd_current", "US$ million, current prices and exchange rates"),
    ("TABLE2", "constant 2015 prices and exchange rates"): ("defexp_usd_const2015", "US$ million, 2015 prices and exchange rates"),
    ("TABLE3", "share of real gdp (%)"): ("defexp_share_real_gdp", "percent of real GDP (2015 prices)"),
    ("TABLE3", "annual real change (%)"): ("defexp_real_change", "percent change on previous year, 2015 prices"),
    ("TABLE5", "current prices and exchange rates"): ("gdp_usd_current", "US$ million, current prices and exchange rates"),
    ("TABLE5", "constant 2015 prices and exchange rates"): ("gdp_usd_const2015", "US$ million, 2015 prices and exchange rates"),
    ("TABLE6", "gdp per capita (thousand us dollars)"): ("gdp_per_capita_const2015", "thousand US$ per person, 2015 prices and exchange rates"),
    ("TABLE6", "defence expenditure per capita (us dollars)"): ("defexp_per_capita_const2015", "US$ per person, 2015 prices and exchange rates"),
    ("TABLE7", ""): ("military_personnel", "thousand persons"),
    ("TABLE8a", "equipment (a)"): ("share_equipment", "percent of total defence expenditure"),
    ("TABLE8a", "personnel (b)"): ("share_personnel", "percent of total defence expenditure"),
    ("TABLE8b", "infrastructure (c)"): ("share_infrastructure", "percent of total defence expenditure"),
    ("TABLE8b", "other (d)"): ("share_other", "percent of total defence expenditure"),
}
T4 = ("defexp_real_change_2014_2024", "percent change 2014 to 2024, 2015 prices")
SHEETS = ("TABLE1", "TABLE2", "TABLE3", "TABLE4", "TABLE5", "TABLE6", "TABLE7", "TABLE8a", "TABLE8b")
AGGREGATES = frozenset({"NATO Europe and Canada", "NATO Total", "NATO Europe", "North America", "NATO Europe and Canada*"})
_YEAR = re.compile(r"^(\d{4})(e?)$")


def _read(path) -> dict[str, np.ndarray]:
    import openpyxl

    try:
        wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as err:
        raise IngestError(path, f"not a readable .xlsx workbook ({type(err).__name__}: {err})") from err
    try:
        out = {}
        for sheet in SHEETS:
            if sheet not in wb.sheetnames:
                raise IngestError(path, f"expected a worksheet named {sheet!r}; found {', '.join(wb.sheetnames)}")
            rows = list(wb[sheet].iter_rows(min_row=1, values_only=True))
            n = max((len(r) for r in rows), default=0)
            grid = np.full((len(rows), n), None, dtype=object)
            for i, r in enumerate(rows):
                grid[i, : len(r)] = r
            out[sheet] = grid
    finally:
        wb.close()
    return out


def _text(v) -> str:
    return "" if v is None else str(v).strip()


def _sheet(path, sheet: str, grid: np.ndarray):
    txt = np.vectorize(_text, otypes=[object])(grid) if grid.size else grid
    # header: the first row with at least two year-like cells
    hdr = next((i for i in range(len(txt)) if sum(bool(_YEAR.match(t)) for t in txt[i]) >= 2), None)
    if hdr is None:
        raise IngestError(path, f"sheet {sheet!r}: expected a header row of years (2014, 2015, ...)")
    head = list(txt[hdr])
    if sheet == "TABLE4":
        j = next((k for k, h in enumerate(head) if h.lower().startswith("real change 2014")), None)
        if j is None:
            raise IngestError(path, "sheet 'TABLE4': expected a 'Real change 2014-2024e (%)' column", line=hdr + 1)
        ycols, years, est = [j], [2024], [True]
    else:
        ycols = [k for k, h in enumerate(head) if _YEAR.match(h)]
        years = [int(_YEAR.match(head[k]).group(1)) for k in ycols]
        est = [bool(_YEAR.match(head[k]).group(2)) for k in ycols]
    first = min(k for k, h in enumerate(head) if _YEAR.match(h))
    body = txt[hdr + 1:]
    lines = np.arange(hdr + 2, len(txt) + 1, dtype=np.int64)
    label_cells = body[:, :first]
    label = np.array([next((c for c in row if c), "") for row in label_cells], dtype=object) if len(body) else np.array([], dtype=object)
    vals = body[:, ycols]
    has = (vals != "").any(axis=1)
    is_note = np.array([lbl.lower().startswith(("notes", "note:")) for lbl in label], dtype=bool)
    stop = int(np.flatnonzero(is_note)[0]) if is_note.any() else len(body)
    inside = np.arange(len(body)) < stop
    # sections: labelled rows without values, carried forward
    sec_row = inside & ~has & (label != "")
    section = pd.Series(np.where(sec_row, label, None)).ffill().fillna("").str.lower().to_numpy()
    rec = inside & has
    raw_lbl = label
    country_lbl = np.array([re.sub(r"\s*\(.*\)\s*$", "", s).rstrip("*").strip() for s in raw_lbl], dtype=object)
    currency = np.array([(m.group(1).strip() if (m := re.search(r"\(([^)]*)\)\s*$", s)) else None) for s in raw_lbl], dtype=object)
    unlabelled = rec & (label == "")
    aggregate = rec & np.isin(country_lbl, list(AGGREGATES))
    country = rec & ~unlabelled & ~aggregate
    rej = pd.concat([
        pd.DataFrame({"file": sheet, "line": lines[aggregate], "reason": "NATO aggregate, not a country"}),
        pd.DataFrame({"file": sheet, "line": lines[unlabelled], "reason": "no country label (spreadsheet residue: #REF! or zeros)"}),
    ], ignore_index=True)
    # numbers in country rows
    cv = vals[country]
    num = pd.DataFrame(cv).apply(lambda s: pd.to_numeric(s.where(s != "", None), errors="coerce")).to_numpy(dtype="float64", na_value=np.nan) if cv.size else np.zeros(cv.shape)
    bad = (cv != "") & np.isnan(num)
    if bad.any():
        r, c = (int(x[0]) for x in np.nonzero(bad))
        raise IngestError(path, f"sheet {sheet!r}: expected a number, found {quote(cv[r, c])}",
                          line=int(lines[country][r]), column=head[ycols[c]])
    secs = section[country]
    if sheet == "TABLE4":
        ser = np.full(len(secs), T4[0], dtype=object)
        unit = np.full(len(secs), T4[1], dtype=object)
    else:
        known = [(sheet, s) in SECTIONS for s in secs]
        if not all(known):
            i = known.index(False)
            raise IngestError(path, f"sheet {sheet!r}: unknown section heading {secs[i]!r} above this row",
                              line=int(lines[country][i]))
        ser = np.array([SECTIONS[(sheet, s)][0] for s in secs], dtype=object)
        unit = np.array([SECTIONS[(sheet, s)][1] for s in secs], dtype=object)
    r_idx, c_idx = np.nonzero(~np.isnan(num))
    out = pd.DataFrame({
        "country": pd.Series(country_lbl[country][r_idx], dtype="str"),
        "currency": pd.Series(currency[country][r_idx] if sheet == "TABLE1" else [None] * len(r_idx), dtype="str"),
        "year": pd.array(np.asarray(years, dtype="int64")[c_idx], dtype="Int16"),
        "estimate": pd.array(np.asarray(est, dtype=bool)[c_idx], dtype="boolean"),
        "series": ser[r_idx],
        "unit": unit[r_idx],
        "value": num[r_idx, c_idx],
        "source_file": sheet,
        "source_line": lines[country][r_idx].astype("int32"),
    })
    return out, rej, int(rec.sum())


def load_country_year(files) -> LoadResult:
    path = files["xlsx"]
    grids = _read(path)
    parts, rejs, read = [], [], 0
    for sheet in SHEETS:
        df, rej, n = _sheet(path, sheet, grids[sheet])
        parts.append(df)
        rejs.append(rej)
        read += n
    data = pd.concat(parts, ignore_index=True)
    data["series"] = pd.Categorical(data["series"], categories=[*dict.fromkeys(v[0] for v in SECTIONS.values()), T4[0]])
    data["unit"] = data["unit"].astype("category")
    ccode, rep = name_to_ccode(data["country"], source="nato", year=data["year"], report=True)
    data.insert(0, "ccode", ccode.array)
    dup = data.duplicated(["country", "year", "series"])
    if dup.any():
        i = int(np.flatnonzero(dup.to_numpy())[0])
        raise IngestError(path, f"sheet {data['source_file'].iat[i]!r}: {data['country'].iat[i]} appears twice in one section",
                          line=int(data["source_line"].iat[i]))
    return LoadResult(data, read, pd.concat(rejs, ignore_index=True), unmapped_notes(rep, "NATO country names"))


CITATION = """@misc{nato2024defexp,
  author = {{North Atlantic Treaty Organization}},
  title = {Defence Expenditure of {NATO} Countries (2014--2024)},
  year = {2024},
  month = jun,
  note = {Press release PR/CP(2024)086, 17 June 2024},
  howpublished = {\\url{https://www.nato.int/cps/en/natohq/topics_49198.htm}}
}"""

NATO_DEFEXP_2024 = Dataset(
    dataset_id="nato_defexp_2024",
    family="nato_defexp",
    title="Defence Expenditure of NATO Countries (2014-2024)",
    publisher="NATO Public Diplomacy Division",
    version="2024",
    coverage=(2014, 2024),
    citation=CITATION,
    licence="NATO public information; free to reuse with attribution to NATO (see https://www.nato.int/cps/en/natohq/67699.htm).",
    homepage="https://www.nato.int/cps/en/natohq/topics_49198.htm",
    files=(
        ReleaseFile("xlsx", "240617-def-exp-2024-TABLES-en.xlsx",
                    ("1897e2ead4be252c5c9a9d2f2696a65398c51375c88a2e7425339a8d368a600b",),
                    aliases=("*def-exp-2024*tables*.xlsx",)),
    ),
    tables=(
        TableSpec("country_year", ("xlsx",), load_country_year,
                  "defence expenditure, GDP, personnel and category shares by ally and year (long format)",
                  one_to_one=False,
                  columns={"ccode": "COW state code", "country": "NATO country name", "year": "year",
                           "estimate": "2023e/2024e estimate", "series": "measure", "unit": "unit of value",
                           "value": "the figure", "currency": "national currency (Table 1)"}),
    ),
    downloads=(
        Download("https://www.nato.int/nato_static_fl2014/assets/pdf/2024/6/pdf/240617-def-exp-2024-TABLES-en.xlsx",
                 "240617-def-exp-2024-TABLES-en.xlsx", {"": "xlsx"}),
    ),
)

DATASETS = (NATO_DEFEXP_2024,)
