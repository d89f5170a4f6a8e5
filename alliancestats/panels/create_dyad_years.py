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
    sy = spells.groupby(["ccode", "year"], sort=True).agg(full=("full_year", "all"), n=("full_year", "size")).reset_index()
    # all pairs in a year: self-join of state-years on year
    pairs = sy.merge(sy, on="year", suffixes=("1", "2"), sort=False)
    pairs = pairs[pairs["ccode1"] < pairs["ccode2"]]
    # pairs where both were members all year certainly overlap; check the rest day by day
    partial = ~(pairs["full1"].to_numpy() & pairs["full2"].to_numpy())
    cand = pairs.loc[partial, ["ccode1", "ccode2", "year"]]
    dropped = 0
    if len(cand):
        s1 = spells.rename(columns={"ccode": "ccode1", "first_day": "f1", "last_day": "l1"})[["ccode1", "year", "f1", "l1"]]
        s2 = spells.rename(columns={"ccode": "ccode2", "first_day": "f2", "last_day": "l2"})[["ccode2", "year", "f2", "l2"]]
        chk = cand.merge(s1, on=["ccode1", "year"]).merge(s2, on=["ccode2", "year"])
        chk["ov"] = np.maximum(chk["f1"], chk["f2"]) <= np.minimum(chk["l1"], chk["l2"])
        ok = chk.groupby(["ccode1", "ccode2", "year"], sort=False)["ov"].any()
        bad = ok[~ok].index.to_frame(index=False)
        dropped = len(bad)
        if dropped:
            pairs = pairs.merge(bad.assign(_bad=True), on=["ccode1", "ccode2", "year"], how="left")
            pairs = pairs[pairs["_bad"].isna()]
    nd = pairs[["ccode1", "ccode2", "year"]].astype("int16")
    if directed:
        rev = nd.rename(columns={"ccode1": "ccode2", "ccode2": "ccode1"})[["ccode1", "ccode2", "year"]]
        out = pd.concat([nd, rev], ignore_index=True)
    else:
        out = nd
    out = out.sort_values(["ccode1", "ccode2", "year"], kind="stable").reset_index(drop=True)
    return set_panel_info(out, unit="dyad_year", directed=directed, data_dir=data_dir, system=system,
                          start=start, end=end, sources=[states.attrs["provenance"]["dataset_id"]],
                          dropped_non_overlapping=int(dropped * (2 if directed else 1)))
