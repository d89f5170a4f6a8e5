"""Content fingerprints used to skip up-to-date stages (never timestamps or paths)."""
from __future__ import annotations

import hashlib
from functools import cache
from pathlib import Path

from ..store import TamperedTableError, read_meta, sha256_file, tampered_message, verify_table  # noqa: F401

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
    """Hash of what every processed table in ``data_dir`` holds (not the panels).

    Per table: its ingest fingerprint and the ``data_sha256`` of its data
    pages, verified against the file (one sha256 pass per table), so a table
    rewritten after ingest changes the digest; a table whose data no longer
    match their recorded hash raises :class:`~alliancestats.store.TamperedTableError`
    instead of being used. Tables without provenance are hashed whole.
    """
    h = hashlib.sha256()
    for p in sorted(Path(data_dir).glob("*.parquet")):
        meta = read_meta(p) or {}
        if verify_table(p) is False:
            raise TamperedTableError(tampered_message(p))
        h.update(p.name.encode())
        ident = [meta.get("fingerprint"), meta.get("data_sha256")] if meta.get("data_sha256") else None
        h.update(str(ident or sha256_file(p)).encode())
    return h.hexdigest()
