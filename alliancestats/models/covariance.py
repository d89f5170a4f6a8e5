"""Standard errors of the library's estimators: one sandwich, one dispatch.

Every covariance other than the classical one is a sandwich
A^-1 (sum_g s_g s_g') A^-1 times a finite-sample factor
(:func:`sandwich_cov`): A = -H (the Hessian of the log-likelihood) and s the
per-observation scores for the binary models (logit, probit, Firth,
rare-events; :func:`covariance` dispatches ``se=`` for all of them), A = X'X
and s = x_i u_i of the within-transformed data for the burden panel models
(:func:`alliancestats.burden._within.within_ols`, CR1 and CR2). The factors
follow the convention named by ``se_convention`` (see
:mod:`alliancestats.models.binary`; Cameron & Miller 2015, JHR 50:317).
"""
from __future__ import annotations

from typing import Sequence

import numpy as np
import pandas as pd

from ..errors import ModelInputError, check_option

#: valid ``se=`` values of the binary models
SE_TYPES = ("classical", "robust", "cluster")
#: valid ``se_convention=`` values (finite-sample factors of the sandwich; :mod:`.binary` docstring)
SE_CONVENTIONS = ("statsmodels", "stata")


def cluster_ids(data: pd.DataFrame, cluster: str | Sequence[str]) -> tuple[np.ndarray, tuple[str, ...]]:
    """Integer cluster ids; "dyad" = directed dyad, "ndyad" = non-directed dyad."""
    if isinstance(cluster, str) and cluster == "dyad":
        cols = ("ccode1", "ccode2")
        key = data[list(cols)]
    elif isinstance(cluster, str) and cluster == "ndyad":
        cols = ("ccode1", "ccode2")
        a, b = data["ccode1"].to_numpy(), data["ccode2"].to_numpy()
        key = pd.DataFrame({"lo": np.minimum(a, b), "hi": np.maximum(a, b)})
    else:
        cols = (cluster,) if isinstance(cluster, str) else tuple(cluster)
        key = data[list(cols)]
    codes = key.groupby(list(key.columns), sort=True).ngroup().to_numpy()
    return codes, cols


def cluster_frame(data: pd.DataFrame, index: pd.Index, cluster) -> pd.DataFrame:
    """The estimation-sample rows of just the columns ``cluster_ids`` needs (no copy of a wide frame)."""
    if isinstance(cluster, str) and cluster in ("dyad", "ndyad"):
        cols = ["ccode1", "ccode2"]
    else:
        cols = [cluster] if isinstance(cluster, str) else list(cluster)
    missing = [c for c in cols if c not in data.columns]
    if missing:
        raise ModelInputError(f"cluster: column(s) {missing} not in the data")
    return data.loc[index, cols]


def score_sums(scores: np.ndarray, groups: np.ndarray) -> np.ndarray:
    """(G, k) sums of the rows of ``scores`` within each group (groups in sorted order)."""
    order = np.argsort(groups, kind="stable")
    g = groups[order]
    starts = np.flatnonzero(np.r_[True, g[1:] != g[:-1]])
    return np.add.reduceat(scores[order], starts, axis=0)


def sandwich_cov(bread_inv: np.ndarray, scores: np.ndarray, groups: np.ndarray | None = None,
                 factor: float = 1.0) -> np.ndarray:
    """factor * A^-1 (sum s s') A^-1: the one sandwich product of the library.

    ``scores``: per-observation scores (n, k), summed within ``groups`` first
    when given (cluster-robust), or already per cluster (e.g. CR2's adjusted
    cluster scores, :mod:`alliancestats.burden._within`). ``bread_inv``: the
    inverse of minus the Hessian (ML) or of X'X (OLS).
    """
    s = scores if groups is None else score_sums(scores, groups)
    return factor * bread_inv @ (s.T @ s) @ bread_inv


def sandwich(hessian: np.ndarray, scores: np.ndarray, groups: np.ndarray | None, n: int, k: int,
             convention: str = "statsmodels") -> np.ndarray:
    """Robust (``groups`` None) or cluster-robust covariance H^-1 B H^-1 with the finite-sample factor of
    ``convention`` (module docstring): robust 1 (statsmodels) or n/(n-1) (Stata); cluster
    G/(G-1) (n-1)/(n-k) (statsmodels) or G/(G-1) (Stata)."""
    if groups is None:
        factor = 1.0 if convention == "statsmodels" else n / (n - 1)
    else:
        scores = score_sums(scores, groups)  # one row per cluster: G without a second sort of the groups
        ng = len(scores)
        factor = ng / (ng - 1) * ((n - 1) / (n - k) if convention == "statsmodels" else 1.0)
    return sandwich_cov(np.linalg.inv(-hessian), scores, None, factor)


def check_se_args(what: str, se: str, cluster, se_convention: str) -> None:
    """Validate ``se``, ``cluster`` and ``se_convention`` (one place for every estimator)."""
    check_option(f"{what}: se", se, SE_TYPES)
    check_option(f"{what}: se_convention", se_convention, SE_CONVENTIONS)
    if se == "cluster" and cluster is None:
        raise ModelInputError(f"{what}: se='cluster' needs cluster= (a column, a list, 'dyad' or 'ndyad')")


def covariance(se: str, hessian: np.ndarray, scores: np.ndarray, *, data: pd.DataFrame | None = None,
               index: pd.Index | None = None, cluster=None, convention: str = "statsmodels"):
    """The covariance ``se`` asks for, from the Hessian and per-observation scores.

    Returns (cov, n_clusters or None, cluster column names or None). The one
    dispatch used by :func:`fit_binary`, :func:`with_se` and ``fit_firth``.
    """
    n, k = scores.shape
    if se == "classical":
        return np.linalg.inv(-hessian), None, None
    groups = cl_cols = n_clusters = None
    if se == "cluster":
        groups, cl_cols = cluster_ids(cluster_frame(data, index, cluster), cluster)
        n_clusters = int(groups.max() + 1)
        if n_clusters < 2:
            raise ModelInputError("se='cluster' needs at least two clusters in the estimation sample")
    return sandwich(hessian, scores, groups, n, k, convention), n_clusters, cl_cols
