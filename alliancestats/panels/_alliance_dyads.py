"""Directed alliance dyad-years built from member-level alliance data.

Works from the member-level files alone (ATOP ``atop5_1m``, COW
``alliance_v4.1_by_member``), so users do not need the publishers' large
dyad-year files. The construction follows ATOP's own description of how its
directed dyad-year file is made (Leeds et al., ATOP 5.1 codebook, sec. 2.7):

1. all ordered pairs of members of the same alliance (and phase) in a year;
2. drop pairs that were never members at the same time: their membership
   intervals (entry/exit dates, bounding rule for unknown days) must overlap
   on at least one day of that year;
3. obligations by direction: if every member of the alliance-phase holds an
   obligation (say DEFENSE), it binds every member to every other; if only
   some do (asymmetric commitments), A is coded as obligated toward B when A
   holds it and B does not. This reproduces the codebook's example (Britain,
   France and Sweden 1855: Britain->Sweden and France->Sweden are DEFENSE,
   Britain<->France and Sweden->* are not). Multilateral treaties where the
   hand-coded ATOP dyadic correction departs from this rule are the main
   source of disagreement with ATOP's directed file (see the real-data tests);
4. a dyad-year takes the highest pledge over all alliances in effect.
"""
from __future__ import annotations

from typing import Sequence

import numpy as np
import pandas as pd

from ._frame import year_bounds


def alliance_pairs(members: pd.DataFrame, *, alliance: str, obligations: Sequence[str], first: int, last: int,
                   group: Sequence[str] = (), keep: Sequence[str] = (), spans: bool = False) -> pd.DataFrame:
    """Directed pairs per alliance-year with directed obligations.

    ``members``: one row per member (and phase) with ``ccode``, ``start``
    and ``end`` (datetime; NA end = still in at the end of the data), the
    alliance id column and 0/1 obligation columns. ``group``: extra columns
    that define which rows belong together (e.g. ``phase``).
    Returns ``ccode1, ccode2, year, <alliance>, <obligations...>``; with
    ``keep`` (member-row columns such as obligation conditions) also the
    ``group`` columns and ``<col>1`` = the value on ccode1's member row.
    With ``spans=True`` also ``span_start``/``span_end``: the first and last
    day both were members (the whole joint spell, not clipped to the year;
    an open end is the last day of ``last``), for day-level timing rules.
    """
    keys = [alliance, *group]
    keep = [c for c in keep if c not in (*keys, "ccode", "start", "end", *obligations)]
    m = members[[*keys, "ccode", "start", "end", *obligations, *keep]].copy()
    end_fill = np.datetime64(f"{last}-12-31")
    m["end"] = m["end"].fillna(pd.Timestamp(end_fill))
    m = m.dropna(subset=["start", "ccode"]).reset_index(drop=True)
    for c in obligations:
        m[c] = m[c].fillna(0).astype("int8")
    # mixed obligation within the alliance(-phase): some members hold it, some do not
    agg = m.groupby(keys, sort=False)[list(obligations)].agg(["min", "max"])
    mixed = pd.DataFrame({c: (agg[(c, "min")] == 0) & (agg[(c, "max")] == 1) for c in obligations})
    mixed.columns = [f"_mixed_{c}" for c in obligations]
    m = m.merge(mixed.reset_index(), on=keys, how="left", validate="many_to_one")
    # member-years
    y0 = np.maximum(m["start"].dt.year.to_numpy(), first)
    y1 = np.minimum(m["end"].dt.year.to_numpy(), last)
    n = np.clip(y1 - y0 + 1, 0, None)
    idx = np.repeat(np.arange(len(m)), n)
    my = m.loc[idx].reset_index(drop=True)
    my["year"] = (y0[idx] + np.arange(n.sum()) - np.repeat(np.cumsum(n) - n, n)).astype("int16")
    left = my[[*keys, "year", "ccode", "start", "end", *obligations, *mixed.columns, *keep]]
    right = my[[*keys, "year", "ccode", "start", "end", *obligations]]
    pairs = left.merge(right, on=[*keys, "year"], suffixes=("1", "2"))
    pairs = pairs[pairs["ccode1"] != pairs["ccode2"]]
    # overlap on at least one day of the year
    jan1, dec31 = year_bounds(pairs["year"].to_numpy())
    lo = np.maximum.reduce([pairs["start1"].to_numpy(), pairs["start2"].to_numpy(), jan1])
    hi = np.minimum.reduce([pairs["end1"].to_numpy(), pairs["end2"].to_numpy(), dec31])
    pairs = pairs[lo <= hi]
    out = pairs[["ccode1", "ccode2", "year", alliance]].copy()
    if keep:
        for c in group:
            out[c] = pairs[c].to_numpy()
        for c in keep:
            out[f"{c}1"] = pairs[c].array
    if spans:
        out["span_start"] = np.maximum(pairs["start1"].to_numpy(), pairs["start2"].to_numpy())
        out["span_end"] = np.minimum(pairs["end1"].to_numpy(), pairs["end2"].to_numpy())
    for c in obligations:
        a, b, mx = pairs[f"{c}1"].to_numpy(), pairs[f"{c}2"].to_numpy(), pairs[f"_mixed_{c}"].to_numpy()
        out[c] = np.where(mx, (a == 1) & (b == 0), a == 1).astype("int8")
    out["ccode1"] = out["ccode1"].astype("int16")
    out["ccode2"] = out["ccode2"].astype("int16")
    return out.reset_index(drop=True)


def dyad_year_obligations(pairs: pd.DataFrame, *, alliance: str, obligations: Sequence[str]) -> pd.DataFrame:
    """Highest pledge per directed dyad-year over all alliances, plus the count of alliances."""
    g = pairs.groupby(["ccode1", "ccode2", "year"], sort=True)
    out = g[list(obligations)].max()
    out["n_alliances"] = g[alliance].nunique().astype("int16")
    return out.reset_index()


def either_direction(dy: pd.DataFrame, cols: Sequence[str]) -> pd.DataFrame:
    """Non-directional summary: the highest pledge in either direction (ccode1 < ccode2)."""
    rev = dy.rename(columns={"ccode1": "ccode2", "ccode2": "ccode1"})
    both = pd.concat([dy, rev[dy.columns]], ignore_index=True)
    both = both[both["ccode1"] < both["ccode2"]]
    return both.groupby(["ccode1", "ccode2", "year"], sort=True)[list(cols)].max().reset_index()
