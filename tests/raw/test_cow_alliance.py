"""COW Formal Alliances v4.1 loaders: hand-made fixtures in the release format + real-data checks."""
from __future__ import annotations

import pandas as pd
import pytest

from alliancestats.errors import IngestError
from alliancestats.raw.catalog import get_dataset
from _util import write_text

MEMBER_HEADER = ("version4id,ccode,state_name,all_st_day,all_st_month,all_st_year,all_end_day,all_end_month,"
                 "all_end_year,ss_type,mem_st_day,mem_st_month,mem_st_year,mem_end_day,mem_end_month,mem_end_year,"
                 "left_censor,right_censor,defense,neutrality,nonaggression,entente,version")
YEARLY_HEADER = MEMBER_HEADER.replace(",version", ",year,version")
DYAD_HEADER = ("version4id,ccode1,state_name1,ccode2,state_name2,dyad_st_day,dyad_st_month,dyad_st_year,"
               "dyad_end_day,dyad_end_month,dyad_end_year,left_censor,right_censor,defense,neutrality,nonaggression,"
               "entente,asymmetric,version")
DIRECTED_HEADER = DYAD_HEADER.replace(",asymmetric", "")


def loader(table: str):
    spec = next(t for t in get_dataset("cow_alliance_4_1").tables if t.name == table)
    return lambda path: spec.loader({spec.files[0]: path})


def test_member_dates_censoring_and_types(tmp_path):
    path = write_text(tmp_path / "alliance_v4.1_by_member.csv", f"""
{MEMBER_HEADER}
1,200,"United Kingdom",9,5,1386,,,,"Type I: Defense Pact",1,1,1816,,,,1,1,1,0,1,0,4.1
2,200,"United Kingdom",1,1,1815,15,2,1911,"Type III: Entente",1,1,1816,15,2,1911,1,0,0,0,0,1,4.1
2,380,"Sweden",1,1,1815,15,2,1911,"Type III: Entente",-9,3,1820,-9,2,1900,,0,0,0,,1,4.1
""")
    res = loader("member")(path)
    df = res.data
    assert res.rows_read == 3 and len(df) == 3 and len(res.rejected) == 0
    assert str(df["version4id"].dtype) == "Int32" and str(df["ccode"].dtype) == "Int16"
    assert str(df["defense"].dtype) == "Int8" and str(df["ss_type"].dtype) == "category"
    assert df["state_name"].tolist() == ["United Kingdom", "United Kingdom", "Sweden"]
    # alliance 1 started in 1386 (before the datetime64[ns] range) and is still in effect
    assert df.loc[0, "alliance_start_date"] == pd.Timestamp("1386-05-09")
    assert pd.isna(df.loc[0, "alliance_end_date"]) and pd.isna(df.loc[0, "end_date"])
    assert df.loc[0, "start_date"] == pd.Timestamp("1816-01-01") and df.loc[0, "left_censor"] == 1
    assert df.loc[0, "right_censor"] == 1
    assert df.loc[1, "end_date"] == pd.Timestamp("1911-02-15") and df.loc[1, "end_date_precision"] == "day"
    # -9 day -> NA, bounded outwards
    assert pd.isna(df.loc[2, "mem_st_day"]) and pd.isna(df.loc[2, "mem_end_day"])
    assert df.loc[2, "start_date"] == pd.Timestamp("1820-03-01") and df.loc[2, "start_date_precision"] == "month"
    assert df.loc[2, "end_date"] == pd.Timestamp("1900-02-28") and df.loc[2, "end_date_precision"] == "month"
    # empty cells -> NA
    assert pd.isna(df.loc[2, "left_censor"]) and pd.isna(df.loc[2, "nonaggression"])
    assert df["version"].tolist() == ["4.1"] * 3
    assert df["source_line"].tolist() == [2, 3, 4]


def test_member_yearly_placeholder_2012_is_not_an_end_date(tmp_path):
    path = write_text(tmp_path / "alliance_v4.1_by_member_yearly.csv", f"""
{YEARLY_HEADER}
1,200,"United Kingdom",9,5,1386,,,,"Type I: Defense Pact",1,1,1816,,,2012,1,1,1,0,1,0,1816,4.1
1,200,"United Kingdom",9,5,1386,,,,"Type I: Defense Pact",1,1,1816,,,2012,1,1,1,0,1,0,1817,4.1
2,380,"Sweden",1,1,1815,15,2,1911,"Type III: Entente",1,1,1816,15,2,1911,1,0,0,0,0,1,1911,4.1
""")
    df = loader("member_yearly")(path).data
    assert df["year"].tolist() == [1816, 1817, 1911] and str(df["year"].dtype) == "Int16"
    assert df["mem_end_year"].tolist() == [2012, 2012, 1911]  # kept as written
    assert pd.isna(df.loc[0, "end_date"]) and pd.isna(df.loc[1, "end_date"])
    assert df.loc[2, "end_date"] == pd.Timestamp("1911-02-15")


def test_censoring_contradictions_are_rejected(tmp_path):
    path = write_text(tmp_path / "alliance_v4.1_by_member.csv", f"""
{MEMBER_HEADER}
5,200,"United Kingdom",1,1,1830,,,,"Type I: Defense Pact",1,1,1830,,,,0,0,1,0,0,0,4.1
5,220,"France",1,1,1830,,,,"Type I: Defense Pact",1,1,1830,3,4,1840,0,1,1,0,0,0,4.1
5,230,"Spain",1,1,1830,,,,"Type I: Defense Pact",1,1,1830,3,4,1840,0,0,1,0,0,0,4.1
""")
    res = loader("member")(path)
    assert res.data["ccode"].tolist() == [230]
    rej = res.rejected.sort_values("line")
    assert rej["line"].tolist() == [2, 3]
    assert "right_censor is not 1" in rej["reason"].iloc[0]
    assert "right_censor=1 but a full end date" in rej["reason"].iloc[1]


def test_dyad_spell_that_never_overlaps_is_rejected(tmp_path):
    # COW 4.1 writes such rows for a state and its successor (Yemen AR 678 -> Yemen 679, May 1990)
    path = write_text(tmp_path / "alliance_v4.1_by_dyad.csv", f"""
{DYAD_HEADER}
199,678,"Yemen Arab Republic",679,"Yemen",22,5,1990,21,5,1990,0,0,1,0,0,0,0,4.1
199,651,"Egypt",679,"Yemen",22,5,1990,,,,0,1,1,0,0,0,0,4.1
""")
    res = loader("dyad")(path)
    assert res.data[["ccode1", "ccode2"]].values.tolist() == [[651, 679]]
    assert res.data["asymmetric"].tolist() == [0]
    assert res.rejected["line"].tolist() == [2]
    assert "never overlap" in res.rejected["reason"].iloc[0]


def test_directed_and_optional_yearly_fixtures(tmp_path):
    path = write_text(tmp_path / "alliance_v4.1_by_directed.csv", f"""
{DIRECTED_HEADER}
414,2,"United States of America",666,"Israel",30,11,1981,26,12,1991,0,0,0,0,0,1,4.1
414,666,"Israel",2,"United States of America",30,11,1981,26,12,1991,0,0,0,0,0,1,4.1
""")
    df = loader("directed")(path).data
    assert df[["ccode1", "ccode2"]].values.tolist() == [[2, 666], [666, 2]]
    assert "asymmetric" not in df.columns
    assert (df["end_date"] == pd.Timestamp("1991-12-26")).all()

    hdr = DIRECTED_HEADER.replace(",version", ",year,version")
    path = write_text(tmp_path / "alliance_v4.1_by_directed_yearly.csv", f"""
{hdr}
414,2,"United States of America",666,"Israel",30,11,1981,26,12,1991,0,0,0,0,0,1,1981,4.1
414,2,"United States of America",666,"Israel",30,11,1981,26,12,1991,0,0,0,0,0,1,1982,4.1
""")
    df = loader("directed_yearly")(path).data
    assert df["year"].tolist() == [1981, 1982]

    # dyad-yearly with and without `asymmetric` (copies differ)
    for hdr, extra in ((DYAD_HEADER.replace(",version", ",year,version"), ",0"), (hdr, "")):
        path = write_text(tmp_path / "alliance_v4.1_by_dyad_yearly.csv", f"""
{hdr}
413,651,"Egypt",666,"Israel",26,3,1979,,,,0,1,0,0,1,0{extra},2012,4.1
""")
        df = loader("dyad_yearly")(path).data
        assert df.loc[0, "nonaggression"] == 1 and pd.isna(df.loc[0, "end_date"]) and df.loc[0, "year"] == 2012
        assert ("asymmetric" in df.columns) and (df["asymmetric"].isna().all() == (extra == ""))


def test_bad_input_raises_with_location(tmp_path):
    ok = '1,200,"United Kingdom",9,5,1386,,,,"Type I: Defense Pact",1,1,1816,,,,1,1,1,0,1,0,4.1'
    cases = [
        ('1,200,"United Kingdom",9,5,1386,,,,"Type I: Defense Pact",1,1,1816,,,,1,1,2,0,1,0,4.1', "defense", "0 or 1"),
        ('1,200,"United Kingdom",9,5,1386,,,,"Type I: Defense Pact",1,13,1816,,,,1,1,1,0,1,0,4.1', "mem_st_month",
         "month 1-12"),
        ('1,2x0,"United Kingdom",9,5,1386,,,,"Type I: Defense Pact",1,1,1816,,,,1,1,1,0,1,0,4.1', "ccode", "integer"),
        ('1,200,"United Kingdom",9,5,1386,,,,"Type I: Defense Pact",1,1,1816,,,,1,1,1,0,1,0,4.0', "version",
         "version 4.1"),
    ]
    for bad, column, what in cases:
        path = write_text(tmp_path / "alliance_v4.1_by_member.csv", "\n".join([MEMBER_HEADER, ok, bad]))
        with pytest.raises(IngestError) as err:
            loader("member")(path)
        assert (err.value.line, err.value.column) == (3, column), str(err.value)
        assert what in str(err.value)
    path = write_text(tmp_path / "alliance_v4.1_by_member.csv", "\n".join([MEMBER_HEADER, ok, ok.rsplit(",", 5)[0]]))
    with pytest.raises(IngestError, match="truncated record"):
        loader("member")(path)
    path = write_text(tmp_path / "alliance_v4.1_by_member.csv",
                      "\n".join([MEMBER_HEADER.replace(",entente", ""), ok.rsplit(",", 2)[0] + ",4.1"]))
    with pytest.raises(IngestError) as err:
        loader("member")(path)
    assert err.value.column == "entente"


def test_catalog_entry():
    ds = get_dataset("cow_alliance_4_1")
    assert ds.family == "cow_alliance" and ds.coverage == (1816, 2012) and ds.version == "4.1"
    assert {t.name for t in ds.tables} == {"member", "member_yearly", "dyad", "directed", "dyad_yearly",
                                           "directed_yearly"}
    assert ds.file("dyad_yearly").optional and ds.file("directed_yearly").optional
    assert ds.file("member").rows == 1221 and ds.file("member_yearly").rows == 21315
    assert ds.downloads[0].url.startswith("https://correlatesofwar.org/")


# ------------------------------------------------------------------ real data


@pytest.fixture(scope="module")
def real_cow(real_dir, tmp_path_factory):
    import alliancestats as als

    out = tmp_path_factory.mktemp("cow_alliance_real")
    rep = als.ingest(real_dir, out, datasets_=["cow_alliance_4_1"])
    return out, {t.table_id: t for t in rep.tables}


def test_real_row_counts(real_cow):
    out, tables = real_cow
    expect = {"member": (1221, 1221, 0), "member_yearly": (21315, 21315, 0),
              "dyad": (3222, 3211, 11), "directed": (6444, 6422, 22)}
    for name, counts in expect.items():
        t = tables[f"cow_alliance_4_1_{name}"]
        assert t.status == "written", t.error
        assert (t.rows_read, t.rows_written, t.rows_rejected) == counts, name
        assert not t.warnings
    assert tables["cow_alliance_4_1_dyad_yearly"].status == "missing_input"
    rej = pd.read_csv(out / "cow_alliance_4_1_dyad.rejected.csv")
    assert rej["reason"].str.contains("never overlap").all()


def test_real_facts(real_cow):
    out, _ = real_cow
    m = pd.read_parquet(out / "cow_alliance_4_1_member.parquet")
    # alliance 1 (UK-Portugal) dates from 9 May 1386, both members left-censored and still allied in 2012
    a1 = m[m["version4id"] == 1]
    assert sorted(a1["ccode"]) == [200, 235]
    assert (a1["alliance_start_date"] == pd.Timestamp("1386-05-09")).all()
    assert (a1["left_censor"] == 1).all() and (a1["right_censor"] == 1).all() and a1["end_date"].isna().all()
    # NATO (version4id 227): 12 members sign on 4 Apr 1949
    nato = m[m["version4id"] == 227]
    first = nato[nato["start_date"] == pd.Timestamp("1949-04-04")]
    assert sorted(first["ccode"]) == [2, 20, 200, 210, 211, 212, 220, 235, 325, 385, 390, 395]
    assert (first["defense"] == 1).all() and set(first["ss_type"]) == {"Type I: Defense Pact"}
    # right-censored <=> no end date (359 member spells)
    assert int((m["right_censor"] == 1).sum()) == 359 == int(m["end_date"].isna().sum())
    assert int(m["alliance_end_date"].isna().sum()) == 373
    assert int(m["left_censor"].isna().sum()) == 2
    assert m["end_date"].max() <= pd.Timestamp("2012-12-31")
    y = pd.read_parquet(out / "cow_alliance_4_1_member_yearly.parquet")
    assert int(y["end_date"].isna().sum()) == 11568 == int((y["right_censor"] == 1).sum())
    assert y["year"].min() == 1816 and y["year"].max() == 2012
    d = pd.read_parquet(out / "cow_alliance_4_1_dyad.parquet")
    assert (d["ccode1"] < d["ccode2"]).all()
    assert ((d["end_date"] >= d["start_date"]) | d["end_date"].isna()).all()
    assert not ((d["ccode1"] == 678) & (d["ccode2"] == 679)).any()  # never coexisted
    dd = pd.read_parquet(out / "cow_alliance_4_1_directed.parquet")
    assert len(dd) == 2 * len(d)
