"""``add_wars``: COW Inter-State War 4.0 participation (Sarkees & Wayman 2010).

Coverage 1816-2007. Dyad-years (opponents on opposite sides whose
participation overlaps, see :mod:`._event_dyads`; both spells of a
participant are used):
``cowwar_ongoing``, ``cowwar_onset``, ``cowwar_warnum`` (lowest war number
when several), ``cowwar_side1``/``cowwar_side2`` (COW side 1 or 2),
``cowwar_initiator1``/``2`` (COW ``Initiator`` = 1: the state was on the side
that initiated the war), ``cowwar_n`` (wars ongoing), and ``cowwar_allied``
(both fought on the same side of some war that year).
State-years: ``cowwar_ongoing``, ``cowwar_onset``, ``cowwar_initiator``.
Outside 1816-2007: NA.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from ..spells import expand_spells
from ._event_dyads import opposing_pairs, reduce_to_one
from ._frame import carry, data_dir_of, fill_covered, load_table, panel_info, source_coverage
from ..joins import merge_checked


def war_spells(data_dir=None, dataset_id: str | None = None) -> tuple[pd.DataFrame, tuple[int, int], str]:
    """Participant spells (both spells of a participant stacked) with start/end dates."""
    w = load_table("cow_war_participant", data_dir, dataset_id)
    cov = source_coverage(w)
    base = ["warnum", "ccode", "side", "initiator"]
    s1 = w[base + ["start_date1", "end_date1"]].rename(columns={"start_date1": "start", "end_date1": "end"})
    s2 = w[base + ["start_date2", "end_date2"]].rename(columns={"start_date2": "start", "end_date2": "end"})
    sp = pd.concat([s1, s2.dropna(subset=["start"])], ignore_index=True)
    return sp, cov, w.attrs["provenance"]["dataset_id"]


def add_wars(df: pd.DataFrame, *, data_dir=None, dataset_id: str | None = None) -> pd.DataFrame:
    """Attach COW inter-state war participation (see the module docstring for the columns).

    Parameters
    ----------
    df : DataFrame
        A state-year or dyad-year panel.
    data_dir : path, optional
        Folder of processed tables (default: the one recorded on ``df``).
    dataset_id : str, optional
        A specific ingested version; default the newest (4.0).

    Returns
    -------
    DataFrame
        ``df`` with the ``cowwar_*`` columns: indicators Int8 (0 inside
        1816-2007 without a war, NA outside), ``cowwar_n`` Int16, and on
        dyad-years the war number (Int16), sides and initiator flags (Int8) of
        the war kept (NA without one). Rows and their order are ``df``'s.

    Examples
    --------
    >>> import alliancestats as als
    >>> sy = als.create_state_years(1914, 1918).pipe(als.add_wars)  # doctest: +SKIP
    >>> sy.groupby("year")["cowwar_ongoing"].sum()  # doctest: +SKIP
    """
    info = panel_info(df)
    sp, cov, ds_id = war_spells(data_dir_of(df, data_dir), dataset_id)
    if info["unit"] == "state_year":
        sy = expand_spells(sp, "start", "end", ["warnum", "ccode", "initiator", "start"], cov[0], cov[1])
        sy["onset"] = (sy["year"] == sy.groupby(["warnum", "ccode"])["start"].transform("min").dt.year).astype("int8")
        sy["ini"] = (sy["initiator"] == 1).astype("int8")
        g = sy.assign(ccode=sy["ccode"].astype("int16")).groupby(["ccode", "year"], sort=True)
        agg = pd.DataFrame({"cowwar_ongoing": np.int8(1), "cowwar_onset": g["onset"].max(),
                            "cowwar_initiator": g["ini"].max()}).reset_index()
        out = merge_checked(df, agg, ["ccode", "year"], what="add_wars")
        out = fill_covered(out, ["cowwar_ongoing", "cowwar_onset", "cowwar_initiator"], cov)
        return carry(df, out, source=ds_id)
    dy = opposing_pairs(sp, event="warnum", side="side", first=cov[0], last=cov[1], keep=["initiator"])
    if not info["directed"]:
        dy = dy[dy["ccode1"] < dy["ccode2"]]
    one = reduce_to_one(dy, event="warnum", order=[("onset", False)])
    res = pd.DataFrame({
        "ccode1": one["ccode1"], "ccode2": one["ccode2"], "year": one["year"],
        "cowwar_ongoing": np.int8(1), "cowwar_onset": (one["n_onsets"] > 0).astype("int8"),
        "cowwar_warnum": one["warnum"].astype("Int16"),
        "cowwar_side1": one["side1"].astype("Int8"), "cowwar_side2": one["side2"].astype("Int8"),
        "cowwar_initiator1": (one["initiator1"] == 1).astype("Int8"),
        "cowwar_initiator2": (one["initiator2"] == 1).astype("Int8"),
        "cowwar_n": one["n_events"].astype("Int16"),
    })
    # same side of a common war in the year (allied in war)
    yrs = expand_spells(sp, "start", "end", ["warnum", "ccode", "side"], cov[0], cov[1]).drop_duplicates()
    same = yrs.merge(yrs, on=["warnum", "year", "side"], suffixes=("1", "2"))
    same = same[same["ccode1"] != same["ccode2"]][["ccode1", "ccode2", "year"]].drop_duplicates()
    same = same.astype("int16").assign(cowwar_allied=np.int8(1))
    out = merge_checked(df, res, ["ccode1", "ccode2", "year"], what="add_wars")
    out = merge_checked(out, same, ["ccode1", "ccode2", "year"], what="add_wars (allied)")
    out = fill_covered(out, ["cowwar_ongoing", "cowwar_onset", "cowwar_allied"], cov)
    out = fill_covered(out, ["cowwar_n"], cov, dtype="Int16")
    return carry(df, out, source=ds_id)
