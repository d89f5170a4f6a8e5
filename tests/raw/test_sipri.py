"""SIPRI Milex loaders: hand-made xlsx/CSV fixtures in the release layouts + real-data checks."""
import pandas as pd
import pytest

from alliancestats.errors import IngestError
from alliancestats.raw.sources import sipri
from _util import write_text

BLUE, RED = "FF0000FF", "FFFF0000"


def _book(path, *, bad_cell=None):
    import openpyxl
    from openpyxl.styles import Font

    wb = openpyxl.Workbook()
    wb.active.title = "Front page"
    for sheet in sipri.SHEETS:
        ws = wb.create_sheet(sheet)
        ws.append(["Military expenditure by country " + sheet])
        ws.append(['". ." = data unavailable. "xxx" = country did not exist'])
        ws.append([])
        extra = ["Currency"] if sheet.startswith("Local") else []
        if sheet == "Local currency financial years":
            extra.append("Fiscal Year (Jan-Dec if not stated)")
        head = ["Country", *extra, "Notes", 1989, 1990, 1991, 1992]
        ws.append(head)                                    # row 4
        ws.append([])                                      # row 5 blank
        ws.append(["Europe"])                              # row 6 region heading
        pad = [""] * len(extra)
        ws.append(["USSR", *pad, "", 100.0, 90.0, "...", "xxx"])      # row 7
        ws.append(["Russia", *pad, "83", "...", "...", "...", 0 if sheet == "Current US$" else 50.0])  # row 8
        ws.append(["Germany", *pad, "", 40.0, 41.0, 42.0, 43.0])   # row 9
        ws.append(["Atlantis", *pad, "§", "...", "xxx", "...", "..."])  # row 10: no data
        ws.append(["European Union", *pad, "†¶103", "xxx", "xxx", "xxx", 7.0])  # row 11
        n0 = len(extra) + 2
        ws.cell(row=9, column=n0 + 1).font = Font(color=BLUE)   # Germany 1989 estimate
        ws.cell(row=9, column=n0 + 2).font = Font(color=RED)    # Germany 1990 uncertain
        if bad_cell and sheet == "Current US$":
            ws.cell(row=9, column=n0 + 3).value = bad_cell
    ws = wb.create_sheet("Regional totals")
    ws.append(["Military expenditure by region"])
    ws.append(["Region", 1990, 1991, "2024 (current prices)", "", "Omitted countries"])
    ws.append(["World", 1000.5, "...", 2000.0, None, ""])
    ws.append(["Europe", 500.0, 400.0, "...", None, "Kosovo"])
    ws.cell(row=4, column=2).font = Font(color=RED)
    wb.save(path)
    return path


def test_fixture_long_format_flags_and_accounting(tmp_path):
    p = _book(tmp_path / "SIPRI-Milex-data-1949-2024_2.xlsx")
    res = sipri.load_country_year({"xlsx": p})
    d = res.data
    # 7 sheets x 6 non-blank rows (1 region + 5 countries)
    assert res.rows_read == 42
    rej = res.rejected
    assert (rej["reason"] == "region heading, not a country").sum() == 7
    assert (rej["reason"] == "no data").sum() == 7           # Atlantis on each sheet
    assert set(rej["line"]) == {6, 10} and set(rej["file"]) == set(sipri.SHEETS)
    cur = d[d.series == "current_usd_m"]
    ger = cur[cur.country == "Germany"].set_index("year")
    assert ger["value"].tolist() == [40.0, 41.0, 42.0, 43.0]
    assert ger.loc[1989, "flag"] == "estimate" and ger.loc[1990, "flag"] == "uncertain" and pd.isna(ger.loc[1991, "flag"])
    # Germany before 1990 is West Germany (260) in SIPRI
    assert ger["ccode"].tolist() == [260, 255, 255, 255]
    ussr = cur[cur.country == "USSR"]
    assert ussr["year"].tolist() == [1989, 1990] and ussr["ccode"].tolist() == [365, 365]  # '...'/'xxx' dropped
    # Russia 1992: 0 in US$ while local currency is 50 -> NA + flag
    rus = d[(d.country == "Russia") & (d.year == 1992)].set_index("series")
    assert pd.isna(rus.loc["current_usd_m", "value"]) and rus.loc["current_usd_m", "flag"] == "zero_without_conversion"
    assert rus.loc["local_currency_cy", "value"] == 50.0 and rus.loc["local_currency_cy", "ccode"] == 365
    assert rus.loc["current_usd_m", "notes"] == "83"
    eu = d[d.country == "European Union"]
    assert eu["ccode"].isna().all() and len(eu) == 7
    assert any("European Union" in n for n in res.notes)
    assert str(d["ccode"].dtype) == "Int16" and set(d["source_file"]) == set(sipri.SHEETS)
    assert d.loc[d.series == "local_currency_fy", "currency"].isna().all()  # empty currency cells -> NA


def test_fixture_region_table(tmp_path):
    p = _book(tmp_path / "s.xlsx")
    res = sipri.load_region_year({"xlsx": p})
    d = res.data
    assert res.rows_read == 2 and len(res.rejected) == 0
    w = d[d.region == "World"].set_index(["series", "year"])["value"].to_dict()
    assert w == {("constant_2023_usd_b", 1990): 1000.5, ("current_2024_usd_b", 2024): 2000.0}
    eu = d[d.region == "Europe"].set_index("year")
    assert eu.loc[1990, "flag"] == "over_10pct_estimated" and eu.loc[1990, "omitted_countries"] == "Kosovo"


def test_unknown_token_is_an_error_with_sheet_line_column(tmp_path):
    p = _book(tmp_path / "bad.xlsx", bad_cell="n.a.")
    sipri._grids_cached.cache_clear()
    with pytest.raises(IngestError) as e:
        sipri.load_country_year({"xlsx": p})
    msg = str(e.value)
    assert "Current US$" in msg and "9" in msg and "1991" in msg and "n.a." in msg


def test_old_csv_cp1252_wide(tmp_path):
    p = write_text(tmp_path / "sipri-milex-data.csv", (
        "Country,1949,1950,1951\n"
        "USA,13503,14307,33059\n"
        "C\u00f4te d\u2019Ivoire, , ,12.5\n"
        "Atlantis, , , \n"
    ), encoding="cp1252")
    res = sipri.load_csv_current_usd({"csv": p})
    assert res.rows_read == 3
    assert res.rejected.to_dict("records") == [{"line": 4, "reason": "no data"}]
    d = res.data
    assert d["value"].tolist() == [13503.0, 14307.0, 33059.0, 12.5]
    assert d["ccode"].tolist() == [2, 2, 2, 437]
    assert set(d["series"]) == {"current_usd_m"}


@pytest.fixture(scope="module")
def real(real_dir):
    return sipri.load_country_year({"xlsx": real_dir / "sipri_milex" / "SIPRI-Milex-data-1949-2024_2.xlsx"})


def test_real_accounting(real):
    written = real.data[["source_file", "source_line"]].drop_duplicates()
    assert len(written) + len(real.rejected) == real.rows_read == 1344  # 192 rows x 7 sheets
    assert (real.rejected["reason"] == "region heading, not a country").sum() == 7 * 18


def test_real_units(real):
    d = real.data.set_index(["country", "series", "year"])["value"]
    usa = "United States of America"
    assert d[(usa, "share_of_gdp", 2000)] == pytest.approx(0.0311, abs=0.0005)  # FRACTION
    assert d[(usa, "current_usd_m", 2000)] == pytest.approx(320086.3, abs=0.1)   # US$ m
    assert d[(usa, "local_currency_cy", 1949)] == pytest.approx(14088155590.7, rel=1e-9)  # units, not millions
    assert d[(usa, "share_of_govt_spending", 2024)] == pytest.approx(0.0911, abs=0.0005)
    assert real.data.loc[real.data.country == usa, "ccode"].eq(2).all()


def test_real_flags_and_mapping(real):
    d = real.data
    assert (d["flag"] == "estimate").sum() > 5000 and (d["flag"] == "uncertain").sum() > 500
    rus92 = d[(d.country == "Russia") & (d.year == 1992) & (d.series == "current_usd_m")]
    assert rus92["flag"].iat[0] == "zero_without_conversion" and pd.isna(rus92["value"].iat[0])
    cr = d[(d.country == "Costa Rica") & (d.series == "current_usd_m") & (d.year == 2000)]
    assert cr["value"].iat[0] == 0.0 and pd.isna(cr["flag"].iat[0])  # a true zero
    m = d.dropna(subset=["ccode"])
    assert not m.duplicated(["ccode", "year", "series"]).any()


def test_real_old_csv(real_dir):
    res = sipri.load_csv_current_usd({"csv": real_dir / "sipri_milex" / "sipri-milex-data.csv"})
    assert res.rows_read == 173
    assert len(res.data[["source_line"]].drop_duplicates()) + len(res.rejected) == 173
    usa = res.data[res.data.country == "USA"].set_index("year")["value"]
    assert usa[1949] == 13503 and usa[2018] == pytest.approx(648798.3)
    assert res.data["ccode"].notna().mean() > 0.97
