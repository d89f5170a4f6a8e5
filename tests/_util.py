"""Helpers for hand-made fixture files (importable from any test folder)."""
from __future__ import annotations

from pathlib import Path


def write_text(path: Path, text: str, *, newline: str = "\n", encoding: str = "utf-8", bom: bool = False) -> Path:
    """Write a hand-made fixture file with chosen line endings / encoding."""
    path.parent.mkdir(parents=True, exist_ok=True)
    body = text.strip("\n").replace("\n", newline) + newline
    data = body.encode(encoding)
    if bom:
        data = b"\xef\xbb\xbf" + data
    path.write_bytes(data)
    return path


def load_real_table(real_dir: Path, dataset_id: str, table: str):
    """Run one catalog loader on the known real release files, checking the raw-record accounting.

    Returns (LoadResult, {file key: path}).
    """
    from alliancestats.raw.catalog import get_dataset
    from alliancestats.raw.run import RawIndex, _check_accounting

    ds = get_dataset(dataset_id)
    spec = next(t for t in ds.tables if t.name == table)
    index = RawIndex.scan(real_dir)
    files = {}
    for key in spec.files:
        found = index.find(ds.file(key))
        assert found is not None and found.known
        files[key] = found.path
    res = spec.loader(files)
    _check_accounting(ds.table_id(spec), spec, res)
    return res, files


class LoopbackServer:
    """Start / stop a threaded HTTP server on 127.0.0.1 for one handler class (tests and the probe start and stop it)."""

    def start(self, handler) -> None:
        import threading
        from http.server import ThreadingHTTPServer

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, args=(0.05,), daemon=True)
        self.thread.start()

    def stop(self):
        self.httpd.shutdown()
        self.httpd.server_close()
        self.thread.join(5)
