"""Shared fixtures.

Real-data tier: tests that take ``real_dir`` or ``real_processed`` read the
directory named by ``ALLIANCESTATS_REAL_DATA`` and skip cleanly when it is
unset. ``real_processed`` ingests that directory once per session.
"""
from __future__ import annotations

import os
from pathlib import Path

import pytest

from alliancestats.config import ENV_REAL_DATA


@pytest.fixture(scope="session")
def real_dir() -> Path:
    val = os.environ.get(ENV_REAL_DATA)
    if not val:
        pytest.skip(f"{ENV_REAL_DATA} not set: real-data tier skipped")
    path = Path(val)
    if not path.is_dir():
        pytest.fail(f"{ENV_REAL_DATA}={val} is not a directory")
    return path


@pytest.fixture(scope="session")
def real_processed(real_dir, tmp_path_factory) -> Path:
    """All real raw data ingested once into a session temp dir."""
    import alliancestats as als

    out = tmp_path_factory.mktemp("real_processed")
    report = als.ingest(real_dir, out)
    assert not report.failed, [t.error for t in report.failed]
    return out

from _util import write_text  # noqa: E402,F401  (re-exported for older imports)
