"""alliancestats: quantitative research on military alliances.

Data flow: raw releases -> :mod:`alliancestats.ingest` -> processed Parquet
(:func:`load`) -> panels -> models -> analyses.
"""
from ._version import __version__
from .config import resolve_data_dir
from .errors import AllianceStatsError, IngestError, JoinError, MissingDataError
from .ingest import datasets, ingest
from .store import load

__all__ = [
    "__version__", "resolve_data_dir", "AllianceStatsError", "IngestError", "JoinError",
    "MissingDataError", "datasets", "ingest", "load",
]
