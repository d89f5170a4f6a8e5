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
under ties): for n <= ``exact_max_n`` (default 8) all n! permutations are
enumerated and p is the share of permutations whose statistic is at least as
extreme as the observed one; above that ``n_perm`` random permutations with a
fixed ``seed`` give p = (1 + #extreme) / (n_perm + 1) (Phipson & Smyth 2010).
``alternative``: "two-sided" (|T*| >= |T|), "greater" (T* >= T; the
Olson-Zeckhauser direction) or "less".

Intervals: Fisher z-transform, z = atanh(r) +- q * se, with
se = sqrt((1 + rho^2 / 2) / (n - 3)) for Spearman (Bonett & Wright 2000,
Psychometrika 65:23) and se = sqrt(0.437 / (n - 4)) for Kendall (Fieller,
Hartley & Pearson 1957, Biometrika 44:470). NA when n is too small (n <= 3
Spearman, n <= 4 Kendall) or |r| = 1.
"""
from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from math import factorial
from typing import Sequence

import numpy as np
import pandas as pd
from scipy import stats

_TOL = 1e-12


def midranks(x) -> np.ndarray:
    """Ranks 1..n with ties given the average of the ranks they span."""
    return stats.rankdata(np.asarray(x, dtype="float64"), method="average")


def spearman(x, y) -> float:
    """Spearman's rho with midranks (NaN if either variable is constant)."""
    rx, ry = midranks(x), midranks(y)
    return _pearson_rows(rx, ry[None, :])[0]


def _pearson_rows(rx: np.ndarray, RY: np.ndarray) -> np.ndarray:
    """Pearson correlation of vector rx with every row of RY."""
    a = rx - rx.mean()
    B = RY - RY.mean(axis=1, keepdims=True)
    den = np.sqrt((a * a).sum() * (B * B).sum(axis=1))
    with np.errstate(invalid="ignore", divide="ignore"):
        return (B @ a) / den


def _pair_signs(v: np.ndarray, i: np.ndarray, j: np.ndarray) -> np.ndarray:
    return np.sign(v[..., j] - v[..., i])


def kendall_tau_b(x, y) -> float:
    """Kendall's tau-b (NaN if either variable is constant)."""
    x, y = np.asarray(x, dtype="float64"), np.asarray(y, dtype="float64")
    i, j = np.triu_indices(len(x), k=1)
    return _tau_rows(_pair_signs(x, i, j), y[None, :], i, j)[0]


def _tau_rows(sx: np.ndarray, Y: np.ndarray, i: np.ndarray, j: np.ndarray) -> np.ndarray:
    sy = _pair_signs(Y, i, j)
    n0 = len(i)
    tx = n0 - np.count_nonzero(sx)
    ty = n0 - np.count_nonzero(sy, axis=1)
    den = np.sqrt((n0 - tx) * (n0 - ty).astype("float64"))
    with np.errstate(invalid="ignore", divide="ignore"):
        return (sy @ sx) / den


def _permutations(n: int, *, exact_max_n: int, n_perm: int, seed: int) -> tuple[np.ndarray, str]:
    if n <= exact_max_n:
        return np.array(list(itertools.permutations(range(n))), dtype=np.int64), "exact"
    rng = np.random.default_rng(seed)
    return rng.permuted(np.tile(np.arange(n), (n_perm, 1)), axis=1), "permutation"


def permutation_pvalue(x, y, method: str = "spearman", *, alternative: str = "two-sided", exact_max_n: int = 8,
                       n_perm: int = 9999, seed: int = 20240601) -> tuple[float, float, str]:
    """(statistic, p-value, "exact"|"permutation") for Spearman or Kendall tau-b; see module docstring."""
    x, y = np.asarray(x, dtype="float64"), np.asarray(y, dtype="float64")
    n = len(x)
    if n != len(y):
        raise ValueError("x and y differ in length")
    if alternative not in ("two-sided", "greater", "less"):
        raise ValueError("alternative must be 'two-sided', 'greater' or 'less'")
    if n < 2:
        return np.nan, np.nan, "none"
    perms, kind = _permutations(n, exact_max_n=exact_max_n, n_perm=n_perm, seed=seed)
    if method == "spearman":
        rx, ry = midranks(x), midranks(y)
        obs = _pearson_rows(rx, ry[None, :])[0]
        null = _pearson_rows(rx, ry[perms])
    elif method == "kendall":
        i, j = np.triu_indices(n, k=1)
        sx = _pair_signs(x, i, j)
        obs = _tau_rows(sx, y[None, :], i, j)[0]
        null = _tau_rows(sx, y[perms], i, j)
    else:
        raise ValueError("method must be 'spearman' or 'kendall'")
    if np.isnan(obs):
        return obs, np.nan, kind
    if alternative == "two-sided":
        hits = np.count_nonzero(np.abs(null) >= abs(obs) - _TOL)
    elif alternative == "greater":
        hits = np.count_nonzero(null >= obs - _TOL)
    else:
        hits = np.count_nonzero(null <= obs + _TOL)
    if kind == "exact":
        p = hits / factorial(n)
    else:
        p = (1 + hits) / (len(perms) + 1)
    return float(obs), float(p), kind


def fisher_interval(r: float, n: int, method: str = "spearman", level: float = 0.95) -> tuple[float, float]:
    """Fisher-z interval for a rank correlation (Bonett & Wright 2000; Fieller et al. 1957)."""
    if method == "spearman":
        if n <= 3:
            return np.nan, np.nan
        se = np.sqrt((1 + r * r / 2) / (n - 3))
    elif method == "kendall":
        if n <= 4:
            return np.nan, np.nan
        se = np.sqrt(0.437 / (n - 4))
    else:
        raise ValueError("method must be 'spearman' or 'kendall'")
    if not np.isfinite(r) or abs(r) >= 1:
        return np.nan, np.nan
    q = stats.norm.ppf(0.5 + level / 2)
    z = np.arctanh(r)
    return float(np.tanh(z - q * se)), float(np.tanh(z + q * se))


@dataclass
class OZResult:
    """Olson-Zeckhauser rank correlations per alliance-year."""

    table: pd.DataFrame
    size: str
    burden: str
    alternative: str
    level: float
    notes: list[str] = field(default_factory=list)
    #: members left out by a member rule (see :func:`alliancestats.burden.oz_design.oz_rank_test`)
    excluded: pd.DataFrame | None = None

    def summary(self) -> str:
        t = self.table
        head = [f"Olson-Zeckhauser test: rank correlation of {self.size} and {self.burden} within alliance-years",
                f"{len(t)} alliance-years; p-values {self.alternative} (exact for small n, else permutation); "
                f"{self.level:.0%} Fisher-z intervals"]
        cols = ["alliance", "year", "n_members", "n", "spearman", "spearman_p", "spearman_ci_low",
                "spearman_ci_high", "kendall", "kendall_p", "status"]
        body = t[cols].to_string(index=False, float_format=lambda v: f"{v:.3f}")
        return "\n".join(head + ["", body] + [f"note: {n}" for n in self.notes])

    def __repr__(self) -> str:
        return self.summary()

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
    """
    by = list(by)
    d = data[[*by, size, burden]].copy()
    d["_ok"] = d[size].notna() & d[burden].notna()
    rows = []
    for key, g in d.groupby(by, sort=True):
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
