"""Fetch release files from the publishers (or a lab mirror) into a raw directory.

Command line::

    alliancestats download [DATASET ...] [--dest data/raw] [--base-url URL] [--allow-unknown]

Python::

    from alliancestats.raw.download import download
    res = download(["cow_states_2016"], dest="data/raw")

Layout
------
Every catalog :class:`~alliancestats.raw.catalog.Download` of a dataset is
fetched into ``dest/<dataset_id>/``. A plain file (``members == {"": key}``)
is saved under its release file name (``ReleaseFile.filename``). An archive
is kept under its download name (``Download.filename``, so it is not fetched
again) and every member listed in ``Download.members`` is extracted next to it
under the release file name of its key. ``alliancestats ingest --raw-dir
dest`` then finds everything. Each call writes ``dest/download.log``: every
file with its URL, status and sha256, and for each failure the full detail
(HTTP status, exception chain, traceback); the console gets one line per
failure and the log's path.

Mirrors
-------
``base_url`` (CLI ``--base-url``; default: the environment variable
``ALLIANCESTATS_MIRROR``) replaces every publisher URL by::

    base_url.rstrip("/") + "/" + urllib.parse.quote(Download.filename)

so a lab mirror is one flat directory serving the files under the same names
the catalog gives (``COW country codes.csv`` is requested as
``COW%20country%20codes.csv``). ``file://`` URLs and plain local directory
paths work too (a shared network drive).

Transport, verification and atomic writes (pooch)
-------------------------------------------------
Every file goes through :func:`pooch.retrieve`: the transfer is
:class:`pooch.HTTPDownloader` for HTTP(S) (and pooch's FTP/SFTP/DOI
downloaders for those schemes; ``file://`` is a bounded local copy), into a
temporary file in the destination folder that pooch moves into place only
after the hash check, and deletes on any failure. So an interrupted or failed
download never leaves a partial or corrupt file, under the final name or
any other.

Hashes come from the catalog: a plain file must match ``ReleaseFile.sha256``
(any known release copy) or ``Download.sha256``; an archive
``Download.sha256`` when known; every extracted member its
``ReleaseFile.sha256``. Where the catalog knows exactly one hash it is
pooch's ``known_hash``; where it knows several copies of one release (pooch
takes one) the downloader checks the streamed sha256 against all of them
before pooch moves the file. A mismatch is an error naming the file, the
sha256 found and the one(s) expected, and nothing is kept; with
``allow_unknown=True`` (CLI ``--allow-unknown``) the file is kept and an
:class:`~alliancestats.errors.UnknownReleaseWarning` is issued instead (the
publisher may have issued a newer release; ``ingest`` warns about it again).
Where the catalog knows no hash the result says ``verified=None``.

Caching and interruptions
-------------------------
A file already present (and matching the catalog hash when one is known) is
not fetched again (status ``cached``); a present file that does not match is
fetched again. An interrupted transfer is reported (``transfer interrupted
after N bytes``) and the next call fetches the file **from the start**:
pooch has no ``Range`` resume, and the releases are small (33 MB for the
whole catalog), so the resume of earlier versions (``.<name>.part`` files,
removed when found) was dropped. Concurrent downloads into one dataset
folder are serialised by a lock file.

Limits
------
Size: a file with known release copies may not exceed the largest known copy
(``raw/data/release_sizes.csv``: bytes of every catalog sha256); anything
else (archives, files without a catalog hash) may not exceed ``max_bytes``
(default :data:`DEFAULT_MAX_BYTES` = 256 MiB, above every release the
catalog lists; CLI ``--max-bytes``). A ``Content-Length`` above the limit
is refused before the body is read (a ``requests`` response hook), a body
that grows past it is cut off (the file pooch writes into counts bytes).
Extraction is bounded the same way (declared and actual member size), so a
zip bomb stops at the limit. Time: the whole :func:`download` call has a
deadline (``deadline`` seconds, default :data:`DEFAULT_DEADLINE`; CLI
``--deadline``); a server that trickles bytes is cut off when it passes (a
timer shuts the connection), and ``timeout`` bounds each wait for data.

Archives are extracted by our bounded code rather than :class:`pooch.Unzip`,
which extracts without a size bound (a zip bomb fills the disk), keeps
member paths instead of the release file names, and cannot open nested
archives: a member written ``outer/inner.zip!file.csv`` is ``file.csv``
inside ``inner.zip`` inside the download (NMC 7.0 ships its abridged CSV in
a zip inside the zip); each level is bounded as above, and each member is
verified before it is moved into place.
"""
from __future__ import annotations

import csv
import fnmatch
import hashlib
import logging
import os
import shutil
import socket
import tarfile
import threading
import time
import traceback
import urllib.parse
import urllib.request
import warnings
import zipfile
from collections import Counter
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Iterable, Sequence

from filelock import FileLock

from ..config import project_root
from ..errors import DownloadError, UnknownReleaseWarning
from ..progress import tqdm_class
from ..store import sha256_file, write_text_atomic
from .catalog import Dataset, Download, ReleaseFile, check_dataset_ids
from .catalog import datasets as catalog_datasets
from .run import DOWNLOAD_LOG

ENV_MIRROR = "ALLIANCESTATS_MIRROR"
CHUNK = 1 << 16
#: size cap for a download or an extracted member whose size the catalog does not know (bytes)
DEFAULT_MAX_BYTES = 256 << 20
#: seconds one :func:`download` call may take in all
DEFAULT_DEADLINE = 1800.0
#: name of the log each call writes into ``dest`` (ingest ignores it)
USER_AGENT = "alliancestats (research data download)"


@cache
def known_sizes() -> dict[str, int]:
    """sha256 -> bytes of every known release copy (``raw/data/release_sizes.csv``)."""
    path = Path(__file__).parent / "data" / "release_sizes.csv"
    with open(path, newline="", encoding="utf-8") as fh:
        return {r["sha256"]: int(r["bytes"]) for r in csv.DictReader(fh)}


def size_limit(expected: set[str], default: int) -> int:
    """Largest known copy among ``expected`` hashes (all known), else ``default``."""
    sizes = [known_sizes().get(h) for h in expected]
    if sizes and all(x is not None for x in sizes):
        return max(sizes)
    return default


def _mib(n: int) -> str:
    return f"{n / (1 << 20):.1f} MiB ({n} bytes)"


class _Interrupted(DownloadError):
    """The transfer started but did not complete (nothing is kept; the next call starts over)."""


class _Mismatch(DownloadError):
    """The streamed file matches none of several known release copies."""


@dataclass
class FileResult:
    """One file obtained (or not) by :func:`download`.

    Attributes
    ----------
    dataset_id, path, url, key
        Which catalog file, where it is (or would be), where it came from;
        ``key`` is the release-file key (None for an archive).
    status : {"downloaded", "cached", "failed"}
    verified : bool or None
        True: matches a catalog hash; False: mismatch (kept only with
        ``allow_unknown``); None: the catalog knows no hash.
    sha256 : str or None
    error : str or None
        One line saying what failed and what to do.
    detail : str or None
        The full detail of a failure (exception chain, traceback), written to
        the log file, not to the console.
    """

    dataset_id: str
    path: Path
    status: str
    verified: bool | None
    url: str
    key: str | None = None
    sha256: str | None = None
    error: str | None = None
    detail: str | None = None


@dataclass
class DownloadResult:
    """What one :func:`download` call obtained.

    Attributes
    ----------
    dest : Path
        The raw directory files were fetched into.
    files : list of FileResult
    notes : list of str
        Datasets the catalog lists no download for, and where to get them.
    log_path : Path or None
        The log with every file and the full detail of each failure.
    """

    dest: Path
    files: list[FileResult] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    log_path: Path | None = None

    @property
    def failed(self) -> list[FileResult]:
        return [f for f in self.files if f.status == "failed"]

    def counts(self) -> dict[str, int]:
        return dict(Counter(f.status for f in self.files))

    def root_failures(self) -> list[FileResult]:
        """Failed files, without archive members that failed only because their archive did."""
        return [f for f in self.failed if " not extracted because " not in (f.error or "")]

    def listing_lines(self) -> list[str]:
        """One line per file (status, verification, path), the notes and the totals."""
        verified = {True: "verified", False: "UNVERIFIED", None: "no-hash"}
        # failed files are counted here and listed in the log (a whole catalog offline is 80 lines otherwise)
        got = [f"{f.status:10s} {verified[f.verified]:10s} {f.path}" for f in self.files if f.status != "failed"]
        lines = [f"{'status':10s} {'sha256':10s} file", *got] if got else []
        lines.extend(f"note: {n}" for n in self.notes)
        lines.append(", ".join(f"{v} {k}" for k, v in sorted(self.counts().items())) or "nothing to download")
        return lines

    def failure_lines(self, max_errors: int = 5) -> list[str]:
        """A few lines on what failed: the first ``max_errors`` failures, how many more, the log's path."""
        roots = self.root_failures()
        lines = [f"error: {_short(f.error or str(f.path))}" for f in roots[:max_errors]]
        if len(roots) > max_errors:
            lines.append(f"error: ... and {len(roots) - max_errors} more failed download(s)")
        if self.failed and self.log_path is not None:
            lines.append(f"full detail of the {len(self.failed)} failure(s): {self.log_path}")
        return lines

    def summary_lines(self) -> list[str]:
        """The console summary: :meth:`listing_lines` then :meth:`failure_lines`."""
        return self.listing_lines() + self.failure_lines()

    def raise_for_failures(self) -> None:
        """Raise :class:`DownloadError` naming every failed file (``err.result`` is this result)."""
        if self.failed:
            msg = "; ".join(f.error or f"{f.path}: failed" for f in self.failed)
            log = f" (full detail: {self.log_path})" if self.log_path is not None else ""
            err = DownloadError(f"{len(self.failed)} file(s) failed: {msg}{log}")
            err.result = self
            raise err

    def log_text(self) -> str:
        """The log file's text: every file with URL, status and sha256; failures in full."""
        out = [f"alliancestats download into {self.dest}", ""]
        for f in self.files:
            out.append(f"{f.status:10s} {f.dataset_id} {f.path.name}")
            out.append(f"    url: {f.url}")
            out.append(f"    sha256: {f.sha256 or '-'} (verified: {f.verified})")
            if f.error:
                out.append(f"    error: {f.error}")
            if f.detail:
                out.extend("    | " + line for line in f.detail.rstrip().splitlines())
        out.extend(f"note: {n}" for n in self.notes)
        out.append(", ".join(f"{v} {k}" for k, v in sorted(self.counts().items())) or "nothing to download")
        return "\n".join(out) + "\n"


def _root_cause(exc: BaseException) -> str:
    """``Type: message`` of the innermost exception of a chain (what a user can act on), shortened."""
    seen = set()
    while id(exc) not in seen and (exc.__cause__ or exc.__context__) is not None:
        seen.add(id(exc))
        exc = exc.__cause__ or exc.__context__
    return _short(f"{type(exc).__name__}: {exc}", 120)


def _short(msg: str, width: int = 200) -> str:
    return msg if len(msg) <= width else msg[: width - 3] + "..."


def default_raw_dir() -> Path:
    """``data/raw`` of the project checkout, else of the working directory."""
    root = project_root()
    if (root / "pyproject.toml").exists():
        return root / "data" / "raw"
    return Path.cwd() / "data" / "raw"


def mirror_url(base_url: str, dl: Download) -> str:
    """The URL of ``dl`` on a mirror: ``base_url/<quoted Download.filename>``."""
    if "://" not in base_url:  # a local directory
        return Path(base_url, dl.filename).resolve().as_uri()
    return base_url.rstrip("/") + "/" + urllib.parse.quote(dl.filename)


def download(
    datasets: Iterable[str] | str | None = None,
    *,
    dest: str | os.PathLike | None = None,
    base_url: str | None = None,
    progress: bool | None = None,
    allow_unknown: bool = False,
    strict: bool = True,
    catalog: Sequence[Dataset] | None = None,
    timeout: float = 60.0,
    max_bytes: int = DEFAULT_MAX_BYTES,
    deadline: float | None = DEFAULT_DEADLINE,
) -> DownloadResult:
    """Fetch the release files of ``datasets`` from the publishers (or a mirror), verified.

    Every requested file is attempted; then, if any failed and ``strict``
    is true, a :class:`DownloadError` naming each failure is raised. See
    the module docstring for layout, mirrors, verification, limits and
    caching.

    Parameters
    ----------
    datasets : str or iterable of str, optional
        Dataset ids (``alliancestats datasets`` lists them); default: every
        dataset of the catalog.
    dest : path, optional
        Raw directory; files land in ``dest/<dataset_id>/``. Default:
        ``data/raw`` of the project checkout (else of the working directory).
    base_url : str, optional
        A mirror serving the catalog's file names (URL or local folder);
        default: ``$ALLIANCESTATS_MIRROR``, else the publishers' URLs.
    progress : bool or None, default None
        Progress bars (``tqdm.auto``); None shows them only on a terminal.
    allow_unknown : bool, default False
        Keep a file whose sha256 the catalog does not know (with an
        ``UnknownReleaseWarning``) instead of failing.
    strict : bool, default True
        Raise :class:`DownloadError` when any file failed (its ``result``
        attribute holds the full :class:`DownloadResult`).
    catalog : sequence of Dataset, optional
        Replaces the built-in catalog (tests, private mirrors).
    timeout : float, default 60
        Seconds of each wait for data.
    max_bytes : int, default :data:`DEFAULT_MAX_BYTES`
        Size cap for files whose size the catalog does not know.
    deadline : float or None, default :data:`DEFAULT_DEADLINE`
        Seconds the whole call may take (None: no limit).

    Returns
    -------
    DownloadResult
        Every file with its path, status (downloaded / cached / failed) and
        whether it matched the catalog hash; ``log_path`` names the log.

    Raises
    ------
    UnknownIdError
        An unknown dataset id (the message names the closest ids).
    DownloadError
        (``strict``) Any file failed.

    Examples
    --------
    Needs the network (or a mirror: ``base_url=``), hence skipped as a doctest:

    >>> from alliancestats.raw.download import download
    >>> res = download(["cow_states_2016"], dest="data/raw")  # doctest: +SKIP
    >>> print("\\n".join(res.summary_lines()))  # doctest: +SKIP
    status     sha256     file
    downloaded verified   data/raw/cow_states_2016/states2016.csv
    ...
    4 downloaded
    """
    import pooch

    cat = tuple(catalog) if catalog is not None else catalog_datasets()
    by_id = {d.dataset_id: d for d in cat}
    if isinstance(datasets, str):
        datasets = [datasets]
    wanted = list(datasets) if datasets else list(by_id)
    check_dataset_ids(wanted, by_id)
    if base_url is None:
        base_url = os.environ.get(ENV_MIRROR) or None
    root = Path(dest) if dest is not None else default_raw_dir()
    result = DownloadResult(root)
    stop_at = None if deadline is None else time.monotonic() + float(deadline)
    tqdm = tqdm_class()

    plog = pooch.get_logger()
    level = plog.level
    plog.setLevel(logging.WARNING)  # pooch's INFO lines ("Downloading ...", "use this hash") are ours to report
    # one bar over the catalog downloads (each transfer has its own byte bar below it)
    bar = tqdm(total=sum(len(by_id[i].downloads) for i in wanted), desc="download", unit="file", leave=False,
               disable=None if progress is None else not progress)
    try:
        for ds_id in wanted:
            ds = by_id[ds_id]
            if not ds.downloads:
                result.notes.append(f"{ds_id}: no download listed in the catalog; obtain the files from "
                                    f"{ds.homepage or ds.publisher}")
                continue
            ds_dir = root / ds_id
            ds_dir.mkdir(parents=True, exist_ok=True)
            with FileLock(str(ds_dir / ".download.lock")):
                for dl in ds.downloads:
                    url = mirror_url(base_url, dl) if base_url else dl.url
                    ctx = _Ctx(ds, progress, allow_unknown, timeout, max_bytes, stop_at, deadline)
                    result.files.extend(_fetch(ctx, dl, url, ds_dir))
                    bar.update(1)
    finally:
        bar.close()
        plog.setLevel(level)
    if result.files and root.is_dir():
        result.log_path = root / DOWNLOAD_LOG
        try:
            write_text_atomic(result.log_path, result.log_text())
        except OSError:  # a read-only destination must not hide the download result
            result.log_path = None
    if strict:
        result.raise_for_failures()
    return result


# --------------------------------------------------------------------------- internals


def _mismatch(path: Path, sha: str, expected: set[str], what: str) -> str:
    exp = " or ".join(sorted(expected))
    return (f"{path}: sha256 {sha} does not match the catalog's {exp} for {what}; "
            f"the publisher may have issued a newer or modified release (allow_unknown=True / "
            f"--allow-unknown keeps it)")


class _Ctx:
    def __init__(self, ds: Dataset, progress: bool | None, allow_unknown: bool, timeout: float,
                 max_bytes: int = DEFAULT_MAX_BYTES, stop_at: float | None = None, deadline: float | None = None):
        self.ds, self.progress, self.allow_unknown, self.timeout = ds, progress, allow_unknown, timeout
        self.max_bytes, self.stop_at, self.deadline = int(max_bytes), stop_at, deadline

    def remaining(self) -> float | None:
        return None if self.stop_at is None else self.stop_at - time.monotonic()

    def deadline_error(self, url: str, got: int) -> _Interrupted:
        return _Interrupted(f"{url}: download deadline of {self.deadline:g} s passed after {got} bytes "
                            f"(the server is too slow; run again, or raise --deadline)")

    def check_deadline(self, url: str, got: int) -> None:
        left = self.remaining()
        if left is not None and left <= 0:
            raise self.deadline_error(url, got)

    def warn(self, msg: str) -> None:

        warnings.warn(msg, UnknownReleaseWarning, stacklevel=4)


def _fetch(ctx: _Ctx, dl: Download, url: str, ds_dir: Path) -> list[FileResult]:
    ds = ctx.ds
    members = dict(dl.members)
    if list(members) == [""] or not members:
        key = members.get("")
        rf = ds.file(key) if key else None
        final = ds_dir / _saved_name(dl, rf)
        expected = set(rf.sha256 if rf else ()) | ({dl.sha256} if dl.sha256 else set())
        what = f"{rf.filename if rf else dl.filename} ({ds.dataset_id})"
        fr = _obtain(ctx, url, final, expected, what, limit=size_limit(expected, ctx.max_bytes))
        fr.key = key
        return [fr]
    archive = ds_dir / dl.filename
    expected = {dl.sha256} if dl.sha256 else set()
    ar = _obtain(ctx, url, archive, expected, f"{dl.filename} ({ds.dataset_id})",
                 limit=size_limit(expected, ctx.max_bytes))
    out = [ar]
    for member, key in members.items():
        rf = ds.file(key)
        final = ds_dir / rf.filename
        if ar.status == "failed":
            out.append(FileResult(ds.dataset_id, final, "failed", None, url, key,
                                  error=f"{final}: not extracted because {archive.name} failed"))
            continue
        out.append(_extract(ctx, archive, member, final, rf, url, fresh=ar.status == "downloaded"))
        if out[-1].status == "failed" and "not a readable" in (out[-1].error or ""):
            # a corrupt archive: drop it so the next call fetches it again
            archive.unlink(missing_ok=True)
    return out


def _saved_name(dl: Download, rf: ReleaseFile | None) -> str:
    """A plain download's file name: its own when the release is known under it, else the release file's.

    Maddison 2020 ships one release as ``mpd2020.xlsx`` and ``mpd2020.dta``
    (both copies in the catalog): the ``.dta`` keeps its name rather than
    landing under the ``.xlsx`` name.
    """
    if rf is None:
        return dl.filename
    names = (rf.filename, *rf.aliases)
    return dl.filename if any(fnmatch.fnmatchcase(dl.filename.lower(), n.lower()) for n in names) else rf.filename


def _verify(ctx: _Ctx, path: Path, expected: set[str], what: str, sha: str | None = None
            ) -> tuple[bool | None, str, str | None]:
    """(verified, sha256, error) for a complete file (``sha``: its hash when already known)."""
    sha = sha or sha256_file(path)
    if not expected:
        return None, sha, None
    if sha in expected:
        return True, sha, None
    msg = _mismatch(path, sha, expected, what)
    if ctx.allow_unknown:
        ctx.warn(msg)
        return False, sha, None
    return False, sha, msg


def _obtain(ctx: _Ctx, url: str, final: Path, expected: set[str], what: str, *,
            limit: int = DEFAULT_MAX_BYTES) -> FileResult:
    """One file through :func:`pooch.retrieve` (cached when present and verified)."""
    import pooch

    ds_id = ctx.ds.dataset_id
    if final.exists():
        verified, sha, err = _verify(ctx, final, expected, what)
        if err is None:
            return FileResult(ds_id, final, "cached", verified, url, sha256=sha)
        # a cached copy that does not match the catalog: never keep it under the final name
        final.unlink()
    final.with_name(f".{final.name}.part").unlink(missing_ok=True)  # left by the pre-pooch resumable downloader
    # pooch checks one known hash; several known copies (or allow_unknown) are checked on the stream
    single = len(expected) == 1 and not ctx.allow_unknown
    fetcher = _Fetcher(ctx, limit, final.name, accept=None if single or ctx.allow_unknown else expected,
                       what=what, final=final)
    try:
        pooch.retrieve(url, known_hash=f"sha256:{next(iter(expected))}" if single else None,
                       fname=final.name, path=final.parent, downloader=fetcher, progressbar=False)
    except _Mismatch as exc:
        return FileResult(ds_id, final, "failed", False, url, sha256=fetcher.sha256, error=str(exc),
                          detail=traceback.format_exc())
    except DownloadError as exc:
        return FileResult(ds_id, final, "failed", None, url, error=str(exc), detail=traceback.format_exc())
    except ValueError as exc:  # pooch's hash check; it has deleted the download
        if fetcher.sha256 is None:  # not a hash mismatch: pooch refused the URL or the path
            return FileResult(ds_id, final, "failed", None, url, error=f"{url}: {exc}",
                              detail=traceback.format_exc())
        return FileResult(ds_id, final, "failed", False, url, sha256=fetcher.sha256,
                          error=_mismatch(final, fetcher.sha256, expected, what), detail=traceback.format_exc())
    verified, sha, _ = _verify(ctx, final, expected, what, fetcher.sha256)
    return FileResult(ds_id, final, "downloaded", verified, url, sha256=sha)


def _too_big(url: str, size: int, limit: int) -> DownloadError:
    return DownloadError(f"{url}: {size} bytes is more than the limit of {_mib(limit)} (the largest known release "
                         f"copy, or --max-bytes for files of unknown size); nothing was kept")


class _Sink:
    """The file object pooch's downloader writes into: counts and hashes bytes, enforces size and deadline."""

    def __init__(self, fh, ctx: _Ctx, url: str, limit: int):
        self.fh, self.ctx, self.url, self.limit = fh, ctx, url, limit
        self.n = 0
        self.hash = hashlib.sha256()

    def write(self, data: bytes) -> int:
        self.n += len(data)
        if self.n > self.limit:
            raise _too_big(self.url, self.n, self.limit)
        self.ctx.check_deadline(self.url, self.n)
        self.hash.update(data)
        return self.fh.write(data)

    def flush(self) -> None:
        self.fh.flush()


class _Fetcher:
    """A pooch downloader: pooch's own transport, writing through a :class:`_Sink`.

    HTTP(S) uses :class:`pooch.HTTPDownloader` with a ``requests`` response
    hook that refuses a ``Content-Length`` above the limit before the body
    is read and arms a timer that shuts the connection when the deadline
    passes (a trickling server never returns from a read otherwise).
    """

    def __init__(self, ctx: _Ctx, limit: int, name: str, *, accept: set[str] | None, what: str, final: Path):
        self.ctx, self.limit, self.name, self.accept, self.what, self.final = ctx, limit, name, accept, what, final
        self.sha256: str | None = None
        self.cut = False
        self._timers: list[threading.Timer] = []

    def __call__(self, url: str, output_file: str, pooch_obj) -> None:
        left = self.ctx.remaining()
        if left is not None and left <= 0:
            raise self.ctx.deadline_error(url, 0)
        with open(output_file, "wb") as fh:
            sink = _Sink(fh, self.ctx, url, self.limit)
            try:
                self._transfer(url, sink, pooch_obj)
            finally:
                for t in self._timers:
                    t.cancel()
            self.sha256 = sink.hash.hexdigest()
        if self.accept and self.sha256 not in self.accept:
            raise _Mismatch(_mismatch(self.final, self.sha256, self.accept, self.what))

    def _transfer(self, url: str, sink: _Sink, pooch_obj) -> None:
        import pooch
        import requests

        scheme = urllib.parse.urlsplit(url).scheme.lower()
        if scheme == "file":
            src = Path(urllib.request.url2pathname(urllib.parse.urlsplit(url).path))
            if not src.is_file():
                raise DownloadError(f"{url}: file not found on the mirror")
            if src.stat().st_size > self.limit:
                raise _too_big(url, src.stat().st_size, self.limit)
            with open(src, "rb") as fh:
                shutil.copyfileobj(fh, sink, CHUNK)
            return
        tqdm = tqdm_class()

        bar = tqdm(total=1, unit="B", unit_scale=True, desc=self.name, leave=False,
                   disable=None if self.ctx.progress is None else not self.ctx.progress)
        left = self.ctx.remaining()
        wait = self.ctx.timeout if left is None else max(0.5, min(self.ctx.timeout, left))
        try:
            if scheme in ("http", "https"):
                get = pooch.HTTPDownloader(progressbar=False if bar.disable else bar, chunk_size=CHUNK, timeout=wait,
                                           headers={"User-Agent": USER_AGENT},
                                           hooks={"response": lambda resp, *a, **k: self._on_response(url, resp)})
            else:  # FTP, SFTP, DOI repositories
                get = pooch.choose_downloader(url, progressbar=False if bar.disable else bar)
            get(url, sink, pooch_obj)
        except DownloadError:
            raise
        except requests.HTTPError as exc:
            r = exc.response
            raise DownloadError(f"{url}: HTTP {r.status_code} {r.reason}; nothing was saved "
                                f"(check the URL, or use a mirror with base_url= / --base-url)") from exc
        except Exception as exc:  # noqa: BLE001 - any transport failure becomes one clear line (detail in the log)
            if self.cut:
                raise self.ctx.deadline_error(url, sink.n) from exc
            if sink.n == 0 and isinstance(exc, requests.ConnectionError):
                raise DownloadError(f"{url}: cannot connect ({_root_cause(exc)}); nothing was saved") from exc
            raise _Interrupted(f"{url}: transfer interrupted after {sink.n} bytes ({_root_cause(exc)}); "
                               f"nothing was kept, run again to fetch it from the start") from exc
        finally:
            bar.close()

    def _on_response(self, url: str, resp) -> None:
        if resp.status_code >= 300:
            return  # redirects are followed, errors raised by pooch
        length = resp.headers.get("Content-Length", "")
        if length.isdigit() and int(length) > self.limit:
            resp.close()
            raise _too_big(url, int(length), self.limit)
        left = self.ctx.remaining()
        if left is not None:
            timer = threading.Timer(max(left, 0.0), self._shut, (resp,))
            timer.daemon = True
            self._timers.append(timer)
            timer.start()

    def _shut(self, resp) -> None:
        """Deadline passed: shut the socket so a blocked read returns (close() alone does not wake it)."""
        self.cut = True
        # the socket: on the urllib3 connection while it is kept alive, else (HTTP/1.0, "Connection:
        # close") only on http.client's response file; without either the next chunk still stops the transfer
        conn = getattr(resp.raw, "connection", None)
        sock = getattr(conn, "sock", None)
        if sock is None:
            sock = getattr(getattr(getattr(getattr(resp.raw, "_fp", None), "fp", None), "raw", None), "_sock", None)
        try:
            sock.shutdown(socket.SHUT_RDWR)
        except (AttributeError, OSError):
            pass


def _find_member(names: list[str], member: str) -> str | None:
    if member in names:
        return member
    low = member.lower().strip("/")
    hits = [n for n in names if n.lower().strip("/") == low]
    if not hits:
        base = low.rsplit("/", 1)[-1]
        hits = [n for n in names if not n.endswith("/") and n.lower().rsplit("/", 1)[-1] == base]
    return hits[0] if len(hits) == 1 else None


def _copy_bounded(src, dst: Path, limit: int, what: str) -> str | None:
    """Copy a member stream to ``dst``, stopping (and removing it) past ``limit`` bytes."""
    n = 0
    with open(dst, "wb") as out:
        while block := src.read(CHUNK):
            n += len(block)
            if n > limit:
                out.close()
                dst.unlink(missing_ok=True)
                return f"{what}: expands to more than {_mib(limit)}; refused (a zip bomb or not the release)"
            out.write(block)
    return None


def _extract_one(archive: Path, member: str, dst: Path, limit: int) -> str | None:
    """Extract one member of a zip or tar archive into ``dst`` (bounded); an error message or None."""
    what = f"{archive} member {member!r}"
    if zipfile.is_zipfile(archive):
        with zipfile.ZipFile(archive) as zf:
            names = zf.namelist()
            name = _find_member(names, member)
            if name is None:
                return f"{archive}: expected a member {member!r} in the archive, found: {', '.join(names[:10])}"
            if zf.getinfo(name).file_size > limit:
                return f"{what}: declares {zf.getinfo(name).file_size} bytes, more than {_mib(limit)}; refused"
            with zf.open(name) as src:
                return _copy_bounded(src, dst, limit, what)
    if tarfile.is_tarfile(archive):
        with tarfile.open(archive) as tf:
            names = [m.name for m in tf.getmembers() if m.isfile()]
            name = _find_member(names, member)
            if name is None:
                return f"{archive}: expected a member {member!r} in the archive, found: {', '.join(names[:10])}"
            if tf.getmember(name).size > limit:
                return f"{what}: declares {tf.getmember(name).size} bytes, more than {_mib(limit)}; refused"
            src = tf.extractfile(name)
            assert src is not None
            with src:
                return _copy_bounded(src, dst, limit, what)
    return f"{archive}: not a readable zip or tar archive; expected it to contain {member!r}"


def _extract(ctx: _Ctx, archive: Path, member: str, final: Path, rf: ReleaseFile, url: str, *,
             fresh: bool) -> FileResult:
    ds_id = ctx.ds.dataset_id
    expected = set(rf.sha256)
    what = f"{rf.filename} ({ds_id}, member {member!r} of {archive.name})"
    if final.exists() and not fresh:
        verified, sha, err = _verify(ctx, final, expected, what)
        if err is None:
            return FileResult(ds_id, final, "cached", verified, url, rf.key, sha)
    tmp = final.with_name(f".{final.name}.part")

    def fail(msg: str, verified=None, sha=None) -> FileResult:
        tmp.unlink(missing_ok=True)
        final.unlink(missing_ok=True)
        return FileResult(ds_id, final, "failed", verified, url, rf.key, sha, msg)

    limit = size_limit(expected, ctx.max_bytes)
    levels = member.split("!")
    src, scratch = archive, []
    try:
        for depth, name_wanted in enumerate(levels):
            last = depth == len(levels) - 1
            dst = tmp if last else final.with_name(f".{final.name}.nested{depth}.part")
            if not last:
                scratch.append(dst)
            problem = _extract_one(src, name_wanted, dst, ctx.max_bytes if not last else limit)
            if problem:
                return fail(problem)
            src = dst
    except (zipfile.BadZipFile, tarfile.TarError, EOFError) as exc:
        return fail(f"{src}: not a readable archive ({type(exc).__name__}: {exc})")
    finally:
        for p in scratch:
            p.unlink(missing_ok=True)
    verified, sha, err = _verify(ctx, tmp, expected, what)
    if err is not None:
        return fail(err.replace(str(tmp), str(final)), False, sha)
    os.replace(tmp, final)
    return FileResult(ds_id, final, "downloaded" if fresh else "cached", verified, url, rf.key, sha)

