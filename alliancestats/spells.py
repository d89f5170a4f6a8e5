"""Dated spells -> the years they count for: the library's one spell expansion.

Alliance membership (ATOP, COW), major-power status, war participation and
state-system membership are all recorded as dated spells; every panel verb
and research module that needs "in year y" goes through :func:`expand_spells`
(or its array core :func:`spell_years`), so the membership rule is chosen in
one place, by name.
"""
from __future__ import annotations

from typing import Sequence

import numpy as np
import pandas as pd

from .errors import check_option

__all__ = ["MEMBER_RULES", "expand_spells", "spell_years"]


#: membership rules of :func:`expand_spells` (which years a spell counts for)
MEMBER_RULES = ("any_day", "year_end")


def expand_spells(spells: pd.DataFrame, start_col: str, end_col: str, keep: Sequence[str],
                  first: int | None, last: int, *, rule: str = "any_day") -> pd.DataFrame:
    """One row per spell and year it counts for, clipped to [first, last]: the one spell -> years rule.

    Used for alliance membership (ATOP, COW), major-power status and war
    participation: which years a dated spell (membership, status,
    participation) counts for.

    Parameters
    ----------
    spells : DataFrame
        One row per spell; spells without a start are dropped.
    start_col, end_col : str
        Datetime columns; a missing end means "in effect at the end of the
        data" and runs to ``last``.
    keep : sequence of str
        Columns of ``spells`` carried to every spell-year.
    first, last : int
        Years outside [first, last] are dropped (``first=None``: no lower bound).
    rule : {"any_day", "year_end"}
        ``"any_day"`` (default): the spell counts for every calendar year in
        which it is in effect on at least one day. This is the rule of the
        ATOP yearly files (Leeds et al., ATOP 5.1 codebook, sec. 2.5: a state
        is in the state-year file "during the years they have any active
        alliance commitments"; sec. 2.6: dyads "during the years their shared
        alliance is in effect"), of COW's yearly alliance files and of the
        panels built from them by peacesciencer (Miller 2022), so it is what
        :func:`~alliancestats.add_alliances` and the state-year and dyad-year
        panels use. ``"year_end"``: the spell counts for year t only if it is
        in effect on 31 December of t (entry <= 31 Dec t, exit missing or >=
        31 Dec t): each state is counted once per year where one succeeds
        another mid-year (West Germany leaves NATO on 3 Oct 1990, unified
        Germany is in from 1990), which burden-sharing shares need
        (:mod:`alliancestats.burden.membership`).

    Returns
    -------
    DataFrame
        The ``keep`` columns and ``year`` (int16), in spell order, then year.

    Examples
    --------
    >>> import pandas as pd
    >>> from alliancestats.spells import expand_spells
    >>> sp = pd.DataFrame({"ccode": [260], "start": pd.to_datetime(["1955-05-06"]),
    ...                    "end": pd.to_datetime(["1957-10-03"])})
    >>> expand_spells(sp, "start", "end", ["ccode"], 1950, 2000)["year"].tolist()
    [1955, 1956, 1957]
    >>> expand_spells(sp, "start", "end", ["ccode"], 1950, 2000, rule="year_end")["year"].tolist()
    [1955, 1956]
    """
    check_option("rule", rule, MEMBER_RULES)
    sp = spells.dropna(subset=[start_col]).reset_index(drop=True)
    y0 = sp[start_col].dt.year.to_numpy().astype("int64")
    end = sp[end_col]
    y1 = end.dt.year.fillna(last).to_numpy().astype("int64")
    if rule == "year_end":  # a spell ending before 31 December does not count for its last year
        dec31 = end.notna() & (end.dt.month == 12) & (end.dt.day == 31)
        y1 = np.where(end.notna() & ~dec31.to_numpy(), y1 - 1, y1)
    idx, years = spell_years(y0, y1, first, last)
    out = sp.loc[idx, list(keep)].reset_index(drop=True)
    out["year"] = years.astype("int16")
    return out


def spell_years(y0: np.ndarray, y1: np.ndarray, first: int | None, last: int) -> tuple[np.ndarray, np.ndarray]:
    """For spells counting from year ``y0`` to ``y1`` (inclusive), clipped to [first, last]:
    the spell index and the year of each spell-year, in spell order (the core of :func:`expand_spells`)."""
    y0c = y0 if first is None else np.maximum(y0, first)
    y1c = np.minimum(y1, last)
    n = np.clip(y1c - y0c + 1, 0, None)
    idx = np.repeat(np.arange(len(n)), n)
    offs = np.arange(n.sum()) - np.repeat(np.cumsum(n) - n, n)
    return idx, y0c[idx] + offs
