"""Benchmark: wall time and peak memory of the full reproduction (real data and the synthetic sample).

Run: python tests/benchmarks/bench_reproduce.py [real] [sample] [--analyses-dir DIR]
(default: both; "real" needs ALLIANCESTATS_REAL_DATA; ``--analyses-dir`` with
an empty folder times the infrastructure alone: ingest, panels, report,
manifest). Each scenario runs in a
fresh subprocess so its peak RSS is its own: first a cold run into an empty
output folder (ingest, panels, every analysis, report, manifest), then a
second, warm run on the same folder (everything up to date). Prints per-stage
seconds, total wall time (including interpreter start and imports) and peak
RSS. Goal on the reference machine: real data under 60 s cold.
"""
from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
import tempfile
import time

from _need import fail, raw_dir

USAGE = "python tests/benchmarks/bench_reproduce.py [real] [sample] [--analyses-dir DIR]"


def _one(kind: str, out: str, adir: str | None) -> None:
    t0 = time.perf_counter()
    from alliancestats.reproduce import reproduce

    if kind == "real":
        res = reproduce(raw_dir(__file__, USAGE), out, analyses_dir=adir)
    else:
        res = reproduce(out_dir=out, sample=True, analyses_dir=adir)
    wall = time.perf_counter() - t0
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"wall": wall, "peak_mb": peak,
                      "stages": [[s.stage, s.status, round(s.seconds, 2)] for s in res.stages]}))


def _scenario(kind: str, adir: str | None) -> None:
    out = tempfile.mkdtemp(prefix=f"bench_reproduce_{kind}_")
    for label in ("cold", "warm"):
        t = time.perf_counter()
        cmd = [sys.executable, __file__, "--one", kind, out] + ([adir] if adir else [])
        p = subprocess.run(cmd, capture_output=True, text=True)
        wall = time.perf_counter() - t
        if p.returncode:
            print(f"{kind} {label}: FAILED\n{p.stderr[-2000:]}")
            return
        r = json.loads(p.stdout.strip().splitlines()[-1])
        print(f"{kind:6s} {label}: {wall:6.1f} s wall (process), {r['wall']:6.1f} s in reproduce(), "
              f"peak RSS {r['peak_mb']:.0f} MB", flush=True)
        for stage, status, sec in r["stages"]:
            print(f"    {stage:32s} {status:8s} {sec:7.2f} s", flush=True)


def main(argv) -> None:
    if len(argv) > 1 and argv[1] == "--one":
        _one(argv[2], argv[3], argv[4] if len(argv) > 4 else None)
        return
    args = argv[1:]
    adir = None
    if "--analyses-dir" in args:
        i = args.index("--analyses-dir")
        adir = args[i + 1]
        del args[i:i + 2]
    kinds = args or ["real", "sample"]
    for k in kinds:
        if k not in ("real", "sample"):
            fail(__file__, USAGE, f"unknown scenario {k!r}: use real and/or sample")
        if k == "real":
            if kinds == ["real"]:
                raw_dir(__file__, USAGE)  # asked for real alone: a missing folder is an error
            elif not os.environ.get("ALLIANCESTATS_REAL_DATA"):
                print("real: skipped (ALLIANCESTATS_REAL_DATA not set; it names the raw release folder)")
                continue
        _scenario(k, adir)


if __name__ == "__main__":
    main(sys.argv)
