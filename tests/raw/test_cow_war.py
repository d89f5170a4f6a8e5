"""COW Inter-State War 4.0 loaders: participant spells and NA reasons, directed dyadic war and errata."""
from __future__ import annotations

import pandas as pd
import pytest

from alliancestats.errors import IngestError
from alliancestats.raw.catalog import get_dataset
from alliancestats.raw.sources import cow_war
from _util import write_text

P_HEADER = ("WarNum,WarName,WarType,ccode,StateName,Side,StartMonth1,StartDay1,StartYear1,EndMonth1,EndDay1,"
            "EndYear1,StartMonth2,StartDay2,StartYear2,EndMonth2,EndDay2,EndYear2,TransFrom,WhereFought,Initiator,"
            "Outcome,TransTo,BatDeath,Version")

# line 2: one spell; line 3: two spells, unknown start day; line 4: two transformed-from wars, unknown deaths;
# line 5: end year -7 (ongoing)
PARTICIPANTS = f"""
{P_HEADER}
1,Franco-Spanish War,1,220,France,1,4,7,1823,11,13,1823,-8,-8,-8,-8,-8,-8,503,2,1,1,-8,400,4
10,Austro-Sardinian,1,325,Italy,2,3,-9,1848,8,9,1848,3,12,1849,3,30,1849,-8,2,2,2,-8,3400,4
79,Spanish-American,1,2,United States of America,1,4,22,1898,8,12,1898,-8,-8,-8,-8,-8,-8,"404, 410",13,1,1,-8,-9,4
999,"Test War, Phase 2",1,100,Colombia,2,2,-9,2007,-7,-7,-7,-8,-8,-8,-8,-8,-8,-8,1,2,5,-8,1200,4
"""


def _participants(tmp_path, text=PARTICIPANTS):
    p = write_text(tmp_path / "Inter-StateWarData_v4.0.csv", text, newline="\r")  # CR-only, as shipped
    return cow_war.load_participant({"participant": p})


def test_participant_spells_and_dates(tmp_path):
    res = _participants(tmp_path)
    df = res.data
    assert res.rows_read == 4 and len(df) == 4 and len(res.rejected) == 0
    assert df["source_line"].tolist() == [2, 3, 4, 5]
    fr, it, us, co = (df.iloc[i] for i in range(4))
    assert fr["start_date1"] == pd.Timestamp("1823-04-07") and fr["end_date1"] == pd.Timestamp("1823-11-13")
    assert fr["start_date1_precision"] == "day"
    assert pd.isna(fr["start_date2"]) and fr["start_year2_na"] == "not_applicable"
    assert fr["end_year2_na"] == "not_applicable" and pd.isna(fr["start_month2"])
    # unknown start day: first day of the month, precision "month"
    assert it["start_date1"] == pd.Timestamp("1848-03-01") and it["start_date1_precision"] == "month"
    assert pd.isna(it["start_day1"])
    assert it["start_date2"] == pd.Timestamp("1849-03-12") and it["end_date2"] == pd.Timestamp("1849-03-30")
    assert pd.isna(it["start_year2_na"])
    # ongoing war: end is NA with reason "ongoing"
    assert pd.isna(co["end_date1"]) and co["end_year1_na"] == "ongoing"
    assert co["warname"] == "Test War, Phase 2"
    assert co["start_date1"] == pd.Timestamp("2007-02-01")


def test_participant_codes_and_na_reasons(tmp_path):
    df = _participants(tmp_path).data
    fr, it, us, co = (df.iloc[i] for i in range(4))
    assert (fr["ccode"], fr["side"], fr["initiator"], fr["outcome"], fr["bat_death"]) == (220, 1, 1, 1, 400)
    assert fr["trans_from"] == 503 and pd.isna(fr["trans_from2"]) and pd.isna(fr["trans_from_na"])
    assert pd.isna(fr["trans_to"]) and fr["trans_to_na"] == "not_applicable"
    assert (us["trans_from"], us["trans_from2"]) == (404, 410)
    assert pd.isna(us["bat_death"]) and us["bat_death_na"] == "missing"
    assert pd.isna(it["trans_from"]) and it["trans_from_na"] == "not_applicable"
    assert str(df["ccode"].dtype) == "Int16" and str(df["bat_death"].dtype) == "Int32"
    assert str(df["start_month1"].dtype) == "Int8" and str(df["start_year1"].dtype) == "Int16"
    assert df["version"].tolist() == [4, 4, 4, 4]


def test_participant_spell_ending_before_start_rejected(tmp_path):
    text = PARTICIPANTS.replace("4,7,1823,11,13,1823", "4,7,1823,1,13,1823")
    res = _participants(tmp_path, text)
    assert res.rejected["line"].tolist() == [2]
    assert res.rejected["reason"].tolist() == ["spell 1 of the war ends before it starts"]
    assert 1 not in res.data["warnum"].tolist()


def test_participant_three_transform_sources_is_an_error(tmp_path):
    with pytest.raises(IngestError) as err:
        _participants(tmp_path, PARTICIPANTS.replace('"404, 410"', '"404, 410, 411"'))
    assert err.value.line == 4 and err.value.column == "TransFrom"


def test_participant_impossible_day_is_an_error(tmp_path):
    with pytest.raises(IngestError) as err:
        _participants(tmp_path, PARTICIPANTS.replace("4,22,1898,8,12,1898", "4,31,1898,8,12,1898"))
    assert err.value.line == 4 and err.value.column == "StartDay1"


D_HEADER = ("warnum,disno,dyindex,statea,stateb,warstrtmnth,warstrtday,warstrtyr,warendmnth,warenday,warendyr,year,"
            "warolea,waroleb,wardyadrolea,wardyadroleb,outcomea,batdtha,batdthb,changes_1,changes_2,batdths,durindx")

DYADS = f"""
{D_HEADER}
1,89,89.001,220,230,4,7,1823,9,30,1823,1823,1,3,1,3,1,400,600,,,1000,1
1,89,89.001,230,220,4,7,1823,9,30,1823,1823,3,1,3,1,3,600,400,,,1000,1
106,257,257.03,2,300,24,10,1918,3,11,1918,1918,4,2,1,3,1,116516,1200000,,,1316516,1
106,257,257.24,325,355,8,11,1916,9,29,19118,1917,4,2,1,3,1,650000,87500,,,737500,1
139,258,258.075,20,255,8,19,1942,8,19,1942,1942,4,1,1,3,,41992,3500000,,,3541992,1
"""


def _dyads(tmp_path, text=DYADS):
    p = write_text(tmp_path / "directed_dyadic_war.csv", text, newline="\r\n")
    return cow_war.load_directed_dyad_year({"dyadic": p})


def test_dyads_columns_and_values(tmp_path):
    res = _dyads(tmp_path)
    df = res.data
    assert res.rows_read == 5 and len(df) == 5 and len(res.rejected) == 0
    fr = df.iloc[0]
    assert (fr["warnum"], fr["dispnum"], fr["ccode1"], fr["ccode2"], fr["year"]) == (1, 89, 220, 230, 1823)
    assert fr["dyindex"] == pytest.approx(89.001)
    assert fr["start_date"] == pd.Timestamp("1823-04-07") and fr["end_date"] == pd.Timestamp("1823-09-30")
    assert (fr["warolea"], fr["waroleb"], fr["wardyadrolea"], fr["outcomea"]) == (1, 3, 1, 1)
    assert (fr["batdtha"], fr["batdthb"], fr["batdths"]) == (400, 600, 1000)
    assert pd.isna(fr["changes_1"]) and pd.isna(fr["correction"])
    assert pd.isna(df.iloc[4]["outcomea"])  # empty cell -> NA
    assert str(df["ccode1"].dtype) == "Int16" and str(df["batdthb"].dtype) == "Int32"


def test_dyads_errata_applied_and_flagged(tmp_path):
    res = _dyads(tmp_path)
    df = res.data
    us = df.iloc[2]
    assert (us["warstrtmnth"], us["warstrtday"], us["warendmnth"], us["warenday"]) == (10, 24, 11, 3)
    assert us["start_date"] == pd.Timestamp("1918-10-24") and us["end_date"] == pd.Timestamp("1918-11-03")
    assert us["correction"].startswith("day and month swapped in source")
    it = df.iloc[3]
    assert it["warendyr"] == 1918 and it["end_date"] == pd.Timestamp("1918-09-29")
    assert it["correction"] == "end year 19118 in source: read as 1918"
    assert df["correction"].notna().sum() == 2
    assert any(n.startswith("corrected lines 4:") for n in res.notes)
    assert any(n.startswith("corrected lines 5:") for n in res.notes)


def test_dyads_impossible_month_elsewhere_is_an_error(tmp_path):
    text = DYADS.replace("1,89,89.001,220,230,4,7,1823", "1,89,89.001,220,230,24,7,1823")
    with pytest.raises(IngestError) as err:
        _dyads(tmp_path, text)
    assert err.value.line == 2 and err.value.column == "warstrtmnth"


def test_dyads_year_outside_war_rejected(tmp_path):
    text = DYADS.replace("9,30,1823,1823,3,1", "9,30,1823,1824,3,1")
    res = _dyads(tmp_path, text)
    assert res.rejected["line"].tolist() == [3]
    assert res.rejected["reason"].tolist() == ["year lies outside the dyad's war start and end years"]
    assert len(res.data) == 4


def test_catalog_entry():
    ds = get_dataset("cow_war_4_0")
    assert ds.family == "cow_war" and ds.coverage == (1816, 2007)
    assert ds.file("participant").rows == 337 and ds.file("dyadic").rows == 1364
    assert [t.name for t in ds.tables] == ["participant", "directed_dyad_year"]


# ---------------------------------------------------------------- real data


def test_real_participant(real_dir):
    res = cow_war.load_participant({"participant": real_dir / "cow_war_4.0" / "Inter-StateWarData_v4.0.csv"})
    df = res.data
    assert res.rows_read == 337 and len(df) == 337 and len(res.rejected) == 0
    assert df["warnum"].nunique() == 95
    war1 = df[df["warnum"] == 1].set_index("ccode")
    assert war1.loc[230, "statename"] == "Spain" and war1.loc[230, "side"] == 2 and war1.loc[230, "initiator"] == 2
    assert war1.loc[220, "statename"] == "France" and war1.loc[220, "side"] == 1 and war1.loc[220, "initiator"] == 1
    assert (war1["warname"] == "Franco-Spanish War").all()
    assert war1.loc[220, "start_date1"] == pd.Timestamp("1823-04-07")
    assert war1.loc[220, "end_date1"] == pd.Timestamp("1823-11-13")
    assert (war1.loc[220, "outcome"], war1.loc[230, "outcome"]) == (1, 2)
    ww2 = df[df["warnum"] == 139]
    assert (ww2["warname"] == "World War II").all() and 2 in ww2["ccode"].tolist()
    assert len(ww2) == 29
    # the USSR's second spell (Manchuria, August 1945)
    ussr = ww2[ww2["ccode"] == 365].iloc[0]
    assert ussr["start_date2"] == pd.Timestamp("1945-08-08") and ussr["end_date2"] == pd.Timestamp("1945-08-14")
    # states that changed sides have two records, one per side
    assert sorted(ww2.loc[ww2["ccode"] == 325, "side"].tolist()) == [1, 2]
    assert not df.duplicated(["warnum", "ccode", "side"]).any()
    # -8 in the second spell: 318 participants without one
    assert int((df["start_year2_na"] == "not_applicable").sum()) == 318
    assert int(df["start_date2"].notna().sum()) == 19
    # the only -9 in the file is Thailand's deaths in war 170
    assert int(df["bat_death"].isna().sum()) == 1
    th = df[df["bat_death"].isna()].iloc[0]
    assert (th["warnum"], th["ccode"], th["bat_death_na"]) == (170, 800, "missing")
    sa = df[df["warnum"] == 79]
    assert sa["trans_from"].tolist() == [404, 404] and sa["trans_from2"].tolist() == [410, 410]
    assert set(df["outcome"].unique().tolist()) <= set(range(1, 9))


def test_real_directed_dyad_year(real_dir):
    res = cow_war.load_directed_dyad_year({"dyadic": real_dir / "cow_war_4.0" / "directed_dyadic_war.csv"})
    df = res.data
    assert res.rows_read == 1364 and len(df) == 1364 and len(res.rejected) == 0
    assert not df.duplicated(["warnum", "ccode1", "ccode2", "year"]).any()
    mirror = df.merge(df, left_on=["warnum", "dyindex", "ccode1", "ccode2", "year"],
                      right_on=["warnum", "dyindex", "ccode2", "ccode1", "year"])
    assert len(mirror) == len(df)
    assert int(df["correction"].notna().sum()) == 5
    assert df["start_date"].notna().all() and df["end_date"].notna().all()
    assert (df["end_date"] >= df["start_date"]).all()
    assert (int(df["year"].min()), int(df["year"].max())) == (1823, 2003)
    fs = df[(df["warnum"] == 1) & (df["ccode1"] == 220)].iloc[0]
    assert (fs["ccode2"], fs["year"], fs["warolea"], fs["outcomea"]) == (230, 1823, 1, 1)
    # USA in World War II: against Germany from the first battle (Tunisia, 19 Feb 1943)
    usa_gmy = df[(df["warnum"] == 139) & (df["ccode1"] == 2) & (df["ccode2"] == 255)]
    assert sorted(usa_gmy["year"].astype(int).tolist()) == [1943, 1944, 1945]
    assert usa_gmy["start_date"].iloc[0] == pd.Timestamp("1943-02-19")
    assert int(df["outcomea"].isna().sum()) == 2 and int(df["batdths"].isna().sum()) == 16
    assert any("durindx differs" in n for n in res.notes)
