import pandas as pd

import alliancestats as als


def _row(df, a, b, y):
    r = df[(df.ccode1 == a) & (df.ccode2 == b) & (df.year == y)]
    assert len(r) == 1, (a, b, y)
    return r.iloc[0]


def test_directed_obligations_follow_asymmetry(mini_world):
    d = als.create_dyad_years(True, 1900, 1905, data_dir=mini_world).pipe(als.add_alliances, source="atop")
    # 2 and 20 both defend 200; neither defends the other; all three consult
    assert _row(d, 2, 200, 1900).atop_defense == 1
    assert _row(d, 20, 200, 1900).atop_defense == 1
    assert _row(d, 200, 2, 1900).atop_defense == 0
    assert _row(d, 2, 20, 1900).atop_defense == 0
    assert _row(d, 2, 20, 1900).atop_consul == 1
    # either-direction summary
    assert _row(d, 200, 2, 1900).atop_defense_either == 1
    assert _row(d, 2, 20, 1900).atop_defense_either == 0
    # 1002: 2<->300 mutual defense through mid-1901, not 1902
    assert _row(d, 2, 300, 1901).atop_defense == 1 and _row(d, 300, 2, 1901).atop_defense == 1
    assert _row(d, 2, 300, 1902).atop_alliance == 0
    # 1001 + 1002 in 1900 for 2 -> n = 2 alliances with 300? no: only 1002; with 200 only 1001
    assert _row(d, 2, 300, 1900).atop_n == 1
    # 1003: 2 and 400 are never members on the same day
    assert _row(d, 2, 400, 1903).atop_alliance == 0
    assert _row(d, 2, 400, 1903).atop_neutral == 0


def test_non_directed_takes_highest_pledge(mini_world):
    nd = als.create_dyad_years(False, 1900, 1901, data_dir=mini_world).pipe(als.add_alliances)
    assert _row(nd, 2, 200, 1900).atop_defense == 1
    assert _row(nd, 20, 200, 1900).atop_defense == 1
    assert _row(nd, 2, 20, 1900).atop_defense == 0
    assert "atop_defense_either" not in nd.columns


def test_outside_coverage_is_na_not_zero(mini_world):
    # extend the state system past ATOP 5.1's coverage (1815-2018): 2019-2020 must be NA, 2016-2018 observed
    from conftest import _write, states_table
    st = states_table()
    st["end_date"] = st["end_date"].where(st["end_date"] != pd.Timestamp("2016-12-31"), pd.Timestamp("2020-12-31"))
    _write(mini_world, "cow_states_2016_states", "cow_states_2016", st)
    d = als.create_dyad_years(True, 2016, 2020, data_dir=mini_world).pipe(als.add_alliances)
    inside, beyond = d[d["year"] <= 2018], d[d["year"] > 2018]
    assert len(beyond) and len(inside)
    assert inside["atop_defense"].notna().all() and beyond["atop_defense"].isna().all()
    assert beyond["atop_alliance"].isna().all()
    # inside coverage an ongoing pledge is observed (1001 has no exit date), not NA and not 0
    assert _row(d, 2, 200, 2018).atop_defense == 1 and _row(d, 2, 200, 2016).atop_defense == 1


def test_state_year_any_obligation(mini_world):
    sy = als.create_state_years(1900, 1905, data_dir=mini_world).pipe(als.add_alliances)
    r = sy.set_index(["ccode", "year"])
    assert r.loc[(2, 1900), "atop_defense"] == 1
    assert r.loc[(200, 1900), "atop_defense"] == 0 and r.loc[(200, 1900), "atop_alliance"] == 1
    # 300 is out of the system from 1902-03-31 to 1904-06-01: no 1903 row; its pact 1002 ended 1901-06-30
    assert (300, 1903) not in r.index
    assert r.loc[(300, 1901), "atop_alliance"] == 1 and r.loc[(300, 1902), "atop_alliance"] == 0
    assert r.loc[(300, 1904), "atop_alliance"] == 0
    assert r.loc[(2, 1900), "atop_n"] == 2
