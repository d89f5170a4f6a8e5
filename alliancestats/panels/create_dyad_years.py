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
    is recorded in ``attrs["alliancestats"]["dropped_non_overlapping"]``
    (the rule behind peacesciencer's ``false_cow_dyads`` and EUGene's dyad
    generation; COW State System Membership v2016, Correlates of War Project
    2017, coverage 1816-2016).

    Parameters
    ----------
    directed : bool, default True
        Directed frames hold both (a, b) and (b, a); non-directed frames keep
        ``ccode1 < ccode2``. Directedness is recorded on the frame, never guessed.
    start, end : int, optional
        First and last year; default the state-system release's coverage
        (1816 and 2016), never today's date.
    system : {"cow"}
        The state system (only COW so far).
    data_dir : path, optional
        Folder of processed tables (default: ``ALLIANCESTATS_DATA_DIR``, then
        ``data/processed``); recorded on the frame for later verbs.

    Returns
    -------
    DataFrame
        ``ccode1``, ``ccode2``, ``year`` (int16), sorted by them, with the
        panel record in ``attrs["alliancestats"]``.

    Examples
    --------
    >>> import alliancestats as als
    >>> ddy = als.create_dyad_years(directed=True, start=1816, end=2016)  # doctest: +SKIP
    >>> len(ddy), ddy.attrs["alliancestats"]["dropped_non_overlapping"]  # doctest: +SKIP
    (1912290, 60)
    >>> len(als.create_dyad_years(directed=False, start=1816, end=2016))  # doctest: +SKIP
    956145
    """
    first, last = coverage("cow_states_2016")
    start = first if start is None else int(start)
    end = last if end is None else int(end)
    states = load_states(data_dir, system)
    spells = state_year_spells(states, start, end)
    # a (state x year) membership matrix: every pair of states and every year at once, with no sort —
    # pairs are enumerated in code order and years in order, so the rows come out sorted by
    # (ccode1, ccode2, year)
    codes, s_idx = np.unique(spells["ccode"].to_numpy(), return_inverse=True)
    y0 = int(spells["year"].min()) if len(spells) else start
    ny = (int(spells["year"].max()) - y0 + 1) if len(spells) else 0
    y_idx = spells["year"].to_numpy().astype(np.int64) - y0
    member = np.zeros((len(codes), ny), dtype=bool)
    member[s_idx, y_idx] = True
    partial_year = np.zeros((len(codes), ny), dtype=bool)  # not a member on every day of the year
    partial_year[s_idx[~spells["full_year"].to_numpy()], y_idx[~spells["full_year"].to_numpy()]] = True
    a, b = np.meshgrid(np.arange(len(codes)), np.arange(len(codes)), indexing="ij")
    keep = a < b if not directed else a != b
    a, b = a[keep], b[keep]
    # (pair x year) masks combined in place: each is ~10 MB on the full system, and fresh memory costs
    both = member[a]
    both &= member[b]
    # pairs where both were members all year certainly overlap; check the rest day by day
    check = partial_year[a]
    check |= partial_year[b]
    check &= both
    dropped = 0
    if check.any():
        pi, yi = np.divmod(np.flatnonzero(check), ny)
        cand = pd.DataFrame({"ccode1": codes[a[pi]], "ccode2": codes[b[pi]], "year": (yi + y0).astype("int16"),
                             "_row": np.arange(len(pi))})
        s1 = spells.rename(columns={"ccode": "ccode1", "first_day": "f1", "last_day": "l1"})[["ccode1", "year", "f1", "l1"]]
        s2 = spells.rename(columns={"ccode": "ccode2", "first_day": "f2", "last_day": "l2"})[["ccode2", "year", "f2", "l2"]]
        chk = cand.merge(s1, on=["ccode1", "year"]).merge(s2, on=["ccode2", "year"])
        chk["ov"] = np.maximum(chk["f1"], chk["f2"]) <= np.minimum(chk["l1"], chk["l2"])
        ok = chk.groupby("_row", sort=False)["ov"].any()
        bad = ok.index.to_numpy()[~ok.to_numpy()]
        dropped = len(bad)
        both[pi[bad], yi[bad]] = False
    # row-major, as the mask is stored: by pair (ccode1, then ccode2), then year. Repeating each pair's codes
    # by its count of years and masking a broadcast year row writes the int16 columns directly, with no
    # int64 row positions (45 MB of fresh memory on the full system)
    n_years = both.sum(axis=1)
    out = pd.DataFrame({"ccode1": np.repeat(codes[a].astype("int16"), n_years),
                        "ccode2": np.repeat(codes[b].astype("int16"), n_years),
                        "year": np.broadcast_to(np.arange(y0, y0 + ny, dtype="int16"), both.shape)[both]})
    return set_panel_info(out, unit="dyad_year", directed=directed, data_dir=data_dir, system=system,
                          start=start, end=end, sources=[states.attrs["provenance"]["dataset_id"]],
                          dropped_non_overlapping=int(dropped))
