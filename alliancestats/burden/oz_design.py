"""The Olson-Zeckhauser rank test as O&Z ran it: which members, which sources, how sensitive.

Olson & Zeckhauser (1966, "An Economic Theory of Alliances", REStat 48:266,
Table 1) rank the NATO members of 1964 that have armed forces (Iceland has
none) by GNP and by defence budget as a percent of GNP and report Spearman's
rho = 0.490 over those 14 members. Three choices decide what a replication
computes, and each is an argument here:

``member_rule`` (:data:`MEMBER_RULES`)
    "armed_forces" (default, O&Z's): members without armed forces are left
    out. A member has armed forces in a year when COW NMC military personnel
    (``milper``, Singer, Bremer & Stuckey 1972) is above 0; where NMC has no
    record for the year (NMC 6.0 ends in 2016) when its military spending
    (best available current US$) is above 0. A member with neither record is
    kept and its status is "unknown". Iceland (NMC milper 0 in every year,
    SIPRI spending 0) is the NATO case; a burden of 0 computed from zero
    spending would otherwise enter the ranking as the smallest burden.
    "positive_spending": members with military spending > 0 (the same
    fallback without NMC). "all": every member with data.
``size`` (:data:`SIZE_SOURCES`)
    O&Z used GNP; the harmonized table has GDP: "best" (World Bank, then
    NATO, then SIPRI-implied; the precedence of
    :mod:`alliancestats.burden.economics`), or one source: "wdi2018",
    "nato", "sipri_implied", "maddison_ppp" (real GDP at 2011 PPP; ranks
    within a year only, so the price basis matters only through PPP vs
    exchange rates).
``burden`` (:data:`BURDEN_SOURCES`)
    "best" (SIPRI share of GDP first, then NATO, WDI, derived), or one
    source: "sipri", "nato", "wdi2022", "wdi2018", "derived".

:func:`oz_rank_test` returns the usual :class:`~alliancestats.burden.oz.OZResult`
plus ``excluded`` (alliance, year, ccode, reason); :func:`oz_sensitivity`
runs every combination; :func:`oz_leave_one_out` recomputes rho without
each member. An unknown name raises
:class:`~alliancestats.errors.OptionError` listing the valid ones.
"""
from __future__ import annotations

from typing import Sequence

import numpy as np
import pandas as pd

from ..errors import ModelInputError, check_option
from ..joins import merge_checked
from ..progress import progress
from .economics import Economics
from .oz import OZResult, oz_test, spearman

#: O&Z (1966) Table 1, NATO 1964: Spearman's rho of GNP and defence budget as % of GNP (quoted in issue 12).
OZ_1966_TABLE1 = {"alliance": "nato", "year": 1964, "spearman": 0.490, "n": 14,
                  "source": "Olson & Zeckhauser (1966), REStat 48:266, Table 1 (members with armed forces)"}

MEMBER_RULES = {
    "armed_forces": "members with armed forces (NMC military personnel > 0; else military spending > 0)",
    "positive_spending": "members with military spending > 0",
    "all": "every member with data",
}
SIZE_SOURCES: dict[str, tuple[str, tuple[str, ...] | None]] = {
    "best": ("gdp_current_usd_m", None),
    "wdi2018": ("gdp_current_usd_m", ("wdi2018_gdp_current_usd",)),
    "nato": ("gdp_current_usd_m", ("nato_gdp_usd_current",)),
    "sipri_implied": ("gdp_current_usd_m", ("sipri_implied_gdp_current_usd_m",)),
    "maddison_ppp": ("gdp_real_2011_intl_m", ("maddison_gdp",)),
}
BURDEN_SOURCES: dict[str, tuple[str, tuple[str, ...] | None]] = {
    "best": ("burden", None),
    "sipri": ("burden", ("sipri_share_of_gdp",)),
    "nato": ("burden", ("nato_share_real_gdp",)),
    "wdi2022": ("burden", ("wdi2022_milex_pct_gdp",)),
    "wdi2018": ("burden", ("wdi2018_milex_pct_gdp",)),
    "derived": ("burden", ("derived_milex_over_gdp",)),
}


def _check(kind: str, value: str, valid) -> None:
    check_option(kind, value, tuple(valid))


def military_personnel(data_dir=None, table: str = "nmc_state_year") -> pd.DataFrame:
    """``ccode, year, milper`` (thousands) from COW NMC; milper NA where NMC has none.

    Parameters
    ----------
    data_dir : path, optional
    table : str

    Returns
    -------
    DataFrame

    Examples
    --------
    >>> military_personnel("/path/to/processed")  # doctest: +SKIP
    """
    from ..store import load

    t = load(table, data_dir=data_dir, columns=["ccode", "year", "milper"])
    return pd.DataFrame({"ccode": t["ccode"].astype("int64"), "year": t["year"].astype("int64"),
                         "milper": pd.to_numeric(t["milper"], errors="coerce").astype("float64")})


def armed_forces_status(members: pd.DataFrame, spending: pd.DataFrame,
                        personnel: pd.DataFrame | None = None) -> pd.DataFrame:
    """``members`` plus ``has_armed_forces`` (boolean, NA unknown) and ``armed_forces_basis``.

    ``spending``: ``ccode, year, value`` (military spending, any unit);
    ``personnel``: ``ccode, year, milper`` (None: spending only).

    Parameters
    ----------
    members : DataFrame
    spending : DataFrame
    personnel : DataFrame, optional

    Returns
    -------
    DataFrame

    Examples
    --------
    >>> armed_forces_status(members, spend, military_personnel(ddir))  # doctest: +SKIP
    """
    out = members.astype({"ccode": "int64", "year": "int64"}).copy()
    sp = spending[["ccode", "year", "value"]].astype({"ccode": "int64", "year": "int64"})
    out = merge_checked(out, sp.rename(columns={"value": "_spend"}), ["ccode", "year"], what="armed_forces(spending)")
    if personnel is not None:
        pe = personnel[["ccode", "year", "milper"]].astype({"ccode": "int64", "year": "int64"})
        out = merge_checked(out, pe.rename(columns={"milper": "_milper"}), ["ccode", "year"],
                            what="armed_forces(personnel)")
    else:
        out["_milper"] = np.nan
    mp = out["_milper"].to_numpy(dtype="float64", na_value=np.nan)
    spd = out["_spend"].to_numpy(dtype="float64", na_value=np.nan)
    has = np.where(~np.isnan(mp), mp > 0, np.where(~np.isnan(spd), spd > 0, False))
    known = ~np.isnan(mp) | ~np.isnan(spd)
    basis = np.where(~np.isnan(mp), np.where(mp > 0, "NMC military personnel > 0", "NMC military personnel = 0"),
                     np.where(~np.isnan(spd), np.where(spd > 0, "no NMC record; military spending > 0",
                                                       "no NMC record; military spending = 0"),
                              "unknown: no NMC personnel or spending record"))
    out["has_armed_forces"] = pd.array(np.where(known, has, False), dtype="boolean")
    out.loc[~known, "has_armed_forces"] = pd.NA
    out["armed_forces_basis"] = basis
    return out.drop(columns=["_spend", "_milper"])


def _best(econ: Economics, concept: str, precedence, cache: dict | None) -> pd.DataFrame:
    key = (concept, precedence)
    if cache is None or key not in cache:
        b = econ.best(concept, precedence)
        b = pd.DataFrame({"ccode": b["ccode"].astype("int64"), "year": b["year"].astype("int64"),
                          "value": b["value"].to_numpy(), "series": b["series"].to_numpy()})
        if cache is None:
            return b
        cache[key] = b
    return cache[key]


def oz_member_data(members: pd.DataFrame, econ: Economics, *, size: str = "best", burden: str = "best",
                   member_rule: str = "armed_forces", personnel: pd.DataFrame | None = None,
                   cache: dict | None = None) -> pd.DataFrame:
    """Member-years with ``size``, ``burden`` (and their ``*_series``), ``included`` and ``exclusion_reason``.

    ``cache``: a dict reused across calls to keep the best-available series
    (see :func:`oz_sensitivity`).

    Parameters
    ----------
    members, econ, size, burden, member_rule, personnel, cache
        As :func:`oz_rank_test`.

    Returns
    -------
    DataFrame

    Examples
    --------
    >>> oz_member_data(nato, econ)  # doctest: +SKIP
    """
    _check("size source", size, SIZE_SOURCES)
    _check("burden source", burden, BURDEN_SOURCES)
    _check("member rule", member_rule, MEMBER_RULES)
    d = members.astype({"ccode": "int64", "year": "int64"})
    for name, (concept, prec) in (("size", SIZE_SOURCES[size]), ("burden", BURDEN_SOURCES[burden])):
        b = _best(econ, concept, prec, cache).rename(columns={"value": name, "series": f"{name}_series"})
        d = merge_checked(d, b, ["ccode", "year"], what=f"oz_member_data({name})")
        d[name] = pd.to_numeric(d[name], errors="coerce").astype("float64")
    spend = _best(econ, "milex_current_usd_m", None, cache)[["ccode", "year", "value"]]
    d = armed_forces_status(d, spend, personnel if member_rule == "armed_forces" else None)
    if member_rule == "all":
        d["included"] = True
        d["exclusion_reason"] = ""
    else:
        out = d["has_armed_forces"].eq(False).fillna(False).to_numpy(dtype=bool)
        d["included"] = ~out
        label = "no armed forces" if member_rule == "armed_forces" else "no military spending"
        d["exclusion_reason"] = np.where(out, label + " (" + d["armed_forces_basis"] + ")", "")
    return d


def oz_rank_test(members: pd.DataFrame, econ: Economics, *, size: str = "best", burden: str = "best",
                 member_rule: str = "armed_forces", personnel: pd.DataFrame | None = None, cache: dict | None = None,
                 **kw) -> OZResult:
    """:func:`~alliancestats.burden.oz.oz_test` on the members the rule keeps; ``excluded`` lists the others.

    ``kw`` go to :func:`~alliancestats.burden.oz.oz_test` (``n_perm``, ``seed``,
    ``alternative``, ``min_n``, ...). ``n_members`` in the table counts the
    members the rule keeps.

    Parameters
    ----------
    members : DataFrame
        ``alliance, ccode, year`` (e.g. :func:`~alliancestats.burden.membership.named_alliance_years`).
    econ : Economics
        From :func:`~alliancestats.burden.economics.country_year_economics`.
    size, burden : str
        Sources (:data:`SIZE_SOURCES`, :data:`BURDEN_SOURCES`).
    member_rule : str
        Which members are ranked (:data:`MEMBER_RULES`; O&Z: "armed_forces").
    personnel : DataFrame, optional
        NMC military personnel (:func:`military_personnel`) for the armed-forces rule.
    cache : dict, optional
        Shared across calls to reuse the best-available series.
    **kw
        Passed to :func:`~alliancestats.burden.oz.oz_test`.

    Returns
    -------
    OZResult
        With ``excluded``: ``alliance, year, ccode, reason`` of the members left out.

    Examples
    --------
    >>> import alliancestats.burden as bs
    >>> econ = bs.country_year_economics("/path/to/processed")  # doctest: +SKIP
    >>> nato = bs.named_alliance_years("nato", data_dir="/path/to/processed")  # doctest: +SKIP
    >>> bs.oz_rank_test(nato[nato["year"] == 1964], econ).table  # doctest: +SKIP
    """
    d = oz_member_data(members, econ, size=size, burden=burden, member_rule=member_rule, personnel=personnel,
                       cache=cache)
    res = oz_test(d[d["included"]], size="size", burden="burden", **kw)
    ex = d.loc[~d["included"], ["alliance", "year", "ccode", "exclusion_reason"]].rename(
        columns={"exclusion_reason": "reason"}).sort_values(["alliance", "year", "ccode"]).reset_index(drop=True)
    res.excluded = ex
    res.size, res.burden = f"size ({size})", f"burden ({burden})"
    res.notes.append(f"member rule: {MEMBER_RULES[member_rule]}; {len(ex)} member-year(s) excluded")
    return res


def excluded_spells(excluded: pd.DataFrame) -> list[dict]:
    """Excluded member-years collapsed to ``alliance, ccode, first_year, last_year, n_years, reason``."""
    if excluded is None or excluded.empty:
        return []
    g = excluded.groupby(["alliance", "ccode", "reason"], sort=True)
    t = g["year"].agg(["min", "max", "size"]).reset_index()
    return [{"alliance": r.alliance, "ccode": int(r.ccode), "first_year": int(r.min), "last_year": int(r.max),
             "n_years": int(r.size), "reason": r.reason} for r in t.itertuples()]


def oz_sensitivity(members: pd.DataFrame, econ: Economics, *, years: Sequence[int] | None = None,
                   sizes: Sequence[str] = tuple(SIZE_SOURCES), burdens: Sequence[str] = tuple(BURDEN_SOURCES),
                   rules: Sequence[str] = ("armed_forces", "all"), personnel: pd.DataFrame | None = None,
                   **kw) -> pd.DataFrame:
    """One row per (year, size source, burden source, member rule): n, rho, p, tau, status.

    Combinations without enough data in a year are kept with status
    "skipped: ..." (e.g. NATO's GDP series starts in 2014).

    Parameters
    ----------
    members, econ, personnel
        As :func:`oz_rank_test`.
    years : sequence of int, optional
        Years to test (default all).
    sizes, burdens, rules : sequence of str
        The sources and member rules to cross.
    **kw
        Passed to :func:`~alliancestats.burden.oz.oz_test`.

    Returns
    -------
    DataFrame
        ``alliance, year, size_source, burden_source, member_rule, n_members,
        n_excluded, n, spearman, spearman_p, kendall, kendall_p, status``.

    Examples
    --------
    >>> bs.oz_sensitivity(nato, econ, years=[1964], personnel=bs.military_personnel(ddir))  # doctest: +SKIP
    """
    for v in sizes:
        _check("size source", v, SIZE_SOURCES)
    for v in burdens:
        _check("burden source", v, BURDEN_SOURCES)
    for v in rules:
        _check("member rule", v, MEMBER_RULES)
    m = members if years is None else members[members["year"].isin(list(years))]
    rows, cache = [], {}
    combos = [(s, b, r) for s in sizes for b in burdens for r in rules]
    for size, burden, rule in progress(combos, desc="O-Z sensitivity", unit="combination"):
        r = oz_rank_test(m, econ, size=size, burden=burden, member_rule=rule, personnel=personnel, cache=cache, **kw)
        t = r.table.assign(size_source=size, burden_source=burden, member_rule=rule,
                           n_excluded=r.table["year"].map(r.excluded.groupby("year").size()).fillna(0)
                           .astype("int64"))
        rows.append(t)
    out = pd.concat(rows, ignore_index=True)
    cols = ["alliance", "year", "size_source", "burden_source", "member_rule", "n_members", "n_excluded", "n",
            "spearman", "spearman_p", "kendall", "kendall_p", "status"]
    return out[cols].sort_values(["alliance", "year", "member_rule", "size_source", "burden_source"],
                                 kind="stable").reset_index(drop=True)


def oz_leave_one_out(data: pd.DataFrame, *, size: str = "size", burden: str = "burden",
                     entity: str = "ccode") -> pd.DataFrame:
    """Spearman's rho of one alliance-year without each member: ``dropped, spearman, sign_flip``.

    ``data``: the members of ONE alliance-year with ``size`` and ``burden``
    (members missing either are left out, as in the test). Leaving a member
    out needs at least 4 members with data (3 remain).

    Parameters
    ----------
    data : DataFrame
    size, burden, entity : str

    Returns
    -------
    DataFrame
        The full-sample row (``dropped`` NA) first, then one row per member left out.

    Examples
    --------
    >>> import pandas as pd
    >>> d = pd.DataFrame({"ccode": [1, 2, 3, 4], "size": [1, 2, 3, 4], "burden": [1, 2, 4, 3]})
    >>> oz_leave_one_out(d)["spearman"].round(2).tolist()
    [0.8, 0.5, 0.5, 1.0, 1.0]
    """
    d = data.dropna(subset=[size, burden])
    if len(d) < 4:
        raise ModelInputError(f"leave-one-out needs at least 4 members with data; {len(d)} here")
    x, y, c = d[size].to_numpy(dtype="float64"), d[burden].to_numpy(dtype="float64"), d[entity].to_numpy()
    base = spearman(x, y)
    rows = [{"dropped": pd.NA, "spearman": base, "sign_flip": False}]
    for k in np.argsort(c, kind="stable"):
        keep = np.arange(len(c)) != k
        r = spearman(x[keep], y[keep])
        rows.append({"dropped": int(c[k]), "spearman": r, "sign_flip": bool(np.sign(r) != np.sign(base) and r != 0)})
    return pd.DataFrame(rows)
