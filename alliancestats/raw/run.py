"""The ingest driver: find release files, run loaders, write Parquet and a report.

For every catalog table whose files are found in the raw directory, the
loader runs, the driver checks that every raw record is either written or
rejected with a reason, and the table is written atomically with provenance.
A table whose fingerprint (source hashes + loader code + library version) is
unchanged is skipped. A failing table leaves no Parquet behind and does not
stop the others; the report says which failed and why.
"""
from __future__ import annotations

import fnmatch
from collections import Counter
import hashlib
import inspect
import json
import warnings
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Iterable

import pandas as pd
from filelock import FileLock

from .._version import __version__
from ..errors import AllianceStatsError, IngestError
from ..store import read_meta, sha256_file, write_parquet, write_text_atomic
from .catalog import Dataset, LoadResult, ReleaseFile, TableSpec, datasets

REPORT_NAME = "ingest_report.json"
#: A file with this name marks a folder of synthetic release files (``data/raw/sample``): scanning a
#: parent folder skips it, so invented data never mix with real releases; scan the folder itself to use it.
SYNTHETIC_MARKER = ".alliancestats-synthetic"


class UnknownReleaseWarning(UserWarning):
    """A file matched by name has a hash that no known release has."""


@dataclass
class Found:
    path: Path
    sha256: str
    known: bool  # hash equals a known release copy
    how: str  # "sha256", "name", "header"


@dataclass
class RawIndex:
    """All files under a raw directory, hashed once."""

    root: Path
    files: list[Path]
    _hashes: dict[Path, str] = field(default_factory=dict)
    _by_sha: dict[str, list[Path]] | None = None
    _claimed: set[Path] | None = None

    @classmethod
    def scan(cls, root: Path) -> "RawIndex":
        root = Path(root)
        if not root.is_dir():
            raise AllianceStatsError(f"raw directory {root} does not exist")
        files = sorted(p for p in root.rglob("*") if p.is_file() and not p.name.startswith("."))
        # folders of synthetic files (the sample world) below the root are never mixed into real data
        synth = [m.parent for m in root.rglob(SYNTHETIC_MARKER) if m.parent != root]
        if synth:
            files = [p for p in files if not any(d in p.parents for d in synth)]
        return cls(root, files)

    @property
    def synthetic(self) -> bool:
        """The folder holds generated sample files (``alliancestats.synth``), not publishers' releases."""
        return (self.root / SYNTHETIC_MARKER).exists()

    def sha(self, path: Path) -> str:
        if path not in self._hashes:
            self._hashes[path] = sha256_file(path)
        return self._hashes[path]

    def by_sha(self) -> dict[str, list[Path]]:
        if self._by_sha is None:
            self._by_sha = {}
            for p in self.files:
                self._by_sha.setdefault(self.sha(p), []).append(p)
        return self._by_sha

    def _by_name(self, rf: ReleaseFile) -> list[Path]:
        pats = [rf.filename.lower(), *(a.lower() for a in rf.aliases)]
        return [p for p in self.files if any(fnmatch.fnmatchcase(p.name.lower(), pat) for pat in pats)]

    def claimed(self) -> set[Path]:
        """Files recognised by hash or name as some catalog release file.

        Header matching never takes these: GML's ``gml-mida-2.1.csv`` has
        the same header as COW's ``MIDA 4.3.csv`` and must not stand in for it.
        """
        if self._claimed is None:
            out: set[Path] = set()
            for ds in datasets():
                for rf in ds.files:
                    for h in rf.sha256:
                        out.update(self.by_sha().get(h, ()))
                    out.update(self._by_name(rf))
            self._claimed = out
        return self._claimed

    def find(self, rf: ReleaseFile) -> Found | None:
        """Locate a release file: by known hash, then name/alias, then CSV header."""
        for h in rf.sha256:
            hits = self.by_sha().get(h)
            if hits:
                return Found(hits[0], h, True, "sha256")
        named = self._by_name(rf)
        if named:
            # exact published name wins over an alias
            named.sort(key=lambda p: (p.name.lower() != rf.filename.lower(), str(p)))
            p = named[0]
            return Found(p, self.sha(p), self.sha(p) in rf.sha256, "name")
        if rf.signature:
            taken = self.claimed()
            for p in self.files:
                if p not in taken and p.suffix.lower() in (".csv", ".txt") and _header(p) == list(rf.signature):
                    return Found(p, self.sha(p), False, "header")
        return None


def _header(path: Path) -> list[str] | None:
    try:
        with open(path, "r", encoding="utf-8-sig", errors="replace", newline="") as fh:
            first = fh.readline(65536)
    except OSError:
        return None
    return [c.strip().strip('"') for c in first.replace("\r", "\n").split("\n")[0].split(",")]


@cache
def _code_digest(loader_module: str) -> str:
    """Hash of the loader's module and the shared ingest code, so code changes re-ingest."""
    import sys

    h = hashlib.sha256(__version__.encode())
    here = Path(__file__).parent
    for p in sorted([*here.glob("*.py"), Path(inspect.getfile(sys.modules[loader_module]))]):
        h.update(p.name.encode())
        h.update(p.read_bytes())
    return h.hexdigest()


@dataclass
class TableOutcome:
    table_id: str
    dataset_id: str
    status: str  # written | skipped | failed | missing_input
    rows_read: int | None = None
    rows_written: int | None = None
    rows_rejected: int | None = None
    sources: dict[str, str] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    error: str | None = None
    notes: list[str] = field(default_factory=list)

    def as_dict(self) -> dict:
        return {k: v for k, v in self.__dict__.items() if v not in (None, [], {})}


@dataclass
class IngestReport:
    raw_dir: str
    out_dir: str
    tables: list[TableOutcome]

    @property
    def failed(self) -> list[TableOutcome]:
        return [t for t in self.tables if t.status == "failed"]

    def counts(self) -> dict[str, int]:
        return dict(Counter(t.status for t in self.tables))

    def to_json(self) -> str:
        doc = {
            "library_version": __version__,
            "status_counts": self.counts(),
            "tables": [t.as_dict() for t in sorted(self.tables, key=lambda t: t.table_id)],
        }
        return json.dumps(doc, indent=2, sort_keys=True) + "\n"

    def summary(self) -> str:
        lines = [f"{'table':44s} {'status':14s} {'read':>8s} {'written':>8s} {'rejected':>8s}"]
        for t in sorted(self.tables, key=lambda t: t.table_id):
            if t.status == "missing_input":
                continue
            lines.append(
                f"{t.table_id:44s} {t.status:14s} {t.rows_read if t.rows_read is not None else '':>8} "
                f"{t.rows_written if t.rows_written is not None else '':>8} {t.rows_rejected if t.rows_rejected is not None else '':>8}"
            )
            for w in t.warnings:
                lines.append(f"    warning: {w}")
            if t.error:
                lines.append(f"    error: {t.error}")
        c = self.counts()
        lines.append(", ".join(f"{v} {k}" for k, v in sorted(c.items())))
        return "\n".join(lines)


def _check_accounting(table_id: str, spec: TableSpec, res: LoadResult) -> None:
    """Every raw record is written or rejected, never both, never lost."""
    data, rej = res.data, res.rejected
    if "source_line" not in data.columns:
        raise AllianceStatsError(f"{table_id}: loader did not record source_line")
    keys = ["source_file", "source_line"] if "source_file" in data.columns else ["source_line"]
    used = data[keys].drop_duplicates()
    rkeys = ["file", "line"] if "source_file" in data.columns else ["line"]
    rej_keys = rej[rkeys].drop_duplicates()
    if len(rej_keys) != len(rej):
        raise AllianceStatsError(f"{table_id}: a raw record was rejected twice")
    both = used.merge(rej_keys.set_axis(keys, axis=1), on=keys, how="inner")
    if len(both):
        raise AllianceStatsError(f"{table_id}: {len(both)} raw records both written and rejected")
    if len(used) + len(rej) != res.rows_read:
        raise AllianceStatsError(
            f"{table_id}: {res.rows_read} raw records read but {len(used)} written + {len(rej)} rejected"
        )
    if spec.one_to_one and len(used) != len(data):
        raise AllianceStatsError(f"{table_id}: a raw record produced more than one row in a 1:1 table")


def ingest_table(ds: Dataset, spec: TableSpec, index: RawIndex, out_dir: Path, *, force: bool = False) -> TableOutcome:
    table_id = ds.table_id(spec)
    outcome = TableOutcome(table_id, ds.dataset_id, "missing_input")
    found: dict[str, Found] = {}
    for key in spec.files:
        rf = ds.file(key)
        f = index.find(rf)
        if f is None:
            return outcome
        found[key] = f
    outcome.sources = {f.path.name: f.sha256 for f in found.values()}
    for key, f in found.items():
        if not f.known and ds.file(key).sha256 and not index.synthetic:
            msg = (f"{f.path} (sha256 {f.sha256[:12]}...) is not a known {ds.dataset_id} release copy of "
                   f"{ds.file(key).filename}; it may be a newer or modified release")
            outcome.warnings.append(msg)
            warnings.warn(msg, UnknownReleaseWarning, stacklevel=2)
    fingerprint = hashlib.sha256(json.dumps(
        [table_id, sorted(outcome.sources.values()), _code_digest(spec.loader.__module__)]).encode()).hexdigest()
    out_path = out_dir / f"{table_id}.parquet"
    rej_path = out_dir / f"{table_id}.rejected.csv"
    if not force and out_path.exists():
        meta = read_meta(out_path)
        if meta and meta.get("fingerprint") == fingerprint:
            outcome.status = "skipped"
            outcome.rows_read = meta.get("rows_read")
            outcome.rows_written = meta.get("rows_written")
            outcome.rows_rejected = meta.get("rows_rejected")
            return outcome
    try:
        res = spec.loader({k: f.path for k, f in found.items()})
        _check_accounting(table_id, spec, res)
    except (IngestError, AllianceStatsError) as err:
        outcome.status, outcome.error = "failed", str(err)
        out_path.unlink(missing_ok=True)
        rej_path.unlink(missing_ok=True)  # no stale rejection list for a table that is not there
        return outcome
    data = res.data.reset_index(drop=True)
    meta = {
        "table_id": table_id,
        "dataset_id": ds.dataset_id,
        "dataset_version": ds.version,
        "title": ds.title,
        "coverage": list(ds.coverage) if ds.coverage else None,
        "sources": outcome.sources,
        "known_release": all(f.known for f in found.values()),
        "synthetic": index.synthetic,
        "library_version": __version__,
        "rows_read": int(res.rows_read),
        "rows_written": int(len(data)),
        "rows_rejected": int(len(res.rejected)),
        "notes": res.notes,
        "fingerprint": fingerprint,
    }
    write_parquet(data, out_path, meta)
    if len(res.rejected):
        write_text_atomic(rej_path, res.rejected.sort_values(list(res.rejected.columns[:2])).to_csv(index=False))
    else:
        rej_path.unlink(missing_ok=True)
    outcome.status = "written"
    outcome.rows_read, outcome.rows_written, outcome.rows_rejected = meta["rows_read"], meta["rows_written"], meta["rows_rejected"]
    outcome.notes = list(res.notes)
    return outcome


def ingest(raw_dir, out_dir=None, *, datasets_: Iterable[str] | None = None, force: bool = False,
           progress: bool = False) -> IngestReport:
    """Ingest every recognised release file under ``raw_dir`` into ``out_dir``.

    Returns an :class:`IngestReport` (also written as ``ingest_report.json``).
    Concurrent ingests into one directory are serialised by a lock file.
    """
    from ..config import resolve_data_dir

    out = resolve_data_dir(out_dir)
    index = RawIndex.scan(Path(raw_dir))  # before creating out: a wrong --raw-dir leaves nothing behind
    out.mkdir(parents=True, exist_ok=True)
    wanted = set(datasets_) if datasets_ else None
    todo = [(d, t) for d in datasets() if wanted is None or d.dataset_id in wanted for t in d.tables]
    outcomes = []
    with FileLock(str(out / ".ingest.lock")):
        it = todo
        if progress:
            from tqdm.auto import tqdm
            it = tqdm(todo, desc="ingest", unit="table", leave=False)
        for ds, spec in it:
            outcomes.append(ingest_table(ds, spec, index, out, force=force))
        report = IngestReport(str(raw_dir), str(out), outcomes)
        write_text_atomic(out / REPORT_NAME, report.to_json())
    return report


def local_status(data_dir=None) -> pd.DataFrame:
    """One row per catalog table: whether it is ingested in ``data_dir`` and its row count."""
    from ..config import resolve_data_dir

    ddir = resolve_data_dir(data_dir)
    rows = []
    for ds in datasets():
        for spec in ds.tables:
            tid = ds.table_id(spec)
            p = ddir / f"{tid}.parquet"
            meta = read_meta(p) if p.exists() else None
            rows.append({
                "dataset_id": ds.dataset_id, "table_id": tid, "version": ds.version,
                "status": "ingested" if meta else "absent",
                "rows": meta.get("rows_written") if meta else None,
            })
    return pd.DataFrame(rows)
