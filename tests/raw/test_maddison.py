"""Maddison 2020 loader: .dta and .xlsx fixtures + real-data checks."""
import numpy as np
import pandas as pd
import pytest

from alliancestats.raw.sources import maddison

ROWS = pd.DataFrame({
    "countrycode": ["USA", "SUN", "SUN", "RUS"],
    "country": ["United States", "Former USSR", "Former USSR", "Russian Federation"],
    "year": np.array([2018, 1990, 2000, 1990], dtype="int16"),
    "gdppc": [55334.7394, 7779.0, np.nan, 10000.0],
    "pop": [327834.6583, 289000.0, 286000.0, 148000.0],
})


def test_dta_fixture(tmp_path):
    p = tmp_path / "mpd2020.dta"
    ROWS.to_stata(p, write_index=False)
    res = maddison.load_country_year({"mpd": p})
    d = res.data
    assert res.rows_read == 4 and len(d) == 4 and len(res.rejected) == 0
    assert d["ccode"].tolist()[:2] == [2, 365] and d["ccode"].isna().tolist()[2:] == [True, True]
    # gdp = gdppc * pop(thousands) * 1000
    assert d["gdp"].iat[0] == pytest.approx(55334.7394 * 327834.6583 * 1000)
    assert pd.isna(d["gdp"].iat[2])
    assert any("SUN (2000-2000, 1 rows)" in n for n in res.notes)
    assert any("RUS (1990-1990, 1 rows)" in n for n in res.notes)


def test_xlsx_fixture_same_as_dta(tmp_path):
    import openpyxl
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Notes"
    ws2 = wb.create_sheet("Full data")
    ws2.append(list(ROWS.columns))
    for r in ROWS.itertuples(index=False):
        ws2.append([None if isinstance(v, float) and np.isnan(v) else v for v in r])
    p = tmp_path / "mpd2020.xlsx"
    wb.save(p)
    x = maddison.load_country_year({"mpd": p}).data
    ROWS.to_stata(tmp_path / "m.dta", write_index=False)
    d = maddison.load_country_year({"mpd": tmp_path / "m.dta"}).data
    cols = ["ccode", "countrycode", "country", "year", "gdppc", "pop", "gdp"]
    pd.testing.assert_frame_equal(x[cols], d[cols])
    assert x["source_line"].tolist() == [2, 3, 4, 5]


def test_real_maddison(real_dir):
    res = maddison.load_country_year({"mpd": real_dir / "maddison_2020" / "mpd2020.dta"})
    assert res.rows_read == len(res.data) == 21682
    d = res.data.set_index(["countrycode", "year"])
    assert d.loc[("USA", 2018), "gdppc"] == pytest.approx(55334.74, abs=0.01)
    assert d.loc[("USA", 2018), "pop"] == pytest.approx(327834.66, abs=0.01)  # thousands
    assert d.loc[("USA", 2018), "gdp"] == pytest.approx(1.814e13, rel=1e-3)
    assert d.loc[("DEU", 2000), "ccode"] == 255 and pd.isna(d.loc[("DEU", 1970), "ccode"])
    assert d.loc[("SUN", 1980), "ccode"] == 365 and pd.isna(d.loc[("RUS", 1980), "ccode"])
    # no duplicate ccode-year: the year rules keep successor/predecessor series apart
    m = res.data.dropna(subset=["ccode"])
    assert not m.duplicated(["ccode", "year"]).any()
    assert res.data["year"].min() == 1 and res.data["year"].max() == 2018


def test_real_xlsx_matches_dta(real_dir):
    a = maddison.load_country_year({"mpd": real_dir / "maddison_2020" / "mpd2020.dta"}).data
    b = maddison.load_country_year({"mpd": real_dir / "maddison_2020" / "mpd2020.xlsx"}).data
    cols = ["ccode", "countrycode", "year", "gdppc", "pop"]
    pd.testing.assert_frame_equal(a[cols], b[cols], check_exact=False, rtol=1e-12)
