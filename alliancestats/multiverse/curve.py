"""The specification curve (Simonsohn, Simmons & Nelson 2020, Nature Human Behaviour 4:1208).

:func:`specification_curve` summarises a multiverse table: the estimates
sorted with their intervals, the share of specifications with each sign
and with each sign and p < ``alpha`` (their "descriptive specification
curve"), and which choices move the estimate: an OLS regression of the
estimate on one dummy per non-reference value of every choice that varies
(reference = the grid's first value, the module default),

    estimate_s = a + sum_c sum_{v != ref_c} b_{c,v} 1[choice c of s = v] + e_s,

reported per choice as the range of its effects (max - min over its values,
the reference counting 0) and its partial R^2 (the drop in R^2 when its
dummies are left out). The regression describes the grid; it is not a test.
:func:`plot_curve` draws the curve over the indicator panel of choices.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..errors import check_option


@dataclass
class CurveSummary:
    """The curve's numbers (see the module docstring)."""

    curve: pd.DataFrame  # estimated specifications sorted by estimate, with ``rank``
    shares: dict
    decomposition: pd.DataFrame  # one row per (choice, value): effect vs the reference value
    drivers: pd.DataFrame  # one row per varying choice: range of effects, partial R^2, sorted
    r_squared: float | None
    n_specifications: int
    n_not_estimated: int
    metric: str = "estimate"  # the column the decomposition regressed

    def as_dict(self) -> dict:
        return {"n_specifications": self.n_specifications, "n_not_estimated": self.n_not_estimated,
                "shares": self.shares, "r_squared": self.r_squared, "decomposition_metric": self.metric,
                "drivers": self.drivers.to_dict(orient="records"),
                "median_estimate": float(self.curve["estimate"].median()) if len(self.curve) else None}

    def text(self) -> str:
        s = self.shares
        lines = [f"{self.n_specifications} specifications estimated ({self.n_not_estimated} not): "
                 f"{100 * s['positive']:.1f}% positive ({100 * s['positive_significant']:.1f}% significant), "
                 f"{100 * s['negative']:.1f}% negative ({100 * s['negative_significant']:.1f}% significant)"]
        for _, r in self.drivers.head(5).iterrows():
            lines.append(f"  {r['choice']}: range {r['effect_range']:+.3f}, partial R^2 {r['partial_r2']:.3f}")
        return "\n".join(lines)


def _dummies(df: pd.DataFrame, choices: list[str], refs: dict) -> tuple[np.ndarray, list[tuple[str, str]]]:
    cols, names = [np.ones(len(df))], []
    for c in choices:
        for v in sorted(set(df[c]) - {refs[c]}, key=str):
            cols.append((df[c] == v).to_numpy(dtype="float64"))
            names.append((c, v))
    return np.column_stack(cols), names


def _r2(X: np.ndarray, y: np.ndarray) -> tuple[float, np.ndarray]:
    b, *_ = np.linalg.lstsq(X, y, rcond=None)
    resid = y - X @ b
    tss = float(((y - y.mean()) ** 2).sum())
    return (1 - float(resid @ resid) / tss if tss > 0 else 0.0), b


def specification_curve(table: pd.DataFrame, choices: list[str] | None = None, *, refs: dict | None = None,
                        alpha: float = 0.05, metric: str = "estimate") -> CurveSummary:
    """Summarise a multiverse table (:func:`alliancestats.multiverse.run_grid`'s ``table``).

    ``choices``: choice columns (default: every string column between
    ``spec_id`` and ``status``); ``refs``: reference value per choice
    (default: the first in sorted order; :func:`curve_of` passes the
    grid's defaults); ``metric``:
    the column regressed in the decomposition (``"estimate"`` or
    ``"pct_change"``, the common scale across logit and probit).

    Parameters
    ----------
    table : DataFrame
    choices : list of str, optional
    refs : dict, optional
    alpha : float
    metric : {"estimate", "pct_change"}

    Returns
    -------
    CurveSummary

    Examples
    --------
    >>> specification_curve(run.table).shares  # doctest: +SKIP
    """
    if choices is None:
        cols = list(table.columns)
        choices = cols[cols.index("spec_id") + 1: cols.index("status")]
    ok = table[table["status"] == "ok"].copy()
    check_option("metric", metric, ("estimate", "pct_change"))
    ok = ok.sort_values(["estimate", "spec_id"], kind="stable").reset_index(drop=True)
    ok.insert(0, "rank", np.arange(1, len(ok) + 1))
    n = len(ok)
    sig = ok["p_value"] < alpha
    share = (lambda m: float(m.sum() / n) if n else float("nan"))
    shares = {"positive": share(ok["estimate"] > 0), "negative": share(ok["estimate"] < 0),
              "positive_significant": share((ok["estimate"] > 0) & sig),
              "negative_significant": share((ok["estimate"] < 0) & sig), "significant": share(sig), "alpha": alpha}
    varying = [c for c in choices if ok[c].nunique() > 1]
    refs = {c: (refs or {}).get(c, sorted(set(ok[c]), key=str)[0] if n else None) for c in choices}
    for c in varying:  # a reference value with no estimated specification: take the first that has one
        if refs[c] not in set(ok[c]):
            refs[c] = sorted(set(ok[c]), key=str)[0]
    dec_rows, drv_rows, r2 = [], [], None
    if n > 1 and varying:
        y = ok[metric].to_numpy(dtype="float64")
        X, names = _dummies(ok, varying, refs)
        r2, b = _r2(X, y)
        for (c, v), coef in zip(names, b[1:]):
            dec_rows.append({"choice": c, "value": str(v), "reference": str(refs[c]), "effect": float(coef),
                             "n_specs": int((ok[c] == v).sum())})
        for c in varying:
            effects = [0.0] + [r["effect"] for r in dec_rows if r["choice"] == c]
            X0, _ = _dummies(ok, [x for x in varying if x != c], refs)
            r2_without, _ = _r2(X0, y)
            drv_rows.append({"choice": c, "effect_range": float(max(effects) - min(effects)),
                             "partial_r2": max(0.0, float(r2 - r2_without)),
                             "values": int(ok[c].nunique())})
    dec = pd.DataFrame(dec_rows, columns=["choice", "value", "reference", "effect", "n_specs"])
    drv = pd.DataFrame(drv_rows, columns=["choice", "effect_range", "partial_r2", "values"])
    drv = drv.sort_values(["partial_r2", "effect_range", "choice"], ascending=[False, False, True],
                          kind="stable").reset_index(drop=True)
    return CurveSummary(ok, shares, dec, drv, r2, n, int(len(table) - n), metric)


def curve_of(run, **kw) -> CurveSummary:
    """:func:`specification_curve` of a :class:`.execute.MultiverseRun`, references = the grid's defaults.

    When the estimator varies (logit and probit coefficients are on
    different scales) the decomposition uses ``pct_change``, the common scale.

    Parameters
    ----------
    run : MultiverseRun
    **kw
        Passed to :func:`specification_curve`.

    Returns
    -------
    CurveSummary

    Examples
    --------
    >>> curve_of(run)  # doctest: +SKIP
    """
    if "estimator" in run.grid.varying:
        kw.setdefault("metric", "pct_change")
    schema = run.grid.schema
    refs = {c.name: c.default if c.default in run.grid.values[c.name] else run.grid.values[c.name][0]
            for c in schema.choices}
    return specification_curve(run.table, list(run.grid.values), refs=refs, **kw)


def plot_curve(summary: CurveSummary, stem, *, synthetic: bool = False, title: str = "", ylabel: str = "estimate",
               caption: str = "", note: str = "", max_values: int = 6):
    """The curve (estimates sorted, 95% intervals; filled = p < alpha) over the indicator panel of choices.

    Written as PNG and PDF through :func:`alliancestats.outputs.save_figure`.
    Only choices that vary are shown in the indicator panel, ordered by
    how much they move the estimate (partial R^2).

    Parameters
    ----------
    summary : CurveSummary
    stem : path
        Output path without extension.
    synthetic : bool
    title, ylabel, caption, note : str
    max_values : int

    Returns
    -------
    None

    Examples
    --------
    >>> plot_curve(specification_curve(run.table), "out/curve")  # doctest: +SKIP
    """
    from ..outputs import new_figure, save_figure

    cv = summary.curve
    choices = list(summary.drivers["choice"]) or []
    rows = [(c, v) for c in choices for v in sorted(set(cv[c]), key=str)[:max_values]]
    n_rows = max(len(rows), 1)
    fig, (ax, ax2) = new_figure(2, 1, figsize=(8, 3.2 + 0.2 * n_rows), sharex=True,
                                gridspec_kw={"height_ratios": [3, max(1.2, 0.22 * n_rows)], "hspace": 0.05})
    x = cv["rank"].to_numpy()
    est = cv["estimate"].to_numpy(dtype="float64")
    sig = (cv["p_value"] < summary.shares["alpha"]).to_numpy()
    colors = np.where(est > 0, "#b2182b", "#2166ac")
    ax.vlines(x, cv["conf_low"], cv["conf_high"], colors=colors, alpha=0.35, lw=1)
    ax.scatter(x[sig], est[sig], c=colors[sig], s=12, zorder=3, label="p < %.2g" % summary.shares["alpha"])
    ax.scatter(x[~sig], est[~sig], facecolors="white", edgecolors=colors[~sig], s=12, zorder=3, label="n.s.")
    ax.axhline(0, color="grey", lw=0.8, ls="--")
    ax.set_ylabel(ylabel)
    s = summary.shares
    ax.set_title(title or f"Specification curve: {summary.n_specifications} specifications; "
                 f"{100 * s['negative']:.0f}% negative ({100 * s['negative_significant']:.0f}% sig.), "
                 f"{100 * s['positive']:.0f}% positive ({100 * s['positive_significant']:.0f}% sig.)", fontsize=9)
    ax.legend(fontsize=7, loc="upper left")
    for i, (c, v) in enumerate(rows):
        m = (cv[c] == v).to_numpy()
        ax2.scatter(x[m], np.full(m.sum(), i), marker="|", s=30, color="black", lw=0.8)
    ax2.set_yticks(range(len(rows)), [f"{c} = {v}" for c, v in rows], fontsize=7)
    ax2.set_ylim(len(rows) - 0.5, -0.5)
    ax2.set_xlabel("specification (sorted by estimate)")
    return save_figure(fig, stem, synthetic=synthetic, caption=caption, note=note, labels=False)
