"""Burden shares within alliance-years: who pays more than their share of alliance GDP.

For member i of alliance a in year t, with military spending M and GDP Y in
the same unit (e.g. current US$ million):

    share_milex_i = M_i / sum_j M_j,     share_gdp_i = Y_i / sum_j Y_j
    exploitation_ratio_i = share_milex_i / share_gdp_i = (M_i / Y_i) / (sum_j M_j / sum_j Y_j)
    excess_share_i = share_milex_i - share_gdp_i

The ratio is the member's defense burden relative to the alliance's aggregate
burden. Olson & Zeckhauser (1966) predict ratios above 1 for the large
members and below 1 for the small ones ("exploitation of the great by the
small"); Sandler & Hartley (1999, *The Political Economy of NATO*, ch. 2)
compare exactly these two shares for NATO. ``pays_more`` = share_milex >
share_gdp.

Shares are only meaningful when the sums run over every member: an
alliance-year where any member lacks M or Y gets NA shares unless
``require_complete=False`` (then the sums run over members with both, and
``complete`` is False).

``spill_in`` adds the allies' spending sum_{j != i} M_j (Murdoch & Sandler
1984; Sandler & Murdoch 1990), NA when any ally's spending is missing.
"""
from __future__ import annotations

from typing import Sequence

import numpy as np
import pandas as pd

from ..errors import JoinError
from ..joins import merge_checked
from .economics import Economics


def alliance_economics(members: pd.DataFrame, econ: Economics | pd.DataFrame,
                       columns: dict[str, str] | None = None,
                       precedence: dict[str, Sequence[str]] | None = None) -> pd.DataFrame:
    """Attach economics to member-years (``alliance, ccode, year``) with a validated 1:1 join.

    ``econ``: an :class:`Economics` (best available values are taken) or a
    wide frame keyed by ``ccode, year``. ``columns`` maps output names to
    concepts (default ``milex`` <- milex_current_usd_m, ``gdp`` <-
    gdp_current_usd_m, ``burden`` <- burden); each also gets ``<name>_series``
    naming the source series used.

    Parameters
    ----------
    members : DataFrame
        ``alliance, ccode, year``.
    econ : Economics or DataFrame
        The harmonized economics (or a wide ``ccode, year`` frame).
    columns : dict, optional
        Output column -> concept.
    precedence : dict, optional
        Concept -> series order overriding ``econ``'s precedence.

    Returns
    -------
    DataFrame
        ``members`` with the ``columns`` and ``<name>_series``.

    Examples
    --------
    >>> ae = alliance_economics(nato[nato["year"] == 1964], econ)  # doctest: +SKIP
    """
    columns = columns or {"milex": "milex_current_usd_m", "gdp": "gdp_current_usd_m", "burden": "burden"}
    out = members.copy()
    out["ccode"] = out["ccode"].astype("int64")
    out["year"] = out["year"].astype("int64")
    if out.duplicated(["alliance", "ccode", "year"]).any():
        raise JoinError("members: (alliance, ccode, year) must be unique")
    for name, concept in columns.items():
        if isinstance(econ, Economics):
            b = econ.best(concept, (precedence or {}).get(concept))
            right = pd.DataFrame({"ccode": b["ccode"].astype("int64"), "year": b["year"].astype("int64"),
                                  name: b["value"].to_numpy(), f"{name}_series": b["series"].to_numpy()})
        else:
            right = econ[["ccode", "year", concept]].rename(columns={concept: name})
            right = right.astype({"ccode": "int64", "year": "int64"})
        out = merge_checked(out, right, ["ccode", "year"], what=f"alliance_economics({name})")
    for c in columns:
        out[c] = pd.to_numeric(out[c], errors="coerce").astype("float64")
    return out


def burden_shares(data: pd.DataFrame, *, milex: str = "milex", gdp: str = "gdp",
                  by: Sequence[str] = ("alliance", "year"), require_complete: bool = True) -> pd.DataFrame:
    """Per-member shares of alliance spending and GDP; see module docstring for the formulas.

    Parameters
    ----------
    data : DataFrame
        Member-years with the ``by`` columns, ``ccode``, ``milex`` and ``gdp``.
    milex, gdp : str
        Spending and GDP columns (any one unit within an alliance-year).
    by : sequence of str
        The alliance-year key.
    require_complete : bool
        Shares only for alliance-years where every member has data (else NA).

    Returns
    -------
    DataFrame
        ``data`` plus ``share_milex``, ``share_gdp`` and the exploitation ratio columns.

    Examples
    --------
    >>> import pandas as pd
    >>> d = pd.DataFrame({"alliance": "a", "year": 2000, "ccode": [2, 20, 200],
    ...                   "milex": [60.0, 30.0, 10.0], "gdp": [500.0, 300.0, 200.0]})
    >>> burden_shares(d)[["ccode", "share_milex", "share_gdp"]].round(2).to_numpy().tolist()
    [[2.0, 0.6, 0.5], [20.0, 0.3, 0.3], [200.0, 0.1, 0.2]]
    """
    by = list(by)
    d = data.copy()
    m = d[milex].astype("float64")
    y = d[gdp].astype("float64")
    ok = m.notna() & y.notna()
    g = d.assign(_ok=ok, _m=m.where(ok), _y=y.where(ok)).groupby(by, sort=False)
    d["n_members"] = g["_ok"].transform("size")
    d["n_with_data"] = g["_ok"].transform("sum").astype("int64")
    d["complete"] = d["n_members"] == d["n_with_data"]
    tot_m = g["_m"].transform("sum")
    tot_y = g["_y"].transform("sum")
    use = ok & (d["complete"] if require_complete else True)
    d["share_milex"] = np.where(use, m / tot_m, np.nan)
    d["share_gdp"] = np.where(use, y / tot_y, np.nan)
    with np.errstate(divide="ignore", invalid="ignore"):
        d["exploitation_ratio"] = np.where(use & (d["share_gdp"] > 0), d["share_milex"] / d["share_gdp"], np.nan)
    d["excess_share"] = d["share_milex"] - d["share_gdp"]
    d["pays_more"] = pd.array(np.where(use, d["share_milex"] > d["share_gdp"], False), dtype="boolean")
    d.loc[~use, "pays_more"] = pd.NA
    return d


def share_summary(shares: pd.DataFrame, *, by: Sequence[str] = ("alliance", "year"), gdp: str = "gdp") -> pd.DataFrame:
    """Alliance-year summary: members, complete, over-payers, the largest economy's ratio, aggregate burden.

    Parameters
    ----------
    shares : DataFrame
        From :func:`burden_shares`.
    by : sequence of str
    gdp : str

    Returns
    -------
    DataFrame
        One row per alliance-year.

    Examples
    --------
    >>> share_summary(burden_shares(ae))  # doctest: +SKIP
    """
    by = list(by)
    s = shares.sort_values([*by, gdp], ascending=[True] * len(by) + [False], kind="stable")
    g = s.groupby(by, sort=True)
    out = g.agg(n_members=("n_members", "first"), complete=("complete", "first"),
                n_pays_more=("pays_more", "sum"),
                largest_ccode=("ccode", "first"), largest_share_gdp=("share_gdp", "first"),
                largest_share_milex=("share_milex", "first"),
                largest_exploitation_ratio=("exploitation_ratio", "first")).reset_index()
    out.loc[~out["complete"], ["n_pays_more"]] = np.nan
    return out


def spill_in(data: pd.DataFrame, *, milex: str = "milex", by: Sequence[str] = ("alliance", "year"),
             name: str = "spill_in") -> pd.DataFrame:
    """Add allies' spending sum_{j != i} M_j per member-year (NA if any member's M is missing).

    Parameters
    ----------
    data : DataFrame
        Member-years with ``milex``.
    milex : str
    by : sequence of str
    name : str
        Output column.

    Returns
    -------
    DataFrame
        ``data`` plus ``name``: the alliance-year total minus the member's own spending.

    Examples
    --------
    >>> import pandas as pd
    >>> d = pd.DataFrame({"alliance": "a", "year": 2000, "ccode": [2, 20, 200], "milex": [60.0, 30.0, 10.0]})
    >>> spill_in(d)["spill_in"].tolist()
    [40.0, 70.0, 90.0]
    """
    by = list(by)
    d = data.copy()
    m = d[milex].astype("float64")
    g = d.assign(_m=m, _na=m.isna()).groupby(by, sort=False)
    tot = g["_m"].transform("sum")
    any_na = g["_na"].transform("any")
    d[name] = np.where(any_na, np.nan, tot - m)
    return d
