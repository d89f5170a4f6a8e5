"""Helpers for hand-made fixture files (importable from any test folder)."""
from __future__ import annotations

from html.parser import HTMLParser
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


def load_analysis(name: str):
    """Import ``analyses/<name>.py`` (a script folder, not a package) as a fresh module."""
    import importlib.util

    path = Path(__file__).resolve().parents[1] / "analyses" / f"{name}.py"
    spec = importlib.util.spec_from_file_location(f"{name}_analysis", path)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


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


# ----- report checks (tests/reproduce, tests/analyses)
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


class _Balance(HTMLParser):
    """Collects tag-balance errors and the src of every <img>."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, tuple]] = []
        self.errors: list[str] = []
        self.images: list[str] = []
        self.ids: list[str] = []
        self.hrefs: list[str] = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "img":
            self.images.append(a.get("src") or "")
        if "id" in a:
            self.ids.append(a["id"])
        if tag == "a" and a.get("href"):
            self.hrefs.append(a["href"])
        if tag not in VOID:
            self.stack.append((tag, self.getpos()))

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag not in VOID:
            self.stack.pop()

    def handle_endtag(self, tag):
        if tag in VOID:
            return
        if not self.stack or self.stack[-1][0] != tag:
            open_ = self.stack[-1] if self.stack else None
            self.errors.append(f"</{tag}> at line {self.getpos()[0]} closes {open_}")
            return
        self.stack.pop()


def check_report_html(path: Path) -> list[str]:
    """Problems of a report page: unbalanced tags, missing images, duplicate ids, dangling anchors."""
    text = Path(path).read_text(encoding="utf-8")
    p = _Balance()
    p.feed(text)
    p.close()
    problems = list(p.errors) + [f"unclosed <{t}> from line {pos[0]}" for t, pos in p.stack]
    if not text.startswith("<!DOCTYPE html>"):
        problems.append("no <!DOCTYPE html>")
    for src in p.images:
        if not src or not (Path(path).parent / src).is_file():
            problems.append(f"image {src!r} missing")
    dup = {i for i in p.ids if p.ids.count(i) > 1}
    problems += [f"duplicate id {i!r}" for i in sorted(dup)]
    problems += [f"anchor {h!r} has no target" for h in p.hrefs if h.startswith("#") and h[1:] not in p.ids]
    problems += [f"link {h!r} has no file" for h in p.hrefs  # manifest.json is written after the report
                 if not h.startswith(("#", "http")) and h != "manifest.json" and not (Path(path).parent / h).is_file()]
    return problems


def uncaptioned(folder: Path) -> list[str]:
    """Figures (``*.png``) and tables (``*.md``) under ``folder`` without a caption of their own.

    A caption is the non-empty ``caption`` of the writer's sidecar
    (``<stem>.figure.json`` / ``<stem>.table.json``, :mod:`alliancestats.outputs`);
    without it the report would fall back to a figure title or the file name.
    Reports themselves (``report.md``) are not outputs and are skipped.
    """
    from alliancestats.outputs import read_meta

    folder = Path(folder)
    bad = []
    for p in sorted(folder.rglob("*")):
        rel = p.relative_to(folder)
        if p.suffix not in (".png", ".md") or any(x.startswith(".") for x in rel.parts) or p.name == "report.md":
            continue
        kind = "figure" if p.suffix == ".png" else "table"
        if not str(read_meta(p.with_suffix(""), kind).get("caption") or "").strip():
            bad.append(rel.as_posix())
    return bad


_PROBE = """<script>window.addEventListener("load",()=>{const b=[...document.images].filter(i=>!(i.complete&&
i.naturalWidth>0)).map(i=>i.getAttribute("src"));const p=document.createElement("pre");p.id="als-probe";
p.textContent=JSON.stringify({broken:b,n:document.images.length,width:document.documentElement.scrollWidth});
document.body.appendChild(p);});</script></body>"""


def browser_probe(page: Path, tmp: Path, width: int = 1100) -> dict:
    """Load ``page`` in headless chromium: ``{"broken": [img src that did not decode], "n": images, "width": px}``.

    The page is not modified: a copy with a probe script and a ``<base>`` pointing at the page's folder is
    written into ``tmp``, so images and links resolve as in the original.
    """
    import json
    import re
    import subprocess

    page = Path(page).resolve()
    text = page.read_text(encoding="utf-8")
    base = f'<base href="{page.parent.as_uri()}/">'
    probe = Path(tmp) / f"probe_{page.parent.name}.html"
    probe.write_text(text.replace("<head>", "<head>" + base, 1).replace("</body>", _PROBE), encoding="utf-8")
    run = subprocess.run(["chromium", "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
                          f"--window-size={width},900", "--virtual-time-budget=5000", "--dump-dom", probe.as_uri()],
                         capture_output=True, text=True, timeout=180)
    m = re.search(r'<pre id="als-probe">(.*?)</pre>', run.stdout)
    assert m, run.stderr[-2000:]
    return json.loads(m.group(1).replace("&quot;", '"'))
