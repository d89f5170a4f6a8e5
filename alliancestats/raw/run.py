"""The ingest driver: find release files, run loaders, validate, write Parquet and a report.

For every catalog table whose files are found in the raw directory, the
loader runs, the content schema of the table is applied
(:mod:`.validate`, :mod:`.schemas`), the driver checks that every raw
record is either written or rejected with a reason, and the table is
written atomically with provenance. A table whose fingerprint (source
hashes + loader code + library version) is unchanged and whose data still
match their recorded hash is skipped.

Failures never lose data: a table that fails (bad file, a file that cannot
be read, a short copy of a known release, a write error such as a full
disk) keeps its previous Parquet, which the report (and ``datasets -v``)
marks *stale*; the other tables still ingest; the run's report lists what
was and was not written. Stale hidden temp files of a killed run are removed
by the next run.

Release identification (:class:`RawIndex`): by the catalog's sha256, then
by name, then by CSV header. Two *different* files that both claim one
release file are an error naming both; a file that is a known copy of
another release under this one's name is an error naming the release it
is; a file the catalog has no hash for is ingested *unverified* (warning,
provenance ``verification``) and never becomes the default version of a
versionless :func:`alliancestats.load`. Synthetic files of the sample world
are recognised by content (their sha256 in ``raw/data/sample_hashes.csv``),
never by a marker file, and are not mixed with real files: in a tree that
holds real files they are skipped (noted), and one processed directory
never holds both.
"""
from __future__ import annotations

import csv
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
from ..errors import (AllianceStatsError, IngestError, NothingToIngestWarning,  # noqa: F401 (warnings re-exported)
                      UnknownReleaseWarning, UnverifiedReleaseWarning)
from ..progress import tqdm_class
from ..store import (read_meta, sha256_file, tampered_message, verify_table, write_parquet,
                     write_text_atomic)
from .catalog import Dataset, LoadResult, ReleaseFile, TableSpec, check_dataset_ids, datasets
from .schemas import schema_for
from .validate import Context, quote, validate

REPORT_NAME = "ingest_report.json"
DOWNLOAD_LOG = "download.log"  # written into the raw directory by alliancestats.raw.download (which imports it)
#: Written by :mod:`alliancestats.synth` next to the sample files for humans; it has NO effect on ingest
#: (synthetic files are recognised by their sha256, see :func:`sample_hashes`).
SYNTHETIC_MARKER = ".alliancestats-synthetic"
#: Longest error text kept in a report entry (a bad cell is quoted truncated; this bounds everything else).
ERROR_LIMIT = 600


@cache
def sample_hashes() -> frozenset[str]:
    """sha256 of every file of the synthetic sample world (``data/raw/sample``, ``alliancestats.synth``)."""
    path = Path(__file__).parent / "data" / "sample_hashes.csv"
    with open(path, newline="", encoding="utf-8") as fh:
        return frozenset(r["sha256"] for r in csv.DictReader(fh))


def _known_files() -> dict[str, list[tuple[str, str]]]:
    """sha256 -> [(dataset id, release file name)] over the whole catalog."""
    out: dict[str, list[tuple[str, str]]] = {}
    for ds in datasets():
        for rf in ds.files:
            for h in rf.sha256:
                out.setdefault(h, []).append((ds.dataset_id, rf.filename))
    return out


def _short(text: str, limit: int = ERROR_LIMIT) -> str:
    text = " ".join(str(text).split("\n"))
    return text if len(text) <= limit else text[:limit] + f"... ({len(text)} characters)"


@dataclass
class Found:
    path: Path
    sha256: str | None
    known: bool  # hash equals a known release copy
    how: str  # "sha256", "name", "header"
    error: str | None = None  # why this file cannot be used for the release (the table then fails)


@dataclass
class RawIndex:
    """All files under a raw directory, hashed once.

    ``synthetic`` is True when every file is a file of the sample world
    (recognised by sha256), or when the caller says so (``scan(root,
    synthetic=True)``, used by ``reproduce --sample``). In a tree that also
    holds other files, the sample files are left out (``skipped_synthetic``).
    """

    root: Path
    files: list[Path]
    _hashes: dict[Path, str | None] = field(default_factory=dict)
    _by_sha: dict[str, list[Path]] | None = None
    _claimed: set[Path] | None = None
    _known: dict[str, list[tuple[str, str]]] | None = None
    synthetic: bool = False
    skipped_synthetic: list[Path] = field(default_factory=list)
    unreadable: dict[Path, str] = field(default_factory=dict)

    @classmethod
    def scan(cls, root: Path, synthetic: bool | None = None) -> "RawIndex":
        root = Path(root)
        if not root.is_dir():
            raise AllianceStatsError(f"raw directory {root} does not exist")
        # hidden files (locks, temporary downloads) and the download log are never release files
        files = sorted(p for p in root.rglob("*")
                       if p.is_file() and not p.name.startswith(".") and p.name != DOWNLOAD_LOG)
        idx = cls(root, files)
        if synthetic is None:
            sample = sample_hashes()
            synth = [p for p in files if idx.sha(p) in sample]
            if synth and len(synth) == len(files):
                idx.synthetic = True
            elif synth:
                idx.skipped_synthetic = synth
                idx.files = [p for p in files if p not in set(synth)]
        else:
            idx.synthetic = bool(synthetic)
        return idx

    def sha(self, path: Path) -> str | None:
        """sha256 of a file, or None when it cannot be read (the reason is in ``unreadable``)."""
        if path not in self._hashes:
            try:
                self._hashes[path] = sha256_file(path)
            except OSError as err:
                self._hashes[path] = None
                self.unreadable[path] = err.strerror or type(err).__name__
        return self._hashes[path]

    def by_sha(self) -> dict[str, list[Path]]:
        if self._by_sha is None:
            self._by_sha = {}
            for p in self.files:
                h = self.sha(p)
                if h is not None:
                    self._by_sha.setdefault(h, []).append(p)
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

    def find(self, rf: ReleaseFile, dataset_id: str = "") -> Found | None:
        """Locate a release file: by known hash, then name/alias, then CSV header.

        Errors (in ``Found.error``; the table fails, naming the paths): two
        different files claim the release file (a known copy and another
        file under its name, or two unknown files); the only file under its
        name is a known copy of *another* release; the file cannot be read.
        """
        known = [(p, h) for h in rf.sha256 for p in self.by_sha().get(h, ())]
        named = self._by_name(rf)
        # exact published name wins over an alias
        named.sort(key=lambda p: (p.name.lower() != rf.filename.lower(), str(p)))
        for p in named:
            if self.sha(p) is None:
                return Found(p, None, False, "name", f"{p}: cannot read file: {self.unreadable[p]}")
        # names that can only mean this release (published name, literal aliases); globs may catch
        # neighbours (the 2022 World Bank file matches the 2018 glob) and only count when nothing else does
        exact = {rf.filename.lower(), *(a.lower() for a in rf.aliases if not any(ch in a for ch in "*?["))}
        other = {p: self.sha(p) for p in named if self.sha(p) not in rf.sha256}
        if self._known is None:
            self._known = _known_files()
        elsewhere = {p: h for p, h in other.items() if h in self._known}
        strangers = {p: h for p, h in other.items() if p not in elsewhere}
        exact_strangers = {p: h for p, h in strangers.items() if p.name.lower() in exact}
        label = f"{rf.filename}" + (f" ({dataset_id})" if dataset_id else "")
        if known:
            p, h = known[0]
            if exact_strangers:
                q = next(iter(exact_strangers))
                return Found(p, h, True, "sha256",
                             f"two different copies of {label}: {p} (the known release) and {q} "
                             f"(sha256 {exact_strangers[q][:12]}..., not a known copy); remove or rename one")
            return Found(p, h, True, "sha256")
        if len(set(exact_strangers.values())) > 1:
            a = next(iter(exact_strangers))
            b = next(q for q in exact_strangers if exact_strangers[q] != exact_strangers[a])
            return Found(a, exact_strangers[a], False, "name",
                         f"two different copies of {label}: {a} and {b} (different sha256, neither a known copy); "
                         f"remove or rename one")
        if strangers:
            p = next(iter(strangers))
            return Found(p, strangers[p], False, "name")
        mislabelled = {p: h for p, h in elsewhere.items() if p.name.lower() in exact}
        if mislabelled:
            p, h = next(iter(mislabelled.items()))
            which = ", ".join(f"{f} of {d}" for d, f in self._known[h])
            return Found(p, h, False, "name",
                         f"{p} is a known copy of {which} (sha256 {h[:12]}...), not of {label}; "
                         f"rename it (it is ingested as the release it is)")
        if rf.signature:
            taken = self.claimed()
            for p in self.files:
                if p not in taken and p.suffix.lower() in (".csv", ".txt") and _header(p) == list(rf.signature):
                    h = self.sha(p)
                    if h is None:
                        return Found(p, None, False, "header", f"{p}: cannot read file: {self.unreadable[p]}")
                    return Found(p, h, False, "header")
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
    #: a failed table whose previous Parquet was kept: it is there but does not reflect the raw files
    stale: bool = False
    #: an entry carried over from an earlier run (its dataset was not ingested this time)
    earlier: bool = False
    #: how each source was identified: sha256 (known release copy), unknown (hash not in the catalog),
    #: unverified (the catalog has no hash for it), synthetic (a sample-world file)
    verification: dict[str, str] = field(default_factory=dict)

    def as_dict(self) -> dict:
        return {k: v for k, v in self.__dict__.items() if not (v is None or v is False or v == [] or v == {})}


@dataclass
class IngestReport:
    """What one :func:`ingest` run did (also written as ``ingest_report.json``).

    Attributes
    ----------
    raw_dir, out_dir : str
    tables : list of TableOutcome
        Every catalog table of the run, and (``earlier=True``) the previous
        entries of tables not ingested this time.
    notes : list of str
        Run-level notes: temp files removed, synthetic files skipped,
        nothing found (with the folder or flag to use).
    report_written : bool
        False when ``ingest_report.json`` could not be written.
    """

    raw_dir: str
    out_dir: str
    tables: list[TableOutcome]
    notes: list[str] = field(default_factory=list)
    #: False when ingest_report.json could not be written (e.g. a full disk); the old one was removed
    report_written: bool = True

    @property
    def failed(self) -> list[TableOutcome]:
        """Tables that failed in this run (entries carried over from earlier runs excluded)."""
        return [t for t in self.tables if t.status == "failed" and not t.earlier]

    @property
    def stale(self) -> list[TableOutcome]:
        return [t for t in self.tables if t.stale]

    def counts(self) -> dict[str, int]:
        """Statuses of this run's tables (entries carried over from earlier runs not counted)."""
        return dict(Counter(t.status for t in self.tables if not t.earlier))

    def to_json(self) -> str:
        doc = {
            "library_version": __version__,
            "status_counts": self.counts(),
            "notes": self.notes,
            "tables": [t.as_dict() for t in sorted(self.tables, key=lambda t: t.table_id)],
        }
        return json.dumps(doc, indent=2, sort_keys=True) + "\n"

    def summary(self) -> str:
        lines = [f"{'table':44s} {'status':14s} {'read':>8s} {'written':>8s} {'rejected':>8s}"]
        for t in sorted(self.tables, key=lambda t: t.table_id):
            if t.status == "missing_input" or (t.earlier and not t.stale):
                continue
            status = "failed (stale)" if t.stale else t.status
            lines.append(
                f"{t.table_id:44s} {status:14s} {t.rows_read if t.rows_read is not None else '':>8} "
                f"{t.rows_written if t.rows_written is not None else '':>8} {t.rows_rejected if t.rows_rejected is not None else '':>8}"
            )
            for w in t.warnings:
                lines.append(f"    warning: {w}")
            if t.error:
                lines.append(f"    error: {t.error}")
            if t.stale:
                lines.append("    kept: the previous table (stale: it does not reflect the current raw file)")
        lines.extend(f"note: {n}" for n in self.notes)
        c = self.counts()
        lines.append(", ".join(f"{v} {k}" for k, v in sorted(c.items())))
        earlier = sum(1 for t in self.tables if t.earlier)
        if earlier:
            lines.append(f"{earlier} tables of other datasets not ingested in this run (kept as they were)")
        if self.stale:
            lines.append(f"{len(self.stale)} stale tables kept from an earlier ingest")
        if not self.report_written:
            lines.append(f"{REPORT_NAME} could NOT be written (see the errors above)")
        return "\n".join(lines)

    def __repr__(self) -> str:  # a notebook shows the summary, not a dump of every field
        c = ", ".join(f"{v} {k}" for k, v in sorted(self.counts().items()))
        return f"<IngestReport {self.raw_dir} -> {self.out_dir}: {c}>"

    def _repr_html_(self) -> str:
        import html

        return f"<pre>{html.escape(self.summary())}</pre>"


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


def _check_row_counts(ds: Dataset, spec: TableSpec, found: dict[str, "Found"], res: LoadResult) -> None:
    """A copy of a release file (not a known one) with fewer records than the release has is refused.

    The catalog records the number of data records of each release file
    (``ReleaseFile.rows``); a file found by name or header with fewer is
    truncated, header-only or a different file, and must not replace a full
    table. Newer releases have more records, which passes (with the
    unknown-release warning). A file with a header and no records is refused
    whether or not the catalog knows the count.
    """
    per_file: dict[str, int] = {}
    if len(found) == 1:
        per_file[next(iter(found.values())).path.name] = res.rows_read
    elif "source_file" in res.data.columns and "file" in res.rejected.columns:
        names = {f.path.name for f in found.values()}
        used = res.data[["source_file", "source_line"]].drop_duplicates()["source_file"].value_counts()
        rej = res.rejected["file"].value_counts()
        if set(used.index) | set(rej.index) <= names:
            per_file = {n: int(used.get(n, 0)) + int(rej.get(n, 0)) for n in names}
    for key, f in found.items():
        rf = ds.file(key)
        n = per_file.get(f.path.name)
        if n == 0 and not f.known:
            raise IngestError(f.path, f"has a header but no data records; expected the records of {ds.dataset_id} "
                                      f"{rf.filename}" + (f" ({rf.rows})" if rf.rows else ""))
        if f.known or rf.rows is None or n is None or n >= rf.rows:
            continue
        raise IngestError(f.path, f"has {n} data records, but {ds.dataset_id} {rf.filename} has {rf.rows}; "
                                  f"a truncated, header-only or different file (it is not a known release copy)")


def _verification(index: RawIndex, rf: ReleaseFile, f: Found) -> str:
    if index.synthetic:
        return "synthetic"
    if f.known:
        return "sha256"
    return "unknown" if rf.sha256 else "unverified"


def _state_context(out_dir: Path) -> tuple[frozenset[int] | None, str | None]:
    """COW state codes of the newest State System ``states`` table in ``out_dir`` (None when absent)."""
    import pyarrow.parquet as pq

    from .catalog import version_key

    cands = sorted(((version_key(d.version), d.table_id(t)) for d in datasets() for t in d.tables
                    if d.family == "cow" and t.name == "states" and (out_dir / f"{d.table_id(t)}.parquet").exists()),
                   reverse=True)
    for _, tid in cands:
        path = out_dir / f"{tid}.parquet"
        if verify_table(path) is False:
            continue
        try:
            codes = pq.read_table(path, columns=["ccode"]).column("ccode").drop_null().to_pylist()
        except Exception:  # noqa: BLE001 - an unreadable table gives no code list, never a crash
            continue
        return frozenset(int(c) for c in codes), tid
    return None, None


def ingest_table(ds: Dataset, spec: TableSpec, index: RawIndex, out_dir: Path, *, force: bool = False,
                 ctx: Context | None = None) -> TableOutcome:
    table_id = ds.table_id(spec)
    outcome = TableOutcome(table_id, ds.dataset_id, "missing_input")
    out_path = out_dir / f"{table_id}.parquet"
    rej_path = out_dir / f"{table_id}.rejected.csv"

    def failed(message: str) -> TableOutcome:
        outcome.status, outcome.error = "failed", _short(message)
        # the previous good table (if any) is kept, never deleted: it is stale until a good re-ingest
        outcome.stale = out_path.exists()
        return outcome

    found: dict[str, Found] = {}
    for key in spec.files:
        rf = ds.file(key)
        f = index.find(rf, ds.dataset_id)
        if f is None:
            return outcome
        found[key] = f
    outcome.sources = {f.path.name: f.sha256 or "" for f in found.values()}
    outcome.verification = {f.path.name: _verification(index, ds.file(k), f) for k, f in found.items()}
    errors = [f.error for f in found.values() if f.error]
    if errors:
        return failed(errors[0])
    for key, f in found.items():
        rf = ds.file(key)
        how = outcome.verification[f.path.name]
        if how == "unknown":
            msg = (f"{f.path} (sha256 {f.sha256[:12]}...) is not a known {ds.dataset_id} release copy of "
                   f"{rf.filename}; it may be a newer or modified release")
            outcome.warnings.append(msg)
            warnings.warn(msg, UnknownReleaseWarning, stacklevel=2)
        elif how == "unverified":
            msg = (f"{f.path} is UNVERIFIED: the catalog has no sha256 for {ds.dataset_id} {rf.filename}, so its "
                   f"content cannot be checked against the publisher's release; {table_id} is not used as the "
                   f"default version unless asked for by its full id")
            outcome.warnings.append(msg)
            warnings.warn(msg, UnverifiedReleaseWarning, stacklevel=2)
    fingerprint = hashlib.sha256(json.dumps(
        [table_id, sorted(outcome.sources.values()), _code_digest(spec.loader.__module__)]).encode()).hexdigest()
    if not force and out_path.exists():
        meta = read_meta(out_path)
        if meta and meta.get("fingerprint") == fingerprint:
            if verify_table(out_path) is False:
                outcome.notes.append(tampered_message(out_path) + "; it was re-created")
            else:
                outcome.status = "skipped"
                outcome.rows_read = meta.get("rows_read")
                outcome.rows_written = meta.get("rows_written")
                outcome.rows_rejected = meta.get("rows_rejected")
                return outcome
    ctx = ctx or Context()
    vctx = Context(ds.coverage, ctx.state_codes, ctx.state_table,
                   next(iter(found.values())).path.name if len(found) == 1 else None)
    try:
        res = spec.loader({k: f.path for k, f in found.items()})
        _check_accounting(table_id, spec, res)
        if not index.synthetic:  # the sample world is smaller than the releases by design
            _check_row_counts(ds, spec, found, res)
        res = validate(table_id, schema_for(ds.family, spec.name), res, vctx, one_to_one=spec.one_to_one)
        _check_accounting(table_id, spec, res)
    except (IngestError, AllianceStatsError) as err:
        return failed(str(err))
    except MemoryError:
        return failed(f"{table_id}: out of memory while reading {', '.join(outcome.sources)}")
    except Exception as err:  # noqa: BLE001 - a loader bug or an unforeseen file: one line, not a traceback
        return failed(f"{table_id}: unexpected {type(err).__name__} while reading {', '.join(outcome.sources)}: "
                      f"{quote(str(err), 200)} (please report this with the file)")
    data = res.data.reset_index(drop=True)
    rejected = res.rejected.copy()
    if "reason" in rejected.columns:
        rejected["reason"] = rejected["reason"].astype("str").map(lambda r: _short(r, 300))
    meta = {
        "table_id": table_id,
        "dataset_id": ds.dataset_id,
        "dataset_version": ds.version,
        "title": ds.title,
        "coverage": list(ds.coverage) if ds.coverage else None,
        "sources": outcome.sources,
        "known_release": all(f.known for f in found.values()),
        "verification": outcome.verification,
        "synthetic": index.synthetic,
        "library_version": __version__,
        "rows_read": int(res.rows_read),
        "rows_written": int(len(data)),
        "rows_rejected": int(len(rejected)),
        "notes": res.notes,
        "fingerprint": fingerprint,
    }
    try:
        # the rejection list first: if it cannot be written, the table is not replaced either
        if len(rejected):
            write_text_atomic(rej_path, rejected.sort_values(list(rejected.columns[:2])).to_csv(index=False))
        write_parquet(data, out_path, meta)
        if not len(rejected):
            rej_path.unlink(missing_ok=True)
    except OSError as err:
        return failed(f"{table_id}: cannot write {out_path.name} in {out_dir}: {err.strerror or err} "
                      f"(nothing of this table was replaced)")
    outcome.status = "written"
    outcome.rows_read, outcome.rows_written, outcome.rows_rejected = meta["rows_read"], meta["rows_written"], meta["rows_rejected"]
    outcome.notes = [*outcome.notes, *res.notes]
    return outcome


def _clean_temp(out: Path) -> list[str]:
    """Remove hidden temp files a killed write left (``.<name>.<random>.tmp``); runs under the ingest lock."""
    gone = []
    for p in out.glob(".*.tmp"):
        try:
            p.unlink()
            gone.append(p.name)
        except OSError:
            pass
    return sorted(gone)


def _check_not_mixed(out: Path, synthetic: bool) -> None:
    """Refuse to put synthetic tables next to real ones (or the reverse) in one processed directory."""
    other = []
    for p in sorted(out.glob("*.parquet")):
        meta = read_meta(p)
        if meta and "table_id" in meta and bool(meta.get("synthetic")) != synthetic:
            other.append(p.name)
    if other:
        what, theirs = ("synthetic sample", "real") if synthetic else ("real", "synthetic sample")
        raise AllianceStatsError(
            f"refusing to write {what} data into {out}: it holds {len(other)} {theirs} tables "
            f"({', '.join(other[:3])}{', ...' if len(other) > 3 else ''}); use another output directory "
            f"(or delete those tables)")


def _previous_outcomes(out: Path) -> list[dict]:
    try:
        return json.loads((out / REPORT_NAME).read_text(encoding="utf-8")).get("tables", [])
    except (OSError, ValueError, AttributeError):
        return []


def nothing_found_message(raw_dir, index: RawIndex, wanted=None) -> str:
    """Why an ingest found nothing, and the folder or flag that would (sample world, download, --dataset)."""
    from ..synth import SAMPLE_DIR

    what = f"of {', '.join(sorted(wanted))} " if wanted else ""
    msg = f"no known release files {what}found under {raw_dir} ({len(index.files)} files looked at); "
    if index.skipped_synthetic:
        folders = sorted({str(p.parent) for p in index.skipped_synthetic})
        return msg + (f"the {len(index.skipped_synthetic)} synthetic sample files there are left out because other "
                      f"files sit beside them: ingest the sample world from its own folder "
                      f"(ingest({folders[0]!r}, ...), `alliancestats ingest --raw-dir {folders[0]}`) or run "
                      f"`alliancestats reproduce --sample`")
    if wanted and index.files:
        return msg + "drop --dataset / datasets_= to ingest whatever is there (`alliancestats datasets` lists ids)"
    return msg + (f"put the publishers' release files there (`alliancestats download --dest {raw_dir}`) or pass the "
                  f"folder that holds them; the synthetic sample world is {SAMPLE_DIR} "
                  f"(ingest({str(SAMPLE_DIR)!r}, ...) or `alliancestats reproduce --sample`)")


def ingest(raw_dir, out_dir=None, *, datasets_: Iterable[str] | None = None, force: bool = False,
           progress: bool | None = None, synthetic: bool | None = None) -> IngestReport:
    """Ingest every recognised release file under ``raw_dir`` into ``out_dir``.

    Files are recognised by sha256, name or header, in any folder layout;
    each catalog table is read, validated against its schema and written as
    ``<table_id>.parquet`` with its provenance (rejected raw records to
    ``<table_id>.rejected.csv``), and the run is summarised in
    ``ingest_report.json``. A table whose inputs and loader are unchanged
    is skipped (the output stays byte-identical). Concurrent ingests into
    one directory are serialised by a lock file.

    Parameters
    ----------
    raw_dir : path
        Folder holding the raw release files (any layout; the synthetic
        sample world is ``data/raw/sample``).
    out_dir : path, optional
        Processed-data folder (default: :func:`~alliancestats.config.resolve_data_dir`).
    datasets_ : iterable of str, optional
        Only these dataset ids (``alliancestats datasets`` lists them); an
        unknown id raises :class:`~alliancestats.errors.UnknownIdError` naming
        the closest ones.
    force : bool, default False
        Re-ingest even tables that are up to date.
    progress : bool or None, default None
        A ``tqdm.auto`` bar over the tables; None shows it only on a terminal.
    synthetic : bool or None, default None
        None recognises sample-world files by content; True/False says what
        the raw files are. A folder never mixes synthetic and real tables
        (:class:`~alliancestats.errors.AllianceStatsError`).

    Returns
    -------
    IngestReport
        One :class:`TableOutcome` per table (written / skipped / failed /
        missing_input, rows read / written / rejected); tables of datasets
        not ingested this time keep their previous entries (``earlier``).

    Warns
    -----
    NothingToIngestWarning
        No release file of the requested datasets was found; the message
        names the folder or flag to use instead (also in ``report.notes``).
    UnknownReleaseWarning, UnverifiedReleaseWarning
        A file matched by name or header whose sha256 the catalog does not
        know; its tables are ingested, marked unverified.

    Examples
    --------
    >>> import tempfile
    >>> import alliancestats as als
    >>> from alliancestats.synth import SAMPLE_DIR
    >>> out = tempfile.mkdtemp()
    >>> rep = als.ingest(SAMPLE_DIR, out, progress=False)
    >>> rep.counts()["written"]
    13
    >>> als.ingest(SAMPLE_DIR, out, progress=False).counts()["skipped"]  # up to date: nothing rewritten
    13
    """
    from ..config import resolve_data_dir

    wanted = set(datasets_) if datasets_ else None
    if wanted:  # a typo is an error before anything is read or written, not a silent no-op
        check_dataset_ids(wanted)
    out = resolve_data_dir(out_dir)
    index = RawIndex.scan(Path(raw_dir), synthetic)  # before creating out: a wrong --raw-dir leaves nothing behind
    out.mkdir(parents=True, exist_ok=True)
    todo = [(d, t) for d in datasets() if wanted is None or d.dataset_id in wanted for t in d.tables]
    outcomes = []
    with FileLock(str(out / ".ingest.lock")):
        _check_not_mixed(out, index.synthetic)
        notes = []
        gone = _clean_temp(out)
        if gone:
            notes.append(f"removed {len(gone)} temp files left by an interrupted run: {', '.join(gone[:5])}")
        if index.skipped_synthetic:
            notes.append(f"skipped {len(index.skipped_synthetic)} synthetic sample files found among real files "
                         f"(e.g. {index.skipped_synthetic[0]})")
        previous = _previous_outcomes(out)
        report_path = out / REPORT_NAME
        report_path.unlink(missing_ok=True)  # a run that dies leaves no report claiming the old success
        tqdm = tqdm_class()

        # None: tqdm decides (a bar on a terminal or in a notebook, nothing in logs and CI)
        it = tqdm(todo, desc="ingest", unit="table", leave=False, disable=None if progress is None else not progress)
        ctx: Context | None = None
        for ds, spec in it:
            if ctx is None:  # codes are checked against the state system table in ``out``
                codes, tid = _state_context(out)
                ctx = Context(state_codes=codes, state_table=tid)
            outcomes.append(ingest_table(ds, spec, index, out, force=force, ctx=ctx))
            if ds.family == "cow" and spec.name == "states":
                ctx = None  # (re)written just now: read it again
        done = {o.table_id for o in outcomes}
        for t in previous:  # tables of datasets not asked for this time keep their last outcome
            if t.get("table_id") not in done and (out / f"{t.get('table_id')}.parquet").exists():
                kept = {k: v for k, v in t.items() if k in TableOutcome.__dataclass_fields__}
                outcomes.append(TableOutcome(**{**kept, "earlier": True}))
        report = IngestReport(str(raw_dir), str(out), outcomes, notes)
        if not any(o.status in ("written", "skipped", "failed") for o in outcomes if not o.earlier):
            hint = nothing_found_message(raw_dir, index, wanted)
            report.notes.append(hint)
            warnings.warn(hint, NothingToIngestWarning, stacklevel=2)
        try:
            write_text_atomic(report_path, report.to_json())
        except OSError as err:
            report.report_written = False
            report.notes.append(f"cannot write {report_path}: {err.strerror or err}")
    return report


def local_status(data_dir=None) -> pd.DataFrame:
    """One row per catalog table: ingested / stale / absent in ``data_dir``, its row count and verification.

    ``stale``: the last ingest of the table failed and the previous table
    was kept (``ingest_report.json``); ``tampered``: its data no longer match
    their recorded hash; ``unverified`` in ``verified``: made from files the
    catalog has no hash for (or unknown copies).

    Parameters
    ----------
    data_dir : path, optional
        Processed-data folder (default: :func:`~alliancestats.config.resolve_data_dir`).

    Returns
    -------
    DataFrame
        Columns ``dataset_id``, ``table_id``, ``version``, ``status``
        (ingested / stale / tampered / absent), ``rows`` and ``verified``
        (yes / no / synthetic, None when absent).

    Examples
    --------
    >>> import tempfile
    >>> from alliancestats.raw import local_status
    >>> st = local_status(tempfile.mkdtemp())
    >>> set(st["status"])
    {'absent'}
    """
    from ..config import resolve_data_dir

    ddir = resolve_data_dir(data_dir)
    stale = {t.get("table_id") for t in _previous_outcomes(ddir) if t.get("stale")}
    rows = []
    for ds in datasets():
        for spec in ds.tables:
            tid = ds.table_id(spec)
            p = ddir / f"{tid}.parquet"
            meta = read_meta(p) if p.exists() else None
            status = "absent"
            if meta:
                status = "stale" if tid in stale else "ingested"
                if verify_table(p) is False:
                    status = "tampered"
            verified = None
            if meta:
                verified = "synthetic" if meta.get("synthetic") else ("yes" if meta.get("known_release") else "no")
            rows.append({
                "dataset_id": ds.dataset_id, "table_id": tid, "version": ds.version,
                "status": status,
                "rows": meta.get("rows_written") if meta else None,
                "verified": verified,
            })
    return pd.DataFrame(rows)
