"""Alliance-portfolio similarity: S (unweighted, CINC-weighted), tau-b, regional scope, on hand-computed worlds."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from scipy.stats import kendalltau

import alliancestats as als
from alliancestats.errors import AllianceStatsError, PanelError
from alliancestats.panels import set_panel_info
from alliancestats.panels.add_alliance_similarity import cow_region, s_score, tau_b
from alliancestats.store import write_parquet


def _write(ddir, table_id, dataset_id, df):
    write_parquet(df, ddir / f"{table_id}.parquet", {"dataset_id": dataset_id, "table_id": table_id,
                                                      "known_release": True})


@pytest.fixture
def world(tmp_path):
    """Four states, 1950: A=2, B=20 (Americas), C=200, D=300 (Europe).

    A-B defense pact (level 3), A-C consultation (1), B-D neutrality (2), C-D nothing; plus an
    asymmetric pact in which only A pledges defense to D (1951) and an offense-only pact B-C (1951).
    Portfolios in 1950 (rows/columns A, B, C, D; own level 3):
    A [3 3 1 0], B [3 3 0 2], C [1 0 3 0], D [0 2 0 3].
    """
    ddir = tmp_path / "processed"
    ddir.mkdir()
    st = pd.DataFrame({"ccode": pd.array([2, 20, 200, 300], dtype="Int16"),
                       "start_date": pd.to_datetime(["1816-01-01"] * 4).astype("datetime64[s]"),
                       "end_date": pd.to_datetime(["2016-12-31"] * 4).astype("datetime64[s]")})
    _write(ddir, "cow_states_2016_states", "cow_states_2016", st)
    rows = [  # atopid, ccode, entry, exit, defense, offense, neutral, nonagg, consul
        (1, 2, "1950-01-01", "1950-12-31", 1, 0, 0, 0, 1), (1, 20, "1950-01-01", "1950-12-31", 1, 0, 0, 0, 1),
        (2, 2, "1950-01-01", "1950-12-31", 0, 0, 0, 0, 1), (2, 200, "1950-01-01", "1950-12-31", 0, 0, 0, 0, 1),
        (3, 20, "1950-01-01", "1950-12-31", 0, 0, 1, 0, 0), (3, 300, "1950-01-01", "1950-12-31", 0, 0, 1, 0, 0),
        (4, 2, "1951-01-01", "1951-12-31", 1, 0, 0, 0, 0), (4, 300, "1951-01-01", "1951-12-31", 0, 0, 0, 0, 0),
        (5, 20, "1951-01-01", "1951-12-31", 0, 1, 0, 0, 0), (5, 200, "1951-01-01", "1951-12-31", 0, 1, 0, 0, 0),
    ]
    m = pd.DataFrame(rows, columns=["atopid", "ccode", "entry_date", "exit_date", "defense", "offense", "neutral",
                                    "nonagg", "consul"])
    m["phase"] = 0
    for c in ("entry_date", "exit_date"):
        m[c] = pd.to_datetime(m[c]).astype("datetime64[s]")
    m = m.astype({"atopid": "Int32", "ccode": "Int16"})
    _write(ddir, "atop_5_1_member", "atop_5_1", m)
    nmc = pd.DataFrame({"ccode": pd.array([2, 20, 200, 300] * 2, dtype="Int16"),
                        "year": pd.array([1950] * 4 + [1951] * 4, dtype="Int16"),
                        "cinc": [0.4, 0.3, 0.2, 0.1, 0.4, 0.3, 0.2, np.nan]})
    _write(ddir, "nmc_6_0_state_year", "nmc_6_0", nmc)
    return ddir


def frame(ddir, rows, directed=True):
    df = pd.DataFrame(rows, columns=["ccode1", "ccode2", "year"]).astype("int16")
    return set_panel_info(df, unit="dyad_year", directed=directed, data_dir=ddir)


def values(out, col):
    return {(a, b): v for a, b, v in zip(out.ccode1, out.ccode2, out[col])}


PAIRS = [(2, 20), (2, 200), (200, 300), (20, 2), (300, 200), (2, 300)]


def test_s_hand_computed(world):
    out = als.add_alliance_similarity(frame(world, [(a, b, 1950) for a, b in PAIRS]))
    s = values(out, "s_unweighted")
    # S = 1 - 2 * sum|d| / (3 * 4)
    assert s[(2, 20)] == pytest.approx(1 - 2 * 3 / 12)  # |d| = 0 0 1 2
    assert s[(2, 200)] == pytest.approx(1 - 2 * 7 / 12)  # 2 3 2 0
    assert s[(200, 300)] == pytest.approx(1 - 2 * 9 / 12)  # 1 2 3 3
    assert s[(2, 300)] == pytest.approx(1 - 2 * 8 / 12)  # 3 1 1 3
    w = values(out, "s_weighted")
    # weights 0.4 0.3 0.2 0.1 (sum 1): S_w = 1 - 2 * sum w|d| / 3
    assert w[(2, 20)] == pytest.approx(1 - 2 * (0.2 * 1 + 0.1 * 2) / 3)
    assert w[(2, 200)] == pytest.approx(1 - 2 * (0.4 * 2 + 0.3 * 3 + 0.2 * 2) / 3)
    assert w[(200, 300)] == pytest.approx(1 - 2 * (0.4 * 1 + 0.3 * 2 + 0.2 * 3 + 0.1 * 3) / 3)
    t = values(out, "taub")
    assert t[(2, 20)] == pytest.approx(kendalltau([3, 3, 1, 0], [3, 3, 0, 2], variant="b").statistic)
    # symmetric in directed frames
    for col in ("s_unweighted", "s_weighted", "taub"):
        v = values(out, col)
        assert v[(2, 20)] == v[(20, 2)] and v[(200, 300)] == v[(300, 200)]


def test_identical_portfolios_give_one():
    P = np.array([[3, 3, 1, 0, 2], [3, 3, 1, 0, 2], [0, 1, 3, 2, 0]], dtype="int8")
    assert s_score(P, np.ones(5))[0, 1] == pytest.approx(1.0)
    assert s_score(P, np.array([0.1, 0.5, 0.0, 0.3, 0.1]))[0, 1] == pytest.approx(1.0)
    assert tau_b(P, np.ones(5))[0, 1] == pytest.approx(1.0)
    assert np.allclose(np.diag(s_score(P, np.ones(5))), 1.0) and np.allclose(np.diag(tau_b(P, np.ones(5))), 1.0)


def test_tau_b_equals_scipy_on_random_portfolios():
    rng = np.random.default_rng(20260101)
    for _ in range(5):
        n = int(rng.integers(5, 40))
        P = rng.integers(0, 4, (n, n)).astype("int8")
        mask = (rng.random(n) < 0.7).astype(float)
        mask[:2] = 1
        T = tau_b(P, mask)
        for i, j in rng.integers(0, n, (10, 2)):
            ref = kendalltau(P[i][mask > 0], P[j][mask > 0], variant="b").statistic
            assert T[i, j] == pytest.approx(ref, abs=1e-12) or (np.isnan(ref) and np.isnan(T[i, j]))


def test_signorino_ritter_table6_example():
    """Germany and Russia 1914 (Signorino & Ritter 1999, Table 6): tau-b is about .03."""
    gmy = [3, 0, 0, 0, 3, 3, 0, 0, 0, 0, 0, 3, 0, 0, 0, 0, 0, 0, 0, 0]
    rus = [0, 3, 1, 3, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]
    t = tau_b(np.array([gmy, rus]), np.ones(20))[0, 1]
    assert t == pytest.approx(kendalltau(gmy, rus, variant="b").statistic) and round(t, 2) == 0.03
    # S: |d| sums to 18 over 20 states -> 1 - 36/60
    assert s_score(np.array([gmy, rus]), np.ones(20))[0, 1] == pytest.approx(0.4)


def test_directed_and_non_directed_agree(world):
    d = als.add_alliance_similarity(frame(world, [(a, b, 1950) for a, b in PAIRS]))
    nd = als.add_alliance_similarity(frame(world, [(2, 20, 1950), (2, 200, 1950), (200, 300, 1950)], directed=False))
    for col in ("s_unweighted", "s_weighted", "taub"):
        dv, nv = values(d, col), values(nd, col)
        assert all(nv[k] == pytest.approx(dv[k]) for k in nv)


def test_atop_levels_asymmetric_and_offense(world):
    """1951: A defends D one-way (level 3 both ways in the portfolio); B-C offense only (level 2)."""
    out = als.add_alliance_similarity(frame(world, [(2, 300, 1951), (20, 200, 1951)]), measures=("s_unweighted",))
    # portfolios 1951: A [3 0 0 3], B [0 3 2 0], C [0 2 3 0], D [3 0 0 3]
    s = values(out, "s_unweighted")
    assert s[(2, 300)] == pytest.approx(1.0)  # identical portfolios
    assert s[(20, 200)] == pytest.approx(1 - 2 * (1 + 1) / 12)


def test_weighted_needs_nmc_weights(world):
    out = als.add_alliance_similarity(frame(world, [(2, 20, 1951), (2, 20, 1952)]))
    # 1951: D's CINC missing -> weight 0 (only A, B, C count); 1952: no NMC row -> NA, unweighted still defined
    # portfolios 1951 over A, B, C: A [3 0 0], B [0 3 2] -> S_w = 1 - 2 (0.4*3 + 0.3*3 + 0.2*2) / (3 * 0.9)
    assert out.s_weighted.iat[0] == pytest.approx(1 - 2 * (0.4 * 3 + 0.3 * 3 + 0.2 * 2) / (3 * 0.9))
    # 1952, no alliances: A [3 0 0 0], B [0 3 0 0] -> S = 1 - 2 * 6 / 12 = 0
    assert np.isnan(out.s_weighted.iat[1]) and out.s_unweighted.iat[1] == pytest.approx(0.0)


def test_regional_scope(world):
    assert cow_region([2, 199, 200, 399, 400, 599, 600, 698, 700, 990]).tolist() == [1, 1, 2, 2, 3, 3, 4, 4, 5, 5]
    out = als.add_alliance_similarity(frame(world, [(a, b, 1950) for a, b in PAIRS]), scope="regional")
    assert {"s_unweighted_regional", "s_weighted_regional", "taub_regional"} <= set(out.columns)
    assert "s_unweighted" not in out.columns
    s, t = values(out, "s_unweighted_regional"), values(out, "taub_regional")
    # A, B both Americas: reference {A, B}; portfolios A [3 3], B [3 3] -> identical
    assert s[(2, 20)] == pytest.approx(1.0)
    # C, D both Europe: reference {C, D}: C [3 0], D [0 3]
    assert s[(200, 300)] == pytest.approx(1 - 2 * 6 / 6) and t[(200, 300)] == pytest.approx(-1.0)
    # A (Americas) and C (Europe): the union is the whole world, as in the global score
    g = values(als.add_alliance_similarity(frame(world, [(2, 200, 1950)])), "s_unweighted")
    assert s[(2, 200)] == pytest.approx(g[(2, 200)])
    w = values(out, "s_weighted_regional")
    assert w[(200, 300)] == pytest.approx(1 - 2 * (0.2 * 3 + 0.1 * 3) / (3 * 0.3))


def test_errors(world, tmp_path):
    f = frame(world, [(2, 20, 1950)])
    with pytest.raises(ValueError, match="measures='s'"):
        als.add_alliance_similarity(f, measures=("s",))
    with pytest.raises(ValueError, match="scope='local'"):
        als.add_alliance_similarity(f, scope="local")
    with pytest.raises(ValueError, match="source='ucdp'"):
        als.add_alliance_similarity(f, source="ucdp")
    sy = set_panel_info(pd.DataFrame({"ccode": [2], "year": [1950]}).astype("int16"), unit="state_year",
                        data_dir=world)
    with pytest.raises(PanelError, match="needs a dyad-year frame"):
        als.add_alliance_similarity(sy)
    with pytest.raises(AllianceStatsError, match="1815-2018"):
        als.add_alliance_similarity(frame(world, [(2, 20, 2020)]))


# --- real-data tier ---------------------------------------------------------------------------------------------


def test_real_invariants(real_processed):
    ddy = als.create_dyad_years(directed=True, start=1900, end=1960, data_dir=real_processed)
    out = als.add_alliance_similarity(als.add_alliance_similarity(ddy), scope="regional")
    for col in ("s_unweighted", "s_weighted", "taub", "s_unweighted_regional", "s_weighted_regional", "taub_regional"):
        v = out[col].to_numpy()
        assert np.nanmin(v) >= -1 - 1e-9 and np.nanmax(v) <= 1 + 1e-9
        fwd = out.set_index(["ccode1", "ccode2", "year"])[col]
        rev = out.set_index(["ccode2", "ccode1", "year"])[col].reindex(fwd.index)
        assert np.allclose(fwd.to_numpy(), rev.to_numpy(), equal_nan=True)
    assert out["s_unweighted"].notna().all()
    # NATO allies are more similar than the superpowers (1955)
    key = out.set_index(["ccode1", "ccode2", "year"])
    assert key.loc[(2, 200, 1955), "s_unweighted"] > key.loc[(2, 365, 1955), "s_unweighted"]


def test_explain_shows_the_portfolios(world):
    e = als.explain_alliance_similarity(2, 300, 1950, data_dir=world)
    assert e["ccode"].tolist() == [2, 20, 200, 300]
    assert e["level1"].tolist() == [3, 3, 1, 0] and e["level2"].tolist() == [0, 2, 0, 3]
    s = values(als.add_alliance_similarity(frame(world, [(2, 300, 1950)])), "s_unweighted")[(2, 300)]
    assert s == pytest.approx(1 - 2 * e["absdiff"].sum() / (3 * len(e)))
    r = als.explain_alliance_similarity(200, 300, 1950, data_dir=world, scope="regional")
    assert r["in_reference"].tolist() == [False, False, True, True]
