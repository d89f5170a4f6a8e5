"""Multiverse analysis: every defensible coding at once, as a specification curve (issue 17).

    from alliancestats.multiverse import default_grid, run_grid, curve_of, plot_curve

    grid = default_grid("deterrence").subset(source="gml", estimator="logit")
    run = run_grid(grid, data_dir, "mv_out", backend="dask", workers=4, progress=True)
    summary = curve_of(run)            # shares by sign and significance, what moves the estimate
    plot_curve(summary, "mv_out/curve")

Grids are data (:mod:`.grid`, TOML; the deterrence default ships in
``grids/deterrence.toml``); :mod:`.plan` builds each panel variant once for
all the models that use it; :mod:`.execute` runs serially, on local
processes or on Dask, streaming results to Parquet (:mod:`.store`) so a
killed run resumes; :mod:`.curve` is Simonsohn, Simmons & Nelson (2020).
CLI: ``alliancestats multiverse deterrence [--grid FILE] [--scheduler ADDR] [--workers N] [--out DIR]``.
"""
from .curve import CurveSummary, curve_of, plot_curve, specification_curve
from .execute import BACKENDS, MultiverseRun, run_grid
from .grid import Choice, Grid, Schema, default_grid, get_schema, load_grid, make_grid
from .outputs import write_curve_outputs

__all__ = ["BACKENDS", "Choice", "CurveSummary", "Grid", "MultiverseRun", "Schema", "curve_of", "default_grid",
           "get_schema", "load_grid", "make_grid", "plot_curve", "run_grid", "specification_curve",
           "write_curve_outputs"]
