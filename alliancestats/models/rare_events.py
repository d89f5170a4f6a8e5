"""King & Zeng (2001) rare-events logit: bias correction and prior correction.

King & Zeng (2001, Political Analysis 9:137, "Logistic Regression in Rare
Events Data"), eqs. (6)-(8) and (11)-(12):

Bias correction. With pi_i the ML fitted probabilities, W = diag(pi_i (1 - pi_i) w_i)
and Q = X (X'WX)^-1 X',

    bias(beta_hat) = (X'WX)^-1 X'W xi,   xi_i = 1/2 Q_ii ((1 + w_1) pi_i - w_1),

    beta_tilde = beta_hat - bias(beta_hat),   V(beta_tilde) ~= (n / (n + k))^2 V(beta_hat).

Here the sample is not weighted (w_i = 1, w_1 = 1), the case used for
dyad-year panels that contain all dyads; xi_i = 1/2 Q_ii (2 pi_i - 1). With
an intercept only this gives beta_tilde = logit(ybar) - (2 ybar - 1) / (2 n ybar (1 - ybar)).

Prior correction (``tau`` = the population share of events, for samples
selected on the outcome, e.g. all events plus a fraction of non-events): the
intercept is shifted by -ln[((1 - tau)/tau) (ybar/(1 - ybar))] (eq. 7).

The variance factor (n/(n+k))^2 is applied to whichever covariance
``se=`` selects (classical, robust or clustered). King & Zeng's further
correction of predicted probabilities (their eq. 13, the term C_i) is not
applied: :mod:`.simulate` draws from the corrected coefficients instead.
"""
from __future__ import annotations

from typing import Sequence

import numpy as np
import pandas as pd
from scipy.special import expit

from ..errors import ModelInputError, OptionError
from .binary import BinaryResult, design, fit_binary, xtwx


def kz_bias(X: np.ndarray, beta: np.ndarray) -> np.ndarray:
    """King & Zeng's bias of the ML logit estimate (unweighted sample)."""
    pi = expit(X @ beta)
    w = pi * (1 - pi)
    inv = np.linalg.inv(xtwx(X, w))
    q = np.einsum("ij,ij->i", X @ inv, X)
    xi = 0.5 * q * (2 * pi - 1)
    return inv @ (X.T @ (w * xi))


def fit_relogit(data: pd.DataFrame, outcome: str, covariates: Sequence[str], *, tau: float | None = None,
                bias_correct: bool = True, se: str = "classical", cluster: str | Sequence[str] | None = None,
                constant: bool = True, ml: BinaryResult | None = None,
                se_convention: str = "statsmodels") -> BinaryResult:
    """Rare-events logit (King & Zeng 2001); see module docstring. Returns a :class:`BinaryResult`.

    ``ml``: an already fitted ``fit_binary`` logit of the same outcome,
    covariates and standard errors, to avoid estimating it twice.

    ``tau``: population event share for prior correction (needs a constant);
    None = no prior correction (the sample is the population).
    ``se_convention``: as :func:`fit_binary`.
    Perfect separation raises :class:`SeparationError` as in :func:`fit_binary`.

    Parameters
    ----------
    data : DataFrame
    outcome : str
    covariates : sequence of str
    tau : float, optional
        Population share of events (prior correction, King & Zeng 2001).
    bias_correct : bool
    se : {"classical", "robust", "cluster"}
    cluster : str or sequence of str, optional
    constant : bool
    ml : BinaryResult, optional
        A logit of the same model to start from.
    se_convention : {"statsmodels", "stata"}

    Returns
    -------
    BinaryResult

    Examples
    --------
    >>> fit_relogit(d, "initiation", covs, se="cluster", cluster="dyad")  # doctest: +SKIP
    """
    if tau is not None and not 0 < tau < 1:
        raise OptionError(f"relogit: tau={tau!r}: use the population share of events, a number in (0, 1)")
    if tau is not None and not constant:
        raise ModelInputError("relogit: prior correction (tau) adjusts the intercept: constant=True is required")
    if ml is None:
        ml = fit_binary(data, outcome, covariates, link="logit", se=se, cluster=cluster, constant=constant,
                        se_convention=se_convention)
    elif (ml.model != "logit" or ml.outcome != outcome or ml.se_type != se
          or ml.se_convention != se_convention):
        raise ModelInputError("relogit: ml= must be a fit_binary logit of the same outcome with the same se "
                              "and se_convention")
    y, Xdf, _ = design(data, outcome, covariates, constant=constant, what="relogit")
    if list(Xdf.columns) != list(ml.params.index) or not y.index.equals(ml.sample_index):
        raise ModelInputError("relogit: ml= was fitted on other covariates or another estimation sample")
    X = Xdf.to_numpy()
    n, k = X.shape
    beta = ml.params.to_numpy().copy()
    cov = ml.cov.to_numpy().copy()
    notes = list(ml.notes)
    extra = {"ml_params": ml.params.copy()}
    if bias_correct:
        bias = kz_bias(X, beta)
        beta = beta - bias
        cov = cov * (n / (n + k)) ** 2
        extra["bias"] = pd.Series(bias, index=ml.params.index)
        notes.append("King-Zeng bias-corrected coefficients; variance scaled by (n/(n+k))^2")
    if tau is not None:
        ybar = float(y.mean())
        shift = np.log((1 - tau) / tau * ybar / (1 - ybar))
        beta[list(Xdf.columns).index("const")] -= shift
        extra["prior_shift"] = shift
        notes.append(f"prior correction with tau = {tau:g} (sample event share {ybar:.4g})")
    llf = float(-(y.to_numpy() * np.logaddexp(0, -(X @ beta)) + (1 - y.to_numpy()) * np.logaddexp(0, X @ beta)).sum())
    names = list(ml.params.index)
    return BinaryResult(
        model="relogit", outcome=outcome, params=pd.Series(beta, index=names),
        cov=pd.DataFrame(cov, index=names, columns=names), se_type=ml.se_type, n_obs=ml.n_obs,
        n_events=ml.n_events, llf=llf, n_clusters=ml.n_clusters, cluster=ml.cluster, notes=notes,
        sample_index=ml.sample_index, extra=extra, se_convention=ml.se_convention, cluster_spec=ml.cluster_spec,
        data=data,
    )
