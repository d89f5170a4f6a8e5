"""alliancestats: quantitative research on military alliances.

Data flow: raw releases -> :mod:`alliancestats.raw` -> processed Parquet
(:func:`load`) -> panels -> models -> analyses.

At top level:

- data: :func:`ingest` (release files -> Parquet with provenance),
  :func:`load`, :func:`datasets`, :func:`cite`, :func:`resolve_data_dir`;
- panels, one verb per source, chained with ``DataFrame.pipe``:
  :func:`create_state_years`, :func:`create_dyad_years`, ``add_*``,
  :func:`filter_politically_relevant`, :func:`explain`, and the ``df.als``
  accessor (:func:`panel_summary`);
- errors: :class:`AllianceStatsError` and its subclasses.

Research designs live in subpackages: :mod:`alliancestats.deterrence`,
:mod:`alliancestats.fulfillment`, :mod:`alliancestats.burden`,
:mod:`alliancestats.models`, :mod:`alliancestats.multiverse`.

Examples
--------
>>> import alliancestats as als
>>> ddy = (als.create_dyad_years(directed=True, start=1816, end=2010)  # doctest: +SKIP
...          .pipe(als.add_alliances, source="atop")
...          .pipe(als.add_disputes, source="gml"))
"""
from ._version import __version__
from .cite import cite
from .config import resolve_data_dir
from .errors import AllianceStatsError, IngestError, JoinError, MissingDataError
from .raw import datasets, ingest
from .panels import *  # noqa: F401,F403  (verbs at top level: als.create_dyad_years, ...)
from .panels import __all__ as _panel_all
from .store import load

#: research subpackages imported on first use (``als.burden``, ...): they pull in scipy and
#: statsmodels (about 1.3 s and 65 MB), which data and panel work never needs
_LAZY = ("burden", "deterrence", "fulfillment", "models", "multiverse")


def __getattr__(name):
    if name in _LAZY:
        import importlib

        return importlib.import_module(f".{name}", __name__)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__():
    return sorted({*globals(), *_LAZY})

__all__ = [
    "__version__", "cite", "resolve_data_dir", "AllianceStatsError", "IngestError", "JoinError",
    "MissingDataError", "datasets", "ingest", "load", *_panel_all,
]
