"""Challenger-specific alliance variables on a hand-built world (and real-data invariants)."""
import numpy as np
import pandas as pd
import pytest

import alliancestats as als
from alliancestats.panels.add_challenger_alliances import CONDITIONS

from conftest import _write

COND_COLS = sorted({c for adv, oth in CONDITIONS.values() for c in ((adv,) if adv else ()) + tuple(oth.values())})
#: the coding before issue 10 (year overlap, co-member pledges counted, every condition undecided)
LEGACY = dict(timing="year", intra_alliance="include", location="unknown", provocation="unknown")


def members():
    base = {c: 0 for c in ["defense", "offense", "neutral", "nonagg", "consul", *COND_COLS, "statthr1", "statthr2"]}
    rows = [
        # A 2001: 20 <-> 200 unconditional defense
        dict(atopid=2001, ccode=20, entry="1900-01-01", exit=None, defense=1),
        dict(atopid=2001, ccode=200, entry="1900-01-01", exit=None, defense=1),
        # B 2002: 2 <-> 300 defense only against 200 (DEFCOADV, STATTHR1 = 200)
        dict(atopid=2002, ccode=2, entry="1900-01-01", exit=None, defense=1, defcoadv=1, statthr1=200),
        dict(atopid=2002, ccode=300, entry="1900-01-01", exit=None, defense=1, defcoadv=1, statthr1=200),
        # C 2003: 2 <-> 20 defense limited to a location, 1901-1903
        dict(atopid=2003, ccode=2, entry="1901-01-01", exit="1903-12-31", defense=1, defcoloc=1),
        dict(atopid=2003, ccode=20, entry="1901-01-01", exit="1903-12-31", defense=1, defcoloc=1),
        # D 2004: 20 promises offensive help to 400 (asymmetric)
        dict(atopid=2004, ccode=20, entry="1903-01-01", exit=None, offense=1),
        dict(atopid=2004, ccode=400, entry="1903-01-01", exit=None),
        # E 2005: 2 <-> 200 non-aggression from 1905
        dict(atopid=2005, ccode=2, entry="1905-01-01", exit=None, nonagg=1),
        dict(atopid=2005, ccode=200, entry="1905-01-01", exit=None, nonagg=1),
        # F 2006: 300 promises neutrality to 2 if 2 fights 20 (NEUCOADV, STATTHR1 = 20)
        dict(atopid=2006, ccode=300, entry="1905-01-01", exit=None, neutral=1, neucoadv=1, statthr1=20),
        dict(atopid=2006, ccode=2, entry="1905-01-01", exit=None, statthr1=20),
    ]
    m = pd.DataFrame([{**base, "phase": 0, **r} for r in rows])
    m["entry_date"] = pd.to_datetime(m.pop("entry")).astype("datetime64[s]")
    m["exit_date"] = pd.to_datetime(m.pop("exit")).astype("datetime64[s]")
    ints = {c: "Int8" for c in [*base, "phase"] if c not in ("statthr1", "statthr2")}
    return m.astype({"atopid": "Int32", "ccode": "Int16", "statthr1": "Int16", "statthr2": "Int16", **ints})


@pytest.fixture
def world(mini_world):
    _write(mini_world, "atop_5_1_member", "atop_5_1", members())
    return mini_world


def frame(world, **kw):
    d = als.create_dyad_years(True, 1900, 1905, data_dir=world)
    return als.add_challenger_alliances(d, **kw)


def val(d, c1, c2, y, col):
    r = d[(d["ccode1"] == c1) & (d["ccode2"] == c2) & (d["year"] == y)]
    assert len(r) == 1, (c1, c2, y)
    return int(r[col].iloc[0])


# (challenger, target, year, variable, value, cond) -- worked out by hand from members(), LEGACY rules
CASES = [
    (2, 200, 1900, "target_defense", 1, 0),     # 20 defends 200 unconditionally
    (20, 200, 1900, "target_defense", 0, 0),    # the only ally is the challenger itself
    (200, 20, 1900, "target_defense", 0, 0),    # same, C not yet in force
    (200, 20, 1901, "target_defense", 1, 1),    # 2 defends 20, but only in a location (C)
    (300, 20, 1901, "target_defense", 1, 0),    # 200 defends 20 unconditionally (A)
    (200, 2, 1900, "target_defense", 1, 0),     # 300 defends 2 against 200, the named adversary (B)
    (20, 2, 1900, "target_defense", 0, 0),      # B names 200, not 20
    (20, 2, 1902, "target_defense", 0, 0),      # B excludes 20; C's ally is the challenger
    (400, 2, 1903, "target_defense", 1, 1),     # only C (location-conditional) applies
    (400, 2, 1904, "target_defense", 0, 0),     # C ended 1903
    (200, 300, 1901, "target_defense", 1, 0),   # 2 defends 300 against 200
    (20, 300, 1901, "target_defense", 0, 0),
    (400, 2, 1903, "challenger_offense", 1, 0),  # 20 promised 400 offensive help
    (400, 20, 1903, "challenger_offense", 0, 0),  # ... but 20 is the target
    (20, 400, 1903, "challenger_offense", 0, 0),  # asymmetric: 400 promised nothing
    (2, 20, 1905, "challenger_neutral", 1, 0),   # 200's non-aggression; 300's neutrality naming 20
    (2, 200, 1905, "challenger_neutral", 0, 0),  # the non-aggression partner is the target; F names 20 only
    (2, 400, 1905, "challenger_neutral", 1, 0),
    (2, 400, 1904, "challenger_neutral", 0, 0),
    (200, 2, 1905, "challenger_neutral", 0, 0),  # 200's only partner is the target
]


def test_hand_computed_values(world):
    d = frame(world, **LEGACY)
    for c, t, y, var, v, cond in CASES:
        assert val(d, c, t, y, var) == v, (c, t, y, var)
        assert val(d, c, t, y, f"{var}_cond") == cond, (c, t, y, var, "cond")


def test_shared_defense_either_direction(world):
    d = frame(world)
    assert val(d, 20, 200, 1900, "shared_defense") == 1 and val(d, 200, 20, 1900, "shared_defense") == 1
    assert val(d, 2, 300, 1901, "shared_defense") == 1  # conditions are ignored for shared_defense
    assert val(d, 2, 20, 1902, "shared_defense") == 1 and val(d, 2, 20, 1904, "shared_defense") == 0
    assert val(d, 2, 200, 1900, "shared_defense") == 0


def test_default_rules_decide_location_for_defense(world):
    d = frame(world)
    # C's location limit protects the target's own territory: the pledge applies, no longer "conditional"
    assert val(d, 200, 20, 1901, "target_defense") == 1 and val(d, 200, 20, 1901, "target_defense_cond") == 0
    assert val(d, 400, 2, 1903, "target_defense") == 1 and val(d, 400, 2, 1903, "target_defense_cond") == 0
    # ... and with the location rule set to "fails" it never counts
    d = frame(world, location="fails")
    assert val(d, 400, 2, 1903, "target_defense") == 0
    # challenger_defense mirrors target_defense with the roles swapped: 200 defends 20 (A)
    assert val(frame(world), 20, 300, 1901, "challenger_defense") == 1


def test_exclude_conditional(world):
    d = frame(world, conditional="exclude", **LEGACY)
    assert val(d, 400, 2, 1903, "target_defense") == 0
    assert val(d, 200, 20, 1901, "target_defense") == 0
    assert val(d, 200, 2, 1900, "target_defense") == 1  # a satisfied named-adversary condition still counts
    assert d["target_defense_cond"].sum() == 0


def test_row_order_and_coverage(world):
    d = als.create_dyad_years(True, 1900, 1905, data_dir=world)
    a = als.add_challenger_alliances(d)
    b = als.add_challenger_alliances(d.sample(frac=1, random_state=3)).sort_index()
    b.attrs = a.attrs
    pd.testing.assert_frame_equal(a, b)
    # a year outside ATOP's coverage (1815-2018) is NA, not 0
    f = als.set_panel_info(pd.DataFrame({"ccode1": [2, 2], "ccode2": [200, 200], "year": [1900, 2019]}).astype("int16"),
                           unit="dyad_year", directed=True, data_dir=world)
    out = als.add_challenger_alliances(f)
    assert out["target_defense"].iloc[0] == 1 and pd.isna(out["target_defense"].iloc[1])
    with pytest.raises(als.errors.PanelError, match="directed dyad-year"):
        als.add_challenger_alliances(als.create_dyad_years(False, 1900, 1901, data_dir=world))


def test_explain_agrees_with_frame(world):
    d = frame(world, **LEGACY)
    for c, t, y, var, v, cond in CASES:
        ex = als.explain_challenger_alliances(c, t, y, data_dir=world, **LEGACY)
        row = d[(d["ccode1"] == c) & (d["ccode2"] == t) & (d["year"] == y)].iloc[0]
        for k, got in ex.values.items():
            assert got == int(row[k]), (c, t, y, k)
    ex = als.explain_challenger_alliances(20, 2, 1900, data_dir=world)
    b = ex.obligations[ex.obligations["atopid"] == 2002]
    assert not b["applies"].any() and "names other states" in b["rule"].iloc[0]
    assert "2002" in ex.summary()


@pytest.mark.realdata
def test_real_invariants(real_processed):
    d = als.create_dyad_years(True, 1816, 2000, data_dir=real_processed)
    d = als.add_alliances(d, source="atop").pipe(als.add_challenger_alliances)
    # shared_defense is ATOP's either-direction defense coding
    assert (d["shared_defense"].astype(int) == d["atop_defense_either"].astype(int)).all()
    shares = {v: d[v].astype(float).mean() for v in ("target_defense", "challenger_offense", "challenger_neutral",
                                                     "shared_defense", "target_defense_cond")}
    assert 0.3 < shares["target_defense"] < 0.8
    assert 0.005 < shares["challenger_offense"] < 0.1
    assert 0.02 < shares["shared_defense"] < 0.15
    assert shares["target_defense_cond"] < shares["target_defense"]
    # a conditional obligation counted only under "include"
    assert (d["target_defense_cond"] <= d["target_defense"]).all()
    # explain reproduces frame values on a seeded sample of allied and non-allied rows
    rng = np.random.default_rng(0)
    idx = np.r_[rng.choice(np.flatnonzero(d["target_defense"] == 1), 6), rng.choice(len(d), 4)]
    for i in idx:
        r = d.iloc[i]
        ex = als.explain_challenger_alliances(int(r.ccode1), int(r.ccode2), int(r.year), data_dir=real_processed)
        for k, got in ex.values.items():
            assert got == int(r[k]), (r.ccode1, r.ccode2, r.year, k)
    # US -> USSR 1960: the Warsaw Pact (ATOP 3285) is among the obligations behind target_defense
    ex = als.explain_challenger_alliances(2, 365, 1960, data_dir=real_processed)
    assert 3285 in set(ex.obligations.loc[ex.obligations["variable"] == "target_defense", "atopid"])


def test_named_germany_stands_for_west_germany_1946_1990(real_processed):
    """Soviet-bloc treaties name 'Germany' (255) while COW lists only West (260) and East (265) Germany."""
    from alliancestats.panels.add_challenger_alliances import directed_obligations

    obl, _, _ = directed_obligations(real_processed)
    cold_war = obl[(obl["adversary"] == "named") & obl["year"].between(1955, 1990)]
    assert not ((cold_war["named1"] == 255) | (cold_war["named2"] == 255)).any()
    assert ((cold_war["named1"] == 260) | (cold_war["named2"] == 260)).sum() > 500
    ex = als.explain_challenger_alliances(260, 265, 1970, data_dir=real_processed)
    assert ex.values["target_defense"] == 1
