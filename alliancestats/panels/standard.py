"""``standard_dyad_years``: the standard directed dyad-year panel used by the analyses.

The peacesciencer-style pipeline (create_dyad_years -> ATOP alliances -> GML
disputes -> NMC capabilities -> contiguity -> major powers -> peace years)
plus the challenger-specific alliance variables of
:mod:`.add_challenger_alliances` with its default rules, evaluated on the
reference day (1 July; :mod:`alliancestats.deterrence` re-evaluates the rows
with a dispute on the dispute's start date). Built once by ``alliancestats reproduce``'s
panels stage and cached; an analysis given a processed directory without
the cache builds it with this same function, so both routes give the same
frame.
"""
from __future__ import annotations

import pandas as pd

from .add_alliances import add_alliances
from .add_capabilities import add_capabilities
from .add_challenger_alliances import add_challenger_alliances
from .add_contiguity import add_contiguity
from .add_disputes import add_disputes
from .add_major_powers import add_major_powers
from .add_peace_years import add_peace_years
from .create_dyad_years import create_dyad_years


def standard_dyad_years(data_dir=None, start: int | None = None, end: int | None = None) -> pd.DataFrame:
    """Directed dyad-years with ATOP obligations (and challenger-specific variables), GML disputes,
    NMC capabilities, contiguity, major powers and GML peace years (``gmlmidspell``, cubic, spline).

    Parameters
    ----------
    data_dir : path, optional
        Folder of processed tables.
    start, end : int, optional
        First and last year (default the state system's 1816-2016).

    Returns
    -------
    DataFrame
        The directed panel with the columns of each verb in the order above.

    Examples
    --------
    >>> import alliancestats as als
    >>> ddy = als.standard_dyad_years(start=1816, end=2010)  # doctest: +SKIP
    """
    return (create_dyad_years(True, start, end, data_dir=data_dir)
            .pipe(add_alliances, source="atop")
            .pipe(add_challenger_alliances)
            .pipe(add_disputes, source="gml")
            .pipe(add_capabilities)
            .pipe(add_contiguity)
            .pipe(add_major_powers)
            .pipe(add_peace_years, event="gmlmidongoing"))
