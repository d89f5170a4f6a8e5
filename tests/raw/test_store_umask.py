"""Processed tables and ingest reports honour the umask (a shared lab folder must be able to read them)."""
from __future__ import annotations

import os

import pandas as pd
import pytest

from alliancestats.store import read_meta, write_parquet, write_text_atomic


@pytest.mark.parametrize("mask, mode", [(0o022, 0o644), (0o002, 0o664), (0o077, 0o600)])
def test_parquet_and_text_files_get_the_umask_mode(tmp_path, mask, mode):
    old = os.umask(mask)
    try:
        pq = tmp_path / "t.parquet"
        write_parquet(pd.DataFrame({"a": [1, 2]}), pq, {"dataset_id": "x", "table_id": "t"})
        txt = write_text_atomic(tmp_path / "ingest_report.json", "{}\n")
    finally:
        os.umask(old)
    assert oct(pq.stat().st_mode & 0o777) == oct(mode) and oct(txt.stat().st_mode & 0o777) == oct(mode)
    assert read_meta(pq)["table_id"] == "t" and txt.read_bytes() == b"{}\n"
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]  # no temp file left behind
