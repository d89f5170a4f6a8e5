"""The deterrence multiverse: every coding choice of :mod:`alliancestats.deterrence` as a grid dimension.

Choices (valid values from the deterrence module's own constants; defaults = its defaults, Leeds 2003):

panel (each distinct combination builds one estimation frame with
:func:`alliancestats.deterrence.deterrence_frame`; the pledge rules apply to
every pledge variable, so a specification codes all pledges one way)
    ``source`` gml / cow / maoz; ``challenger`` originator / side_a;
    ``target`` originator / side_b (:mod:`alliancestats.deterrence.outcome`);
    the pledge rules of
    :class:`alliancestats.panels.add_challenger_alliances.PledgeRules`:
    ``timing``, ``reference_day``, ``intra_alliance``, ``location``,
    ``conditional``, ``wartime``, ``adversary``, ``provocation``,
    ``conflict``, ``number``, ``demands``.
sample (row filters of a built frame)
    ``ongoing`` drop / keep, ``at_war`` keep / drop, ``world_wars`` keep /
    drop (:func:`alliancestats.deterrence.estimation_sample`); ``dyads``
    all / politically_relevant
    (:func:`alliancestats.panels.filter_politically_relevant`, Lemke & Reed
    2001: contiguous or with a major power).
model
    ``controls`` (:data:`CONTROL_SETS`), ``estimator`` logit / probit
    (:func:`alliancestats.models.fit_binary`) / firth
    (:func:`alliancestats.models.fit_firth`, Firth 1993; about twice a
    logit's cost), ``cluster`` dyad / ndyad (SEs clustered by directed or
    non-directed dyad; a logit/probit is fitted once and re-expressed with
    :func:`alliancestats.models.with_se`).

Fixed settings: ``start``/``end`` (1816-2000, the deterrence analysis's
period) and ``variable`` (``target_defense``), whose coefficient, interval,
p-value and % change in mean Pr(initiation) (0 -> 1, point estimate, every
sampled row; on the model's own link) each specification reports.
"""
from __future__ import annotations

import time

import numpy as np
import pandas as pd

from ..deterrence import ALLIANCE_VARS, deterrence_frame, estimation_sample
from ..deterrence.design import fit_varying, short_error
from ..deterrence.outcome import CHALLENGERS, SAMPLE_RULES, SOURCES, TARGETS
from ..errors import AllianceStatsError, OptionError
from ..panels.add_challenger_alliances import RULE_MODES, PledgeRules
from .grid import Choice, Schema

PEACE = ["peace_t", "peace_t2", "peace_t3"]
POWER = ["capshare1", "landcontig", "cowmaj1", "cowmaj2"]
#: covariate sets (name -> columns); the first is the deterrence analysis's main model
CONTROL_SETS = {
    # analyses/deterrence.py main model: Leeds (2003) without capital distance and joint democracy
    "leeds": [*ALLIANCE_VARS, *POWER, *PEACE],
    # no temporal-dependence terms (Carter & Signorino 2010 argue they are needed: a choice papers differ on)
    "no_peace_years": [*ALLIANCE_VARS, *POWER],
    # the alliance variables and peace years only (no capability, contiguity or major-power controls)
    "alliances_peace": [*ALLIANCE_VARS, *PEACE],
    # the target's defense pact as the only alliance variable (Bremer-style single-alliance models)
    "target_defense_only": ["target_defense", *POWER, *PEACE],
}
ESTIMATORS = ("logit", "probit", "firth")
CLUSTERS = ("dyad", "ndyad")


def _check_day(value) -> None:
    try:
        PledgeRules(reference_day=value)
    except AllianceStatsError as err:
        raise OptionError(f"choice 'reference_day': {err}") from None


_RULE_DOCS = {
    "conditional": "undecided pledge conditions counted (include) or not (exclude)",
    "adversary": "adversary condition naming no state",
    "location": "location-limited pledges (homeland: defense pledges protect the target's territory)",
    "conflict": "conflict-specific conditions", "number": "number-of-adversaries conditions",
    "demands": "demand conditions", "provocation": "non-provocation conditions (initiator: the challenger provoked)",
    "intra_alliance": "co-member pledges against each other", "timing": "pledge in force on the day / in the year",
    "reference_day": "evaluation day of non-event rows (MM-DD)", "wartime": "ATOP wartime alliances",
}
#: PledgeRules options whose valid values are not exported as constants by add_challenger_alliances
_RULE_VALUES = {"conditional": ("include", "exclude"), "intra_alliance": ("exclude", "include"),
                "timing": ("day", "year"), "wartime": ("include", "exclude")}


def _pledge_choices() -> list[Choice]:
    out = []
    for name, fld in PledgeRules.__dataclass_fields__.items():
        if name == "reference_day":
            out.append(Choice(name, "panel", ("07-01", "01-01"), _RULE_DOCS[name], check=_check_day))
        else:
            vals = RULE_MODES.get(name) or _RULE_VALUES[name]
            out.append(Choice(name, "panel", tuple(vals), _RULE_DOCS.get(name, ""), default=fld.default))
    return out


def _check_grid(grid) -> None:
    var = grid.fixed["variable"]
    if var not in ALLIANCE_VARS:
        raise OptionError(f"deterrence grid: variable={var!r}; valid: {', '.join(ALLIANCE_VARS)}")
    bad = [c for c in grid.values["controls"] if var not in CONTROL_SETS[c]]
    if bad:
        raise OptionError(f"deterrence grid: control set(s) {bad} do not include the variable of interest {var!r}")
    if grid.fixed["start"] > grid.fixed["end"]:
        raise OptionError(f"deterrence grid: start={grid.fixed['start']} is after end={grid.fixed['end']}")


SCHEMA = Schema(
    module="deterrence",
    choices=(
        Choice("source", "panel", SOURCES, "dispute dyads: GML / COW MID participants, Maoz dyadic MIDs"),
        Choice("challenger", "panel", CHALLENGERS, "who counts as the initiator"),
        Choice("target", "panel", TARGETS, "who counts as the target"),
        *_pledge_choices(),
        Choice("ongoing", "sample", SAMPLE_RULES["ongoing"], "dyad-years with a dispute carried over"),
        Choice("at_war", "sample", SAMPLE_RULES["at_war"], "dyad-years with a state at war on 1 January"),
        Choice("world_wars", "sample", SAMPLE_RULES["world_wars"], "1914-18 and 1939-45"),
        Choice("dyads", "sample", ("all", "politically_relevant"), "all dyads or politically relevant ones"),
        Choice("controls", "model", tuple(CONTROL_SETS), "covariate set"),
        Choice("estimator", "model", ESTIMATORS, "logit, probit or Firth's penalized logit"),
        Choice("cluster", "model", CLUSTERS, "SEs clustered by directed or non-directed dyad"),
    ),
    fixed={"start": 1816, "end": 2000, "variable": "target_defense"},
    runner="alliancestats.multiverse.deterrence:run_task",
    check_grid=_check_grid,
)

_KEEP = ["ccode1", "ccode2", "year", "initiation", "dispute_carried", "at_war", "world_war", "conttype"]

# per-process caches: the standard panel per data folder, the last panel variant (a 1-2 M row frame each)
_STD: dict = {}
_VARIANT: dict = {}


def _standard(data_dir) -> pd.DataFrame:
    from ..reproduce.panels import load_panel

    key = str(data_dir)
    if key not in _STD:
        _STD.clear()
        _STD[key] = load_panel("directed_dyad_years", data_dir)
    return _STD[key]


def prepare(data_dir) -> None:
    """Driver-side, once per run: make sure the cached standard panel is built and up to date.

    Workers then only read it (no two workers building it at once).
    """
    from ..reproduce.panels import PANELS, build_panel

    build_panel(next(p for p in PANELS if p.name == "directed_dyad_years"), data_dir)


def build_variant(data_dir, fixed: dict, panel_choices: dict) -> pd.DataFrame:
    """The estimation frame of one combination of panel choices (columns the models use only)."""
    key = (str(data_dir), repr(sorted(fixed.items())), repr(sorted(panel_choices.items())))
    if key in _VARIANT:
        return _VARIANT[key]
    _VARIANT.clear()  # free the previous frame before building the next
    opts = dict(panel_choices)
    d = deterrence_frame(data_dir, start=fixed["start"], end=fixed["end"], panel=_standard(data_dir),
                         source=opts.pop("source"), challenger=opts.pop("challenger"), target=opts.pop("target"),
                         **opts)
    cols = list(dict.fromkeys([*_KEEP, "cowmaj1", "cowmaj2", *(c for s in CONTROL_SETS.values() for c in s)]))
    out = d[[c for c in cols if c in d.columns]].copy()
    out.attrs = d.attrs
    _VARIANT[key] = out
    return out


def _sample(frame: pd.DataFrame, spec: dict) -> tuple[pd.DataFrame, dict]:
    from ..panels import filter_politically_relevant

    s, dropped = estimation_sample(frame, ongoing=spec["ongoing"], at_war=spec["at_war"],
                                   world_wars=spec["world_wars"])
    if spec["dyads"] == "politically_relevant":
        n = len(s)
        s = filter_politically_relevant(s)
        dropped["not_politically_relevant"] = n - len(s)
    return s, dropped


def _fit(sample: pd.DataFrame, covariates, estimator: str, cluster: str | None):
    """One model: (result, covariates left out because they do not vary); ``cluster=None``: classical SEs."""
    from ..models import fit_firth

    if estimator == "firth":
        obs = sample[sample["initiation"].notna()]
        const = [c for c in covariates if obs[c].nunique(dropna=True) <= 1]
        use = [c for c in covariates if c not in const]
        se = {"se": "cluster", "cluster": cluster} if cluster else {"se": "classical"}
        return fit_firth(sample, "initiation", use, **se), const
    se = {"se": "cluster", "cluster": cluster} if cluster else {"se": "classical"}
    return fit_varying(sample, "initiation", list(covariates), link=estimator, **se)


def pct_change(res, data: pd.DataFrame, var: str) -> float:
    """% change in mean Pr(y) when ``var`` moves 0 -> 1 for every sampled row (point; the model's own link)."""
    rows = data.loc[res.sample_index, res.covariates]
    p0 = res.predict(rows.assign(**{var: 0.0})).mean()
    p1 = res.predict(rows.assign(**{var: 1.0})).mean()
    return float(100 * (p1 / p0 - 1))


def _row(res, sample, var, const, dropped) -> dict:
    if var not in res.params.index:
        return {"status": "error", "error": f"{var} does not vary in the sample"}
    c = res.coef_table().set_index("term").loc[var]
    notes = [f"dropped {n} {k.replace('_', ' ')}" for k, n in dropped.items() if n]
    notes += [f"{x} constant: left out" for x in const]
    return {"status": "ok", "n_obs": int(res.n_obs), "n_events": int(res.n_events),
            "estimate": float(c["estimate"]), "std_error": float(c["std_error"]),
            "conf_low": float(c["conf_low"]), "conf_high": float(c["conf_high"]), "p_value": float(c["p_value"]),
            "pct_change": pct_change(res, sample, var),
            "share_with_pledge": float(sample.loc[res.sample_index, var].astype("float64").mean()),
            "note": "; ".join(notes)}


_ERRORS = (AllianceStatsError, FileNotFoundError, KeyError, np.linalg.LinAlgError)


def run_task(data_dir, fixed: dict, panel_choices: dict, specs: list[dict]) -> list[dict]:
    """Rows (without spec ids) for ``specs``, which share ``panel_choices``; errors become rows, never raise.

    Each logit/probit is fitted once per (sample, controls, estimator) and
    its cluster variants computed with ``with_se``; Firth refits per cluster.
    ``panel_seconds`` (frame build, on the first row of the task that built
    it) and ``fit_seconds`` (this row's own model time) feed the benchmark's
    cost model; they are not part of the results.
    """
    from ..models import with_se

    var = fixed["variable"]
    t0 = time.perf_counter()
    try:
        frame = build_variant(data_dir, fixed, panel_choices)
    except _ERRORS as err:
        msg = f"panel not built: {type(err).__name__}: {short_error(err)}"
        return [{"status": "error", "error": msg, "panel_seconds": 0.0, "fit_seconds": 0.0} for _ in specs]
    panel_s = time.perf_counter() - t0
    rows: list[dict] = [None] * len(specs)  # type: ignore[list-item]
    samples: dict = {}
    fits: dict = {}
    for i, spec in enumerate(specs):
        t = time.perf_counter()
        skey = (spec["ongoing"], spec["at_war"], spec["world_wars"], spec["dyads"])
        try:
            if skey not in samples:
                samples.clear()
                samples[skey] = _sample(frame, spec)
            sample, dropped = samples[skey]
            covs = CONTROL_SETS[spec["controls"]]
            fkey = (skey, spec["controls"], spec["estimator"])
            if spec["estimator"] == "firth":
                res, const = _fit(sample, covs, "firth", spec["cluster"])
            else:
                # one path whatever the task holds: a classical fit, then the asked clusters by with_se, so a
                # row does not depend on which other rows shared its task (identical results across backends)
                if fkey not in fits:
                    fits.clear()
                    fits[fkey] = _fit(sample, covs, spec["estimator"], None)
                base, const = fits[fkey]
                res = with_se(base, sample, [n for n in base.params.index if n != "const"], se="cluster",
                              cluster=spec["cluster"])
            row = _row(res, sample, var, const, dropped)
        except _ERRORS as err:
            row = {"status": "error", "error": f"{type(err).__name__}: {short_error(err)}"}
        row["fit_seconds"] = time.perf_counter() - t
        row["panel_seconds"] = panel_s if i == 0 else 0.0
        rows[i] = row
    return rows
