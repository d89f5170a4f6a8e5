"""The statsmodels results API on BinaryResult, the Summary object, to_statsmodels and compare()."""
from html.parser import HTMLParser

import numpy as np
import pandas as pd
import pytest
import statsmodels.api as sm
from scipy.special import expit

from alliancestats.errors import OptionError
from alliancestats.models import (BinaryResult, ModelInputError, Summary, compare, fit_binary, fit_firth,
                                  fit_relogit, with_se)

VOID = {"br", "hr", "img", "meta", "link", "input", "col", "wbr"}


class _Balance(HTMLParser):
    """Checks that every opened tag is closed in order."""

    def __init__(self):
        super().__init__()
        self.stack, self.errors, self.tags = [], [], []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        if tag not in VOID:
            self.stack.append(tag)

    def handle_endtag(self, tag):
        if not self.stack or self.stack.pop() != tag:
            self.errors.append(tag)


def _balanced(html: str) -> list[str]:
    p = _Balance()
    p.feed(html)
    p.close()
    assert not p.errors and not p.stack, (p.errors, p.stack)
    return p.tags


@pytest.fixture(scope="module")
def world():
    rng = np.random.default_rng(21)
    n = 1500
    df = pd.DataFrame({"x": rng.normal(size=n), "d": rng.integers(0, 2, n).astype(float),
                       "g": rng.integers(0, 40, n)})
    df["y"] = (rng.random(n) < expit(-1.0 + 0.8 * df.x + 0.6 * df.d)).astype(float)
    df.loc[df.index[:7], "x"] = np.nan  # listwise deletion: the sample index matters
    return df


def _sm(df, link="logit", **kw):
    d = df.dropna(subset=["x"])
    Model = sm.Logit if link == "logit" else sm.Probit
    return Model(d.y, sm.add_constant(d[["x", "d"]])).fit(disp=0, **kw)


def test_attributes_match_statsmodels(world):
    ours = fit_binary(world, "y", ["x", "d"])
    ref = _sm(world)
    np.testing.assert_allclose(ours.params, ref.params, rtol=1e-8)
    np.testing.assert_allclose(ours.bse, ref.bse, rtol=1e-7)
    np.testing.assert_allclose(ours.tvalues, ref.tvalues, rtol=1e-7)
    np.testing.assert_allclose(ours.pvalues, ref.pvalues, rtol=1e-6)
    ci, rci = ours.conf_int(), ref.conf_int()
    assert list(ci.columns) == list(rci.columns) == [0, 1]
    np.testing.assert_allclose(ci.to_numpy(), rci.to_numpy(), rtol=1e-7)
    np.testing.assert_allclose(ours.conf_int(alpha=0.1).to_numpy(), ref.conf_int(alpha=0.1).to_numpy(), rtol=1e-7)
    assert ours.nobs == ref.nobs == len(world) - 7
    assert ours.llf == pytest.approx(ref.llf, rel=1e-12)
    np.testing.assert_allclose(ours.cov_params(), ref.cov_params(), rtol=1e-7)
    # coef_table is built from the same pieces (old callers read it)
    tab = ours.coef_table(level=0.9).set_index("term")
    np.testing.assert_allclose(tab["conf_low"], ref.conf_int(alpha=0.1)[0], rtol=1e-7)
    np.testing.assert_allclose(tab["p_value"], ref.pvalues, rtol=1e-6)


@pytest.mark.parametrize("link", ["logit", "probit"])
def test_predict_matches_statsmodels(world, link):
    ours = fit_binary(world, "y", ["x", "d"], link=link)
    ref = _sm(world, link)
    d = world.dropna(subset=["x"])
    np.testing.assert_allclose(ours.predict(), ref.predict(), rtol=1e-8)
    assert ours.predict().index.equals(d.index)
    new = pd.DataFrame({"d": [0.0, 1.0, 1.0], "x": [-1.0, 0.0, np.nan], "other": ["a", "b", "c"]}, index=[7, 8, 9])
    p = ours.predict(new)
    np.testing.assert_allclose(p.iloc[:2], ref.predict(sm.add_constant(new[["x", "d"]].iloc[:2], has_constant="add")),
                               rtol=1e-8)
    assert np.isnan(p.iloc[2]) and list(p.index) == [7, 8, 9]
    lin = ours.predict(new, which="linear")
    assert lin.iloc[0] == pytest.approx(ours.params["const"] - ours.params["x"])
    with pytest.raises(ModelInputError, match=r"\['x'\]"):
        ours.predict(new.drop(columns="x"))
    with pytest.raises(OptionError, match="linear"):
        ours.predict(new, which="odds")


def test_summary_object_renders_text_html_latex(world):
    r = fit_binary(world, "y", ["x", "d"], se="cluster", cluster="g")
    s = r.summary()
    assert isinstance(s, Summary) and isinstance(s, str)
    text = str(s)
    assert text == s.as_text() and "\\n" not in repr(s) and text.startswith("Logit model of y")
    assert "Standard errors: cluster by g (40 clusters)" in text and "1,493" in text
    assert "const" in text and f"{r.params['x']:.4f}" in text
    assert "note: 7 rows dropped for missing values (listwise)" in text
    html = s.as_html()
    tags = _balanced(html)
    assert "table" in tags and "<th>estimate</th>" in html and f"{r.params['x']:.4f}" in html
    assert r._repr_html_() == s._repr_html_() == html
    tex = s.as_latex()
    assert r"\begin{tabular}" in tex and r"\toprule" in tex and "std\\_error" in tex
    assert repr(r) == text  # the terminal repr is still the text summary


def test_summary_escapes_html():
    s = Summary("a <b> & c", ["N = 3"], pd.DataFrame({"term": ["<script>"], "estimate": [1.0]}), ["x < y"])
    html = s.as_html()
    assert "<script>" not in html and "&lt;script&gt;" in html
    _balanced(html)


@pytest.mark.parametrize("link", ["logit", "probit"])
@pytest.mark.parametrize("se", ["classical", "robust", "cluster"])
def test_to_statsmodels_same_params_and_cov(world, link, se):
    r = fit_binary(world, "y", ["x", "d"], link=link, se=se, cluster="g" if se == "cluster" else None)
    res = r.to_statsmodels()
    np.testing.assert_allclose(res.params.to_numpy(), r.params.to_numpy(), rtol=0, atol=1e-12)
    np.testing.assert_allclose(res.cov_params().to_numpy(), r.cov.to_numpy(), rtol=1e-8)
    assert res.nobs == r.nobs
    assert res.llf == pytest.approx(r.llf, rel=1e-12)
    assert "Dep. Variable" in str(res.summary())


def test_to_statsmodels_firth_relogit_and_stata_convention(world):
    for r in (fit_firth(world, "y", ["x", "d"]), fit_relogit(world, "y", ["x", "d"], se="robust"),
              fit_binary(world, "y", ["x", "d"], se="robust", se_convention="stata")):
        res = r.to_statsmodels()
        np.testing.assert_allclose(res.params.to_numpy(), r.params.to_numpy(), atol=1e-12)
        np.testing.assert_allclose(res.cov_params().to_numpy(), r.cov.to_numpy(), rtol=1e-12)
        np.testing.assert_allclose(res.bse.to_numpy(), r.bse.to_numpy(), rtol=1e-12)
        assert "alliancestats" in res.cov_type


def test_to_statsmodels_refuses_a_modified_frame():
    rng = np.random.default_rng(2)
    df = pd.DataFrame({"x": rng.normal(size=200)})
    df["y"] = (rng.random(200) < expit(df.x)).astype(float)
    r = fit_binary(df, "y", ["x"])
    df.loc[0, "x"] = np.nan
    with pytest.raises(ModelInputError, match="refit"):
        r.to_statsmodels()


def test_with_se_and_manual_results_keep_working(world):
    base = fit_binary(world, "y", ["x", "d"])
    w = with_se(base, world, ["x", "d"], se="cluster", cluster="g")
    assert w.to_statsmodels().cov_type == "cluster"
    bare = BinaryResult(model="logit", outcome="y", params=base.params, cov=base.cov, se_type="classical",
                        n_obs=base.n_obs, n_events=base.n_events, llf=base.llf)
    assert bare.pvalues.equals(base.pvalues)
    with pytest.raises(ModelInputError, match="new_data"):
        bare.predict()


def test_compare_table(world):
    a = fit_binary(world, "y", ["x", "d"], se="cluster", cluster="g")
    b = fit_firth(world, "y", ["x"])
    labels = {"x": "Capability share", "d": "Defense pact <ATOP>"}
    tab = compare({"Logit": a, "Firth": b}, labels=labels, stars=True)
    md = tab.to_markdown()
    assert md.splitlines()[0] == "| | Logit | Firth |"
    assert "| Capability share |" in md and "| Constant |" in md
    row = next(line for line in md.splitlines() if line.startswith("| Capability share"))
    assert f"{a.params['x']:.3f}" in row and f"{b.params['x']:.3f}" in row
    se_row = md.splitlines()[md.splitlines().index(row) + 1]
    assert f"({a.bse['x']:.3f})" in se_row and f"({b.bse['x']:.3f})" in se_row
    d_row = next(line for line in md.splitlines() if line.startswith("| Defense pact"))
    assert d_row.rstrip().endswith("|  |")  # the Firth model has no d: an empty cell
    assert "***" in row  # x is strongly significant in both
    for name in ("N", "Events", "Log-likelihood", "SE type"):
        assert f"| {name} |" in md
    assert f"{a.nobs:,}" in md and f"{a.n_events:,}" in md and f"{a.llf:.3f}" in md and "40 clusters" in md

    tex = tab.to_latex(caption="Models & data")
    assert r"\begin{tabular}{lcc}" in tex and r"Models \& data" in tex and "$^{***}$" in tex
    assert r"Defense pact <ATOP>" in tex and tex.count(r"\midrule") == 2

    html = tab.to_html()
    tags = _balanced(html)
    assert tags.count("table") == 1 and "&lt;ATOP&gt;" in html and "<th>Firth</th>" in html
    assert tab._repr_html_() == html

    fr = tab.to_frame()
    assert list(fr.columns) == ["Logit", "Firth"]
    assert fr.loc[("Capability share", "se"), "Logit"] == f"({a.bse['x']:.3f})"
    assert fr.loc[("N", ""), "Firth"] == f"{b.nobs:,}"
    with pytest.raises(ModelInputError):
        compare({})


def test_summary_survives_copy_and_pickle():
    import copy
    import pickle
    s = Summary("t", ["N = 3"], pd.DataFrame({"term": ["x"], "estimate": [1.0]}), ["a note"])
    for c in (copy.deepcopy(s), pickle.loads(pickle.dumps(s))):
        assert c == s and isinstance(c, Summary) and c.as_html() == s.as_html()


def test_compare_accepts_other_result_classes(world):
    # any object with params, bse and n_obs (e.g. burden's PanelResult before it adopts the base class)
    from types import SimpleNamespace
    a = fit_binary(world, "y", ["x", "d"])
    panel = SimpleNamespace(params=pd.Series({"x": 0.5}), bse=pd.Series({"x": 0.25}), n_obs=120, se_type="robust")
    fr = compare({"Logit": a, "Panel": panel}).to_frame()
    assert fr.loc[("x", "estimate"), "Panel"] == "0.500" and fr.loc[("x", "se"), "Panel"] == "(0.250)"
    assert fr.loc[("N", ""), "Panel"] == "120" and fr.loc[("Events", ""), "Panel"] == ""
    assert fr.loc[("Log-likelihood", ""), "Logit"] == f"{a.llf:.3f}" and fr.loc[("SE type", ""), "Panel"] == "robust"
