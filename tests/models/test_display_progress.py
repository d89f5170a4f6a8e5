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


def test_library_bars_wait_two_seconds_and_are_off_when_not_interactive(monkeypatch):
    import alliancestats.progress as prog
    from alliancestats.progress import PROGRESS_DELAY, progress

    bar = progress(range(3), desc="x")
    assert bar.disable  # pytest's output is not a terminal: disable=None turns the bar off
    assert list(bar) == [0, 1, 2]
    assert progress(range(3), show=False).disable
    calls = []
    monkeypatch.setattr(prog, "tqdm_class", lambda: lambda *a, **kw: calls.append(kw))
    progress(range(3), desc="x")
    progress(range(3), show=False)
    assert calls[0]["disable"] is None and calls[0]["delay"] == PROGRESS_DELAY == 2.0
    assert calls[1]["disable"] is True


def test_long_loops_report_progress_and_numbers_do_not_change(monkeypatch):
    # issue 13: bootstraps, O-Z groups and burden simulations go through the shared bar
    import alliancestats.burden.oz as oz
    import alliancestats.burden.simulate as bsim
    import alliancestats.fulfillment.rates as rates

    seen = []

    def recorder(iterable=None, **kw):
        items = list(iterable)
        seen.append((kw.get("desc"), len(items)))
        return items

    rng = np.random.default_rng(2)
    s = pd.DataFrame({"honored": rng.integers(0, 2, 60), "warnum": rng.integers(0, 8, 60),
                      "atopid": rng.integers(0, 5, 60), "era": np.repeat(["a", "b", "c"], 20)})
    groupings = {"overall": None, "era": ["era"]}
    plain = rates.rate_rows(s, groupings, n_boot=50, seed=1)
    d = pd.DataFrame({"alliance": np.repeat(["x", "y"], 6), "year": 2000, "gdp": rng.random(12),
                      "burden": rng.random(12)})
    oz_plain = oz.oz_test(d, n_perm=99).table
    sim_plain = bsim.rejection_rate("burden_gdp_share", n_sims=3, n_members=5, n_years=8)
    for mod in (rates, oz, bsim):
        monkeypatch.setattr(mod, "progress", recorder)
    pd.testing.assert_frame_equal(rates.rate_rows(s, groupings, n_boot=50, seed=1), plain)
    pd.testing.assert_frame_equal(oz.oz_test(d, n_perm=99).table, oz_plain)
    assert bsim.rejection_rate("burden_gdp_share", n_sims=3, n_members=5, n_years=8) == sim_plain
    assert seen[0] == ("rates and cluster bootstraps", 4)  # overall + 3 eras
    assert seen[1] == ("Olson-Zeckhauser permutation tests", 2)
    assert seen[2][1] == 3  # one per simulated alliance


def test_text_bar_when_ipywidgets_is_missing(monkeypatch):
    """Without ipywidgets a notebook would print 'IProgress not found': the text bar is used instead."""
    import builtins

    import tqdm.std

    import alliancestats.progress as prog

    real_import = builtins.__import__

    def no_widgets(name, *a, **kw):
        if name == "ipywidgets":
            raise ImportError(name)
        return real_import(name, *a, **kw)

    prog.tqdm_class.cache_clear()
    monkeypatch.setattr(builtins, "__import__", no_widgets)
    try:
        assert prog.tqdm_class() is tqdm.std.tqdm
    finally:
        prog.tqdm_class.cache_clear()
