"""Benchmark: full ingest of a raw directory into a fresh output directory.

Run: python tests/benchmarks/bench_ingest.py [RAW_DIR]   (default: $ALLIANCESTATS_REAL_DATA)
Prints wall seconds (cold, then the up-to-date re-run), peak RSS and row totals.
"""
from __future__ import annotations

import resource
import sys
import tempfile
import time

import alliancestats as als
from _need import raw_dir


def main(argv):
    raw = raw_dir(__file__, "python tests/benchmarks/bench_ingest.py [RAW_DIR]", argv[1] if len(argv) > 1 else None)
    out = tempfile.mkdtemp(prefix="bench_ingest_")
    t = time.perf_counter()
    rep = als.ingest(raw, out)
    cold = time.perf_counter() - t
    t = time.perf_counter()
    als.ingest(raw, out)
    warm = time.perf_counter() - t
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    done = [x for x in rep.tables if x.status == "written"]
    print(f"tables written {len(done)}, failed {len(rep.failed)}; raw records read {sum(x.rows_read for x in done):,}, "
          f"rows written {sum(x.rows_written for x in done):,}, rejected {sum(x.rows_rejected for x in done):,}")
    print(f"cold ingest {cold:.2f} s; up-to-date re-run {warm:.2f} s; peak RSS {peak:.0f} MB")


if __name__ == "__main__":
    main(sys.argv)
