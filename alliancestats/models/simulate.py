"""Quantities of interest by simulation from the estimated coefficients.

King, Tomz & Wittenberg (2000, AJPS 44:347): draw beta_s ~ N(beta_hat, V_hat),
s = 1..S (fixed seed), compute the quantity for each draw, report the mean
of the draws and the 2.5th / 97.5th percentiles (95% interval). ``point``
is the same quantity at beta_hat (no simulation).

Two ways to fix the other covariates (Hanmer & Kalkan 2013, AJPS 57:263):

- ``method="observed"`` (observed-value approach, the default): set the
  variable(s) of interest for every row of the estimation sample and
  average the predicted probabilities, Pr = 1/n sum_i F(x_i(set)' beta_s)
  (``max_rows`` averages over a seeded random subset of rows instead, for
  speed on million-row panels; the note on the result says so);
- ``method="means"``: one profile with every covariate at its
  estimation-sample mean, overridden by ``at`` (use ``at`` to set
  nonlinear terms consistently, e.g. t, t^2, t^3 of one t).

For a change of variable x from a to b, the first difference is
FD = Pr(x = b) - Pr(x = a) and the percent change 100 (Pr(b) - Pr(a)) / Pr(a),
both computed draw by draw. F is the logistic CDF for logit, Firth and
relogit models, the normal CDF for probit.

Long simulations (rows x draws above :data:`PROGRESS_MIN_EVALS`, about a
second of work) show a ``tqdm.auto`` progress bar: a widget in notebooks, a
text bar in terminals, nothing when output is not interactive (logs, CI,
``reproduce`` redirected to a file; tqdm's ``disable=None``).
"""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from scipy import stats
from scipy.special import expit

from ..errors import ModelInputError, check_option
from .binary import BinaryResult
from ..progress import progress


def draw_params(result: BinaryResult, n_sims: int = 1000, seed: int = 20240101) -> np.ndarray:
    """(n_sims, k) draws from N(params, cov) with a fixed seed (numpy PCG64).

    Parameters
    ----------
    result : BinaryResult
    n_sims, seed : int

    Returns
    -------
    ndarray, shape (n_sims, k)

    Examples
    --------
    >>> draw_params(res, n_sims=500).shape  # doctest: +SKIP
    (500, 2)
    """
    rng = np.random.default_rng(seed)
    cov = result.cov.to_numpy()
    cov = (cov + cov.T) / 2
    return rng.multivariate_normal(result.params.to_numpy(), cov, size=n_sims, method="cholesky")


def _cdf(model: str):
    return (lambda e: stats.norm.cdf(e)) if model == "probit" else expit


@dataclass
class Quantity:
    """One simulated quantity: draws, their mean (``estimate``), 95% interval and the plug-in ``point``."""

    name: str
    draws: np.ndarray
    point: float
    level: float = 0.95

    @property
    def estimate(self) -> float:
        return float(np.mean(self.draws))

    @property
    def lo(self) -> float:
        return float(np.quantile(self.draws, (1 - self.level) / 2))

    @property
    def hi(self) -> float:
        return float(np.quantile(self.draws, 1 - (1 - self.level) / 2))

    def as_dict(self) -> dict:
        return {"estimate": self.estimate, "lo": self.lo, "hi": self.hi, "point": self.point,
                "n_sims": len(self.draws), "level": self.level}

    def __repr__(self) -> str:  # one line, not the array of draws
        return (f"{self.name}: {self.estimate:.6g} [{self.lo:.6g}, {self.hi:.6g}] ({self.level:.0%} interval, "
                f"{len(self.draws)} simulations; at the estimate {self.point:.6g})")

    def _repr_html_(self) -> str:  # notebooks: the same one-row table as FirstDifference's
        from .results import Summary
        row = pd.DataFrame([{"quantity": self.name, "estimate": self.estimate, "lo": self.lo, "hi": self.hi,
                             "point": self.point}])
        return Summary(self.name, [f"{len(self.draws)} simulations, {self.level:.0%} interval"], row,
                       digits=6).as_html()


@dataclass
class FirstDifference:
    """Pr(x = a), Pr(x = b), their difference and percent change, by simulation."""

    variable: str
    values: tuple
    method: str
    p0: Quantity
    p1: Quantity
    diff: Quantity
    pct_change: Quantity
    notes: list[str] = field(default_factory=list)

    def summary(self) -> str:
        a, b = self.values
        lines = [f"First difference of {self.variable}: {a} -> {b} ({self.method} values, "
                 f"{len(self.diff.draws)} simulations)"]
        for q in (self.p0, self.p1, self.diff, self.pct_change):
            lines.append(f"  {q.name:28s} {q.estimate: .6g}  [{q.lo: .6g}, {q.hi: .6g}]  (at estimate {q.point: .6g})")
        return "\n".join(lines + [f"note: {n}" for n in self.notes])

    def __repr__(self) -> str:
        return self.summary()

    def to_frame(self) -> pd.DataFrame:
        """One row per quantity: estimate (mean of draws), interval, plug-in point."""
        return pd.DataFrame([{"quantity": q.name, "estimate": q.estimate, "lo": q.lo, "hi": q.hi, "point": q.point}
                             for q in (self.p0, self.p1, self.diff, self.pct_change)])

    def _repr_html_(self) -> str:  # a table in notebooks
        from .results import Summary
        a, b = self.values
        return Summary(f"First difference of {self.variable}: {a} -> {b}",
                       [f"{self.method} values, {len(self.diff.draws)} simulations, {self.p0.level:.0%} intervals"],
                       self.to_frame(), self.notes, digits=6).as_html()

    def as_dict(self) -> dict:
        return {"variable": self.variable, "from": self.values[0], "to": self.values[1], "method": self.method,
                "pr_from": self.p0.as_dict(), "pr_to": self.p1.as_dict(), "first_difference": self.diff.as_dict(),
                "pct_change": self.pct_change.as_dict()}


def _profiles(result: BinaryResult, data: pd.DataFrame, set_values: dict, method: str, at: dict | None) -> np.ndarray:
    names = list(result.params.index)
    covs = [c for c in names if c != "const"]
    unknown = [c for c in [*set_values, *(at or {})] if c not in covs]
    if unknown:
        raise ModelInputError(f"simulate: {unknown} are not covariates of the model ({covs})")
    if result.sample_index is None:
        raise ModelInputError("simulate: the result carries no estimation-sample index")
    missing = [c for c in covs if c not in data.columns]
    if missing:
        raise ModelInputError(f"simulate: data lacks model covariates {missing}; pass the frame the model was fit on")
    sample = data.loc[result.sample_index, covs].astype("float64")
    if method == "means":
        row = sample.mean()
        for c, v in (at or {}).items():
            row[c] = v
        X = row.to_frame().T
    elif method == "observed":
        if at:
            raise ModelInputError("simulate: 'at' applies to method='means'; with 'observed' use set_values")
        X = sample.copy()
    else:
        check_option("simulate: method", method, ("observed", "means"))
    for c, v in set_values.items():
        X[c] = float(v)
    if "const" in names:
        X.insert(names.index("const"), "const", 1.0)
    return X[names].to_numpy()


def _mean_prob(X: np.ndarray, B: np.ndarray, cdf, chunk: int = 20_000, bar=None) -> np.ndarray:
    """Average of F(X b) over rows of X, for each column b of B (k, S); chunked to bound memory.

    ``bar``: a tqdm progress bar advanced by the rows done.
    """
    out = np.zeros(B.shape[1])
    for s in range(0, len(X), chunk):
        Z = X[s:s + chunk] @ B
        if cdf is expit:  # in place: 1 / (1 + exp(-z)), overflow gives exactly 0
            with np.errstate(over="ignore"):
                np.negative(Z, out=Z)
                np.exp(Z, out=Z)
                Z += 1.0
                np.reciprocal(Z, out=Z)
        else:
            Z = cdf(Z)
        out += Z.sum(axis=0)
        if bar is not None:
            bar.update(len(Z))
    return out / len(X)


#: evaluations of F (rows x draws) above which simulations show a progress bar (~1 s of work)
PROGRESS_MIN_EVALS = 50_000_000


def _progress(total_rows: int, n_sims: int, desc: str):
    """Bar over rows (:func:`~.progress.progress`), shown only for long runs and only when interactive."""
    return progress(total=total_rows, desc=desc, unit="row", show=total_rows * n_sims >= PROGRESS_MIN_EVALS,
                    unit_scale=True)


def _subsample(X: np.ndarray, max_rows: int | None, seed: int) -> np.ndarray:
    """A seeded random subset of rows (in original order) when X has more than ``max_rows``."""
    if max_rows is None or len(X) <= max_rows:
        return X
    rng = np.random.default_rng(seed + 1)
    return X[np.sort(rng.choice(len(X), size=max_rows, replace=False))]


def predicted_probability(result: BinaryResult, data: pd.DataFrame, set_values: dict | None = None, *,
                          method: str = "observed", at: dict | None = None, n_sims: int = 1000,
                          seed: int = 20240101, max_rows: int | None = None) -> Quantity:
    """Simulated Pr(y = 1) with ``set_values`` imposed (see module docstring).

    Parameters
    ----------
    result : BinaryResult
    data : DataFrame
        The estimation frame.
    set_values : dict, optional
        Covariate -> value imposed on every row (observed) or the profile (means).
    method : {"observed", "means"}
        Hanmer & Kalkan (2013) observed values or King, Tomz & Wittenberg (2000) means.
    at : dict, optional
        Profile values for ``method="means"``.
    n_sims, seed : int
    max_rows : int, optional

    Returns
    -------
    Quantity
        ``estimate``, ``lo``, ``hi``, ``point`` and the draws.

    Examples
    --------
    >>> predicted_probability(res, d, {"target_defense": 1}, n_sims=1000)  # doctest: +SKIP
    """
    B = draw_params(result, n_sims, seed).T
    X = _subsample(_profiles(result, data, set_values or {}, method, at), max_rows, seed)
    cdf = _cdf(result.model)
    with _progress(len(X), n_sims, "simulating Pr") as bar:
        draws = _mean_prob(X, B, cdf, bar=bar)
    point = float(_mean_prob(X, result.params.to_numpy()[:, None], cdf)[0])
    return Quantity(f"Pr({result.outcome}=1)", draws, point)


def first_difference(result: BinaryResult, data: pd.DataFrame, variable: str, values=(0, 1), *,
                     method: str = "observed", at: dict | None = None, n_sims: int = 1000,
                     seed: int = 20240101, max_rows: int | None = None) -> FirstDifference:
    """Change in Pr(y = 1) when ``variable`` moves from ``values[0]`` to ``values[1]``.

    The same coefficient draws serve both scenarios, so the difference and
    percent change carry the joint uncertainty (KTW 2000). ``max_rows``
    (observed-value method): average over a seeded random subset of that
    many estimation-sample rows (the same rows in both scenarios) instead of
    all rows; cost is rows x n_sims evaluations of F.

    Parameters
    ----------
    result : BinaryResult
    data : DataFrame
    variable : str
    values : (a, b)
    method, at, n_sims, seed, max_rows
        As :func:`predicted_probability`.

    Returns
    -------
    FirstDifference
        Pr at a and b, their difference and percent change, each a :class:`Quantity`.

    Examples
    --------
    >>> fd = first_difference(res, d, "target_defense")  # doctest: +SKIP
    >>> fd.to_frame()  # doctest: +SKIP
    """
    a, b = values
    B = draw_params(result, n_sims, seed).T
    bhat = result.params.to_numpy()[:, None]
    cdf = _cdf(result.model)
    X0 = _subsample(_profiles(result, data, {variable: a}, method, at), max_rows, seed)
    X1 = _subsample(_profiles(result, data, {variable: b}, method, at), max_rows, seed)
    with _progress(len(X0) + len(X1), n_sims, f"first difference of {variable}") as bar:
        p0, p1 = _mean_prob(X0, B, cdf, bar=bar), _mean_prob(X1, B, cdf, bar=bar)
    q0, q1 = float(_mean_prob(X0, bhat, cdf)[0]), float(_mean_prob(X1, bhat, cdf)[0])
    notes = [f"observed values averaged over {len(X0):,} sampled rows (seed {seed})"] if (
        max_rows is not None and method == "observed" and len(X0) == max_rows) else []
    return FirstDifference(
        variable=variable, values=(a, b), method=method, notes=notes,
        p0=Quantity(f"Pr | {variable}={a}", p0, q0), p1=Quantity(f"Pr | {variable}={b}", p1, q1),
        diff=Quantity("first difference", p1 - p0, q1 - q0),
        pct_change=Quantity("percent change", 100 * (p1 - p0) / p0, 100 * (q1 - q0) / q0),
    )
