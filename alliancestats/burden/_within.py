"""A small numpy within (fixed-effects) estimator for simulations, equal to ``PanelOLS`` on the same data.

:func:`alliancestats.burden.panel.fit_panel` (linearmodels ``PanelOLS``) costs
about 0.1 s per fit, mostly set-up; a size/power simulation needs thousands
of fits. :func:`within_ols` computes the same estimate, the same CR2 standard error (``fit_panel``
computes CR2 with this function) and a CR1 standard error within 1 % of
PanelOLS's (whose small-sample factors differ slightly; checked in
``tests/burden/test_simulation.py``):

    y~ = M y,  X~ = M X      (M removes entity and/or time means; two-way
                             effects by alternating projections, exact in one
                             sweep for balanced panels)
    b  = (X~'X~)^-1 X~'y~,   u = y~ - X~ b
    V  = G/(G-1) c (X~'X~)^-1 [sum_g (X~_g'u_g)(X~_g'u_g)'] (X~'X~)^-1       (CR1)

(as linearmodels' ``cov_type="clustered"`` with ``group_debias=True``: c =
n / (n - d) with d the absorbed effects, 1 when one effect is nested in the
clusters), t tests
on G - 1 degrees of freedom (Cameron & Miller 2015). ``vcov="cr2"`` gives
the bias-reduced CR2 covariance of Bell & McCaffrey (2002), which
:func:`alliancestats.burden.panel.fit_panel` uses for ``se="cr2"`` /
``"cr2_time"`` (linearmodels has no CR2).
"""
from __future__ import annotations

from typing import Sequence

import numpy as np
import pandas as pd
from scipy import stats
from threadpoolctl import threadpool_limits

from ..errors import check_option
from ..models.covariance import sandwich_cov


def _demean(a: np.ndarray, groups: list[np.ndarray], *, tol: float = 1e-13, max_iter: int = 1000) -> np.ndarray:
    """Remove group means for every grouping in ``groups`` (alternating projections; every column at once)."""
    a = np.array(a, dtype="float64", copy=True)
    if a.ndim == 1:
        a = a[:, None]
    if not groups:
        return a
    onehots = []
    for g in groups:
        oh = np.zeros((len(g), int(g.max()) + 1))
        oh[np.arange(len(g)), g] = 1.0
        onehots.append((oh, oh.sum(axis=0)))
    for _ in range(max_iter):
        prev = a.copy() if len(groups) > 1 else None
        for oh, n in onehots:
            a -= oh @ ((oh.T @ a) / n[:, None])
        if prev is None or np.max(np.abs(a - prev)) < tol * (1 + np.max(np.abs(a))):
            break
    return a


def within_ols(y, X, entity, time, *, entity_effects: bool = True, time_effects: bool = False,
               cluster: str = "entity", vcov: str = "cr1") -> tuple[np.ndarray, np.ndarray, int]:
    """(coefficients, clustered covariance matrix, t degrees of freedom G - 1).

    ``cluster``: "entity" or "time". ``vcov``: "cr1" (linearmodels'
    clustered covariance with the G/(G-1) factor) or "cr2" (Bell & McCaffrey
    2002 bias-reduced: each cluster's residuals are scaled by
    (I - H_gg)^(-1/2), H the hat matrix of the full model including the
    absorbed effects; Imbens & Kolesar 2016 show CR1 over-rejects with few
    clusters or a regressor that varies only between clusters). Rows must be
    complete (no NaN).
    """
    with threadpool_limits(1, "blas"):  # small matrices: a BLAS thread pool only adds contention
        return _within_ols(y, X, entity, time, entity_effects, time_effects, cluster, vcov)


def _within_ols(y, X, entity, time, entity_effects, time_effects, cluster, vcov):
    y = np.asarray(y, dtype="float64")
    X = np.asarray(X, dtype="float64")
    if X.ndim == 1:
        X = X[:, None]
    ent = np.unique(np.asarray(entity), return_inverse=True)[1]
    tim = np.unique(np.asarray(time), return_inverse=True)[1]
    groups = ([ent] if entity_effects else []) + ([tim] if time_effects else [])
    Z = _demean(np.column_stack([y, X]), groups)
    yt, Xt = Z[:, 0], Z[:, 1:]
    XtX_inv = np.linalg.inv(Xt.T @ Xt)
    b = XtX_inv @ (Xt.T @ yt)
    u = yt - Xt @ b
    cl = {"entity": ent, "time": tim}[cluster]
    G = int(cl.max()) + 1
    if vcov == "cr1":
        # like PanelOLS: n / (n - d), d the absorbed effects, unless a single effect is nested in the clusters
        d = (int(ent.max()) + 1 if entity_effects else 0) + (int(tim.max()) + 1 - bool(entity_effects)
                                                             if time_effects else 0)
        nested = len(groups) == 1 and ((entity_effects and cluster == "entity") or
                                       (time_effects and cluster == "time"))
        n = len(y)
        V = sandwich_cov(XtX_inv, Xt * u[:, None], cl, G / (G - 1) * (1.0 if nested else n / (n - d)))
    elif vcov == "cr2":
        # diagonal blocks of the full model's residual maker I - P_effects - H_x
        D = np.column_stack([np.eye(int(g.max()) + 1)[g] for g in groups]) if groups else np.zeros((len(y), 0))
        DtD_pinv = np.linalg.pinv(D.T @ D)
        scores = np.empty((G, Xt.shape[1]))
        for g in range(G):
            idx = np.flatnonzero(cl == g)
            Dg, Xg = D[idx], Xt[idx]
            w, Q = np.linalg.eigh(np.eye(len(idx)) - Dg @ DtD_pinv @ Dg.T - Xg @ XtX_inv @ Xg.T)
            inv_sqrt = np.where(w > 1e-10, 1 / np.sqrt(np.clip(w, 1e-10, None)), 0.0)
            scores[g] = Xt[idx].T @ (Q @ (inv_sqrt * (Q.T @ u[idx])))
        V = sandwich_cov(XtX_inv, scores)
    else:
        check_option("vcov", vcov, ("cr1", "cr2"))
    return b, V, G - 1


def t_pvalue(b: np.ndarray, se: np.ndarray, df: int) -> np.ndarray:
    """Two-sided p-values of b / se on ``df`` degrees of freedom."""
    return 2 * stats.t.sf(np.abs(b / se), df)


def group_codes(frame: pd.DataFrame, key: Sequence[str]) -> np.ndarray:
    """One int64 code per row for the combination of ``key`` columns."""
    code = np.zeros(len(frame), dtype="int64")
    for c in key:
        f, uniq = pd.factorize(frame[c], sort=True)
        code = code * (len(uniq) + 1) + f
    return code
