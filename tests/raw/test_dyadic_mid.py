"""COW Dyadic MID 4.03 loader: hand-made fixture in the release format, then real-data checks."""
from __future__ import annotations

import pandas as pd
import pytest

from alliancestats.errors import IngestError
from alliancestats.raw.catalog import get_dataset
from alliancestats.raw.run import RawIndex, _check_accounting
from alliancestats.raw.sources import dyadic_mid
from _util import write_text

HEADER = ("disno,dyindex,statea,namea,stateb,nameb,year,strtday,strtmnth,strtyr,endday,endmnth,endyear,outcome,"
          "settlmnt,fatlev,highact,hihost,recip,noinit,notarg,sideaa,revstata,revtypea,fatleva,highmcaa,hihosta,"
          "orignata,sideab,revstatb,revtypeb,fatlevb,highmcab,hihostb,orignatb,rolea,roleb,dyad_rolea,dyad_roleb,war,"
          "durindx,duration,cumdurat,mid5hiact,mid5hiacta,mid5hiactb,severity,severitya,severityb,ongo2014,new,change,"
          "changetype_1,changetype_2")
ROWS = """
2,2,2,USA,200,UKG,1902,1,7,1902,24,1,1903,0,0,0,7,3,0,1,1,1,1,1,0,7,3,1,0,1,1,0,0,1,1,1,3,1,3,0,1,184,184,7,7,0,49,49,0,0,0,0,0,0
2,2,2,USA,200,UKG,1903,1,7,1902,24,1,1903,6,1,-9,7,3,0,1,1,1,1,1,0,7,3,1,0,1,1,0,0,1,1,1,3,1,3,0,2,25,209,7,7,0,49,49,0,0,0,0,0,0
611,611,840,PHI,816,DRV,1966,1,10,1966,13,12,1969,0,0,0,22,5,2,8,3,1,1,2,0,22,5,0,1969,0,0,0,22,5,1,2,3,1,3,1,1,92,92,20,20,20,100,100,100,NA,1,2701,0,0
"""


def _load(tmp_path, text=HEADER + ROWS):
    path = write_text(tmp_path / "dyadic_mid_4.03.csv", text)
    return dyadic_mid.load_dyad_year({"dyadic_mid": path})


def test_fixture_columns_codes_and_dates(tmp_path):
    res = _load(tmp_path)
    df = res.data
    assert res.rows_read == 3 and len(df) == 3 and len(res.rejected) == 0
    assert df["dispnum"].tolist() == [2, 2, 611]
    assert df["ccode1"].tolist() == [2, 2, 840] and df["ccode2"].tolist() == [200, 200, 816]
    assert str(df["ccode1"].dtype) == "Int16" and str(df["dyindex"].dtype) == "Float64"
    assert df["namea"].tolist() == ["USA", "USA", "PHI"]
    assert (df["start_date"] == pd.Timestamp("1902-07-01")).tolist()[:2] == [True, True]
    assert df["end_date"].iloc[2] == pd.Timestamp("1969-12-13")
    assert set(df["start_date_precision"].astype(str)) == {"day"}
    # settlmnt: 0 and -9 are both "missing" in the codebook
    assert df["settlmnt"].isna().tolist() == [True, False, True] and df["settlmnt"].iloc[1] == 1
    # outcome 0 (= ongoing, non-final year) is a real code
    assert df["outcome"].tolist() == [0, 6, 0]
    assert pd.isna(df["fatlev"].iloc[1]) and df["fatlev"].iloc[0] == 0
    # revtype 0 = not applicable
    assert df["revtypea"].tolist()[:2] == [1, 1] and pd.isna(df["revtypeb"].iloc[2])
    assert df["revtypeb_na"].astype(object).iloc[2] == "not_applicable"
    # literal NA -> NA
    assert df["ongoing"].isna().tolist() == [False, False, True]
    assert df["durindx"].tolist() == [1, 2, 1] and df["cumdurat"].tolist() == [184, 209, 92]


def test_out_of_range_codes_na_and_noted(tmp_path):
    res = _load(tmp_path)
    df = res.data
    assert pd.isna(df["sideab"].iloc[2]) and df["sideab"].iloc[0] == 0
    assert pd.isna(df["recip"].iloc[2]) and pd.isna(df["change"].iloc[2])
    assert str(df["sideab"].dtype) == "Int8"
    notes = " | ".join(res.notes)
    assert "sideab: 1 value(s)" in notes and "1969 (line 4)" in notes
    assert "change" in notes and "2701" in notes and "recip" in notes


def test_truncated_record_raises(tmp_path):
    text = HEADER + "\n2,2,2,USA,200,UKG,1902,1,7\n"
    with pytest.raises(IngestError) as err:
        _load(tmp_path, text)
    assert err.value.line == 2 and "truncated" in str(err.value)


def test_catalog_entry():
    ds = get_dataset("cow_dyadic_mid_4_03")
    assert ds.family == "cow_dyadic_mid" and ds.version == "4.03" and ds.coverage == (1816, 2014)
    assert [t.name for t in ds.tables] == ["dyad_year"]
    assert ds.file("dyadic_mid").rows == 10358


# ---------------------------------------------------------------- real data

def _real(real_dir):
    ds = get_dataset("cow_dyadic_mid_4_03")
    spec = ds.tables[0]
    found = RawIndex.scan(real_dir).find(ds.file("dyadic_mid"))
    assert found is not None and found.known
    res = spec.loader({"dyadic_mid": found.path})
    _check_accounting(ds.table_id(spec), spec, res)
    return res


def test_real_counts_and_known_facts(real_dir):
    res = _real(real_dir)
    df = res.data
    assert res.rows_read == 10358 and len(df) == 10358 and len(res.rejected) == 0
    assert df["year"].min() == 1816 and df["year"].max() == 2014
    # dispute 2: USA-UKG 1902-1903, listed in both directions
    d2 = df[df["dispnum"] == 2]
    assert sorted(zip(d2["ccode1"], d2["ccode2"], d2["year"])) == [
        (2, 200, 1902), (2, 200, 1903), (200, 2, 1902), (200, 2, 1903)]
    assert set(d2["start_date"]) == {pd.Timestamp("1902-07-01")}
    assert set(d2["end_date"]) == {pd.Timestamp("1903-01-24")}
    # directed: every (dispute, a, b, year) has its (b, a) twin
    key = df[["dispnum", "ccode1", "ccode2", "year"]].drop_duplicates()
    rev = key.rename(columns={"ccode1": "ccode2", "ccode2": "ccode1"})
    assert len(key.merge(rev)) == len(key)
    # missing codes: MANIFEST counts 1446 '-9' cells and 3 'NA' cells
    assert df["ongoing"].isna().sum() == 3
    n9 = df["fatlev"].isna().sum() + df["fatleva"].isna().sum() + df["fatlevb"].isna().sum()
    assert n9 == 118 + 663 + 665 == 1446


def test_real_anomalies_and_duplicates(real_dir):
    res = _real(real_dir)
    df = res.data
    assert (df["dyindex"] == df["dispnum"].astype("Float64")).all()  # 4.03 lost the dyad fraction
    assert df["sideab"].isna().sum() == 4 and df["revstata"].isna().sum() == 2 and df["recip"].isna().sum() == 4
    assert df.duplicated(["dispnum", "ccode1", "ccode2", "year"]).sum() == 16
    assert len(res.notes) == 5
    # outcome etc. are only recorded in the final year
    early = df[df["year"] < df["endyear"]]
    assert (early["outcome"] == 0).mean() > 0.99
