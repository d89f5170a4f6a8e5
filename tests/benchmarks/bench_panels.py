"""Benchmark: full directed dyad-year panel 1816-2016 from processed Parquet.

Run: python tests/benchmarks/bench_panels.py [PROCESSED_DIR]
(default: ingest $ALLIANCESTATS_REAL_DATA into a temp dir first).
Prints wall seconds per step, total, peak RSS and the frame's shape.
Reference: peacesciencer builds the same panel in ~28.5 s, 2.16 GB peak.
"""
from __future__ import annotations

import os
import resource
import sys
import tempfile
import time

import alliancestats as als


def main(argv):
    ddir = argv[1] if len(argv) > 1 else None
    if ddir is None:
        ddir = tempfile.mkdtemp(prefix="bench_processed_")
        als.ingest(os.environ["ALLIANCESTATS_REAL_DATA"], ddir)
    steps = [
        ("create_dyad_years", lambda d: als.create_dyad_years(True, 1816, 2016, data_dir=ddir)),
        ("add_alliances(atop)", lambda d: als.add_alliances(d, source="atop")),
        ("add_disputes(gml)", lambda d: als.add_disputes(d, source="gml")),
        ("add_capabilities", als.add_capabilities),
        ("add_contiguity", als.add_contiguity),
        ("add_major_powers", als.add_major_powers),
        ("add_peace_years", lambda d: als.add_peace_years(d, "gmlmidongoing")),
    ]
    base = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    d = None
    t0 = time.perf_counter()
    for name, f in steps:
        t = time.perf_counter()
        d = f(d)
        print(f"{name:22s} {time.perf_counter() - t:6.2f} s")
    total = time.perf_counter() - t0
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"total {total:.2f} s; rows {len(d):,}; columns {d.shape[1]}; "
          f"peak RSS {peak:.0f} MB (process, {base:.0f} MB before the pipeline); frame {d.memory_usage(deep=True).sum() / 1e6:.0f} MB")


if __name__ == "__main__":
    main(sys.argv)
