"""``create_state_years``: the state-year universe of the COW state system."""
from __future__ import annotations

import pandas as pd

from ..raw.catalog import coverage
from ._frame import set_panel_info
from ._universe import load_states, state_year_spells


def create_state_years(start: int | None = None, end: int | None = None, *, system: str = "cow",
                       data_dir=None) -> pd.DataFrame:
    """State-years of the COW state system (COW State System Membership v2016).

    A state entering or leaving mid-year counts for the whole year. ``end``
    defaults to the last year of the state-system release (2016), never to
    today's date. Returns ``ccode`` (int16) and ``year`` (int16), sorted.

    Data: Correlates of War Project (2017), State System Membership v2016,
    coverage 1816-2016.
    """
    first, last = coverage("cow_states_2016")
    start = first if start is None else int(start)
    end = last if end is None else int(end)
    states = load_states(data_dir, system)
    sy = state_year_spells(states, start, end)[["ccode", "year"]].drop_duplicates()
    sy = sy.sort_values(["ccode", "year"], kind="stable").reset_index(drop=True)
    return set_panel_info(sy, unit="state_year", data_dir=data_dir, system=system, start=start, end=end,
                          sources=[states.attrs["provenance"]["dataset_id"]])
