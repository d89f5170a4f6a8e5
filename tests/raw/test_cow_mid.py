"""COW MID 4.3 / 5.0 loaders: hand-made fixtures in the release formats, then real-data checks."""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from alliancestats.errors import IngestError
from alliancestats.raw.catalog import get_dataset
from alliancestats.raw.run import RawIndex
from alliancestats.raw.sources import cow_mid
from _util import load_real_table, write_text

MIDA43_HEADER = ("dispnum3,dispnum4,stday,stmon,styear,endday,endmon,endyear,outcome,settle,fatality,fatalpre,maxdur,"
                 "mindur,hiact,hostlev,recip,numa,numb,link1,link2,link3,ongo2010,version")
MIDA43 = MIDA43_HEADER + """
2,-9,-9,7,1902,24,1,1903,6,1,0,0,208,178,7,3,0,1,1,0,0,0,0,4.3000002
3,-9,2,5,1913,-9,2,1913,4,3,-9,-9,177,177,8,3,0,1,1,147W,4137,,1,4.3000002
4001,70001,29,2,2000,-9,12,2010,-9,-9,6,1200,3000,2900,21,5,1,2,3,0,0,0,1,4.3000002
"""

MIDB50 = """dispnum,stabb,ccode,stday,stmon,styear,endday,endmon,endyear,sidea,revstate,revtype1,revtype2,fatality,fatalpre,hiact,hostlev,orig,version
2,"UKG",200,-9,7,1902,24,1,1903,0,1,1,-9,0,0,0,1,1,5
2,"USA",2,-9,7,1902,24,1,1903,1,1,1,-9,0,0,7,3,1,5
5,"FRN",220,1,3,1850,1,4,1850,1,0,0,0,-9,-9,0,0,1,5
5,"FRN",220,1,6,1850,3,6,1850,1,0,0,0,2,30,16,4,1,5
"""

MIDI50 = """dispnum,incidnum,stday,stmon,styear,endday,endmon,endyear,duration,tbi,fatality,fatalpre,action,hostlev,numa,version
3551,3551010,18,10,1993,18,10,1993,1,-9,0,0,1,2,1,5
3551,3551002,-9,-9,1992,24,9,1996,1404,-9,0,0,13,4,9,5
"""


def _csv(tmp_path: Path, name: str, text: str) -> Path:
    return write_text(tmp_path / name, text, newline="\r\n")


def test_dispute_4_3_codes_dates_links(tmp_path):
    res = cow_mid.load_dispute_4_3({"dispute": _csv(tmp_path, "MIDA 4.3.csv", MIDA43)})
    df = res.data
    assert res.rows_read == 3 and len(df) == 3 and len(res.rejected) == 0
    assert df["dispnum"].tolist() == [2, 3, 4001]
    assert df["dispnum4"].isna().tolist() == [True, True, False] and df["dispnum4"].iloc[2] == 70001
    # unknown start day -> 1st of month; unknown end day -> last day of month (Feb 1913: 28)
    assert df["start_date"].iloc[0] == pd.Timestamp("1902-07-01")
    assert df["start_date_precision"].tolist() == ["month", "day", "day"]
    assert df["end_date"].iloc[1] == pd.Timestamp("1913-02-28")
    assert df["end_date"].iloc[2] == pd.Timestamp("2010-12-31")
    assert df["start_date"].iloc[2] == pd.Timestamp("2000-02-29")  # leap year
    # -9 -> NA (fatality -9 = unknown, not zero)
    assert pd.isna(df["fatality"].iloc[1]) and df["fatality"].iloc[0] == 0
    assert df["outcome"].isna().tolist() == [False, False, True]
    assert df["fatalpre"].iloc[2] == 1200
    # links: 0 / empty = no link; war links keep the W
    assert df["link1"].isna().tolist() == [True, False, True]
    assert df["link1"].iloc[1] == "147W" and df["link2"].iloc[1] == "4137" and pd.isna(df["link3"].iloc[1])
    assert df["ongoing"].tolist() == [0, 1, 1]
    assert df["version"].astype(str).tolist() == ["4.3"] * 3
    assert df["source_line"].tolist() == [2, 3, 4]
    assert str(df["fatality"].dtype) == "Int8" and str(df["dispnum"].dtype) == "Int32"


def test_participant_5_0_revtype_reasons_and_spells(tmp_path):
    res = cow_mid.load_participant_5_0({"participant": _csv(tmp_path, "MIDB 5.0.csv", MIDB50)})
    df = res.data
    assert df["stabb"].tolist() == ["UKG", "USA", "FRN", "FRN"]  # quotes removed
    assert df["ccode"].tolist() == [200, 2, 220, 220] and str(df["ccode"].dtype) == "Int16"
    # revtype: 0 = not applicable and -9 = missing are both NA, told apart by _na
    assert df["revtype1"].tolist()[:2] == [1, 1] and df["revtype1"].isna().tolist()[2:] == [True, True]
    assert df["revtype1_na"].astype(object).tolist()[2] == "not_applicable"
    assert df["revtype2_na"].astype(object).tolist()[:3] == ["missing", "missing", "not_applicable"]
    # hostlev 0 is outside the codebook's 1..5 -> NA, and noted with its line
    assert pd.isna(df["hostlev"].iloc[2]) and df["hostlev"].iloc[3] == 4
    assert any("hostlev" in n and "line 4" in n for n in res.notes)
    # two spells of FRN in dispute 5 are both kept
    assert (df["dispnum"] == 5).sum() == 2
    assert df["version"].astype(str).tolist() == ["5"] * 4


def test_incident_5_0_unknown_month_gives_year_precision(tmp_path):
    df = cow_mid.load_incident_5_0({"incident": _csv(tmp_path, "MIDI 5.0.csv", MIDI50)}).data
    assert df["incidnum"].tolist() == [3551010, 3551002]
    assert df["start_date"].iloc[1] == pd.Timestamp("1992-01-01")
    assert df["start_date_precision"].astype(object).tolist() == ["day", "year"]
    assert df["tbi"].isna().all() and df["duration"].tolist() == [1, 1404]
    assert "revtype1" not in df.columns  # 5.0 MIDI has no revision types


def test_bad_cell_names_file_line_column(tmp_path):
    bad = MIDA43.replace("3,-9,2,5,1913", "3,-9,2,x,1913")
    with pytest.raises(IngestError) as err:
        cow_mid.load_dispute_4_3({"dispute": _csv(tmp_path, "MIDA 4.3.csv", bad)})
    assert err.value.line == 3 and err.value.column == "stmon" and "MIDA 4.3.csv" in str(err.value)


def test_missing_column_raises(tmp_path):
    path = _csv(tmp_path, "MIDB 5.0.csv", "dispnum,stabb,ccode\n2,UKG,200\n")
    with pytest.raises(IngestError) as err:
        cow_mid.load_participant_5_0({"participant": path})
    assert err.value.column == "stday" and err.value.line == 1 and "expected column" in str(err.value)


def test_impossible_date_parts_become_na_with_note(tmp_path):
    text = MIDA43_HEADER + "\n7,-9,31,4,1900,5,13,1901,1,1,0,0,1,1,7,3,0,1,1,0,0,0,0,4.3\n"
    res = cow_mid.load_dispute_4_3({"dispute": _csv(tmp_path, "MIDA 4.3.csv", text)})
    df = res.data
    # 31 April -> day unknown; month 13 -> month unknown
    assert pd.isna(df["stday"].iloc[0]) and df["start_date"].iloc[0] == pd.Timestamp("1900-04-01")
    assert pd.isna(df["endmon"].iloc[0]) and df["end_date"].iloc[0] == pd.Timestamp("1901-12-31")
    assert df["end_date_precision"].astype(object).iloc[0] == "year"
    assert len(res.notes) == 2


def test_dta_fallback_matches_csv(tmp_path):
    csv = _csv(tmp_path, "MIDA 4.3.csv", MIDA43)
    raw = pd.read_csv(csv, dtype={"link1": str, "link2": str, "link3": str}, keep_default_na=False)
    raw["version"] = raw["version"].astype("float32")
    dta_dir = tmp_path / "dta"
    dta_dir.mkdir()
    raw.to_stata(dta_dir / "MIDA 4.3.dta", write_index=False, version=117)
    from_csv = cow_mid.load_dispute_4_3({"dispute": csv}).data
    from_dta = cow_mid.load_dispute_4_3({"dispute": dta_dir / "MIDA 4.3.dta"}).data
    pd.testing.assert_frame_equal(from_csv.drop(columns="source_line"), from_dta.drop(columns="source_line"))
    # a directory holding only the .dta is found by name
    found = RawIndex.scan(dta_dir).find(get_dataset("cow_mid_4_3").file("dispute"))
    assert found is not None and found.path.suffix == ".dta"


def test_catalog_entries():
    d43, d50 = get_dataset("cow_mid_4_3"), get_dataset("cow_mid_5_0")
    assert d43.family == d50.family == "cow_mid"
    assert d43.coverage == (1816, 2010) and d50.coverage == (1816, 2014)
    assert [t.name for t in d43.tables] == ["dispute", "participant", "incident", "incident_participant"]
    assert d43.file("incident_participant").filename == "MIDP 4.3.csv"
    assert {f.rows for f in d50.files} == {2436, 5883, 4483, 9619}


# ---------------------------------------------------------------- real data

ROWS = {
    "cow_mid_4_3": {"dispute": 2315, "participant": 5558, "incident": 3306, "incident_participant": 7165},
    "cow_mid_5_0": {"dispute": 2436, "participant": 5883, "incident": 4483, "incident_participant": 9619},
}


def _load_real(real_dir, dataset_id, table):
    return load_real_table(real_dir, dataset_id, table)


@pytest.mark.parametrize("dataset_id,table", [(d, t) for d in ROWS for t in ROWS[d]])
def test_real_row_counts(real_dir, dataset_id, table):
    res, files = _load_real(real_dir, dataset_id, table)
    n = ROWS[dataset_id][table]
    assert res.rows_read == n and len(res.data) == n and len(res.rejected) == 0
    assert next(iter(files.values())).suffix == ".csv"  # the CSV is preferred to the .dta


def test_real_dispute_2_4_3(real_dir):
    df, _ = _load_real(real_dir, "cow_mid_4_3", "dispute")
    df = df.data
    d2 = df.loc[df["dispnum"] == 2].iloc[0]
    assert d2["start_date"] == pd.Timestamp("1902-07-01") and d2["start_date_precision"] == "month"
    assert d2["end_date"] == pd.Timestamp("1903-01-24") and d2["end_date_precision"] == "day"
    # with the bounding rule the interval length equals the published maximum duration
    assert (d2["end_date"] - d2["start_date"]).days + 1 == d2["maxdur"] == 208
    assert d2["outcome"] == 6 and d2["hostlev"] == 3 and d2["fatality"] == 0
    assert df["styear"].min() == 1816 and df["endyear"].max() == 2010
    assert set(df["version"].astype(str)) == {"4.3"}
    assert df["dispnum"].is_unique
    assert (df["link1"] == "147W").sum() == 2
    assert df["fatality"].isna().sum() == 250  # the MANIFEST's -9 count for MIDA fatality


def test_real_participant_spells_and_sides(real_dir):
    res, _ = _load_real(real_dir, "cow_mid_4_3", "participant")
    df = res.data
    d2 = df.loc[df["dispnum"] == 2].set_index("ccode")
    assert sorted(d2.index) == [2, 200] and d2.loc[2, "sidea"] == 1 and d2.loc[200, "sidea"] == 0
    assert df.duplicated(["dispnum", "ccode"]).sum() == 19  # repeated spells kept
    assert res.notes and "hostlev" in res.notes[0] and "line 646" in res.notes[0]
    res50, _ = _load_real(real_dir, "cow_mid_5_0", "participant")
    assert res50.data.duplicated(["dispnum", "ccode"]).sum() == 29


def test_real_dta_equals_csv_4_3(real_dir):
    d = real_dir / "cow_mid_4.3"
    pairs = {"dispute": ("MIDA 4.3.csv", "MIDA 4.3.dta"), "participant": ("MIDB 4.3.csv", "MIDB 4.3.dta"),
             "incident": ("MIDI 4.3.csv", "MIDI 4.3.dta"), "incident_participant": ("MIDP 4.3.csv", "MIDIP 4.3.dta")}
    for table, (c, s) in pairs.items():
        loader = getattr(cow_mid, f"load_{table}_4_3")
        a = loader({table: d / c}).data.drop(columns="source_line")
        b = loader({table: d / s}).data.drop(columns="source_line")
        pd.testing.assert_frame_equal(a, b)


def test_real_dta_only_directory_is_found(real_dir, tmp_path):
    (tmp_path / "MIDIP 4.3.dta").symlink_to(real_dir / "cow_mid_4.3" / "MIDIP 4.3.dta")
    found = RawIndex.scan(tmp_path).find(get_dataset("cow_mid_4_3").file("incident_participant"))
    assert found is not None and found.known and found.how == "sha256"
    res = cow_mid.load_incident_participant_4_3({"incident_participant": found.path})
    assert len(res.data) == 7165


def test_real_5_0_incident_month_unknown(real_dir):
    df = _load_real(real_dir, "cow_mid_5_0", "incident")[0].data
    assert df["stmon"].isna().sum() == 1
    assert (df["start_date_precision"] == "year").sum() == 1
    assert df["styear"].min() == 1992 and df["endyear"].max() == 2014
    assert np.all(df["incidnum"] // 1000 == df["dispnum"])
