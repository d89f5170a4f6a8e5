"""World Bank WDI loaders: hand-made fixtures in both release layouts + real-data checks."""
import pandas as pd
import pytest

from alliancestats.errors import IngestError
from alliancestats.raw.sources import worldbank as wb
from _util import write_text

HDR18 = '"Country Name","Country Code","Indicator Name","Indicator Code","1990","1991","1992",'
PRE = '"Data Source","World Development Indicators",\n\n"Last Updated Date","2018-02-22",\n\n'


def _wb18(tmp_path, name, ind, rows):
    body = PRE + HDR18 + "\n" + "\n".join(rows)
    return write_text(tmp_path / name, body, bom=True)


def _files18(tmp_path):
    m = _wb18(tmp_path, "API_MS.MIL.XPND.GD.ZS_DS2_en_csv_v2.csv", "MS.MIL.XPND.GD.ZS", [
        '"Russian Federation","RUS","Military expenditure (% of GDP)","MS.MIL.XPND.GD.ZS","","3.5","4.4",',
        '"World","WLD","Military expenditure (% of GDP)","MS.MIL.XPND.GD.ZS","3.1","3.0","2.8",',
        '"Aruba","ABW","Military expenditure (% of GDP)","MS.MIL.XPND.GD.ZS","","","",',
    ])
    g = _wb18(tmp_path, "API_NY.GDP.MKTP.CD_DS2_en_csv_v2.csv", "NY.GDP.MKTP.CD", [
        '"United States","USA","GDP (current US$)","NY.GDP.MKTP.CD","5979589000000","","6.1E+12",',
    ])
    p = _wb18(tmp_path, "API_SP.POP.TOTL_DS2_en_csv_v2.csv", "SP.POP.TOTL", [
        '"Not classified","INX","Population, total","SP.POP.TOTL","","","",',
    ])
    return {"milex": m, "gdp": g, "pop": p}


def test_2018_layout_long_format_and_rejections(tmp_path):
    res = wb.load_wdi_2018(_files18(tmp_path))
    assert res.rows_read == 5
    d = res.data
    # RUS 1991 is the USSR in COW terms -> NA; 1992 -> 365
    rus = d[d.iso3 == "RUS"].set_index("year")
    assert rus.loc[1991, "value"] == 3.5 and pd.isna(rus.loc[1991, "ccode"])
    assert rus.loc[1992, "ccode"] == 365 and rus.loc[1992, "unit"] == "percent of GDP"
    usa = d[d.iso3 == "USA"].set_index("year")
    assert usa["value"].to_dict() == {1990: 5979589000000.0, 1992: 6.1e12}
    assert set(usa["unit"]) == {"current US$"}
    assert usa.loc[1990, "source_line"] == 6  # 4 preamble lines + header
    rej = res.rejected.set_index("file")
    assert sorted(res.rejected["reason"]) == sorted([wb.AGG_REASON, "no data", wb.INX_REASON])
    assert rej.loc["API_SP.POP.TOTL_DS2_en_csv_v2.csv", "reason"] == wb.INX_REASON
    assert str(d["ccode"].dtype) == "Int16" and str(d["year"].dtype) == "Int16"


def test_2022_layout_uses_metadata_for_aggregates(tmp_path):
    data = write_text(tmp_path / "API_MS.MIL.XPND.GD.ZS_DS2_en_csv_v2_1.csv", (
        "Country Name,Country Code,Indicator Name,Indicator Code,2019,2020\n"
        "Africa Eastern and Southern,AFE,Military expenditure (% of GDP),MS.MIL.XPND.GD.ZS,1.1,1.2,\n"
        "Germany,DEU,Military expenditure (% of GDP),MS.MIL.XPND.GD.ZS,1.35,1.72E-05,\n"
    ), bom=True)
    meta = write_text(tmp_path / "Metadata_Country_x.csv", (
        '"Country Code","Region","IncomeGroup","SpecialNotes","TableName",\n'
        '"AFE","","","26 countries,\nspanning lines","Africa Eastern and Southern",\n'
        '"DEU","Europe & Central Asia","High income","","Germany",\n'
    ), bom=True)
    res = wb.load_wdi_2022({"milex": data, "meta": meta})
    assert res.rows_read == 2
    assert res.rejected["reason"].tolist() == [wb.AGG_REASON]
    assert res.data["value"].tolist() == [1.35, 1.72e-05]
    assert res.data["ccode"].tolist() == [255, 255]


def test_bad_number_names_file_line_column(tmp_path):
    f = _files18(tmp_path)
    _wb18(tmp_path, "API_NY.GDP.MKTP.CD_DS2_en_csv_v2.csv", "x", [
        '"United States","USA","GDP (current US$)","NY.GDP.MKTP.CD","5979589000000","n/a","1",'])
    with pytest.raises(IngestError) as e:
        wb.load_wdi_2018(f)
    msg = str(e.value)
    assert "API_NY.GDP.MKTP.CD" in msg and "1991" in msg and "6" in msg


@pytest.fixture(scope="module")
def real18(real_dir):
    d = real_dir / "worldbank_wdi_2018"
    return wb.load_wdi_2018({"milex": d / "API_MS.MIL.XPND.GD.ZS_DS2_en_csv_v2.csv",
                             "gdp": d / "API_NY.GDP.MKTP.CD_DS2_en_csv_v2.csv",
                             "pop": d / "API_SP.POP.TOTL_DS2_en_csv_v2.csv"})


def test_real_2018_counts_and_units(real18):
    assert real18.rows_read == 3 * 264  # MANIFEST: 264 records per file
    written = real18.data[["source_file", "source_line"]].drop_duplicates()
    assert len(written) + len(real18.rejected) == 792
    # 46 aggregates + INX per file (regions / income groups)
    assert (real18.rejected["reason"] == wb.AGG_REASON).sum() == 3 * 46
    d = real18.data.set_index(["iso3", "indicator", "year"])["value"]
    assert d[("USA", "MS.MIL.XPND.GD.ZS", 2000)] == pytest.approx(2.93, abs=0.05)  # percent
    assert 9.5e12 < d[("USA", "NY.GDP.MKTP.CD", 2000)] < 1.1e13  # current US$, not millions
    assert 2.8e8 < d[("USA", "SP.POP.TOTL", 2000)] < 2.9e8  # persons


def test_real_2022(real_dir):
    d = real_dir / "worldbank_wdi_2022"
    res = wb.load_wdi_2022({"milex": d / "API_MS.MIL.XPND.GD.ZS_DS2_en_csv_v2_4700987.csv",
                            "meta": d / "Metadata_Country_API_MS.MIL.XPND.GD.ZS_DS2_en_csv_v2_4700987.csv"})
    assert res.rows_read == 266
    assert (res.rejected["reason"] == wb.AGG_REASON).sum() == 48
    x = res.data.set_index(["iso3", "year"])
    assert x.loc[("USA", 2000), "value"] == pytest.approx(3.11, abs=0.05)
    assert x.loc[("USA", 2000), "ccode"] == 2
    assert not res.data["iso3"].isin(["WLD", "EUU", "INX"]).any()
