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
dest`` then finds everything.

Mirrors
-------
``base_url`` (CLI ``--base-url``; default: the environment variable
``ALLIANCESTATS_MIRROR``) replaces every publisher URL by::

    base_url.rstrip("/") + "/" + urllib.parse.quote(Download.filename)

so a lab mirror is one flat directory serving the files under the same names
the catalog gives (``COW country codes.csv`` is requested as
``COW%20country%20codes.csv``). ``file://`` URLs and plain local directory
paths work too (a shared network drive).

Verification
------------
Every obtained file is checked against the catalog: a plain file against
``ReleaseFile.sha256`` (any known release copy) or ``Download.sha256``, an
archive against ``Download.sha256`` when known, every extracted member
against its ``ReleaseFile.sha256``. A mismatch is an error naming the file,
its sha256 and the expected one(s), and the file is removed; with
``allow_unknown=True`` (CLI ``--allow-unknown``) the file is kept and an
:class:`~alliancestats.raw.run.UnknownReleaseWarning` is issued instead
(the publisher may have issued a newer release; ``ingest`` warns about it
again). Where the catalog knows no hash the result says ``verified=None``.

Caching and interruptions
-------------------------
A file already present (and matching the catalog hash when one is known) is
not fetched again (status ``cached``). Downloads stream into a hidden
``.<name>.part`` file in the same directory and are renamed into place only
once complete and verified, so an interrupted or failed download never leaves
a corrupt file under the final name. When the result can be verified (known
hash, or an archive whose members are checked) an interrupted HTTP download
keeps its ``.part`` file and the next call resumes it with an HTTP ``Range``
request (servers that ignore ``Range`` send the whole file again, which is
detected); a resumed file that fails verification is fetched again from
scratch once. HTTP(S) and ``file://`` are handled here; other schemes (FTP,
SFTP, DOI repositories) go through :func:`pooch.choose_downloader`, without
resume. Concurrent downloads into one dataset folder are serialised by a lock
file.

Limits
------
Size: a file with known release copies may not exceed the largest known copy
(``raw/data/release_sizes.csv``: bytes of every catalog sha256); anything
else (archives, files without a catalog hash) may not exceed ``max_bytes``
(default :data:`DEFAULT_MAX_BYTES` = 256 MiB, above every release the
catalog lists; CLI ``--max-bytes``). A ``Content-Length`` above the limit
is refused before the body is read, a body that grows past it is cut off and
removed. Extraction is bounded the same way (declared and actual member
size), so a zip bomb stops at the limit. Time: the whole :func:`download`
call has a deadline (``deadline`` seconds, default :data:`DEFAULT_DEADLINE`;
CLI ``--deadline``); a server that trickles bytes is cut off when it
passes, and ``timeout`` bounds each wait for data.

Nested archives: a member written ``outer/inner.zip!file.csv`` is
``file.csv`` inside ``inner.zip`` inside the download (NMC 7.0 ships its
abridged CSV in a zip inside the zip); each level is bounded as above.

The HTTP path is our own (``requests``) rather than :func:`pooch.retrieve`
because it needs what pooch does not offer: Range resume, the size limits
and the deadline; pooch remains the fallback for other schemes.
"""
from __future__ import annotations

from collections import Counter
import csv
import os
import shutil
import tarfile
import time
import urllib.parse
import urllib.request
import warnings
import zipfile
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Iterable, Sequence

from filelock import FileLock

from ..config import project_root
from ..errors import AllianceStatsError
from ..store import sha256_file
from .catalog import Dataset, Download, ReleaseFile
from .catalog import datasets as catalog_datasets

ENV_MIRROR = "ALLIANCESTATS_MIRROR"
CHUNK = 1 << 16
#: size cap for a download or an extracted member whose size the catalog does not know (bytes)
DEFAULT_MAX_BYTES = 256 << 20
#: seconds one :func:`download` call may take in all
DEFAULT_DEADLINE = 1800.0


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


class DownloadError(AllianceStatsError):
    """A download failed or a file did not match the catalog hash.

    ``result`` (when set) is the :class:`DownloadResult` of the whole call.
    """

    result: "DownloadResult | None" = None


class _Interrupted(DownloadError):
    """The transfer started but did not complete (the .part file may be resumed)."""


@dataclass
class FileResult:
    """One file obtained (or not) by :func:`download`."""

    dataset_id: str
    path: Path
    status: str  # "downloaded" | "cached" | "failed"
    verified: bool | None  # True: matches a catalog hash; False: mismatch accepted; None: no hash known
    url: str
    key: str | None = None  # release-file key; None for an archive
    sha256: str | None = None
    error: str | None = None


@dataclass
class DownloadResult:
    dest: Path
    files: list[FileResult] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def failed(self) -> list[FileResult]:
        return [f for f in self.files if f.status == "failed"]

    def counts(self) -> dict[str, int]:
        return dict(Counter(f.status for f in self.files))

    def summary_lines(self) -> list[str]:
        verified = {True: "verified", False: "UNVERIFIED", None: "no-hash"}
        lines = [f"{'status':10s} {'sha256':10s} file"]
        for f in self.files:
            lines.append(f"{f.status:10s} {verified[f.verified]:10s} {f.path}")
            if f.error:
                lines.append(f"    error: {f.error}")
        lines.extend(f"note: {n}" for n in self.notes)
        lines.append(", ".join(f"{v} {k}" for k, v in sorted(self.counts().items())) or "nothing to download")
        return lines

    def raise_for_failures(self) -> None:
        if self.failed:
            msg = "; ".join(f.error or f"{f.path}: failed" for f in self.failed)
            err = DownloadError(f"{len(self.failed)} file(s) failed: {msg}")
            err.result = self
            raise err


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
    progress: bool = False,
    allow_unknown: bool = False,
    strict: bool = True,
    catalog: Sequence[Dataset] | None = None,
    timeout: float = 60.0,
    max_bytes: int = DEFAULT_MAX_BYTES,
    deadline: float | None = DEFAULT_DEADLINE,
) -> DownloadResult:
    """Fetch the release files of ``datasets`` (ids; default: every dataset).

    Returns a :class:`DownloadResult` listing every file with its path,
    status (downloaded / cached / failed) and whether it matched the catalog
    hash. Every requested file is attempted; then, if any failed and
    ``strict`` is true (the default), a :class:`DownloadError` naming each
    failure is raised (its ``result`` attribute holds the full result).
    ``catalog`` replaces the built-in catalog (tests, private mirrors).
    ``max_bytes`` caps files of unknown size, ``deadline`` (seconds, None:
    none) the whole call, ``timeout`` each wait for data. See the module
    docstring for layout, mirrors, verification, limits and caching.
    """
    cat = tuple(catalog) if catalog is not None else catalog_datasets()
    by_id = {d.dataset_id: d for d in cat}
    if isinstance(datasets, str):
        datasets = [datasets]
    wanted = list(datasets) if datasets else list(by_id)
    unknown = [w for w in wanted if w not in by_id]
    if unknown:
        raise DownloadError(f"unknown dataset {unknown[0]!r}; known: {', '.join(by_id)}")
    if base_url is None:
        base_url = os.environ.get(ENV_MIRROR) or None
    root = Path(dest) if dest is not None else default_raw_dir()
    result = DownloadResult(root)
    stop_at = None if deadline is None else time.monotonic() + float(deadline)
    for ds_id in wanted:
        ds = by_id[ds_id]
        if not ds.downloads:
            result.notes.append(f"{ds_id}: no download listed in the catalog; obtain the files from {ds.homepage or ds.publisher}")
            continue
        ds_dir = root / ds_id
        ds_dir.mkdir(parents=True, exist_ok=True)
        with FileLock(str(ds_dir / ".download.lock")):
            for dl in ds.downloads:
                url = mirror_url(base_url, dl) if base_url else dl.url
                ctx = _Ctx(ds, progress, allow_unknown, timeout, max_bytes, stop_at, deadline)
                result.files.extend(_fetch(ctx, dl, url, ds_dir))
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
    def __init__(self, ds: Dataset, progress: bool, allow_unknown: bool, timeout: float,
                 max_bytes: int = DEFAULT_MAX_BYTES, stop_at: float | None = None, deadline: float | None = None):
        self.ds, self.progress, self.allow_unknown, self.timeout = ds, progress, allow_unknown, timeout
        self.max_bytes, self.stop_at, self.deadline = int(max_bytes), stop_at, deadline

    def remaining(self) -> float | None:
        return None if self.stop_at is None else self.stop_at - time.monotonic()

    def check_deadline(self, url: str, got: int) -> None:
        left = self.remaining()
        if left is not None and left <= 0:
            raise _Interrupted(f"{url}: download deadline of {self.deadline:g} s passed after {got} bytes "
                               f"(the server is too slow; run again to resume, or raise --deadline)")

    def warn(self, msg: str) -> None:
        from .run import UnknownReleaseWarning

        warnings.warn(msg, UnknownReleaseWarning, stacklevel=4)


def _fetch(ctx: _Ctx, dl: Download, url: str, ds_dir: Path) -> list[FileResult]:
    ds = ctx.ds
    members = dict(dl.members)
    if list(members) == [""] or not members:
        key = members.get("")
        rf = ds.file(key) if key else None
        final = ds_dir / (rf.filename if rf else dl.filename)
        expected = set(rf.sha256 if rf else ()) | ({dl.sha256} if dl.sha256 else set())
        what = f"{rf.filename if rf else dl.filename} ({ds.dataset_id})"
        fr = _obtain(ctx, url, final, expected, what, resumable=bool(expected),
                     limit=size_limit(expected, ctx.max_bytes))
        fr.key = key
        return [fr]
    archive = ds_dir / dl.filename
    expected = {dl.sha256} if dl.sha256 else set()
    ar = _obtain(ctx, url, archive, expected, f"{dl.filename} ({ds.dataset_id})", resumable=True,
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


def _verify(ctx: _Ctx, path: Path, expected: set[str], what: str) -> tuple[bool | None, str, str | None]:
    """(verified, sha256, error) for a complete file."""
    sha = sha256_file(path)
    if not expected:
        return None, sha, None
    if sha in expected:
        return True, sha, None
    msg = _mismatch(path, sha, expected, what)
    if ctx.allow_unknown:
        ctx.warn(msg)
        return False, sha, None
    return False, sha, msg


def _obtain(ctx: _Ctx, url: str, final: Path, expected: set[str], what: str, *, resumable: bool,
            limit: int = DEFAULT_MAX_BYTES) -> FileResult:
    ds_id = ctx.ds.dataset_id
    if final.exists():
        verified, sha, err = _verify(ctx, final, expected, what)
        if err is None:
            return FileResult(ds_id, final, "cached", verified, url, sha256=sha)
        # a cached copy that does not match the catalog: never keep it under the final name
        final.unlink()
    part = final.with_name(f".{final.name}.part")
    for attempt in (1, 2):
        resumed = resumable and part.exists() and part.stat().st_size > 0
        if not resumable:
            part.unlink(missing_ok=True)
        try:
            resumed = _transfer(ctx, url, part, resume=resumed, limit=limit)
        except _Interrupted as exc:
            if not resumable:
                part.unlink(missing_ok=True)
            return FileResult(ds_id, final, "failed", None, url, error=str(exc))
        except DownloadError as exc:
            part.unlink(missing_ok=True)
            return FileResult(ds_id, final, "failed", None, url, error=str(exc))
        verified, sha, err = _verify(ctx, part, expected, what)
        if err is not None and resumed and attempt == 1:
            part.unlink(missing_ok=True)  # the resumed pieces may come from two versions: start over
            continue
        if err is not None:
            part.unlink(missing_ok=True)
            final.unlink(missing_ok=True)  # never leave an unverifiable copy under the final name
            return FileResult(ds_id, final, "failed", False, url, sha256=sha,
                              error=err.replace(str(part), str(final)))
        os.replace(part, final)
        return FileResult(ds_id, final, "downloaded", verified, url, sha256=sha)
    raise AssertionError("unreachable")


def _too_big(url: str, size: int, limit: int) -> DownloadError:
    return DownloadError(f"{url}: {size} bytes is more than the limit of {_mib(limit)} (the largest known release "
                         f"copy, or --max-bytes for files of unknown size); nothing was kept")


def _transfer(ctx: _Ctx, url: str, part: Path, *, resume: bool, limit: int = DEFAULT_MAX_BYTES) -> bool:
    """Fetch ``url`` into ``part`` (at most ``limit`` bytes); return whether an existing part was resumed."""
    scheme = urllib.parse.urlsplit(url).scheme.lower()
    if scheme == "file":
        src = Path(urllib.request.url2pathname(urllib.parse.urlsplit(url).path))
        if not src.is_file():
            raise DownloadError(f"{url}: file not found on the mirror")
        if src.stat().st_size > limit:
            raise _too_big(url, src.stat().st_size, limit)
        shutil.copyfile(src, part)
        return False
    if scheme in ("http", "https"):
        return _http(ctx, url, part, resume=resume, limit=limit)
    import pooch

    part.unlink(missing_ok=True)
    try:
        pooch.choose_downloader(url, progressbar=ctx.progress)(url, str(part), None)
    except Exception as exc:  # noqa: BLE001 - any pooch/network failure becomes one clear line
        part.unlink(missing_ok=True)
        raise DownloadError(f"{url}: download failed ({type(exc).__name__}: {exc})") from exc
    if part.stat().st_size > limit:
        size = part.stat().st_size
        part.unlink(missing_ok=True)
        raise _too_big(url, size, limit)
    return False


def _http(ctx: _Ctx, url: str, part: Path, *, resume: bool, limit: int = DEFAULT_MAX_BYTES) -> bool:
    import requests

    have = part.stat().st_size if resume and part.exists() else 0
    headers = {"User-Agent": "alliancestats (research data download)"}
    if have:
        headers["Range"] = f"bytes={have}-"
    ctx.check_deadline(url, have)
    left = ctx.remaining()
    wait = ctx.timeout if left is None else max(0.5, min(ctx.timeout, left))
    try:
        resp = requests.get(url, headers=headers, stream=True, timeout=wait)
    except requests.RequestException as exc:
        raise DownloadError(f"{url}: cannot connect ({type(exc).__name__}: {exc})") from exc
    with resp:
        if resp.status_code == 416 and have:  # our part is no prefix of the file: restart
            part.unlink(missing_ok=True)
            resp.close()
            return _http(ctx, url, part, resume=False, limit=limit)
        if resp.status_code >= 400:
            raise DownloadError(f"{url}: HTTP {resp.status_code} {resp.reason}; nothing was saved "
                                f"(check the URL, or use a mirror with base_url= / --base-url)")
        appending = resp.status_code == 206 and resp.headers.get("Content-Range", "").startswith(f"bytes {have}-")
        length = resp.headers.get("Content-Length")
        expect = int(length) if length and length.isdigit() else None
        start = have if appending else 0
        if expect is not None and start + expect > limit:
            raise _too_big(url, start + expect, limit)
        from tqdm.auto import tqdm

        bar = tqdm(total=(start + expect) if expect is not None else None, initial=start, unit="B",
                   unit_scale=True, desc=part.name[1:-5], leave=False, disable=not ctx.progress)
        written = 0
        try:
            with open(part, "ab" if appending else "wb") as fh:
                # read1 returns what has arrived (one socket read), so the deadline is checked even
                # when a server trickles a byte at a time
                while chunk := resp.raw.read1(CHUNK, decode_content=True):
                    written += len(chunk)
                    if start + written > limit:
                        fh.close()
                        part.unlink(missing_ok=True)
                        raise _too_big(url, start + written, limit)
                    fh.write(chunk)
                    bar.update(len(chunk))
                    ctx.check_deadline(url, start + written)
        except (requests.RequestException, OSError, _urllib3_errors()) as exc:
            raise _Interrupted(f"{url}: transfer interrupted after {start + written} bytes "
                               f"({type(exc).__name__}); run again to resume") from exc
        finally:
            bar.close()
        if expect is not None and written != expect:
            raise _Interrupted(f"{url}: transfer interrupted: got {written} of {expect} bytes; run again to resume")
    return appending


def _urllib3_errors() -> type:
    import urllib3

    return urllib3.exceptions.HTTPError


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

