"""fit_binary's numpy Newton solver against statsmodels' Logit/Probit (textbook ML)."""
import numpy as np
import pandas as pd
import pytest
import statsmodels.api as sm

from alliancestats.models import fit_binary


@pytest.mark.parametrize("link,Model", [("logit", sm.Logit), ("probit", sm.Probit)])
def test_estimates_and_ses_equal_statsmodels(link, Model):
    rng = np.random.default_rng(7)
    n = 4000
    df = pd.DataFrame({"x": rng.normal(size=n), "d": rng.integers(0, 2, n),
                       "ccode1": rng.integers(0, 40, n), "ccode2": rng.integers(40, 80, n)})
    eta = -2.5 + 0.6 * df.x - 0.7 * df.d
    p = 1 / (1 + np.exp(-eta)) if link == "logit" else pd.Series(sm.families.links.Probit().inverse(eta))
    df["y"] = (rng.random(n) < p).astype(int)
    X = sm.add_constant(df[["x", "d"]])
    ref = Model(df.y, X).fit(disp=0)
    ours = fit_binary(df, "y", ["x", "d"], link=link)
    np.testing.assert_allclose(ours.params.to_numpy(), ref.params.to_numpy(), rtol=1e-8, atol=1e-10)
    np.testing.assert_allclose(ours.bse.to_numpy(), ref.bse.to_numpy(), rtol=1e-7)
    assert ours.llf == pytest.approx(ref.llf, rel=1e-12)
    groups = df.groupby(["ccode1", "ccode2"]).ngroup()
    refc = Model(df.y, X).fit(disp=0, cov_type="cluster", cov_kwds={"groups": groups})
    oursc = fit_binary(df, "y", ["x", "d"], link=link, se="cluster", cluster="dyad")
    np.testing.assert_allclose(oursc.bse.to_numpy(), refc.bse.to_numpy(), rtol=1e-7)


def test_with_se_equals_refitting_with_other_clusters():
    from alliancestats.models import with_se

    rng = np.random.default_rng(3)
    n = 3000
    df = pd.DataFrame({"x": rng.normal(size=n), "ccode1": rng.integers(0, 30, n), "ccode2": rng.integers(0, 30, n)})
    df["y"] = (rng.random(n) < 1 / (1 + np.exp(-(-2 + df.x)))).astype(int)
    a = fit_binary(df, "y", ["x"], se="cluster", cluster="dyad")
    b = with_se(a, df, ["x"], se="cluster", cluster="ndyad")
    c = fit_binary(df, "y", ["x"], se="cluster", cluster="ndyad")
    np.testing.assert_allclose(b.cov.to_numpy(), c.cov.to_numpy(), rtol=1e-10)
    assert b.n_clusters == c.n_clusters < a.n_clusters
