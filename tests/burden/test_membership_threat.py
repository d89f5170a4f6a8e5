"""Alliance-year membership rules and the MID-opponent threat measure on hand-built tables."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from alliancestats.burden.membership import alliance_years, named_alliance_years, spell_years
from alliancestats.burden.threat import mid_threat, rival_sets
from alliancestats.store import write_parquet


def _spells():
    return pd.DataFrame({
        "alliance": [1, 1, 1, 1],
        "ccode": [260, 255, 2, 2],
        "start": pd.to_datetime(["1955-05-05", "1990-10-03", "1949-04-04", "1951-06-19"]),
        "end": pd.to_datetime(["1990-10-03", None, "1951-06-19", None]),
    })


def test_year_end_rule():
    y = spell_years(_spells(), last=1992, rule="year_end")
    w = y.groupby("ccode")["year"].agg(["min", "max", "size"])
    assert (w.loc[260, "min"], w.loc[260, "max"]) == (1955, 1989)  # out on 31 Dec 1990
    assert (w.loc[255, "min"], w.loc[255, "max"]) == (1990, 1992)
    assert (w.loc[2, "min"], w.loc[2, "max"], w.loc[2, "size"]) == (1949, 1992, 44)  # phases merged, no dup


def test_any_day_rule():
    y = spell_years(_spells(), last=1992, rule="any_day")
    assert y[y["ccode"] == 260]["year"].max() == 1990
    assert not y.duplicated(["alliance", "ccode", "year"]).any()


def test_exit_on_31_december_counts_that_year():
    sp = pd.DataFrame({"alliance": [1], "ccode": [20], "start": pd.to_datetime(["1950-01-01"]),
                       "end": pd.to_datetime(["1952-12-31"])})
    assert spell_years(sp, last=2000)["year"].tolist() == [1950, 1951, 1952]


@pytest.fixture
def atop_dir(tmp_path):
    m = pd.DataFrame({
        "atopid": pd.array([3180, 3180, 3180, 3075, 3075], dtype="Int32"),
        "ccode": pd.array([2, 20, 2, 2, 70], dtype="Int16"),
        "phase": [1, 1, 2, 0, 0],
        "entry_date": pd.to_datetime(["1949-04-04", "1949-04-04", "1951-06-19", "1947-09-02", "1947-09-02"]),
        "exit_date": pd.to_datetime(["1951-06-19", None, None, None, "1960-06-30"]),
    })
    m["entry_date"] = m["entry_date"].astype("datetime64[s]")
    m["exit_date"] = m["exit_date"].astype("datetime64[s]")
    write_parquet(m, tmp_path / "atop_5_1_member.parquet",
                  {"dataset_id": "atop_5_1", "table_id": "atop_5_1_member", "known_release": True})
    return tmp_path


def test_named_alliance_and_extension(atop_dir):
    n = named_alliance_years("nato", data_dir=atop_dir)
    assert n["year"].max() == 2018 and set(n["ccode"]) == {2, 20}
    assert (n["alliance"] == "nato").all()
    n24 = named_alliance_years("nato", data_dir=atop_dir, extend_to=2024)
    by = n24.groupby("year")["ccode"].apply(set)
    assert by[2019] == {2, 20} and by[2020] == {2, 20, 343} and by[2023] == {2, 20, 343, 375}
    assert by[2024] == {2, 20, 343, 375, 380}
    with pytest.raises(ValueError):
        named_alliance_years("nato", data_dir=atop_dir, extend_to=2025)
    with pytest.raises(ValueError):
        named_alliance_years("rio", data_dir=atop_dir, extend_to=2020)
    rio = named_alliance_years("rio", data_dir=atop_dir)
    assert rio[rio["ccode"] == 70]["year"].max() == 1959
    with pytest.raises(KeyError):
        named_alliance_years("atlantis", data_dir=atop_dir)
    a = alliance_years([3180], data_dir=atop_dir)
    assert a.groupby("year").size().loc[1950] == 2
    with pytest.raises(KeyError):
        alliance_years([9999], data_dir=atop_dir)


def test_mid_threat_by_hand():
    dy = pd.DataFrame({"ccode1": [2, 365, 2], "ccode2": [365, 2, 700], "year": [1950, 1950, 1953]})
    assert set(map(tuple, rival_sets(dy, window=2)[["ccode", "year", "rival"]].to_numpy())) == {
        (2, 1951, 365), (2, 1952, 365), (365, 1951, 2), (365, 1952, 2), (2, 1954, 700), (2, 1955, 700)}
    sy = pd.DataFrame({"ccode": [2] * 7, "year": range(1950, 1957)})
    spend = pd.DataFrame({"ccode": [365, 365, 700, 700], "year": [1951, 1952, 1954, 1955],
                          "value": [100.0, 120.0, 5.0, np.nan]})
    t = mid_threat(sy, spend, window=2, dyads=dy, cov=(1946, 1954)).set_index("year")
    # 1950: window 1948-49, no rivals -> 0; 1951-52: USSR spending; 1953: none; 1954: 700's 5
    # 1955: window reaches 1954 = coverage end + 0 -> inside; 700's spending missing -> NA
    # 1956: window 1954-55 goes past coverage (1955 > 1954) -> NA
    assert t.loc[1950, "threat"] == 0 and t.loc[1951, "threat"] == 100 and t.loc[1952, "threat"] == 120
    assert t.loc[1953, "threat"] == 0 and t.loc[1954, "threat"] == 5
    assert np.isnan(t.loc[1955, "threat"]) and t.loc[1955, "threat_n_missing"] == 1
    assert np.isnan(t.loc[1956, "threat"]) and pd.isna(t.loc[1956, "threat_n_rivals"])
    t2 = mid_threat(sy, spend, window=2, dyads=dy, cov=(1946, 1954), missing="skip").set_index("year")
    assert np.isnan(t2.loc[1955, "threat"])  # its only rival has no data
