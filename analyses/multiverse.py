"""Multiverse: the deterrence specification curve over the library's coding choices (Simonsohn et al. 2020).

Do defense pacts deter? The target_defense coefficient (logit/probit/Firth,
directed dyad-years 1816-2000, :mod:`alliancestats.multiverse.deterrence`)
under every combination of a grid of coding choices, sorted into a
specification curve with the indicator panel of choices beneath, the share
of specifications with each sign and significance (p < 0.05), and which
choices move the estimate (OLS of the estimate on choice dummies; the
module defaults are the reference).

Which grid (``reproduce`` runs a documented subset that fits its budget):

- real data: :data:`REAL_SUBSET`, 8 specifications (4 panel variants x
  2 samples; logit, Leeds controls, SEs clustered by directed dyad): the
  outcome coding (GML participants or Maoz dyadic records; side-B joiners
  as targets or not) and whether world-war years are in the sample. Each
  specification fits a 1.3 M-row clustered logit (about 10-30 s here).
- synthetic sample world: :data:`SAMPLE_SUBSET`, 16 specifications (2 panel variants)
  (the sample world has no COW MID or Maoz files, so ``source`` stays GML).
- the full default grid (``alliancestats/multiverse/grids/deterrence.toml``,
  221,184 specifications, 576 panel variants) is one command away::

      alliancestats multiverse deterrence --workers N [--scheduler tcp://host:8786] --out DIR

  or here with ``ALLIANCESTATS_MULTIVERSE_GRID=full`` (or a grid file path);
  ``ALLIANCESTATS_MULTIVERSE_WORKERS=N`` runs on a Dask LocalCluster of N
  processes, and ``ALLIANCESTATS_MULTIVERSE_STORE=DIR`` keeps the results
  store there, so an interrupted run resumes (default: a temporary folder;
  only the deterministic tables and figure are written to the output folder).
"""
from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pandas as pd

from alliancestats.multiverse import default_grid, load_grid, run_grid, write_curve_outputs
from alliancestats.outputs import write_results

#: the real-data subset reproduce runs (every other choice at the module default)
REAL_SUBSET = {"source": ["gml", "maoz"], "target": ["originator", "side_b"], "world_wars": ["keep", "drop"]}
#: the sample-world subset
SAMPLE_SUBSET = {"target": ["originator", "side_b"], "ongoing": ["drop", "keep"],
                 "dyads": ["all", "politically_relevant"], "controls": ["leeds", "no_peace_years"]}
ENV_GRID, ENV_WORKERS, ENV_STORE = ("ALLIANCESTATS_MULTIVERSE_GRID", "ALLIANCESTATS_MULTIVERSE_WORKERS",
                                    "ALLIANCESTATS_MULTIVERSE_STORE")


def choose_grid(synthetic: bool):
    """The grid to run: the environment's choice, else the documented subset."""
    from alliancestats.multiverse import make_grid

    want = os.environ.get(ENV_GRID, "").strip()
    if want == "full":
        return default_grid("deterrence"), "full default grid"
    if want:
        return load_grid(want, module="deterrence"), f"grid file {Path(want).name}"
    subset = SAMPLE_SUBSET if synthetic else REAL_SUBSET
    return make_grid("deterrence", subset), "reproduce subset (analyses/multiverse.py " + \
        ("SAMPLE_SUBSET" if synthetic else "REAL_SUBSET") + ")"


def run(data_dir, out_dir, *, synthetic: bool = False, log=print) -> dict:
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    grid, which = choose_grid(synthetic)
    workers = int(os.environ.get(ENV_WORKERS, "1") or 1)
    backend = "dask" if workers > 1 else "serial"
    log(f"multiverse: {which}: {grid.size:,} specifications on {backend} x {workers}")
    store = os.environ.get(ENV_STORE)
    with tempfile.TemporaryDirectory(prefix="alliancestats_multiverse_") as tmp:
        res = run_grid(grid, data_dir, store or Path(tmp) / "store", backend=backend, workers=workers)
        log(f"multiverse: {res.summary()}")
        full = default_grid("deterrence")
        note = (f"{which}: {grid.size:,} of the {full.size:,} specifications of the full default grid "
                "(alliancestats multiverse deterrence --workers N runs all of them).")
        summary = write_curve_outputs(res, out_dir, synthetic=synthetic, note=note)
    log(f"multiverse: {summary.text()}")
    t = res.table
    # the specification with every choice at the module default (the deterrence analysis's main model)
    schema = grid.schema
    defaults = pd.Series({c: schema.choice(c).default for c in grid.varying}, dtype="object")
    is_default = (t[grid.varying].astype("object") == defaults).all(axis=1)
    d = t[is_default & (t["status"] == "ok")]
    results = {"synthetic": synthetic, "grid": which, "n_specifications": grid.size,
               "full_grid_size": full.size, "varying_choices": {c: list(grid.values[c]) for c in grid.varying},
               "curve": summary.as_dict(),
               "default_specification": ({k: float(d[k].iloc[0]) for k in ("estimate", "std_error", "p_value",
                                                                           "pct_change")} if len(d) else None),
               "share_target_defense_positive": summary.shares["positive"],
               "share_target_defense_negative": summary.shares["negative"],
               "share_significant": summary.shares["significant"],
               "not_estimated": t.loc[t["status"] != "ok", ["source", "error"]].drop_duplicates()
                                 .to_dict(orient="records")}
    write_results(results, out_dir / "results.json")
    return results
