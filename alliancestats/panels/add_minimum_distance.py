"""``add_minimum_distance``: minimum distance between two states' territories (CShapes 2.0, via peacesciencer).

Data: peacesciencer's ``cow_mindist`` (Miller 2022; release 1.2, table
``peacesciencer_cow_mindist``): for each non-directed COW dyad-year, the
shortest distance in km between the two states' territories as drawn by
CShapes 2.0 (Schvitz et al. 2022; the approach of Weidmann, Kuse & Gleditsch
2010 and Gleditsch & Ward 2001). 0 means the territories touch (land
contiguity). Coverage 1886-2019: CShapes 2.0 starts after the Berlin
Conference, so 1816-1885 is NA. A covered dyad-year missing from the table
(a state CShapes does not draw that year) is NA, never 0 or a guess.
"""
from __future__ import annotations

import pandas as pd

from ._covariates import dyad_lookup, require_coverage
from ._frame import carry, data_dir_of, load_table, require_dyads, source_coverage


def add_minimum_distance(df: pd.DataFrame, *, data_dir=None, dataset_id: str | None = None) -> pd.DataFrame:
    """Attach ``mindist`` (km, float64) to a directed or non-directed dyad-year frame.

    The distance is symmetric: (a, b) and (b, a) get the same value. NaN
    outside 1886-2019 and for dyad-years the table lacks.

    Parameters
    ----------
    df : DataFrame
        A directed or non-directed dyad-year panel.
    data_dir : path, optional
        Folder of processed tables (default: the one recorded on ``df``).
    dataset_id : str, optional
        A specific ingested version; default the newest.

    Returns
    -------
    DataFrame
        ``df`` with ``mindist`` (float64 km).

    Raises
    ------
    AllianceStatsError for a state-year frame or when every year is outside
    1886-2019 (use :func:`add_capital_distance` for earlier years);
    MissingDataError when ``peacesciencer_cow_mindist`` is not ingested
    (``cow_mindist.rda``).

    Examples
    --------
    >>> import alliancestats as als
    >>> ddy = als.create_dyad_years(True, 1886, 2016).pipe(als.add_minimum_distance)  # doctest: +SKIP
    """
    require_dyads(df, "add_minimum_distance")
    tab = load_table("peacesciencer_cow_mindist", data_dir_of(df, data_dir), dataset_id)
    cov = source_coverage(tab)
    require_coverage(df, cov, verb="add_minimum_distance", source="peacesciencer cow_mindist (CShapes 2.0)",
                     fix="use add_capital_distance, which covers 1816 on")
    vals = dyad_lookup(df, tab, ["mindist"], what="add_minimum_distance")
    out = df.copy(deep=False)
    out["mindist"] = vals["mindist"]
    return carry(df, out, source=tab.attrs["provenance"]["dataset_id"])
