"""Processed tables on disk: atomic, deterministic Parquet with provenance.

Each table is ``<table_id>.parquet`` in the processed-data directory. Its
schema metadata holds, under the key ``alliancestats``, a JSON document with
the dataset id and version, the sha256 of every source file, the library
version, rows read / written / rejected, and the fingerprint used to skip
up-to-date work. Nothing time-dependent is written, so the same inputs give
byte-identical files.

Integrity: the provenance also holds ``data_sha256``, the sha256 of the
file's bytes *before* the Parquet footer (every data page; the footer holds
the provenance itself, so it cannot be part of its own hash). :func:`load`
recomputes it on every read (one sha256 pass over bytes it reads anyway) and
raises :class:`TamperedTableError` when the data were rewritten after ingest
with the provenance copied over. Files written before this check existed
carry no ``data_sha256`` and are read without it.
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
from .errors import AllianceStatsError, MissingDataError, TamperedTableError, UnverifiedTableError  # noqa: F401

META_KEY = b"alliancestats"
DATA_HASH_KEY = "data_sha256"
#: environment variable: "1" lets a versionless id resolve to a table whose sources are not verified releases
ENV_ALLOW_UNVERIFIED = "ALLIANCESTATS_ALLOW_UNVERIFIED"


def sha256_file(path) -> str:
    """sha256 of a file's bytes (``hashlib.file_digest``, Python 3.11+, reads in blocks)."""
    with open(path, "rb") as fh:
        return hashlib.file_digest(fh, "sha256").hexdigest()


def data_region(buf: bytes) -> bytes:
    """The bytes of a Parquet file before its footer (``PAR1`` + every data page).

    Layout: ``PAR1 <pages> <footer> <4-byte little-endian footer length> PAR1``.
    """
    if len(buf) < 12 or buf[-4:] != b"PAR1" or buf[:4] != b"PAR1":
        raise TamperedTableError("not a Parquet file")
    footer = int.from_bytes(buf[-8:-4], "little")
    end = len(buf) - 8 - footer
    if end < 4:
        raise TamperedTableError("not a Parquet file (footer length)")
    return buf[:end]


def data_sha256(buf: bytes) -> str:
    """sha256 of :func:`data_region` (what ``data_sha256`` in the provenance records)."""
    return hashlib.sha256(data_region(buf)).hexdigest()


def _serialise(table: pa.Table, meta: dict[str, Any]) -> bytes:
    md = dict(table.schema.metadata or {})
    md[META_KEY] = json.dumps(meta, sort_keys=True, default=str).encode()
    sink = pa.BufferOutputStream()
    pq.write_table(table.replace_schema_metadata(md), sink, compression="zstd", write_statistics=True)
    return sink.getvalue().to_pybytes()


def write_parquet(df: pd.DataFrame, path: Path, meta: dict[str, Any]) -> None:
    """Write ``df`` to ``path`` atomically (temp file in the same dir, then rename).

    ``meta`` gains ``data_sha256`` (see the module docstring): the table is
    serialised once to learn the hash of its data pages, then with the hash
    in the footer; the pages are the same bytes both times (checked).
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    table = pa.Table.from_pandas(df, preserve_index=False)
    meta = {k: v for k, v in meta.items() if k != DATA_HASH_KEY}
    digest = data_sha256(_serialise(table, {**meta, DATA_HASH_KEY: "0" * 64}))
    buf = _serialise(table, {**meta, DATA_HASH_KEY: digest})
    if data_sha256(buf) != digest:  # pragma: no cover - the writer is deterministic
        raise AllianceStatsError(f"{path}: Parquet data pages differ between two writes; cannot record data_sha256")
    write_bytes_atomic(path, buf)


def verify_table(path: Path) -> bool | None:
    """True: the data match the recorded ``data_sha256``; False: they do not; None: nothing recorded."""
    buf = Path(path).read_bytes()
    return _verify_bytes(buf, read_meta(path))


def _verify_bytes(buf: bytes, meta: dict | None) -> bool | None:
    want = (meta or {}).get(DATA_HASH_KEY)
    if not want:
        return None
    try:
        return data_sha256(buf) == want
    except TamperedTableError:  # not even a Parquet file any more
        return False


def tampered_message(path: Path) -> str:
    return (f"processed table {Path(path).name} in {Path(path).parent} was modified after ingest (its data do not "
            f"match the data_sha256 in its provenance); re-create it with `alliancestats ingest --raw-dir DIR "
            f"--out {Path(path).parent} --force` or delete it")


def umask() -> int:
    """The process umask, read without changing it where the OS allows (Linux: /proc/self/status)."""
    try:
        with open("/proc/self/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    except OSError:
        pass
    mask = os.umask(0o022)  # elsewhere: set and restore (not thread-safe, as every umask read)
    os.umask(mask)
    return mask


def write_bytes_atomic(path: Path, data: bytes) -> Path:
    """Write ``data`` to ``path`` atomically (temp file in the same dir, then rename), mode ``0666 & ~umask``.

    ``mkstemp`` alone creates 0600 files, which a shared lab folder cannot read; the mode is set to what a
    plain ``open()`` would give before the rename, so readers never see a partial or unreadable file.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.chmod(tmp, 0o666 & ~umask())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path


def write_text_atomic(path: Path, text: str) -> Path:
    """UTF-8 text with ``\\n`` line ends, written by :func:`write_bytes_atomic`."""
    return write_bytes_atomic(path, text.encode("utf-8"))


def read_meta(path: Path) -> dict[str, Any] | None:
    """The provenance document of a processed Parquet file, or None."""
    try:
        md = pq.read_schema(path).metadata or {}
    except (OSError, pa.ArrowInvalid):
        return None
    raw = md.get(META_KEY)
    try:
        return json.loads(raw) if raw else None
    except ValueError:
        return None


def default_eligible(meta: dict | None) -> bool:
    """A table may be the default version of its family: made from verified release copies (or the sample world)."""
    meta = meta or {}
    return bool(meta.get("known_release") or meta.get("synthetic"))


def _resolve_table_id(table_id: str, data_dir: Path, allow_unverified: bool = False) -> str:
    """Accept a versionless id such as ``atop_member``: the newest *verified* version ingested.

    A version whose source files are not known release copies (no catalog
    hash, or a hash the catalog does not know) is the default only when the
    caller asks (``allow_unverified=True`` or ``ALLIANCESTATS_ALLOW_UNVERIFIED=1``)
    or names it by its full id.
    """
    from .raw.catalog import tables, version_key

    all_tables = tables()
    if table_id in all_tables:
        return table_id
    candidates = [
        (version_key(ds.version), tid)
        for tid, (ds, spec) in all_tables.items()
        if f"{ds.family}_{spec.name}" == table_id and (data_dir / f"{tid}.parquet").exists()
    ]
    if not candidates:
        return table_id
    allow = allow_unverified or os.environ.get(ENV_ALLOW_UNVERIFIED) == "1"
    ok = [c for c in candidates if allow or default_eligible(read_meta(data_dir / f"{c[1]}.parquet"))]
    if not ok:
        ids = ", ".join(t for _, t in sorted(candidates))
        raise UnverifiedTableError(
            f"{table_id!r}: every ingested version ({ids}) was made from files that are not verified release "
            f"copies, so none is used by default; name one explicitly (e.g. load({max(candidates)[1]!r})), pass "
            f"allow_unverified=True, or set {ENV_ALLOW_UNVERIFIED}=1")
    return max(ok)[1]


def load(table_id: str, data_dir=None, columns: list[str] | None = None, *,
         allow_unverified: bool = False) -> pd.DataFrame:
    """Read a processed table, checked against the hash recorded at ingest.

    Parameters
    ----------
    table_id : str
        A full id (``"atop_5_1_member"``) or a versionless one
        (``"atop_member"``: the newest version ingested from verified
        release copies).
    data_dir : path, optional
        Processed-data folder: this argument, else ``$ALLIANCESTATS_DATA_DIR``,
        else the project's ``data/processed``
        (:func:`~alliancestats.config.resolve_data_dir`).
    columns : list of str, optional
        Read only these columns.
    allow_unverified : bool, default False
        Let a versionless id resolve to a version made from files the
        catalog cannot verify (also ``ALLIANCESTATS_ALLOW_UNVERIFIED=1``).

    Returns
    -------
    DataFrame
        ``attrs["provenance"]`` holds the table's provenance (dataset,
        version, sha256 of every source file and of the data, rows read /
        written / rejected); ``attrs["data_dir"]`` where it was read from.

    Raises
    ------
    MissingDataError
        The table is not there; the message says which command makes it.
    UnverifiedTableError
        Every ingested version of a versionless id is unverified.
    TamperedTableError
        The data no longer match their recorded ``data_sha256``.

    Examples
    --------
    >>> import tempfile
    >>> import alliancestats as als
    >>> from alliancestats.synth import SAMPLE_DIR
    >>> out = tempfile.mkdtemp()
    >>> _ = als.ingest(SAMPLE_DIR, out, datasets_=["cow_states_2016"], progress=False)
    >>> states = als.load("cow_states", data_dir=out)  # versionless (family "cow"): the newest ingested
    >>> states.attrs["provenance"]["dataset_id"], len(states)
    ('cow_states_2016', 30)
    """
    ddir = resolve_data_dir(data_dir)
    tid = _resolve_table_id(table_id, ddir, allow_unverified)
    path = ddir / f"{tid}.parquet"
    if not path.exists():
        raise MissingDataError(
            f"processed table {tid!r} not found in {ddir}. Create it with "
            f"`alliancestats ingest --raw-dir DIR --out {ddir}` (raw files: "
            f"`alliancestats download` or your own copies), or pass data_dir=."
        )
    buf = path.read_bytes()
    meta = read_meta(pa.BufferReader(buf)) or {}
    if _verify_bytes(buf, meta) is False:
        raise TamperedTableError(tampered_message(path))
    df = pq.read_table(pa.BufferReader(buf), columns=columns).to_pandas()
    df.attrs["provenance"] = meta
    df.attrs["data_dir"] = str(ddir)
    return df
