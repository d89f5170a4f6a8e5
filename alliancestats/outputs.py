"""Deterministic output writers for analyses: figures, tables, regression tables, named results.

Everything written here is byte-identical across runs on the same inputs:
figures carry no timestamps (PNG ``Software``/PDF ``CreationDate`` removed),
tables and JSON use fixed float formatting and sorted keys, and files are
written atomically (temporary file + rename) with the permissions the user's
umask gives a new file (``0666 & ~umask``), so a shared lab folder can read
them. Figures made from the synthetic sample world are stamped "SYNTHETIC
DATA" in a band above the plot, clear of titles and axis labels.

Each figure or table also gets a small sidecar, ``<stem>.figure.json`` or
``<stem>.table.json`` (``kind``, ``caption``, ``note``; one per kind, so a
figure and a table may share a stem), from which the reproduction report
takes its captions.
"""
from __future__ import annotations

import io
import json
import math
from pathlib import Path
from typing import Any, Mapping

import numpy as np
import pandas as pd

from .errors import check_option
from .labels import label, label_dict
from .models.binary import table_latex, table_markdown
from .store import write_bytes_atomic, write_text_atomic

SYNTHETIC_STAMP = "SYNTHETIC DATA (alliancestats sample world): not a finding about real states"
META_KINDS = ("figure", "table")


# ----- files
def write_bytes(path: str | Path, data: bytes) -> Path:
    """Write ``data`` to ``path`` atomically, mode ``0666 & ~umask`` (:func:`alliancestats.store.write_bytes_atomic`)."""
    return write_bytes_atomic(Path(path), data)


def write_text(path: str | Path, text: str) -> Path:
    """Write UTF-8 text with ``\\n`` line ends, atomically and honouring the umask (see :func:`write_bytes`)."""
    return write_text_atomic(Path(path), text)


def meta_path(stem: str | Path, kind: str) -> Path:
    """``<stem>.figure.json`` / ``<stem>.table.json``: the caption sidecar of a figure or a table."""
    check_option("kind", kind, META_KINDS)
    stem = Path(stem)
    return stem.with_name(f"{stem.name}.{kind}.json")


def _write_meta(stem: Path, kind: str, caption: str, note: str, **extra) -> Path:
    doc = {"kind": kind, "caption": caption or "", "note": note or "", **extra}
    where = "figure" if kind == "figure" else "table"
    return write_text(meta_path(stem, where), json.dumps(doc, indent=2, sort_keys=True, ensure_ascii=False) + "\n")


def read_meta(stem: str | Path, kind: str) -> dict:
    """The sidecar of the figure or table ``stem`` (``{}`` when absent or unreadable)."""
    try:
        doc = json.loads(meta_path(stem, kind).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return doc if isinstance(doc, dict) else {}


# ----- figures
def _mpl():
    import matplotlib

    matplotlib.use("Agg", force=False)
    import matplotlib.pyplot as plt

    matplotlib.rcParams["svg.hashsalt"] = "alliancestats"
    matplotlib.rcParams["pdf.compression"] = 6
    return plt


def new_figure(*args, **kwargs):
    """``plt.subplots`` with the non-interactive backend."""
    return _mpl().subplots(*args, **kwargs)


def relabel_figure(fig, labels: Mapping[str, str] | None = None) -> None:
    """Replace variable names shown on ``fig`` by readable names (:mod:`alliancestats.labels`).

    Touches text that is exactly a variable name: categorical tick labels
    (``set_xticks(x, names)`` / ``set_yticks`` or string-valued axes), legend
    entries, axis labels and axes titles. Numbers and free text are left as
    they are.
    """
    from matplotlib.category import StrCategoryFormatter
    from matplotlib.ticker import FixedFormatter, FuncFormatter

    text_formatters = (FixedFormatter, FuncFormatter, StrCategoryFormatter)  # ticks given as names, not numbers

    lab = lambda s: label(s, labels) if s else s  # noqa: E731
    for ax in fig.axes:
        for axis in (ax.xaxis, ax.yaxis):
            fmt = axis.get_major_formatter()
            if isinstance(fmt, text_formatters):
                axis.set_major_formatter(FuncFormatter(lambda x, pos, f=fmt: lab(f(x, pos))))
        ax.set_xlabel(lab(ax.get_xlabel()))
        ax.set_ylabel(lab(ax.get_ylabel()))
        ax.set_title(lab(ax.get_title()))
        leg = ax.get_legend()
        if leg is not None:
            for t in leg.get_texts():
                t.set_text(lab(t.get_text()))


def stamp_synthetic(fig, text: str = SYNTHETIC_STAMP) -> None:
    """A red band centred just above everything drawn on ``fig`` (saved with ``bbox_inches='tight'``).

    Placed from the figure's tight bounding box, so it never overlaps titles,
    tick labels or axis labels, whatever the layout.
    """
    fig.canvas.draw()  # lay out titles and labels first: their final extent decides where the band goes
    box = fig.get_tightbbox(fig.canvas.get_renderer())  # inches
    w, h = fig.get_size_inches()
    # figure-fraction coordinates (transFigure follows the tight crop; dpi_scale_trans would not)
    fig.text((box.x0 + box.x1) / 2 / w, (box.y1 + 0.12) / h, text, ha="center", va="bottom",
             fontsize=8, fontweight="bold", color="firebrick",
             bbox={"boxstyle": "square,pad=0.3", "facecolor": "#fde8e8", "edgecolor": "firebrick", "linewidth": 0.8})


def save_figure(fig, stem: str | Path, *, synthetic: bool = False, dpi: int = 150, caption: str = "",
                note: str = "", labels: Mapping[str, str] | bool = True) -> list[Path]:
    """Save ``fig`` as ``<stem>.png`` and ``<stem>.pdf`` without timestamps, plus the caption sidecar; close it.

    Parameters
    ----------
    fig : matplotlib.figure.Figure
    stem : path without extension
    synthetic : bool
        Stamp the figure "SYNTHETIC DATA" (a band above the plot).
    dpi : int
        PNG resolution.
    caption, note : str
        Shown under the figure in the reproduction report (``<stem>.figure.json``);
        without a caption the report uses the figure's own title
        (:func:`figure_title`), else a title made from the file name.
    labels : bool or dict
        ``True`` (default): show readable names for variable names on the
        figure (:func:`relabel_figure`); a dict adds or overrides names;
        ``False`` leaves the figure as drawn.
    """
    plt = _mpl()
    stem = Path(stem)
    if labels is not False:
        relabel_figure(fig, None if labels is True else labels)
    title = figure_title(fig)
    if synthetic:
        stamp_synthetic(fig)
    paths = []
    for ext, meta in (("png", {"Software": None}), ("pdf", {"CreationDate": None, "ModDate": None, "Producer": None,
                                                            "Creator": None})):
        buf = io.BytesIO()
        fig.savefig(buf, format=ext, dpi=dpi, metadata=meta, bbox_inches="tight")
        paths.append(write_bytes(stem.with_suffix(f".{ext}"), buf.getvalue()))
    plt.close(fig)
    paths.append(_write_meta(stem, "figure", caption, note, title=title))
    return paths


def figure_title(fig) -> str:
    """The figure's own title: its suptitle, else the first axes title (the report's caption without one)."""
    sup = getattr(fig, "_suptitle", None)
    if sup is not None and sup.get_text().strip():
        return sup.get_text().strip()
    return next((ax.get_title().strip() for ax in fig.axes if ax.get_title().strip()), "")


# ----- tables
def write_csv(df: pd.DataFrame, path: str | Path, *, digits: int = 4) -> Path:
    """A data file: ``df`` as CSV only (``digits + 2`` significant digits), not shown in the report.

    For listings a reader opens in a spreadsheet (cases, long coefficient
    tables); :func:`write_table` is for tables the report shows.
    """
    return write_text(Path(path), df.to_csv(index=False, float_format=f"%.{digits + 2}g", lineterminator="\n"))


def write_table(df: pd.DataFrame, stem: str | Path, *, caption: str = "", note: str = "", digits: int = 4) -> list[Path]:
    """Write a table as ``.csv``, ``.tex`` (booktabs) and ``.md``, plus the caption sidecar."""
    stem = Path(stem)
    return [write_csv(df, stem.with_suffix(".csv"), digits=digits),
            write_text(stem.with_suffix(".tex"), table_latex(df, caption=caption, note=note, digits=digits)),
            write_text(stem.with_suffix(".md"), table_markdown(df, digits=digits)),
            _write_meta(stem, "table", caption, note)]


def write_regression_table(results: Mapping[str, Any], stem: str | Path, *, labels: Mapping[str, str] | None = None,
                           caption: str = "", note: str = "", stars: bool = False, digits: int = 3) -> list[Path]:
    """Side-by-side regression table (models as columns, SEs in parentheses) as ``.md``, ``.tex``, ``.html``, ``.csv``.

    Built on :func:`alliancestats.models.compare`: one column per model,
    each coefficient over its standard error, then N, events,
    log-likelihood and SE type. Variable and model names are shown by their
    readable names (:mod:`alliancestats.labels`; ``labels`` adds or
    overrides). The reproduction report embeds the ``.html`` version.

    Parameters
    ----------
    results : dict of str -> fitted result
        Column name -> result (``params``, ``bse``, ``n_obs``/``nobs``, ...), in display order.
    stem : path without extension
    labels : dict, optional
        Extra readable names for this table.
    caption, note : str
        Caption (LaTeX ``\\caption``, report caption) and a note printed under the table.
    stars : bool
        Significance marks (``*`` p < 0.1, ``**`` p < 0.05, ``***`` p < 0.01).
    digits : int
        Decimals.

    Returns
    -------
    list of Path
    """
    from .models import compare

    terms = [t for res in results.values() for t in res.params.index]
    names = list(results)
    shown = [label(n, labels) for n in names]
    if len(set(shown)) < len(shown):  # two models with one readable name: keep the given names
        shown = names
    tab = compare(dict(zip(shown, results.values())), labels=label_dict(terms, labels), stars=stars, digits=digits)
    stem = Path(stem)
    tex = tab.to_latex(caption=caption)
    md = tab.to_markdown()
    frag = tab.to_html()
    if note:
        esc = note.replace("\\", r"\textbackslash{}").replace("_", r"\_").replace("%", r"\%").replace("&", r"\&")
        tex = tex.replace("\\end{table}\n", f"\\par\\footnotesize {esc}\n\\end{{table}}\n")
        md += f"\n{note}\n"
    out = [write_text(stem.with_suffix(".csv"), tab.to_frame().reset_index().to_csv(index=False, lineterminator="\n")),
           write_text(stem.with_suffix(".tex"), tex), write_text(stem.with_suffix(".md"), md),
           write_text(stem.with_suffix(".html"), frag + "\n"), _write_meta(stem, "regression", caption, note)]
    return out


# ----- named results
def _clean(obj: Any, digits: int):
    if isinstance(obj, dict):
        return {str(k): _clean(v, digits) for k, v in obj.items()}
    if isinstance(obj, (list, tuple)):
        return [_clean(v, digits) for v in obj]
    if isinstance(obj, (np.integer,)):
        return int(obj)
    if isinstance(obj, (float, np.floating)):
        v = float(obj)
        if math.isnan(v) or math.isinf(v):
            return None
        return float(f"{v:.{digits}g}")
    if obj is pd.NA or obj is None:
        return None
    if isinstance(obj, (np.bool_,)):
        return bool(obj)
    return obj


def write_results(results: dict, path: str | Path, *, digits: int = 10) -> Path:
    """``results.json``: named quantities, sorted keys, floats to ``digits`` significant digits."""
    return write_text(path, json.dumps(_clean(results, digits), indent=2, sort_keys=True) + "\n")
