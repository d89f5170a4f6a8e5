"""``add_contiguity``: COW Direct Contiguity 3.2 (Stinnett et al. 2002, CMPS 19:59).

``conttype``: 0 none, 1 land (or river) border, 2 separated by up to 12
miles of water, 3 up to 24, 4 up to 150, 5 up to 400 miles of water.
``landcontig``: conttype == 1. Coverage 1816-2016; outside it both are NA.
A covered dyad-year absent from the contiguity file is 0 (not contiguous):
the file lists contiguous dyads only. State-year frames get ``n_land_borders``.
"""
from __future__ import annotations

import pandas as pd

from ._frame import carry, data_dir_of, fill_covered, load_table, panel_info, source_coverage
from ._attach import attach
from ..joins import assemble, merge_checked


def add_contiguity(df: pd.DataFrame, *, data_dir=None, dataset_id: str | None = None) -> pd.DataFrame:
    """Attach COW direct contiguity (see the module docstring for the codes).

    Parameters
    ----------
    df : DataFrame
        A state-year or dyad-year panel.
    data_dir : path, optional
        Folder of processed tables (default: the one recorded on ``df``).
    dataset_id : str, optional
        A specific ingested version; default the newest (3.2).

    Returns
    -------
    DataFrame
        Dyad-years: ``df`` with ``conttype`` (Int8, 0-5) and ``landcontig``
        (Int8); state-years: ``n_land_borders`` (Int16). 0 inside the
        coverage (1816-2016) when the file lists no contiguity, NA outside.
        Rows and their order are ``df``'s.

    Examples
    --------
    >>> import alliancestats as als
    >>> ddy = als.create_dyad_years(True, 1816, 2016).pipe(als.add_contiguity)  # doctest: +SKIP
    >>> ddy["conttype"].value_counts()  # doctest: +SKIP
    """
    cont = load_table("cow_contiguity_directed_dyad_year", data_dir_of(df, data_dir), dataset_id,
                      columns=["ccode1", "ccode2", "year", "conttype"])
    cov = source_coverage(cont)
    c = cont[["ccode1", "ccode2", "year", "conttype"]].copy()
    for k in ("ccode1", "ccode2", "year"):
        c[k] = c[k].astype("int16")
    # closest type if a dyad-year were listed twice
    c = c.groupby(["ccode1", "ccode2", "year"], sort=False, as_index=False)["conttype"].min()
    info = panel_info(df)
    if info["unit"] == "state_year":
        land = c[c["conttype"] == 1].groupby(["ccode1", "year"]).size().rename("n_land_borders").reset_index()
        out = merge_checked(df, land.rename(columns={"ccode1": "ccode"}), ["ccode", "year"], what="add_contiguity")
        out = fill_covered(out, ["n_land_borders"], cov, dtype="Int16")
        return carry(df, out, source=cont.attrs["provenance"]["dataset_id"])
    if not info["directed"]:
        c = c[c["ccode1"] < c["ccode2"]]
    out = attach(df, c, ["ccode1", "ccode2", "year"], what="add_contiguity", fill={"conttype": "Int8"}, cov=cov)
    ct = out["conttype"].array
    out = assemble(out, {"landcontig": pd.arrays.IntegerArray((ct._data == 1).astype("int8"), ct._mask.copy())},
                   what="add_contiguity")
    return carry(df, out, source=cont.attrs["provenance"]["dataset_id"])
