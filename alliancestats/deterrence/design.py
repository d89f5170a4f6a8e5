"""The deterrence estimation frame: one standard panel, outcome and pledge columns chosen by options.

:func:`deterrence_frame` starts from the cached standard directed dyad-year
panel (:func:`alliancestats.standard_dyad_years`, whose alliance variables
use the default rules of :mod:`alliancestats.panels.add_challenger_alliances`
evaluated on the reference day), attaches the initiation outcome
(:mod:`.outcome`) and re-evaluates the pledge variables where the options
require it: with the default rules only the rows with an initiation are
re-evaluated (on the dispute's start date, day-level timing); other rules
recompute the requested variables on every row. Nothing else is rebuilt, so
a robustness table of a dozen coding choices costs seconds per row.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from ..errors import OptionError
from ..panels._frame import carry
from ..panels.add_challenger_alliances import PLEDGE_VARIABLES, PledgeRules, add_challenger_alliances
from .outcome import add_initiation

ALLIANCE_VARS = ["target_defense", "challenger_offense", "challenger_neutral", "shared_defense"]
#: option names that are pledge rules (the others choose the outcome)
PLEDGE_OPTIONS = tuple(PledgeRules.__dataclass_fields__)


def _rules_of(df: pd.DataFrame) -> dict:
    rec = dict(df.attrs.get("alliancestats", {}).get("challenger_alliances") or {})
    rec.pop("date", None)
    return rec


def standard_panel(data_dir) -> pd.DataFrame:
    """The cached standard directed dyad-year panel (built and cached when missing or stale)."""
    from ..reproduce.panels import get_panel

    return get_panel("directed_dyad_years", data_dir)


def repledge(df: pd.DataFrame, *, variables=PLEDGE_VARIABLES, date: str | None = "initiation_date",
             **rules) -> pd.DataFrame:
    """Re-evaluate the pledge ``variables`` (and their ``_cond`` flags) under ``rules`` and per-row ``date``.

    When the rules equal those the frame's values were made with (its
    ``challenger_alliances`` record) only rows with a date are recomputed
    (their values differ from the reference-day ones only there).

    Parameters
    ----------
    df : DataFrame
    variables : sequence of str
    date : str or None
        Column with the day pledges are evaluated on.
    **rules
        Pledge rules (:class:`~alliancestats.panels.add_challenger_alliances.PledgeRules`).

    Returns
    -------
    DataFrame
        ``df`` with ``variables`` (and their ``_cond`` companions) recoded under the rules.

    Examples
    --------
    >>> repledge(d, variables=["target_defense"], location="unknown")  # doctest: +SKIP
    """
    rl = PledgeRules(**rules)
    want = {k: getattr(rl, k) for k in PledgeRules.__dataclass_fields__}
    cols = [c for v in variables for c in (v, f"{v}_cond")]
    have = _rules_of(df)
    has_date = date is not None and date in df.columns and rl.timing == "day"
    if have == want and all(c in df.columns for c in cols):
        if not has_date:
            return df
        rows = np.flatnonzero(df[date].notna().to_numpy())
        if not len(rows):
            return df
        sub = df.iloc[rows][["ccode1", "ccode2", "year", date]].reset_index(drop=True)
        sub = carry(df, sub)
        new = add_challenger_alliances(sub, date=date, variables=list(variables), **rules)
        out = df.copy(deep=False)
        for c in cols:
            arr = out[c].to_numpy(dtype="float64", na_value=np.nan).copy()
            arr[rows] = new[c].to_numpy(dtype="float64", na_value=np.nan)
            out[c] = pd.array(np.where(np.isnan(arr), pd.NA, arr), dtype="Int8") if np.isnan(arr).any() \
                else arr.astype("int8")
        return out
    base = df.drop(columns=[c for c in cols if c in df.columns])
    base = carry(df, base)
    return add_challenger_alliances(base, date=date if has_date else None, variables=list(variables), **rules)


def short_error(err: Exception) -> str:
    """An error message without machine-specific paths or the how-to tail (for outputs that must be reproducible)."""
    import re

    msg = str(err).split(". Create it with")[0]
    return re.sub(r" (?:in|from) /\S+", "", msg)


def fit_varying(data: pd.DataFrame, outcome: str, covariates, **kw):
    """``fit_binary`` on the covariates that vary among rows with the outcome observed; returns (result, dropped).

    A covariate constant in the sample (e.g. no offense pacts in a small
    world) cannot be estimated; it is left out and named, rather than
    failing the whole table.
    """
    from ..models import fit_binary

    obs = data[data[outcome].notna()]
    const = [c for c in covariates if obs[c].nunique(dropna=True) <= 1]
    return fit_binary(data, outcome, [c for c in covariates if c not in const], **kw), const


def deterrence_frame(data_dir=None, *, start: int = 1816, end: int = 2000, panel: pd.DataFrame | None = None,
                     source: str = "gml", challenger: str = "originator", target: str = "originator",
                     variables=ALLIANCE_VARS, **rules) -> pd.DataFrame:
    """Directed dyad-years ``start``-``end`` with the initiation outcome and pledge variables under the options.

    ``source``/``challenger``/``target``: :func:`.outcome.add_initiation`;
    ``**rules``: :class:`alliancestats.panels.add_challenger_alliances.PledgeRules`.
    Adds peace years t, t^2/100, t^3/1000 (``peace_t``...; Carter & Signorino
    2010, from the panel's GML dispute spells). Raises when the years asked
    for are outside the panel's.

    Parameters
    ----------
    data_dir : path, optional
    start, end : int
    panel : DataFrame, optional
        The standard panel, when already built.
    source, challenger, target : str
        Options of :func:`~alliancestats.deterrence.outcome.add_initiation`.
    variables : sequence of str
        Pledge variables to code.
    **rules
        Pledge rules.

    Returns
    -------
    DataFrame
        Directed dyad-years with ``initiation``, the pledge variables and peace years.

    Examples
    --------
    >>> d = deterrence_frame("/path/to/processed", start=1816, end=1944)  # doctest: +SKIP
    """
    full = panel if panel is not None else standard_panel(data_dir)
    lo, hi = int(full["year"].min()), int(full["year"].max())
    if start > end or start < lo or end > hi:
        raise OptionError(f"years {start}-{end} are outside the panel's {lo}-{hi}; choose a range inside it")
    d = full[(full["year"] >= start) & (full["year"] <= end)].reset_index(drop=True)
    d.attrs = full.attrs
    d = add_initiation(d, data_dir, source=source, challenger=challenger, target=target)
    d = repledge(d, variables=[v for v in variables if v in PLEDGE_VARIABLES], **rules)
    t = d["gmlmidspell"].astype("Float64")
    d["peace_t"], d["peace_t2"], d["peace_t3"] = t, t * t / 100, t * t * t / 1000
    return d
