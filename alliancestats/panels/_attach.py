"""Attach state-year variables to state-year or dyad-year frames (validated)."""
from __future__ import annotations

from typing import Sequence

import pandas as pd

from ._frame import panel_info
from ..joins import merge_checked


def attach_state_vars(df: pd.DataFrame, sv: pd.DataFrame, cols: Sequence[str], *, what: str) -> pd.DataFrame:
    """Merge ``sv`` (keyed by ccode, year; unique) onto ``df``.

    State-year frames get the columns as named; dyad-year frames get
    ``<col>1`` for ccode1 and ``<col>2`` for ccode2.
    """
    sv = sv[["ccode", "year", *cols]]
    if panel_info(df)["unit"] == "state_year":
        return merge_checked(df, sv, ["ccode", "year"], what=what)
    out = df
    for side in ("1", "2"):
        right = sv.rename(columns={"ccode": f"ccode{side}", **{c: f"{c}{side}" for c in cols}})
        out = merge_checked(out, right, [f"ccode{side}", "year"], what=f"{what} (side {side})")
    return out


def expand_spells(spells: pd.DataFrame, start_col: str, end_col: str, keep: Sequence[str],
                  first: int, last: int) -> pd.DataFrame:
    """One row per spell and calendar year it touches, clipped to [first, last]."""
    import numpy as np

    sp = spells.dropna(subset=[start_col]).reset_index(drop=True)
    y0 = sp[start_col].dt.year.to_numpy().astype("int64")
    end = sp[end_col]
    y1 = end.dt.year.fillna(last).to_numpy().astype("int64")
    y0c, y1c = np.maximum(y0, first), np.minimum(y1, last)
    n = np.clip(y1c - y0c + 1, 0, None)
    idx = np.repeat(np.arange(len(sp)), n)
    offs = np.arange(n.sum()) - np.repeat(np.cumsum(n) - n, n)
    out = sp.loc[idx, list(keep)].reset_index(drop=True)
    out["year"] = (y0c[idx] + offs).astype("int16")
    return out
