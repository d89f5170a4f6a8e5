"""Simulated quantities of interest (King, Tomz & Wittenberg 2000)."""
import numpy as np
import pandas as pd
import pytest
from scipy import stats
from scipy.special import expit

from alliancestats.models import BinaryResult, ModelInputError, draw_params, first_difference, fit_binary, \
    predicted_probability


def _result(params, cov, model="logit", n=4):
    names = list(params)
    return BinaryResult(model=model, outcome="y", params=pd.Series(params, dtype=float),
                        cov=pd.DataFrame(cov, index=names, columns=names), se_type="classical",
                        n_obs=n, n_events=1, llf=-1.0, sample_index=pd.RangeIndex(n))


DATA = pd.DataFrame({"d": [0, 1, 0, 1.0], "x": [0.0, 1.0, 2.0, -1.0]})


def test_point_values_by_hand_observed_and_means():
    r = _result({"const": -1.0, "d": -0.5, "x": 0.3}, np.eye(3) * 1e-12)
    fd = first_difference(r, DATA, "d", (0, 1), method="observed", n_sims=50, seed=1)
    x = DATA["x"].to_numpy()
    p0, p1 = expit(-1 + 0.3 * x).mean(), expit(-1.5 + 0.3 * x).mean()
    assert fd.p0.point == pytest.approx(p0) and fd.p1.point == pytest.approx(p1)
    assert fd.pct_change.point == pytest.approx(100 * (p1 - p0) / p0)
    # negligible variance: the simulated interval collapses onto the point value
    assert fd.pct_change.lo == pytest.approx(fd.pct_change.point, abs=1e-4)
    assert fd.pct_change.hi == pytest.approx(fd.pct_change.point, abs=1e-4)
    m = first_difference(r, DATA, "d", (0, 1), method="means", at={"x": 2.0}, n_sims=50, seed=1)
    assert m.diff.point == pytest.approx(expit(-1.5 + 0.6) - expit(-1 + 0.6))
    pb = predicted_probability(_result({"const": 0.2, "x": 0.5}, np.eye(2) * 1e-12, model="probit"), DATA,
                               {"x": 1.0}, n_sims=20)
    assert pb.point == pytest.approx(stats.norm.cdf(0.7))


def test_draws_are_seeded_and_match_the_covariance():
    cov = np.array([[0.04, 0.01], [0.01, 0.09]])
    r = _result({"const": 1.0, "x": -2.0}, cov)
    a, b = draw_params(r, 20000, seed=5), draw_params(r, 20000, seed=5)
    np.testing.assert_array_equal(a, b)
    np.testing.assert_allclose(np.cov(a.T), cov, rtol=0.05)
    np.testing.assert_allclose(a.mean(0), [1, -2], atol=0.01)


def test_interval_covers_true_first_difference():
    # repeated samples: the simulated 95% interval of the at-means first difference covers the truth
    rng = np.random.default_rng(4)
    truth = expit(-1.0 - 0.8 + 0.5 * 0.0) - expit(-1.0 + 0.5 * 0.0)
    hits = 0
    for _ in range(80):
        d = pd.DataFrame({"d": rng.integers(0, 2, 600).astype(float), "x": rng.normal(size=600)})
        d["y"] = (rng.random(600) < expit(-1 - 0.8 * d["d"] + 0.5 * d["x"])).astype(float)
        r = fit_binary(d, "y", ["d", "x"])
        fd = first_difference(r, d, "d", method="means", at={"x": 0.0}, n_sims=400, seed=1)
        hits += fd.diff.lo <= truth <= fd.diff.hi
    assert hits / 80 > 0.87


def test_bad_requests():
    r = _result({"const": 0.0, "d": 0.1}, np.eye(2) * 0.01)
    with pytest.raises(ModelInputError, match="not covariates"):
        first_difference(r, DATA, "polity")
    with pytest.raises(ModelInputError, match="lacks"):
        first_difference(r, DATA[["x"]], "d")


def test_max_rows_subsample_is_seeded_and_close():
    rng = np.random.default_rng(8)
    d = pd.DataFrame({"d": rng.integers(0, 2, 50000).astype(float), "x": rng.normal(size=50000)})
    d["y"] = (rng.random(50000) < expit(-2 - 0.5 * d["d"] + d["x"])).astype(float)
    r = fit_binary(d, "y", ["d", "x"])
    full = first_difference(r, d, "d", n_sims=200, seed=3)
    sub = first_difference(r, d, "d", n_sims=200, seed=3, max_rows=10000)
    again = first_difference(r, d, "d", n_sims=200, seed=3, max_rows=10000)
    assert sub.pct_change.estimate == again.pct_change.estimate
    assert sub.pct_change.estimate == pytest.approx(full.pct_change.estimate, abs=2.0)
    assert sub.notes and not full.notes
