"""What a benchmark script needs (real raw files or a processed folder), checked before it starts.

A missing input is one clear message on stderr and exit status 2, never a
traceback: the scripts are run by hand (``python tests/benchmarks/bench_x.py``).
"""
from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

ENV = "ALLIANCESTATS_REAL_DATA"


def fail(script: str, usage: str, problem: str) -> None:
    """Print what is missing and how to run the script, then exit with status 2."""
    print(f"{Path(script).name}: {problem}\nusage: {usage}", file=sys.stderr)
    raise SystemExit(2)


def raw_dir(script: str, usage: str, given: str | None = None, arg: str = "RAW_DIR") -> str:
    """The raw release folder: ``given`` (an argument), else ``$ALLIANCESTATS_REAL_DATA``; it must exist."""
    raw = given or os.environ.get(ENV)
    if not raw:
        fail(script, usage, f"needs real data: pass {arg} or set {ENV} to the folder of raw release files "
                            f"(the one `alliancestats download` fills)")
    if not Path(raw).is_dir():
        fail(script, usage, f"raw folder {raw} does not exist")
    return raw


def processed_dir(script: str, usage: str, given: str | None = None) -> str:
    """A processed folder: ``given`` (must hold Parquet tables), else a fresh ingest of the real raw files."""
    if given:
        if not Path(given).is_dir() or not any(Path(given).glob("*.parquet")):
            fail(script, usage, f"{given} holds no processed tables; make it with "
                                f"`alliancestats ingest --raw-dir RAW --out {given}`")
        return given
    raw = raw_dir(script, usage + f"   (without PROCESSED_DIR: {ENV} is ingested into a temp folder)",
                  arg="PROCESSED_DIR (an `alliancestats ingest` output)")
    import alliancestats as als

    out = tempfile.mkdtemp(prefix="bench_processed_")
    print(f"ingesting {raw} into {out} (not timed) ...", file=sys.stderr, flush=True)
    als.ingest(raw, out)
    return out
