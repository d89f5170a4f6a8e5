"""A hand-built deterrence world: every coding choice of issue 10 has a case whose answer is known.

(A helper module, not a conftest.py: tests/panels import their own ``conftest`` by name, and a second
module of that name on the path would shadow it. Test files import the fixture from here.)

States 2, 20, 200, 300, 400 are system members throughout; 2 is a major power.

Disputes (GML participants; the Maoz dyadic records list only the dyads that confronted each other):
- MID 10, 1902-03-01 .. 1902-05-01: 2 (side A, originator) vs 200 (side B, originator); 20 joins side B on
  1902-04-01 (a side-B joiner). Maoz: 2-200 (roles 1/3) and 2-20 (roles 1/4).
- MID 11, 1904-02-01 .. 1904-03-01: 300 (A, originator) vs 200 and 400 (B, originators): a multi-party MID.
  Maoz lists only 300-200.
- MID 12, 1905-06-01 .. 1906-08-01: 2 (A) vs 400 (B), both originators: carried over into 1906.

ATOP (defense obligations):
- 3001 from 1902-06-01: 20 pledges to defend 200 (asymmetric), i.e. signed *after* MID 10 began.
- 3002 in 1904: 2, 300 and 400 defend each other (a multilateral pact: 300 -> 400 in MID 11 is intra-alliance).
- 3003 from 1900: 20 pledges to defend 2 only in a location (DEFCOLOC = 1).
- 3004 from 1907: 200 pledges to defend 300 if 300 did not provoke (DEFCONPR = 1).
- 3005 from 1908: 400 pledges to defend 20; a wartime alliance (WARTIME = 1).
- 3006 from 1900: 400 promises 300 offensive support in a location (OFFCOLOC = 1).

COW wars: 200 fights war 77 from 1903-06-01 to 1905-03-01 (at war on 1 January 1904 and 1905, not 1903).
"""
from __future__ import annotations

import pandas as pd
import pytest

from alliancestats.panels.add_challenger_alliances import CONDITIONS
from alliancestats.store import write_parquet

STATES = (2, 20, 200, 300, 400)
COND_COLS = sorted({c for adv, oth in CONDITIONS.values() for c in ((adv,) if adv else ()) + tuple(oth.values())})


def _write(ddir, table_id, dataset_id, df):
    write_parquet(df.reset_index(drop=True), ddir / f"{table_id}.parquet",
                  {"dataset_id": dataset_id, "table_id": table_id, "synthetic": True})


def _dates(df, *cols):
    for c in cols:
        df[c] = pd.to_datetime(df[c]).astype("datetime64[s]")
    return df


def _atop():
    base = {c: 0 for c in ["defense", "offense", "neutral", "nonagg", "consul", *COND_COLS, "statthr1", "statthr2",
                           "wartime"]}
    rows = [
        dict(atopid=3001, ccode=20, entry="1902-06-01", exit=None, defense=1),
        dict(atopid=3001, ccode=200, entry="1902-06-01", exit=None),
        *(dict(atopid=3002, ccode=c, entry="1904-01-01", exit="1904-12-31", defense=1) for c in (2, 300, 400)),
        dict(atopid=3003, ccode=20, entry="1900-01-01", exit=None, defense=1, defcoloc=1),
        dict(atopid=3003, ccode=2, entry="1900-01-01", exit=None),
        dict(atopid=3004, ccode=200, entry="1907-01-01", exit=None, defense=1, defconpr=1),
        dict(atopid=3004, ccode=300, entry="1907-01-01", exit=None),
        dict(atopid=3005, ccode=400, entry="1908-01-01", exit=None, defense=1, wartime=1),
        dict(atopid=3005, ccode=20, entry="1908-01-01", exit=None, wartime=1),
        dict(atopid=3006, ccode=400, entry="1900-01-01", exit=None, offense=1, offcoloc=1),
        dict(atopid=3006, ccode=300, entry="1900-01-01", exit=None),
    ]
    m = pd.DataFrame([{**base, "phase": 0, **r} for r in rows])
    m["entry_date"], m["exit_date"] = m.pop("entry"), m.pop("exit")
    m = _dates(m, "entry_date", "exit_date")
    ints = {c: "Int8" for c in [*base, "phase"] if c not in ("statthr1", "statthr2")}
    return m.astype({"atopid": "Int32", "ccode": "Int16", "statthr1": "Int16", "statthr2": "Int16", **ints})


def _participants():
    p = pd.DataFrame([
        (10, 2, "1902-03-01", "1902-05-01", 1, 1), (10, 200, "1902-03-01", "1902-05-01", 0, 1),
        (10, 20, "1902-04-01", "1902-05-01", 0, 0),
        (11, 300, "1904-02-01", "1904-03-01", 1, 1), (11, 200, "1904-02-01", "1904-03-01", 0, 1),
        (11, 400, "1904-02-01", "1904-03-01", 0, 1),
        (12, 2, "1905-06-01", "1906-08-01", 1, 1), (12, 400, "1905-06-01", "1906-08-01", 0, 1),
    ], columns=["dispnum", "ccode", "start_date", "end_date", "sidea", "orig"])
    p["hostlev"], p["fatality"], p["revstate"] = 3, 0, 1
    return _dates(p, "start_date", "end_date").astype({"ccode": "Int16"})


def _disputes():
    d = pd.DataFrame({"dispnum": [10, 11, 12], "fatality": 0, "hostlev": 3, "maxdur": [61, 29, 427], "recip": 1,
                      "start_date": ["1902-03-01", "1904-02-01", "1905-06-01"]})
    return _dates(d, "start_date")


def _maoz():
    recs = [(10, 2, 200, 1, 3, "1902-03-01", (1902,)), (10, 2, 20, 1, 4, "1902-04-01", (1902,)),
            (11, 300, 200, 1, 3, "1904-02-01", (1904,)), (12, 2, 400, 1, 3, "1905-06-01", (1905, 1906))]
    rows = []
    for disp, a, b, ra, rb, start, years in recs:
        for y in years:
            rows.append((disp, a, b, y, ra, rb, start))
            rows.append((disp, b, a, y, rb, ra, start))
    d = pd.DataFrame(rows, columns=["dispnum", "ccode1", "ccode2", "year", "rolea", "roleb", "start_date"])
    d = _dates(d, "start_date")
    return d.astype({"dispnum": "Int32", "ccode1": "Int16", "ccode2": "Int16", "year": "Int16", "rolea": "Int8",
                     "roleb": "Int8"})


@pytest.fixture
def det_world(tmp_path):
    ddir = tmp_path / "processed"
    ddir.mkdir()
    st = pd.DataFrame({"ccode": pd.array(STATES, dtype="Int16"), "start_date": "1816-01-01",
                       "end_date": "2016-12-31"})
    _write(ddir, "cow_states_2016_states", "cow_states_2016", _dates(st, "start_date", "end_date"))
    maj = pd.DataFrame({"ccode": pd.array([2], dtype="Int16"), "start_date": ["1816-01-01"],
                        "end_date": ["2016-12-31"]})
    _write(ddir, "cow_states_2016_majors", "cow_states_2016", _dates(maj, "start_date", "end_date"))
    _write(ddir, "atop_5_1_member", "atop_5_1", _atop())
    _write(ddir, "gml_mid_2_1_participant", "gml_mid_2_1", _participants())
    _write(ddir, "gml_mid_2_1_dispute", "gml_mid_2_1", _disputes())
    _write(ddir, "cow_dyadic_mid_4_03_dyad_year", "cow_dyadic_mid_4_03", _maoz())
    war = pd.DataFrame({"warnum": [77], "ccode": pd.array([200], dtype="Int16"), "side": [2], "initiator": [2],
                        "start_date1": ["1903-06-01"], "end_date1": ["1905-03-01"],
                        "start_date2": [None], "end_date2": [None]})
    _write(ddir, "cow_war_4_0_participant", "cow_war_4_0", _dates(war, "start_date1", "end_date1", "start_date2",
                                                                    "end_date2"))
    return ddir
