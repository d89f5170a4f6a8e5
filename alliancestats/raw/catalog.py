"""Declarative catalog of every supported dataset release.

One :class:`Dataset` entry per dataset *and version*. Each names the files the
publisher ships (:class:`ReleaseFile`, with the sha256 of every known release
copy), where to download them (:class:`Download`), its temporal coverage, its
BibTeX citation and licence note, and the tables ingest writes from it
(:class:`TableSpec`, each with its loader).

Source modules in :mod:`alliancestats.raw.sources` define the entries;
:func:`datasets` collects them.
"""
from __future__ import annotations

import importlib
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Callable, Iterable, Mapping

import pandas as pd

from ..errors import UnknownIdError

#: Source modules, one per publisher family. Order is the listing order.
SOURCE_MODULES = (
    "cow_states",
    "atop",
    "cow_alliance",
    "cow_mid",
    "dyadic_mid",
    "gml_mid",
    "nmc",
    "contiguity",
    "cow_war",
    "sipri",
    "nato",
    "worldbank",
    "maddison",
    "peacesciencer",
    "gleditsch",
)


@dataclass(frozen=True)
class ReleaseFile:
    """One file as its publisher ships it.

    ``key`` is the name loaders use; ``filename`` the published name. Files are
    found in a raw directory by sha256 (``sha256``: every known release copy),
    else by file name (``filename`` or an ``aliases`` glob, case-insensitive),
    else, for CSVs, by a header that equals ``signature``.
    """

    key: str
    filename: str
    sha256: tuple[str, ...] = ()
    aliases: tuple[str, ...] = ()
    signature: tuple[str, ...] = ()
    #: data records in the known release (header excluded); ingest refuses a copy that is not a known
    #: one and has fewer (a truncated or header-only file never replaces a full table)
    rows: int | None = None
    optional: bool = False  # e.g. large files users may or may not have


@dataclass(frozen=True)
class Download:
    """An official download: a URL and what it yields.

    ``members`` maps a path inside the archive (or ``""`` for a plain file) to
    the :class:`ReleaseFile` key it provides. ``sha256`` is the hash of the
    downloaded object when known (publishers re-issue archives, so it may be
    ``None``; extracted files are always checked against the catalog hashes).
    """

    url: str
    filename: str
    members: Mapping[str, str]
    sha256: str | None = None


@dataclass
class LoadResult:
    """What a loader returns.

    ``data`` must carry a ``source_line`` column: the physical line (1-based,
    header included; for spreadsheets the sheet row) of the raw record each
    output row came from, plus ``source_file`` when a table reads several
    files or sheets. ``rejected`` has one row per raw record not written, with
    ``line``, ``reason`` and (for multi-file tables) ``file``. The driver
    checks that written and rejected records add up to ``rows_read``.
    """

    data: pd.DataFrame
    rows_read: int
    rejected: pd.DataFrame = field(
        default_factory=lambda: pd.DataFrame({"line": pd.Series(dtype="int64"), "reason": pd.Series(dtype="str")})
    )
    notes: list[str] = field(default_factory=list)


Loader = Callable[[Mapping[str, Path]], LoadResult]


@dataclass(frozen=True)
class TableSpec:
    """A table ingest writes: ``<dataset_id>_<name>.parquet``."""

    name: str
    files: tuple[str, ...]
    loader: Loader
    description: str
    #: raw rows map 1:1 to output rows (False for reshapes such as wide -> long)
    one_to_one: bool = True
    #: documented canonical columns (name -> meaning), shown in ``describe``
    columns: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Dataset:
    dataset_id: str
    title: str
    publisher: str
    version: str
    coverage: tuple[int, int] | None  # first and last year covered
    citation: str  # BibTeX
    licence: str
    files: tuple[ReleaseFile, ...]
    tables: tuple[TableSpec, ...]
    downloads: tuple[Download, ...] = ()
    homepage: str = ""
    notes: str = ""
    #: versionless name (``atop``), so ``load("atop_member")`` finds the newest
    family: str = ""

    def __post_init__(self):
        if not self.family:
            object.__setattr__(self, "family", self.dataset_id)

    def file(self, key: str) -> ReleaseFile:
        for f in self.files:
            if f.key == key:
                return f
        raise UnknownIdError(f"{self.dataset_id} has no file {key!r}")

    def table_id(self, table: TableSpec) -> str:
        return f"{self.dataset_id}_{table.name}"


@cache
def datasets() -> tuple[Dataset, ...]:
    """Every dataset the library can ingest (the release catalog), in listing order.

    Returns
    -------
    tuple of Dataset
        Each with its id, version, coverage, release files (name, sha256),
        tables, official downloads and BibTeX citation.

    Examples
    --------
    >>> import alliancestats as als
    >>> atop = next(d for d in als.datasets() if d.dataset_id == "atop_5_1")
    >>> atop.version, atop.coverage
    ('5.1', (1815, 2018))
    """
    out: list[Dataset] = []
    for mod in SOURCE_MODULES:
        module = importlib.import_module(f"alliancestats.raw.sources.{mod}")
        out.extend(module.DATASETS)
    ids = [d.dataset_id for d in out]
    dupes = {i for i in ids if ids.count(i) > 1}
    if dupes:
        raise RuntimeError(f"duplicate dataset ids in catalog: {sorted(dupes)}")
    return tuple(out)


def did_you_mean(name: str, known: Iterable[str]) -> str:
    """`` (did you mean a, b?)`` naming the known dataset ids closest to ``name``, or ``""``.

    Examples
    --------
    >>> did_you_mean("atop_5.1", ["atop_5_1", "atop_5_0", "nmc_7_0"])
    ' (did you mean atop_5_1, atop_5_0?)'
    """
    import difflib

    close = difflib.get_close_matches(name.replace(".", "_").replace("-", "_").lower(), list(known), n=3, cutoff=0.5)
    return f" (did you mean {', '.join(close)}?)" if close else ""


def get_dataset(dataset_id: str) -> Dataset:
    """The catalog entry of ``dataset_id``.

    Parameters
    ----------
    dataset_id : str
        A catalog id such as ``"atop_5_1"``.

    Returns
    -------
    Dataset

    Raises
    ------
    KeyError
        Unknown id; the message names the closest ids and lists all.

    Examples
    --------
    >>> from alliancestats.raw import get_dataset
    >>> get_dataset("gml_mid_2_1").title
    'Gibler-Miller-Little Militarized Interstate Disputes'
    """
    for d in datasets():
        if d.dataset_id == dataset_id:
            return d
    check_dataset_ids([dataset_id])
    raise AssertionError("unreachable")  # check_dataset_ids raised


def check_dataset_ids(ids: Iterable[str], known: Iterable[str] | None = None) -> None:
    """Raise :class:`~alliancestats.errors.UnknownIdError` naming every id of ``ids`` not in ``known``
    (default the catalog's), each with the closest known ids: the one check behind ``get_dataset``,
    ``ingest(datasets_=...)``, ``download`` and ``cite``.

    Examples
    --------
    >>> check_dataset_ids(["atop_5.1"], ["atop_5_1", "nmc_7_0"])
    Traceback (most recent call last):
    ...
    alliancestats.errors.UnknownIdError: unknown dataset 'atop_5.1' (did you mean atop_5_1?); known: atop_5_1, nmc_7_0
    """
    known = list(known) if known is not None else [d.dataset_id for d in datasets()]
    bad = sorted(set(ids) - set(known))
    if bad:
        hints = "; ".join(f"{b!r}{did_you_mean(b, known)}" for b in bad)
        raise UnknownIdError(f"unknown dataset {hints}; known: {', '.join(known)}")


def tables() -> dict[str, tuple[Dataset, TableSpec]]:
    """Map every table id to its dataset and spec."""
    return {d.table_id(t): (d, t) for d in datasets() for t in d.tables}


def version_key(version: str) -> tuple:
    """Sortable key for version strings such as "4.03", "5.1", "2016".

    Kept instead of ``packaging.version.Version``: PEP 440 reads "4.03" as 4.3, so COW's "4.03" and "4.3"
    would compare equal; here each dot-separated part compares as written (numeric parts as integers).
    """
    return tuple((0, int(p)) if p.isdigit() else (1, p) for p in version.replace("-", ".").split("."))


def coverage(dataset_id: str) -> tuple[int, int]:
    """Temporal coverage (first, last year) of a dataset, from the catalog."""
    cov = get_dataset(dataset_id).coverage
    if cov is None:
        raise KeyError(f"{dataset_id} has no temporal coverage recorded")
    return cov
