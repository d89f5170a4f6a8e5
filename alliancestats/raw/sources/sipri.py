"""SIPRI Military Expenditure Database: 2025 release (xlsx, 1949-2024) and an older CSV export.

Stockholm International Peace Research Institute (2025), *SIPRI Military
Expenditure Database*, release of April 2025, file
``SIPRI-Milex-data-1949-2024_2.xlsx``. Coverage 1949-2024 (per-capita and
share-of-government-spending sheets 1988-2024).

Canonical columns
-----------------
country_year (``sipri_milex_2025_country_year``; long format, one row per
country, year and series that has a number):
ccode (Int16, COW code via :mod:`alliancestats.raw.crosswalk`, NA when the
SIPRI entity is not a COW state in that year), country (SIPRI's name), year
(Int16), series (category), value (float64), unit (category), flag (category:
``estimate`` = figure printed in blue, "SIPRI estimate", or in a column whose
header marks the year as estimated (``1952 (est.)``); ``uncertain`` =
printed in red, "highly uncertain data"; NA otherwise), notes (str: SIPRI's
footnote references for the country, e.g. ``§98``: † excludes military
pensions, ‡ current spending only, § adopted budget not actual spending, ¶
excludes paramilitary forces, ‖ currency changed/redenominated; numbers refer
to the numbered notes of the Footnotes sheet), currency (str, local-currency
sheets only), fiscal_year (str, financial-year sheet only, e.g. ``Apr-Mar``;
NA = January-December), reporting_year (str, share-of-government sheet),
source_file (sheet name), source_line (sheet row).

Series, one per data sheet, and their units:

============================  ===========================================  =======================================
series                        sheet                                        unit
============================  ===========================================  =======================================
local_currency_fy             Local currency financial years               local currency units, current prices, financial year
local_currency_cy             Local currency calendar years                local currency units, current prices, calendar year
constant_2023_usd_m           Constant (2023) US$                          US$ million, constant 2023 prices and exchange rates
current_usd_m                 Current US$                                  US$ million, current prices and exchange rates
share_of_gdp                  Share of GDP                                 fraction of GDP (0.034 = 3.4 %)
per_capita_usd                Per capita                                   current US$ per person
share_of_govt_spending        Share of Govt. spending                      fraction of general government expenditure
============================  ===========================================  =======================================

Local-currency figures are in *units* (not millions) of the current
currency: USA 1949 = 14 088 155 591 US$. Shares are kept as the FRACTIONS
SIPRI stores (the sheet displays them as percentages).

Missing codes: ``...`` (data unavailable) and ``xxx`` (state did not exist or
was not independent in that year) are not written (long format keeps only
numbers); the distinction is lost on purpose because the value is absent in
both cases. Raw-row accounting: a country row is written when at least one
of its cells holds a number, rejected with ``no data`` otherwise; region and
subregion heading rows are rejected with ``region heading, not a country``.

A third flag, ``zero_without_conversion``, marks cells where SIPRI prints 0
in a US$ or share sheet although local-currency spending that country-year
is positive (no exchange rate/economic data: GDR, Czechoslovakia, North
Korea, Russia 1992, Taiwan 1976-87, ...); their value is set to NA. True
zeros (Costa Rica, Iceland, Panama: no armed forces) are kept.

Flags come from the font colour of each cell (workbook palette: indexed 12 =
blue, 10 = red; RGB 0000FF / FF0000 also recognised); no other estimate
markers (brackets, italics) are used in this file.

region_year (``sipri_milex_2025_region_year``; sheet "Regional totals"):
region, year, series (``constant_2023_usd_b``, and
``current_2024_usd_b`` for the extra 2024 current-price column), value
(US$ billion), unit, flag (``over_10pct_estimated`` = printed in red: more
than 10 % of the total consists of estimates for countries with missing
data), omitted_countries (countries left out of the total), source_line.

Older CSV (``sipri_milex_2019_country_year``): ``sipri-milex-data.csv`` as
used in replication archives (latin-1, wide, Country + 1949..2018), values in
CURRENT US$ million (USA 1949 = 13503, 2018 = 648798.3); a single space means
missing. Long format with the same columns as the 2025 table (series
``current_usd_m``; flag/notes NA; source_line = CSV line).

Both tables carry ``ccode``; entities that do not map (European Union,
pre-1992 "Russia", region headings are rejected anyway) are listed in the
load notes.
"""
from __future__ import annotations

import re

from functools import lru_cache

import numpy as np
import pandas as pd

from ...errors import IngestError
from ..validate import quote
from ..catalog import Dataset, Download, LoadResult, ReleaseFile, TableSpec
from ..crosswalk import name_to_ccode, unmapped_notes
from ..readers import read_csv

#: sheet -> (series, unit)
SHEETS = {
    "Local currency financial years": ("local_currency_fy", "local currency units, current prices, financial year"),
    "Local currency calendar years": ("local_currency_cy", "local currency units, current prices, calendar year"),
    "Constant (2023) US$": ("constant_2023_usd_m", "US$ million, constant 2023 prices and exchange rates"),
    "Current US$": ("current_usd_m", "US$ million, current prices and exchange rates"),
    "Share of GDP": ("share_of_gdp", "fraction of GDP (0.034 = 3.4%)"),
    "Per capita": ("per_capita_usd", "current US$ per person"),
    "Share of Govt. spending": ("share_of_govt_spending", "fraction of general government expenditure"),
}

#: Region and subregion headings used in the country sheets.
REGIONS = frozenset({
    "Africa", "North Africa", "sub-Saharan Africa", "Americas", "Central America and the Caribbean",
    "North America", "South America", "Asia & Oceania", "Oceania", "South Asia", "East Asia",
    "South East Asia", "Central Asia", "Europe", "Central Europe", "Eastern Europe", "Western Europe",
    "Middle East", "World",
})

#: optional descriptive columns -> canonical name
_EXTRA = {"Currency": "currency", "Fiscal Year (Jan-Dec if not stated)": "fiscal_year", "Reporting year": "reporting_year"}

_BLUE = {"0000FF"}
_RED = {"FF0000"}


def _colour(font_color, palette) -> str | None:
    """RGB hex (6 chars) of a font colour, or None (theme/auto colours)."""
    if font_color is None:
        return None
    t = font_color.type
    if t == "indexed":
        i = font_color.indexed
        return palette[i][-6:].upper() if i is not None and 0 <= i < len(palette) else None
    if t == "rgb" and isinstance(font_color.rgb, str):
        return font_color.rgb[-6:].upper()
    return None


def _workbook_grids(path) -> dict:
    """Every sheet of the workbook as (header, values, colours, lines, header_line), parsed once.

    Cached on (path, size, mtime) so the two SIPRI tables of one ingest read
    the workbook once.
    """
    from pathlib import Path

    p = Path(path)
    st = p.stat()
    return _grids_cached(str(p), st.st_size, st.st_mtime_ns)


@lru_cache(maxsize=1)
def _grids_cached(path: str, size: int, mtime: int) -> dict:
    import openpyxl
    from openpyxl.styles.colors import COLOR_INDEX

    try:
        # read_only mode still exposes each cell's font (needed for the flags)
        wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as err:  # zipfile.BadZipFile, KeyError, InvalidFileException
        raise IngestError(path, f"not a readable .xlsx workbook ({type(err).__name__}: {err})") from err
    try:
        palette = list(wb._colors) if getattr(wb, "_colors", None) else list(COLOR_INDEX)
        out = {}
        for ws in wb.worksheets:
            rows = list(ws.iter_rows(min_row=1))
            nmax = max((len(r) for r in rows), default=0)
            vals = np.full((len(rows), nmax), None, dtype=object)
            cols = np.full((len(rows), nmax), None, dtype=object)
            for r, row in enumerate(rows):  # openpyxl hands out cells one by one
                for c, cell in enumerate(row):
                    v = cell.value
                    if v is not None:
                        vals[r, c] = v
                        cols[r, c] = _colour(cell.font.color, palette)
            out[ws.title] = (vals, cols)
    finally:
        wb.close()
    return out


def _sheet_grid(path, sheet: str, first_cell: str):
    """(header list, values object array, colours array, sheet rows, header line) below the header."""
    grids = _workbook_grids(path)
    if sheet not in grids:
        raise IngestError(path, f"expected a worksheet named {sheet!r}; found {', '.join(grids)}")
    vals, cols = grids[sheet]
    hdr = None
    for i in range(min(30, len(vals))):
        v = vals[i, 0] if vals.shape[1] else None
        if isinstance(v, str) and v.strip() == first_cell:
            hdr = i
            break
    if hdr is None:
        raise IngestError(path, f"sheet {sheet!r}: expected a header row starting with {first_cell!r} in the first 30 rows")
    header = [("" if v is None else str(v).strip()) for v in vals[hdr]]
    while header and header[-1] == "":
        header.pop()
    ncol = len(header)
    lines = np.arange(hdr + 2, len(vals) + 1, dtype=np.int64)
    return header, vals[hdr + 1:, :ncol], cols[hdr + 1:, :ncol], lines, hdr + 1


def _classify(path, sheet, header, vals, lines, year_idx):
    """Numeric values and masks for the year cells; error on unknown tokens."""
    block = vals[:, year_idx]
    is_num = np.vectorize(lambda v: isinstance(v, (int, float)) and not isinstance(v, bool), otypes=[bool])(block) if block.size else np.zeros(block.shape, bool)
    as_str = np.vectorize(lambda v: v.strip() if isinstance(v, str) else "", otypes=[object])(block) if block.size else np.zeros(block.shape, object)
    empty = np.vectorize(lambda v: v is None, otypes=[bool])(block) if block.size else np.zeros(block.shape, bool)
    known = is_num | empty | np.isin(as_str, ["...", ". .", "xxx", ""])
    if (~known).any():
        r, c = (int(x[0]) for x in np.nonzero(~known))
        raise IngestError(path, f"sheet {sheet!r}: expected a number, '...' or 'xxx', found {quote(block[r, c])}",
                          line=int(lines[r]), column=str(header[year_idx[c]]))
    num = np.where(is_num, block, np.nan).astype("float64")
    return num, is_num, empty


_YEAR = re.compile(r"^(\d{4})(?:\.0)?$")
#: a year marked as an estimate in the header: ``1952 (est.)``, ``1952 (estimate)``, ``1952e``, ``1952*``
_YEAR_EST = re.compile(r"^(\d{4})\s*(?:[(\[]\s*(?:est\.?|estimated?|e)\s*[)\]]|e|\*)$", re.IGNORECASE)
_YEARISH = re.compile(r"(?<!\d)(1[5-9]|20)\d{2}(?!\d)")


def _years(header, path=None, line=None, *, known=(), other_years=()) -> tuple[list[int], list[int], list[bool], list[str]]:
    """Year columns of a wide sheet: (column indexes, years, estimate flags, skipped column names).

    ``1952`` is a year; ``1952 (est.)``-style headers are the year with its
    values flagged ``estimate``. A header that contains a year but is
    neither (``1952 revised``) is an error naming it, so no year column is
    ever dropped silently; other unknown columns (not in ``known``, not in
    ``other_years``, which the caller reads itself) are skipped and listed
    in the table's notes.
    """
    idx, yrs, est, skipped = [], [], [], []
    for j, h in enumerate(header):
        s = str(h).strip()
        m = _YEAR.match(s) or _YEAR_EST.match(s)
        if m:
            if int(m.group(1)) in yrs:
                raise IngestError(path, f"year {m.group(1)} has two columns", line=line, column=s)
            idx.append(j)
            yrs.append(int(m.group(1)))
            est.append(m.re is _YEAR_EST)
        elif s == "" or s.startswith("unnamed_") or s in known or s in other_years:
            continue
        elif _YEARISH.search(s):
            raise IngestError(path, f"column header {quote(s)} holds a year but is not a year column this loader "
                                    f"reads (expected 1952 or '1952 (est.)')", line=line, column=s)
        else:
            skipped.append(s)
    return idx, yrs, est, skipped


def _skipped_note(where: str, skipped: list[str]) -> list[str]:
    return [f"{where}: columns not read (not years): {', '.join(quote(c, 40) for c in skipped)}"] if skipped else []


def _country_sheet(path, sheet):
    series, unit = SHEETS[sheet]
    header, vals, cols, lines, hline = _sheet_grid(path, sheet, "Country")
    if "Notes" not in header:
        raise IngestError(path, f"sheet {sheet!r}: expected a 'Notes' column", line=hline, column="Notes")
    yidx, yrs, est, skipped = _years(header, path, hline, known=("Country", "Notes", *_EXTRA))
    if not yidx:
        raise IngestError(path, f"sheet {sheet!r}: expected year columns (1949, 1950, ...)", line=hline)
    names = pd.Series([("" if v is None else str(v).strip()) for v in vals[:, 0]], dtype="str")
    num, is_num, empty = _classify(path, sheet, header, vals, lines, yidx)
    blank = (names == "").to_numpy() & empty.all(axis=1)
    if ((names == "").to_numpy() & ~empty.all(axis=1)).any():
        i = int(np.flatnonzero((names == "").to_numpy() & ~empty.all(axis=1))[0])
        raise IngestError(path, f"sheet {sheet!r}: values in a row without a country name", line=int(lines[i]), column="Country")
    keep = ~blank
    region = keep & names.isin(REGIONS).to_numpy() & empty.all(axis=1)
    nodata = keep & ~region & ~is_num.any(axis=1)
    written = keep & ~region & ~nodata
    rej = pd.concat([
        pd.DataFrame({"file": sheet, "line": lines[region], "reason": "region heading, not a country"}),
        pd.DataFrame({"file": sheet, "line": lines[nodata], "reason": "no data"}),
    ], ignore_index=True)
    # long format over written rows x year columns with a number
    r_idx, c_idx = np.nonzero(is_num & written[:, None])
    colour = cols[:, yidx][r_idx, c_idx]
    flag = np.where(np.isin(colour, list(_BLUE)) | np.asarray(est, dtype=bool)[c_idx], "estimate",
                    np.where(np.isin(colour, list(_RED)), "uncertain", None))
    def extra(colname):
        if colname not in header:
            return pd.Series(pd.NA, index=range(len(r_idx)), dtype="str")
        j = header.index(colname)
        col = pd.Series([("" if v is None else str(v).strip()) for v in vals[:, j]], dtype="str")
        col = col.mask(col == "")
        return pd.Series(col.to_numpy()[r_idx], dtype="str")
    out = pd.DataFrame({
        "country": pd.Series(names.to_numpy()[r_idx], dtype="str"),
        "year": pd.array(np.asarray(yrs, dtype="int64")[c_idx], dtype="Int16"),
        "series": series,
        "value": num[r_idx, c_idx],
        "unit": unit,
        "flag": pd.Categorical(flag, categories=["estimate", "uncertain"]),
        "notes": extra("Notes"),
        **{canon: extra(raw) for raw, canon in _EXTRA.items()},
        "source_file": sheet,
        "source_line": lines[r_idx].astype("int32"),
    })
    return out, rej, int(keep.sum()), _skipped_note(f"sheet {sheet!r}", skipped)


def load_country_year(files) -> LoadResult:
    path = files["xlsx"]
    parts, rejs, read, skipped = [], [], 0, []
    for sheet in SHEETS:
        df, rej, n, sk = _country_sheet(path, sheet)
        parts.append(df)
        rejs.append(rej)
        read += n
        skipped += sk
    data = pd.concat(parts, ignore_index=True)
    # SIPRI writes 0 in US$/share sheets where it has no conversion (e.g. GDR,
    # Czechoslovakia, North Korea, Russia 1992) although local-currency
    # spending is positive: those zeros are not data -> NA + flag.
    lc = data[data["series"].isin(["local_currency_cy", "local_currency_fy"]) & (data["value"] > 0)]
    pos = pd.MultiIndex.from_frame(lc[["country", "year"]].drop_duplicates())
    key = pd.MultiIndex.from_frame(data[["country", "year"]])
    fake0 = ((data["value"] == 0) & ~data["series"].isin(["local_currency_cy", "local_currency_fy"])).to_numpy() & key.isin(pos)
    data.loc[fake0, "value"] = np.nan
    data["flag"] = data["flag"].cat.add_categories(["zero_without_conversion"])
    data.loc[fake0, "flag"] = "zero_without_conversion"
    ccode, rep = name_to_ccode(data["country"], source="sipri", year=data["year"], report=True)
    data.insert(0, "ccode", ccode.array)
    data["series"] = pd.Categorical(data["series"], categories=[s for s, _ in SHEETS.values()])
    data["unit"] = data["unit"].astype("category")
    notes = unmapped_notes(rep, "SIPRI country names (country-year cells)") + skipped
    notes.append(f"{int(fake0.sum())} zero values in US$/share sheets set to NA (flag zero_without_conversion): "
                 "local-currency spending is positive in those country-years")
    return LoadResult(data, read, pd.concat(rejs, ignore_index=True), notes)


def load_region_year(files) -> LoadResult:
    path = files["xlsx"]
    sheet = "Regional totals"
    header, vals, cols, lines, hline = _sheet_grid(path, sheet, "Region")
    cur = [j for j, h in enumerate(header) if "current prices" in h.lower()]
    yidx, yrs, est, skipped = _years(header, path, hline, known=("Region", "Omitted countries"),
                                     other_years=[header[j] for j in cur])
    om = header.index("Omitted countries") if "Omitted countries" in header else None
    idx = yidx + cur
    names = pd.Series([("" if v is None else str(v).strip()) for v in vals[:, 0]], dtype="str")
    num, is_num, empty = _classify(path, sheet, header, vals, lines, idx)
    keep = ~((names == "").to_numpy() & empty.all(axis=1))
    nodata = keep & ~is_num.any(axis=1)
    written = keep & ~nodata
    r_idx, c_idx = np.nonzero(is_num & written[:, None])
    year_of = np.asarray(yrs + [int(str(header[j])[:4]) for j in cur], dtype="int64")
    ser = np.where(c_idx < len(yidx), "constant_2023_usd_b", "current_2024_usd_b")
    colour = cols[:, idx][r_idx, c_idx]
    omitted = pd.Series([("" if om is None or v is None else str(v).strip()) for v in (vals[:, om] if om is not None else [None] * len(vals))], dtype="str")
    out = pd.DataFrame({
        "region": pd.Series(names.to_numpy()[r_idx], dtype="str"),
        "year": pd.array(year_of[c_idx], dtype="Int16"),
        "series": pd.Categorical(ser, categories=["constant_2023_usd_b", "current_2024_usd_b"]),
        "value": num[r_idx, c_idx],
        "unit": pd.Categorical(np.where(c_idx < len(yidx), "US$ billion, constant 2023 prices and exchange rates",
                                        "US$ billion, current 2024 prices and exchange rates")),
        "flag": pd.Categorical(np.where(np.isin(colour, list(_RED)), "over_10pct_estimated",
                                        np.where(np.asarray(est + [False] * len(cur), dtype=bool)[c_idx], "estimate", None)),
                               categories=["over_10pct_estimated", "estimate"]),
        "omitted_countries": pd.Series(omitted.mask(omitted == "").to_numpy()[r_idx], dtype="str"),
        "source_line": lines[r_idx].astype("int32"),
    })
    rej = pd.DataFrame({"line": lines[nodata], "reason": "no data"})
    return LoadResult(out, int(keep.sum()), rej, _skipped_note(f"sheet {sheet!r}", skipped))


def load_csv_current_usd(files) -> LoadResult:
    """Older wide CSV export (current US$ m) -> long format."""
    raw = read_csv(files["csv"], required=("Country",), encodings=("utf-8", "cp1252", "latin-1"))
    yidx, yrs, est, skipped = _years(list(raw.frame.columns), raw.path, raw.header_line, known=("Country",))
    yearcols = [raw.frame.columns[j] for j in yidx]
    if not yearcols:
        raise IngestError(raw.path, "expected year columns (1949, 1950, ...) after 'Country'", line=raw.header_line)
    block = raw.frame[yearcols]
    empty = block.isin(["", "NA", "..."]).to_numpy()
    num = block.apply(lambda s: pd.to_numeric(s.where(~s.isin(["", "NA", "..."]), None), errors="coerce")).to_numpy(dtype="float64", na_value=np.nan)
    bad = ~empty & np.isnan(num)
    if bad.any():
        r, c = (int(x[0]) for x in np.nonzero(bad))
        raise IngestError(raw.path, f"expected a number, found {quote(block.iat[r, c])}", line=int(raw.lines[r]), column=yearcols[c])
    has = ~np.isnan(num)
    written = has.any(axis=1)
    r_idx, c_idx = np.nonzero(has)
    country = raw.frame["Country"].to_numpy()[r_idx]
    years = np.asarray(yrs, dtype="int64")[c_idx]
    data = pd.DataFrame({
        "country": pd.Series(country, dtype="str"),
        "year": pd.array(years, dtype="Int16"),
        "series": pd.Categorical(["current_usd_m"] * len(r_idx)),
        "value": num[r_idx, c_idx],
        "unit": pd.Categorical(["US$ million, current prices and exchange rates"] * len(r_idx)),
        "flag": pd.Categorical(np.where(np.asarray(est, dtype=bool)[c_idx], "estimate", None),
                               categories=["estimate", "uncertain"]),
        "notes": pd.Series(pd.NA, index=range(len(r_idx)), dtype="str"),
        "source_line": raw.lines[r_idx].astype("int32"),
    })
    ccode, rep = name_to_ccode(data["country"], source="sipri", year=data["year"], report=True)
    data.insert(0, "ccode", ccode.array)
    rej = pd.DataFrame({"line": raw.lines[~written], "reason": "no data"})
    return LoadResult(data, len(raw), rej, unmapped_notes(rep, "SIPRI country names (country-year cells)")
                      + _skipped_note(raw.name, skipped))


CITATION_2025 = """@misc{sipri2025milex,
  author = {{Stockholm International Peace Research Institute}},
  title = {{SIPRI} Military Expenditure Database},
  year = {2025},
  note = {Release of April 2025, data for 1949--2024},
  howpublished = {\\url{https://www.sipri.org/databases/milex}}
}"""

CITATION_2019 = """@misc{sipri2019milex,
  author = {{Stockholm International Peace Research Institute}},
  title = {{SIPRI} Military Expenditure Database},
  year = {2019},
  note = {Data for 1949--2018, current US\\$ export},
  howpublished = {\\url{https://www.sipri.org/databases/milex}}
}"""

LICENCE = ("SIPRI data may be used for research and non-commercial purposes with attribution "
           "('SIPRI Military Expenditure Database'); see https://www.sipri.org/databases/milex and SIPRI's terms of use.")

_COLS = {
    "ccode": "COW state code (Int16; NA if the SIPRI entity is not a COW state that year)",
    "country": "SIPRI country name", "year": "year (financial year for local_currency_fy)",
    "series": "which sheet/measure", "value": "the figure (see unit)", "unit": "unit of value",
    "flag": "estimate (blue) / uncertain (red) per SIPRI's cell colour", "notes": "SIPRI footnote references",
}

SIPRI_MILEX_2025 = Dataset(
    dataset_id="sipri_milex_2025",
    family="sipri_milex",
    title="SIPRI Military Expenditure Database",
    publisher="Stockholm International Peace Research Institute (SIPRI)",
    version="2025",
    coverage=(1949, 2024),
    citation=CITATION_2025,
    licence=LICENCE,
    homepage="https://www.sipri.org/databases/milex",
    files=(
        ReleaseFile("xlsx", "SIPRI-Milex-data-1949-2024_2.xlsx",
                    ("8a31c2794c8070230b3b9ef26a3249663f6317a8bc86ba3ec3099c791cdb692f",),
                    aliases=("SIPRI-Milex-data-1949-2024*.xlsx",)),
    ),
    tables=(
        TableSpec("country_year", ("xlsx",), load_country_year,
                  "military expenditure by country and year, every data sheet in long format", one_to_one=False,
                  columns=_COLS),
        TableSpec("region_year", ("xlsx",), load_region_year,
                  "regional and world totals (US$ b, constant 2023 prices)", one_to_one=False),
    ),
    downloads=(
        Download("https://www.sipri.org/sites/default/files/SIPRI-Milex-data-1949-2024_2.xlsx",
                 "SIPRI-Milex-data-1949-2024_2.xlsx", {"": "xlsx"}),
    ),
    notes="Share sheets are fractions, local currency in units (not millions).",
)

SIPRI_MILEX_2019 = Dataset(
    dataset_id="sipri_milex_2019",
    family="sipri_milex",
    title="SIPRI Military Expenditure Database (current US$ export, 1949-2018)",
    publisher="Stockholm International Peace Research Institute (SIPRI)",
    version="2019",
    coverage=(1949, 2018),
    citation=CITATION_2019,
    licence=LICENCE,
    homepage="https://www.sipri.org/databases/milex",
    files=(
        ReleaseFile("csv", "sipri-milex-data.csv",
                    ("716b9c9b1374c778b954140d331b5ff284471cab3b7fe3cac3215b84e8059f40",), rows=173,
                    aliases=("sipri-milex*.csv",)),
    ),
    tables=(
        TableSpec("country_year", ("csv",), load_csv_current_usd,
                  "military expenditure in current US$ m by country and year (long format)", one_to_one=False,
                  columns=_COLS),
    ),
    downloads=(
        Download("https://www.sipri.org/sites/default/files/SIPRI-Milex-data-1949-2018.xlsx",
                 "SIPRI-Milex-data-1949-2018.xlsx", {}),
    ),
    notes="The CSV is a researcher's export of the 'Current US$' sheet of the 2019 release; the official "
          "download is the xlsx, which this table does not read.",
)

DATASETS = (SIPRI_MILEX_2025, SIPRI_MILEX_2019)
