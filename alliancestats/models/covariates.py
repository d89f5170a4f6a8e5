"""``add_covariates``: the user's own variables, merged onto a panel with validated keys.

Users bring covariates the library does not build (joint democracy,
foreign-policy similarity, distance ...) as a DataFrame keyed by

- ``on="state"``: ``ccode, year``. On dyad-year frames each column is
  attached for both sides, as ``<col>1`` (ccode1) and ``<col>2`` (ccode2);
- ``on="dyad"``: ``ccode1, ccode2, year``. ``dyad_directed`` must say what
  the user's table is: True = one row per ordered pair (values may differ
  by direction); False = one row per unordered pair (ccode1 < ccode2), which
  is matched to both directions of a directed frame.

Checks (errors, never silent): key columns present and without NA, integer
codes (a float code such as 2.5 is an error), keys unique in the user's
table, no column name clash, and at least one row of the frame matched.
Rows without a match get NA (not 0). The share of frame rows matched per
column is recorded in ``attrs["alliancestats"]["covariates"]``; a warning
is raised when fewer than ``warn_below`` of the rows matched.
"""
from __future__ import annotations

import warnings
from typing import Sequence

import numpy as np
import pandas as pd

from ..errors import JoinError, ModelInputError, PanelError, check_option
from ..panels._frame import carry, panel_info
from ..joins import merge_checked


def _int_keys(tab: pd.DataFrame, keys: Sequence[str]) -> pd.DataFrame:
    tab = tab.copy()
    for k in keys:
        if k not in tab.columns:
            raise JoinError(f"add_covariates: the covariate table has no key column {k!r}")
        v = pd.to_numeric(tab[k], errors="coerce")
        if v.isna().any():
            raise JoinError(f"add_covariates: key column {k!r} has missing or non-numeric values")
        if not np.all(np.mod(v.to_numpy(dtype="float64"), 1) == 0):
            raise JoinError(f"add_covariates: key column {k!r} has non-integer values")
        tab[k] = v.astype("int64").astype("int16")
    return tab


def add_covariates(df: pd.DataFrame, other: pd.DataFrame, on: str, columns: Sequence[str] | None = None, *,
                   dyad_directed: bool | None = None, warn_below: float = 0.5) -> pd.DataFrame:
    """Attach ``columns`` of ``other`` to the panel ``df``; see module docstring.

    Parameters
    ----------
    df : DataFrame
        A state-year or dyad-year panel of the library.
    other : DataFrame
        The user's table with the keys (``ccode, year`` or ``ccode1, ccode2, year``).
    on : {"state", "dyad"}
    columns : sequence of str, optional
        Columns of ``other`` to attach (default all non-key columns).
    dyad_directed : bool, optional
        Whether a dyadic ``other`` is directed (required for ``on="dyad"``).
    warn_below : float
        Warn when fewer than this share of panel rows find a value.

    Returns
    -------
    DataFrame
        ``df`` with the columns attached by a validated many-to-one join.

    Examples
    --------
    >>> panel = add_covariates(panel, my_table, "state", ["gdp_growth"])  # doctest: +SKIP
    """
    info = panel_info(df)
    check_option("add_covariates: on", on, ("state", "dyad"))  # keys ccode, year / ccode1, ccode2, year
    keys = ["ccode", "year"] if on == "state" else ["ccode1", "ccode2", "year"]
    cols = [c for c in other.columns if c not in keys] if columns is None else list(columns)
    unknown = [c for c in cols if c not in other.columns]
    if unknown:
        raise JoinError(f"add_covariates: the covariate table has no column(s) {unknown}")
    tab = _int_keys(other[[*keys, *cols]] if all(k in other.columns for k in keys) else other, keys)[[*keys, *cols]]
    if on == "dyad":
        if info["unit"] != "dyad_year":
            raise PanelError("add_covariates: on='dyad' needs a dyad-year frame (create_dyad_years())")
        if dyad_directed is None:
            raise ModelInputError("on='dyad': say whether the covariate table is directed (dyad_directed=True/False)")
        if not dyad_directed:
            if (tab["ccode1"] >= tab["ccode2"]).any():
                raise JoinError("add_covariates: a non-directed covariate table needs ccode1 < ccode2 on every row")
            if info["directed"]:
                rev = tab.rename(columns={"ccode1": "ccode2", "ccode2": "ccode1"})[tab.columns]
                tab = pd.concat([tab, rev], ignore_index=True)
        elif not info["directed"]:
            raise ModelInputError("a directed covariate table cannot be merged onto a non-directed frame unambiguously; "
                             "aggregate it to one row per unordered pair first")
        out = merge_checked(df, tab, keys, what="add_covariates(dyad)")
        new = cols
    elif info["unit"] == "state_year":
        out = merge_checked(df, tab, keys, what="add_covariates(state)")
        new = cols
    else:
        out = df
        for side in ("1", "2"):
            right = tab.rename(columns={"ccode": f"ccode{side}", **{c: f"{c}{side}" for c in cols}})
            out = merge_checked(out, right, [f"ccode{side}", "year"], what=f"add_covariates(state, side {side})")
        new = [f"{c}{s}" for c in cols for s in ("1", "2")]
    matched = {c: float(out[c].notna().mean()) if len(out) else 0.0 for c in new}
    nothing = [c for c, v in matched.items() if v == 0 and len(out)]
    if nothing:
        raise JoinError(f"add_covariates: column(s) {nothing} matched no row of the frame "
                        "(different country-code system or years?)")
    low = {c: round(v, 3) for c, v in matched.items() if v < warn_below}
    if low:
        warnings.warn(f"add_covariates: few frame rows matched: {low}", stacklevel=2)
    prev = dict(info.get("covariates", {}))
    prev.update(matched)
    return carry(df, out, covariates=prev)
