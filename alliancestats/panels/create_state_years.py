"""``create_state_years``: the state-year universe of the COW state system."""
from __future__ import annotations

import pandas as pd

from ..raw.catalog import coverage
from ._frame import set_panel_info
from ._universe import load_states, state_year_spells


def create_state_years(start: int | None = None, end: int | None = None, *, system: str = "cow",
                       data_dir=None) -> pd.DataFrame:
    """State-years of the COW state system (COW State System Membership v2016).

    A state entering or leaving mid-year counts for the whole year.

    Data: Correlates of War Project (2017), State System Membership v2016,
    coverage 1816-2016.

    Parameters
    ----------
    start, end : int, optional
        First and last year; default the release's coverage (1816 and 2016),
        never today's date.
    system : {"cow"}
        The state system (only COW so far).
    data_dir : path, optional
        Folder of processed tables; recorded on the frame for later verbs.

    Returns
    -------
    DataFrame
        ``ccode`` (int16) and ``year`` (int16), sorted, with the panel record
        in ``attrs["alliancestats"]``.

    Examples
    --------
    >>> import alliancestats as als
    >>> sy = als.create_state_years(1816, 2016)  # doctest: +SKIP
    >>> sy.pipe(als.add_alliances).pipe(als.add_disputes)  # doctest: +SKIP
    """
    first, last = coverage("cow_states_2016")
    start = first if start is None else int(start)
    end = last if end is None else int(end)
    states = load_states(data_dir, system)
    sy = state_year_spells(states, start, end)[["ccode", "year"]].drop_duplicates()
    sy = sy.sort_values(["ccode", "year"], kind="stable").reset_index(drop=True)
    return set_panel_info(sy, unit="state_year", data_dir=data_dir, system=system, start=start, end=end,
                          sources=[states.attrs["provenance"]["dataset_id"]])
