"""Fulfillment rates with Wilson intervals and cluster-bootstrap intervals.

Rate = honored / (honored + violated) among coded opportunities of the
fulfillment types (defense, offense, neutral, nonagg). With
``include_undecidable=True`` the undecidable cases enter with their
provisional outcome (the outcome if the condition had held).

Wilson (1927) score interval for k successes in n trials, z = Phi^-1(1 - a/2)::

    centre = (p + z^2 / 2n) / (1 + z^2 / n)
    half   = z / (1 + z^2 / n) * sqrt(p (1 - p) / n + z^2 / 4n^2)

Cluster bootstrap (Field & Welsh 2007; Cameron, Gelbach & Miller 2008):
opportunities of the same war (or alliance) are not independent, so whole
clusters are resampled with replacement, G of G, and the rate is
recomputed as sum(k_g) / sum(n_g) over the drawn clusters; the interval is
the percentile interval of the B replicates. Draws use
``numpy.random.default_rng(seed)`` and are vectorised over replicates.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from scipy import stats
from statsmodels.stats.proportion import proportion_confint

from ..errors import ModelInputError, check_option
from ..progress import progress
from ..models.results import TableResults
from .coding import FULFILLMENT_TYPES


def wilson_interval(k, n, level: float = 0.95) -> tuple[np.ndarray, np.ndarray]:
    """Wilson score interval (vectorised; Wilson 1927); NaN where n == 0.

    A thin wrapper of statsmodels' ``proportion_confint(method="wilson")`` that keeps the NaN for empty cells.

    Parameters
    ----------
    k, n : int or array-like
        Successes (honored) and trials.
    level : float
        Confidence level.

    Returns
    -------
    (low, high) : tuple of ndarray

    Examples
    --------
    >>> lo, hi = wilson_interval(8, 10)
    >>> round(float(lo), 4), round(float(hi), 4)
    (0.4902, 0.9433)
    """
    k = np.asarray(k, dtype="float64")
    n = np.asarray(n, dtype="float64")
    bad = n <= 0
    lo, hi = proportion_confint(k, np.where(bad, 1.0, n), alpha=1 - level, method="wilson")
    return np.where(bad, np.nan, lo), np.where(bad, np.nan, hi)


def cluster_bootstrap(honored, clusters, *, n_boot: int = 2000, seed: int = 20000, level: float = 0.95,
                      return_draws: bool = False, method: str = "percentile"):
    """Interval of the proportion, resampling whole clusters with replacement (:func:`scipy.stats.bootstrap`).

    The clusters' (honored, n) totals are resampled as pairs, G of G, and the
    rate recomputed as sum(k_g) / sum(n_g) (Field & Welsh 2007); draws from
    ``numpy.random.default_rng(seed)``. With one cluster every draw is the
    rate itself.

    Parameters
    ----------
    honored : array-like of 0/1
    clusters : array-like
        Cluster of each observation (war or alliance).
    n_boot, seed : int
        Replicates and the seed of ``numpy.random.default_rng``.
    level : float
    return_draws : bool
        Also return the B replicate rates.
    method : {"percentile", "BCa"}
        scipy's percentile interval (default; the analyses' intervals) or the
        bias-corrected and accelerated interval (Efron 1987).

    Returns
    -------
    (low, high) or (low, high, draws)

    Examples
    --------
    >>> import numpy as np
    >>> y = np.repeat([1, 0, 1, 1], 5)
    >>> lo, hi = cluster_bootstrap(y, np.repeat([1, 2, 3, 4], 5), n_boot=500, seed=1)
    >>> 0 <= lo <= 0.75 <= hi <= 1
    True
    """
    check_option("method", method, BOOT_METHODS)
    y = np.asarray(honored, dtype="float64")
    codes, uniq = pd.factorize(pd.Series(clusters), sort=True)
    g = len(uniq)
    if g == 0:
        return (np.nan, np.nan, np.empty(0)) if return_draws else (np.nan, np.nan)
    k_g = np.bincount(codes, weights=y, minlength=g)
    n_g = np.bincount(codes, minlength=g).astype("float64")
    if g == 1:  # scipy needs two clusters; one cluster has one possible resample
        rate = float(k_g[0] / n_g[0])
        return (rate, rate, np.full(n_boot, rate)) if return_draws else (rate, rate)
    res = stats.bootstrap((k_g, n_g), _ratio, paired=True, vectorized=True, n_resamples=n_boot,
                          confidence_level=level, method=method, rng=np.random.default_rng(seed))
    lo, hi = float(res.confidence_interval.low), float(res.confidence_interval.high)
    return (lo, hi, res.bootstrap_distribution) if return_draws else (lo, hi)


def _ratio(k, n, axis=-1):
    """sum(k) / sum(n): the pooled rate of the resampled clusters."""
    return k.sum(axis=axis) / n.sum(axis=axis)


def size_class(n_members) -> np.ndarray:
    n = np.asarray(n_members)
    return np.where(n <= 2, "bilateral", np.where(n <= 5, "3-5 members", "6+ members"))


def analysis_sample(coded: pd.DataFrame, *, include_undecidable: bool = False) -> pd.DataFrame:
    """Coded opportunities that enter rates: honored/violated (+ undecidable if asked), fulfillment types.

    Parameters
    ----------
    coded : DataFrame
        Coded opportunities.
    include_undecidable : bool

    Returns
    -------
    DataFrame
        With ``honored`` (int8) and ``size_class``.

    Examples
    --------
    >>> analysis_sample(coded)  # doctest: +SKIP
    """
    keep = coded["status"].isin(["honored", "violated"] + (["undecidable"] if include_undecidable else []))
    keep &= coded["obligation"].isin(FULFILLMENT_TYPES)
    out = coded.loc[keep].copy()
    out["honored"] = out["honored"].astype("int8")
    out["size_class"] = size_class(out["n_members"])
    return out


#: interval methods of :func:`cluster_bootstrap`
BOOT_METHODS = ("percentile", "BCa")
#: interval methods of :meth:`RatesResult.conf_int`
INTERVALS = ("wilson", "boot_war", "boot_alliance")


@dataclass(repr=False)
class RatesResult(TableResults):
    """Fulfillment rates by grouping with Wilson and cluster-bootstrap intervals.

    ``table`` has one row per (``grouping``, ``group``): ``n``,
    ``n_honored``, ``rate``, ``wilson_low/high``, ``boot_war_low/high``,
    ``boot_alliance_low/high``, ``n_wars``, ``n_alliances``. The
    statsmodels-style attributes read it: ``params`` (the rates), ``bse``,
    ``conf_int(alpha, method)``, ``nobs``; ``summary()`` prints as text and
    renders as HTML / LaTeX (notebooks show the table). There are no
    p-values: a rate has no null hypothesis here.
    """

    table: pd.DataFrame
    scheme: str
    include_undecidable: bool
    n_boot: int
    seed: int
    notes: list[str] = field(default_factory=list)
    level: float = 0.95

    summary_digits = 3

    @property
    def _index(self) -> pd.MultiIndex:
        return pd.MultiIndex.from_frame(self.table[["grouping", "group"]])

    @property
    def params(self) -> pd.Series:
        """The rates, indexed by (grouping, group)."""
        return pd.Series(self.table["rate"].to_numpy(dtype="float64"), index=self._index, name="rate")

    @property
    def bse(self) -> pd.Series:
        """Binomial standard errors sqrt(p (1 - p) / n) (independent observations; the bootstrap
        intervals are the ones that allow for clustering by war or alliance)."""
        p, n = self.params.to_numpy(), self.table["n"].to_numpy(dtype="float64")
        with np.errstate(invalid="ignore", divide="ignore"):
            return pd.Series(np.sqrt(p * (1 - p) / n), index=self._index, name="bse")

    @property
    def nobs(self) -> int:
        """Units in the analysis sample (the ``overall`` row's n; else the largest group's)."""
        t = self.table
        ov = t.loc[t["grouping"] == "overall", "n"]
        return int(ov.iat[0]) if len(ov) else int(t["n"].max()) if len(t) else 0

    def conf_int(self, alpha: float | None = None, method: str = "wilson") -> pd.DataFrame:
        """(1 - alpha) intervals of the rates, columns 0 (lower) and 1 (upper), as statsmodels.

        Parameters
        ----------
        alpha : float, optional
            1 - confidence level; default the level the rates were computed at.
            The Wilson interval is recomputed for any ``alpha``; the bootstrap
            intervals exist at the computed level only.
        method : {"wilson", "boot_war", "boot_alliance"}
            Wilson (1927) score interval, or the percentile cluster bootstrap
            resampling wars or alliances.
        """
        check_option("method", method, INTERVALS)
        level = self.level if alpha is None else 1 - alpha
        if method == "wilson":
            lo, hi = wilson_interval(self.table["n_honored"], self.table["n"], level)
        elif not np.isclose(level, self.level):
            raise ModelInputError(f"conf_int: the bootstrap intervals were computed at level {self.level}; "
                                  f"recompute the rates with level={level} for another level")
        else:
            lo, hi = self.table[f"{method}_low"].to_numpy(), self.table[f"{method}_high"].to_numpy()
        return pd.DataFrame({0: np.asarray(lo, dtype="float64"), 1: np.asarray(hi, dtype="float64")},
                            index=self._index)

    def _summary_title(self) -> str:
        return (f"Alliance fulfillment rates (scheme {self.scheme!r}, undecidable "
                f"{'included' if self.include_undecidable else 'excluded'}; {self.level:.0%} Wilson and "
                f"cluster-bootstrap intervals, B = {self.n_boot}, seed {self.seed})")

    def _summary_table(self) -> pd.DataFrame:
        return self.table


GROUPINGS = {"overall": None, "obligation": ["obligation"], "era": ["era"], "size": ["size_class"],
             "era_obligation": ["era", "obligation"]}


def rate_rows(s: pd.DataFrame, groupings: dict, *, n_boot: int = 2000, seed: int = 20000,
              level: float = 0.95) -> pd.DataFrame:
    """Rates of ``honored`` (0/1) with Wilson and cluster-bootstrap (war, alliance) intervals for each grouping.

    ``groupings`` maps a name to None (all rows) or a list of columns; ``s`` needs ``honored``, ``warnum``
    and ``atopid``.
    """
    groups = [(name, label, g) for name, keys in groupings.items() for label, g in (
        [("all", s)] if keys is None else
        [(" x ".join(map(str, k if isinstance(k, tuple) else (k,))), g) for k, g in s.groupby(keys, sort=True)])]
    rows = []
    for name, label, g in progress(groups, desc="rates and cluster bootstraps", unit="group"):
        k, n = int(g["honored"].sum()), len(g)
        lo, hi = wilson_interval(k, n, level)
        bw = cluster_bootstrap(g["honored"], g["warnum"], n_boot=n_boot, seed=seed, level=level)
        ba = cluster_bootstrap(g["honored"], g["atopid"], n_boot=n_boot, seed=seed, level=level)
        rows.append({"grouping": name, "group": label, "n": n, "n_honored": k, "rate": k / n if n else np.nan,
                     "wilson_low": float(lo), "wilson_high": float(hi), "boot_war_low": bw[0], "boot_war_high": bw[1],
                     "boot_alliance_low": ba[0], "boot_alliance_high": ba[1],
                     "n_wars": g["warnum"].nunique(), "n_alliances": g["atopid"].nunique()})
    return pd.DataFrame(rows)


def fulfillment_rates(coded: pd.DataFrame, *, include_undecidable: bool = False, n_boot: int = 2000,
                      seed: int = 20000, level: float = 0.95) -> RatesResult:
    """Member-pair rates overall, by obligation type, era, alliance size and era x type, with intervals.

    Parameters
    ----------
    coded : DataFrame
        Coded opportunities (:func:`~alliancestats.fulfillment.coding.code_outcomes`).
    include_undecidable : bool
        Count undecidable cases with their provisional outcome.
    n_boot, seed : int
        Bootstrap replicates and seed.
    level : float

    Returns
    -------
    RatesResult

    Examples
    --------
    >>> coded = fulfillment_opportunities("/path/to/processed")  # doctest: +SKIP
    >>> fulfillment_rates(coded).summary()  # doctest: +SKIP
    """
    s = analysis_sample(coded, include_undecidable=include_undecidable)
    tab = rate_rows(s, GROUPINGS, n_boot=n_boot, seed=seed, level=level)
    scheme = str(coded["scheme"].iat[0]) if len(coded) else "?"
    return RatesResult(tab, scheme, include_undecidable, n_boot, seed, level=level)


def case_sample(table: pd.DataFrame, *, include_undecidable: bool = False) -> pd.DataFrame:
    """Cases (or type-level cases) that enter rates: relevant ones, plus undecidable with their provisional outcome."""
    keep = table["relevant"].to_numpy(dtype=bool)
    col = "honored"
    if include_undecidable:
        keep = keep | (table["status"] == "undecidable").to_numpy()
        col = "honored_provisional"
    out = table.loc[keep].copy()
    out["honored"] = out[col].astype("int8")
    out["era"] = out["period"]
    return out


CASE_GROUPINGS = {"overall": None, "era": ["era"]}
TYPE_GROUPINGS = {"obligation": ["obligation"], "era_obligation": ["era", "obligation"]}


def case_rates(fc, *, include_undecidable: bool = False, n_boot: int = 2000, seed: int = 20000,
               level: float = 0.95) -> RatesResult:
    """Rates on the alliance x war case unit (overall, by period) and per obligation type (alliance x war x type).

    ``fc`` is a :class:`~alliancestats.fulfillment.cases.FulfillmentCases`. Bootstrap clusters: war and alliance.
    A rule set whose ``unit`` is ``"member_pair"`` (e.g. ``"member_pair_v1"``) gets the issue-5 member-pair
    rates of its rows (:func:`fulfillment_rates`).

    Parameters
    ----------
    fc : FulfillmentCases
        From :func:`~alliancestats.fulfillment.cases.build_cases`.
    include_undecidable : bool
    n_boot, seed : int
    level : float

    Returns
    -------
    RatesResult
        ``params`` are the rates, ``conf_int(method=...)`` the Wilson or bootstrap intervals.

    Examples
    --------
    >>> fc = build_cases("/path/to/processed")  # doctest: +SKIP
    >>> case_rates(fc).conf_int(method="boot_war")  # doctest: +SKIP
    """
    if fc.rules.unit == "member_pair":
        return fulfillment_rates(fc.pairs, include_undecidable=include_undecidable, n_boot=n_boot, seed=seed,
                                 level=level)
    a = rate_rows(case_sample(fc.cases, include_undecidable=include_undecidable), CASE_GROUPINGS,
                  n_boot=n_boot, seed=seed, level=level)
    b = rate_rows(case_sample(fc.types, include_undecidable=include_undecidable), TYPE_GROUPINGS,
                  n_boot=n_boot, seed=seed, level=level)
    res = RatesResult(pd.concat([a, b], ignore_index=True), fc.rules.scheme, include_undecidable, n_boot, seed,
                      level=level)
    res.notes.append(f"unit: alliance x war case (per type: alliance x war x obligation type); rules {fc.rules.name!r}")
    return res
