"""``reproduce`` never loses processed data, never mixes synthetic and real tables, and serialises runs.

The expensive stages are replaced where the property under test does not
need them (the lock test runs a stand-in for the stages in two processes).
"""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pandas as pd
import pytest

from alliancestats import store
from alliancestats.reproduce import StageError, reproduce
from alliancestats.reproduce import runner
from alliancestats.synth import SAMPLE_DIR

_CHILD = """
import os, sys, time
from pathlib import Path
from alliancestats.reproduce import runner

def fake_run(raw, out, processed, sample, only, analyses_dir, force, say, bar=None):
    log = Path(os.environ["ALS_LOG"])
    with open(log, "a") as fh:
        fh.write(f"start {os.getpid()}\\n")
    (out / "shared.txt").write_text(str(os.getpid()))
    time.sleep(0.5)
    assert (out / "shared.txt").read_text() == str(os.getpid())  # nobody else wrote in between
    with open(log, "a") as fh:
        fh.write(f"end {os.getpid()}\\n")
    return None

runner._run = fake_run
runner.reproduce(sys.argv[1], sys.argv[2])
"""


def test_two_runs_into_one_output_directory_are_serialised(tmp_path):
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "x.csv").write_text("a\n1\n")
    out, log = tmp_path / "out", tmp_path / "log.txt"
    env = {**os.environ, "ALS_LOG": str(log), "PYTHONDONTWRITEBYTECODE": "1"}
    procs = [subprocess.Popen([sys.executable, "-c", _CHILD, str(raw), str(out)], env=env,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for _ in range(2)]
    for p in procs:
        _, err = p.communicate(timeout=120)
        assert p.returncode == 0, err
    events = [ln.split()[0] for ln in log.read_text().splitlines()]
    assert events == ["start", "end", "start", "end"]  # strictly one after the other
    assert (out / runner.LOCK).exists()


FAKE = '''
"""Fake analysis: counts states."""
import alliancestats as als
from alliancestats.outputs import write_results


def run(data_dir, out_dir, *, synthetic=False):
    res = {"n": int(als.load("cow_states", data_dir=data_dir)["ccode"].nunique())}
    write_results(res, out_dir / "results.json")
    return res
'''


def _analyses(tmp: Path) -> Path:
    d = tmp / "analyses"
    d.mkdir(exist_ok=True)
    (d / "count.py").write_text(textwrap.dedent(FAKE))
    return d


@pytest.fixture
def no_panels(monkeypatch):
    """The panels stage is not what these tests are about (and takes seconds on the sample)."""
    monkeypatch.setattr(runner, "PANELS", ())


def test_sample_run_refuses_a_processed_dir_with_real_tables(tmp_path, no_panels):
    proc = tmp_path / "real_processed"
    store.write_parquet(pd.DataFrame({"ccode": [2]}), proc / "cow_states_2016_states.parquet",
                        {"table_id": "cow_states_2016_states", "synthetic": False, "known_release": True})
    store.write_parquet(pd.DataFrame({"x": [1]}), proc / "atop_5_1_member.parquet",
                        {"table_id": "atop_5_1_member", "synthetic": False, "known_release": True})
    before = {p.name: p.read_bytes() for p in proc.iterdir()}
    with pytest.raises(StageError, match=r"refusing to write synthetic sample data into .*: it holds 2 real tables"):
        reproduce(out_dir=tmp_path / "out", sample=True, processed_dir=proc, analyses_dir=_analyses(tmp_path))
    after = {p.name: p.read_bytes() for p in proc.iterdir() if not p.name.startswith(".")}  # (the lock file)
    assert after == before  # nothing deleted or overwritten


def _states_only_raw(tmp_path) -> Path:
    """A raw dir with only the sample's COW state-system files (a partial raw directory)."""
    raw = tmp_path / "raw"
    raw.mkdir()
    for name in ("states2016.csv", "system2016.csv", "majors2016.csv"):
        shutil.copy(SAMPLE_DIR / name, raw / name)
    return raw


def test_partial_raw_dir_never_deletes_other_tables(tmp_path, no_panels):
    raw = _states_only_raw(tmp_path)
    proc = tmp_path / "proc"
    # a synthetic table this raw dir does not provide (e.g. from an earlier, fuller run)
    store.write_parquet(pd.DataFrame({"x": [1]}), proc / "atop_5_1_member.parquet",
                        {"table_id": "atop_5_1_member", "synthetic": True})
    res = reproduce(raw, tmp_path / "out", processed_dir=proc, analyses_dir=_analyses(tmp_path))
    assert (proc / "atop_5_1_member.parquet").exists()
    assert "1 tables already in" in res.stage("ingest").detail and "atop_5_1_member" in res.stage("ingest").detail
    assert res.results["count"]["n"] > 0
    # a kept table rewritten behind our back stops the run instead of being used
    import pyarrow as pa
    import pyarrow.parquet as pq

    p = proc / "atop_5_1_member.parquet"
    t = pq.read_table(p)
    pq.write_table(pa.table({"x": [2]}).replace_schema_metadata(t.schema.metadata), p)
    with pytest.raises(StageError, match="was modified after ingest"):
        reproduce(raw, tmp_path / "out", processed_dir=proc, analyses_dir=_analyses(tmp_path))


def test_tampered_processed_table_is_recreated_before_analyses_use_it(tmp_path, no_panels):
    raw = _states_only_raw(tmp_path)
    out = tmp_path / "out"
    first = reproduce(raw, out, analyses_dir=_analyses(tmp_path))
    p = out / "processed" / "cow_states_2016_states.parquet"
    good = p.read_bytes()
    import pyarrow as pa
    import pyarrow.parquet as pq

    t = pq.read_table(p)
    df = t.to_pandas().iloc[:3]  # drop most states, keep the provenance
    pq.write_table(pa.Table.from_pandas(df, preserve_index=False).replace_schema_metadata(t.schema.metadata), p)
    again = reproduce(raw, out, analyses_dir=_analyses(tmp_path))
    assert again.stage("ingest").status == "ran" and p.read_bytes() == good
    assert again.results["count"] == first.results["count"]
    doc = json.loads((out / "processed" / "ingest_report.json").read_text())
    assert any("modified after ingest" in n for t in doc["tables"] for n in t.get("notes", []))
