"""Downloads against a local HTTP server (no internet): verify, cache, mirror, unzip, errors, resume."""
from __future__ import annotations

import hashlib
import time
import io
import zipfile
from collections import Counter
from dataclasses import replace
from http.server import BaseHTTPRequestHandler
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from alliancestats import cli
from alliancestats.raw import download as dl_mod
from alliancestats.raw.catalog import Dataset, Download, ReleaseFile
from alliancestats.errors import UnknownIdError
from alliancestats.raw.download import DownloadError, download
from alliancestats.raw.run import UnknownReleaseWarning

from _util import LoopbackServer

PLAIN = b"id,name\n1,alpha\n2,beta\n3,gamma\n"
INNER = b"ccode,year\n2,1816\n200,1816\n"
NOHASH = b"x,y\n1,2\n"


def sha(b: bytes) -> str:
    return hashlib.sha256(b).hexdigest()


def make_zip(members: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    return buf.getvalue()


BUNDLE = make_zip({"data/inner.csv": INNER, "README.txt": b"readme\n"})


class _Server(LoopbackServer):
    """A tiny HTTP server over a directory: counts hits, optional Range support, can cut a transfer."""

    def __init__(self, root: Path):
        self.root = root
        self.hits: Counter[str] = Counter()
        self.ranges: list[str] = []
        self.range_ok = True
        self.cut: dict[str, int] = {}  # path -> bytes to send before dropping the connection (once)
        srv = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):  # keep test output clean
                pass

            def do_GET(self):
                rel = unquote(urlsplit(self.path).path).lstrip("/")
                srv.hits[rel] += 1
                f = srv.root / rel
                if not f.is_file():
                    self.send_error(404, "Not Found")
                    return
                data = f.read_bytes()
                rng = self.headers.get("Range")
                status, start = 200, 0
                if rng:
                    srv.ranges.append(rng)
                    if srv.range_ok:
                        start = int(rng.split("=")[1].split("-")[0])
                        status = 206
                body = data[start:]
                self.send_response(status)
                self.send_header("Content-Length", str(len(body)))
                if status == 206:
                    self.send_header("Content-Range", f"bytes {start}-{len(data) - 1}/{len(data)}")
                self.end_headers()
                n = srv.cut.pop(rel, None)
                self.wfile.write(body if n is None else body[:n])
                self.wfile.flush()
                self.close_connection = True

        self.start(Handler)


@pytest.fixture
def server(tmp_path):
    root = tmp_path / "www"
    (root / "pub").mkdir(parents=True)
    (root / "pub" / "plain.csv").write_bytes(PLAIN)
    (root / "pub" / "bundle.zip").write_bytes(BUNDLE)
    (root / "pub" / "no hash.csv").write_bytes(NOHASH)
    s = _Server(root)
    yield s
    s.stop()


@pytest.fixture(autouse=True)
def _no_mirror_env(monkeypatch):
    monkeypatch.delenv(dl_mod.ENV_MIRROR, raising=False)


def fake_dataset(base: str, plain_sha: str = sha(PLAIN), inner_sha: str = sha(INNER), member="data/inner.csv") -> Dataset:
    return Dataset(
        dataset_id="fake_1_0", title="Fake", publisher="Test", version="1.0", coverage=(1816, 1817),
        citation="@misc{fake}", licence="test only",
        files=(
            ReleaseFile("plain", "plain.csv", (plain_sha,)),
            ReleaseFile("inner", "inner_release.csv", (inner_sha,)),
            ReleaseFile("nohash", "no hash.csv"),
        ),
        tables=(),
        downloads=(
            Download(f"{base}/pub/plain.csv", "plain.csv", {"": "plain"}),
            Download(f"{base}/pub/bundle.zip", "bundle.zip", {member: "inner"}),
            Download(f"{base}/pub/no%20hash.csv", "no hash.csv", {"": "nohash"}),
        ),
    )


def by_name(res) -> dict:
    return {f.path.name: f for f in res.files}


def leftovers(d: Path) -> list[str]:
    """Partial files: our old ``.part`` names and pooch's temporary files (``tmp*``)."""
    return sorted(p.name for p in d.rglob("*") if p.name.endswith(".part") or p.name.startswith("tmp"))


def test_download_verifies_and_unzips(server, tmp_path):
    dest = tmp_path / "raw"
    res = download(catalog=[fake_dataset(server.url)], dest=dest)
    f = by_name(res)
    ddir = dest / "fake_1_0"
    assert set(f) == {"plain.csv", "bundle.zip", "inner_release.csv", "no hash.csv"}
    assert (f["plain.csv"].status, f["plain.csv"].verified) == ("downloaded", True)
    assert (f["inner_release.csv"].status, f["inner_release.csv"].verified) == ("downloaded", True)
    assert (f["no hash.csv"].status, f["no hash.csv"].verified) == ("downloaded", None)
    assert (f["bundle.zip"].status, f["bundle.zip"].verified) == ("downloaded", None)
    assert (ddir / "plain.csv").read_bytes() == PLAIN
    # the zip member data/inner.csv is placed under the release file name
    assert (ddir / "inner_release.csv").read_bytes() == INNER
    assert (ddir / "no hash.csv").read_bytes() == NOHASH
    assert f["plain.csv"].sha256 == sha(PLAIN) and f["plain.csv"].key == "plain"
    assert not res.failed and leftovers(dest) == []
    assert server.hits == Counter({"pub/plain.csv": 1, "pub/bundle.zip": 1, "pub/no hash.csv": 1})
    text = "\n".join(res.summary_lines())
    assert "4 downloaded" in text and "verified" in text and "no-hash" in text


def test_second_call_uses_cache(server, tmp_path):
    ds = fake_dataset(server.url)
    download(catalog=[ds], dest=tmp_path)
    hits = sum(server.hits.values())
    res = download(catalog=[ds], dest=tmp_path)
    assert sum(server.hits.values()) == hits == 3
    assert {f.status for f in res.files} == {"cached"}
    assert by_name(res)["plain.csv"].verified is True
    assert by_name(res)["inner_release.csv"].verified is True
    # a deleted extracted member is restored from the cached archive without a fetch
    (tmp_path / "fake_1_0" / "inner_release.csv").unlink()
    res = download(catalog=[ds], dest=tmp_path)
    assert sum(server.hits.values()) == 3
    assert (tmp_path / "fake_1_0" / "inner_release.csv").read_bytes() == INNER


def test_corrupt_cached_copy_is_fetched_again(server, tmp_path):
    ds = fake_dataset(server.url)
    ddir = tmp_path / "fake_1_0"
    ddir.mkdir()
    (ddir / "plain.csv").write_bytes(PLAIN[:10])  # e.g. a copy truncated by hand
    res = download(catalog=[ds], dest=tmp_path)
    assert by_name(res)["plain.csv"].status == "downloaded"
    assert (ddir / "plain.csv").read_bytes() == PLAIN


def test_hash_mismatch_is_a_clear_error(server, tmp_path):
    wrong = "0" * 64
    ds = fake_dataset(server.url, plain_sha=wrong)
    with pytest.raises(DownloadError) as ei:
        download(catalog=[ds], dest=tmp_path)
    msg = str(ei.value)
    assert str(tmp_path / "fake_1_0" / "plain.csv") in msg
    assert sha(PLAIN) in msg and wrong in msg
    assert "\n" not in msg
    # nothing unverifiable left under the final name, no temp litter; the others still arrived
    assert not (tmp_path / "fake_1_0" / "plain.csv").exists()
    assert leftovers(tmp_path) == []
    assert (tmp_path / "fake_1_0" / "inner_release.csv").read_bytes() == INNER
    res = ei.value.result
    assert [f.path.name for f in res.failed] == ["plain.csv"]
    assert res.failed[0].verified is False


def test_mismatch_in_zip_member(server, tmp_path):
    ds = fake_dataset(server.url, inner_sha="1" * 64)
    res = download(catalog=[ds], dest=tmp_path, strict=False)
    (bad,) = res.failed
    assert bad.path.name == "inner_release.csv"
    assert "1" * 64 in bad.error and sha(INNER) in bad.error and "bundle.zip" in bad.error
    assert not (tmp_path / "fake_1_0" / "inner_release.csv").exists()
    assert leftovers(tmp_path) == []


def test_allow_unknown_keeps_file_with_warning(server, tmp_path):
    ds = fake_dataset(server.url, plain_sha="0" * 64)
    with pytest.warns(UnknownReleaseWarning, match=r"plain\.csv.*" + sha(PLAIN)):
        res = download(catalog=[ds], dest=tmp_path, allow_unknown=True)
    f = by_name(res)["plain.csv"]
    assert (f.status, f.verified) == ("downloaded", False)
    assert (tmp_path / "fake_1_0" / "plain.csv").read_bytes() == PLAIN
    assert "UNVERIFIED" in "\n".join(res.summary_lines())


def test_zip_member_missing_or_archive_corrupt(server, tmp_path):
    res = download(catalog=[fake_dataset(server.url, member="data/other.csv")], dest=tmp_path, strict=False)
    (bad,) = res.failed
    assert "data/other.csv" in bad.error and "data/inner.csv" in bad.error  # names what is there
    # a corrupt archive (e.g. an HTML error page saved as .zip) is reported and removed
    (server.root / "pub" / "bundle.zip").write_bytes(b"<html>maintenance</html>")
    dest2 = tmp_path / "second"
    res = download(catalog=[fake_dataset(server.url)], dest=dest2, strict=False)
    (bad,) = res.failed
    assert bad.path.name == "inner_release.csv" and "bundle.zip" in bad.error and "not a readable" in bad.error
    assert not (dest2 / "fake_1_0" / "bundle.zip").exists()


def test_base_url_mirror(server, tmp_path, monkeypatch):
    mirror = server.root / "mirror"
    mirror.mkdir()
    for name in ("plain.csv", "bundle.zip", "no hash.csv"):
        (server.root / "pub" / name).rename(mirror / name)  # the official URLs now 404
    ds = fake_dataset(server.url)
    res = download(catalog=[ds], dest=tmp_path / "a", base_url=server.url + "/mirror/")
    assert not res.failed
    assert server.hits == Counter({"mirror/plain.csv": 1, "mirror/bundle.zip": 1, "mirror/no hash.csv": 1})
    assert by_name(res)["plain.csv"].url == server.url + "/mirror/plain.csv"
    assert by_name(res)["no hash.csv"].url == server.url + "/mirror/no%20hash.csv"
    # ALLIANCESTATS_MIRROR is the default base_url
    monkeypatch.setenv(dl_mod.ENV_MIRROR, server.url + "/mirror")
    res = download(catalog=[ds], dest=tmp_path / "b")
    assert not res.failed and server.hits["mirror/plain.csv"] == 2
    assert (tmp_path / "b" / "fake_1_0" / "inner_release.csv").read_bytes() == INNER
    # a local directory (shared drive) works as a mirror too
    monkeypatch.delenv(dl_mod.ENV_MIRROR)
    res = download(catalog=[ds], dest=tmp_path / "c", base_url=str(mirror))
    assert not res.failed and server.hits["mirror/plain.csv"] == 2
    assert (tmp_path / "c" / "fake_1_0" / "plain.csv").read_bytes() == PLAIN


def test_404_is_clear_and_leaves_nothing(server, tmp_path):
    (server.root / "pub" / "plain.csv").unlink()
    ds = fake_dataset(server.url)
    with pytest.raises(DownloadError, match=r"plain\.csv: HTTP 404"):
        download(catalog=[ds], dest=tmp_path)
    ddir = tmp_path / "fake_1_0"
    assert not (ddir / "plain.csv").exists()
    assert leftovers(tmp_path) == []
    assert (ddir / "inner_release.csv").exists()  # other downloads were still attempted
    res = download(catalog=[ds], dest=tmp_path, strict=False)
    assert [f.path.name for f in res.failed] == ["plain.csv"]


def test_interrupted_download_leaves_nothing_and_starts_over(server, tmp_path):
    """pooch has no Range resume: an interrupted transfer keeps nothing and the next call fetches it whole."""
    big = b"id,name\n" + b"".join(b"%d,name%d\n" % (i, i) for i in range(30000))  # ~400 kB
    (server.root / "pub" / "plain.csv").write_bytes(big)
    ds = fake_dataset(server.url, plain_sha=sha(big))
    server.cut["pub/plain.csv"] = 250_000
    res = download(catalog=[ds], dest=tmp_path, strict=False)
    (bad,) = res.failed
    assert "interrupted after" in bad.error and "from the start" in bad.error
    ddir = tmp_path / "fake_1_0"
    assert not (ddir / "plain.csv").exists()  # never a truncated final file
    assert leftovers(tmp_path) == []  # nor a partial one under another name
    res = download(catalog=[ds], dest=tmp_path)
    assert server.ranges == [] and server.hits["pub/plain.csv"] == 2
    assert (ddir / "plain.csv").read_bytes() == big
    assert by_name(res)["plain.csv"].verified is True and leftovers(tmp_path) == []


def test_interrupted_download_without_hash_restarts(server, tmp_path):
    big = b"x,y\n" + b"1,2\n" * 100_000
    (server.root / "pub" / "no hash.csv").write_bytes(big)
    ds = fake_dataset(server.url)
    server.cut["pub/no hash.csv"] = 250_000
    res = download(catalog=[ds], dest=tmp_path, strict=False)
    assert [f.path.name for f in res.failed] == ["no hash.csv"]
    assert leftovers(tmp_path) == []
    assert not (tmp_path / "fake_1_0" / "no hash.csv").exists()
    download(catalog=[ds], dest=tmp_path)
    assert server.ranges == []
    assert (tmp_path / "fake_1_0" / "no hash.csv").read_bytes() == big


def test_part_file_of_the_old_resumable_downloader_is_removed(server, tmp_path):
    ds = fake_dataset(server.url)
    ddir = tmp_path / "fake_1_0"
    ddir.mkdir()
    (ddir / ".plain.csv.part").write_bytes(b"GARBAGE")  # left by an interrupted download of an older version
    res = download(catalog=[ds], dest=tmp_path)
    assert server.ranges == []  # fetched whole, never appended to
    assert (ddir / "plain.csv").read_bytes() == PLAIN and by_name(res)["plain.csv"].verified is True
    assert leftovers(tmp_path) == []


def test_several_known_copies_any_is_accepted_none_else(server, tmp_path):
    """pooch takes one known hash; a release with several known copies is checked against all of them."""
    other = "2" * 64
    ds = fake_dataset(server.url)
    two = replace(ds, files=(ReleaseFile("plain", "plain.csv", (other, sha(PLAIN))),) + ds.files[1:])
    res = download(catalog=[two], dest=tmp_path / "a")
    assert by_name(res)["plain.csv"].verified is True
    wrong = replace(ds, files=(ReleaseFile("plain", "plain.csv", (other, "3" * 64)),) + ds.files[1:])
    res = download(catalog=[wrong], dest=tmp_path / "b", strict=False)
    (bad,) = res.failed
    assert bad.path.name == "plain.csv" and bad.verified is False and bad.sha256 == sha(PLAIN)
    assert other in bad.error and "3" * 64 in bad.error and sha(PLAIN) in bad.error
    assert not (tmp_path / "b" / "fake_1_0" / "plain.csv").exists() and leftovers(tmp_path) == []


def test_failures_short_on_the_console_full_detail_in_the_log(server, tmp_path, capsys, monkeypatch):
    (server.root / "pub" / "plain.csv").unlink()
    ds = fake_dataset(server.url)
    res = download(catalog=[ds], dest=tmp_path, strict=False)
    assert res.log_path == tmp_path / "download.log"
    text = "\n".join(res.summary_lines())
    assert str(res.log_path) in text and "Traceback" not in text
    assert "1 failed" in text and "error: " + f"{server.url}/pub/plain.csv: HTTP 404" in text
    log = res.log_path.read_text()
    # the log has the URL, the status code, the exception chain; and every file, not only failures
    assert f"{server.url}/pub/plain.csv" in log and "404" in log and "Traceback" in log and "HTTPError" in log
    assert "inner_release.csv" in log and sha(INNER) in log
    # the CLI prints one line per failure and the log's path, no traceback
    monkeypatch.setattr(dl_mod, "catalog_datasets", lambda: (ds,))
    rc = cli.main(["download", "--dest", str(tmp_path / "cli"), "-q"])
    out = capsys.readouterr()
    assert rc == 1 and "Traceback" not in out.err + out.out
    assert str(tmp_path / "cli" / "download.log") in out.err
    assert len(out.err.strip().splitlines()) <= 3
    # ingest never mistakes the log for a release file
    from alliancestats.raw.run import RawIndex

    assert all(p.name != "download.log" for p in RawIndex.scan(tmp_path).files)


def test_download_without_members_is_saved_as_is(server, tmp_path):
    base = fake_dataset(server.url)
    ds = Dataset("ref_1", "Ref", "Test", "1", None, "", "", base.files, (),
                 downloads=(Download(f"{server.url}/pub/bundle.zip", "bundle.zip", {}),))
    res = download(catalog=[ds], dest=tmp_path)
    (f,) = res.files
    assert (f.status, f.verified, f.key) == ("downloaded", None, None)
    assert (tmp_path / "ref_1" / "bundle.zip").read_bytes() == BUNDLE


def test_unknown_dataset_and_no_downloads(server, tmp_path):
    ds = fake_dataset(server.url)
    with pytest.raises(UnknownIdError, match="unknown dataset 'nope'.*fake_1_0"):
        download(["nope"], catalog=[ds], dest=tmp_path)
    bare = Dataset("bare_1", "Bare", "Test", "1", None, "", "", (), (), homepage="https://example.org/bare")
    res = download(catalog=[ds, bare], dest=tmp_path, progress=True)
    assert any("bare_1" in n and "example.org" in n for n in res.notes)
    assert not (tmp_path / "bare_1").exists()


def test_cli_download_exit_codes(server, tmp_path, monkeypatch, capsys):
    mirror = server.root / "mirror"
    mirror.mkdir()
    for name in ("plain.csv", "bundle.zip", "no hash.csv"):
        (mirror / name).write_bytes((server.root / "pub" / name).read_bytes())
    monkeypatch.setattr(dl_mod, "catalog_datasets", lambda: (fake_dataset("http://127.0.0.1:9/unreachable"),))
    dest = tmp_path / "raw"
    rc = cli.main(["download", "fake_1_0", "--base-url", server.url + "/mirror", "--dest", str(dest), "-q"])
    out = capsys.readouterr()
    assert rc == 0, out.err
    assert "3 downloaded" not in out.out and "4 downloaded" in out.out
    assert (dest / "fake_1_0" / "inner_release.csv").read_bytes() == INNER
    rc = cli.main(["download", "--base-url", server.url + "/mirror", "--dest", str(dest), "-q"])
    assert rc == 0 and "4 cached" in capsys.readouterr().out
    (mirror / "plain.csv").unlink()
    rc = cli.main(["download", "--base-url", server.url + "/mirror", "--dest", str(tmp_path / "other"), "-q"])
    err = capsys.readouterr().err
    assert rc == 1
    assert "error:" in err and "plain.csv: HTTP 404" in err
    rc = cli.main(["download", "nope", "--dest", str(dest), "-q"])
    assert rc == 1 and "unknown dataset 'nope'" in capsys.readouterr().err


def test_real_catalog_downloads_are_well_formed():
    """Every catalog Download names an official http(s) URL, a file name, and release files that exist."""
    from alliancestats.raw.catalog import datasets

    problems = []
    for ds in datasets():
        keys = {f.key for f in ds.files}
        for d in ds.downloads:
            if not d.url.startswith(("https://", "http://")):
                problems.append(f"{ds.dataset_id}: {d.url!r} is not an http(s) URL")
            if not d.filename or "/" in d.filename:
                problems.append(f"{ds.dataset_id}: bad Download.filename {d.filename!r}")
            # {} is allowed: the official file is fetched as is but is no catalog release file itself
            if "" in d.members and len(d.members) > 1:
                problems.append(f"{ds.dataset_id}: {d.filename}: members must be {{'': key}} or archive paths")
            problems += [f"{ds.dataset_id}: {d.filename}: member {m!r} -> unknown file key {k!r}"
                         for m, k in d.members.items() if k not in keys]
            mirror = dl_mod.mirror_url("https://mirror.example/raw/", d)
            assert mirror.startswith("https://mirror.example/raw/") and " " not in mirror
    assert problems == []


# --------------------------------------------------------------------------- limits (issue 14)


class _Trickle(LoopbackServer):
    """A server on 127.0.0.1 that sends a header, then one byte every ``gap`` seconds (bounded loop)."""

    def __init__(self, body: bytes, gap: float = 0.05, length: int | None = None, send_all: bool = False):
        srv = self
        self.served = 0

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def do_GET(self):
                self.send_response(200)
                self.send_header("Content-Length", str(length if length is not None else len(body)))
                self.end_headers()
                if send_all:
                    try:
                        for i in range(0, len(body), 1 << 16):
                            self.wfile.write(body[i:i + (1 << 16)])
                            srv.served += 1 << 16
                    except OSError:
                        pass
                    return
                for i in range(min(len(body), 400)):  # bounded: at most 400 bytes, ~20 s
                    try:
                        self.wfile.write(body[i:i + 1])
                        self.wfile.flush()
                    except OSError:
                        return
                    srv.served += 1
                    time.sleep(gap)

        self.start(Handler)


def _one_file_dataset(url: str, rf: ReleaseFile, member: dict | None = None, filename="plain.csv") -> Dataset:
    return Dataset(dataset_id="lim_1_0", title="Lim", publisher="Test", version="1.0", coverage=None,
                   citation="", licence="", files=(rf,), tables=(),
                   downloads=(Download(url, filename, member or {"": rf.key}),))


def test_trickling_server_is_cut_off_at_the_deadline(tmp_path):
    srv = _Trickle(b"x" * 400, gap=0.05)
    try:
        t0 = time.monotonic()
        res = download(catalog=[_one_file_dataset(f"{srv.url}/slow.csv", ReleaseFile("f", "slow.csv"))],
                       dest=tmp_path / "raw", deadline=1.0, timeout=5, strict=False)
        took = time.monotonic() - t0
    finally:
        srv.stop()
    (f,) = res.files
    assert f.status == "failed" and "deadline of 1 s passed" in f.error
    assert took < 4 and srv.served < 100  # stopped long before the 400 trickled bytes
    assert not (tmp_path / "raw" / "lim_1_0" / "slow.csv").exists()


def test_body_larger_than_the_known_release_is_refused_while_streaming(tmp_path, monkeypatch):
    body = PLAIN * 2000  # a "release" that grew: the catalog knows PLAIN's size only
    monkeypatch.setattr(dl_mod, "known_sizes", lambda: {sha(PLAIN): len(PLAIN)})
    # the server lies about the length (announces the known size) and sends it all
    srv = _Trickle(body, length=len(body) + 10, send_all=True)
    try:
        res = download(catalog=[_one_file_dataset(f"{srv.url}/plain.csv", ReleaseFile("f", "plain.csv", (sha(PLAIN),)))],
                       dest=tmp_path / "raw", strict=False)
    finally:
        srv.stop()
    (f,) = res.files
    assert f.status == "failed" and f"more than the limit of 0.0 MiB ({len(PLAIN)} bytes)" in f.error
    assert leftovers(tmp_path / "raw") == [] and not (tmp_path / "raw" / "lim_1_0" / "plain.csv").exists()


def test_unknown_size_capped_by_max_bytes(tmp_path):
    srv = _Trickle(b"y" * 300_000, send_all=True)
    try:
        res = download(catalog=[_one_file_dataset(f"{srv.url}/big.csv", ReleaseFile("f", "big.csv"))],
                       dest=tmp_path / "raw", strict=False, max_bytes=100_000)
    finally:
        srv.stop()
    (f,) = res.files
    assert f.status == "failed" and "300000 bytes is more than the limit" in f.error  # refused on Content-Length
    assert leftovers(tmp_path / "raw") == []


def test_zip_bomb_stops_at_the_member_limit(tmp_path, monkeypatch):
    www = tmp_path / "www"
    www.mkdir()
    bomb = make_zip({"data/inner.csv": b"0" * 5_000_000})  # compresses to a few KB
    (www / "bomb.zip").write_bytes(bomb)
    monkeypatch.setattr(dl_mod, "known_sizes", lambda: {sha(INNER): len(INNER)})
    ds = _one_file_dataset((www / "bomb.zip").as_uri(), ReleaseFile("inner", "inner.csv", (sha(INNER),)),
                           member={"data/inner.csv": "inner"}, filename="bomb.zip")
    res = download(catalog=[ds], dest=tmp_path / "raw", strict=False)
    f = {r.path.name: r for r in res.files}["inner.csv"]
    assert f.status == "failed" and "declares 5000000 bytes" in f.error
    # a member whose header lies about its size is stopped while expanding, whatever it declares
    out = tmp_path / "x.csv"
    with zipfile.ZipFile(www / "bomb.zip") as zf, zf.open("data/inner.csv") as src:
        assert "expands to more than" in dl_mod._copy_bounded(src, out, 1000, "bomb")
    assert not out.exists()


def test_nested_zip_member_notation(server, tmp_path):
    inner_zip = make_zip({"NMC-70-abridged.csv": INNER})
    outer = make_zip({"NMCv7/NMC-v7-abridged.zip": inner_zip, "NMCv7/readme.txt": b"r"})
    (server.root / "pub" / "NMCv7.zip").write_bytes(outer)
    ds = _one_file_dataset(f"{server.url}/pub/NMCv7.zip", ReleaseFile("nmc", "NMC-70-abridged.csv", (sha(INNER),)),
                           member={"NMCv7/NMC-v7-abridged.zip!NMC-70-abridged.csv": "nmc"}, filename="NMCv7.zip")
    res = download(catalog=[ds], dest=tmp_path / "raw")
    f = {r.path.name: r for r in res.files}["NMC-70-abridged.csv"]
    assert f.status == "downloaded" and f.verified is True
    assert (tmp_path / "raw" / "lim_1_0" / "NMC-70-abridged.csv").read_bytes() == INNER
    assert leftovers(tmp_path / "raw") == [] and not list((tmp_path / "raw").rglob("*.nested*"))
    # the real catalog's NMC 7.0 entry uses this notation
    from alliancestats.raw.catalog import get_dataset

    assert any("!" in m for d in get_dataset("nmc_7_0").downloads for m in d.members)


def test_progress_bars_only_when_asked_or_on_a_terminal(server, tmp_path, capsys):
    ds = fake_dataset(server.url)
    download(catalog=[ds], dest=tmp_path / "quiet")  # progress=None: tqdm decides; not a terminal here
    assert capsys.readouterr().err == ""
    download(catalog=[ds], dest=tmp_path / "bars", progress=True)
    err = capsys.readouterr().err
    assert "download" in err and "plain.csv" in err  # the per-call bar and a per-file byte bar


def test_second_format_of_one_release_keeps_its_own_name(server, tmp_path):
    """Maddison 2020: one release file key with an .xlsx and a .dta copy; the .dta is not saved as .xlsx."""
    dta = b"\x72\x00fake dta bytes"
    (server.root / "pub" / "mpd.dta").write_bytes(dta)
    (server.root / "pub" / "mpd.xlsx").write_bytes(PLAIN)
    rf = ReleaseFile("mpd", "mpd.xlsx", (sha(PLAIN), sha(dta)), aliases=("mpd.dta",))
    ds = Dataset("mpd_1", "M", "T", "1", None, "", "", (rf,), (), downloads=(
        Download(f"{server.url}/pub/mpd.xlsx", "mpd.xlsx", {"": "mpd"}),
        Download(f"{server.url}/pub/mpd.dta", "mpd.dta", {"": "mpd"})))
    res = download(catalog=[ds], dest=tmp_path)
    assert {f.path.name: f.verified for f in res.files} == {"mpd.xlsx": True, "mpd.dta": True}
    assert (tmp_path / "mpd_1" / "mpd.dta").read_bytes() == dta
    from alliancestats.raw.catalog import get_dataset

    assert dl_mod._saved_name(get_dataset("maddison_2020").downloads[1], get_dataset("maddison_2020").file("mpd")) \
        == "mpd2020.dta"


def test_a_whole_catalog_offline_is_a_few_lines(tmp_path, capsys):
    """Every download failing (no network): the console gets the totals, five reasons and the log's path."""
    files = tuple(ReleaseFile(f"f{i}", f"f{i}.csv") for i in range(12))
    ds = Dataset("off_1", "Off", "T", "1", None, "", "", files, (),
                 downloads=tuple(Download(f"http://127.0.0.1:9/f{i}.csv", f"f{i}.csv", {"": f"f{i}"}) for i in range(12)))
    res = download(catalog=[ds], dest=tmp_path, strict=False)
    lines = res.summary_lines()
    assert lines[0] == "12 failed" and len(lines) == 1 + 5 + 2
    assert "cannot connect (ConnectionRefusedError" in lines[1] and "7 more" in lines[-2]
    log = res.log_path.read_text()
    assert all(f"f{i}.csv" in log for i in range(12)) and log.count("Traceback") >= 12
