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


def write_text(path: Path, text: str, *, newline: str = "\n", encoding: str = "utf-8", bom: bool = False) -> Path:
    """Write a hand-made fixture file with chosen line endings / encoding."""
    path.parent.mkdir(parents=True, exist_ok=True)
    body = text.strip("\n").replace("\n", newline) + newline
    data = body.encode(encoding)
    if bom:
        data = b"\xef\xbb\xbf" + data
    path.write_bytes(data)
    return path
