"""Firth's penalized-likelihood logit (bias reduction; finite under separation).

Firth (1993, Biometrika 80:27) removes the O(1/n) bias of the ML estimator
by maximizing the penalized log-likelihood

    l*(beta) = l(beta) + 1/2 log |I(beta)|,   I(beta) = X' W X,  W = diag(pi_i (1 - pi_i)),

i.e. the log-likelihood plus Jeffreys' invariant prior. For the logit its
score is (Heinze & Schemper 2002, Statistics in Medicine 21:2409)

    U*_j(beta) = sum_i (y_i - pi_i + h_i (1/2 - pi_i)) x_ij,

with h_i the diagonal of the hat matrix W^1/2 X (X'WX)^-1 X' W^1/2. The
estimate solves U* = 0 by Fisher scoring, beta <- beta + I^-1 U*, with step
halving whenever l* does not increase and steps capped at 5 (as R's
``logistf``). The estimate is finite even under complete or quasi-complete
separation, where ML estimates diverge. With an intercept only it is
logit((s + 1/2)/(n + 1)), s = number of events (the tests check this).

Standard errors: ``classical`` = I(beta*)^-1 (Wald; logistf's default is the
profile penalized likelihood, which is not implemented here: Wald intervals
can be too narrow under separation, Heinze & Schemper 2002); ``robust`` and
``cluster`` use the sandwich of :mod:`.binary` with the modified scores
``(y_i - pi_i + h_i (1/2 - pi_i)) x_i`` as the score contributions.
``llf`` is the unpenalized log-likelihood at beta* (so AIC/BIC are
comparable with plain logit); the penalized one is in ``extra["penalized_llf"]``.

The package ``firthmodels`` (PyPI) was considered: it requires
scikit-learn, a heavy dependency for one estimator, so Firth is implemented
here with numpy.
"""
from __future__ import annotations

from typing import Sequence

import numpy as np
import pandas as pd
from scipy.special import expit

from .binary import BinaryResult, ModelInputError, cluster_frame, cluster_ids, design, log1pexp, sandwich, xtwx


def _loglik(y: np.ndarray, eta: np.ndarray) -> float:
    # sum of y log(pi) + (1 - y) log(1 - pi) = sum of y eta - log(1 + e^eta)
    return float((y * eta - log1pexp(eta)).sum())


def _pieces(X: np.ndarray, y: np.ndarray, beta: np.ndarray):
    eta = X @ beta
    pi = expit(eta)
    w = pi * (1 - pi)
    info = xtwx(X, w)
    sign, logdet = np.linalg.slogdet(info)
    if sign <= 0:
        raise ModelInputError("firth: the information matrix is singular (collinear covariates?)")
    inv = np.linalg.inv(info)
    h = w * np.einsum("ij,ij->i", X @ inv, X)
    return eta, pi, info, inv, h, _loglik(y, eta) + 0.5 * logdet


def firth_estimate(X: np.ndarray, y: np.ndarray, *, maxiter: int = 100, tol: float = 1e-9,
                   max_step: float = 5.0) -> tuple[np.ndarray, dict]:
    """Solve U*(beta) = 0; returns (beta, info dict with iterations, penalized llf, hat values...)."""
    n, k = X.shape
    beta = np.zeros(k)
    const = np.flatnonzero((X == 1.0).all(axis=0))
    if len(const):  # start at the intercept-only fit: fewer iterations on large, rare-event samples
        ybar = min(max(y.mean(), 1e-6), 1 - 1e-6)
        beta[const[0]] = np.log(ybar / (1 - ybar))
    eta, pi, info, inv, h, pll = _pieces(X, y, beta)
    for it in range(1, maxiter + 1):
        ustar = X.T @ (y - pi + h * (0.5 - pi))
        step = inv @ ustar
        mx = np.abs(step).max()
        if mx > max_step:
            step *= max_step / mx
        for _ in range(30):  # step halving on the penalized log-likelihood
            new = beta + step
            try:
                cand = _pieces(X, y, new)
            except ModelInputError:
                cand = None
            if cand is not None and cand[-1] >= pll - 1e-12:
                break
            step = step / 2
        else:
            raise ModelInputError("firth: step halving failed to increase the penalized likelihood")
        beta = new
        eta, pi, info, inv, h, pll = cand
        if np.abs(step).max() < tol:
            break
    else:
        raise ModelInputError(f"firth: no convergence in {maxiter} iterations")
    ustar = X.T @ (y - pi + h * (0.5 - pi))
    if np.abs(ustar).max() > 1e-4 * max(1.0, n ** 0.5):  # steps became tiny through halving, not at the optimum
        raise ModelInputError(f"firth: stopped with a modified score of {np.abs(ustar).max():.3g}; not converged")
    return beta, {"iterations": it, "penalized_llf": pll, "info": info, "inv": inv, "pi": pi, "h": h,
                  "max_abs_score": float(np.abs(ustar).max())}


def fit_firth(data: pd.DataFrame, outcome: str, covariates: Sequence[str], *, se: str = "classical",
              cluster: str | Sequence[str] | None = None, constant: bool = True) -> BinaryResult:
    """Firth's penalized logit; same inputs and :class:`BinaryResult` as :func:`fit_binary`.

    Unlike ``fit_binary`` it does not refuse separated data: that is what it is for.
    """
    if se not in ("classical", "robust", "cluster"):
        raise ValueError("se must be 'classical', 'robust' or 'cluster'")
    if se == "cluster" and cluster is None:
        raise ValueError("se='cluster' needs cluster= (a column, a list, 'dyad' or 'ndyad')")
    y, Xdf, notes = design(data, outcome, covariates, constant=constant, what="firth")
    X = Xdf.to_numpy()
    yy = y.to_numpy()
    beta, fit = firth_estimate(X, yy)
    names = list(Xdf.columns)
    n, k = X.shape
    n_clusters = cl_cols = None
    if se == "classical":
        cov = fit["inv"]
    else:
        pi, h = fit["pi"], fit["h"]
        S = X * (yy - pi + h * (0.5 - pi))[:, None]
        groups = None
        if se == "cluster":
            groups, cl_cols = cluster_ids(cluster_frame(data, y.index, cluster), cluster)
            n_clusters = int(groups.max() + 1)
        cov = sandwich(-fit["info"], S, groups, n, k)
    notes.append("Wald standard errors; profile penalized-likelihood intervals are not implemented")
    return BinaryResult(
        model="firth", outcome=outcome, params=pd.Series(beta, index=names),
        cov=pd.DataFrame(cov, index=names, columns=names), se_type=se, n_obs=n, n_events=int(yy.sum()),
        llf=_loglik(yy, X @ beta), n_clusters=n_clusters, cluster=cl_cols, notes=notes, sample_index=y.index,
        extra={"penalized_llf": fit["penalized_llf"], "iterations": fit["iterations"]},
    )
