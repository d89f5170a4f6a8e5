"""COW Direct Contiguity 3.2 loaders: duplicate rule, YYYYMM dates, codes, real-data facts."""
from __future__ import annotations

import pandas as pd
import pytest

from alliancestats.errors import IngestError
from alliancestats.raw.catalog import get_dataset
from alliancestats.raw.sources import contiguity
from _util import write_text

DIRECTED_HEADER = "dyad,state1no,state1ab,state2no,state2ab,year,conttype,version"

# NTH-FRN 1830 coded twice (land 1 and sea 5) in both directions, as in the real file
DIRECTED = f"""
{DIRECTED_HEADER}
2020,2,"USA",20,"CAN",1920,1,3.2
2020,20,"CAN",2,"USA",1920,1,3.2
210220,210,"NTH",220,"FRN",1830,5,3.2
210220,210,"NTH",220,"FRN",1830,1,3.2
210220,220,"FRN",210,"NTH",1830,1,3.2
210220,220,"FRN",210,"NTH",1830,5,3.2
210220,210,"NTH",220,"FRN",1831,5,3.2
"""


def _directed(tmp_path, text=DIRECTED):
    p = write_text(tmp_path / "contdird.csv", text)
    return contiguity.load_directed_dyad_year({"contdird": p})


def test_directed_columns_and_types(tmp_path):
    res = _directed(tmp_path)
    df = res.data
    assert list(df.columns) == ["dyad", "ccode1", "stateabb1", "ccode2", "stateabb2", "year", "conttype",
                                "version", "source_line"]
    assert [str(df[c].dtype) for c in ("dyad", "ccode1", "ccode2", "year", "conttype")] == \
        ["Int32", "Int16", "Int16", "Int16", "Int8"]
    assert df["stateabb1"].tolist()[:2] == ["USA", "CAN"]  # quotes removed
    assert df["version"].astype(str).unique().tolist() == ["3.2"]


def test_directed_duplicate_keeps_closest_type(tmp_path):
    res = _directed(tmp_path)
    df = res.data
    assert res.rows_read == 7 and len(df) == 5 and len(res.rejected) == 2
    # the kept records are the land (1) ones, from lines 5 and 6
    nf = df[(df["year"] == 1830)].sort_values("ccode1")
    assert nf["conttype"].tolist() == [1, 1] and nf["source_line"].tolist() == [5, 6]
    assert sorted(res.rejected["line"].tolist()) == [4, 7]
    assert set(res.rejected["reason"]) == {
        "second record for this directed dyad-year: codebook keeps only the closest contiguity type (conttype=1 kept)"}
    # a single record in another year is untouched
    assert df.loc[df["year"] == 1831, "conttype"].tolist() == [5]
    assert not df.duplicated(["ccode1", "ccode2", "year"]).any()


def test_directed_bad_dyad_id_rejected(tmp_path):
    text = DIRECTED + '2021,2,"USA",20,"CAN",1921,1,3.2\n'
    res = _directed(tmp_path, text)
    assert res.rejected.loc[res.rejected["line"] == 9, "reason"].tolist() == [
        "dyad code does not equal lower ccode * 1000 + higher ccode"]
    assert 1921 not in res.data["year"].tolist()


def test_directed_unknown_conttype_is_an_error(tmp_path):
    text = DIRECTED.replace('1831,5,3.2', '1831,6,3.2')
    with pytest.raises(IngestError) as err:
        _directed(tmp_path, text)
    assert err.value.line == 8 and err.value.column == "conttype"


INTERVAL = """
dyad,statelno,statelab,statehno,statehab,conttype,begin,end,notes,version
2040,2,"USA",40,"CUB",4,190205,190609,"Across Florida Straits (closest=Key West); ends with USA occupation of CUB",3.2
2040,2,"USA",40,"CUB",4,190901,201612,"resumes after USA occupation of CUB ends",3.2
200210,200,"UKG",210,"NTH",4,181601,190402,"leap February",3.2
"""


def _interval(tmp_path, text=INTERVAL):
    p = write_text(tmp_path / "contdir.csv", text)
    return contiguity.load_dyad_interval({"contdir": p})


def test_interval_dates_bound_the_months(tmp_path):
    res = _interval(tmp_path)
    df = res.data
    assert len(df) == 3 and len(res.rejected) == 0
    assert df["start_date"].tolist() == [pd.Timestamp("1902-05-01"), pd.Timestamp("1909-01-01"),
                                         pd.Timestamp("1816-01-01")]
    assert df["end_date"].tolist() == [pd.Timestamp("1906-09-30"), pd.Timestamp("2016-12-31"),
                                       pd.Timestamp("1904-02-29")]
    assert set(df["start_date_precision"]) == {"month"} and set(df["end_date_precision"]) == {"month"}
    assert df["begin"].tolist() == [190205, 190901, 181601] and df["end"].tolist() == [190609, 201612, 190402]
    assert df[["ccode1", "ccode2"]].values.tolist() == [[2, 40], [2, 40], [200, 210]]
    assert df["notes"].iloc[1] == "resumes after USA occupation of CUB ends"


def test_interval_bad_month_is_an_error(tmp_path):
    with pytest.raises(IngestError) as err:
        _interval(tmp_path, INTERVAL.replace("190901,201612", "190913,201612"))
    assert err.value.line == 3 and err.value.column == "begin"


def test_interval_ending_before_start_rejected(tmp_path):
    res = _interval(tmp_path, INTERVAL.replace("181601,190402", "190402,181601"))
    assert res.rejected["line"].tolist() == [4]
    assert res.rejected["reason"].tolist() == ["contiguity ends before it begins"]
    assert len(res.data) == 2


def test_catalog_entry():
    ds = get_dataset("cow_contiguity_3_2")
    assert ds.family == "cow_contiguity" and ds.coverage == (1816, 2016) and ds.version == "3.2"
    assert ds.file("contdird").rows == 82498 and ds.file("contdir").rows == 847
    assert [t.name for t in ds.tables] == ["directed_dyad_year", "dyad_interval"]
    assert ds.downloads[0].url == "https://correlatesofwar.org/wp-content/uploads/DirectContiguity320.zip"


# ---------------------------------------------------------------- real data


def test_real_directed_dyad_year(real_dir):
    res = contiguity.load_directed_dyad_year({"contdird": real_dir / "cow_contiguity_3.2" / "contdird.csv"})
    df = res.data
    assert res.rows_read == 82498
    assert len(df) == 82440 and len(res.rejected) == 58
    assert len(df) + len(res.rejected) == 82498
    assert res.rejected["reason"].str.startswith("second record for this directed dyad-year").all()
    assert not df.duplicated(["ccode1", "ccode2", "year"]).any()
    # both directions, with the same type
    mirror = df.merge(df, left_on=["ccode1", "ccode2", "year"], right_on=["ccode2", "ccode1", "year"])
    assert len(mirror) == len(df) and (mirror["conttype_x"] == mirror["conttype_y"]).all()
    key = df.set_index(["ccode1", "ccode2", "year"])["conttype"]
    assert key[(2, 20, 1920)] == 1  # USA-Canada land border
    assert key[(210, 220, 1830)] == 1 and key[(220, 210, 1830)] == 1  # duplicate resolved to land
    # USA-Cuba (150-mile sea) broken by the US occupation 1906-09 .. 1909-01
    usa_cub = df[(df["ccode1"] == 2) & (df["ccode2"] == 40)]
    years = set(usa_cub["year"].astype(int))
    assert {1905, 1906, 1909, 2016} <= years and not {1907, 1908} & years
    assert set(usa_cub["conttype"]) == {4}
    assert (int(df["year"].min()), int(df["year"].max())) == (1816, 2016)
    assert sorted(df["conttype"].unique().tolist()) == [1, 2, 3, 4, 5]


def test_real_dyad_interval(real_dir):
    res = contiguity.load_dyad_interval({"contdir": real_dir / "cow_contiguity_3.2" / "contdir.csv"})
    df = res.data
    assert res.rows_read == 847 and len(df) == 847 and len(res.rejected) == 0
    first = df.iloc[0]
    assert (first["dyad"], first["ccode1"], first["stateabb1"], first["ccode2"], first["stateabb2"]) == \
        (2020, 2, "USA", 20, "CAN")
    assert first["start_date"] == pd.Timestamp("1920-01-01") and first["end_date"] == pd.Timestamp("2016-12-31")
    assert (df["ccode1"] < df["ccode2"]).all()
    assert (df["end_date"] >= df["start_date"]).all()
    assert df["notes"].notna().all()
