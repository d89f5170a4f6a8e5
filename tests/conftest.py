"""Shared fixtures.

Real-data tier: tests that take ``real_dir``, ``real_processed`` or
``real_reproduce`` read the directory named by ``ALLIANCESTATS_REAL_DATA`` and
skip cleanly when it is unset. Each expensive real-data step runs at most
once per test session:

- ``real_processed``: every real raw file ingested once;
- ``real_reproduce``: ``alliancestats reproduce`` on the real data once
  (every analysis, report, manifest), on a copy of ``real_processed`` so its
  ingest stage verifies the tables and skips them instead of ingesting again.
  Tests of the analyses on real data read its output folders
  (``real_reproduce.out_dir / <analysis>``) instead of running them again.
"""
from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from alliancestats.config import ENV_REAL_DATA


def pytest_configure(config):
    """Make a relative ``ALLIANCESTATS_REAL_DATA`` absolute for the whole session.

    Users naturally write ``ALLIANCESTATS_REAL_DATA=../shared/data/real``; tests that
    change directory, make symlinks or start notebook kernels elsewhere would
    resolve it against the wrong folder.
    """
    val = os.environ.get(ENV_REAL_DATA)
    if val:
        os.environ[ENV_REAL_DATA] = str(Path(val).expanduser().resolve())


@pytest.fixture(scope="session")
def sample_processed(tmp_path_factory) -> Path:
    """The committed synthetic sample world (data/raw/sample) ingested once per session.

    Tests only read it (the analyses add their cached standard panel under ``panels/``).
    """
    import alliancestats as als
    from alliancestats.synth import SAMPLE_DIR

    out = tmp_path_factory.mktemp("sample_processed")
    rep = als.ingest(SAMPLE_DIR, out)
    assert not rep.failed, [t.error for t in rep.failed]
    # a folder marked synthetic ingests without "unknown release" warnings
    assert not any(t.warnings for t in rep.tables), [t.warnings for t in rep.tables if t.warnings]
    return out


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


@pytest.fixture(scope="session")
def real_reproduce(real_dir, real_processed, tmp_path_factory):
    """``reproduce`` on the real data, once per session (a :class:`~alliancestats.reproduce.ReproduceResult`).

    Reads a copy of ``real_processed`` (its tables are up to date, so the
    ingest stage only verifies them; a panel cache already built there is
    reused). Read-only for tests: the output is shared.
    """
    from alliancestats.reproduce import reproduce

    root = tmp_path_factory.mktemp("real_reproduce")
    processed = root / "processed"
    shutil.copytree(real_processed, processed)
    return reproduce(real_dir, root / "out", processed_dir=processed)


from _util import write_text  # noqa: E402,F401  (re-exported for older imports)
