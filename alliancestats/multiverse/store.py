"""Results streamed to Parquet as they finish, so a killed run resumes where it stopped.

A store is a folder::

    <out>/store.json                  module, fixed settings, identity of the processed data
    <out>/parts/part-<task>.parquet   the rows of one finished task (written atomically: temp file + rename)
    <out>/specifications.parquet      every finished row, sorted (rewritten at the end of each run)

A part file exists only once its task is complete (a kill mid-write leaves
a temporary file, ignored), so the finished specifications are exactly the
``spec_id`` values of the parts. A store refuses rows computed from other
data or other fixed settings (it would mix two multiverses).
"""
from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pyarrow.parquet as pq

from ..errors import OptionError
from ..outputs import write_text
from ..store import write_parquet

#: result columns after the choices (in this order); timing columns are the run's, not results
RESULT_COLUMNS = {"status": "string", "n_obs": "Int64", "n_events": "Int64", "estimate": "float64",
                  "std_error": "float64", "conf_low": "float64", "conf_high": "float64", "p_value": "float64",
                  "pct_change": "float64", "share_with_pledge": "float64", "note": "string", "error": "string"}
TIMING_COLUMNS = {"panel_seconds": "float64", "fit_seconds": "float64"}


class ResultStore:
    """A folder of Parquet parts holding finished specifications (module docstring)."""

    def __init__(self, root, *, module: str, fixed: dict, choices: list[str], data_key: str):
        self.root = Path(root)
        self.parts = self.root / "parts"
        self.choices = list(choices)
        self.meta = {"module": module, "fixed": fixed, "data": data_key}
        path = self.root / "store.json"
        if path.exists():
            have = json.loads(path.read_text("utf-8"))
            for k in ("module", "fixed", "data"):
                if have.get(k) != self.meta[k]:
                    raise OptionError(
                        f"{self.root} holds results for another {k} ({have.get(k)!r}, now {self.meta[k]!r}); "
                        "use another --out folder (or delete this one to start over)")
        else:
            write_text(path, json.dumps(self.meta, indent=2, sort_keys=True) + "\n")
        self.parts.mkdir(parents=True, exist_ok=True)

    def _files(self) -> list[Path]:
        return sorted(self.parts.glob("part-*.parquet"))

    def finished(self) -> set[str]:
        """Ids of the specifications already in the store."""
        ids: set[str] = set()
        for p in self._files():
            ids.update(pq.read_table(p, columns=["spec_id"]).column("spec_id").to_pylist())
        return ids

    def frame(self, rows: list[dict]) -> pd.DataFrame:
        df = pd.DataFrame(rows)
        for c, t in {"spec_id": "string", **{k: "string" for k in self.choices}, **RESULT_COLUMNS,
                     **TIMING_COLUMNS}.items():
            if c not in df.columns:
                df[c] = None
            if t == "float64":  # error rows hold no numbers: NaN
                df[c] = pd.to_numeric(df[c], errors="coerce").astype("float64")
            elif t == "Int64":
                df[c] = pd.to_numeric(df[c], errors="coerce").astype("Int64")
            else:
                df[c] = df[c].astype(t)
        return df[["spec_id", *self.choices, *RESULT_COLUMNS, *TIMING_COLUMNS]]

    def append(self, task_id: str, rows: list[dict]) -> Path:
        """Write one finished task's rows as a part (atomic)."""
        path = self.parts / f"part-{task_id}.parquet"
        write_parquet(self.frame(rows), path, {"multiverse_part": task_id})
        return path

    def table(self, *, timings: bool = False) -> pd.DataFrame:
        """Every finished row, one per specification, sorted by the choices then the id."""
        files = self._files()
        cols = ["spec_id", *self.choices, *RESULT_COLUMNS, *(TIMING_COLUMNS if timings else {})]
        if not files:
            return self.frame([])[cols]
        df = pd.concat([pq.read_table(p).to_pandas() for p in files], ignore_index=True)
        df = df.drop_duplicates("spec_id", keep="first")
        df = df.sort_values([*self.choices, "spec_id"], kind="stable").reset_index(drop=True)
        return df[cols]

    def consolidate(self) -> Path:
        """``specifications.parquet``: the sorted table (results only, no timings)."""
        path = self.root / "specifications.parquet"
        write_parquet(self.table(), path, {"multiverse": self.meta})
        return path
