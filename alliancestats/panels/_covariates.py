"""What the covariate verbs share: option checks, coverage checks, state-year attachment, dyad lookups."""
from __future__ import annotations

from typing import Sequence

import numpy as np
import pandas as pd

from ..errors import AllianceStatsError, OptionError, check_option
from ._attach import attach_state_vars
from ._frame import carry, data_dir_of, load_table, source_coverage
from ..joins import merge_checked


def check_measures(name: str, requested, valid: Sequence[str]) -> list[str]:
    """``requested`` as a list (a single string allowed); every entry one of ``valid`` (else OptionError)."""
    req = [requested] if isinstance(requested, str) else list(requested)
    if not req:
        raise OptionError(f"{name}: ask for at least one of {', '.join(map(repr, valid))}")
    for m in req:
        check_option(name, m, tuple(valid))
    return req


def frame_years(df: pd.DataFrame) -> np.ndarray:
    return df["year"].to_numpy(dtype="int64")


def require_coverage(df: pd.DataFrame, cov: tuple[int, int], *, verb: str, source: str, fix: str = "") -> None:
    """Raise if no year of the frame is inside the source's coverage (partial overlap: NA outside, no error)."""
    y = frame_years(df)
    if len(y) and not ((y >= cov[0]) & (y <= cov[1])).any():
        raise AllianceStatsError(
            f"{verb}: {source} covers {cov[0]}-{cov[1]}, but every year of this frame ({y.min()}-{y.max()}) is "
            f"outside it, so every value would be NA. Restrict the frame to {cov[0]}-{cov[1]}"
            + (f" or {fix}" if fix else "") + ".")




def attach_float_state_vars(df: pd.DataFrame, table: pd.DataFrame, cols: Sequence[str], *, what: str) -> pd.DataFrame:
    """Attach state-year columns as float64 (NaN = missing or not covered); dyads get ``<col>1``/``<col>2``."""
    # built column by column in numpy: pandas' frame-wide astype costs ~15 ms even on 16,000 state-years
    sv = pd.DataFrame({"ccode": table["ccode"].to_numpy(dtype="int16"), "year": table["year"].to_numpy(dtype="int16"),
                       **{c: table[c].to_numpy(dtype="float64", na_value=np.nan) for c in cols}})
    return attach_state_vars(df, sv, cols, what=what)


def add_state_covariates(df: pd.DataFrame, table_id: str, cols: Sequence[str], *, verb: str, source: str,
                         data_dir=None, dataset_id: str | None = None) -> pd.DataFrame:
    """Load a state-year table, check the frame's years against its coverage, attach ``cols``, record the source."""
    tab = load_table(table_id, data_dir_of(df, data_dir), dataset_id)
    require_coverage(df, source_coverage(tab), verb=verb, source=source)
    out = attach_float_state_vars(df, tab, cols, what=verb)
    return carry(df, out, source=tab.attrs["provenance"]["dataset_id"])


def dyad_lookup(df: pd.DataFrame, table: pd.DataFrame, cols: Sequence[str], *, what: str,
                symmetric: bool = True) -> dict[str, np.ndarray]:
    """Values of ``cols`` for each row's (ccode1, ccode2, year) from a non-directed ``table`` (ccode1 < ccode2).

    ``symmetric``: the value of (a, b) is that of (min, max). Returns arrays in the frame's row order.
    """
    c1 = df["ccode1"].to_numpy(dtype="int64")
    c2 = df["ccode2"].to_numpy(dtype="int64")
    keys = pd.DataFrame({"ccode1": np.minimum(c1, c2) if symmetric else c1,
                         "ccode2": np.maximum(c1, c2) if symmetric else c2,
                         "year": frame_years(df)})
    right = table[["ccode1", "ccode2", "year", *cols]]
    got = merge_checked(keys, right, ["ccode1", "ccode2", "year"], what=what)
    return {c: got[c].to_numpy(dtype="float64", na_value=np.nan) for c in cols}
