"""Benchmark: costs of the models-layer checks on the real directed dyad-year deterrence sample.

Run: python tests/benchmarks/bench_models.py [PROCESSED_DIR] [--full-lp]
(PROCESSED_DIR: the output of ``alliancestats ingest`` on the real data, e.g. /work/real_processed;
default: ingest $ALLIANCESTATS_REAL_DATA into a temp dir first; with neither the script says so and exits 2.)

Times, on the 1816-2000 deterrence sample with its 11 covariates:
- the fast 0/1 separation check and the Konis (2007) linear-programming test
  (constraint generation; ``--full-lp`` also times the LP on all distinct rows);
- the logit fit itself (for scale);
- a Firth fit and the profile penalized-likelihood interval of one coefficient (x k for all);
- to_statsmodels() on the fitted logit.
Prints wall seconds; nothing is asserted (the numbers go into docstrings).
"""
from __future__ import annotations

import importlib.util
import sys
import time
from pathlib import Path

from _need import processed_dir
from alliancestats.models import fit_binary, fit_firth
from alliancestats.models.binary import design
from alliancestats.models.firth import profile_conf_int
from alliancestats.models.separation import binary_separation, lp_separation


def _clock(label, fn):
    t = time.perf_counter()
    out = fn()
    print(f"{label:48s} {time.perf_counter() - t:8.2f} s", flush=True)
    return out


def main(argv):
    args = [a for a in argv[1:] if not a.startswith("--")]
    ddir = processed_dir(__file__, "python tests/benchmarks/bench_models.py [PROCESSED_DIR] [--full-lp]",
                         args[0] if args else None)
    root = Path(__file__).resolve().parents[2]
    spec = importlib.util.spec_from_file_location("deterrence", root / "analyses" / "deterrence.py")
    D = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(D)
    panel, _ = _clock("panel build (not a models cost)", lambda: D.build_panel(ddir, 1816, 2000))
    covs = [*D.ALLIANCE_VARS, *D.CONTROLS]
    y, X, _ = design(panel, "initiation", covs)
    ya, Xa = y.to_numpy(), X.to_numpy(dtype="float64")
    print(f"rows {len(ya):,}; events {int(ya.sum()):,}; k = {Xa.shape[1]}")
    _clock("fast 0/1 separation check", lambda: binary_separation(ya, X))
    chk = _clock("LP separation test (constraint generation)", lambda: lp_separation(ya, Xa, list(X.columns)))
    print(f"  separated: {chk.separated}; constraints in the final LP {chk.n_lp_rows:,}")
    if "--full-lp" in argv:  # the plain LP on all distinct rows, for comparison (slow: minutes)
        _clock("LP separation test (all rows)", lambda: lp_separation(ya, Xa, list(X.columns), max_rows=len(ya)))
    res = _clock("logit fit, dyad-clustered SEs", lambda: fit_binary(panel, "initiation", covs, se="cluster",
                                                                      cluster="dyad", separation="none"))
    _clock("to_statsmodels()", res.to_statsmodels)
    fr = _clock("Firth fit", lambda: fit_firth(panel, "initiation", covs))
    _clock("Firth profile interval of target_defense", lambda: profile_conf_int(fr, terms=["target_defense"]))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
