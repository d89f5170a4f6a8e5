"""Deterministic output writers for analyses: figures, tables, named results.

Everything written here is byte-identical across runs on the same inputs:
figures carry no timestamps (PNG ``Software``/PDF ``CreationDate`` removed),
tables and JSON use fixed float formatting and sorted keys, and files are
written atomically. Figures made from the synthetic sample world are stamped
"SYNTHETIC DATA" so they cannot be mistaken for results.
"""
from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from .models.binary import table_latex, table_markdown
from .store import write_text_atomic


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


def save_figure(fig, stem: str | Path, *, synthetic: bool = False, dpi: int = 150) -> list[Path]:
    """Save ``fig`` as ``<stem>.png`` and ``<stem>.pdf`` without timestamps; close it."""
    plt = _mpl()
    stem = Path(stem)
    stem.parent.mkdir(parents=True, exist_ok=True)
    if synthetic:
        fig.text(0.99, 0.01, "SYNTHETIC DATA (alliancestats sample world)", ha="right", va="bottom",
                 fontsize=7, color="firebrick", alpha=0.9)
    paths = []
    for ext, meta in (("png", {"Software": None}), ("pdf", {"CreationDate": None, "ModDate": None, "Producer": None,
                                                            "Creator": None})):
        p = stem.with_suffix(f".{ext}")
        tmp = p.with_name(f".{p.name}.tmp")
        fig.savefig(tmp, format=ext, dpi=dpi, metadata=meta, bbox_inches="tight")
        tmp.replace(p)
        paths.append(p)
    plt.close(fig)
    return paths


def write_table(df: pd.DataFrame, stem: str | Path, *, caption: str = "", note: str = "", digits: int = 4) -> list[Path]:
    """Write a table as ``.csv``, ``.tex`` (booktabs) and ``.md``."""
    stem = Path(stem)
    out = []
    for ext, text in (("csv", df.to_csv(index=False, float_format=f"%.{digits + 2}g", lineterminator="\n")),
                      ("tex", table_latex(df, caption=caption, note=note, digits=digits)),
                      ("md", table_markdown(df, digits=digits))):
        p = stem.with_suffix(f".{ext}")
        write_text_atomic(p, text)
        out.append(p)
    return out


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
    path = Path(path)
    write_text_atomic(path, json.dumps(_clean(results, digits), indent=2, sort_keys=True) + "\n")
    return path
