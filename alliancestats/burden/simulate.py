"""Size and power of the burden-sharing models by simulation.

:func:`simulate_alliance` draws one alliance of ``n_members`` states over
``n_years`` with known behaviour:

- log GDP of every member: independent random walks with drift 0.03 and
  innovations N(0, 0.03^2); member 2 (the leader, as the United States in
  the default of :mod:`.leader_follower`) starts with the largest GDP;
- log defence burden (spending / GDP): independent random walks, N(0, 0.08^2)
  innovations, starting near 3 % of GDP; spending = burden * GDP. Under this
  null nobody free rides: every member's spending path is independent of
  every other member's, and burden is independent of size;
- ``free_riding = b``: each follower's log spending also moves by
  b * (the leader's log spending growth) every year (b < 0: free riding);
- ``gdp_share_slope = c``: Olson-Zeckhauser in levels, burden (percent) =
  2 + c * (share of alliance GDP) + member effect + N(0, 0.3^2) instead of the
  random-walk burden;
- a rival (ccode 365) whose log spending is an independent random walk, and
  the leader's spending, as a "nominal" series for the threat term.

:func:`rejection_rate` fits a model on ``n_sims`` draws with the numpy
within estimator (:func:`alliancestats.burden.panel.quick_fit`, the same
estimate and clustered SE as the PanelOLS fit) built from the SAME design
functions the analysis uses, and returns the share of draws with p < level.
"""
from __future__ import annotations

import numpy as np
import pandas as pd
from threadpoolctl import threadpool_limits

from ..errors import ModelInputError, check_option
from ..progress import progress
from ._within import t_pvalue, within_ols
from .leader_follower import leader_follower_design, leader_follower_panel, log_growth
from .panel import Design, _numpy_se, burden_gdp_share_design
from .shares import burden_shares, spill_in

MODELS = ("burden_gdp_share", "leader_follower", "spill_in_contemporaneous")
LEADER = 2
RIVAL = 365


def _draw(n: int, t: int, seed: int, free_riding: float, gdp_share_slope: float | None):
    """Arrays (n x t) of one simulated alliance: gdp, milex, rival spending (t)."""
    rng = np.random.default_rng(seed)
    lgdp0 = rng.normal(11, 1.2, n)
    lgdp0[0] = lgdp0.max() + 1.5
    gdp = np.exp(lgdp0[:, None] + np.cumsum(0.03 + 0.03 * rng.normal(size=(n, t)), axis=1))
    if gdp_share_slope is None:
        burden = np.exp(np.log(0.03) + 0.3 * rng.normal(size=(n, 1))
                        + np.cumsum(0.08 * rng.normal(size=(n, t)), axis=1))
    else:
        share = gdp / gdp.sum(axis=0, keepdims=True)
        pct = 2 + gdp_share_slope * share + 0.5 * rng.normal(size=(n, 1)) + 0.3 * rng.normal(size=(n, t))
        burden = np.maximum(pct, 0.1) / 100
    lmilex = np.log(burden * gdp)
    if free_riding:
        g_lead = np.diff(lmilex[0], prepend=lmilex[0, 0])
        lmilex[1:] += free_riding * np.cumsum(g_lead)[None, :]
    rival = np.exp(lmilex[0, 0] + np.cumsum(0.05 * rng.normal(size=t)))
    return gdp, np.exp(lmilex), rival


def simulate_alliance(n_members: int = 10, n_years: int = 30, *, seed: int = 0, free_riding: float = 0.0,
                      gdp_share_slope: float | None = None, first_year: int = 1960,
                      n_alliances: int = 1) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(member-years ``alliance, ccode, year, gdp, milex, burden``; nominal ``alliance, ccode, year, value`` of
    leader and rival). See the module docstring for the data-generating process.

    ``n_alliances`` > 1 stacks independent draws (``alliance`` = 0, 1, ...;
    draw k uses seed ``seed + k``).

    Parameters
    ----------
    n_members, n_years : int
    seed : int
    free_riding : float
        Followers' response to the leader's growth (the true beta).
    gdp_share_slope : float, optional
        True slope of burden (percent) on GDP share.
    first_year : int
    n_alliances : int

    Returns
    -------
    (DataFrame, DataFrame)
        Member-years and the nominal spending of leader and rival.

    Examples
    --------
    >>> members, nominal = simulate_alliance(5, 10, seed=1)
    >>> members.shape[0], sorted(nominal["ccode"].unique().tolist())
    (50, [2, 365])
    """
    if n_members < 3:
        raise ModelInputError("simulate at least 3 members")
    n, t = n_members, n_years
    codes = np.array([LEADER] + [1000 + i for i in range(1, n)])
    draws = [_draw(n, t, seed + k, free_riding, gdp_share_slope) for k in range(n_alliances)]
    gdp = np.stack([d[0] for d in draws])
    milex = np.stack([d[1] for d in draws])
    rival = np.stack([d[2] for d in draws])
    years = first_year + np.arange(t)
    a = np.arange(n_alliances)
    members = pd.DataFrame({"alliance": np.repeat(a, n * t), "ccode": np.tile(np.repeat(codes, t), n_alliances),
                            "year": np.tile(years, n * n_alliances), "gdp": gdp.ravel(), "milex": milex.ravel(),
                            "burden": (milex / gdp).ravel()})
    nominal = pd.DataFrame({"alliance": np.repeat(a, 2 * t), "ccode": np.tile(np.repeat([LEADER, RIVAL], t),
                                                                               n_alliances),
                            "year": np.tile(years, 2 * n_alliances),
                            "value": np.concatenate([milex[:, 0, :], rival], axis=1).ravel()})
    return members, nominal


def model_design(model: str, members: pd.DataFrame, nominal: pd.DataFrame, *,
                 gdp_share_form: str = "levels") -> tuple[Design, str]:
    """(design, term tested) of ``model`` on simulated data, built with the analysis's own functions.

    ``members`` may stack many simulated alliances (``alliance`` = draw);
    ``nominal`` then carries an ``alliance`` column too.
    """
    check_option("model", model, MODELS)
    if model == "burden_gdp_share":
        return burden_gdp_share_design(burden_shares(members), form=gdp_share_form), "share_gdp"
    if model == "leader_follower":
        key = ["alliance"] if "alliance" in nominal.columns else []
        g = nominal.assign(g=log_growth(nominal, "value", key=[*key, "ccode"]).to_numpy())
        w = g.pivot(index=[*key, "year"], columns="ccode", values="g")
        thr = pd.DataFrame({"threat_excess": np.maximum(w[RIVAL] - w[LEADER], 0.0)}).reset_index()
        return leader_follower_design(leader_follower_panel(members, leader=LEADER, threat=thr), period=None), \
            "g_leader"
    if model == "spill_in_contemporaneous":  # the identity (refused by fit_spill_in), kept to show its size
        d = spill_in(members)
        d = d.assign(log_milex=np.log(d["milex"]), log_spill_in=np.log(d["spill_in"]), log_gdp=np.log(d["gdp"]))
        return Design(d, "log_milex", ("log_spill_in", "log_gdp"), "contemporaneous spill-in", se="cr2"), \
            "log_spill_in"
    raise AssertionError(f"model {model!r} is listed in MODELS but has no design")


def rejection_rate(model: str, *, n_sims: int = 300, level: float = 0.05, seed: int = 1, n_members: int = 10,
                   n_years: int = 30, free_riding: float = 0.0, gdp_share_slope: float | None = None,
                   gdp_share_form: str = "levels") -> dict:
    """Share of ``n_sims`` simulated alliances in which ``model``'s test rejects at ``level`` (two-sided).

    Returns ``model, n_sims, level, rejection_rate, mean_estimate`` and the
    data-generating parameters. Draw k uses seed ``seed + k``. The designs of
    all draws are built in one pass (``alliance`` = draw), then each draw is
    fitted on its own.

    Parameters
    ----------
    model : str
        One of :data:`MODELS`.
    n_sims, seed, n_members, n_years : int
    level : float
    free_riding, gdp_share_slope : float
        True parameters of the data-generating process (0 / None: size; else power).
    gdp_share_form : {"levels", "differences"}

    Returns
    -------
    dict

    Examples
    --------
    >>> r = rejection_rate("leader_follower", n_sims=5, n_members=6, n_years=15)
    >>> r["n_sims"], 0 <= r["rejection_rate"] <= 1
    (5, True)
    """
    check_option("model", model, MODELS)
    mem, nom = simulate_alliance(n_members, n_years, seed=seed, free_riding=free_riding,
                                 gdp_share_slope=gdp_share_slope, n_alliances=n_sims)
    des, term = model_design(model, mem, nom, gdp_share_form=gdp_share_form)
    d = des.complete().join(des.data["alliance"])
    y, X = d[des.outcome].to_numpy(), d[list(des.covariates)].to_numpy()
    ent, tim = d[des.entity].to_numpy(), d[des.time].to_numpy()
    cluster, vcov = _numpy_se(des.se, "rejection_rate")
    k_term = list(des.covariates).index(term)
    est, rej = np.full(n_sims, np.nan), np.zeros(n_sims, dtype=bool)
    with threadpool_limits(1, "blas"):  # tiny matrices: a BLAS thread pool only adds overhead
        _fit_draws(d.groupby("alliance", sort=True).indices, y, X, ent, tim, des, cluster, vcov, k_term, level,
                   est, rej)
    return {"model": model, "n_sims": n_sims, "level": level, "rejection_rate": float(rej.mean()),
            "mean_estimate": float(np.nanmean(est)), "n_members": n_members, "n_years": n_years,
            "free_riding": free_riding, "gdp_share_slope": gdp_share_slope, "gdp_share_form": gdp_share_form,
            "se": des.se}


def _fit_draws(groups, y, X, ent, tim, des, cluster, vcov, k_term, level, est, rej) -> None:
    for k, idx in progress(groups.items(), total=len(groups), desc=f"simulating {des.name}", unit="draw"):
        # the numpy twin of quick_fit(Design(one draw)), without building a frame per draw
        b, V, df = within_ols(y[idx], X[idx], ent[idx], tim[idx], entity_effects=des.entity_effects,
                              time_effects=des.time_effects, cluster=cluster, vcov=vcov)
        se = np.sqrt(V[k_term, k_term])
        est[k], rej[k] = b[k_term], t_pvalue(b[k_term:k_term + 1], np.array([se]), df)[0] < level
