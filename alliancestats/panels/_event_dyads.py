"""Directed dyad-years of opponents in a conflict (disputes, wars) from participant spells.

Rule: for each event (dispute or war), every ordered pair of participants on
opposite sides whose participation spells overlap on at least one day forms
a directed dyad; it is *ongoing* in every calendar year from the first to the
last day of that overlap, and its *onset* year is the year the overlap
begins (the later of the two entry dates). Participants with several spells
in one event (left and re-entered) contribute each spell; a dyad-event's
onset is its earliest overlap start. Unknown days follow the bounding rule
of :func:`alliancestats.raw.convert.make_date`.
"""
from __future__ import annotations

from typing import Sequence

import numpy as np
import pandas as pd

from ..errors import check_option
from ..joins import _encode
from ..spells import spell_years


def opposing_pairs(parts: pd.DataFrame, *, event: str, side: str, first: int, last: int,
                   keep: Sequence[str] = (), overlap: str = "day") -> pd.DataFrame:
    """Directed opponent dyad-years.

    ``parts``: one row per participant spell with ``event``, ``ccode``,
    ``side`` (two values), ``start``/``end`` datetimes and any ``keep``
    columns (carried as ``<col>1``/``<col>2``). Returns ``ccode1, ccode2,
    year, <event>, onset, start`` (overlap start) plus the kept columns.

    ``overlap="day"`` (default) pairs participants whose spells share a day;
    ``overlap="year"`` pairs them when their spells touch a common calendar
    year, the looser rule behind GML's own dyad-year files.
    """
    check_option("overlap", overlap, ("day", "year"))
    p = parts[[event, "ccode", side, "start", "end", *keep]].dropna(subset=["start", "end", side, "ccode"]).reset_index(drop=True)
    p.attrs = {}  # pandas deep-copies attrs (the provenance) on every operation
    p["_spell"] = np.arange(len(p))
    pairs = p.merge(p, on=event, suffixes=("1", "2"))
    pairs = pairs[(pairs[f"{side}1"] != pairs[f"{side}2"]) & (pairs["ccode1"] != pairs["ccode2"])]
    lo = np.maximum(pairs["start1"].to_numpy(), pairs["start2"].to_numpy())
    hi = np.minimum(pairs["end1"].to_numpy(), pairs["end2"].to_numpy())
    if overlap == "day":
        ok = lo <= hi
    else:
        ok = pd.DatetimeIndex(lo).year.to_numpy() <= pd.DatetimeIndex(hi).year.to_numpy()
        hi = np.maximum(lo, hi)  # the shared years run from the later start year to the earlier end year
        hi_year = np.minimum(pairs["end1"].dt.year.to_numpy(), pairs["end2"].dt.year.to_numpy())
    pairs = pairs.loc[ok].reset_index(drop=True)
    lo, hi = lo[ok], hi[ok]
    pairs["ov_start"] = lo
    y0 = pd.DatetimeIndex(lo).year.to_numpy()
    y1 = pd.DatetimeIndex(hi).year.to_numpy() if overlap == "day" else hi_year[ok]
    # onset: the first overlap of the dyad in this event (over all spell pairs)
    first_start = pairs.groupby([event, "ccode1", "ccode2"], sort=False)["ov_start"].transform("min")
    idx, years = spell_years(np.asarray(y0, dtype="int64"), np.asarray(y1, dtype="int64"), first, last)
    out = pairs.loc[idx, [event, "ccode1", "ccode2", "ov_start", *[f"{c}{s}" for c in (side, *keep) for s in "12"]]]
    out = out.reset_index(drop=True)
    out["year"] = years.astype("int16")
    out["onset"] = (out["year"].to_numpy() == pd.DatetimeIndex(first_start.to_numpy()[idx]).year.to_numpy()).astype("int8")
    out["start"] = first_start.to_numpy()[idx]
    # several spell pairs of one dyad-event can touch the same year: one row each
    out = out.sort_values([event, "ccode1", "ccode2", "year", "onset"], ascending=[True, True, True, True, False], kind="stable")
    out = out.drop_duplicates([event, "ccode1", "ccode2", "year"]).drop(columns="ov_start")
    out["ccode1"] = out["ccode1"].astype("int16")
    out["ccode2"] = out["ccode2"].astype("int16")
    return out.reset_index(drop=True)


def reduce_to_one(dy: pd.DataFrame, *, event: str, order: Sequence[tuple[str, bool]]) -> pd.DataFrame:
    """One row per dyad-year: sort by ``order`` ((column, ascending) pairs) and keep the first.

    Adds ``n_events`` (distinct events ongoing in the dyad-year) and
    ``n_onsets``. Ties end on the event id, so the result is stable.
    """
    keys = ["ccode1", "ccode2", "year"]
    cols = [c for c, _ in order] + [event]
    asc = [a for _, a in order] + [True]
    best = dy.sort_values(keys + cols, ascending=[True] * 3 + asc, kind="stable", na_position="last")
    if not len(best) or best[[*keys, event, "onset"]].isna().any().any():  # the general (pandas) way
        g = dy.groupby(keys, sort=False)
        counts = pd.DataFrame({"n_events": g[event].nunique(), "n_onsets": g["onset"].sum()}).reset_index()
        return best.drop_duplicates(keys).merge(counts, on=keys, how="left", validate="one_to_one")
    # sorted by the keys, each dyad-year is one run of rows: count in numpy (pandas' groupby and merge
    # cost more than the rest on these ~10,000-row tables)
    (code,), _ = _encode([best], keys)
    first = np.r_[True, code[1:] != code[:-1]]
    starts = np.flatnonzero(first)
    run = np.cumsum(first) - 1
    ev = pd.factorize(best[event])[0]
    distinct = np.unique(run * (int(ev.max()) + 1) + ev)  # (dyad-year, event) pairs
    out = best[first].reset_index(drop=True)
    out["n_events"] = np.bincount(distinct // (int(ev.max()) + 1), minlength=len(starts)).astype(np.int64)
    onset = best["onset"].to_numpy()
    out["n_onsets"] = np.add.reduceat(onset.astype(np.int64), starts).astype(onset.dtype)  # groupby's sum dtype
    return out
