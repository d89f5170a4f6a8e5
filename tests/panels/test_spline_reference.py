"""PeaceSpline (Harrell's restricted cubic spline) pinned to patsy's natural cubic regression spline.

A restricted cubic spline with knots k_1 < ... < k_K is a natural cubic
spline: cubic between knots, linear beyond the outer ones, C2 at the knots.
With an intercept, Harrell's K-1 columns (t and K-2 nonlinear terms) and
patsy's ``cr`` basis (Wood 2017, *Generalized Additive Models*, sec. 5.3.1:
inner knots ``knots``, boundary knots ``lower_bound``/``upper_bound``) span
the same K-dimensional space. Any edit to PeaceSpline.transform that changes
the function space (a wrong knot term, a missing restriction, a typo in a
coefficient) breaks the equality of the spans checked here. patsy is a
test-only dependency (the ``test`` extra).
"""
import numpy as np
import pytest

from alliancestats.panels.add_peace_years import PeaceSpline

patsy = pytest.importorskip("patsy")


def _cr_basis(t, knots):
    env = {"t": t, "inner": np.asarray(knots[1:-1]), "lo": knots[0], "hi": knots[-1]}
    return np.asarray(patsy.dmatrix("cr(t, knots=inner, lower_bound=lo, upper_bound=hi) - 1", env))


def _span_distance(A, B):
    """Largest residual of regressing each column of B on A (0 when span(B) is inside span(A))."""
    coef = np.linalg.lstsq(A, B, rcond=None)[0]
    return np.abs(A @ coef - B).max() / max(1.0, np.abs(B).max())


@pytest.mark.parametrize("n_knots", [3, 4, 5])
def test_peace_spline_spans_patsy_cr(n_knots):
    rng = np.random.default_rng(n_knots)
    # a skewed counter, as peace years are: many short spells, a long tail (uneven knot spacing)
    t = np.floor(rng.exponential(12.0, size=400))
    sp = PeaceSpline.fit(t, n_knots)
    assert len(sp.knots) == n_knots
    grid = np.linspace(0, t.max() + 20, 301)  # beyond the outer knots too: both are linear there
    ours = np.c_[np.ones_like(grid), sp.transform(grid).to_numpy()]
    ref = _cr_basis(grid, sp.knots)
    assert ours.shape[1] == ref.shape[1] == n_knots
    assert np.linalg.matrix_rank(ours) == n_knots
    assert _span_distance(ref, ours) < 1e-9
    assert _span_distance(ours, ref) < 1e-9


def test_a_wrong_basis_is_detected():
    # the check has power: an unrestricted truncated-power term (cubic beyond the last knot) is not in the span
    t = np.linspace(0, 80, 200)
    knots = (2.0, 10.0, 25.0, 60.0)
    ref = _cr_basis(t, knots)
    bad = np.maximum(t - knots[1], 0) ** 3
    assert _span_distance(ref, bad[:, None]) > 1e-4
