"""Processed tables on disk: atomic, deterministic Parquet with provenance.

Each table is ``<table_id>.parquet`` in the processed-data directory. Its
schema metadata holds, under the key ``alliancestats``, a JSON document with
the dataset id and version, the sha256 of every source file, the library
version, rows read / written / rejected, and the fingerprint used to skip
up-to-date work. Nothing time-dependent is written, so the same inputs give
byte-identical files.
"""
from __future__ import annotations

import hashlib
import json
import os
import tempfile
from pathlib import Path
from typing import Any

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from .config import resolve_data_dir
from .errors import MissingDataError

META_KEY = b"alliancestats"


def sha256_file(path, chunk: int = 1 << 20) -> str:
    """sha256 of a file's bytes, read in 1 MiB blocks."""
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        while block := fh.read(chunk):
            h.update(block)
    return h.hexdigest()


def write_parquet(df: pd.DataFrame, path: Path, meta: dict[str, Any]) -> None:
    """Write ``df`` to ``path`` atomically (temp file in the same dir, then rename)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    table = pa.Table.from_pandas(df, preserve_index=False)
    md = dict(table.schema.metadata or {})
    md[META_KEY] = json.dumps(meta, sort_keys=True, default=str).encode()
    table = table.replace_schema_metadata(md)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    os.close(fd)
    try:
        pq.write_table(table, tmp, compression="zstd", write_statistics=True)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_text_atomic(path: Path, text: str) -> None:
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as fh:
            fh.write(text)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def read_meta(path: Path) -> dict[str, Any] | None:
    """The provenance document of a processed Parquet file, or None."""
    try:
        md = pq.read_schema(path).metadata or {}
    except (OSError, pa.ArrowInvalid):
        return None
    raw = md.get(META_KEY)
    return json.loads(raw) if raw else None


def table_path(table_id: str, data_dir=None) -> Path:
    return resolve_data_dir(data_dir) / f"{table_id}.parquet"


def _resolve_table_id(table_id: str, data_dir: Path) -> str:
    """Accept a versionless id such as ``atop_member``: newest version ingested."""
    from .raw.catalog import tables, version_key

    all_tables = tables()
    if table_id in all_tables:
        return table_id
    candidates = [
        (version_key(ds.version), tid)
        for tid, (ds, spec) in all_tables.items()
        if f"{ds.family}_{spec.name}" == table_id and (data_dir / f"{tid}.parquet").exists()
    ]
    return max(candidates)[1] if candidates else table_id


def load(table_id: str, data_dir=None, columns: list[str] | None = None) -> pd.DataFrame:
    """Read a processed table.

    ``table_id`` is a full id (``atop_5_1_member``) or a versionless one
    (``atop_member``: the newest version ingested). The frame's
    ``attrs["provenance"]`` holds the file's provenance and
    ``attrs["data_dir"]`` where it was read from.
    """
    ddir = resolve_data_dir(data_dir)
    tid = _resolve_table_id(table_id, ddir)
    path = ddir / f"{tid}.parquet"
    if not path.exists():
        raise MissingDataError(
            f"processed table {tid!r} not found in {ddir}. Create it with "
            f"`alliancestats ingest --raw-dir DIR --out {ddir}` (raw files: "
            f"`alliancestats download` or your own copies), or pass data_dir=."
        )
    df = pq.read_table(path, columns=columns).to_pandas()
    df.attrs["provenance"] = read_meta(path) or {}
    df.attrs["data_dir"] = str(ddir)
    return df
