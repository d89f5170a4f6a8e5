"""Free riding as the followers' response to the leader's spending growth (Plümper & Neumayer 2015).

Plümper & Neumayer (2015, "Free-riding in alliances: testing an old theory
with a new method", *Conflict Management and Peace Science* 32(3):247-268)
argue that levels of spending cannot identify free riding (large states have
wider interests and spend more for reasons of their own) and test instead
how the smaller members' spending GROWTH responds to the growth of the
alliance leader's spending, given the growth of the main enemy's spending in
excess of the leader's. Their NATO test covers 1956-1988 with the United
States as leader and the Soviet Union as enemy. The model here, for each
follower i (a member other than the leader L) in year t:

    g_it = beta * gL_{t-k} + gamma * x_t + delta * gY_it + alpha_i + e_it

    g_it  = log M_it - log M_i,t-1     own military spending growth (constant prices)
    gL_t  = log M_Lt - log M_L,t-1     the leader's spending growth (same series)
    x_t   = max(gR_t - gL_t, 0)        the rival's growth in excess of the leader's
                                       (both from one nominal US$ series, so the
                                       common US$ inflation cancels in the difference)
    gY_it = real GDP growth
    k     = ``lag`` (0: P&N's contemporaneous response; 1: a year's delay)

beta < 0: followers spend less when the leader spends more (free riding, the
leader's spending substitutes for theirs); beta > 0: they follow the leader
(complementarity, or common shocks not captured by x_t). Growth rates are
first differences of logs of consecutive years; a missing year gives NA.
P&N estimate one response per country; :func:`fit_leader_follower` pools the
followers with member fixed effects (a member-specific trend in growth) and
:func:`member_responses` gives the country-specific slopes.

Identification (why beta is not an identity and what it identifies)
--------------------------------------------------------------------
1. Not an accounting identity. gL_t contains no term of any follower's own
   spending (the leader's budget, not the alliance total minus own spending),
   so replacing it by a function of own spending does not reproduce the
   estimate; under independent spending paths beta is centred on 0 and the
   test has its nominal size (``tests/burden/test_simulation.py``).
2. Reverse causation. The leader sets its budget for global interests in
   which any single follower's spending is a small term (P&N's argument for
   the United States in NATO). This is weakest for the largest followers
   (United Kingdom, France, West Germany): the leave-one-member-out estimates
   show whether any of them drives beta.
3. Common shocks. A common threat moves leader and followers together; x_t
   holds the enemy's excess growth fixed. Year effects cannot be added (gL_t
   is the same for every follower in a year), so other common shocks that
   raise everyone's spending (bias towards beta > 0) or cut it (the end of a
   war the leader fought alone, e.g. Vietnam, which lowers gL_t only) remain
   confounders; the period splits show how stable beta is.
4. Inference. gL_t and x_t are common to all followers in a year, so errors
   correlated within a year inflate the variance of beta (Moulton 1990):
   standard errors are clustered by YEAR, not by member, with the CR2
   small-cluster correction of Bell & McCaffrey (2002) and t on T - 1 df
   (P&N's period has T = 33 clusters; plain CR1 rejected a true null in
   about 8 % of simulated alliances at the 5 % level, CR2 in about 6-7 %).

What the model cannot show: whether the alliance good is public (it is a
reaction function, not a demand system), who benefits, or free riding on
allies other than the leader.
"""
from __future__ import annotations

from typing import Sequence

import numpy as np
import pandas as pd

from ..errors import JoinError, ModelInputError, OptionError
from ..joins import merge_checked
from ._within import group_codes
from .economics import Economics
from .panel import Design, PanelResult, _skip_note, drop_small_groups, fit_design

#: P&N (2015): leader, enemy and sample period of their NATO test.
PN_LEADER = 2  # United States
PN_RIVAL = 365  # Soviet Union / Russia (COW 365)
PN_PERIOD = (1956, 1988)


def first_difference(frame: pd.DataFrame, value: str, *, key: Sequence[str] = ("ccode",), year: str = "year",
                     log: bool = False) -> pd.Series:
    """x_t - x_{t-1} (or log x_t - log x_{t-1}) within ``key``, matched on year - 1.

    NA when year - 1 is missing (or, with ``log``, x <= 0). Independent of row
    order; a key with two rows in one year raises :class:`~alliancestats.errors.JoinError`.
    """
    k = group_codes(frame, list(key))
    yr = frame[year].to_numpy(dtype="int64")
    v = frame[value].to_numpy(dtype="float64", na_value=np.nan)
    if log:
        with np.errstate(divide="ignore", invalid="ignore"):
            v = np.where(v > 0, np.log(np.where(v > 0, v, 1.0)), np.nan)
    order = np.lexsort((yr, k))
    ks, ys, ls = k[order], yr[order], v[order]
    same = ks[1:] == ks[:-1]
    if np.any(same & (ys[1:] == ys[:-1])):
        raise JoinError(f"{value}: more than one row per {list(key) + [year]}")
    gs = np.full(len(ks), np.nan)
    gs[1:] = np.where(same & (ys[1:] == ys[:-1] + 1), ls[1:] - ls[:-1], np.nan)
    out = np.empty(len(ks))
    out[order] = gs
    return pd.Series(out, index=frame.index, name=f"d_{value}")


def log_growth(frame: pd.DataFrame, value: str, *, key: Sequence[str] = ("ccode",), year: str = "year") -> pd.Series:
    """log x_t - log x_{t-1} within ``key`` (:func:`first_difference` with ``log=True``)."""
    return first_difference(frame, value, key=key, year=year, log=True).rename(f"g_{value}")


def rival_excess_growth(nominal: pd.DataFrame, *, leader: int = PN_LEADER, rival: int = PN_RIVAL) -> pd.DataFrame:
    """``year, g_rival, g_leader_nominal, threat_excess`` = max(gR - gL, 0) from one nominal series.

    ``nominal``: ``ccode, year, value`` (e.g. NMC military expenditure in
    current US$, which covers the Soviet Union; SIPRI does not before 1988).
    Years where either growth is missing get NA.

    Parameters
    ----------
    nominal : DataFrame
        ``ccode, year, value`` nominal spending of leader and rival.
    leader, rival : int

    Returns
    -------
    DataFrame
        ``year, threat_excess``.

    Examples
    --------
    >>> rival_excess_growth(nominal)  # doctest: +SKIP
    """
    cc = nominal["ccode"].to_numpy(dtype="int64")
    parts = {}
    for name, c in (("g_rival", rival), ("g_leader_nominal", leader)):
        sub = nominal[cc == c]
        if sub.empty:
            raise ModelInputError(f"no spending series for ccode {c} in the nominal series")
        parts[name] = pd.Series(log_growth(sub, "value").to_numpy(), index=sub["year"].to_numpy(dtype="int64"))
    out = pd.concat(parts, axis=1, join="outer", verify_integrity=True).sort_index()
    out.index.name = "year"
    out = out.reset_index()
    out["threat_excess"] = np.maximum(out["g_rival"] - out["g_leader_nominal"], 0.0)
    return out


def leader_follower_panel(members: pd.DataFrame, *, leader: int = PN_LEADER, spending: str = "milex",
                          gdp: str = "gdp", threat: pd.DataFrame | None = None, lag: int = 0) -> pd.DataFrame:
    """Follower-years with ``g_own``, ``g_leader``, ``g_gdp`` (and ``threat_excess`` when ``threat`` is given).

    ``members``: ``alliance, ccode, year`` plus ``spending`` and ``gdp`` in
    constant prices; the leader's rows give ``g_leader`` (taken ``lag`` years
    back). Years in which the leader is not a member get no rows. ``threat``:
    ``year, threat_excess`` (from :func:`rival_excess_growth`), optionally
    keyed by ``alliance`` too.

    Parameters
    ----------
    members : DataFrame
        ``alliance, ccode, year`` with the spending (and GDP) columns.
    leader : int
    spending, gdp : str
    threat : DataFrame, optional
        ``year, threat_excess`` (optionally by ``alliance``).
    lag : int

    Returns
    -------
    DataFrame

    Examples
    --------
    >>> from alliancestats.burden import simulate_alliance
    >>> members, _ = simulate_alliance(4, 5, seed=1)
    >>> p = leader_follower_panel(members, leader=2)
    >>> sorted(p["ccode"].unique().tolist()) == sorted(set(members["ccode"]) - {2})
    True
    """
    if lag < 0:
        raise OptionError(f"lag={lag!r}: use a number of years >= 0")
    d = members.astype({"ccode": "int64", "year": "int64"}).copy()
    if leader not in set(d["ccode"]):
        raise ModelInputError(f"leader ccode {leader} is not a member in any year")
    d["g_own"] = log_growth(d, spending, key=["alliance", "ccode"])
    d["g_gdp"] = log_growth(d, gdp, key=["alliance", "ccode"])
    lead = d.loc[d["ccode"] == leader, ["alliance", "year", "g_own"]].rename(columns={"g_own": "g_leader"})
    lead = lead.assign(year=lead["year"] + lag)
    out = merge_checked(d[d["ccode"] != leader], lead, ["alliance", "year"], how="inner",
                        what="leader_follower_panel(leader growth)")
    if threat is not None:
        on = ["alliance", "year"] if "alliance" in threat.columns else ["year"]
        out = merge_checked(out, threat[[*on, "threat_excess"]], on, what="leader_follower_panel(threat)")
    return out.sort_values(["alliance", "ccode", "year"], kind="stable").reset_index(drop=True)


def leader_follower_data(members: pd.DataFrame, econ: Economics, *, leader: int = PN_LEADER,
                         rival: int | None = PN_RIVAL, spending: str = "milex_constant_usd_m",
                         gdp: str = "gdp_constant_usd_m", rival_series: Sequence[str] = ("nmc_milex_usd",),
                         precedence: dict[str, Sequence[str]] | None = None, lag: int = 0) -> pd.DataFrame:
    """:func:`leader_follower_panel` from the harmonized economics table.

    Defaults: spending in constant 2023 US$ (SIPRI), real GDP growth from
    SIPRI-implied constant-price GDP (covers West Germany, which Maddison
    does not list separately), the enemy's excess growth from NMC current-US$
    spending of the leader and the rival (SIPRI has no Soviet series before
    1988). ``rival=None`` leaves the threat term out.

    Parameters
    ----------
    members : DataFrame
        ``alliance, ccode, year`` of one alliance.
    econ : Economics
    leader, rival : int
        COW codes (P&N: United States 2, Soviet Union 365).
    spending, gdp : str
        Concepts for own spending and GDP growth.
    rival_series : sequence of str
        Series for the leader's and rival's nominal spending.
    precedence : dict, optional
    lag : int
        Years between the leader's growth and the followers' response.

    Returns
    -------
    DataFrame
        One row per follower-year: ``g_own``, ``g_leader``, ``g_gdp``, ``threat_excess``.

    Examples
    --------
    >>> lf = leader_follower_data(nato, econ)  # doctest: +SKIP
    >>> fit_leader_follower(lf).summary()  # doctest: +SKIP
    """
    from .shares import alliance_economics

    ae = alliance_economics(members, econ, columns={"milex": spending, "gdp": gdp}, precedence=precedence)
    threat = None
    if rival is not None:
        nom = econ.best("milex_current_usd_m", rival_series)
        threat = rival_excess_growth(nom, leader=leader, rival=rival)
    out = leader_follower_panel(ae, leader=leader, threat=threat, lag=lag)
    out.attrs["spec"] = {"leader": leader, "rival": rival, "spending": spending, "gdp": gdp,
                         "rival_series": list(rival_series), "lag": lag}
    return out


def leader_follower_design(data: pd.DataFrame, *, threat: bool = True, gdp_growth: bool = True,
                           period: tuple[int, int] | None = PN_PERIOD, min_members: int = 3) -> Design:
    """Model design: g_own on g_leader (+ threat_excess, g_gdp), member effects, SEs clustered by year."""
    d = data
    if period is not None:
        d = d[(d["year"] >= period[0]) & (d["year"] <= period[1])]
    cov = ["g_leader"] + (["threat_excess"] if threat else []) + (["g_gdp"] if gdp_growth else [])
    missing = [c for c in cov if c not in d.columns]
    if missing:
        raise ModelInputError(f"columns not in data: {missing} (threat=False leaves the rival term out)")
    if d.empty:
        raise ModelInputError(f"no follower-years in period {period}")
    d, skipped = drop_small_groups(d, ["g_own", *cov], by=("alliance", "year"), min_members=min_members)
    return Design(d, "g_own", tuple(cov), "Leader-follower growth model (Plumper-Neumayer 2015)",
                  entity_effects=True, time_effects=False, se="cr2_time",
                  notes=_skip_note(skipped, min_members))


def fit_leader_follower(data: pd.DataFrame, *, threat: bool = True, gdp_growth: bool = True,
                        period: tuple[int, int] | None = PN_PERIOD, min_members: int = 3,
                        engine: str = "linearmodels") -> PanelResult:
    """Fit the pooled leader-follower model (see the module docstring for the identification argument).

    ``data``: from :func:`leader_follower_data` / :func:`leader_follower_panel`.
    ``period``: P&N's 1956-1988 by default (None: every year with data).
    Alliance-years with fewer than ``min_members`` followers with data are
    skipped and listed in the notes. ``engine``: see
    :func:`alliancestats.burden.panel.fit_design`.

    Parameters
    ----------
    data : DataFrame
        Follower-years with ``g_own``, ``g_leader`` (and ``threat_excess``, ``g_gdp``).
    threat, gdp_growth : bool
        Include the rival's excess growth and GDP growth.
    period : (int, int) or None
    min_members : int
    engine : {"linearmodels", "numpy"}

    Returns
    -------
    PanelResult
        Coefficient ``g_leader`` is beta (negative: free riding); CR2 errors clustered by year.

    Examples
    --------
    >>> from alliancestats.burden import leader_follower_panel, simulate_alliance
    >>> members, nominal = simulate_alliance(12, 40, seed=4, free_riding=-0.5)
    >>> res = fit_leader_follower(leader_follower_panel(members, leader=2), threat=False, period=None)
    >>> bool(res.params["g_leader"] < 0)
    True
    """
    return fit_design(leader_follower_design(data, threat=threat, gdp_growth=gdp_growth, period=period,
                                             min_members=min_members), engine=engine)


def member_responses(data: pd.DataFrame, *, threat: bool = True, gdp_growth: bool = True,
                     period: tuple[int, int] | None = PN_PERIOD, min_years: int = 10) -> pd.DataFrame:
    """P&N's country-specific response functions: OLS of g_own on the design's regressors per follower.

    ``ccode, n, beta_leader, se, t`` (classical OLS standard errors; n <
    ``min_years`` gives NA).

    Parameters
    ----------
    data : DataFrame
    threat, gdp_growth : bool
    period : (int, int) or None
    min_years : int
        Fewest follower-years for a member's own regression.

    Returns
    -------
    DataFrame

    Examples
    --------
    >>> member_responses(leader_follower_data(nato, econ))  # doctest: +SKIP
    """
    des = leader_follower_design(data, threat=threat, gdp_growth=gdp_growth, period=period, min_members=1)
    d = des.complete()
    rows = []
    for c, g in d.groupby("ccode", sort=True):
        n = len(g)
        X = np.column_stack([np.ones(n), g[list(des.covariates)].to_numpy()])
        if n < max(min_years, X.shape[1] + 2):
            rows.append({"ccode": int(c), "n": n, "beta_leader": np.nan, "se": np.nan, "t": np.nan})
            continue
        y = g["g_own"].to_numpy()
        b, *_ = np.linalg.lstsq(X, y, rcond=None)
        u = y - X @ b
        s2 = u @ u / (n - X.shape[1])
        se = float(np.sqrt(s2 * np.linalg.inv(X.T @ X)[1, 1]))
        rows.append({"ccode": int(c), "n": n, "beta_leader": float(b[1]), "se": se, "t": float(b[1]) / se})
    return pd.DataFrame(rows, columns=["ccode", "n", "beta_leader", "se", "t"])
