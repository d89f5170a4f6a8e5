"""The curve's figure and tables, written the same way by the CLI and by ``analyses/multiverse.py``."""
from __future__ import annotations

from pathlib import Path

from ..labels import label
from ..outputs import write_table
from .curve import CurveSummary, curve_of, plot_curve


def write_curve_outputs(run, out_dir, *, synthetic: bool = False, stem: str = "specification_curve",
                        note: str = "") -> CurveSummary:
    """``<stem>.png/.pdf`` (the curve), ``specifications`` (every row), ``drivers`` and ``decomposition`` tables.

    Parameters
    ----------
    run : MultiverseRun
    out_dir : path
    synthetic : bool
    stem, note : str

    Returns
    -------
    CurveSummary

    Examples
    --------
    >>> write_curve_outputs(run, "out")  # doctest: +SKIP
    """
    out_dir = Path(out_dir)
    summary = curve_of(run)
    var = run.grid.fixed.get("variable", "estimate")
    name = label(var)  # readable name on the figure (e.g. "Target has a defense pact"), not the column name
    if summary.n_specifications:
        plot_curve(summary, out_dir / stem, synthetic=synthetic, ylabel=f"{name}: coefficient, 95% CI",
                   caption=f"Specification curve: the coefficient of '{name}' across specifications ({run.grid.module}; Simonsohn, Simmons & Nelson 2020)",
                   note=note)
    # choices at one value are said in the note, not repeated on every row
    single = [c for c in run.grid.values if c not in run.grid.varying]
    spec = run.table.drop(columns=["spec_id", *single])
    note = (note + " At one value in every row: "
            + ", ".join(f"{c}={run.grid.values[c][0]}" for c in single) + ".").strip()
    write_table(spec, out_dir / "specifications",
                caption=f"Every specification of the {run.grid.module} multiverse",
                note="One row per combination of choices; estimate, interval and p-value of "
                     f"{var}; pct_change: % change in mean Pr(outcome), {var} 0 -> 1 (point). " + note)
    write_table(summary.drivers, out_dir / "drivers",
                caption="Which choices move the estimate",
                note=f"OLS of {summary.metric} on choice dummies (reference: the module default); effect_range: "
                     "max - min of a choice's effects; partial_r2: drop in R^2 without its dummies.")
    write_table(summary.decomposition, out_dir / "decomposition",
                caption="Effect of each choice value on the estimate, relative to the default value",
                note=f"OLS of {summary.metric} over the {summary.n_specifications} estimated specifications; R^2 = "
                     + (f"{summary.r_squared:.3f}" if summary.r_squared is not None else "n/a") + ".")
    return summary
