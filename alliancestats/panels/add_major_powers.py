"""``add_major_powers``: COW major-power status (majors2016)."""
from __future__ import annotations

import pandas as pd

from ._attach import attach_state_vars
from ..spells import expand_spells
from ._frame import carry, data_dir_of, load_table, source_coverage


def add_major_powers(df: pd.DataFrame, *, data_dir=None) -> pd.DataFrame:
    """Add COW major-power status: ``cowmaj`` (state-years) or ``cowmaj1``/``cowmaj2``.

    A state is a major power in a year if any day of that year falls in one of
    its major-power spells (COW State System Membership v2016, majors2016;
    coverage 1816-2016; the ``"any_day"`` rule of :func:`alliancestats.spells.expand_spells`).

    Parameters
    ----------
    df : DataFrame
        A state-year or dyad-year panel.
    data_dir : path, optional
        Folder of processed tables (default: the one recorded on ``df``).

    Returns
    -------
    DataFrame
        ``df`` with ``cowmaj`` (state-years) or ``cowmaj1``/``cowmaj2``
        (dyad-years), Int8: 1 major power, 0 not, NA outside 1816-2016.

    Examples
    --------
    >>> import alliancestats as als
    >>> sy = als.create_state_years(1946, 1946).pipe(als.add_major_powers)  # doctest: +SKIP
    >>> sorted(sy.loc[sy.cowmaj == 1, "ccode"])  # doctest: +SKIP
    [2, 200, 220, 365]
    """
    majors = load_table("cow_majors", data_dir_of(df, data_dir))
    cov = source_coverage(majors)
    sy = expand_spells(majors, "start_date", "end_date", ["ccode"], cov[0], cov[1]).drop_duplicates()
    sy["cowmaj"] = 1
    sy["ccode"] = sy["ccode"].astype("int16")
    out = attach_state_vars(df, sy, ["cowmaj"], what="add_major_powers", fill={"cowmaj": "Int8"}, cov=cov)
    return carry(df, out, source=majors.attrs["provenance"]["dataset_id"])
