"""``filter_politically_relevant``: contiguous dyads or dyads with a major power.

Lemke & Reed (2001, JCR 45:126) after Maoz & Russett (1993): a dyad-year is
politically relevant when the two states are directly contiguous (here: any
COW direct contiguity type 1-5 by default, or land only) or at least one of
them is a major power. A dyad-year whose contiguity is NA (outside the
contiguity data's coverage) is kept when a major power is in it: missing
contiguity never drops a major-power dyad (a peacesciencer bug this avoids).
Rows whose relevance cannot be decided (contiguity NA and no major power)
are dropped and counted in ``attrs["alliancestats"]["pr_undecided_dropped"]``.
"""
from __future__ import annotations

import pandas as pd

from ._frame import carry, require_dyads
from ..errors import ModelInputError


def filter_politically_relevant(df: pd.DataFrame, *, max_conttype: int = 5) -> pd.DataFrame:
    """Keep politically relevant dyad-years (Lemke & Reed 2001; see the module docstring).

    Parameters
    ----------
    df : DataFrame
        A dyad-year panel with ``conttype`` (:func:`add_contiguity`) and
        ``cowmaj1``/``cowmaj2`` (:func:`add_major_powers`).
    max_conttype : int, default 5
        Highest COW contiguity type that counts as contiguous (5: up to 400
        miles of water, Maoz & Russett 1993; 1: land only).

    Returns
    -------
    DataFrame
        The relevant rows (index reset); the number of rows dropped as
        undecidable is in ``attrs["alliancestats"]["pr_undecided_dropped"]``.

    Raises
    ------
    ModelInputError
        When a needed column is missing (the message says which verb adds it).

    Examples
    --------
    >>> import pandas as pd
    >>> import alliancestats as als
    >>> d = pd.DataFrame({"ccode1": [2, 2, 20, 20], "ccode2": [20, 200, 200, 365], "year": 1950,
    ...                   "conttype": pd.array([1, 0, None, 0], dtype="Int8"),
    ...                   "cowmaj1": pd.array([1, 1, 0, 0], dtype="Int8"),
    ...                   "cowmaj2": pd.array([0, 1, 0, 0], dtype="Int8")})
    >>> d = als.set_panel_info(d, unit="dyad_year", directed=False)
    >>> pr = als.filter_politically_relevant(d)
    >>> pr[["ccode1", "ccode2"]].values.tolist(), pr.attrs["alliancestats"]["pr_undecided_dropped"]
    ([[2, 20], [2, 200]], 1)
    """
    require_dyads(df, "filter_politically_relevant")
    for c in ("conttype", "cowmaj1", "cowmaj2"):
        if c not in df.columns:
            raise ModelInputError(f"filter_politically_relevant needs {c!r}: run add_contiguity and add_major_powers first")
    ct = df["conttype"].astype("Float64")
    contig = (ct >= 1) & (ct <= max_conttype)
    major = (df["cowmaj1"].astype("Float64") == 1) | (df["cowmaj2"].astype("Float64") == 1)
    keep = (contig.fillna(False) | major.fillna(False)).to_numpy(dtype=bool)
    undecided = (ct.isna() & ~major.fillna(False)).to_numpy(dtype=bool)
    out = df.loc[keep].reset_index(drop=True)
    return carry(df, out, pr_undecided_dropped=int(undecided.sum()), pr_max_conttype=max_conttype)
