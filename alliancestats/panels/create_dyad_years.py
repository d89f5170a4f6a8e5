"""``create_dyad_years``: the (directed or non-directed) dyad-year universe."""
from __future__ import annotations

import numpy as np
import pandas as pd

from ..raw.catalog import coverage
from ._frame import set_panel_info
from ._universe import load_states, state_year_spells


def create_dyad_years(directed: bool = True, start: int | None = None, end: int | None = None, *,
                      system: str = "cow", data_dir=None) -> pd.DataFrame:
    """Dyad-years of the COW state system.

    Both states must be system members in the year (a mid-year entrant counts
    for the whole year), and their memberships must overlap on at least one
    day of that year: pairs that are both members in a year but never at the
    same time (one leaves before the other enters) are dropped; their number
    is recorded in ``attrs["alliancestats"]["dropped_non_overlapping"]``.

    Directed frames hold both (a, b) and (b, a); non-directed frames keep
    ``ccode1 < ccode2``. Directedness is recorded on the frame, never guessed.
    ``end`` defaults to the last year of the state-system release (2016).

    Returns ``ccode1``, ``ccode2``, ``year`` (int16), sorted by them.
    """
    first, last = coverage("cow_states_2016")
    start = first if start is None else int(start)
    end = last if end is None else int(end)
    states = load_states(data_dir, system)
    spells = state_year_spells(states, start, end)
    sy = spells.groupby(["year", "ccode"], sort=True)["full_year"].all().reset_index()
    yr = sy["year"].to_numpy()
    cc = sy["ccode"].to_numpy()
    full = sy["full_year"].to_numpy()
    # all pairs of members within each year (sy is sorted by year): row i pairs with every row of its year
    starts = np.flatnonzero(np.r_[True, yr[1:] != yr[:-1]])
    sizes = np.diff(np.r_[starts, len(sy)])
    block = np.repeat(np.arange(len(starts)), sizes)
    reps = sizes[block]
    i1 = np.repeat(np.arange(len(sy)), reps)
    i2 = np.repeat(starts[block], reps) + (np.arange(reps.sum()) - np.repeat(np.cumsum(reps) - reps, reps))
    keep = cc[i1] < cc[i2] if not directed else cc[i1] != cc[i2]
    i1, i2 = i1[keep], i2[keep]
    # pairs where both were members all year certainly overlap; check the rest day by day
    partial = ~(full[i1] & full[i2])
    dropped = 0
    if partial.any():
        cand = pd.DataFrame({"ccode1": cc[i1[partial]], "ccode2": cc[i2[partial]], "year": yr[i1[partial]],
                             "_row": np.flatnonzero(partial)})
        s1 = spells.rename(columns={"ccode": "ccode1", "first_day": "f1", "last_day": "l1"})[["ccode1", "year", "f1", "l1"]]
        s2 = spells.rename(columns={"ccode": "ccode2", "first_day": "f2", "last_day": "l2"})[["ccode2", "year", "f2", "l2"]]
        chk = cand.merge(s1, on=["ccode1", "year"]).merge(s2, on=["ccode2", "year"])
        chk["ov"] = np.maximum(chk["f1"], chk["f2"]) <= np.minimum(chk["l1"], chk["l2"])
        ok = chk.groupby("_row", sort=False)["ov"].any()
        bad_rows = ok.index.to_numpy()[~ok.to_numpy()]
        dropped = len(bad_rows)
        mask = np.ones(len(i1), dtype=bool)
        mask[bad_rows] = False
        i1, i2 = i1[mask], i2[mask]
    # sort by (ccode1, ccode2, year) through one packed int64 key (codes < 2^15, years < 2^16)
    key = (cc[i1].astype(np.int64) << 32) | (cc[i2].astype(np.int64) << 16) | yr[i1].astype(np.int64)
    key.sort()
    out = pd.DataFrame({"ccode1": (key >> 32).astype("int16"), "ccode2": ((key >> 16) & 0xFFFF).astype("int16"),
                        "year": (key & 0xFFFF).astype("int16")})
    return set_panel_info(out, unit="dyad_year", directed=directed, data_dir=data_dir, system=system,
                          start=start, end=end, sources=[states.attrs["provenance"]["dataset_id"]],
                          dropped_non_overlapping=int(dropped))
