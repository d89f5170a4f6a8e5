"""The generative model of the synthetic sample world (see the package docstring for the math).

:func:`simulate` returns a :class:`World` of plain tables (states, alliances,
capabilities, contiguity, disputes, wars, economy) plus the latent quantities
the outcome models used, so tests can check that the library re-derives them
from the written files. Nothing here writes files; :mod:`.formats` does.

Random numbers: only the PCG64 bit stream's uniform doubles
(``Generator.random``) are used; normals, integers and choices are derived
from them with fixed transforms (inverse normal CDF, floor), so the sample is
byte-identical across NumPy versions that keep the PCG64 stream (NumPy does
not promise stable streams for its other distribution methods).
"""
from __future__ import annotations

from dataclasses import asdict, dataclass, field

import numpy as np
import pandas as pd
from scipy.special import ndtri

FIRST_YEAR, LAST_YEAR = 1816, 2016  # COW state system v2016 span
DISPUTE_LAST = 2010  # GML MID 2.1 coverage ends
WAR_LAST_START = 2005  # wars must end inside COW war 4.0 coverage (to 2007)
ECON_FIRST, ECON_LAST = 1960, 2017  # World Bank WDI 2018 vintage
SIPRI_FIRST, SIPRI_LAST = 1949, 2018  # SIPRI current-US$ export columns


@dataclass(frozen=True)
class Truth:
    """The known parameters of the sample world.

    Dispute initiation (directed dyad-year ``i -> j``, every year both exist,
    1816-2010)::

        Pr(i initiates a MID against j in t) = logistic(b0 + b_target_defense * D_ijt
                                                         + b_capshare * capshare_ijt
                                                         + b_landcontig * L_ijt)

    Alliance reliability: each ally obligated to defend a war's target
    against its initiator joins the war on the target's side with
    probability ``p_fulfill``, independently.

    Burden sharing (Olson & Zeckhauser 1966), state-years 1960-2017 with at
    least one defense ally::

        milex/GDP (percent) = bs_intercept + bs_slope * gdp_share_it + e,  e ~ N(0, bs_sd^2)

    and ``nonallied_mean + e`` for states without a defense ally.
    """

    seed: int = 20240601
    b0: float = -5.0
    b_target_defense: float = -0.9
    b_capshare: float = 1.5
    b_landcontig: float = 1.8
    p_war: float = 0.15
    p_fulfill: float = 0.7
    bs_intercept: float = 1.0
    bs_slope: float = 3.0
    bs_sd: float = 0.4
    nonallied_mean: float = 2.0
    n_alliances: int = 60
    p_defense: float = 0.7
    p_conditional: float = 0.35

    def as_dict(self) -> dict:
        return asdict(self)


TRUTH = Truth()

#: The 30 states: COW code, COW abbreviation, COW name, ISO3, World Bank name,
#: SIPRI name, entry year (1 January), region, relative size.
STATES = (
    (2, "USA", "United States of America", "USA", "United States", "United States of America", 1816, "amer", 3.0),
    (20, "CAN", "Canada", "CAN", "Canada", "Canada", 1920, "amer", 1.0),
    (70, "MEX", "Mexico", "MEX", "Mexico", "Mexico", 1831, "amer", 0.9),
    (140, "BRA", "Brazil", "BRA", "Brazil", "Brazil", 1826, "amer", 1.2),
    (155, "CHL", "Chile", "CHL", "Chile", "Chile", 1839, "amer", 0.5),
    (160, "ARG", "Argentina", "ARG", "Argentina", "Argentina", 1841, "amer", 0.8),
    (200, "UKG", "United Kingdom", "GBR", "United Kingdom", "United Kingdom", 1816, "eur", 2.5),
    (205, "IRE", "Ireland", "IRL", "Ireland", "Ireland", 1922, "eur", 0.3),
    (210, "NTH", "Netherlands", "NLD", "Netherlands", "Netherlands", 1816, "eur", 0.7),
    (211, "BEL", "Belgium", "BEL", "Belgium", "Belgium", 1830, "eur", 0.6),
    (220, "FRN", "France", "FRA", "France", "France", 1816, "eur", 2.2),
    (225, "SWZ", "Switzerland", "CHE", "Switzerland", "Switzerland", 1816, "eur", 0.5),
    (230, "SPN", "Spain", "ESP", "Spain", "Spain", 1816, "eur", 1.0),
    (235, "POR", "Portugal", "PRT", "Portugal", "Portugal", 1816, "eur", 0.5),
    (290, "POL", "Poland", "POL", "Poland", "Poland", 1918, "eur", 0.9),
    (305, "AUS", "Austria", "AUT", "Austria", "Austria", 1918, "eur", 0.5),
    (310, "HUN", "Hungary", "HUN", "Hungary", "Hungary", 1918, "eur", 0.5),
    (325, "ITA", "Italy", "ITA", "Italy", "Italy", 1816, "eur", 1.6),
    (350, "GRC", "Greece", "GRC", "Greece", "Greece", 1828, "eur", 0.5),
    (380, "SWD", "Sweden", "SWE", "Sweden", "Sweden", 1816, "eur", 0.7),
    (385, "NOR", "Norway", "NOR", "Norway", "Norway", 1905, "eur", 0.4),
    (390, "DEN", "Denmark", "DNK", "Denmark", "Denmark", 1816, "eur", 0.4),
    (630, "IRN", "Iran", "IRN", "Iran, Islamic Rep.", "Iran", 1855, "asia", 0.9),
    (640, "TUR", "Turkey", "TUR", "Turkey", "Turkey", 1816, "asia", 1.1),
    (651, "EGY", "Egypt", "EGY", "Egypt, Arab Rep.", "Egypt", 1937, "asia", 0.8),
    (710, "CHN", "China", "CHN", "China", "China", 1860, "asia", 2.5),
    (732, "ROK", "South Korea", "KOR", "Korea, Rep.", "Korea, South", 1949, "asia", 0.9),
    (740, "JPN", "Japan", "JPN", "Japan", "Japan", 1860, "asia", 1.8),
    (750, "IND", "India", "IND", "India", "India", 1947, "asia", 2.0),
    (900, "AUL", "Australia", "AUS", "Australia", "Australia", 1920, "asia", 0.8),
)

#: Land borders (conttype 1) and water distances (conttype 2-5), by COW code.
#: Loosely modelled on the real map; a border exists in every year both states do.
CONTIGUITY = (
    (2, 20, 1), (2, 70, 1), (155, 160, 1), (140, 160, 1), (200, 205, 1), (210, 211, 1), (211, 220, 1),
    (220, 225, 1), (220, 230, 1), (220, 325, 1), (230, 235, 1), (225, 325, 1), (225, 305, 1), (305, 325, 1),
    (305, 310, 1), (290, 305, 1), (380, 385, 1), (350, 640, 1), (630, 640, 1), (710, 750, 1),
    (200, 220, 2), (380, 390, 2), (200, 210, 4), (732, 740, 4), (325, 350, 4), (710, 732, 4),
    (385, 390, 5), (640, 651, 5), (710, 740, 5),
)

#: Major-power spells (COW code, first year, last year).
MAJORS = ((200, 1816, 2016), (220, 1816, 1940), (220, 1945, 2016), (2, 1898, 2016), (325, 1860, 1943),
          (740, 1895, 1945), (740, 1991, 2016), (710, 1950, 2016))


class Draws:
    """Uniform doubles from PCG64 and fixed transforms of them."""

    def __init__(self, seed: int):
        self._rng = np.random.Generator(np.random.PCG64(seed))

    def u(self, n=None):
        return self._rng.random(n)

    def normal(self, n):
        return ndtri(np.clip(self.u(n), 1e-12, 1 - 1e-12))

    def integers(self, lo: int, hi: int, n=None):
        """Integers in [lo, hi] inclusive."""
        return (lo + np.floor(self.u(n) * (hi - lo + 1))).astype("int64")

    def pick(self, weights) -> int:
        """One index drawn with probability proportional to ``weights``."""
        w = np.asarray(weights, dtype="float64")
        c = np.cumsum(w / w.sum())
        return int(min(np.searchsorted(c, self.u(), side="right"), len(w) - 1))


@dataclass
class World:
    truth: Truth
    states: pd.DataFrame  # ccode, stateabb, statenme, iso3, wb_name, sipri_name, entry, region, size
    alliances: pd.DataFrame  # one row per alliance (atopid, dates, obligations, condition, milinst, formal)
    members: pd.DataFrame  # atopid, ccode
    nmc: pd.DataFrame  # ccode, year, components, cinc (as written)
    contiguity: pd.DataFrame  # ccode1, ccode2, conttype (undirected, ccode1 < ccode2)
    disputes: pd.DataFrame  # one row per MID: dispnum, challenger, target, dates, hostlev, war
    wars: pd.DataFrame  # one row per war participant
    opportunities: pd.DataFrame  # warnum, ally, joined (obligated allies of each war's target)
    economy: pd.DataFrame  # ccode, year, gdp, pop, burden (percent), allied, gdp_share
    dyads: pd.DataFrame = field(repr=False, default=None)  # directed dyad-years with D, capshare, L, init


def _dates(d: Draws, years: np.ndarray):
    """Random valid (month, day) in each year."""
    n = len(years)
    month = d.integers(1, 12, n)
    dim = np.array([31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31])[month - 1]
    leap = ((years % 4 == 0) & (years % 100 != 0)) | (years % 400 == 0)
    dim = dim + ((month == 2) & leap)
    day = 1 + np.floor(d.u(n) * dim).astype("int64")
    return month, day


def _to_date(y, m, dd) -> np.ndarray:
    return pd.to_datetime(pd.DataFrame({"year": y, "month": m, "day": dd})).to_numpy(dtype="datetime64[D]")


def _split(dates: np.ndarray):
    s = pd.DatetimeIndex(dates)
    return s.year.to_numpy("int64"), s.month.to_numpy("int64"), s.day.to_numpy("int64")


def _states() -> pd.DataFrame:
    cols = ["ccode", "stateabb", "statenme", "iso3", "wb_name", "sipri_name", "entry", "region", "size"]
    return pd.DataFrame(list(STATES), columns=cols)


def _capabilities(d: Draws, st: pd.DataFrame) -> tuple[pd.DataFrame, np.ndarray]:
    """Components per state-year 1816-2017 (latent size AR(1)); CINC from the rounded components."""
    years = np.arange(FIRST_YEAR, ECON_LAST + 1)
    n_s, n_y = len(st), len(years)
    shock = d.normal((n_s, n_y)) * 0.05
    x = np.zeros((n_s, n_y))
    for t in range(1, n_y):  # AR(1) over 200 years, vectorized over states
        x[:, t] = 0.9 * x[:, t - 1] + shock[:, t]
    tt = (years - FIRST_YEAR)[None, :]
    size = st["size"].to_numpy()[:, None] * np.exp(x)
    comps = {
        "milex": 800 * size * np.exp(0.045 * tt) * np.exp(0.10 * d.normal((n_s, n_y))),
        "milper": 25 * size * np.exp(0.008 * tt) * np.exp(0.10 * d.normal((n_s, n_y))),
        "irst": 60 * size * np.exp(0.028 * tt) * np.exp(0.05 * d.normal((n_s, n_y))),
        "pec": 150 * size * np.exp(0.032 * tt) * np.exp(0.05 * d.normal((n_s, n_y))),
        "tpop": 4000 * size * np.exp(0.011 * tt),
    }
    urban = 0.04 + 0.5 / (1 + np.exp(-(years - 1930) / 25))
    comps["upop"] = comps["tpop"] * urban[None, :]
    comps = {k: np.maximum(np.round(v), 1.0) for k, v in comps.items()}
    exists = years[None, :] >= st["entry"].to_numpy()[:, None]
    shares = []
    for k in ("milex", "milper", "irst", "pec", "tpop", "upop"):
        v = np.where(exists, comps[k], 0.0)
        shares.append(v / v.sum(axis=0, keepdims=True))
    cinc = np.round(np.mean(shares, axis=0), 9)
    rows = pd.DataFrame({
        "ccode": np.repeat(st["ccode"].to_numpy(), n_y),
        "stateabb": np.repeat(st["stateabb"].to_numpy(), n_y),
        "year": np.tile(years, n_s),
        **{k: v.ravel() for k, v in comps.items()},
        "cinc": cinc.ravel(),
        "exists": exists.ravel(),
    })
    return rows, cinc


def _alliances(d: Draws, st: pd.DataFrame, truth: Truth) -> tuple[pd.DataFrame, pd.DataFrame]:
    codes = st["ccode"].to_numpy()
    region = st["region"].to_numpy()
    entry = st["entry"].to_numpy()
    k = truth.n_alliances
    start_year = np.sort(d.integers(FIRST_YEAR, 2005, k))
    rows, mem = [], []
    era_count: dict[int, int] = {}
    for a in range(k):
        s = int(start_year[a])
        alive = np.flatnonzero(entry <= s)
        size = 2 + d.pick([0.5, 0.25, 0.15, 0.10])
        first = alive[d.pick(np.ones(len(alive)))]
        chosen = [first]
        while len(chosen) < min(size, len(alive)):
            cand = np.array([i for i in alive if i not in chosen])
            w = np.where(region[cand] == region[first], 4.0, 1.0)
            chosen.append(cand[d.pick(w)])
        dur = 5 + int(np.floor(-np.log(1 - d.u()) * 20))
        defense = d.u() < truth.p_defense
        cond = bool(defense and d.u() < truth.p_conditional)
        adversary = 0
        if cond:
            others = np.array([i for i in alive if i not in chosen])
            w = np.where(region[others] == region[first], 4.0, 1.0)
            adversary = int(codes[others[d.pick(w)]])
        kind = d.pick([1, 1, 1])  # non-defense pacts: 0 neutrality, 1 non-aggression, 2 consultation
        m1, d1 = _dates(d, np.array([s]))
        e = s + dur
        censored = e > LAST_YEAR
        m2, d2 = _dates(d, np.array([e]))
        era = 1000 if s <= 1913 else 2000 if s <= 1944 else 3000 if s <= 1989 else 4000
        era_count[era] = era_count.get(era, 0) + 1
        atopid = era + 5 * era_count[era]
        rows.append({
            "atopid": atopid, "begyr": s, "begmo": int(m1[0]), "begday": int(d1[0]),
            "endyr": None if censored else e, "endmo": None if censored else int(m2[0]),
            "endday": None if censored else int(d2[0]), "censored": censored,
            "defense": int(defense), "offense": 0,
            "neutral": int(not defense and kind == 0), "nonagg": int(not defense and kind == 1),
            "consul": int(defense or kind == 2),
            "conditional": int(cond), "adversary": adversary,
            "members": tuple(sorted(int(codes[i]) for i in chosen)),
        })
        for i in chosen:
            mem.append({"atopid": atopid, "ccode": int(codes[i])})
    al = pd.DataFrame(rows)
    # Leeds & Anac (2005) institutionalisation scores, drawn independently of everything else (no effect)
    al["milinst"] = d.integers(0, 2, len(al))
    al["formal"] = d.integers(0, 2, len(al))
    al["first_year"] = al["begyr"]
    al["last_year"] = al["endyr"].fillna(2018).astype("int64")  # ATOP: in effect to the end of its data
    return al, pd.DataFrame(mem).sort_values(["atopid", "ccode"], kind="stable").reset_index(drop=True)


def obligated_allies(al: pd.DataFrame, challenger: int, target: int, year: int) -> list[int]:
    """States obligated (ATOP defense pact in effect in ``year``) to defend ``target`` against ``challenger``.

    A pact counts when ``target`` is a member and it is unconditional, or
    conditional on a named adversary (ATOP ``defcoadv`` = 1, ``statthr1``)
    that is the challenger. The allies are its other members except the challenger.
    """
    out: set[int] = set()
    live = al[(al["defense"] == 1) & (al["first_year"] <= year) & (al["last_year"] >= year)]
    for _, a in live.iterrows():  # a handful of pacts
        if target not in a["members"]:
            continue
        if a["conditional"] and a["adversary"] != challenger:
            continue
        out.update(m for m in a["members"] if m not in (challenger, target))
    return sorted(out)


def _target_defense(al: pd.DataFrame, codes: np.ndarray, years: np.ndarray) -> np.ndarray:
    """D[t, i, j] = 1 if j has an ally other than i obligated to defend it against i in year t."""
    pos = {int(c): n for n, c in enumerate(codes)}
    D = np.zeros((len(years), len(codes), len(codes)), dtype=bool)
    for _, a in al[al["defense"] == 1].iterrows():  # 60 pacts, not rows of a large table
        t0 = max(int(a["first_year"]), int(years[0])) - int(years[0])
        t1 = min(int(a["last_year"]), int(years[-1])) - int(years[0])
        if t1 < t0:
            continue
        mem = [pos[m] for m in a["members"]]
        for j in mem:
            if a["conditional"]:
                D[t0:t1 + 1, pos[a["adversary"]], j] = True
            else:
                others = np.zeros(len(codes), dtype=int)
                others[:] = len(mem) - 1  # members other than j
                others[[m for m in mem if m != j]] -= 1  # an ally cannot deter itself
                D[t0:t1 + 1, others >= 1, j] = True
    idx = np.arange(len(codes))
    D[:, idx, idx] = False
    return D


def simulate(truth: Truth = TRUTH) -> World:
    d = Draws(truth.seed)
    st = _states()
    codes = st["ccode"].to_numpy()
    n = len(codes)
    nmc, cinc = _capabilities(d, st)
    al, members = _alliances(d, st, truth)

    # ---- directed dyad-years and dispute initiation
    years = np.arange(FIRST_YEAR, DISPUTE_LAST + 1)
    ny = len(years)
    exists = years[:, None] >= st["entry"].to_numpy()[None, :]  # (t, i)
    c = cinc[:, : ny].T  # (t, i), rounded as written
    D = _target_defense(al, codes, years)
    L = np.zeros((n, n), dtype=bool)
    pos = {int(x): k for k, x in enumerate(codes)}
    for a, b, t in CONTIGUITY:
        if t == 1:
            L[pos[a], pos[b]] = L[pos[b], pos[a]] = True
    both = exists[:, :, None] & exists[:, None, :] & ~np.eye(n, dtype=bool)[None, :, :]
    with np.errstate(divide="ignore", invalid="ignore"):  # 0/0 for states not yet in the system (masked)
        capshare = c[:, :, None] / (c[:, :, None] + c[:, None, :])
    eta = truth.b0 + truth.b_target_defense * D + truth.b_capshare * capshare + truth.b_landcontig * L[None, :, :]
    p = 1 / (1 + np.exp(-eta))
    u = d.u(p.shape)
    init = both & (u < p)
    tt, ii, jj = np.nonzero(both)
    dyads = pd.DataFrame({"ccode1": codes[ii].astype("int16"), "ccode2": codes[jj].astype("int16"),
                          "year": years[tt].astype("int16"), "target_defense": D[tt, ii, jj].astype("int8"),
                          "capshare1": capshare[tt, ii, jj], "landcontig": L[ii, jj].astype("int8"),
                          "init": init[tt, ii, jj].astype("int8")})

    # ---- disputes (order: year, challenger, target)
    t_, i_, j_ = np.nonzero(init)
    nd = len(t_)
    dy = years[t_]
    m0, d0 = _dates(d, dy)
    start = _to_date(dy, m0, d0)
    dec31 = _to_date(dy, np.full(nd, 12), np.full(nd, 31))
    dur = np.minimum(1 + np.floor(-np.log(1 - d.u(nd)) * 40).astype("int64"),
                     (dec31 - start).astype("int64"))
    war = (d.u(nd) < truth.p_war) & (dy <= WAR_LAST_START)
    war_len = 20 + np.floor(d.u(nd) * 380).astype("int64")
    end = start + np.where(war, war_len, dur).astype("timedelta64[D]")
    hostlev = np.where(war, 5, 2 + np.array([d.pick([0.2, 0.3, 0.5]) for _ in range(nd)]))
    host_b = np.where(war, 5, np.minimum(hostlev, 1 + d.integers(0, 3, nd)))
    disputes = pd.DataFrame({
        "dispnum": 2 + 3 * np.arange(nd), "challenger": codes[i_], "target": codes[j_],
        "start": start, "end": end, "hostlev": hostlev, "hostlev_b": host_b, "war": war,
        "revtype": d.integers(1, 4, nd), "outcome": d.integers(1, 6, nd), "settle": d.integers(1, 4, nd),
        "fatality": np.where(war, 6, np.where(hostlev == 4, d.integers(0, 1, nd), 0)),
    })

    # ---- wars: challenger (side 1, initiator) vs target (side 2) plus obligated allies that honour the pact
    wrows, opp = [], []
    warnum = 0
    for _, w in disputes[disputes["war"]].iterrows():  # ~50 wars
        warnum += 1
        y = int(pd.Timestamp(w["start"]).year)
        allies = obligated_allies(al, int(w["challenger"]), int(w["target"]), y)
        joined = [a for a in allies if d.u() < truth.p_fulfill]
        for a in allies:
            opp.append({"warnum": warnum, "challenger": int(w["challenger"]), "target": int(w["target"]), "ally": a,
                        "joined": int(a in joined)})
        win = d.u() < 0.5
        base = {"warnum": warnum, "start": w["start"], "end": w["end"], "dispnum": int(w["dispnum"])}
        wrows.append({**base, "ccode": int(w["challenger"]), "side": 1, "initiator": 1, "outcome": 1 if win else 2,
                      "bat_death": int(1000 + d.integers(0, 20000))})
        wrows.append({**base, "ccode": int(w["target"]), "side": 2, "initiator": 2, "outcome": 2 if win else 1,
                      "bat_death": int(500 + d.integers(0, 20000))})
        for a in joined:
            lag = int(d.integers(1, 30))
            js = min(pd.Timestamp(w["start"]) + pd.Timedelta(days=lag), pd.Timestamp(w["end"]))
            wrows.append({**base, "start": js.to_datetime64().astype("datetime64[D]"), "ccode": a, "side": 2,
                          "initiator": 2, "outcome": 2 if win else 1, "bat_death": int(100 + d.integers(0, 5000))})
    wars = pd.DataFrame(wrows)
    opportunities = pd.DataFrame(opp, columns=["warnum", "challenger", "target", "ally", "joined"])

    # ---- economy 1960-2017: GDP, population, defence burden
    ey = np.arange(ECON_FIRST, ECON_LAST + 1)
    ne = len(ey)
    sizes = st["size"].to_numpy()[:, None]
    gdp = 2.0e9 * sizes ** 1.2 * np.exp(0.065 * (ey - ECON_FIRST))[None, :] * np.exp(0.15 * d.normal((n, ne)))
    gdp = np.round(gdp, 1)
    tpop = nmc.pivot(index="ccode", columns="year", values="tpop").loc[codes, ey].to_numpy()
    alive = ey[None, :] >= st["entry"].to_numpy()[:, None]
    # defence allies per state-year (any ATOP defense pact in effect, conditional or not)
    ally = np.zeros((ne, n, n), dtype=bool)
    for _, a in al[al["defense"] == 1].iterrows():
        t0, t1 = max(int(a["first_year"]), ECON_FIRST) - ECON_FIRST, min(int(a["last_year"]), ECON_LAST) - ECON_FIRST
        if t1 < t0:
            continue
        mem = [pos[m] for m in a["members"]]
        for x in mem:
            for y_ in mem:
                if x != y_:
                    ally[t0:t1 + 1, x, y_] = True
    G = gdp.T  # (t, i)
    allied = ally.any(axis=2)
    share = G / (G + np.einsum("tij,tj->ti", ally, G))
    e = truth.bs_sd * d.normal((ne, n))
    burden = np.where(allied, truth.bs_intercept + truth.bs_slope * share + e, truth.nonallied_mean + e)
    burden = np.round(np.maximum(burden, 0.1), 8)
    tix, iix = np.nonzero(alive.T)
    economy = pd.DataFrame({
        "ccode": codes[iix], "year": ey[tix], "gdp": G[tix, iix], "pop": tpop[iix, tix] * 1000,
        "burden": burden[tix, iix], "allied": allied[tix, iix].astype("int8"),
        "gdp_share": np.where(allied[tix, iix], share[tix, iix], np.nan),
    }).sort_values(["ccode", "year"], kind="stable").reset_index(drop=True)

    cont = pd.DataFrame(list(CONTIGUITY), columns=["ccode1", "ccode2", "conttype"])
    return World(truth, st, al, members, nmc, cont, disputes, wars, opportunities, economy, dyads)
