"""A hand-built miniature world of processed tables, small enough to compute by hand.

States (COW codes): 2 and 200 all along; 20 enters 1900; 300 leaves on
1902-03-31 and re-enters on 1904-06-01; 400 enters on 1902-06-01, so 300 and
400 are both members in 1902 but never on the same day.
"""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from alliancestats.store import write_parquet

D = pd.Timestamp


def _write(ddir, table_id, dataset_id, df):
    # hand-built fixture tables are marked synthetic so the store uses them as the default version
    write_parquet(df, ddir / f"{table_id}.parquet", {"dataset_id": dataset_id, "table_id": table_id, "synthetic": True})


def states_table():
    rows = [
        (2, "1816-01-01", "2016-12-31"),
        (20, "1900-01-01", "2016-12-31"),
        (200, "1816-01-01", "2016-12-31"),
        (300, "1816-01-01", "1902-03-31"),
        (300, "1904-06-01", "2016-12-31"),
        (400, "1902-06-01", "2016-12-31"),
    ]
    df = pd.DataFrame(rows, columns=["ccode", "start_date", "end_date"])
    df["ccode"] = df["ccode"].astype("Int16")
    df["start_date"] = pd.to_datetime(df["start_date"]).astype("datetime64[s]")
    df["end_date"] = pd.to_datetime(df["end_date"]).astype("datetime64[s]")
    return df


@pytest.fixture
def mini_world(tmp_path):
    ddir = tmp_path / "processed"
    ddir.mkdir()
    _write(ddir, "cow_states_2016_states", "cow_states_2016", states_table())
    majors = pd.DataFrame({"ccode": pd.array([200, 2], dtype="Int16"),
                           "start_date": pd.to_datetime(["1816-01-01", "1901-07-01"]).astype("datetime64[s]"),
                           "end_date": pd.to_datetime(["2016-12-31", "2016-12-31"]).astype("datetime64[s]")})
    _write(ddir, "cow_states_2016_majors", "cow_states_2016", majors)
    # ATOP members: 1001 asymmetric (2 and 20 defend 200; all consult), 1002 2<->300 until mid-1901,
    # 1003: 2 and 400 never members on the same day.
    m = pd.DataFrame([
        (1001, 2, 0, "1900-01-01", None, 1, 0, 0, 0, 1),
        (1001, 20, 0, "1900-01-01", None, 1, 0, 0, 0, 1),
        (1001, 200, 0, "1900-01-01", None, 0, 0, 0, 0, 1),
        (1002, 2, 0, "1900-01-01", "1901-06-30", 1, 0, 0, 0, 0),
        (1002, 300, 0, "1900-01-01", "1901-06-30", 1, 0, 0, 0, 0),
        (1003, 2, 0, "1903-03-01", "1903-04-01", 0, 0, 1, 0, 0),
        (1003, 400, 0, "1903-05-01", "1905-12-31", 0, 0, 1, 0, 0),
    ], columns=["atopid", "ccode", "phase", "entry_date", "exit_date", "defense", "offense", "neutral", "nonagg", "consul"])
    m["entry_date"] = pd.to_datetime(m["entry_date"]).astype("datetime64[s]")
    m["exit_date"] = pd.to_datetime(m["exit_date"]).astype("datetime64[s]")
    m = m.astype({"ccode": "Int16", "atopid": "Int32"})
    _write(ddir, "atop_5_1_member", "atop_5_1", m)
    # GML disputes: 10 = 2 (side A, originator) vs 200 from 1901-05-01 to 1902-02-01,
    # 20 joins side A on 1901-08-01; 11 = 2 vs 200 again, 1902-06-01 to 1902-07-01, more severe.
    part = pd.DataFrame([
        (10, 2, "1901-05-01", "1902-02-01", 1, 1, 4, 0),
        (10, 200, "1901-05-01", "1902-02-01", 0, 1, 3, 0),
        (10, 20, "1901-08-01", "1902-02-01", 1, 0, 2, 0),
        (11, 2, "1902-06-01", "1902-07-01", 1, 1, 4, 1),
        (11, 200, "1902-06-01", "1902-07-01", 0, 1, 4, 1),
    ], columns=["dispnum", "ccode", "start_date", "end_date", "sidea", "orig", "hostlev", "fatality"])
    part["revstate"] = 1
    for c in ("start_date", "end_date"):
        part[c] = pd.to_datetime(part[c]).astype("datetime64[s]")
    _write(ddir, "gml_mid_2_1_participant", "gml_mid_2_1", part)
    disp = pd.DataFrame({"dispnum": [10, 11], "fatality": [0, 1], "hostlev": [4, 4], "maxdur": [277, 31],
                         "recip": [1, 1], "start_date": pd.to_datetime(["1901-05-01", "1902-06-01"]).astype("datetime64[s]")})
    _write(ddir, "gml_mid_2_1_dispute", "gml_mid_2_1", disp)
    # COW MID 5.0: the same two states in a dispute of its own in 1903 (coverage to 2014)
    cpart = part[part.dispnum == 11].assign(dispnum=99)
    cpart["start_date"] = pd.to_datetime(["1903-02-01", "1903-02-01"]).astype("datetime64[s]")
    cpart["end_date"] = pd.to_datetime(["1903-03-01", "1903-03-01"]).astype("datetime64[s]")
    _write(ddir, "cow_mid_5_0_participant", "cow_mid_5_0", cpart.reset_index(drop=True))
    _write(ddir, "cow_mid_5_0_dispute", "cow_mid_5_0", disp[disp.dispnum == 11].assign(dispnum=99).reset_index(drop=True))
    cont = pd.DataFrame([(a, b, y, t) for (a, b, t) in [(2, 20, 1), (20, 2, 1)] for y in range(1816, 2017)]
                        + [(a, b, y, 4) for (a, b) in [(2, 200), (200, 2)] for y in range(1900, 1906)],
                        columns=["ccode1", "ccode2", "year", "conttype"]).astype({"ccode1": "Int16", "ccode2": "Int16", "year": "Int16", "conttype": "Int8"})
    _write(ddir, "cow_contiguity_3_2_directed_dyad_year", "cow_contiguity_3_2", cont)
    nmc = pd.DataFrame([(c, y) for c in (2, 20, 200, 300, 400) for y in range(1900, 1906)], columns=["ccode", "year"])
    nmc["cinc"] = nmc["ccode"].map({2: 0.2, 20: 0.05, 200: 0.3, 300: 0.1, 400: 0.0})
    for c in ("milex", "milper", "irst", "pec", "tpop", "upop"):
        nmc[c] = 1.0
    nmc = nmc.astype({"ccode": "Int16", "year": "Int16"})
    _write(ddir, "nmc_6_0_state_year", "nmc_6_0", nmc)
    war = pd.DataFrame({"warnum": [50, 50], "ccode": [2, 200], "side": [1, 2], "initiator": [1, 2],
                        "start_date1": pd.to_datetime(["1901-06-01", "1901-06-01"]).astype("datetime64[s]"),
                        "end_date1": pd.to_datetime(["1901-12-31", "1901-12-31"]).astype("datetime64[s]"),
                        "start_date2": pd.to_datetime([None, None]).astype("datetime64[s]"),
                        "end_date2": pd.to_datetime([None, None]).astype("datetime64[s]")})
    _write(ddir, "cow_war_4_0_participant", "cow_war_4_0", war)
    return ddir
