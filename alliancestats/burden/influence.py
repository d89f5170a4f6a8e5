"""Influence and stability of burden-sharing estimates: leave one member out, split the period.

A pooled estimate over a dozen or two alliance members can be one member's
story: in NATO the burden-on-GDP-share slope is the United States' (the
issue that prompted this module). For any fitting function
``fit(data) -> PanelResult`` (or any function returning an object with
``params`` and ``bse``):

- :func:`leave_one_out`: the estimate of ``term`` refitted without each
  member in turn (all of the member's rows dropped; the other members'
  regressors are NOT recomputed, e.g. GDP shares still use the full
  alliance);
- :func:`period_split`: the estimate in each of several periods;
- :func:`influence_summary`: the range of the leave-one-out estimates and
  ``sign_flips``, the members whose removal changes the sign of the
  estimate (flagged), for results.json.

Same idea as dfbeta by cluster (Belsley, Kuh & Welsch 1980; Young 2019 on
leverage of single clusters in published regressions).
"""
from __future__ import annotations

from typing import Callable, Sequence

import numpy as np
import pandas as pd

from ..errors import ModelInputError
from ..progress import progress

COLUMNS = ["variant", "dropped", "period", "estimate", "std_error", "p_value", "n_obs", "n_entities", "sign_flip"]
#: the row of a variant that could not be estimated (the note says why)
_NOT_ESTIMATED = {"estimate": np.nan, "std_error": np.nan, "p_value": np.nan, "n_obs": 0, "n_entities": 0,
                  "sign_flip": False}


def _row(res, term: str, base: float | None) -> dict:
    tab = res.coef_table().set_index("term")
    est = float(tab.loc[term, "estimate"])
    return {"estimate": est, "std_error": float(tab.loc[term, "std_error"]), "p_value": float(tab.loc[term, "p_value"]),
            "n_obs": int(res.n_obs), "n_entities": int(res.n_entities),
            "sign_flip": bool(base is not None and np.sign(est) != np.sign(base) and est != 0)}


def leave_one_out(fit: Callable[[pd.DataFrame], object], data: pd.DataFrame, term: str, *, entity: str = "ccode",
                  members: Sequence[int] | None = None) -> pd.DataFrame:
    """The full-sample estimate (``variant="all"``) and one refit per member left out.

    A member whose removal leaves no estimable model gets NA and the error in
    ``note``.

    Parameters
    ----------
    fit : callable
        ``fit(data) -> result`` with ``params``, ``bse``, ``pvalues``/``coef_table``.
    data : DataFrame
    term : str
        Coefficient to follow.
    entity : str
    members : sequence of int, optional
        Members to leave out (default every member).

    Returns
    -------
    DataFrame
        ``variant, dropped, period, estimate, std_error, p_value, n_obs, n_entities, sign_flip, note``.

    Examples
    --------
    >>> from alliancestats.burden import burden_shares, fit_burden_gdp_share, simulate_alliance
    >>> members, _ = simulate_alliance(6, 20, seed=2)
    >>> t = leave_one_out(lambda d: fit_burden_gdp_share(d, engine="numpy"), burden_shares(members), "share_gdp")
    >>> len(t), t["variant"].iat[0]
    (7, 'all')
    """
    full = fit(data)
    base = float(full.params[term])
    rows = [{"variant": "all", "dropped": pd.NA, "period": "all", **_row(full, term, None), "note": ""}]
    codes = sorted(pd.unique(data[entity].dropna()).tolist()) if members is None else list(members)
    ent = data[entity].to_numpy()
    for c in progress(codes, desc="leave one member out", unit="fit"):
        rec = {"variant": "leave_one_out", "dropped": c, "period": "all"}
        try:
            rec.update(_row(fit(data[ent != c]), term, base), note="")
        except ModelInputError as exc:
            rec.update(_NOT_ESTIMATED, note=str(exc))
        rows.append(rec)
    return pd.DataFrame(rows, columns=[*COLUMNS, "note"])


def period_split(fit: Callable[[pd.DataFrame], object], data: pd.DataFrame, term: str,
                 periods: Sequence[tuple[int, int]], *, time: str = "year", base: float | None = None) -> pd.DataFrame:
    """One estimate per (first, last) period; ``sign_flip`` against ``base`` (e.g. the full-sample estimate).

    Parameters
    ----------
    fit : callable
    data : DataFrame
    term : str
    periods : sequence of (first, last)
    time : str
    base : float, optional
        Estimate to compare signs with.

    Returns
    -------
    DataFrame

    Examples
    --------
    >>> period_split(fit, data, 'g_leader', [(1956, 1970), (1971, 1988)])  # doctest: +SKIP
    """
    rows = []
    yr = data[time].to_numpy()
    for lo, hi in progress(periods, desc="period splits", unit="fit"):
        rec = {"variant": "period", "dropped": pd.NA, "period": f"{lo}-{hi}"}
        try:
            rec.update(_row(fit(data[(yr >= lo) & (yr <= hi)]), term, base), note="")
        except ModelInputError as exc:
            rec.update(_NOT_ESTIMATED, note=str(exc))
        rows.append(rec)
    return pd.DataFrame(rows, columns=[*COLUMNS, "note"])


def influence_summary(table: pd.DataFrame, *, labels: dict | None = None) -> dict:
    """``estimate``, leave-one-out ``loo_min``/``loo_max`` (and who gives them), ``n_loo``, ``sign_flips``
    (members whose removal changes the sign), ``loo_skipped`` (member: why a refit was not possible),
    ``periods`` {period: estimate}, for results.json.

    Parameters
    ----------
    table : DataFrame
        From :func:`leave_one_out` / :func:`period_split`.
    labels : dict, optional
        Member code -> name.

    Returns
    -------
    dict

    Examples
    --------
    >>> influence_summary(leave_one_out(fit, data, 'share_gdp'))  # doctest: +SKIP
    """
    labels = labels or {}
    full = table[table["variant"] == "all"]
    tried = table[table["variant"] == "leave_one_out"]
    loo = tried[tried["estimate"].notna()]
    per = table[table["variant"] == "period"]

    def name(c):
        return labels.get(int(c), str(int(c)))

    out = {"estimate": float(full["estimate"].iat[0]) if len(full) else None}
    if len(loo):
        lo, hi = loo.loc[loo["estimate"].idxmin()], loo.loc[loo["estimate"].idxmax()]
        out.update(loo_min=float(lo["estimate"]), loo_min_dropped=name(lo["dropped"]),
                   loo_max=float(hi["estimate"]), loo_max_dropped=name(hi["dropped"]),
                   n_loo=int(len(loo)),
                   sign_flips=[name(c) for c in loo.loc[loo["sign_flip"].astype(bool), "dropped"]])
        out["sign_flip_flag"] = bool(out["sign_flips"])
    else:
        out.update(n_loo=0, sign_flips=[], sign_flip_flag=False)
    if len(loo) < len(tried):  # refits that could not be estimated: say why, never a silent gap
        notes = tried.loc[tried["estimate"].isna(), "note"] if "note" in tried.columns else pd.Series(dtype=str)
        out["loo_skipped"] = {name(c): str(n) for c, n in zip(tried.loc[tried["estimate"].isna(), "dropped"], notes)}
    out["periods"] = {r.period: (None if pd.isna(r.estimate) else float(r.estimate)) for r in per.itertuples()}
    out["period_sign_flips"] = [r.period for r in per.itertuples() if bool(r.sign_flip)]
    return out
