"""A hand-built world for alliance fulfillment: one war, thirteen small alliances, each one rule.

War 1 (1900-01-01 .. 1900-12-31): side 1 = 300 (initiator); side 2 = 200
(original target, from day one) and 2 (joins 1900-03-01).

Alliances (members; obligation; what it tests):
1001 2, 200       defense (mutual)               O=2->B=200 honored; O=200->B=2 honored (llm) / B=2 joined late (strict: excluded)
1002 400, 200     defense, non-provocation        undecidable (400 stays out: provisional violated)
1003 500, 200     defense vs named 600            excluded: named threat not an adversary
1004 600, 200     defense vs named 300            violated (600 stays out)
1005 300, 400     neutrality                      O=400->B=300 honored (400 stays out)
1006 300, 2       nonaggression                   both directions violated (they fight each other)
1007 300, 500     offense                         O=500->B=300 violated (500 stays out)
1008 2, 200       consultation                    recorded, not coded (both directions)
1009 600, 300     defense, 600 left in 1899       no opportunity (not in effect)
1011 300,200,700  defense                         B=200 attacked by co-member 300: llm excluded;
                                                  strict: O=700 undecidable (cross-pressured), O=300 violated
1012 200 (def) + 400 (no def)  asymmetric        only 200->400 is obligated; 400 is not at war: no rows
1013 700, 200     defense, conditions NA          undecidable (conditions not recorded)
"""
from __future__ import annotations

import pandas as pd
import pytest

from alliancestats.fulfillment.opportunities import _MEMBER_COLS
from alliancestats.store import write_parquet


def _write(ddir, table_id, dataset_id, df):
    # hand-built worlds are synthetic: eligible as the default version of their table family
    write_parquet(df, ddir / f"{table_id}.parquet", {"dataset_id": dataset_id, "table_id": table_id, "synthetic": True})


def _dt(x):
    return pd.to_datetime(pd.Series(x)).astype("datetime64[s]")


def member_table() -> pd.DataFrame:
    rows = []

    def add(aid, cc, ob, entry="1890-01-01", exit=None, **kw):
        r = {c: 0 for c in _MEMBER_COLS}
        r.update(atopid=aid, phase=0, ccode=cc, entry_date=entry, exit_date=exit, exit_censored=exit is None,
                 statthr1=0, statthr2=0, cowwar=0)
        if ob:
            r[ob] = 1
        r.update(kw)
        rows.append(r)

    add(1001, 2, "defense"); add(1001, 200, "defense")
    add(1002, 400, "defense", defcon=1, defconpr=1); add(1002, 200, "defense", defcon=1, defconpr=1)
    add(1003, 500, "defense", defcoadv=1, statthr1=600); add(1003, 200, "defense", defcoadv=1, statthr1=600)
    add(1004, 600, "defense", defcoadv=1, statthr1=300); add(1004, 200, "defense", defcoadv=1, statthr1=300)
    add(1005, 300, "neutral"); add(1005, 400, "neutral")
    add(1006, 300, "nonagg"); add(1006, 2, "nonagg")
    add(1007, 300, "offense"); add(1007, 500, "offense")
    add(1008, 2, "consul"); add(1008, 200, "consul")
    add(1009, 600, "defense", exit="1899-12-31"); add(1009, 300, "defense", exit="1899-12-31")
    add(1011, 300, "defense"); add(1011, 200, "defense"); add(1011, 700, "defense")
    add(1012, 200, "defense"); add(1012, 400, None)
    add(1013, 700, "defense", defcoadv=None, defcoloc=None); add(1013, 200, "defense", defcoadv=None, defcoloc=None)
    return member_frame(rows)


def member_frame(rows: list[dict]) -> pd.DataFrame:
    """ATOP member rows (dicts over ``_MEMBER_COLS``) with the processed table's dtypes."""
    m = pd.DataFrame(rows)
    m["entry_date"] = _dt(m["entry_date"])
    m["exit_date"] = _dt(m["exit_date"])
    m["exit_censored"] = m["exit_censored"].astype("boolean")
    ints = {c: "Int8" for c in _MEMBER_COLS if c not in ("atopid", "ccode", "entry_date", "exit_date", "exit_censored",
                                                         "statthr1", "statthr2", "cowwar")}
    return m.astype({"atopid": "Int32", "ccode": "Int16", "statthr1": "Int16", "statthr2": "Int16",
                     "cowwar": "Int16", **ints})


def war_table() -> pd.DataFrame:
    w = pd.DataFrame({"warnum": [1, 1, 1], "ccode": [300, 200, 2], "side": [1, 2, 2], "initiator": [1, 2, 2],
                      "start_date1": _dt(["1900-01-01", "1900-01-01", "1900-03-01"]),
                      "end_date1": _dt(["1900-12-31", "1900-12-31", "1900-12-31"]),
                      "start_date2": _dt([None] * 3), "end_date2": _dt([None] * 3)})
    return w.astype({"warnum": "Int16", "ccode": "Int16", "side": "Int8", "initiator": "Int8"})


@pytest.fixture
def fworld(tmp_path):
    ddir = tmp_path / "processed"
    ddir.mkdir()
    _write(ddir, "atop_5_1_member", "atop_5_1", member_table())
    _write(ddir, "cow_war_4_0_participant", "cow_war_4_0", war_table())
    codes = [2, 200, 300, 400, 500, 600, 700]
    nmc = pd.DataFrame([(c, y) for c in codes for y in range(1890, 1902)], columns=["ccode", "year"])
    nmc["cinc"] = 0.1
    nmc.loc[(nmc["ccode"] == 2) & (nmc["year"] == 1900), "cinc"] = 0.2  # 2 doubled since 1890
    _write(ddir, "nmc_6_0_state_year", "nmc_6_0", nmc.astype({"ccode": "Int16", "year": "Int16"}))
    majors = pd.DataFrame({"ccode": pd.array([200], dtype="Int16"), "start_date": _dt(["1816-01-01"]),
                           "end_date": _dt(["2016-12-31"])})
    _write(ddir, "cow_states_2016_majors", "cow_states_2016", majors)
    aids = sorted(member_table()["atopid"].unique())
    inst = pd.DataFrame({"atopid": pd.array(aids, dtype="Int32"), "phase": pd.array([0] * len(aids), dtype="Int8"),
                         "milinst": pd.array([1] * len(aids), dtype="Int8")})
    _write(ddir, "atop_5_1_institutions", "atop_5_1", inst)
    return ddir


@pytest.fixture
def war_frame():
    """The fixture's war participant table (to modify in a test)."""
    return war_table()
