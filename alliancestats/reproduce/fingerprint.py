"""Content fingerprints used to skip up-to-date stages (never timestamps or paths)."""
from __future__ import annotations

import hashlib
from functools import cache
from pathlib import Path

from ..store import read_meta, sha256_file  # noqa: F401  (re-exported for the runner)

_PKG = Path(__file__).resolve().parent.parent


@cache
def code_digest() -> str:
    """Hash of every module of the installed library (relative path + bytes)."""
    h = hashlib.sha256()
    for p in sorted(_PKG.rglob("*.py")):
        h.update(p.relative_to(_PKG).as_posix().encode())
        h.update(p.read_bytes())
    return h.hexdigest()


def processed_digest(data_dir) -> str:
    """Hash of the ingest fingerprints of every processed table in ``data_dir`` (not the panels)."""
    h = hashlib.sha256()
    for p in sorted(Path(data_dir).glob("*.parquet")):
        meta = read_meta(p) or {}
        h.update(p.name.encode())
        h.update(str(meta.get("fingerprint", sha256_file(p))).encode())
    return h.hexdigest()
