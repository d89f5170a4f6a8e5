"""NMC 5.0 / 6.0 / 7.0 loaders: units, missing codes, currency break, release recognition."""
from __future__ import annotations

import math

import pandas as pd
import pytest

from alliancestats.errors import IngestError
from alliancestats.raw.catalog import get_dataset
from alliancestats.raw.run import ingest
from alliancestats.raw.sources import nmc
from _util import write_text

HEADER = "stateabb,ccode,year,milex,milper,irst,pec,tpop,upop,cinc,version"

NMC60 = f"""
{HEADER}
USA,2,1913,62825,155,31803,600107,97225,22596,.219911,2021
USA,2,1914,253205,166,23890,556778,99111,23340,.206364,2021
HAI,41,1816,-9,2,0,0,723,-9,.0000892,2021
FRN,220,1816,-9,-9,-9,-9,30000,1500.5,.08,2021
"""


def _load60(tmp_path, text=NMC60, name="NMC-60-abridged.csv"):
    p = write_text(tmp_path / name, text, newline="\r\n")
    return nmc.load_state_year_6_0({"nmc": p})


def test_units_missing_codes_and_currency(tmp_path):
    res = _load60(tmp_path)
    df = res.data
    assert res.rows_read == 4 and len(df) == 4 and len(res.rejected) == 0
    assert df["source_line"].tolist() == [2, 3, 4, 5]
    usa13, usa14, hai, frn = (df.iloc[i] for i in range(4))
    # values are kept in the source units (thousands); -9 -> NA
    assert usa13["milex"] == 62825 and usa13["milex_currency"] == "GBP"
    assert usa14["milex"] == 253205 and usa14["milex_currency"] == "USD"
    assert pd.isna(hai["milex"]) and hai["milex_currency"] == "GBP"  # unit known even if value missing
    assert pd.isna(hai["upop"]) and hai["tpop"] == 723
    assert frn[["milex", "milper", "irst", "pec"]].isna().all()
    assert frn["upop"] == 1500.5  # fractional populations survive
    assert math.isclose(usa14["cinc"], 0.206364)
    assert str(df["milex"].dtype) == "Float64" and str(df["ccode"].dtype) == "Int16"
    assert str(df["year"].dtype) == "Int16" and str(df["cinc"].dtype) == "float64"
    assert list(df["milex_currency"].cat.categories) == ["GBP", "USD"]
    assert df["version"].tolist() == [2021] * 4


def test_duplicate_state_year_rejected(tmp_path):
    text = NMC60 + "USA,2,1914,1,1,1,1,1,1,.1,2021\n"
    res = _load60(tmp_path, text)
    assert len(res.data) == 4
    assert res.rejected["line"].tolist() == [6]
    assert res.rejected["reason"].tolist() == ["duplicate ccode-year"]
    # the first record is the one kept
    assert res.data.loc[res.data["year"] == 1914, "milex"].tolist() == [253205]


def test_non_numeric_cell_names_line_and_column(tmp_path):
    text = NMC60.replace("USA,2,1914,253205", "USA,2,1914,25x205")
    with pytest.raises(IngestError) as err:
        _load60(tmp_path, text)
    assert err.value.line == 3 and err.value.column == "milex"


def test_6_0_loader_refuses_another_release(tmp_path):
    text = NMC60.replace(",2021\n", ",2025\n", 1)
    with pytest.raises(IngestError) as err:
        _load60(tmp_path, text)
    assert err.value.column == "version" and err.value.line == 2
    assert "2021" in str(err.value)


def test_5_0_without_version_column(tmp_path):
    text = """
stateabb,ccode,year,milex,milper,irst,pec,tpop,upop,cinc
UKG,200,1816,16942,255,325,16178,19520,1586,.33696
UKG,200,1914,1922940,532,7971,247513,45649,15837,.1
"""
    p = write_text(tmp_path / "NMC_5_0.csv", text)
    res = nmc.load_state_year_5_0({"nmc": p})
    df = res.data
    assert len(df) == 2 and df["version"].isna().all()
    assert df["milex_currency"].tolist() == ["GBP", "USD"]
    assert df["milex"].tolist() == [16942, 1922940]


def test_7_0_layout(tmp_path):
    text = f"""
{HEADER}
USA,2,2022,876943000,1359,80535,3360000,333288,270000,.13,2025
CHN,710,2022,-9,2035,1018000,6400000,1412175,870000,.24,2025
"""
    p = write_text(tmp_path / "NMC-70-abridged.csv", text, newline="\r\n")
    df = nmc.load_state_year_7_0({"nmc": p}).data
    assert df["milex"].tolist()[0] == 876943000 and pd.isna(df["milex"].iloc[1])
    assert df["milex_currency"].tolist() == ["USD", "USD"]
    assert df["version"].tolist() == [2025, 2025]


def test_catalog_entries():
    d5, d6, d7 = (get_dataset(i) for i in ("nmc_5_0", "nmc_6_0", "nmc_7_0"))
    assert {d.family for d in (d5, d6, d7)} == {"nmc"}
    assert (d5.coverage, d6.coverage, d7.coverage) == ((1816, 2012), (1816, 2016), (1816, 2022))
    assert d5.file("nmc").filename == "NMC_5_0.csv" and d5.file("nmc").sha256 == ()
    assert d7.file("nmc").filename == "NMC-70-abridged.csv" and d7.file("nmc").sha256 == ()
    f6 = d6.file("nmc")
    assert f6.rows == 15951
    assert f6.sha256 == ("989920cc06ccb652bf8b0c537f78220463ecfe14c41295a8876e9f263e78f323",)
    # identical headers across releases: no signature, or one release would be taken for another
    assert not d5.file("nmc").signature and not f6.signature and not d7.file("nmc").signature
    assert [t.name for t in d6.tables] == ["state_year"]


def test_driver_labels_releases_by_file_name(tmp_path):
    raw = tmp_path / "raw"
    write_text(raw / "NMC_5_0.csv", f"{HEADER}\nUSA,2,1816,3823,17,80,254,8659,101,.0397,5\n")
    rep = ingest(raw, tmp_path / "out", datasets_=["nmc_5_0", "nmc_6_0", "nmc_7_0"])
    status = {t.table_id: t.status for t in rep.tables}
    assert status == {"nmc_5_0_state_year": "written", "nmc_6_0_state_year": "missing_input",
                      "nmc_7_0_state_year": "missing_input"}
    df = pd.read_parquet(tmp_path / "out" / "nmc_5_0_state_year.parquet")
    assert df["version"].tolist() == [5] and df["milex"].tolist() == [3823]


# ---------------------------------------------------------------- real data


def test_real_nmc_6_0(real_dir):
    res = nmc.load_state_year_6_0({"nmc": real_dir / "cow_nmc_6.0" / "NMC-60-abridged.csv"})
    df = res.data
    assert res.rows_read == 15951 and len(df) == 15951 and len(res.rejected) == 0
    assert not df.duplicated(["ccode", "year"]).any()
    assert (int(df["year"].min()), int(df["year"].max())) == (1816, 2016)
    # MANIFEST: 3185 cells hold -9; all became NA, and nothing else did
    comps = ["milex", "milper", "irst", "pec", "tpop", "upop", "cinc"]
    assert int(df[comps].isna().sum().sum()) == 3185
    assert int(df["milex"].isna().sum()) == 2217
    usa = df[df["ccode"] == 2].set_index("year")
    assert usa.loc[1816, "milex"] == 3823 and usa.loc[1816, "milex_currency"] == "GBP"
    assert usa.loc[1816, "tpop"] == 8659 and usa.loc[1816, "milper"] == 17
    assert math.isclose(usa.loc[1816, "cinc"], 0.039697491)
    assert usa.loc[1913, "milex_currency"] == "GBP" and usa.loc[1914, "milex_currency"] == "USD"
    assert usa.loc[2016, "milex"] == 604452000  # thousands of US$: $604.5 bn
    assert (df.loc[df["year"] < 1914, "milex_currency"] == "GBP").all()
    assert (df.loc[df["year"] >= 1914, "milex_currency"] == "USD").all()
    assert (df["version"] == 2021).all()
