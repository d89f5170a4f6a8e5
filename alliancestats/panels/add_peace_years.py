"""``add_peace_years``: years since the last event, cubic terms and a spline basis.

Duration dependence in binary time-series cross-section data: Beck, Katz &
Tucker (1998, AJPS 42:1260) model it with a counter of years since the last
event and a cubic spline of it; Carter & Signorino (2010, Political Analysis
18:271) with t, t^2 and t^3.

Counter convention (BKT's ``btscs``, and peacesciencer's): in each unit's
first observed year the counter is 0; it rises by one each year; in an event
year it holds the number of event-free years before the event; the year after
an event it is 0 again. So an event in year t gives spell(t) = years since
the previous event (or since the unit entered) and spell(t+1) = 0.

Gaps: when a dyad (or state) leaves the panel and re-enters later (a member
left the state system), ``gap="restart"`` (default) starts a new spell at
re-entry, since nothing is known about the pair while it did not exist;
``gap="skip"`` counts observed years across the gap as if they were
consecutive (peacesciencer's row-based behaviour). Years whose event value is
NA (outside the event source's coverage) get NA, and the spell restarts after
them. The result never depends on row order: rows are sorted internally and
returned in the caller's order.
"""
from __future__ import annotations

import warnings
from dataclasses import dataclass

import numpy as np
import pandas as pd

from ._frame import carry, panel_info
from ..errors import ModelInputError, check_option
from ..joins import assemble


def _quantiles(t: pd.Series, probs) -> np.ndarray:
    """``np.quantile(t.dropna(), probs)`` (numpy's linear rule), exactly.

    A counter (small non-negative integers, a few hundred distinct values on
    2 M rows) needs no sort: the two order statistics around each quantile
    come from the cumulative value counts, and numpy interpolates between them
    as on the whole array (``np.quantile([a, b], g)`` at the fractional
    position ``g`` is the same interpolation). Other data: ``np.quantile``.
    """
    arr = t.array
    if isinstance(arr, pd.arrays.IntegerArray):
        vals = arr._data[~arr._mask]
    elif t.dtype.kind in "iu":
        vals = t.to_numpy()
    else:
        return np.quantile(t.dropna().to_numpy(dtype=float), probs)
    if not len(vals) or vals.min() < 0 or vals.max() > 1_000_000:
        return np.quantile(vals.astype(float), probs)
    cum = np.cumsum(np.bincount(vals))
    n = len(vals)
    h = (n - 1) * np.asarray(probs, dtype=float)  # numpy's virtual index
    lo = np.floor(h)
    at = lo.astype(np.int64)
    a = np.searchsorted(cum, at, side="right")  # the at-th smallest value
    b = np.searchsorted(cum, np.minimum(at + 1, n - 1), side="right")
    return np.array([np.quantile(np.array([ai, bi], dtype=float), gi) for ai, bi, gi in zip(a, b, h - lo)])


@dataclass(frozen=True)
class PeaceSpline:
    """Restricted (natural) cubic spline basis of the peace-years counter.

    Harrell (2001, *Regression Modeling Strategies*, sec. 2.4.5) restricted
    cubic splines: linear beyond the outer knots, k knots give k-1 columns
    (the first is t itself). Knots are fixed when fitted, so the same basis
    can be evaluated on new data for prediction: ``spline.transform(t)``.

    Parameters
    ----------
    knots : tuple of float
        At least three increasing knots.

    Examples
    --------
    >>> import pandas as pd
    >>> from alliancestats import PeaceSpline
    >>> sp = PeaceSpline.fit(pd.Series(range(101)), n_knots=3)
    >>> sp.knots
    (10.0, 50.0, 90.0)
    >>> sp.transform([0.0, 50.0, 100.0])  # 40^3/80^2 = 10; (90^3 - 2*50^3 + 10^3)/80^2 = 75
       spline1  spline2
    0      0.0      0.0
    1     50.0     10.0
    2    100.0     75.0
    """

    knots: tuple[float, ...]

    @classmethod
    def fit(cls, t: pd.Series, n_knots: int = 4) -> "PeaceSpline":
        """Knots at Harrell's recommended quantiles of the observed counter (numpy's linear rule).

        ``n_knots`` 3, 4 or 5 (Harrell 2001, sec. 2.4.5); raises
        :class:`~alliancestats.errors.ModelInputError` when fewer than three
        distinct knots result.
        """
        probs = {3: (0.10, 0.5, 0.90), 4: (0.05, 0.35, 0.65, 0.95), 5: (0.05, 0.275, 0.5, 0.725, 0.95)}[n_knots]
        knots = tuple(sorted({float(q) for q in _quantiles(pd.Series(t), probs)}))  # numpy's default (linear) rule
        if len(knots) < 3:
            raise ModelInputError(f"too few distinct spline knots ({knots}): the counter barely varies")
        return cls(knots)

    def transform(self, t) -> pd.DataFrame:
        x = np.asarray(pd.Series(t, dtype="Float64").to_numpy(dtype=float, na_value=np.nan))
        k = np.asarray(self.knots)
        kk = len(k)
        scale = (k[-1] - k[0]) ** 2
        cols = {"spline1": x}

        def pos3(v):
            v = np.maximum(v, 0.0)  # NaN stays NaN
            return v * v * v

        for j in range(kk - 2):
            term = (pos3(x - k[j])
                    - pos3(x - k[-2]) * (k[-1] - k[j]) / (k[-1] - k[-2])
                    + pos3(x - k[-1]) * (k[-2] - k[j]) / (k[-1] - k[-2]))
            cols[f"spline{j + 2}"] = term / scale
        return pd.DataFrame(cols, index=t.index if isinstance(t, pd.Series) else None)


def _default_event(df: pd.DataFrame) -> str:
    for c in ("gmlmidongoing", "cowmidongoing", "midongoing", "dispute_ongoing"):
        if c in df.columns:
            return c
    raise ModelInputError("no event column found: pass event='<column>' (e.g. a dispute onset or ongoing column)")


def _sorted_by(cols: list[np.ndarray]) -> bool:
    """Whether rows are already in lexicographic order of ``cols`` (so no sort is needed)."""
    n = len(cols[0])
    if n < 2:
        return True
    later = np.zeros(n - 1, dtype=bool)  # row i+1 is already after row i on an earlier column
    for c in cols:
        d1, d0 = c[1:], c[:-1]
        if not (later | (d1 >= d0)).all():
            return False
        later |= d1 > d0
    return True


def peace_years(df: pd.DataFrame, event: str, keys: list[str], gap: str = "restart") -> pd.Series:
    """The counter alone (see module docstring for the convention).

    One pass over the rows in (unit, year) order: a spell restarts at a new
    unit, after an event or an unknown year, and (``gap="restart"``) after a
    missing year; the counter is the distance to the spell's first row. A
    panel already in that order (as every verb returns it) is not sorted.
    """
    check_option("gap", gap, ("restart", "skip"))
    cols = [df[k].to_numpy() for k in keys] + [df["year"].to_numpy()]
    order = None if _sorted_by(cols) else np.lexsort(cols[::-1])  # by keys, then year; stable
    k = cols if order is None else [c[order] for c in cols]
    yr = k[-1].astype(np.int32)  # years; int32 (not int64) halves the memory traffic on 2 M rows
    n = len(yr)
    same_unit = np.ones(max(n - 1, 0), dtype=bool)
    for c in k[:-1]:
        same_unit &= c[1:] == c[:-1]
    if n > 1 and (same_unit & (yr[1:] == yr[:-1])).any():
        raise ModelInputError(f"duplicate {keys + ['year']} rows: peace years need one row per unit-year")
    ev = pd.array(df[event], dtype="Int8")
    na = np.asarray(ev.isna())
    evb = ev.to_numpy(dtype="int8", na_value=0) > 0
    if order is not None:
        na, evb = na[order], evb[order]
    reset = np.ones(n, dtype=bool)
    if n > 1:
        reset[1:] = ~same_unit | (evb | na)[:-1]  # new unit, or the row after an event / unknown year
        if gap == "restart":
            reset[1:] |= yr[1:] != yr[:-1] + 1
    pos = np.arange(n, dtype=np.int32 if n < 2**31 else np.int64)
    block_start = np.maximum.accumulate(np.where(reset, pos, 0))
    if order is None:
        spell, na_out = pos - block_start, na
    else:
        spell = np.empty(n, dtype=np.int64)
        spell[order] = pos - block_start  # back to the caller's row order
        na_out = np.empty(n, dtype=bool)
        na_out[order] = na
    return pd.Series(pd.arrays.IntegerArray(spell.astype("int16"), na_out), index=df.index)


def add_peace_years(df: pd.DataFrame, event: str | None = None, *, prefix: str | None = None,
                    gap: str = "restart", cubic: bool = True, spline_knots: int | None = 4) -> pd.DataFrame:
    """Add the peace-years counter ``<prefix>spell``, its square and cube, and a spline basis.

    Counter convention (Beck, Katz & Tucker 1998; peacesciencer's) and gap
    handling in the module docstring. Spells run per directed dyad in
    directed frames, per non-directed dyad otherwise, per state in state-year
    frames; the result does not depend on row order.

    Parameters
    ----------
    df : DataFrame
        A state-year or dyad-year panel.
    event : str, optional
        A 0/1 column (e.g. ``gmlmidongoing``, the default when present, or an
        onset column); NA years get an NA counter and restart the spell.
    prefix : str, optional
        Column prefix; default ``event`` without "ongoing"/"onset"
        (``gmlmidongoing`` -> ``gmlmidspell``).
    gap : {"restart", "skip"}
        A unit that leaves the panel and re-enters starts a new spell
        (``"restart"``, default) or counts across the gap (``"skip"``,
        peacesciencer's row-based behaviour).
    cubic : bool, default True
        Also ``<prefix>spell2`` and ``<prefix>spell3`` (Carter & Signorino 2010).
    spline_knots : {3, 4, 5} or None, default 4
        Knots of the restricted cubic spline basis (:class:`PeaceSpline`,
        Harrell 2001); ``None`` for none. The knots are stored in
        ``attrs["alliancestats"]["peace_spline"]`` so
        ``PeaceSpline(knots).transform(t)`` reproduces the basis on new data.

    Returns
    -------
    DataFrame
        ``df`` with ``<prefix>spell`` (Int16), ``<prefix>spell2`` and
        ``<prefix>spell3`` (Int32) and ``<prefix>spline1..k-1`` (float64).

    Examples
    --------
    >>> import pandas as pd
    >>> import alliancestats as als
    >>> sy = als.set_panel_info(pd.DataFrame({"ccode": [2] * 6, "year": range(1900, 1906),
    ...                                       "war": [0, 0, 1, 0, 0, 0]}), unit="state_year")
    >>> als.add_peace_years(sy, "war", spline_knots=None)["warspell"].tolist()
    [0, 1, 2, 0, 1, 2]
    """
    info = panel_info(df)
    event = event or _default_event(df)
    if event not in df.columns:
        raise ModelInputError(f"event column {event!r} not in the frame; pass event='<column>' naming a 0/1 "
                              "column of the frame (e.g. one added by add_disputes)")
    prefix = prefix if prefix is not None else event.replace("ongoing", "").replace("onset", "")
    keys = ["ccode"] if info["unit"] == "state_year" else ["ccode1", "ccode2"]
    spell = peace_years(df, event, keys, gap)
    name = f"{prefix}spell"
    new = {name: spell.array}
    t, na = spell.array._data.astype("int32"), spell.array._mask
    if cubic:  # spells stay below 1290, so t^3 fits int32
        t2 = t * t
        new[f"{name}2"] = pd.arrays.IntegerArray(t2, na.copy())
        new[f"{name}3"] = pd.arrays.IntegerArray(t2 * t, na.copy())
    updates = {}
    if spline_knots:
        try:
            sp = PeaceSpline.fit(spell, spline_knots)
        except ValueError as err:
            warnings.warn(f"peace-years spline skipped: {err}", stacklevel=2)
            spline_knots = None
    if spline_knots:
        # the basis is a function of the counter alone: evaluate it once per counter value and gather
        # (the same floating-point operations per value, so the same numbers as on every row)
        table = sp.transform(np.arange(int(t.max(initial=0)) + 1, dtype=float))
        at = t.astype(np.intp)  # gathers index by intp: convert once, not in each of the gathers
        at[na] = len(table)
        for c in table.columns:
            new[f"{prefix}{c}"] = np.append(table[c].to_numpy(), np.nan)[at]
        updates["peace_spline"] = {"column": name, "knots": list(sp.knots)}
    out = assemble(df, new, what="add_peace_years")
    updates["peace_years"] = {"event": event, "gap": gap, "column": name}
    return carry(df, out, **updates)
