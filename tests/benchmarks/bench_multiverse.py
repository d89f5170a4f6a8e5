"""Benchmark: multiverse specifications per minute on the real panel, 1 and 2 workers, and the full grid's projection.

Run: python tests/benchmarks/bench_multiverse.py [PROCESSED_DIR] [--workers-projection 8,64,512]
(default: ingest $ALLIANCESTATS_REAL_DATA into a temp dir first).

Runs the same small real-data grid (2 panel variants x 2 samples x 2
clusterings, logit, Leeds controls: 8 specifications) serially and on a
Dask LocalCluster of 2 worker processes, each into a fresh store, and
prints specifications per minute. One Firth specification is timed too.
From the serial run's timing columns it separates the per-specification
costs (panel variant build; sample + classical fit; each clustered
variance by ``with_se``; Firth fit) and projects the wall time of the full
default grid (``grids/deterrence.toml``) on N workers:

    T(N) = (P * panel + F_ml * fit + C_ml * se + F_firth * firth) / N

with P panel variants, F_ml logit/probit fits (probit costed as a logit),
C_ml clustered variances and F_firth Firth fits (one per clustering).
Assumes perfect scaling (the measured 2-worker speed-up says how far from
it one machine is) and every panel variant built once per worker task.
"""
from __future__ import annotations

import sys
import tempfile
import time

from _need import processed_dir
from alliancestats.multiverse import default_grid, make_grid, run_grid

BENCH = {"target": ["originator", "side_b"], "ongoing": ["drop", "keep"], "cluster": ["dyad", "ndyad"]}


def _fmt(sec: float) -> str:
    return f"{sec / 3600:,.1f} h" if sec >= 3600 else f"{sec / 60:,.1f} min"


def main(argv):
    args = [a for a in argv[1:] if not a.startswith("--")]
    proj = [8, 64, 512]
    for a in argv[1:]:
        if a.startswith("--workers-projection="):
            proj = [int(x) for x in a.split("=", 1)[1].split(",")]
    ddir = processed_dir(__file__, "python tests/benchmarks/bench_multiverse.py [PROCESSED_DIR] "
                                   "[--workers-projection=8,64,512]", args[0] if args else None)
    grid = make_grid("deterrence", BENCH)
    from alliancestats.multiverse.deterrence import prepare

    t = time.perf_counter()
    prepare(ddir)
    print(f"standard panel up to date: {time.perf_counter() - t:.1f} s (not counted)")
    speeds, serial = {}, None
    for workers in (1, 2):
        with tempfile.TemporaryDirectory() as tmp:
            t = time.perf_counter()
            res = run_grid(grid, ddir, tmp, backend="serial" if workers == 1 else "dask", workers=workers)
            wall = time.perf_counter() - t
            timed = res.store.table(timings=True)
        speeds[workers] = 60 * grid.size / wall
        print(f"{workers} worker(s): {grid.size} specifications in {wall:.1f} s = {speeds[workers]:.1f} "
              f"specifications/minute ({res.summary()})")
        if workers == 1:
            serial = timed
    print(f"speed-up with 2 workers: {speeds[2] / speeds[1]:.2f}x")
    # cost model from the serial run
    panel = serial.loc[serial["panel_seconds"] > 0, "panel_seconds"].mean()
    # per fit (all choices but the clustering): the row that fitted took sample + fit + with_se, the other with_se
    g = serial.groupby([c for c in grid.values if c != "cluster"])["fit_seconds"]
    se = float(g.min().mean())
    fit = float((g.max() - g.min()).mean())
    with tempfile.TemporaryDirectory() as tmp:
        one = make_grid("deterrence", {"estimator": "firth"})
        t = time.perf_counter()
        r = run_grid(one, ddir, tmp)
        firth = float(r.store.table(timings=True)["fit_seconds"].iloc[0])
    print(f"per-specification costs (1 worker): panel variant build {panel:.1f} s; sample + logit fit {fit:.1f} s; "
          f"clustered variance (with_se) {se:.1f} s; Firth fit {firth:.1f} s")
    full = default_grid()
    v = full.values
    n_panels = 1
    for c in full.schema.choices:
        if c.stage == "panel":
            n_panels *= len(v[c.name])
    n_fit_groups = n_panels * len(v["ongoing"]) * len(v["at_war"]) * len(v["world_wars"]) * len(v["dyads"]) \
        * len(v["controls"])
    n_ml = n_fit_groups * sum(e in ("logit", "probit") for e in v["estimator"])
    n_firth = n_fit_groups * ("firth" in v["estimator"]) * len(v["cluster"])
    total = n_panels * panel + n_ml * fit + n_ml * len(v["cluster"]) * se + n_firth * firth
    print(f"full default grid: {full.size:,} specifications = {n_panels} panel variants, {n_ml:,} logit/probit fits "
          f"x {len(v['cluster'])} clusterings, {n_firth:,} Firth fits; {total / full.size:.2f} s per specification")
    for n in [1, 2, *proj]:
        print(f"  projected on {n:>4} workers: {_fmt(total / n)}")


if __name__ == "__main__":
    main(sys.argv)
