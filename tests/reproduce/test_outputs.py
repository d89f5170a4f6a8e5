"""Output writers: readable labels on figures and tables, the SYNTHETIC stamp clear of the plot, regression tables."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from scipy.special import expit

from alliancestats.labels import LABELS, label, label_dict, register_labels
from alliancestats.models import fit_binary, predicted_probability
from alliancestats.outputs import (SYNTHETIC_STAMP, new_figure, relabel_figure, save_figure, stamp_synthetic,
                                   write_regression_table)


def test_label_dictionary_patterns_and_extension():
    assert label("target_defense") == "Target has defense pact"
    assert label("peace_t2") == "Peace years² / 100" and label("gmlspell3") == "Peace years³"
    assert label("cowspline2") == "Peace-years spline 2" and label("logit_1816_1944") == "Logit, 1816-1944"
    assert label("not_a_variable") == "not_a_variable"  # unknown names pass through unchanged
    assert label("capshare1", {"capshare1": "Mine"}) == "Mine"  # per-call labels win
    assert label_dict(["const", "zzz", "landcontig"]) == {"const": "Constant", "landcontig": "Land contiguity"}
    try:
        register_labels({"my_covariate": "My covariate"})
        assert label("my_covariate") == "My covariate"
    finally:
        LABELS.pop("my_covariate", None)
    for name in ("target_defense", "challenger_defense", "challenger_offense", "challenger_neutral", "shared_defense",
                 "capshare1", "landcontig", "cowmaj1", "cowmaj2", "peace_t", "peace_t3", "capdist", "jointdem",
                 "s_unweighted"):
        assert label(name) != name, name


def _ticks(ax, which="y"):
    ax.figure.canvas.draw()
    return [t.get_text() for t in (ax.get_yticklabels() if which == "y" else ax.get_xticklabels())]


def test_relabel_figure_changes_names_only():
    fig, ax = new_figure()
    ax.errorbar([1.0, 2.0, 3.0], [0, 1, 2], fmt="o")
    ax.set_yticks([0, 1, 2], ["target_defense", "my own words", "peace_t2"])
    ax.bar(["landcontig", "cowmaj1"], [1, 2], label="logit_dyadcl")  # string categories on x
    ax.legend()
    ax.set_xlabel("capshare1")
    relabel_figure(fig)
    assert _ticks(ax) == ["Target has defense pact", "my own words", "Peace years² / 100"]
    assert _ticks(ax, "x") == ["Land contiguity", "State 1 is a major power"]
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["Logit (dyad-clustered SE)"]
    assert ax.get_xlabel() == "Capability share of state 1"
    import matplotlib.pyplot as plt

    plt.close(fig)


def test_synthetic_stamp_sits_above_everything_drawn():
    fig, ax = new_figure(figsize=(5, 3.5))
    ax.plot([0, 1], [0, 1])
    ax.set_title("A title")
    ax.set_xlabel("an x label")
    fig.canvas.draw()
    r = fig.canvas.get_renderer()
    before = fig.get_tightbbox(r)
    stamp_synthetic(fig)
    fig.canvas.draw()
    stamp = next(t for t in fig.texts if t.get_text() == SYNTHETIC_STAMP)
    box = stamp.get_window_extent(r)  # display pixels
    assert box.y0 / fig.dpi >= before.y1  # starts above the top of the title and every axes decoration
    for artist in (ax.title, ax.xaxis.label, ax):  # the axes' tight box: every visible tick label included
        other = artist.get_tightbbox(r) if artist is ax else artist.get_window_extent(r)
        assert not box.overlaps(other)
    import matplotlib.pyplot as plt

    plt.close(fig)


def _two_fits():
    rng = np.random.default_rng(3)
    n = 4000
    d = pd.DataFrame({"target_defense": rng.integers(0, 2, n).astype(float), "capshare1": rng.random(n)})
    d["y"] = (rng.random(n) < expit(-1.0 - 0.7 * d.target_defense + 1.2 * d.capshare1)).astype(float)
    return d, fit_binary(d, "y", ["target_defense"]), fit_binary(d, "y", ["target_defense", "capshare1"])


def test_write_regression_table_is_wide_and_recovers_the_estimates(tmp_path):
    d, a, b = _two_fits()
    paths = write_regression_table({"logit": a, "Model 2": b}, tmp_path / "reg", caption="Initiation",
                                   note="Simulated: true effect -0.7.")
    assert {p.name for p in paths} == {"reg.csv", "reg.tex", "reg.md", "reg.html", "reg.table.json"}
    md = (tmp_path / "reg.md").read_text()
    header = md.splitlines()[0]
    assert header == "| | Logit | Model 2 |"  # models as columns, readable where the dictionary knows the name
    row = next(line for line in md.splitlines() if line.startswith("| Target has defense pact |"))
    assert row == f"| Target has defense pact | {a.params['target_defense']:.3f} | {b.params['target_defense']:.3f} |"
    assert abs(b.params["target_defense"] + 0.7) < 3 * b.bse["target_defense"]  # known parameter recovered
    assert f"({b.bse['capshare1']:.3f})" in md and f"| N | {len(d):,} | {len(d):,} |" in md
    assert "Simulated: true effect -0.7." in md
    tex = (tmp_path / "reg.tex").read_text()
    assert r"\caption{Initiation}" in tex and r"\footnotesize Simulated: true effect -0.7." in tex
    assert tex.index("Simulated") < tex.index(r"\end{table}")
    html = (tmp_path / "reg.html").read_text()
    assert html.startswith('<table class="alliancestats-compare">') and "Capability share of state 1" in html
    csv = pd.read_csv(tmp_path / "reg.csv")
    assert list(csv.columns) == ["term", "row", "Logit", "Model 2"]


def test_save_figure_relabels_and_can_be_told_not_to(tmp_path):
    for relabel, want in ((True, "Land contiguity"), (False, "landcontig")):
        fig, ax = new_figure()
        ax.set_yticks([0], ["landcontig"])
        save_figure(fig, tmp_path / f"f{relabel}", labels=relabel)
        assert [t.get_text() for t in ax.get_yticklabels()] == [want]


def test_quantity_displays_in_one_line_and_as_html():
    d, a, _ = _two_fits()
    q = predicted_probability(a, d, {"target_defense": 1}, n_sims=200)
    text = repr(q)
    assert "\n" not in text and "200 simulations" in text and "array" not in text
    assert f"{q.estimate:.6g}" in text
    h = q._repr_html_()
    assert h.count("<table") == 1 and "95% interval" in h


@pytest.mark.parametrize("bad", ["figures", ""])
def test_meta_kind_is_checked(bad, tmp_path):
    from alliancestats.outputs import meta_path

    with pytest.raises(ValueError, match="figure"):
        meta_path(tmp_path / "x", bad)
