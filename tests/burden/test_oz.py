"""Olson-Zeckhauser statistics against hand-computed cases (ties, exact enumeration, intervals)."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from alliancestats.burden.oz import fisher_interval, kendall_tau_b, oz_test, permutation_pvalue, spearman

X = [1, 2, 3, 4, 5]
Y = [2, 1, 4, 4, 5]  # one tie in y


def test_spearman_with_ties_by_hand():
    # ranks y = 2, 1, 3.5, 3.5, 5; deviations from 3: dx = -2..2, dy = -1, -2, .5, .5, 2
    # sum dx dy = 8.5, sum dx^2 = 10, sum dy^2 = 9.5  ->  8.5 / sqrt(95)
    assert spearman(X, Y) == pytest.approx(8.5 / np.sqrt(95), abs=1e-12)


def test_kendall_tau_b_with_ties_by_hand():
    # 10 pairs: 8 concordant, 1 discordant (1,2), 1 tied in y (3,4), none tied in x
    assert kendall_tau_b(X, Y) == pytest.approx(7 / np.sqrt(10 * 9), abs=1e-12)


def test_constant_variable_gives_nan():
    assert np.isnan(spearman([1, 2, 3], [5, 5, 5]))
    assert np.isnan(kendall_tau_b([1, 2, 3], [5, 5, 5]))


def test_exact_p_n3_no_ties():
    # the 6 permutations give rho = 1, .5, .5, -.5, -.5, -1
    r, p, kind = permutation_pvalue([1, 2, 3], [1, 2, 3], "spearman")
    assert (r, kind) == (pytest.approx(1.0), "exact")
    assert p == pytest.approx(2 / 6)
    assert permutation_pvalue([1, 2, 3], [1, 2, 3], "spearman", alternative="greater")[1] == pytest.approx(1 / 6)
    assert permutation_pvalue([1, 2, 3], [1, 2, 3], "spearman", alternative="less")[1] == pytest.approx(1.0)
    # Kendall: tau = 1, 1/3, 1/3, -1/3, -1/3, -1
    assert permutation_pvalue([1, 2, 3], [1, 2, 3], "kendall")[1] == pytest.approx(2 / 6)


def test_exact_p_n3_with_ties():
    # y ranks 1.5, 1.5, 3: arrangements give rho = .866 (2 perms), 0 (2), -.866 (2)
    r, p, kind = permutation_pvalue([1, 2, 3], [1, 1, 2], "spearman")
    assert r == pytest.approx(1.5 / np.sqrt(3))
    assert p == pytest.approx(4 / 6)
    assert permutation_pvalue([1, 2, 3], [1, 1, 2], "spearman", alternative="greater")[1] == pytest.approx(2 / 6)


def test_exact_n8_matches_monte_carlo_and_seed_is_reproducible():
    rng = np.random.default_rng(1)
    x = rng.normal(size=8)
    y = x + rng.normal(size=8)
    r_e, p_e, k_e = permutation_pvalue(x, y, "kendall")
    assert k_e == "exact"
    r_m, p_m, k_m = permutation_pvalue(x, y, "kendall", exact_max_n=0, n_perm=40000, seed=3)
    assert k_m == "permutation" and r_m == pytest.approx(r_e)
    assert abs(p_m - p_e) < 0.01
    assert permutation_pvalue(x, y, "kendall", exact_max_n=0, n_perm=999, seed=3) == \
        permutation_pvalue(x, y, "kendall", exact_max_n=0, n_perm=999, seed=3)


def test_monte_carlo_p_never_zero():
    x = np.arange(12.0)
    r, p, kind = permutation_pvalue(x, x, "spearman", n_perm=999, seed=1)
    assert kind == "permutation" and r == pytest.approx(1.0)
    assert p == pytest.approx(1 / 1000)  # (1 + 0) / (999 + 1): no permutation reaches |rho| = 1


def test_fisher_intervals_by_hand():
    # Spearman r = .5, n = 12: se = sqrt(1.125 / 9) = .353553, z = atanh(.5) = .549306
    lo, hi = fisher_interval(0.5, 12, "spearman")
    assert (lo, hi) == (pytest.approx(np.tanh(0.549306 - 1.959964 * 0.353553), abs=1e-5),
                        pytest.approx(np.tanh(0.549306 + 1.959964 * 0.353553), abs=1e-5))
    assert lo == pytest.approx(-0.142666, abs=1e-5) and hi == pytest.approx(0.846098, abs=1e-5)
    # Kendall: se = sqrt(.437 / 8)
    lo, hi = fisher_interval(0.5, 12, "kendall")
    assert lo == pytest.approx(0.090971, abs=1e-5) and hi == pytest.approx(0.764680, abs=1e-5)
    assert np.isnan(fisher_interval(0.5, 3, "spearman")[0])
    assert np.isnan(fisher_interval(1.0, 10, "spearman")[0])


def test_oz_test_groups_and_missing_members():
    d = pd.DataFrame({
        "alliance": ["a"] * 5 + ["b"] * 4,
        "year": [1964] * 5 + [1964] * 4,
        "gdp": [1, 2, 3, 4, 5, 10, 20, 30, np.nan],
        "burden": [2, 1, 4, 4, 5, 0.03, 0.02, 0.01, 0.05],
    })
    res = oz_test(d)
    t = res.table.set_index("alliance")
    assert t.loc["a", "spearman"] == pytest.approx(8.5 / np.sqrt(95))
    assert t.loc["a", "kendall"] == pytest.approx(7 / np.sqrt(90))
    assert bool(t.loc["a", "complete"]) and t.loc["a", "n"] == 5
    # b: one member without GDP -> 3 used, perfectly reversed
    assert t.loc["b", "n"] == 3 and t.loc["b", "n_members"] == 4 and not bool(t.loc["b", "complete"])
    assert t.loc["b", "spearman"] == pytest.approx(-1.0)
    assert t.loc["b", "spearman_p"] == pytest.approx(2 / 6)
    sd = res.stats_dict()
    assert sd["oz_spearman_a_1964"] == pytest.approx(8.5 / np.sqrt(95))
    assert sd["oz_n_b_1964"] == 3
    assert "Olson-Zeckhauser" in res.summary()


def test_oz_test_too_few_members_is_na():
    d = pd.DataFrame({"alliance": ["a", "a"], "year": [1, 1], "gdp": [1.0, 2.0], "burden": [0.1, 0.2]})
    t = oz_test(d).table
    assert np.isnan(t["spearman"].iat[0]) and t["n"].iat[0] == 2


def test_permutation_p_values_do_not_depend_on_row_order():
    import numpy as np
    import pandas as pd

    from alliancestats.burden.oz import oz_test

    rng = np.random.default_rng(5)
    d = pd.DataFrame({"alliance": "a", "year": 2000, "gdp": rng.lognormal(size=14), "burden": rng.random(14)})
    a = oz_test(d, n_perm=499).table
    b = oz_test(d.sample(frac=1, random_state=2), n_perm=499).table
    pd.testing.assert_frame_equal(a, b)


def _reference_p(x, y, stat, alternative, perms):
    """The recipe oz.py used before scipy's permutation_test (issue 15): every row of ``perms`` pairs a
    permutation of y with x, one scipy statistic call per pairing; extreme = at least as far out, 1e-12 slack."""
    obs = stat(x, y)
    null = np.array([stat(x, y[list(p)]) for p in perms])
    if alternative == "two-sided":
        return obs, np.count_nonzero(np.abs(null) >= abs(obs) - 1e-12)
    if alternative == "greater":
        return obs, np.count_nonzero(null >= obs - 1e-12)
    return obs, np.count_nonzero(null <= obs + 1e-12)


def test_statistics_and_exact_p_values_equal_scipy():
    # issue 15 replaced the home-made statistics and enumeration by scipy: the numbers must not move.
    # Reference: all n! pairings enumerated with itertools, scipy.stats.spearmanr / kendalltau per pairing.
    import itertools
    from math import factorial

    from scipy import stats

    rng = np.random.default_rng(8)
    fns = {"spearman": lambda a, b: stats.spearmanr(a, b).statistic,
           "kendall": lambda a, b: stats.kendalltau(a, b).statistic}
    for n in (5, 6):
        x = rng.normal(size=n)
        y = np.round(x + rng.normal(size=n), 1)
        y[1] = y[2]  # a tie
        assert spearman(x, y) == pytest.approx(stats.spearmanr(x, y).statistic, abs=1e-12)
        assert kendall_tau_b(x, y) == pytest.approx(stats.kendalltau(x, y).statistic, abs=1e-12)
        perms = list(itertools.permutations(range(n)))
        for method, fn in fns.items():
            for alt in ("two-sided", "greater", "less"):
                obs, hits = _reference_p(x, y, fn, alt, perms)
                r, p, kind = permutation_pvalue(x, y, method, alternative=alt)
                assert kind == "exact" and r == pytest.approx(obs, abs=1e-12)
                assert p == pytest.approx(hits / factorial(n), abs=1e-12), (n, method, alt)


def test_monte_carlo_p_values_equal_the_former_recipe():
    # the former code drew n_perm permutations as rng.permuted(tile(arange(n)), axis=1) with
    # rng = default_rng(seed) and returned (1 + #extreme) / (n_perm + 1); scipy's pairings test with
    # rng=seed draws the same permutations, so the Monte Carlo p-values of earlier runs are unchanged.
    from scipy import stats

    rng = np.random.default_rng(4)
    n, n_perm, seed = 11, 499, 17
    x = rng.normal(size=n)
    y = np.round(0.4 * x + rng.normal(size=n), 1)
    y[3] = y[7]
    perms = np.random.default_rng(seed).permuted(np.tile(np.arange(n), (n_perm, 1)), axis=1)
    for method, fn in (("spearman", lambda a, b: stats.spearmanr(a, b).statistic),
                       ("kendall", lambda a, b: stats.kendalltau(a, b).statistic)):
        for alt in ("two-sided", "greater", "less"):
            obs, hits = _reference_p(x, y, fn, alt, perms)
            r, p, kind = permutation_pvalue(x, y, method, alternative=alt, n_perm=n_perm, seed=seed)
            assert kind == "permutation" and r == pytest.approx(obs, abs=1e-12)
            assert p == pytest.approx((1 + hits) / (n_perm + 1), abs=1e-12), (method, alt)


def test_bad_options_raise_option_error():
    from alliancestats.errors import ModelInputError, OptionError

    with pytest.raises(OptionError, match="spearman"):
        permutation_pvalue([1, 2, 3], [1, 2, 3], "pearson")
    with pytest.raises(OptionError, match="greater"):
        permutation_pvalue([1, 2, 3], [1, 2, 3], alternative="up")
    with pytest.raises(ModelInputError, match="length"):
        permutation_pvalue([1, 2, 3], [1, 2])


def test_oz_result_renders_as_text_html_and_latex():
    d = pd.DataFrame({"alliance": "a", "year": 1964, "gdp": [1, 2, 3, 4, 5], "burden": [2, 1, 4, 4, 5]})
    res = oz_test(d)
    s = res.summary()
    assert str(s).startswith("Olson-Zeckhauser test") and repr(res) == str(s)
    assert "0.872" in str(s)  # 8.5 / sqrt(95), three decimals
    assert "<table" in res._repr_html_() and "\\begin{table}" in s.as_latex()
