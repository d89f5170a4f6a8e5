"""Panel regressions of burden sharing with two-way fixed effects (linearmodels ``PanelOLS``).

Generic model (member i, year t):

    y_it = x_it' beta + alpha_i + gamma_t + e_it

estimated by within transformation (``entity_effects``, ``time_effects``)
with ``linearmodels.PanelOLS`` (Sheppard; the Python standard for panel
econometrics). Standard errors (``se=``): ``"cluster"`` clusters by entity
(Arellano 1987; linearmodels' ``cov_type="clustered", cluster_entity=True``,
``group_debias=True``: the G/(G-1) factor), with t tests and intervals on
G - 1 degrees of freedom (G clusters; Cameron & Miller 2015), ``"robust"``
heteroskedasticity-robust, ``"unadjusted"`` classical (both on the residual
degrees of freedom); ``"cluster_time"`` clusters by period (t on T - 1 df),
needed when a regressor is common to every entity in a period (Moulton 1990);
``"cr2"`` / ``"cr2_time"``: the same clusters with the bias-reduced CR2
covariance of Bell & McCaffrey (2002) (computed in numpy, t on G - 1 df),
the small-cluster correction Imbens & Kolesar (2016) recommend; the
burden-sharing models use it because NATO has 12-32 members and P&N's period
33 years (the simulation tests show CR1 over-rejecting there).

Two burden-sharing models:

1. Olson-Zeckhauser in panel form (:func:`fit_burden_gdp_share`):
   burden_pct_it = beta * gdp_share_it + alpha_i + gamma_t + e_it,
   with burden in percent of GDP and gdp_share the member's share of the
   alliance's GDP (0-1). O-Z predict beta > 0; with entity effects beta is
   identified from changes in a member's relative size over time.
2. Contemporaneous spill-in model after Murdoch & Sandler (1984)
   (:func:`fit_spill_in`):
   log M_it = b1 log S_it + b2 log(1 + T_it) + b3 log Y_it + alpha_i + gamma_t + e_it,
   S = allies' spending (:func:`~alliancestats.burden.shares.spill_in`). On a
   single alliance S_it = total_t - M_it and b1 is an accounting identity;
   :func:`fit_spill_in` refuses that case. The identified free-riding model
   for one alliance is the leader-follower growth model of Plümper & Neumayer
   (2015) in :mod:`alliancestats.burden.leader_follower`.

:class:`Design` holds a model's estimation frame and options, so that the
same design is fitted by PanelOLS (:func:`fit_design`) and, in size/power
simulations, by the numpy within estimator (:func:`quick_fit`).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Sequence

import numpy as np
import pandas as pd

from ..errors import EstimationError, JoinError, ModelInputError, OptionError, check_option
from ..models.results import CoefficientResults
from ..models.tables import table_latex
from ._within import group_codes

#: Standard-error types of :func:`fit_panel` and how they are labelled.
SE_TYPES = {"cluster": "clustered by {entity}", "cluster_time": "clustered by {time}",
            "cr2": "clustered by {entity}, CR2", "cr2_time": "clustered by {time}, CR2", "robust": "robust",
            "unadjusted": "classical"}
#: the one SE dispatch of the panel models: se -> (PanelOLS.fit keywords, (cluster dimension, numpy vcov) or
#: None). Clustered types have a numpy computation (:func:`~._within.within_ols`: CR2 always, CR1 for the
#: numpy engine and the simulations); CR2 fits the coefficients with PanelOLS and replaces the covariance.
_SE_DISPATCH = {
    "cluster": ({"cov_type": "clustered", "cluster_entity": True, "group_debias": True}, ("entity", "cr1")),
    "cluster_time": ({"cov_type": "clustered", "cluster_time": True, "group_debias": True}, ("time", "cr1")),
    "cr2": ({"cov_type": "unadjusted"}, ("entity", "cr2")),
    "cr2_time": ({"cov_type": "unadjusted"}, ("time", "cr2")),
    "robust": ({"cov_type": "robust"}, None),
    "unadjusted": ({"cov_type": "unadjusted"}, None),
}
_CLUSTER = {se: spec for se, (_, spec) in _SE_DISPATCH.items() if spec is not None}


def _numpy_se(se: str, what: str) -> tuple[str, str]:
    """(cluster dimension, vcov) of a clustered ``se`` for the numpy within estimator."""
    check_option("se", se, SE_TYPES)
    if se not in _CLUSTER:
        raise OptionError(f"{what} supports clustered standard errors only; use one of: {', '.join(_CLUSTER)}")
    return _CLUSTER[se]


@dataclass(repr=False)
class PanelResult(CoefficientResults):
    """A fitted fixed-effects panel model with statsmodels' results API.

    ``params``, ``bse``, ``tvalues``, ``pvalues``, ``conf_int(alpha)``,
    ``nobs``, ``coef_table()``, ``summary()`` (text, HTML, LaTeX) and notebook
    display come from :class:`~alliancestats.models.results.CoefficientResults`;
    t statistics, p-values and intervals are on ``df_resid`` degrees of
    freedom (clusters - 1 for clustered errors, residual degrees of freedom
    otherwise; Cameron & Miller 2015). ``raw`` is the linearmodels result
    (None for the numpy engine).
    """

    name: str
    outcome: str
    params: pd.Series
    cov: pd.DataFrame
    se_type: str
    n_obs: int
    n_entities: int
    n_periods: int
    r2_within: float
    df_resid: int
    entity_effects: bool
    time_effects: bool
    notes: list[str] = field(default_factory=list)
    raw: object = None  # the linearmodels result

    use_t = True  # t reference on df_resid

    def _summary_title(self) -> str:
        return f"{self.name}: PanelOLS of {self.outcome}"

    def _summary_head(self) -> list[str]:
        fx = [n for n, on in (("entity", self.entity_effects), ("time", self.time_effects)) if on]
        return [f"N = {self.n_obs:,}   entities = {self.n_entities}   periods = {self.n_periods}   "
                f"within R2 = {self.r2_within:.3f}",
                f"Fixed effects: {', '.join(fx) or 'none'}   Standard errors: {self.se_type}"]

    def stats_dict(self) -> dict:
        """Named quantities for results.json: sample sizes, within R2, SE type and each coefficient."""
        return {"n_obs": self.n_obs, "n_entities": self.n_entities, "n_periods": self.n_periods,
                "r2_within": self.r2_within, "se_type": self.se_type, "coefficients": self.coefficients_dict()}

    def to_latex(self) -> str:
        """The coefficient table as booktabs LaTeX (caption: model name and outcome)."""
        return table_latex(self.coef_table(), caption=f"{self.name}: {self.outcome}")


def fit_panel(data: pd.DataFrame, outcome: str, covariates: Sequence[str], *, entity: str = "ccode",
              time: str = "year", entity_effects: bool = True, time_effects: bool = True, se: str = "cluster",
              name: str = "Panel model") -> PanelResult:
    """Two-way fixed-effects OLS with ``linearmodels.PanelOLS``; rows with any missing value are dropped.

    Parameters
    ----------
    data : DataFrame
        One row per entity and period.
    outcome : str
        Dependent variable.
    covariates : sequence of str
        Regressors (no constant: the fixed effects absorb it).
    entity, time : str
        Panel keys (integer codes).
    entity_effects, time_effects : bool
        Which fixed effects to absorb.
    se : str
        One of :data:`SE_TYPES` (module docstring: CR1 by entity or period,
        Bell & McCaffrey 2002 CR2, robust, classical).
    name : str
        Model label in the summary.

    Returns
    -------
    PanelResult
        statsmodels-style results (``params``, ``bse``, ``pvalues``,
        ``conf_int()``, ``summary()``) with t on ``df_resid`` degrees of freedom.

    Examples
    --------
    >>> import numpy as np, pandas as pd
    >>> rng = np.random.default_rng(0)
    >>> d = pd.DataFrame({"ccode": np.repeat(np.arange(20), 10), "year": np.tile(np.arange(1990, 2000), 20)})
    >>> d["x"] = rng.normal(size=200)
    >>> d["y"] = 0.5 * d["x"] + rng.normal(size=200) + d["ccode"] / 10
    >>> res = fit_panel(d, "y", ["x"], se="cr2")
    >>> res.nobs, res.df_resid, bool(abs(res.params["x"] - 0.5) < 3 * res.bse["x"])
    (200, 19, True)
    """
    from linearmodels.panel import PanelOLS

    check_option("se", se, SE_TYPES)
    covariates = list(covariates)
    cols = [entity, time, outcome, *covariates]
    missing = [c for c in cols if c not in data.columns]
    if missing:
        raise ModelInputError(f"columns not in data: {missing}")
    d = data[cols].copy()
    for c in [outcome, *covariates]:
        d[c] = pd.to_numeric(d[c], errors="coerce").astype("float64")
    d = d.replace([np.inf, -np.inf], np.nan)
    n_in = len(d)
    d = d.dropna()
    if d.duplicated([entity, time]).any():
        raise JoinError(f"({entity}, {time}) is not unique: one row per entity and period is required")
    if len(d) <= len(covariates) + 1:
        raise ModelInputError("too few complete observations")
    d[entity] = d[entity].astype("int64")
    d[time] = d[time].astype("int64")
    d = d.sort_values([entity, time], kind="stable").set_index([entity, time])
    mod = PanelOLS(d[outcome], d[covariates], entity_effects=entity_effects, time_effects=time_effects,
                   drop_absorbed=False, check_rank=True)
    res = mod.fit(**_SE_DISPATCH[se][0])
    cov = res.cov.copy()
    if se in ("cr2", "cr2_time"):  # Bell-McCaffrey CR2 (numpy; linearmodels has none)
        from ._within import within_ols

        idx = d.index
        b, V, _ = within_ols(d[outcome].to_numpy(), d[covariates].to_numpy(), idx.get_level_values(0),
                             idx.get_level_values(1), entity_effects=entity_effects, time_effects=time_effects,
                             cluster=_CLUSTER[se][0], vcov="cr2")
        if not np.allclose(b, res.params.to_numpy(), rtol=1e-6, atol=1e-9):
            raise EstimationError("numpy within estimate differs from PanelOLS (collinear design?)")
        cov = pd.DataFrame(V, index=res.params.index, columns=res.params.index)
    notes = []
    if n_in > len(d):
        notes.append(f"{n_in - len(d)} row(s) with missing values dropped")
    return PanelResult(
        name=name, outcome=outcome, params=res.params.copy(), cov=cov,
        se_type=SE_TYPES[se].format(entity=entity, time=time),
        n_obs=int(res.nobs), n_entities=int(res.entity_info["total"]), n_periods=int(res.time_info["total"]),
        r2_within=float(res.rsquared_within), entity_effects=entity_effects,
        df_resid=(int(res.entity_info["total"]) - 1 if _CLUSTER[se][0] == "entity" else
                  int(res.time_info["total"]) - 1) if se in _CLUSTER else int(res.df_resid),
        time_effects=time_effects, notes=notes, raw=res)


@dataclass
class Design:
    """A model's estimation frame and options: what :func:`fit_design` (PanelOLS) and :func:`quick_fit`
    (numpy, for simulations) both estimate.

    Attributes
    ----------
    data : DataFrame
    outcome : str
    covariates : tuple of str
    name : str
    entity_effects, time_effects : bool
    se : str
        One of :data:`SE_TYPES`.
    entity, time : str
    notes : list of str
        Carried to the fitted result (e.g. the alliance-years skipped).

    Examples
    --------
    >>> import numpy as np, pandas as pd
    >>> rng = np.random.default_rng(1)
    >>> d = pd.DataFrame({"ccode": np.repeat(np.arange(10), 8), "year": np.tile(np.arange(2000, 2008), 10),
    ...                   "x": rng.normal(size=80)})
    >>> d["y"] = d["x"] + rng.normal(size=80)
    >>> des = Design(d, "y", ("x",), "demo", se="cr2")
    >>> a, b = fit_design(des), fit_design(des, engine="numpy")
    >>> bool(np.isclose(a.params["x"], b.params["x"]) and np.isclose(a.bse["x"], b.bse["x"]))
    True
    """

    data: pd.DataFrame
    outcome: str
    covariates: tuple[str, ...]
    name: str
    entity_effects: bool = True
    time_effects: bool = True
    se: str = "cluster"
    entity: str = "ccode"
    time: str = "year"
    notes: list[str] = field(default_factory=list)

    def complete(self) -> pd.DataFrame:
        cols = [self.entity, self.time, self.outcome, *self.covariates]
        d = self.data[cols].replace([np.inf, -np.inf], np.nan).dropna()
        return d


def fit_design(design: Design, *, engine: str = "linearmodels") -> PanelResult:
    """Fit a :class:`Design` and carry its notes.

    ``engine``: "linearmodels" (:func:`fit_panel`) or "numpy" (the within
    estimator of :mod:`._within`: the same estimates and clustered
    covariance, without PanelOLS's set-up cost; for the many refits of
    leave-one-out and period splits; clustered ``se`` types only).

    Parameters
    ----------
    design : Design
    engine : {"linearmodels", "numpy"}

    Returns
    -------
    PanelResult
        With the design's notes first.

    Examples
    --------
    >>> fit_design(burden_gdp_share_design(shares), engine='numpy')  # doctest: +SKIP
    """
    check_option("engine", engine, ("linearmodels", "numpy"))
    if engine == "numpy":
        return _fit_numpy(design)
    res = fit_panel(design.data, design.outcome, design.covariates, entity=design.entity, time=design.time,
                    entity_effects=design.entity_effects, time_effects=design.time_effects, se=design.se,
                    name=design.name)
    res.notes = [*design.notes, *res.notes]
    return res


def _fit_numpy(design: Design) -> PanelResult:
    from ._within import within_ols

    d = design.complete()
    cov = list(design.covariates)
    if d.duplicated([design.entity, design.time]).any():
        raise JoinError(f"({design.entity}, {design.time}) is not unique: one row per entity and period is required")
    if len(d) <= len(cov) + 1:
        raise ModelInputError("too few complete observations")
    cluster, vcov = _numpy_se(design.se, "engine='numpy'")
    ent, tim = d[design.entity].to_numpy(), d[design.time].to_numpy()
    try:
        b, V, df = within_ols(d[design.outcome].to_numpy(), d[cov].to_numpy(), ent, tim,
                              entity_effects=design.entity_effects, time_effects=design.time_effects,
                              cluster=cluster, vcov=vcov)
    except np.linalg.LinAlgError as exc:
        raise EstimationError(f"singular design: {exc}") from exc
    idx = pd.Index(cov)
    n_in = len(design.data)
    notes = [*design.notes] + ([f"{n_in - len(d)} row(s) with missing values dropped"] if n_in > len(d) else [])
    return PanelResult(name=design.name, outcome=design.outcome, params=pd.Series(b, index=idx),
                       cov=pd.DataFrame(V, index=idx, columns=idx),
                       se_type=SE_TYPES[design.se].format(entity=design.entity, time=design.time),
                       n_obs=len(d), n_entities=int(len(np.unique(ent))), n_periods=int(len(np.unique(tim))),
                       r2_within=np.nan, df_resid=int(df), entity_effects=design.entity_effects,
                       time_effects=design.time_effects, notes=notes)


def quick_fit(design: Design, term: str) -> tuple[float, float, int]:
    """(estimate, standard error, t df) of ``term`` with the numpy within estimator (same numbers as
    :func:`fit_design` for clustered errors; see :mod:`alliancestats.burden._within`)."""
    from ._within import within_ols

    cluster, vcov = _numpy_se(design.se, "quick_fit")
    d = design.complete()
    b, V, df = within_ols(d[design.outcome].to_numpy(), d[list(design.covariates)].to_numpy(),
                          d[design.entity].to_numpy(), d[design.time].to_numpy(),
                          entity_effects=design.entity_effects, time_effects=design.time_effects,
                          cluster=cluster, vcov=vcov)
    k = list(design.covariates).index(term)
    return float(b[k]), float(np.sqrt(V[k, k])), int(df)


def drop_small_groups(data: pd.DataFrame, columns: Sequence[str], *, by: Sequence[str] = ("alliance", "year"),
                      min_members: int = 3) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Drop alliance-years with fewer than ``min_members`` members that have every one of ``columns``.

    Returns (kept rows, skipped groups with ``n_with_data``). A burden-sharing
    comparison within an alliance-year needs at least three members: with two,
    shares and ranks are mirror images of each other. Raises
    :class:`~alliancestats.models.binary.ModelInputError` when no group is left.
    """
    by = [b for b in by if b in data.columns]
    vals = np.column_stack([data[c].to_numpy(dtype="float64", na_value=np.nan) for c in columns])
    ok = np.isfinite(vals).all(axis=1)
    code = group_codes(data, by) if by else np.zeros(len(data), dtype="int64")
    n = np.bincount(code, weights=ok)[code].astype("int64")
    keep = n >= min_members
    skipped = (data.loc[~keep & ok, by].assign(n_with_data=n[~keep & ok]).drop_duplicates()
               .sort_values(by, kind="stable").reset_index(drop=True)) if by else pd.DataFrame()
    if not keep.any():
        raise ModelInputError(f"no alliance-year has at least {min_members} members with {list(columns)}: "
                              f"nothing to estimate")
    return data[keep], skipped


def _skip_note(skipped: pd.DataFrame, min_members: int) -> list[str]:
    if skipped.empty:
        return []
    ex = ", ".join(f"{r.alliance} {r.year} ({r.n_with_data})" if hasattr(r, "alliance") else str(r.year)
                   for r in skipped.head(8).itertuples())
    return [f"{len(skipped)} alliance-year(s) skipped: fewer than {min_members} members with data (e.g. {ex})"]


#: Forms of the GDP-share model.
GDP_SHARE_FORMS = ("levels", "differences")


def burden_gdp_share_design(shares: pd.DataFrame, *, burden: str = "burden", gdp_share: str = "share_gdp",
                            form: str = "levels", min_members: int = 3, by: Sequence[str] = ("alliance", "year"),
                            se: str = "cr2") -> Design:
    """Model 1 data: burden in percent of GDP and the member's share of alliance GDP.

    ``form="levels"``: burden_pct_it = beta share_it + alpha_i + gamma_t + e_it.
    ``form="differences"``: the same in first differences of consecutive
    years (Delta burden_pct_it = beta Delta share_it + gamma_t + e_it, with
    member effects = member trends). Burden and size are both highly
    persistent (near random walks); in levels the clustered t test then
    over-rejects when there is no relation (spurious regression, Granger &
    Newbold 1974; the simulation tests measure it), in differences it does not.
    """
    check_option("form", form, GDP_SHARE_FORMS)
    d = shares.assign(burden_pct=shares[burden].astype("float64") * 100.0)
    d, skipped = drop_small_groups(d, ["burden_pct", gdp_share], by=by, min_members=min_members)
    name = "Burden on GDP share (Olson-Zeckhauser)"
    if form == "differences":
        from .leader_follower import first_difference

        key = [c for c in ("alliance", "ccode") if c in d.columns]
        d = d.assign(burden_pct=first_difference(d, "burden_pct", key=key),
                     **{gdp_share: first_difference(d, gdp_share, key=key)})
        name += ", first differences"
    return Design(d, "burden_pct", (gdp_share,), name, se=se, notes=_skip_note(skipped, min_members))


def fit_burden_gdp_share(shares: pd.DataFrame, *, burden: str = "burden", gdp_share: str = "share_gdp",
                         form: str = "levels", min_members: int = 3, se: str = "cr2",
                         engine: str = "linearmodels") -> PanelResult:
    """Model 1: burden (percent of GDP) on the member's share of alliance GDP, two-way FE.

    ``form``: "levels" (the O-Z panel form) or "differences" (see
    :func:`burden_gdp_share_design`). Alliance-years with fewer than
    ``min_members`` members with data are dropped and listed in the notes
    (never estimated silently). ``se``: CR2 clustered by member by default.
    ``engine``: see :func:`fit_design`.

    What it can show: whether members whose share of alliance GDP grows carry
    a growing burden (O&Z's prediction, within members over time). What it
    cannot show: free riding as a response to allies' spending (no allies'
    spending enters); in NATO the slope is driven by the United States (see
    the leave-one-member-out estimates of the burden-sharing analysis).

    Parameters
    ----------
    shares : DataFrame
        Member-years from :func:`~alliancestats.burden.shares.burden_shares`.
    burden, gdp_share : str
        Burden (fraction of GDP) and GDP-share columns.
    form : {"levels", "differences"}
    min_members : int
    se : str
        :data:`SE_TYPES`.
    engine : {"linearmodels", "numpy"}

    Returns
    -------
    PanelResult

    Examples
    --------
    >>> from alliancestats.burden import burden_shares, simulate_alliance
    >>> members, _ = simulate_alliance(12, 30, seed=1, gdp_share_slope=8.0)
    >>> res = fit_burden_gdp_share(burden_shares(members), form="differences")
    >>> res.outcome, res.nobs > 300
    ('burden_pct', True)
    """
    return fit_design(burden_gdp_share_design(shares, burden=burden, gdp_share=gdp_share, form=form,
                                              min_members=min_members, se=se), engine=engine)


def spill_in_is_identity(data: pd.DataFrame, *, milex: str = "milex", spill: str = "spill_in", time: str = "year",
                         by: Sequence[str] = ("alliance",), rtol: float = 1e-9) -> bool:
    """True when own + allies' spending is the same for every member within each alliance-period.

    That is the case of allies' spending summed over one alliance: S_it =
    A_t - M_it with A_t the alliance total, so log S_it = log A_t + log(1 -
    share_it). With period effects, log A_t is absorbed and a regression of
    log M_it on log S_it estimates the mechanical relation between own
    spending and one minus own share: replacing log S by log(1 - share) gives
    the identical estimate (``tests/burden/test_simulation.py`` shows it), and
    on independent spending paths the test rejects far above its nominal
    level. ``by``: alliance columns (used when present).

    Parameters
    ----------
    data : DataFrame
    milex, spill, time : str
    by : sequence of str
    rtol : float

    Returns
    -------
    bool

    Examples
    --------
    >>> import pandas as pd
    >>> from alliancestats.burden import spill_in
    >>> d = pd.DataFrame({"alliance": "a", "year": 2000, "ccode": [2, 20, 200], "milex": [60.0, 30.0, 10.0]})
    >>> spill_in_is_identity(spill_in(d))
    True
    """
    m = data[milex].to_numpy(dtype="float64", na_value=np.nan)
    s = data[spill].to_numpy(dtype="float64", na_value=np.nan)
    ok = ~np.isnan(m) & ~np.isnan(s)
    if not ok.any():
        return False
    keys = [c for c in by if c in data.columns] + [time]
    g = group_codes(data, keys)[ok]
    tot = (m + s)[ok]
    n = np.bincount(g)
    hi = np.full(len(n), -np.inf)
    lo = np.full(len(n), np.inf)
    np.maximum.at(hi, g, tot)
    np.minimum.at(lo, g, tot)
    multi = n > 1
    span = (hi - lo)[multi] / np.maximum(np.abs(hi[multi]), 1e-300)
    return bool(multi.any() and (span <= rtol).all())


def fit_spill_in(data: pd.DataFrame, *, milex: str = "milex", spill: str = "spill_in", threat: str = "threat",
                 gdp: str = "gdp", **kw) -> PanelResult:
    """Contemporaneous spill-in regression (Murdoch & Sandler 1984): log M on log allies' spending, two-way FE.

    log M_it = b1 log S_it + b2 log(1 + T_it) + b3 log Y_it + alpha_i + gamma_t + e_it

    Refused (:class:`~alliancestats.models.binary.ModelInputError`) when the
    data hold one alliance (:func:`spill_in_is_identity`): then b1 is an
    accounting identity, not a behavioural response. With several alliances
    whose ally sets differ the regressor is not an identity, but it is still
    simultaneous with own spending (Sandler & Murdoch 1990 instrument it);
    for NATO use :func:`alliancestats.burden.leader_follower.fit_leader_follower`
    (Plümper & Neumayer 2015). Rows with non-positive spending, spill-in or
    GDP are dropped (log undefined) and counted in the notes.

    Parameters
    ----------
    data : DataFrame
        Member-years of SEVERAL alliances (with one alliance the model is refused).
    milex, spill, threat, gdp : str
        Own spending, allies' spending, threat and GDP columns.
    **kw
        Passed to :func:`fit_panel` (``se``, ``entity_effects``, ...).

    Returns
    -------
    PanelResult

    Examples
    --------
    >>> fit_spill_in(mid_threat(spill_in(ae), spend, data_dir=ddir))  # doctest: +SKIP
    """
    if spill_in_is_identity(data, milex=milex, spill=spill):
        raise ModelInputError(
            "spill-in is an accounting identity here: own + allies' spending is the alliance total in every "
            "year, so log allies' spending = log total + log(1 - own share) and the year effects leave only "
            "own spending on the right-hand side. Use fit_leader_follower (Plumper & Neumayer 2015) instead.")
    m = data[milex].astype("float64")
    s = data[spill].astype("float64")
    y = data[gdp].astype("float64")
    t = data[threat].astype("float64")
    bad = (m <= 0) | (s <= 0) | (y <= 0) | (t < 0)
    with np.errstate(divide="ignore", invalid="ignore"):
        d = data.assign(log_milex=np.log(m.where(~bad)), log_spill_in=np.log(s.where(~bad)),
                        log1p_threat=np.log1p(t.where(~bad)), log_gdp=np.log(y.where(~bad)))
    res = fit_panel(d, "log_milex", ["log_spill_in", "log1p_threat", "log_gdp"],
                    name="Spill-in model (Murdoch-Sandler, contemporaneous)", **kw)
    nb = int(bad.sum())
    if nb:
        res.notes.append(f"{nb} row(s) with non-positive spending/spill-in/GDP (or negative threat) dropped")
    return res
