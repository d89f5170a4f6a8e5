"""Benchmark: the main deterrence logit with directed-dyad clustered SEs on the full directed panel.

Run: python tests/benchmarks/bench_deterrence.py [PROCESSED_DIR]
(default: ingest $ALLIANCESTATS_REAL_DATA into a temp dir first).
Builds directed dyad-years 1816-2016 with the deterrence covariates (not
timed), then times fit_binary(logit, se="cluster", cluster="dyad") and one
observed-value first difference (1,000 draws, all rows), printing wall
seconds, rows used and peak RSS. Goal: the fit under 10 s.
"""
from __future__ import annotations

import importlib.util
import resource
import sys
import time
from pathlib import Path

from _need import processed_dir
from alliancestats.models import first_difference, fit_binary


def main(argv):
    ddir = processed_dir(__file__, "python tests/benchmarks/bench_deterrence.py [PROCESSED_DIR]", argv[1] if len(argv) > 1 else None)
    root = Path(__file__).resolve().parents[2]
    spec = importlib.util.spec_from_file_location("deterrence", root / "analyses" / "deterrence.py")
    D = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(D)
    t = time.perf_counter()
    panel, _ = D.build_panel(ddir, 1816, 2016)
    print(f"panel build {time.perf_counter() - t:6.2f} s; rows {len(panel):,}")
    covs = [*D.ALLIANCE_VARS, *D.CONTROLS]
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    t = time.perf_counter()
    res = fit_binary(panel, "initiation", covs, se="cluster", cluster="dyad")
    fit_s = time.perf_counter() - t
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"logit, dyad-clustered SEs: {fit_s:6.2f} s; N = {res.n_obs:,}; events = {res.n_events:,}; "
          f"clusters = {res.n_clusters:,}; peak RSS {peak:.0f} MB ({before:.0f} MB before the fit)")
    t = time.perf_counter()
    fd = first_difference(res, panel, "target_defense", n_sims=1000)
    print(f"first difference (observed values, 1000 draws, all rows): {time.perf_counter() - t:6.2f} s; "
          f"% change {fd.pct_change.estimate:.1f} [{fd.pct_change.lo:.1f}, {fd.pct_change.hi:.1f}]")


if __name__ == "__main__":
    main(sys.argv)
