"""``add_gdp``: GDP, population, GDP per capita and surplus domestic product (Anders, Fariss & Markowitz 2020).

Data: peacesciencer's ``cow_sdp_gdp`` (Miller 2022; package release 1.1,
table ``peacesciencer_cow_sdp_gdp``), COW codes, coverage 1800-2016. The
values are the simulation-based estimates of Anders, Fariss & Markowitz
(2020, ISQ 64:392), built on the World Bank and Maddison series:

- ``wbgdp2011est``: GDP, 2011 US$;
- ``wbpopest``: population;
- ``wbgdppc2011est``: GDP per capita, 2011 US$;
- ``sdpest``: surplus domestic product (GDP above subsistence).

**Every column is log(x + 1), rounded to 3 decimals, exactly as
peacesciencer ships it** (no transformation here). For levels use
``np.expm1(value)``; the rounding limits them to about 0.1% precision.
A state-year absent from the table is NA, never 0.
"""
from __future__ import annotations

import pandas as pd

from ._covariates import add_state_covariates, check_measures

COLUMNS = ("wbgdp2011est", "wbpopest", "wbgdppc2011est", "sdpest")


def add_gdp(df: pd.DataFrame, *, columns=COLUMNS, data_dir=None, dataset_id: str | None = None) -> pd.DataFrame:
    """Attach the Anders-Fariss-Markowitz estimates (log(x+1) as shipped; see the module docstring).

    Parameters
    ----------
    df : state-year or (directed / non-directed) dyad-year frame.
    columns : any of ``wbgdp2011est``, ``wbpopest``, ``wbgdppc2011est``,
        ``sdpest`` (default all four).

    Returns
    -------
    State-years: the columns as named; dyad-years: ``<col>1`` and
    ``<col>2``. float64, NaN = missing or outside 1800-2016.

    Raises
    ------
    OptionError for an unknown column; AllianceStatsError when every year of
    the frame is outside 1800-2016; MissingDataError when
    ``peacesciencer_cow_sdp_gdp`` is not ingested (``cow_sdp_gdp.rda``).

    Examples
    --------
    >>> import alliancestats as als
    >>> sy = als.create_state_years(1950, 2016).pipe(als.add_gdp, columns=["wbgdp2011est"])  # doctest: +SKIP
    """
    cols = check_measures("columns", columns, COLUMNS)
    return add_state_covariates(df, "peacesciencer_cow_sdp_gdp", cols, verb="add_gdp",
                                source="peacesciencer cow_sdp_gdp (Anders et al. 2020)", data_dir=data_dir,
                                dataset_id=dataset_id)
