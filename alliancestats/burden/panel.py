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
degrees of freedom).

Two burden-sharing models:

1. Olson-Zeckhauser in panel form (:func:`fit_burden_gdp_share`):
   burden_pct_it = beta * gdp_share_it + alpha_i + gamma_t + e_it,
   with burden in percent of GDP and gdp_share the member's share of the
   alliance's GDP (0-1). O-Z predict beta > 0; with entity effects beta is
   identified from changes in a member's relative size over time.
2. Spill-in model after Murdoch & Sandler (1984) and Sandler & Murdoch (1990)
   (:func:`fit_spill_in`):
   log M_it = b1 log S_it + b2 log(1 + T_it) + b3 log Y_it + alpha_i + gamma_t + e_it,
   S = allies' spending (:func:`~alliancestats.burden.shares.spill_in`), T the
   threat (:func:`~alliancestats.burden.threat.mid_threat`), Y GDP. b1 < 0 is
   free riding on allies (spending as substitutes), b1 > 0 complementarity.
   All money in the same current-US$ unit: the year effects absorb the common
   US$ price level.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Sequence

import numpy as np
import pandas as pd
from scipy import stats

from ..models.binary import ModelInputError, table_latex, table_markdown


@dataclass
class PanelResult:
    """A fitted fixed-effects panel model."""

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

    @property
    def bse(self) -> pd.Series:
        return pd.Series(np.sqrt(np.diag(self.cov.to_numpy())), index=self.params.index)

    def coef_table(self, level: float = 0.95) -> pd.DataFrame:
        """term, estimate, std_error, t, p_value, conf_low, conf_high (t reference on ``df_resid``:
        clusters - 1 for clustered errors, residual degrees of freedom otherwise)."""
        t = self.params / self.bse
        q = stats.t.ppf(0.5 + level / 2, self.df_resid)
        return pd.DataFrame({
            "term": self.params.index, "estimate": self.params.to_numpy(), "std_error": self.bse.to_numpy(),
            "t": t.to_numpy(), "p_value": 2 * stats.t.sf(np.abs(t.to_numpy()), self.df_resid),
            "conf_low": (self.params - q * self.bse).to_numpy(), "conf_high": (self.params + q * self.bse).to_numpy(),
        })

    def summary(self) -> str:
        fx = [n for n, on in (("entity", self.entity_effects), ("time", self.time_effects)) if on]
        head = [f"{self.name}: PanelOLS of {self.outcome}",
                f"N = {self.n_obs:,}   entities = {self.n_entities}   periods = {self.n_periods}   "
                f"within R2 = {self.r2_within:.3f}",
                f"Fixed effects: {', '.join(fx) or 'none'}   Standard errors: {self.se_type}"]
        body = self.coef_table().to_string(index=False, float_format=lambda v: f"{v:.4f}")
        return "\n".join(head + ["", body] + [f"note: {n}" for n in self.notes])

    def __repr__(self) -> str:
        return self.summary()

    def stats_dict(self) -> dict:
        tab = self.coef_table()
        return {"n_obs": self.n_obs, "n_entities": self.n_entities, "n_periods": self.n_periods,
                "r2_within": self.r2_within, "se_type": self.se_type,
                "coefficients": {r.term: {"estimate": r.estimate, "std_error": r.std_error, "p_value": r.p_value,
                                          "conf_low": r.conf_low, "conf_high": r.conf_high}
                                 for r in tab.itertuples()}}

    def to_markdown(self) -> str:
        return table_markdown(self.coef_table())

    def to_latex(self) -> str:
        return table_latex(self.coef_table(), caption=f"{self.name}: {self.outcome}")


def fit_panel(data: pd.DataFrame, outcome: str, covariates: Sequence[str], *, entity: str = "ccode",
              time: str = "year", entity_effects: bool = True, time_effects: bool = True, se: str = "cluster",
              name: str = "Panel model") -> PanelResult:
    """Two-way fixed-effects OLS with ``linearmodels.PanelOLS``; rows with any missing value are dropped."""
    from linearmodels.panel import PanelOLS

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
        raise ModelInputError(f"({entity}, {time}) is not unique: one row per entity and period is required")
    if len(d) <= len(covariates) + 1:
        raise ModelInputError("too few complete observations")
    d[entity] = d[entity].astype("int64")
    d[time] = d[time].astype("int64")
    d = d.sort_values([entity, time], kind="stable").set_index([entity, time])
    mod = PanelOLS(d[outcome], d[covariates], entity_effects=entity_effects, time_effects=time_effects,
                   drop_absorbed=False, check_rank=True)
    if se == "cluster":
        res = mod.fit(cov_type="clustered", cluster_entity=True, group_debias=True)
    elif se == "robust":
        res = mod.fit(cov_type="robust")
    elif se == "unadjusted":
        res = mod.fit(cov_type="unadjusted")
    else:
        raise ValueError("se must be 'cluster', 'robust' or 'unadjusted'")
    notes = []
    if n_in > len(d):
        notes.append(f"{n_in - len(d)} row(s) with missing values dropped")
    return PanelResult(
        name=name, outcome=outcome, params=res.params.copy(), cov=res.cov.copy(),
        se_type={"cluster": f"clustered by {entity}", "robust": "robust", "unadjusted": "classical"}[se],
        n_obs=int(res.nobs), n_entities=int(res.entity_info["total"]), n_periods=int(res.time_info["total"]),
        r2_within=float(res.rsquared_within), entity_effects=entity_effects,
        df_resid=int(res.entity_info["total"]) - 1 if se == "cluster" else int(res.df_resid),
        time_effects=time_effects, notes=notes, raw=res)


def fit_burden_gdp_share(shares: pd.DataFrame, *, burden: str = "burden", gdp_share: str = "share_gdp",
                         **kw) -> PanelResult:
    """Model 1: burden (percent of GDP) on the member's share of alliance GDP, two-way FE."""
    d = shares.assign(burden_pct=shares[burden].astype("float64") * 100.0)
    return fit_panel(d, "burden_pct", [gdp_share], name="Burden on GDP share (Olson-Zeckhauser)", **kw)


def fit_spill_in(data: pd.DataFrame, *, milex: str = "milex", spill: str = "spill_in", threat: str = "threat",
                 gdp: str = "gdp", **kw) -> PanelResult:
    """Model 2: log own spending on log allies' spending, log(1 + threat), log GDP, two-way FE.

    Rows with non-positive spending, spill-in or GDP are dropped (log
    undefined) and counted in the notes.
    """
    m = data[milex].astype("float64")
    s = data[spill].astype("float64")
    y = data[gdp].astype("float64")
    t = data[threat].astype("float64")
    bad = (m <= 0) | (s <= 0) | (y <= 0) | (t < 0)
    with np.errstate(divide="ignore", invalid="ignore"):
        d = data.assign(log_milex=np.log(m.where(~bad)), log_spill_in=np.log(s.where(~bad)),
                        log1p_threat=np.log1p(t.where(~bad)), log_gdp=np.log(y.where(~bad)))
    res = fit_panel(d, "log_milex", ["log_spill_in", "log1p_threat", "log_gdp"],
                    name="Spill-in model (Sandler-Murdoch)", **kw)
    nb = int(bad.sum())
    if nb:
        res.notes.append(f"{nb} row(s) with non-positive spending/spill-in/GDP (or negative threat) dropped")
    return res
