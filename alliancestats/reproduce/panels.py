"""The ``panels`` stage: standard panels built once from the processed tables and cached as Parquet.

:data:`PANELS` is the registry (name -> builder, description); extend it
when an analysis needs another shared panel. Each panel is written to
``<processed>/panels/<name>.parquet`` with its panel record
(``attrs["alliancestats"]``, minus the machine-specific ``data_dir``) and a
fingerprint of the processed tables and the library code it was built from;
an up-to-date panel is not rebuilt. Analyses read them with
:func:`load_panel` (``data_dir`` = the processed directory they are given).
"""
from __future__ import annotations

import copy
import hashlib
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import pandas as pd
import pyarrow.parquet as pq

from ..errors import MissingDataError, check_option
from ..store import read_meta, write_parquet
from .fingerprint import code_digest, processed_digest

PANEL_DIR = "panels"


def _directed_dyad_years(data_dir) -> pd.DataFrame:
    from ..panels import standard_dyad_years

    return standard_dyad_years(data_dir)


@dataclass(frozen=True)
class PanelSpec:
    name: str
    build: Callable[[Path], pd.DataFrame]
    description: str
    #: event columns counted in the report's data summary
    events: tuple[str, ...] = ()


PANELS: tuple[PanelSpec, ...] = (
    PanelSpec("directed_dyad_years", _directed_dyad_years,
              "COW directed dyad-years 1816-2016 with ATOP obligations and challenger-specific alliance "
              "variables (default pledge rules, 1 July reference day), GML disputes, NMC capabilities, contiguity, major powers and peace years "
              "(alliancestats.standard_dyad_years)",
              events=("gmlmidonset", "atop_defense")),
)


def panel_path(name: str, data_dir) -> Path:
    return Path(data_dir) / PANEL_DIR / f"{name}.parquet"


def _fingerprint(spec: PanelSpec, data_dir) -> str:
    return hashlib.sha256(json.dumps([spec.name, processed_digest(data_dir), code_digest()]).encode()).hexdigest()


def build_panel(spec: PanelSpec, data_dir, *, force: bool = False) -> tuple[str, dict]:
    """Build (or keep, when up to date) one panel; returns (status, summary)."""
    path = panel_path(spec.name, data_dir)
    fp = _fingerprint(spec, data_dir)
    meta = read_meta(path) if path.exists() else None
    if not force and meta and meta.get("fingerprint") == fp:
        return "skipped", meta["summary"]
    df = spec.build(Path(data_dir))
    info = copy.deepcopy(df.attrs.get("alliancestats", {}))
    info.pop("data_dir", None)  # machine-specific; set again on load
    years = df["year"]
    summary = {"rows": int(len(df)), "columns": int(df.shape[1]),
               "first_year": int(years.min()) if len(df) else None, "last_year": int(years.max()) if len(df) else None,
               "events": {c: int(pd.to_numeric(df[c], errors="coerce").fillna(0).sum()) for c in spec.events if c in df}}
    flat = df.reset_index(drop=True)
    flat.attrs = {}  # pyarrow would store attrs (with absolute paths) in the pandas metadata
    write_parquet(flat, path, {"panel": spec.name, "description": spec.description,
                                                    "fingerprint": fp, "panel_info": info, "summary": summary})
    return "written", summary


def load_panel(name: str, data_dir) -> pd.DataFrame:
    """Read a cached standard panel (see :data:`PANELS`) with its panel record restored."""
    path = panel_path(name, data_dir)
    if not path.exists():
        known = ", ".join(p.name for p in PANELS)
        raise MissingDataError(f"panel {name!r} not found in {Path(data_dir) / PANEL_DIR} (known: {known}); "
                               "it is built by `alliancestats reproduce`")
    df = pq.read_table(path).to_pandas()
    meta = read_meta(path) or {}
    info = dict(meta.get("panel_info", {}))
    info["data_dir"] = str(data_dir)
    df.attrs["alliancestats"] = info
    return df


def get_panel(name: str, data_dir) -> pd.DataFrame:
    """The standard panel ``name`` for ``data_dir``: the cached copy when up to date, else built (and cached)."""
    check_option("panel name", name, [p.name for p in PANELS])
    spec = next(p for p in PANELS if p.name == name)
    build_panel(spec, data_dir)
    return load_panel(name, data_dir)
