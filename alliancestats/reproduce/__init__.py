"""One-command reproduction: raw data -> processed Parquet -> panels -> every analysis -> report + manifest.

``alliancestats reproduce --sample`` (offline synthetic world) or
``alliancestats reproduce --raw-dir DIR``; in Python::

    from alliancestats.reproduce import reproduce
    res = reproduce(sample=True, out_dir="results/sample")
    print(res.summary())

See :mod:`.runner` for the stages, :mod:`.report` and :mod:`.manifest` for
what is written, :mod:`.panels` for the cached standard panels analyses can
read with :func:`load_panel`.
"""
from .manifest import MANIFEST_NAME, git_revision, package_versions
from .panels import PANELS, PanelSpec, get_panel, load_panel
from .runner import (SAMPLE_DATASETS, AnalysisSpec, NoDataError, ReproduceResult, StageError, StageResult,
                     discover_analyses, no_data_message, reproduce)

__all__ = [
    "reproduce", "ReproduceResult", "StageResult", "StageError", "NoDataError", "no_data_message",
    "discover_analyses", "AnalysisSpec", "load_panel", "get_panel", "PANELS", "PanelSpec", "SAMPLE_DATASETS",
    "MANIFEST_NAME", "git_revision", "package_versions",
]
