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

from ..joins import _encode
from ..spells import spell_years
from ._frame import year_bounds


def pack_dyad_year(c1: np.ndarray, c2: np.ndarray, year: np.ndarray) -> np.ndarray:
    """One int64 per (ccode1, ccode2, year) that sorts like the tuples (codes and years in 0..65535)."""
    return (c1.astype(np.int64) << 32) | (c2.astype(np.int64) << 16) | year.astype(np.int64)


def unpack_dyad_year(key: np.ndarray, *dtypes) -> dict[str, np.ndarray]:
    """The ``ccode1``, ``ccode2``, ``year`` columns of :func:`pack_dyad_year` keys, in ``dtypes``."""
    parts = (key >> 32, (key >> 16) & 0xFFFF, key & 0xFFFF)
    return {c: p.astype(t) for c, p, t in zip(("ccode1", "ccode2", "year"), parts, dtypes)}


def within_group_pairs(group: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """All ordered pairs (i, j) of rows with the same ``group`` code, i == j included.

    Pairs come in row order of ``i``, and for each ``i`` the ``j`` in row
    order (the order of a pandas inner self-merge on the group columns).
    """
    order, starts, gi = _groups(group)  # gi: each row's group
    sizes = np.diff(np.r_[starts, len(group)])
    size_i = sizes[gi]
    i = np.repeat(np.arange(len(group)), size_i)
    offs = np.arange(len(i)) - np.repeat(np.cumsum(size_i) - size_i, size_i)
    j = order[np.repeat(starts[gi], size_i) + offs]
    return i, j


def _group_ids(m: pd.DataFrame, keys: list[str]) -> np.ndarray:
    """``m.groupby(keys, sort=False).ngroup()``: groups numbered in order of first appearance (``keys``
    have no NA: :func:`alliance_pairs` drops such rows).

    Integer keys (alliance id, phase) are packed into one code and factorized, in numpy:
    pandas' groupby costs ~20 ms even on the few thousand member rows.
    """
    if all(m[k].dtype.kind in "iu" for k in keys):
        (code,), _ = _encode([m], keys)
        return pd.factorize(code)[0]
    return m.groupby(keys, sort=False).ngroup().to_numpy()


def _mixed(values: np.ndarray, gid: np.ndarray) -> np.ndarray:
    """Per group: min 0 and max 1 (some members hold the obligation, some do not)."""
    n = int(gid.max()) + 1 if len(gid) else 0
    lo = np.full(n, np.iinfo(values.dtype).max, dtype=values.dtype)
    hi = np.full(n, np.iinfo(values.dtype).min, dtype=values.dtype)
    np.minimum.at(lo, gid, values)
    np.maximum.at(hi, gid, values)
    return (lo == 0) & (hi == 1)


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
    m.attrs = {}  # pandas deep-copies attrs (the provenance) on every operation
    end_fill = np.datetime64(f"{last}-12-31")
    m["end"] = m["end"].fillna(pd.Timestamp(end_fill))
    # a member row without its alliance (or phase), state or start cannot form a pair
    m = m.dropna(subset=["start", "ccode", *keys]).reset_index(drop=True)
    for c in obligations:
        m[c] = m[c].fillna(0).astype("int8")
    # mixed obligation within the alliance(-phase): some members hold it, some do not
    gid = _group_ids(m, keys)
    mixed = {c: _mixed(m[c].to_numpy(), gid)[gid] for c in obligations}
    # member-years, then every ordered pair of member-years of one alliance(-phase) and year
    start = m["start"].to_numpy()
    end = m["end"].to_numpy()
    row, year = spell_years(m["start"].dt.year.to_numpy(), m["end"].dt.year.to_numpy(), first, last)
    jan1, dec31 = (b.astype(start.dtype) for b in year_bounds(year))
    lo_my, hi_my = np.maximum(start[row], jan1), np.minimum(end[row], dec31)  # member days within the year
    full = (lo_my == jan1) & (hi_my == dec31)
    i, j = within_group_pairs(gid[row] * (last - first + 2) + (year - first))
    cc = m["ccode"].to_numpy()
    other = cc[row[i]] != cc[row[j]]
    i, j = i[other], j[other]
    # overlap on at least one day of the year (certain when both were members all year)
    part = np.flatnonzero(~(full[i] & full[j]))
    ok = np.ones(len(i), dtype=bool)
    ip, jp = i[part], j[part]
    ok[part] = np.maximum(lo_my[ip], lo_my[jp]) <= np.minimum(hi_my[ip], hi_my[jp])
    i = i[ok]
    r1, r2, year = row[i], row[j[ok]], year[i]
    out = {"ccode1": m["ccode"].array.take(r1), "ccode2": m["ccode"].array.take(r2),
           "year": year.astype("int16"), alliance: m[alliance].array.take(r1)}
    if keep:
        for c in group:
            out[c] = m[c].take(r1).to_numpy()
        for c in keep:
            out[f"{c}1"] = m[c].array.take(r1)
    if spans:
        out["span_start"] = np.maximum(start[r1], start[r2])
        out["span_end"] = np.minimum(end[r1], end[r2])
    for c in obligations:
        a, b = m[c].to_numpy()[r1], m[c].to_numpy()[r2]
        out[c] = np.where(mixed[c][r1], (a == 1) & (b == 0), a == 1).astype("int8")
    out = pd.DataFrame(out)
    out["ccode1"] = out["ccode1"].astype("int16")
    out["ccode2"] = out["ccode2"].astype("int16")
    return out


def _groups(key: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Sort order, group start positions (in sorted order) and group index of each row, for int64 keys."""
    order = np.argsort(key, kind="stable")
    ks = key[order]
    starts = np.flatnonzero(np.r_[True, ks[1:] != ks[:-1]]) if len(ks) else np.array([], dtype=np.int64)
    inv = np.empty(len(key), dtype=np.int64)
    inv[order] = np.cumsum(np.r_[True, ks[1:] != ks[:-1]]) - 1 if len(ks) else []
    return order, starts, inv


def _group_max(values: np.ndarray, inv: np.ndarray, n_groups: int) -> np.ndarray:
    """Maximum of ``values`` per group (``inv``: the group of each row; no group is empty).

    A scatter (``np.maximum.at``): about 5x faster than ``np.maximum.reduceat`` over the sorted values
    when groups are as small as here (most dyad-years hold one or two alliances). NaN propagates.
    """
    kind = values.dtype.kind
    init = False if kind == "b" else np.iinfo(values.dtype).min if kind in "iu" else -np.inf
    out = np.full(n_groups, init, dtype=values.dtype)
    np.maximum.at(out, inv, values)
    return out


def dyad_year_obligations(pairs: pd.DataFrame, *, alliance: str, obligations: Sequence[str]) -> pd.DataFrame:
    """Highest pledge per directed dyad-year over all alliances, plus the count of alliances.

    Sorted by ``ccode1, ccode2, year``.
    """
    key = pack_dyad_year(pairs["ccode1"].to_numpy(), pairs["ccode2"].to_numpy(), pairs["year"].to_numpy())
    aid = pd.factorize(pairs[alliance])[0]
    if len(key) and key.max() < 2**47 and aid.max() < 2**16:
        # by dyad-year, alliances sorted within it: one stable sort of (key, alliance) packed in one
        # int64 gives np.lexsort((aid, key))'s order in half the time
        order = np.argsort((key << 16) | aid, kind="stable")
    else:
        order = np.lexsort((aid, key))
    ks, as_ = key[order], aid[order]
    first_of_key = np.r_[True, ks[1:] != ks[:-1]] if len(ks) else np.array([], dtype=bool)
    starts = np.flatnonzero(first_of_key)
    out = unpack_dyad_year(ks[starts], "int16", "int16", "int16")
    inv = np.empty(len(key), dtype=np.int64)  # the dyad-year (group) of each pair row
    inv[order] = np.cumsum(first_of_key) - 1
    for c in obligations:
        out[c] = _group_max(pairs[c].to_numpy(), inv, len(starts))
    # distinct alliances per dyad-year: count changes of the alliance id within each key
    new = first_of_key.copy()
    new[1:] |= as_[1:] != as_[:-1]
    out["n_alliances"] = (np.add.reduceat(new.astype(np.int64), starts) if len(starts)
                          else np.array([], dtype=np.int64)).astype("int16")
    return pd.DataFrame(out)


def either_direction(dy: pd.DataFrame, cols: Sequence[str], *, per_row: bool = False) -> pd.DataFrame:
    """Non-directional summary: the highest pledge in either direction (ccode1 < ccode2).

    With ``per_row=True``, instead, the same maxima on each row of ``dy``
    (its dyad's either-direction value), as a frame aligned with ``dy``.
    """
    c1, c2 = dy["ccode1"].to_numpy(), dy["ccode2"].to_numpy()
    key = pack_dyad_year(np.minimum(c1, c2), np.maximum(c1, c2), dy["year"].to_numpy())
    order, starts, inv = _groups(key)
    if per_row:
        return pd.DataFrame({c: _group_max(dy[c].to_numpy(), inv, len(starts))[inv] for c in cols}, index=dy.index)
    out = unpack_dyad_year(key[order][starts], c1.dtype, c2.dtype, dy["year"].dtype)
    for c in cols:
        out[c] = _group_max(dy[c].to_numpy(), inv, len(starts))
    return pd.DataFrame(out)
