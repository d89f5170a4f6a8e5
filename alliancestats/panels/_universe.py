"""State-years and dyad-years from COW state-system membership spells.

Coding rules (COW State System Membership v2016 codebook; Correlates of War
Project 2017):
- A state is in the system in a year if any of its membership spells touches
  that year; a state entering or leaving mid-year counts for the whole year.
- A dyad-year exists when both states are members that year, except when
  their memberships never overlap on a single day of that year (e.g. one
  leaves in March and the other enters in June). Those pairs are dropped and
  counted. This is the rule behind peacesciencer's ``false_cow_dyads`` and
  EUGene's dyad generation.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from ..errors import check_option
from ..store import load
from ..spells import spell_years
from ._frame import year_bounds


def state_year_spells(states: pd.DataFrame, start: int, end: int) -> pd.DataFrame:
    """One row per state, spell and year, with the first and last member day in that year."""
    sp = states[["ccode", "start_date", "end_date"]].dropna().reset_index(drop=True)
    y1 = sp["end_date"].dt.year.to_numpy().astype("int64")
    idx, years = spell_years(sp["start_date"].dt.year.to_numpy().astype("int64"), y1, start, end)
    out = pd.DataFrame({
        "ccode": sp["ccode"].to_numpy()[idx].astype("int16"),
        "year": years.astype("int16"),
    })
    jan1, dec31 = year_bounds(out["year"].to_numpy())
    out["first_day"] = np.maximum(sp["start_date"].to_numpy()[idx].astype("datetime64[s]"), jan1)
    out["last_day"] = np.minimum(sp["end_date"].to_numpy()[idx].astype("datetime64[s]"), dec31)
    out["full_year"] = (out["first_day"].to_numpy() == jan1) & (out["last_day"].to_numpy() == dec31)
    return out


def load_states(data_dir, system: str) -> pd.DataFrame:
    check_option("system", system, ("cow",))  # only the COW state system so far
    return load("cow_states", data_dir=data_dir)
