"""Benchmark: dyad-year panels 1816-2016 from processed Parquet (issue 16).

Run: python tests/benchmarks/bench_panels.py [PROCESSED_DIR] [--runs N] [--steps]
(default PROCESSED_DIR: ingest $ALLIANCESTATS_REAL_DATA into a temp dir first).

Three tasks, each run N times (default 3) in a *fresh Python process* (so no
cache of a previous run helps; imports, including the dataset catalog's
modules, are excluded from the time, as in the peacesciencer comparison
of issue 16):

- ``directed``: create_dyad_years(directed) 1816-2016 + add_alliances(atop)
  + add_disputes(gml) + add_capabilities + add_contiguity + add_major_powers
  + add_peace_years(gmlmidongoing): 1,912,290 rows;
- ``nondirected``: the same pipeline on non-directed dyad-years (956,145 rows);
- ``create``: create_dyad_years(directed) alone.

Printed per task: the median (and range) of wall-clock seconds and of CPU
seconds (``time.process_time``: less sensitive to other jobs on a shared
machine; split into user and kernel time: the kernel part is mostly page
faults on first touch of the frame's ~0.5 GB of new memory, and varies with
the machine's memory state, transparent huge pages included), and the
median peak RSS of the process (``ru_maxrss``: the
interpreter and imported libraries included; the RSS before the task is
shown too). ``--steps`` also prints the median CPU time of each verb.
The last lines are a Markdown table ready for the README.

Reference (issue 16, same machine kind): peacesciencer 1.2.9 builds the
directed pipeline in 17.6-19.2 s with 2.16 GB peak; create_dyad_years alone
takes about 6-7 s.
"""
from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile

TASKS = ("directed", "nondirected", "create")


def _child(ddir: str, task: str) -> None:
    """One run of one task in this (fresh) process; prints a JSON line."""
    import resource
    import time

    import alliancestats as als
    from alliancestats.raw.catalog import datasets

    datasets()  # imports every dataset module of the catalog: an import, excluded like the others
    base = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    directed = task != "nondirected"
    steps = [("create_dyad_years", lambda d: als.create_dyad_years(directed, 1816, 2016, data_dir=ddir))]
    if task != "create":
        steps += [
            ("add_alliances(atop)", lambda d: als.add_alliances(d, source="atop")),
            ("add_disputes(gml)", lambda d: als.add_disputes(d, source="gml")),
            ("add_capabilities", als.add_capabilities),
            ("add_contiguity", als.add_contiguity),
            ("add_major_powers", als.add_major_powers),
            ("add_peace_years", lambda d: als.add_peace_years(d, "gmlmidongoing")),
        ]
    d = None
    per_step = {}
    t0 = os.times()
    w0, c0 = time.perf_counter(), time.process_time()
    for name, f in steps:
        t = time.process_time()
        d = f(d)
        per_step[name] = time.process_time() - t
    wall, cpu = time.perf_counter() - w0, time.process_time() - c0
    t1 = os.times()
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"wall": wall, "cpu": cpu, "user": t1.user - t0.user, "sys": t1.system - t0.system,
                      "peak_mb": peak, "base_mb": base, "rows": len(d),
                      "columns": d.shape[1], "frame_mb": d.memory_usage(deep=True).sum() / 2**20,
                      "steps": per_step}))


def main(argv: list[str]) -> None:
    args = [a for a in argv[1:] if not a.startswith("--")]
    runs = 3
    if "--runs" in argv:
        runs = int(argv[argv.index("--runs") + 1])
        args = [a for a in args if a != str(runs)]
    ddir = args[0] if args else None
    if ddir is None:
        import alliancestats as als

        ddir = tempfile.mkdtemp(prefix="bench_processed_")
        als.ingest(os.environ["ALLIANCESTATS_REAL_DATA"], ddir)
    results = {}
    for task in TASKS:
        rs = []
        for _ in range(runs):
            out = subprocess.run([sys.executable, __file__, "--child", ddir, task], check=True,
                                 capture_output=True, text=True).stdout
            rs.append(json.loads(out.strip().splitlines()[-1]))
        results[task] = rs
        wall = [r["wall"] for r in rs]
        cpu = [r["cpu"] for r in rs]
        peak = [r["peak_mb"] for r in rs]
        print(f"{task:12s} rows {rs[0]['rows']:>9,} cols {rs[0]['columns']:>3}  wall {statistics.median(wall):5.2f} s "
              f"({min(wall):.2f}-{max(wall):.2f})  cpu {statistics.median(cpu):5.2f} s "
              f"(user {statistics.median(r['user'] for r in rs):.2f}, kernel {statistics.median(r['sys'] for r in rs):.2f})"
              f"  peak RSS "
              f"{statistics.median(peak):4.0f} MB (before the task {statistics.median(r['base_mb'] for r in rs):.0f} MB; "
              f"frame {rs[0]['frame_mb']:.0f} MB)")
        if "--steps" in argv:
            for step in rs[0]["steps"]:
                print(f"    {step:22s} {statistics.median(r['steps'][step] for r in rs):5.2f} s CPU")
    label = {
        "directed": "directed dyad-year panel 1816-2016 with ATOP, GML, NMC, contiguity, majors, peace years "
                    f"({results['directed'][0]['rows']:,} rows)",
        "nondirected": "the same, non-directed "
                       f"({results['nondirected'][0]['rows']:,} rows)",
        "create": "`create_dyad_years` alone, directed 1816-2016",
    }
    print(f"\n| job (median of {runs} fresh processes; imports excluded) | time (CPU) | peak memory (process) |")
    print("|---|---|---|")
    for task in TASKS:
        rs = results[task]
        print(f"| {label[task]} | {statistics.median(r['wall'] for r in rs):.2f} s "
              f"({statistics.median(r['cpu'] for r in rs):.2f} s) | "
              f"{statistics.median(r['peak_mb'] for r in rs) / 1024:.2f} GB |")


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "--child":
        _child(sys.argv[2], sys.argv[3])
    else:
        main(sys.argv)
