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

Standard errors (the settled convention): ``classical`` = I(beta*)^-1, the
inverse Fisher information X'WX at the penalized estimate -- what logistf's
``vcov()`` reports (Heinze & Schemper 2002, sec. 2; checked against its
output for the ``sex2`` data). firthmodels (0.8) reports instead the
inverse of the "augmented" information X' diag((1 + h_i) w_i) X, which is
smaller (NV in the endometrial data: 1.465 vs logistf's 1.551); the
tests pin that difference;
``robust`` and ``cluster`` use the sandwich of :mod:`.binary` (same
``se_convention`` factors) with the modified scores
``(y_i - pi_i + h_i (1/2 - pi_i)) x_i`` as the score contributions.

Intervals: ``ci="wald"`` (default, cheap) gives beta* +/- z SE. Wald
intervals can be too narrow and badly placed under separation (Heinze &
Schemper 2002, sec. 3), so ``ci="profile"`` (or
``result.conf_int(method="profile")`` later) gives logistf's default, the
profile penalized-likelihood interval

    { b : 2 [ l*(beta*) - max_{beta: beta_j = b} l*(beta) ] <= chi2_1(1 - alpha) },

found by root-finding (Brent) on the profile, each point a constrained
Fisher-scoring fit warm-started from the previous one (:func:`profile_conf_int`;
also serves plain logit, where it is the likelihood-ratio interval of R's
``confint.glm``). Cost: about 2k x 10 constrained fits; fine for samples
up to ~10^5 rows, minutes on the 2 M-row dyad-year panel (a progress bar
shows in interactive sessions). p-values stay Wald.
``llf`` is the unpenalized log-likelihood at beta* (so AIC/BIC are
comparable with plain logit); the penalized one is in ``extra["penalized_llf"]``.

Checked against logistf's published output for the endometrial cancer data
of Heinze & Schemper (2002) and the ``sex2`` data (tests/models/test_firth_reference.py),
and against the ``firthmodels`` package when it is installed.

The package ``firthmodels`` (PyPI) was considered as the estimator: it
requires scikit-learn, a heavy dependency for one estimator, so Firth is
implemented here with numpy and firthmodels is used only as a test reference.
"""
from __future__ import annotations

from typing import Sequence

import numpy as np
import pandas as pd
from scipy import optimize, stats
from scipy.special import expit

from ..errors import EstimationError, ModelInputError, OptionError, check_option
from ..progress import progress
from .binary import BinaryResult, design, log1pexp, xtwx
from .covariance import check_se_args, covariance


def _loglik(y: np.ndarray, eta: np.ndarray) -> float:
    # sum of y log(pi) + (1 - y) log(1 - pi) = sum of y eta - log(1 + e^eta)
    return float((y * eta - log1pexp(eta)).sum())


def _pieces(X: np.ndarray, y: np.ndarray, beta: np.ndarray, penalized: bool = True):
    """eta, pi, information, its inverse, hat values (0 if not penalized), objective l* (or l)."""
    eta = X @ beta
    pi = expit(eta)
    w = pi * (1 - pi)
    info = xtwx(X, w)
    sign, logdet = np.linalg.slogdet(info)
    if sign <= 0:
        raise EstimationError("firth: the information matrix is singular (collinear covariates?)")
    inv = np.linalg.inv(info)
    if not penalized:
        return eta, pi, info, inv, np.zeros_like(pi), _loglik(y, eta)
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
            raise EstimationError("firth: step halving failed to increase the penalized likelihood")
        beta = new
        eta, pi, info, inv, h, pll = cand
        if np.abs(step).max() < tol:
            break
    else:
        raise EstimationError(f"firth: no convergence in {maxiter} iterations")
    ustar = X.T @ (y - pi + h * (0.5 - pi))
    if np.abs(ustar).max() > 1e-4 * max(1.0, n ** 0.5):  # steps became tiny through halving, not at the optimum
        raise EstimationError(f"firth: stopped with a modified score of {np.abs(ustar).max():.3g}; not converged")
    return beta, {"iterations": it, "penalized_llf": pll, "info": info, "inv": inv, "pi": pi, "h": h,
                  "max_abs_score": float(np.abs(ustar).max())}


def fit_firth(data: pd.DataFrame, outcome: str, covariates: Sequence[str], *, se: str = "classical",
              cluster: str | Sequence[str] | None = None, constant: bool = True,
              se_convention: str = "statsmodels", ci: str = "wald") -> BinaryResult:
    """Firth's penalized logit; same inputs and :class:`BinaryResult` as :func:`fit_binary`.

    Unlike ``fit_binary`` it does not refuse separated data: that is what it is for.

    Parameters
    ----------
    data, outcome, covariates, se, cluster, constant, se_convention
        As :func:`alliancestats.models.fit_binary`.
    ci : {"wald", "profile"}
        Interval reported by ``conf_int()`` and ``coef_table()``: Wald, or
        logistf's profile penalized-likelihood interval (module docstring;
        computed now, cost ~ 2k constrained fits).

    Returns
    -------
    BinaryResult
        ``model="firth"``; ``extra`` holds the penalized log-likelihood and iterations.

    Examples
    --------
    >>> res = fit_firth(df, "y", ["x1", "x2"], ci="profile")  # doctest: +SKIP
    >>> res.conf_int()  # doctest: +SKIP
    """
    check_se_args("firth", se, cluster, se_convention)
    if ci not in ("wald", "profile"):
        check_option("firth: ci", ci, ("wald", "profile"))
    y, Xdf, notes = design(data, outcome, covariates, constant=constant, what="firth")
    X = Xdf.to_numpy()
    yy = y.to_numpy()
    beta, fit = firth_estimate(X, yy)
    names = list(Xdf.columns)
    pi, h = fit["pi"], fit["h"]
    cov, n_clusters, cl_cols = covariance(se, -fit["info"], X * (yy - pi + h * (0.5 - pi))[:, None], data=data,
                                          index=y.index, cluster=cluster, convention=se_convention)
    res = BinaryResult(
        model="firth", outcome=outcome, params=pd.Series(beta, index=names),
        cov=pd.DataFrame(cov, index=names, columns=names), se_type=se, n_obs=len(yy), n_events=int(yy.sum()),
        llf=_loglik(yy, X @ beta), n_clusters=n_clusters, cluster=cl_cols, notes=notes, sample_index=y.index,
        extra={"penalized_llf": fit["penalized_llf"], "iterations": fit["iterations"], "ci_method": ci},
        se_convention=se_convention, cluster_spec=cluster, data=data,
    )
    if ci == "profile":
        profile_conf_int(res)
        notes.append("profile penalized-likelihood intervals (logistf's default); p-values are Wald")
    else:
        notes.append("Wald standard errors and intervals (ci='profile' gives profile penalized-likelihood "
                     "intervals)")
    return res


def _constrained_fit(X: np.ndarray, y: np.ndarray, beta: np.ndarray, j: int, penalized: bool, *,
                     maxiter: int = 100, tol: float = 1e-10, max_step: float = 5.0) -> tuple[float, np.ndarray]:
    """max over beta_{-j} of l*(beta) (or l) with beta_j held at ``beta[j]``: Fisher scoring on the free part.

    For the logit l* is the exact gradient-compatible objective of the
    modified score U* (Firth 1993), so U*_{-j} = 0 at the constrained maximum.
    """
    free = np.arange(len(beta)) != j
    beta = beta.copy()
    eta, pi, info, inv, h, obj = _pieces(X, y, beta, penalized)
    for _ in range(maxiter):
        score = X.T @ (y - pi + h * (0.5 - pi))
        step = np.zeros_like(beta)
        step[free] = np.linalg.solve(info[np.ix_(free, free)], score[free])
        mx = np.abs(step).max()
        if mx > max_step:
            step *= max_step / mx
        for _ in range(40):
            try:
                cand = _pieces(X, y, beta + step, penalized)
            except ModelInputError:
                cand = None
            if cand is not None and cand[-1] >= obj - 1e-12 * max(1.0, abs(obj)):
                break
            step = step / 2
        else:
            break  # no ascent direction left: at the maximum to working precision
        beta = beta + step
        eta, pi, info, inv, h, obj = cand
        if np.abs(step).max() < tol:
            break
    return obj, beta


def profile_conf_int(result: BinaryResult, alpha: float = 0.05, terms: Sequence[str] | None = None) -> pd.DataFrame:
    """Profile (penalized-)likelihood intervals of a Firth or logit result; cached in ``result.extra``.

    Parameters
    ----------
    result : BinaryResult
        ``model`` "firth" (penalized, logistf's default intervals) or "logit"
        (likelihood-ratio intervals, R's ``confint.glm``); the estimation
        data must still be attached (``result.data``).
    alpha : float
        1 - confidence level.
    terms : sequence of str, optional
        Only these coefficients (as logistf's ``plconf``); default all.

    Returns
    -------
    pandas.DataFrame
        Columns 0 (lower) and 1 (upper), indexed by term; +/-inf where the
        profile never falls to the cutoff (a diverging ML coefficient).
    """
    if result.model not in ("firth", "logit"):
        raise ModelInputError(f"profile intervals are implemented for Firth and logit models, not {result.model!r}")
    if not 0 < alpha < 1:
        raise OptionError(f"alpha={alpha!r}: use a number in (0, 1)")
    names = list(result.params.index)
    unknown = [t for t in (terms or []) if t not in names]
    if unknown:
        raise ModelInputError(f"profile intervals: {unknown} are not coefficients of the model ({names})")
    wanted = names if terms is None else [t for t in names if t in set(terms)]
    alpha = round(float(alpha), 10)  # coef_table(level=0.95) asks for 1 - 0.95 = 0.050000000000000044
    cache = result.extra.setdefault("profile_ci", {})
    if alpha in cache:
        return cache[alpha].loc[wanted].copy()
    penalized = result.model == "firth"
    y, Xdf = result.estimation_design()
    X, yy = Xdf.to_numpy(dtype="float64"), y.to_numpy(dtype="float64")
    bhat = result.params.to_numpy()
    lmax = _pieces(X, yy, bhat, penalized)[-1]
    cut = stats.chi2.ppf(1 - alpha, 1) / 2
    se = np.sqrt(np.diag(np.linalg.inv(_pieces(X, yy, bhat, penalized)[2])))
    out = np.full((len(names), 2), np.nan)
    bar = progress(total=2 * len(wanted), desc="profile likelihood", unit="bound",
                   show=len(yy) * len(names) > 2_000_000)
    w = np.sqrt(2 * cut) * se  # Wald half-widths: where the profile crosses the cutoff in large samples
    for j in [names.index(t) for t in wanted]:
        for side, sign in ((0, -1.0), (1, 1.0)):
            memo: dict[float, tuple[float, np.ndarray]] = {bhat[j]: (cut, bhat)}

            def gap(b):  # > 0 inside the interval, < 0 outside; warm start from the nearest point solved
                if b not in memo:
                    near = min(memo, key=lambda v: abs(v - b))
                    trial = memo[near][1].copy()
                    trial[j] = b
                    obj, beta = _constrained_fit(X, yy, trial, j, penalized)
                    memo[b] = (cut - (lmax - obj), beta)
                return memo[b][0]

            # bracket the crossing, starting at the Wald bound and widening geometrically
            inner, outer = bhat[j], None
            for f in (1.0, 1.25, 1.6, 2.5, 4.0, *(2.0 ** np.arange(3, 28))):
                b = bhat[j] + sign * f * max(w[j], 1e-4)
                if gap(b) < 0:
                    outer = b
                    break
                inner = b
            if outer is None:
                out[j, side] = sign * np.inf
            else:
                if outer == bhat[j] + sign * max(w[j], 1e-4):  # crossing inside the Wald bound: narrow the inner end
                    b = bhat[j] + sign * 0.8 * max(w[j], 1e-4)
                    if gap(b) >= 0:
                        inner = b
                out[j, side] = optimize.brentq(gap, inner, outer, xtol=1e-9, rtol=1e-12)
            bar.update()
    bar.close()
    ci = pd.DataFrame(out, index=names, columns=[0, 1]).loc[wanted]
    if terms is None:
        cache[alpha] = ci
    return ci.copy()
