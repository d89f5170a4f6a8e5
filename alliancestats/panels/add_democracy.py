"""``add_democracy``, ``add_joint_democracy``, ``add_weak_link``: regime scores and the dyadic democracy codings.

Data: peacesciencer's ``ccode_democracy`` (Miller 2022; package release 1.1,
table ``peacesciencer_ccode_democracy``), coverage 1816-2020, COW codes:

- ``polity2``: Polity IV combined democracy-autocracy score, -10..10
  (Marshall, Gurr & Jaggers 2017; Polity release 2017);
- ``v2x_polyarchy``: V-Dem electoral democracy index, 0..1 (Coppedge et al.
  2020; V-Dem v10);
- ``xm_qudsest``: Marquez's (2016) extension of the Unified Democracy Scores
  (Pemstein, Meserve & Melton 2010), a latent scale with mean about 0.

A state-year absent from the table, or a score the source leaves empty, is
NA (never 0); years outside 1816-2020 are NA.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from ..errors import OptionError
from ._covariates import add_state_covariates, check_measures
from ._frame import carry, require_dyads

MEASURES = ("polity2", "v2x_polyarchy", "xm_qudsest")
#: Conventional democracy thresholds by measure: Polity2 >= 6 ("coherent democracy"; Marshall, Gurr &
#: Jaggers' manual; used for joint democracy by e.g. Russett & Oneal 2001). The other scales have no
#: single convention, so the caller must choose.
THRESHOLDS = {"polity2": 6}
RANGES = {"polity2": (-10, 10), "v2x_polyarchy": (0, 1), "xm_qudsest": (-np.inf, np.inf)}


def add_democracy(df: pd.DataFrame, *, measures=MEASURES, data_dir=None, dataset_id: str | None = None) -> pd.DataFrame:
    """Attach democracy scores to state-years or dyad-years.

    Parameters
    ----------
    df : state-year or (directed / non-directed) dyad-year frame.
    measures : any of ``"polity2"``, ``"v2x_polyarchy"``, ``"xm_qudsest"``
        (default all three); see the module docstring for scales and sources.
    data_dir, dataset_id : where the processed table is / which release.

    Returns
    -------
    State-years get the columns as named; dyad-years get ``<measure>1``
    (ccode1) and ``<measure>2`` (ccode2). float64, NaN = missing or outside
    1816-2020.

    Raises
    ------
    OptionError for an unknown measure; AllianceStatsError when every year of
    the frame is outside 1816-2020; MissingDataError when the table is not
    ingested (run ``alliancestats ingest`` on a folder holding
    ``ccode_democracy.rda``).

    Examples
    --------
    >>> import alliancestats as als
    >>> ddy = als.create_dyad_years(False, 1950, 2000).pipe(als.add_democracy, measures="polity2")  # doctest: +SKIP
    """
    cols = check_measures("measures", measures, MEASURES)
    return add_state_covariates(df, "peacesciencer_ccode_democracy", cols, verb="add_democracy",
                                source="peacesciencer ccode_democracy", data_dir=data_dir, dataset_id=dataset_id)


def _sides(df: pd.DataFrame, measure: str, verb: str, data_dir) -> tuple[pd.DataFrame, np.ndarray, np.ndarray]:
    """The frame with ``<measure>1``/``<measure>2`` (added when absent) and the two sides as float arrays."""
    check_measures("measure", measure, MEASURES)
    require_dyads(df, verb)
    have = {f"{measure}1", f"{measure}2"} <= set(df.columns)
    out = df if have else add_democracy(df, measures=(measure,), data_dir=data_dir)
    a = out[f"{measure}1"].to_numpy(dtype="float64", na_value=np.nan)
    b = out[f"{measure}2"].to_numpy(dtype="float64", na_value=np.nan)
    return out, a, b


def add_joint_democracy(df: pd.DataFrame, *, measure: str = "polity2", threshold: float | None = None,
                        data_dir=None) -> pd.DataFrame:
    """Joint democracy: ``jointdem`` = 1 if both states score at least ``threshold`` on ``measure``.

    The dyadic democratic-peace coding: a dyad is jointly democratic when
    both sides are democracies, by default Polity2 >= 6 on both sides (the
    Polity manual's "democracy" band; the convention of e.g. Russett & Oneal
    2001, *Triangulating Peace*, and Johnson & Leeds 2011). ``jointdem`` is
    Int8: 1 both at or above, 0 otherwise, **NA if either side is NA**.

    Parameters
    ----------
    measure : ``"polity2"`` (default), ``"v2x_polyarchy"`` or ``"xm_qudsest"``.
    threshold : defaults to 6 for polity2; required for the other measures
        (no single convention; e.g. 0.5 on V-Dem polyarchy), and must lie
        within the measure's range.

    Uses ``<measure>1``/``<measure>2`` when present, else calls
    :func:`add_democracy` first (and keeps its columns). Dyad-years only.

    Returns
    -------
    DataFrame
        ``df`` with ``jointdem`` (Int8) and, when they were not there, the
        two sides' scores.

    Examples
    --------
    >>> import alliancestats as als
    >>> ddy = als.create_dyad_years(False, 1950, 2000).pipe(als.add_joint_democracy)  # doctest: +SKIP
    """
    if threshold is None:
        if measure not in THRESHOLDS:
            check_measures("measure", measure, MEASURES)
            raise OptionError(
                f"add_joint_democracy: {measure} has no conventional democracy threshold; pass threshold= "
                f"(a value in {RANGES[measure][0]}..{RANGES[measure][1]}), e.g. threshold=0.5")
        threshold = THRESHOLDS[measure]
    lo, hi = RANGES.get(measure, (-np.inf, np.inf))
    if not lo <= threshold <= hi:
        raise OptionError(f"add_joint_democracy: threshold={threshold} is outside the range of {measure} "
                                 f"({lo}..{hi})")
    out, a, b = _sides(df, measure, "add_joint_democracy", data_dir)
    out = out.copy(deep=False)
    na = np.isnan(a) | np.isnan(b)
    both = (a >= threshold) & (b >= threshold)
    out["jointdem"] = pd.arrays.IntegerArray(both.astype("int8"), na)
    return carry(out, out, jointdem={"measure": measure, "threshold": threshold})


def add_weak_link(df: pd.DataFrame, *, measure: str = "polity2", data_dir=None) -> pd.DataFrame:
    """Weak-link democracy: ``demlow`` = min and ``demhigh`` = max of the two sides' scores on ``measure``.

    Dixon (1994, APSR 88:14) and Oneal & Russett (1997, ISQ 41:267): the
    less democratic state of the dyad constrains it most, so the lower score
    enters the model (the higher one as a control). float64, NaN if either
    side is NaN. Uses ``<measure>1``/``<measure>2`` when present, else calls
    :func:`add_democracy` first. Dyad-years only.

    Parameters
    ----------
    df : DataFrame
        A directed or non-directed dyad-year panel.
    measure : {"polity2", "v2x_polyarchy", "xm_qudsest"}
        The democracy score (default Polity2).
    data_dir : path, optional
        Folder of processed tables.

    Returns
    -------
    DataFrame
        ``df`` with ``demlow`` and ``demhigh`` (float64) and, when they were
        not there, the two sides' scores.

    Examples
    --------
    >>> import alliancestats as als
    >>> ddy = als.create_dyad_years(False, 1950, 2000).pipe(als.add_weak_link)  # doctest: +SKIP
    """
    out, a, b = _sides(df, measure, "add_weak_link", data_dir)
    out = out.copy(deep=False)
    out["demlow"] = np.minimum(a, b)  # np.minimum propagates NaN: a missing side leaves the dyad missing
    out["demhigh"] = np.maximum(a, b)
    return carry(out, out, weak_link={"measure": measure})


__all__ = ["add_democracy", "add_joint_democracy", "add_weak_link", "MEASURES"]
