"""Notebook display of simulated quantities and the progress bar of long simulations."""
import numpy as np
import pandas as pd
from scipy.special import expit

import alliancestats.models.simulate as sim
from alliancestats.models import first_difference, fit_binary, predicted_probability


def _fit():
    rng = np.random.default_rng(9)
    n = 3000
    d = pd.DataFrame({"x": rng.normal(size=n), "d": rng.integers(0, 2, n).astype(float)})
    d["y"] = (rng.random(n) < expit(-1 + 0.5 * d.x + 0.8 * d.d)).astype(float)
    return fit_binary(d, "y", ["x", "d"]), d


class _Recorder:
    """Stands in for a tqdm bar: counts the rows reported."""

    instances: list = []

    def __init__(self, total, n_sims, desc):
        self.total, self.done, self.desc = total, 0, desc
        _Recorder.instances.append(self)

    def update(self, k):
        self.done += k

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False


def test_progress_counts_every_row_and_changes_nothing(monkeypatch):
    r, d = _fit()
    plain = first_difference(r, d, "d", n_sims=100, seed=4)
    monkeypatch.setattr(sim, "_progress", _Recorder)
    shown = first_difference(r, d, "d", n_sims=100, seed=4)
    bar = _Recorder.instances[-1]
    assert bar.total == bar.done == 2 * len(d) and "d" in bar.desc  # both scenarios, every row
    np.testing.assert_array_equal(plain.diff.draws, shown.diff.draws)
    predicted_probability(r, d, {"d": 1}, n_sims=50)
    assert _Recorder.instances[-1].done == len(d)


def test_progress_is_quiet_for_short_runs_and_off_when_not_interactive():
    small = sim._progress(1000, 100, "x")
    assert small.disable  # below the threshold: never shown
    big = sim._progress(10_000_000, 1000, "x")
    assert big.disable  # pytest's captured output is not a terminal: disable=None turns it off
    small.close()
    big.close()


def test_first_difference_html_table():
    r, d = _fit()
    fd = first_difference(r, d, "d", n_sims=200, seed=1)
    html = fd._repr_html_()
    assert html.count("<table") == 1 and "first difference" in html and "percent change" in html
    fr = fd.to_frame()
    assert list(fr["quantity"]) == ["Pr | d=0", "Pr | d=1", "first difference", "percent change"]
    assert fr.loc[2, "estimate"] == fd.diff.estimate
