"""``add_capabilities``: COW National Material Capabilities and CINC-based balance.

Data: NMC 6.0 (Singer, Bremer & Stuckey 1972; Greig & Enterline 2021),
coverage 1816-2016 (or the newest NMC version ingested). Components:
``milex`` (thousands; current GBP before 1914, current US$ from 1914: do not
sum across the break), ``milper`` (thousands), ``irst`` (thousand tons),
``pec`` (thousand coal-ton equivalents), ``tpop``/``upop`` (thousands),
``cinc`` (Composite Index of National Capability, share of system total).

Dyad-years get each component for both sides (``cinc1``, ``cinc2``, ...) and
- ``capshare1`` = cinc1 / (cinc1 + cinc2): ccode1's share of the dyad's
  capabilities (Bremer 1992's capability proportion); ``capshare2`` = 1 - capshare1;
- ``capratio_ln`` = ln(max(cinc1, cinc2) / min(cinc1, cinc2)): log ratio of
  stronger to weaker (e.g. Bennett & Stam 2004);
- ``capratio12_ln`` = ln(cinc1 / cinc2), directed.
Missing NMC values are NaN (float64): when either side's CINC is missing, capshare and both
log ratios are NaN. A CINC of 0 gives an infinite log ratio, set to NaN.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from ._covariates import attach_float_state_vars
from ._frame import carry, data_dir_of, load_table, panel_info
from ..joins import assemble

COMPONENTS = ("milex", "milper", "irst", "pec", "tpop", "upop", "cinc")


def add_capabilities(df: pd.DataFrame, columns=COMPONENTS, *, data_dir=None, dataset_id: str | None = None) -> pd.DataFrame:
    """Attach NMC components and, on dyad-years, capability share and log ratios (module docstring).

    Parameters
    ----------
    df : DataFrame
        A state-year or dyad-year panel.
    columns : sequence of str
        NMC components to attach (default all of :data:`COMPONENTS`; ``cinc``
        is always added, the ratios need it).
    data_dir : path, optional
        Folder of processed tables (default: the one recorded on ``df``).
    dataset_id : str, optional
        A specific NMC version (``"nmc_5_0"``, ``"nmc_6_0"``, ``"nmc_7_0"``);
        default the newest ingested.

    Returns
    -------
    DataFrame
        ``df`` with each component (float64, NaN where NMC has no value or
        outside its coverage): as named on state-years, ``<col>1``/``<col>2``
        on dyad-years, followed there by ``capshare1``, ``capshare2``,
        ``capratio_ln`` and ``capratio12_ln`` (float64). Rows and their order
        are ``df``'s.

    Examples
    --------
    >>> import alliancestats as als
    >>> ddy = als.create_dyad_years(True, 1816, 2016).pipe(als.add_capabilities)  # doctest: +SKIP
    >>> ddy[["cinc1", "cinc2", "capshare1", "capratio_ln"]].describe()  # doctest: +SKIP
    """
    cols = list(columns)
    if "cinc" not in cols:
        cols.append("cinc")
    nmc = load_table("nmc_state_year", data_dir_of(df, data_dir), dataset_id, columns=["ccode", "year", *cols])
    # plain float64 with NaN for missing: half the memory traffic of masked Float64 on 2 M dyad-years
    out = attach_float_state_vars(df, nmc, cols, what="add_capabilities")
    if panel_info(df)["unit"] == "dyad_year":
        c1 = out["cinc1"].to_numpy(dtype="float64", na_value=np.nan)
        c2 = out["cinc2"].to_numpy(dtype="float64", na_value=np.nan)
        # in place, and no scratch array that is not kept: on 2 M rows each new float64 array is 15 MB of
        # fresh memory, whose first touch (page faults) costs more than the arithmetic on it
        with np.errstate(divide="ignore", invalid="ignore"):
            share = c1 + c2
            none = ~(share > 0)  # no capabilities on either side (or one unknown): no share
            np.divide(c1, share, out=share)
            share[none] = np.nan
            # np.maximum/np.minimum propagate NaN (np.fmax/np.fmin would return the other side's CINC,
            # turning a missing side into a log ratio of 0, i.e. parity)
            r = np.maximum(c1, c2)
            share2 = np.minimum(c1, c2)  # the weaker side's CINC until r is divided by it
            r /= share2
            np.subtract(1.0, share, out=share2)
            np.log(r, out=r)
            r[~np.isfinite(r)] = np.nan
            r12 = c1 / c2
            np.log(r12, out=r12)
            r12[~np.isfinite(r12)] = np.nan
        out = assemble(out, {"capshare1": share, "capshare2": share2, "capratio_ln": r,
                             "capratio12_ln": r12}, what="add_capabilities")
    return carry(df, out, source=nmc.attrs["provenance"]["dataset_id"])
