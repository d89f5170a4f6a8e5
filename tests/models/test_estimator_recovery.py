"""Parameter recovery on simulated directed dyad-years; hand sandwich; bad input errors."""
import numpy as np
import pandas as pd
import pytest
from scipy import stats
from scipy.special import expit

from alliancestats.models import ModelInputError, SeparationError, fit_binary, fit_firth, fit_relogit

TRUE = {"const": -3.0, "target_defense": -0.7, "capshare1": 1.2, "landcontig": 1.5}


def simulate_ddy(rng, n_states=20, years=15, link="logit"):
    """Directed dyad-years with dyad-level contiguity, state-year capabilities, dyad-year alliances."""
    codes = np.arange(1, n_states + 1) * 10
    c1, c2 = np.meshgrid(codes, codes, indexing="ij")
    mask = c1 != c2
    c1, c2 = c1[mask], c2[mask]
    nd = len(c1)
    lo, hi = np.minimum(c1, c2), np.maximum(c1, c2)
    cont = (rng.random(n_states * 1000 + 1000) < 0.15)[lo * 7 + hi * 3 % 997 % 1000].astype(float)
    df = pd.DataFrame({"ccode1": np.repeat(c1, years), "ccode2": np.repeat(c2, years),
                       "year": np.tile(np.arange(1900, 1900 + years), nd),
                       "landcontig": np.repeat(cont, years)})
    cinc = rng.gamma(1.0, 1.0, size=(n_states * 10 + 10, years))
    a = cinc[df["ccode1"] // 10, df["year"] - 1900]
    b = cinc[df["ccode2"] // 10, df["year"] - 1900]
    df["capshare1"] = a / (a + b)
    df["target_defense"] = (rng.random(len(df)) < 0.4).astype(float)
    eta = sum(TRUE[k] * (df[k] if k != "const" else 1.0) for k in TRUE)
    p = expit(eta) if link == "logit" else stats.norm.cdf(eta)
    df["y"] = (rng.random(len(df)) < p).astype(float)
    return df


COVS = ["target_defense", "capshare1", "landcontig"]


@pytest.mark.parametrize("fitter", ["logit", "firth", "relogit"])
def test_intervals_cover_at_nominal_rate(fitter):
    rng = np.random.default_rng({"logit": 1, "firth": 2, "relogit": 3}[fitter])
    fn = {"logit": fit_binary, "firth": fit_firth, "relogit": fit_relogit}[fitter]
    reps = 120
    cover = np.zeros(len(TRUE))
    est = []
    for _ in range(reps):
        d = simulate_ddy(rng)
        r = fn(d, "y", COVS, se="cluster", cluster="dyad")
        t = r.coef_table().set_index("term")
        truth = pd.Series(TRUE)[t.index]
        cover += ((t["conf_low"] <= truth) & (truth <= t["conf_high"])).to_numpy()
        est.append(t["estimate"].to_numpy())
    rate = cover / reps
    # 120 reps: binomial sd of a 95% rate is 2 points; allow 3.5 sd below
    assert (rate > 0.88).all() and (rate <= 1.0).all(), rate
    np.testing.assert_allclose(np.mean(est, 0), pd.Series(TRUE)[t.index].to_numpy(), atol=0.08)


def test_probit_recovers_coefficients():
    rng = np.random.default_rng(9)
    d = pd.concat([simulate_ddy(rng, 25, 20, link="probit")], ignore_index=True)
    r = fit_binary(d, "y", COVS, link="probit", se="robust")
    t = r.coef_table().set_index("term")
    truth = pd.Series(TRUE)[t.index]
    assert ((t["conf_low"] - 0.05 <= truth) & (truth <= t["conf_high"] + 0.05)).all()


def test_cluster_se_equals_hand_sandwich_small_case():
    # 8 directed dyad-years, 4 directed dyads, 2 non-directed dyads
    d = pd.DataFrame({"ccode1": [2, 2, 20, 20, 2, 2, 200, 200], "ccode2": [20, 20, 2, 2, 200, 200, 2, 2],
                      "year": [1, 2, 1, 2, 1, 2, 1, 2],
                      "x": [0.5, -1.0, 1.5, 0.2, -0.3, 0.8, 2.0, -0.7],
                      "y": [1, 0, 1, 1, 0, 0, 1, 0.0]})
    X = np.c_[np.ones(8), d["x"]]
    for cl, groups in (("dyad", [0, 0, 2, 2, 1, 1, 3, 3]), ("ndyad", [0, 0, 0, 0, 1, 1, 1, 1])):
        r = fit_binary(d, "y", ["x"], se="cluster", cluster=cl)
        p = expit(X @ r.params.to_numpy())
        bread = np.linalg.inv(X.T @ np.diag(p * (1 - p)) @ X)
        s = X * (d["y"].to_numpy() - p)[:, None]
        g = np.array(groups)
        G = len(set(groups))
        meat = sum(np.outer(s[g == k].sum(0), s[g == k].sum(0)) for k in set(groups))
        hand = G / (G - 1) * (8 - 1) / (8 - 2) * bread @ meat @ bread
        np.testing.assert_allclose(r.cov.to_numpy(), hand, rtol=1e-8)
        assert r.n_clusters == G


def test_bad_input_errors():
    rng = np.random.default_rng(0)
    d = simulate_ddy(rng, 12, 3)
    with pytest.raises(ModelInputError, match="unknown variable"):
        fit_binary(d, "y", ["target_defense", "polity"])
    with pytest.raises(ModelInputError, match="no events"):
        fit_binary(d.assign(y=0.0), "y", COVS)
    with pytest.raises(ModelInputError, match="no events"):
        fit_firth(d.assign(y=0.0), "y", COVS)
    with pytest.raises(ModelInputError, match="NA on every row"):
        fit_binary(d.assign(s_score=np.nan), "y", [*COVS, "s_score"])
    sep = d.assign(y=d["target_defense"])
    with pytest.raises(SeparationError, match="fit_firth"):
        fit_binary(sep, "y", ["target_defense", "capshare1"])
    f = fit_firth(sep, "y", ["target_defense", "capshare1"])  # Firth stays finite where ML diverges
    assert np.isfinite(f.params).all() and np.isfinite(f.bse).all()
    assert f.params["target_defense"] > 3
