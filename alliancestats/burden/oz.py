"""Olson-Zeckhauser test: rank correlation of economic size and defense burden within an alliance-year.

Olson & Zeckhauser (1966, "An Economic Theory of Alliances", REStat 48:266)
argue that because deterrence is a public good among allies, larger members
bear a disproportionate share of the common defense: across the members of an
alliance in a year, GDP and the defense burden (military spending / GDP)
should be positively rank-correlated. They reported Spearman's rho for NATO
1964 (0.490). The statistics here:

Spearman's rho (ties: average ranks, "midranks"), the Pearson correlation of
the rank vectors:

    rho = sum_i (R_i - Rbar)(S_i - Sbar) / sqrt(sum_i (R_i - Rbar)^2 sum_i (S_i - Sbar)^2)

Kendall's tau-b (Kendall 1945), with n_c/n_d concordant/discordant pairs and
n_1, n_2 the pairs tied in x and in y:

    tau_b = (n_c - n_d) / sqrt((n0 - n_1)(n0 - n_2)),   n0 = n(n-1)/2

p-values by permutation of y against x (ties are kept, so the test is exact
under ties), computed by :func:`scipy.stats.permutation_test` with
``permutation_type="pairings"``: for n <= ``exact_max_n`` (default 8) all n!
pairings are enumerated and p is the share of them whose statistic is at
least as extreme as the observed one; above that ``n_perm`` random pairings
drawn with a fixed ``seed`` give p = (1 + #extreme) / (n_perm + 1) (Phipson &
Smyth 2010, scipy's randomized p-value). ``alternative``: "two-sided"
(``|T*| >= |T|``: the test statistic is ``|T|`` with the "greater" alternative, not
scipy's doubled one-sided p), "greater" (T* >= T; the Olson-Zeckhauser
direction) or "less". The statistics are :func:`scipy.stats.spearmanr` and
:func:`scipy.stats.kendalltau` (tau-b); the permutation null uses their
vectorized forms (Pearson correlation of midranks with a fixed
denominator, tau-b from pair signs), which the tests check against the scipy
functions.

Intervals: Fisher z-transform, z = atanh(r) +- q * se, with
se = sqrt((1 + rho^2 / 2) / (n - 3)) for Spearman (Bonett & Wright 2000,
Psychometrika 65:23) and se = sqrt(0.437 / (n - 4)) for Kendall (Fieller,
Hartley & Pearson 1957, Biometrika 44:470). NA when n is too small (n <= 3
Spearman, n <= 4 Kendall) or ``|r| = 1``.
"""
from __future__ import annotations

import warnings
from dataclasses import dataclass, field
from math import factorial
from typing import Sequence

import numpy as np
import pandas as pd
from scipy import stats

from ..errors import ModelInputError, check_option
from ..progress import progress
from ..models.results import TableResults

METHODS = ("spearman", "kendall")
ALTERNATIVES = ("two-sided", "greater", "less")


def _quiet(fn, *a, **kw):
    # a constant variable gives NaN, which is the documented answer: scipy's warning adds nothing
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", stats.ConstantInputWarning)
        return fn(*a, **kw)


def midranks(x) -> np.ndarray:
    """Ranks 1..n with ties given the average of the ranks they span.

    Examples
    --------
    >>> midranks([10, 20, 20, 30]).tolist()
    [1.0, 2.5, 2.5, 4.0]
    """
    return stats.rankdata(np.asarray(x, dtype="float64"), method="average")


def _scipy_statistic(fn, x, y) -> float:
    return float(_quiet(fn, np.asarray(x, dtype="float64"), np.asarray(y, dtype="float64")).statistic)


def spearman(x, y) -> float:
    """Spearman's rho with midranks, :func:`scipy.stats.spearmanr` (NaN if either variable is constant).

    Parameters
    ----------
    x, y : array-like
        Paired observations of equal length.

    Returns
    -------
    float

    Examples
    --------
    >>> round(spearman([1, 2, 3, 4, 5], [2, 1, 4, 4, 5]), 6)  # 8.5 / sqrt(95)
    0.872082
    """
    return _scipy_statistic(stats.spearmanr, x, y)


def kendall_tau_b(x, y) -> float:
    """Kendall's tau-b, :func:`scipy.stats.kendalltau`; arguments as :func:`spearman`.

    >>> round(kendall_tau_b([1, 2, 3, 4, 5], [2, 1, 4, 4, 5]), 6)  # 7 / sqrt(90)
    0.737865
    """
    return _scipy_statistic(stats.kendalltau, x, y)


def _spearman_null(x: np.ndarray):
    """Vectorized Spearman of fixed ``x`` with each row of permuted MIDRANKS of ``y``.

    The midranks of a permutation of y are that permutation of y's midranks,
    so the ranks are computed once (``permutation_pvalue`` permutes them),
    and their sum of squares is the same in every pairing: rho is the Pearson
    correlation of the midranks with a fixed denominator. (scipy.stats.pearsonr
    with ``axis`` gives the same numbers 3x slower: it also computes p-values.)
    """
    a = midranks(x)
    a = a - a.mean()

    def stat(ry, axis=-1):
        ry = np.moveaxis(ry, axis, -1)
        b = ry - ry.mean(axis=-1, keepdims=True)
        with np.errstate(invalid="ignore", divide="ignore"):
            return (b @ a) / np.sqrt((a @ a) * (b * b).sum(axis=-1))
    return stat


def _kendall_null(x: np.ndarray):
    """Vectorized Kendall tau-b of fixed ``x`` with each row of ``y`` (scipy's kendalltau takes no axis).

    tau_b = (n_c - n_d) / sqrt((n0 - n_1)(n0 - n_2)) from the signs of all pair differences.
    """
    i, j = np.triu_indices(len(x), k=1)
    sx = np.sign(x[j] - x[i])
    nx = np.count_nonzero(sx)

    def stat(y, axis=-1):
        y = np.moveaxis(y, axis, -1)
        sy = np.sign(y[..., j] - y[..., i])
        with np.errstate(invalid="ignore", divide="ignore"):
            return (sy @ sx) / np.sqrt(nx * np.count_nonzero(sy, axis=-1).astype("float64"))
    return stat


def permutation_pvalue(x, y, method: str = "spearman", *, alternative: str = "two-sided", exact_max_n: int = 8,
                       n_perm: int = 9999, seed: int = 20240601) -> tuple[float, float, str]:
    """Rank correlation and its permutation p-value (:func:`scipy.stats.permutation_test`, pairings).

    Parameters
    ----------
    x, y : array-like
        Paired observations of equal length (no missing values).
    method : {"spearman", "kendall"}
        Spearman's rho or Kendall's tau-b.
    alternative : {"two-sided", "greater", "less"}
        "two-sided" counts ``|T*| >= |T|``; "greater" is the Olson & Zeckhauser
        (1966) direction.
    exact_max_n : int
        Enumerate all n! pairings up to this n; Monte Carlo above.
    n_perm : int
        Random pairings for the Monte Carlo p-value (Phipson & Smyth 2010).
    seed : int
        Seed of the random pairings (results do not depend on the run).

    Returns
    -------
    statistic : float
    pvalue : float
    kind : {"exact", "permutation", "none"}
        How the p-value was computed ("none": fewer than 2 pairs).

    Examples
    --------
    >>> r, p, kind = permutation_pvalue([1, 2, 3], [1, 2, 3], alternative="greater")
    >>> round(r, 6), round(p, 6), kind  # 1 of the 3! pairings reaches rho = 1
    (1.0, 0.166667, 'exact')
    """
    check_option("method", method, METHODS)
    check_option("alternative", alternative, ALTERNATIVES)
    x, y = np.asarray(x, dtype="float64"), np.asarray(y, dtype="float64")
    n = len(x)
    if n != len(y):
        raise ModelInputError(f"x and y differ in length ({n} and {len(y)})")
    if n < 2:
        return np.nan, np.nan, "none"
    obs = spearman(x, y) if method == "spearman" else kendall_tau_b(x, y)
    exact = n <= exact_max_n or n_perm >= factorial(n)
    kind = "exact" if exact else "permutation"
    if np.isnan(obs):
        return obs, np.nan, kind
    stat = (_spearman_null if method == "spearman" else _kendall_null)(x)
    if alternative == "two-sided":  # |T*| >= |T|, not scipy's 2 * min(one-sided p)
        fn, alt = (lambda b, axis=-1: np.abs(stat(b, axis))), "greater"
    else:
        fn, alt = stat, alternative
    data = midranks(y) if method == "spearman" else y
    res = stats.permutation_test((data,), fn, permutation_type="pairings", vectorized=True, alternative=alt,
                                 n_resamples=np.inf if exact else n_perm, rng=seed, batch=_batch(n, method))
    return float(obs), float(res.pvalue), kind


def _batch(n: int, method: str) -> int | None:
    # Kendall's null holds n(n-1)/2 pair signs per resample: cap the memory at ~64 MB
    return None if method == "spearman" else max(1, int(8e6 // max(1, n * (n - 1) // 2)))


def fisher_interval(r: float, n: int, method: str = "spearman", level: float = 0.95) -> tuple[float, float]:
    """Fisher-z interval for a rank correlation (Bonett & Wright 2000; Fieller et al. 1957).

    Parameters
    ----------
    r : float
        The rank correlation.
    n : int
        Number of pairs.
    method : {"spearman", "kendall"}
        se = sqrt((1 + r^2 / 2) / (n - 3)) (Spearman) or sqrt(0.437 / (n - 4)) (Kendall).
    level : float
        Confidence level.

    Returns
    -------
    (low, high) : tuple of float
        NaN when n is too small or ``|r| = 1``.

    Examples
    --------
    >>> [round(v, 4) for v in fisher_interval(0.5, 12)]
    [-0.1427, 0.8461]
    """
    check_option("method", method, METHODS)
    if method == "spearman":
        if n <= 3:
            return np.nan, np.nan
        se = np.sqrt((1 + r * r / 2) / (n - 3))
    else:
        if n <= 4:
            return np.nan, np.nan
        se = np.sqrt(0.437 / (n - 4))
    if not np.isfinite(r) or abs(r) >= 1:
        return np.nan, np.nan
    q = stats.norm.ppf(0.5 + level / 2)
    z = np.arctanh(r)
    return float(np.tanh(z - q * se)), float(np.tanh(z + q * se))


@dataclass(repr=False)
class OZResult(TableResults):
    """Olson-Zeckhauser rank correlations per alliance-year.

    Attributes
    ----------
    table : DataFrame
        One row per group (see :func:`oz_test`).
    size, burden, alternative, level
        What was ranked and how it was tested.
    notes : list of str
    excluded : DataFrame or None
        Members a member rule left out (:func:`~alliancestats.burden.oz_design.oz_rank_test`).

    ``summary()`` prints as text and renders as HTML / LaTeX (the shared
    :class:`~alliancestats.models.results.TableResults` display).
    """

    table: pd.DataFrame
    size: str
    burden: str
    alternative: str
    level: float
    notes: list[str] = field(default_factory=list)
    #: members left out by a member rule (see :func:`alliancestats.burden.oz_design.oz_rank_test`)
    excluded: pd.DataFrame | None = None

    summary_digits = 3

    def _summary_title(self) -> str:
        return f"Olson-Zeckhauser test: rank correlation of {self.size} and {self.burden} within alliance-years"

    def _summary_head(self) -> list[str]:
        return [f"{len(self.table)} alliance-years; p-values {self.alternative} (exact for small n, else "
                f"permutation); {self.level:.0%} Fisher-z intervals"]

    def _summary_table(self) -> pd.DataFrame:
        cols = ["alliance", "year", "n_members", "n", "spearman", "spearman_p", "spearman_ci_low",
                "spearman_ci_high", "kendall", "kendall_p", "status"]
        return self.table[[c for c in cols if c in self.table.columns]]

    def stats_dict(self) -> dict:
        """``oz_spearman_<alliance>_<year>`` etc. for results.json."""
        out = {}
        for r in self.table.itertuples():
            k = f"{r.alliance}_{r.year}"
            out[f"oz_spearman_{k}"] = r.spearman
            out[f"oz_spearman_p_{k}"] = r.spearman_p
            out[f"oz_spearman_ci_{k}"] = [r.spearman_ci_low, r.spearman_ci_high]
            out[f"oz_kendall_{k}"] = r.kendall
            out[f"oz_kendall_p_{k}"] = r.kendall_p
            out[f"oz_n_{k}"] = r.n
            if getattr(r, "status", "ok") != "ok":
                out[f"oz_status_{k}"] = r.status
        return out


def oz_test(data: pd.DataFrame, *, size: str = "gdp", burden: str = "burden", by: Sequence[str] = ("alliance", "year"),
            alternative: str = "two-sided", level: float = 0.95, exact_max_n: int = 8, n_perm: int = 9999,
            seed: int = 20240601, min_n: int = 3) -> OZResult:
    """Spearman and Kendall rank correlations of ``size`` and ``burden`` per group of ``by``.

    ``data``: one row per member-year (e.g. from :func:`alliancestats.burden.shares.alliance_economics`).
    Members with a missing ``size`` or ``burden`` are left out; ``n_members``
    counts all members, ``n`` those used, ``complete`` says whether they are
    equal. Groups with fewer than ``min_n`` usable members (default 3: with
    two, a rank correlation is +-1 by construction) are skipped: NA
    statistics, ``status`` says why, and the notes count them.
    The permutation seed is the same for every group, and members are sorted
    by ``x``, ``y`` before permuting, so the Monte Carlo p-values depend on
    neither group nor row order.

    Parameters
    ----------
    data : DataFrame
        Member-years with the ``by`` columns, ``size`` and ``burden``.
    size, burden : str
        Columns ranked against each other (O&Z: GNP and defence budget / GNP).
    by : sequence of str
        Groups within which members are ranked (default alliance-year).
    alternative : {"two-sided", "greater", "less"}
        Direction of the permutation test; "greater" is O&Z's hypothesis.
    level : float
        Level of the Fisher-z intervals.
    exact_max_n, n_perm, seed : int
        Exact enumeration up to ``exact_max_n`` members, else ``n_perm`` random
        pairings with ``seed`` (:func:`permutation_pvalue`).
    min_n : int
        Fewest members with data for a group to be tested.

    Returns
    -------
    OZResult
        ``table`` (one row per group: n, spearman, spearman_p, intervals,
        kendall, ..., status), ``notes``, ``summary()``, ``stats_dict()``.

    Examples
    --------
    >>> import pandas as pd
    >>> d = pd.DataFrame({"alliance": "a", "year": 1964, "gdp": [1, 2, 3, 4, 5], "burden": [2, 1, 4, 4, 5]})
    >>> t = oz_test(d, alternative="greater").table
    >>> round(float(t["spearman"].iat[0]), 4), t["p_method"].iat[0]
    (0.8721, 'exact')
    """
    by = list(by)
    d = data[[*by, size, burden]].copy()
    d["_ok"] = d[size].notna() & d[burden].notna()
    rows = []
    grouped = d.groupby(by, sort=True)
    for key, g in progress(grouped, total=grouped.ngroups, desc="Olson-Zeckhauser permutation tests", unit="group"):
        key = key if isinstance(key, tuple) else (key,)
        ok = g[g["_ok"]].sort_values([size, burden], kind="stable")
        x = ok[size].to_numpy(dtype="float64")
        y = ok[burden].to_numpy(dtype="float64")
        n = len(x)
        rec = dict(zip(by, key))
        rec.update(n_members=len(g), n=n, complete=n == len(g))
        for m in ("spearman", "kendall"):
            if n >= min_n:
                r, p, kind = permutation_pvalue(x, y, m, alternative=alternative, exact_max_n=exact_max_n,
                                                n_perm=n_perm, seed=seed)
                lo, hi = fisher_interval(r, n, m, level)
            else:
                r = p = lo = hi = np.nan
                kind = "none"
            rec.update({m: r, f"{m}_p": p, f"{m}_ci_low": lo, f"{m}_ci_high": hi})
        rec["p_method"] = kind
        rec["status"] = "ok" if n >= min_n else f"skipped: {n} member(s) with data, fewer than {min_n}"
        rows.append(rec)
    cols = [*by, "n_members", "n", "complete", "spearman", "spearman_p", "spearman_ci_low", "spearman_ci_high",
            "kendall", "kendall_p", "kendall_ci_low", "kendall_ci_high", "p_method", "status"]
    table = pd.DataFrame(rows, columns=cols)
    notes = []
    inc = int((~table["complete"]).sum()) if len(table) else 0
    if inc:
        notes.append(f"{inc} alliance-year(s) computed on the members with data only (complete = False)")
    skipped = int((table["status"] != "ok").sum()) if len(table) else 0
    if skipped:
        notes.append(f"{skipped} alliance-year(s) skipped: fewer than {min_n} members with data")
    return OZResult(table, size, burden, alternative, level, notes)
