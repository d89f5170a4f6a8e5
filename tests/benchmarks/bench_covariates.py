"""Benchmark: covariate verbs and alliance similarity on the full directed dyad-year panel 1816-2016.

Run: python tests/benchmarks/bench_covariates.py [PROCESSED_DIR]
(default: ingest $ALLIANCESTATS_REAL_DATA into a temp dir first).
Prints wall seconds per verb and peak RSS. Similarity is computed for every
system year (n x n portfolio matrices per year); on a loaded machine set
OPENBLAS_NUM_THREADS=1: the per-year matrices are small, and BLAS threads
competing for 2 cores make the products slower, not faster.
"""
from __future__ import annotations

import resource
import sys
import time

import alliancestats as als
from _need import processed_dir


def main(argv):
    ddir = processed_dir(__file__, "python tests/benchmarks/bench_covariates.py [PROCESSED_DIR]", argv[1] if len(argv) > 1 else None)
    d = als.create_dyad_years(True, 1816, 2016, data_dir=ddir)
    print(f"directed dyad-years 1816-2016: {len(d):,} rows")
    steps = [
        ("add_capital_distance", als.add_capital_distance),
        ("add_capital_distance(capdist)", lambda f: als.add_capital_distance(f, source="capdist")),
        ("add_minimum_distance", als.add_minimum_distance),
        ("add_democracy", als.add_democracy),
        ("add_joint_democracy", als.add_joint_democracy),
        ("add_gdp", als.add_gdp),
        ("similarity global (S, S_w, tau-b)", als.add_alliance_similarity),
        ("similarity regional", lambda f: als.add_alliance_similarity(f, scope="regional")),
    ]
    for name, f in steps:
        t = time.perf_counter()
        out = f(d)
        print(f"{name:36s} {time.perf_counter() - t:7.2f} s  (+{len(out.columns) - len(d.columns)} columns)")
    print(f"peak RSS {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")


if __name__ == "__main__":
    main(sys.argv)
