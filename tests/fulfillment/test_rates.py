"""Wilson intervals, cluster bootstrap, rates tables and the determinants logit."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import alliancestats.fulfillment as ff


def test_wilson_textbook_values():
    lo, hi = ff.wilson_interval(8, 10)
    # Wilson (1927) score interval for 8/10 at 95%: 0.4902 .. 0.9433 (Agresti & Coull 1998, hand-computed)
    assert lo == pytest.approx(0.490162, abs=1e-6) and hi == pytest.approx(0.943318, abs=1e-6)
    lo, hi = ff.wilson_interval(np.array([0, 10]), np.array([10, 10]))
    assert lo[0] == 0 and hi[0] == pytest.approx(0.277533, abs=1e-6) and hi[1] == pytest.approx(1)
    assert np.isnan(ff.wilson_interval(0, 0)[0])


def test_wilson_equals_the_previous_closed_form():
    # issue 15 replaced the home-made formula by statsmodels: the numbers must not move
    from scipy import stats
    k = np.array([0, 1, 3, 7, 23, 50, 99, 100]).astype(float)
    n = np.array([10, 10, 12, 30, 82, 123, 100, 100]).astype(float)
    z = stats.norm.ppf(0.975)
    p = k / n
    den = 1 + z ** 2 / n
    centre, half = (p + z ** 2 / (2 * n)) / den, z / den * np.sqrt(p * (1 - p) / n + z ** 2 / (4 * n ** 2))
    lo, hi = ff.wilson_interval(k, n)
    np.testing.assert_allclose(lo, np.clip(centre - half, 0, 1), atol=1e-12)
    np.testing.assert_allclose(hi, np.clip(centre + half, 0, 1), atol=1e-12)


def test_cluster_bootstrap_properties():
    # 40 clusters of 5; cluster-level outcomes all 0 or all 1 -> the bootstrap of the ratio equals the bootstrap
    # of 40 Bernoulli cluster means: sd ~ sqrt(p(1-p)/40), much wider than the naive sqrt(p(1-p)/200)
    cl = np.repeat(np.arange(40), 5)
    y = np.repeat((np.arange(40) < 20).astype(int), 5)
    lo, hi, draws = ff.cluster_bootstrap(y, cl, n_boot=4000, seed=1, return_draws=True)
    assert draws.mean() == pytest.approx(0.5, abs=0.01)
    assert draws.std() == pytest.approx(np.sqrt(0.25 / 40), rel=0.08)
    assert (lo, hi) == ff.cluster_bootstrap(y, cl, n_boot=4000, seed=1)  # same seed, same interval
    one = ff.cluster_bootstrap([1, 0, 1, 1], [7, 7, 7, 7], n_boot=50, seed=3)
    assert one == (0.75, 0.75)  # a single cluster: every replicate is the whole sample


def test_cluster_bootstrap_equals_the_former_recipe():
    # issue 15 moved the cluster bootstrap onto scipy.stats.bootstrap (paired, percentile): the former code drew
    # rng.integers(0, G, (B, G)) cluster indices with default_rng(seed), recomputed sum(k) / sum(n) and took
    # np.quantile -- replayed here, the intervals and draws must not move
    from alliancestats.errors import OptionError

    rng = np.random.default_rng(3)
    cl, y = rng.integers(0, 15, 120), rng.integers(0, 2, 120)
    codes, uniq = pd.factorize(pd.Series(cl), sort=True)
    k_g, n_g = np.bincount(codes, weights=y), np.bincount(codes).astype(float)
    draws = np.random.default_rng(77).integers(0, len(uniq), size=(999, len(uniq)))
    rates = k_g[draws].sum(axis=1) / n_g[draws].sum(axis=1)
    lo, hi, got = ff.cluster_bootstrap(y, cl, n_boot=999, seed=77, level=0.9, return_draws=True)
    np.testing.assert_allclose(np.sort(got), np.sort(rates), rtol=1e-13)
    assert (lo, hi) == (pytest.approx(np.quantile(rates, 0.05), rel=1e-13),
                        pytest.approx(np.quantile(rates, 0.95), rel=1e-13))
    blo, bhi = ff.cluster_bootstrap(y, cl, n_boot=999, seed=77, method="BCa")
    assert 0 < blo < y.mean() < bhi < 1
    assert ff.cluster_bootstrap([1, 0, 1], [5, 5, 5]) == (pytest.approx(2 / 3), pytest.approx(2 / 3))  # one cluster
    with pytest.raises(OptionError, match="BCa"):
        ff.cluster_bootstrap(y, cl, method="basic")


def test_rates_table_hand_counts(fworld):
    coded = ff.code_outcomes(ff.build_opportunities(fworld), "llm")
    r = ff.fulfillment_rates(coded, n_boot=200, seed=5)
    t = r.table.set_index(["grouping", "group"])
    # honored: 1001 x2, 1005; violated: 1004, 1006 x2, 1007
    assert t.loc[("overall", "all"), "n"] == 7 and t.loc[("overall", "all"), "n_honored"] == 3
    assert t.loc[("obligation", "defense"), "n"] == 3 and t.loc[("obligation", "defense"), "n_honored"] == 2
    assert t.loc[("obligation", "nonagg"), "rate"] == 0
    # undecidable included with their provisional outcome (1002, 1013: violated)
    u = ff.fulfillment_rates(coded, include_undecidable=True, n_boot=200, seed=5).table.set_index(["grouping", "group"])
    assert u.loc[("overall", "all"), "n"] == 9 and u.loc[("overall", "all"), "n_honored"] == 3
    assert "Wilson" in r.summary()


def test_rates_result_api(fworld):
    # issue 13: the rates result speaks statsmodels (params, bse, conf_int, nobs, summary object)
    from statsmodels.stats.proportion import proportion_confint

    from alliancestats.errors import ModelInputError, OptionError

    coded = ff.code_outcomes(ff.build_opportunities(fworld), "llm")
    r = ff.fulfillment_rates(coded, n_boot=200, seed=5)
    assert r.params[("overall", "all")] == pytest.approx(3 / 7) and r.nobs == 7
    assert r.bse[("overall", "all")] == pytest.approx(np.sqrt(3 / 7 * 4 / 7 / 7))
    ci = r.conf_int()
    np.testing.assert_allclose(ci[0], r.table["wilson_low"], rtol=1e-12)
    lo, hi = proportion_confint(3, 7, alpha=0.1, method="wilson")
    assert tuple(r.conf_int(0.1).loc[("overall", "all")]) == (pytest.approx(lo), pytest.approx(hi))
    np.testing.assert_allclose(r.conf_int(method="boot_war")[1], r.table["boot_war_high"])
    with pytest.raises(ModelInputError, match="level"):
        r.conf_int(0.1, method="boot_alliance")
    with pytest.raises(OptionError, match="wilson"):
        r.conf_int(method="wald")
    s = r.summary()
    assert str(s).startswith("Alliance fulfillment rates") and "<table" in r._repr_html_()
    assert "\\begin{table}" in s.as_latex() and r.to_markdown().startswith("| grouping")


def test_determinants_recover_known_parameters():
    rng = np.random.default_rng(42)
    n = 4000
    d = pd.DataFrame({"cap_change": rng.exponential(0.5, n), "major_o": rng.integers(0, 2, n),
                      "milinst": rng.integers(0, 3, n), "log_members": np.log(rng.integers(2, 20, n)),
                      "original_target": rng.integers(0, 2, n), "post1945": rng.integers(0, 2, n),
                      "warnum": rng.integers(0, 200, n)})
    beta = np.array([1.0, -0.8, -0.5, 0.3, 0.2, -0.6, -1.0])
    X = np.column_stack([np.ones(n), d[list(ff.DETERMINANTS)].to_numpy(float)])
    d["honored"] = (rng.random(n) < 1 / (1 + np.exp(-X @ beta))).astype(int)
    coded = pd.DataFrame({"scheme": ["llm"]})
    res = ff.fit_determinants(coded, data=d)
    z = (res.params.to_numpy() - beta) / res.bse.to_numpy()
    assert np.all(np.abs(z) < 3.5), z
    assert res.se_type == "cluster" and res.n_clusters == 200


def test_determinants_data_by_hand(fworld):
    coded = ff.code_outcomes(ff.build_opportunities(fworld), "llm")
    d = ff.determinants_data(coded, fworld).set_index(["atopid", "obligated", "beneficiary"])
    # 2's CINC doubled between alliance entry (1890) and the war (1900): |ln 2|
    assert d.loc[(1001, 2, 200), "cap_change"] == pytest.approx(np.log(2))
    assert d.loc[(1001, 200, 2), "cap_change"] == pytest.approx(0.0)
    assert d.loc[(1001, 200, 2), "major_o"] == 1 and d.loc[(1001, 2, 200), "major_o"] == 0
    assert d.loc[(1001, 2, 200), "original_target"] == 1 and d.loc[(1001, 200, 2), "original_target"] == 0
    assert d.loc[(1006, 2, 300), "milinst"] == 1 and d.loc[(1006, 2, 300), "post1945"] == 0
    assert d.loc[(1001, 2, 200), "log_members"] == pytest.approx(np.log(2))
