"""Reading source tables for the fulfillment coding: required columns and dates on one unit."""
from __future__ import annotations

import pandas as pd

from ..errors import DataError


def source_columns(frame: pd.DataFrame, columns: list[str], table: str) -> pd.DataFrame:
    """A copy of ``frame[columns]``; :class:`~alliancestats.errors.DataError` naming ``table`` when any is missing."""
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise DataError(f"{table}: missing column(s) {missing}")
    return frame[columns].copy()


def dates(x) -> pd.Series:
    """datetime64[s] (sources mix [ms] and [s]; compare on one unit)."""
    return pd.to_datetime(x).astype("datetime64[s]")
