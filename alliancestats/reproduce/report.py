"""``report.md`` and ``report.html``: every figure and table, the data versions and their citations.

Built only from files on disk (each analysis folder, the processed tables'
provenance, the catalog's BibTeX), in sorted order, with relative links and
no dates, so the same outputs give the same report bytes. Figures are linked
as PNG (the PDF next to each is linked too); tables are embedded from the
analysis's ``.md`` (Markdown report) and ``.csv`` (HTML report) files, with
links to the ``.tex`` versions. ``references.bib`` collects the citations.
"""
from __future__ import annotations

import csv
import html
import io
import json
import re
from dataclasses import dataclass, field
from pathlib import Path

from ..raw.catalog import get_dataset
from ..store import read_meta, write_text_atomic

SYNTHETIC_BANNER = ("SYNTHETIC DATA. These results come from the alliancestats sample world "
                    "(alliancestats.synth), a simulation with known parameters. They are not findings about "
                    "real states and must not be cited.")
MAX_RESULT_ROWS = 80
MAX_TABLE_ROWS = 60


@dataclass
class AnalysisEntry:
    name: str
    title: str
    status: str  # ran | skipped | failed
    error: str | None = None
    files: list[str] = field(default_factory=list)


def dataset_versions(processed_dir: Path) -> list[dict]:
    """One entry per dataset ingested in ``processed_dir``, from the Parquet provenance."""
    by_ds: dict[str, dict] = {}
    for p in sorted(Path(processed_dir).glob("*.parquet")):
        meta = read_meta(p) or {}
        ds = meta.get("dataset_id")
        if not ds:
            continue
        e = by_ds.setdefault(ds, {"dataset_id": ds, "version": meta.get("dataset_version"), "title": meta.get("title"),
                                  "tables": [], "sources": {}, "known_release": True})
        e["tables"].append(meta.get("table_id", p.stem))
        e["sources"].update(meta.get("sources", {}))
        e["known_release"] = bool(e["known_release"] and meta.get("known_release", False))
    out = []
    for ds in sorted(by_ds):
        e = by_ds[ds]
        e["tables"] = sorted(e["tables"])
        e["sources"] = dict(sorted(e["sources"].items()))
        try:
            d = get_dataset(ds)
            e["citation"], e["publisher"] = d.citation, d.publisher
        except KeyError:
            e["citation"], e["publisher"] = "", ""
        out.append(e)
    return out


def bib_entries(citations) -> list[str]:
    """BibTeX entries of several citation strings, each key once, in first-seen order."""
    seen, out = set(), []
    for text in citations:
        for chunk in re.split(r"\n(?=@)", (text or "").strip()):
            m = re.match(r"@\w+\{([^,]+),", chunk.strip())
            if not m or m.group(1) in seen:
                continue
            seen.add(m.group(1))
            out.append(chunk.strip())
    return out


def _flatten(obj, prefix: str = "") -> list[tuple[str, str]]:
    rows: list[tuple[str, str]] = []
    if isinstance(obj, dict):
        for k in sorted(obj):
            rows += _flatten(obj[k], f"{prefix}.{k}" if prefix else str(k))
    elif isinstance(obj, list):
        if all(not isinstance(v, (dict, list)) for v in obj) and len(obj) <= 12:
            rows.append((prefix, ", ".join("NA" if v is None else str(v) for v in obj)))
        else:
            rows.append((prefix, f"[{len(obj)} items: see results.json]"))
    else:
        rows.append((prefix, "NA" if obj is None else str(obj)))
    return rows


def _results(folder: Path) -> list[tuple[str, str]]:
    p = folder / "results.json"
    if not p.exists():
        return []
    try:
        return _flatten(json.loads(p.read_text(encoding="utf-8")))
    except json.JSONDecodeError:
        return [("results.json", "not valid JSON")]


def _md_escape(s: str) -> str:
    return s.replace("|", "\\|")


def _csv_html(path: Path) -> str:
    rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"))))
    if not rows:
        return "<p>(empty table)</p>"
    head = "".join(f"<th>{html.escape(c)}</th>" for c in rows[0])
    body = "".join("<tr>" + "".join(f"<td>{html.escape(c)}</td>" for c in r) + "</tr>" for r in rows[1:])
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def _stems(folder: Path, ext: str) -> list[Path]:
    return sorted((p for p in folder.rglob(f"*.{ext}") if not any(x.startswith(".") for x in p.relative_to(folder).parts)),
                  key=lambda p: p.relative_to(folder).as_posix())


CSS = """body{font-family:system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;line-height:1.45}
table{border-collapse:collapse;margin:0.5rem 0 1rem}td,th{border:1px solid #bbb;padding:0.2rem 0.5rem;text-align:left}
th{background:#eee}img{max-width:100%;border:1px solid #ddd}pre{background:#f6f6f6;padding:0.6rem;overflow-x:auto}
.synthetic{background:#fde8e8;border:2px solid #b22;padding:0.6rem;font-weight:bold}.failed{color:#b22}"""


def write_report(out_dir: Path, *, analyses: list[AnalysisEntry], datasets: list[dict], panels: dict[str, dict],
                 synthetic: bool, library_version: str, git: dict) -> list[Path]:
    """Write ``report.md``, ``report.html`` and ``references.bib`` into ``out_dir``."""
    out_dir = Path(out_dir)
    md: list[str] = ["# alliancestats reproduction report", ""]
    h: list[str] = ["<!DOCTYPE html>", "<html lang=\"en\"><head><meta charset=\"utf-8\">",
                    "<title>alliancestats reproduction report</title>", f"<style>{CSS}</style></head><body>",
                    "<h1>alliancestats reproduction report</h1>"]
    if synthetic:
        md += [f"> **{SYNTHETIC_BANNER}**", ""]
        h.append(f"<p class=\"synthetic\">{html.escape(SYNTHETIC_BANNER)}</p>")
    commit = git.get("commit")
    rev = "not a git checkout" if not commit else commit + (" (with uncommitted changes)" if git.get("dirty") else "")
    prov = f"alliancestats {library_version}; code revision {rev}. Package versions and the sha256 of every input and output: `manifest.json`."
    md += [prov, ""]
    link = '<a href="manifest.json">manifest.json</a>'
    h.append("<p>" + html.escape(prov).replace("`manifest.json`", link) + "</p>")

    md += ["## Contents", ""]
    h.append("<h2>Contents</h2><ul>")
    for a in analyses:
        label = " (FAILED)" if a.status == "failed" else ""  # ran vs up to date is not shown: same outputs, same report
        md.append(f"- [{a.name}](#{a.name.replace('_', '-')}){label}")
        h.append(f"<li><a href=\"#{html.escape(a.name)}\">{html.escape(a.name)}</a>{label}</li>")
    md += ["- [Data](#data)", "- [Citations](#citations)", ""]
    h.append("<li><a href=\"#data\">Data</a></li><li><a href=\"#citations\">Citations</a></li></ul>")

    for a in analyses:
        folder = out_dir / a.name
        md += [f"## {a.name}", "", a.title, ""] if a.title else [f"## {a.name}", ""]
        h.append(f"<h2 id=\"{html.escape(a.name)}\">{html.escape(a.name)}</h2>")
        if a.title:
            h.append(f"<p>{html.escape(a.title)}</p>")
        if a.status == "failed":
            md += [f"**FAILED**: {a.error}", ""]
            h.append(f"<p class=\"failed\"><strong>FAILED</strong>: {html.escape(a.error or '')}</p>")
            continue
        for png in _stems(folder, "png"):
            rel = png.relative_to(out_dir).as_posix()
            pdf = png.with_suffix(".pdf")
            cap = png.stem.replace("_", " ")
            md += [f"### Figure: {cap}", "", f"![{cap}]({rel})", ""]
            h.append(f"<h3>Figure: {html.escape(cap)}</h3><p><img src=\"{html.escape(rel)}\" alt=\"{html.escape(cap)}\"></p>")
            if pdf.exists():
                prel = pdf.relative_to(out_dir).as_posix()
                md += [f"PDF: [{pdf.name}]({prel})", ""]
                h.append(f"<p>PDF: <a href=\"{html.escape(prel)}\">{html.escape(pdf.name)}</a></p>")
        for tmd in _stems(folder, "md"):
            rel = tmd.relative_to(out_dir).as_posix()
            cap = tmd.stem.replace("_", " ")
            links = [f"[{x.name}]({x.relative_to(out_dir).as_posix()})" for x in (tmd.with_suffix(".csv"), tmd.with_suffix(".tex"))
                     if x.exists()]
            text = tmd.read_text(encoding="utf-8").rstrip("\n")
            n_rows = max(text.count("\n") - 1, 0)  # header and rule lines
            csvp = tmd.with_suffix(".csv")
            h.append(f"<h3>Table: {html.escape(cap)}</h3>")
            if n_rows > MAX_TABLE_ROWS:  # a data listing, not a table to read: link it
                note = f"{n_rows} rows: too long to show here, see the files."
                md += [f"### Table: {cap}", "", note, "", "Files: " + ", ".join(links), ""]
                h.append(f"<p>{note}</p>")
            else:
                md += [f"### Table: {cap}", "", text, "", "Files: " + ", ".join(links), ""]
                h.append(_csv_html(csvp) if csvp.exists() else f"<pre>{html.escape(text)}</pre>")
            h.append("<p>Files: " + ", ".join(f"<a href=\"{html.escape(x.relative_to(out_dir).as_posix())}\">{html.escape(x.name)}</a>"
                                              for x in (csvp, tmd.with_suffix(".tex"), tmd) if x.exists()) + "</p>")
        res = _results(folder)
        if res:
            rel = f"{a.name}/results.json"
            shown = res[:MAX_RESULT_ROWS]
            md += ["### Named results", "", "| quantity | value |", "| --- | --- |"]
            md += [f"| {_md_escape(k)} | {_md_escape(v)} |" for k, v in shown]
            more = f" ({len(res) - len(shown)} more in [results.json]({rel}))" if len(res) > len(shown) else f" ([results.json]({rel}))"
            md += ["", "All results" + more, ""]
            h.append("<h3>Named results</h3><table><thead><tr><th>quantity</th><th>value</th></tr></thead><tbody>")
            h += [f"<tr><td>{html.escape(k)}</td><td>{html.escape(v)}</td></tr>" for k, v in shown]
            h.append(f"</tbody></table><p>All results: <a href=\"{html.escape(rel)}\">results.json</a></p>")

    md += ["## Data", "", "Processed tables were ingested from the raw files below (sha256 in `manifest.json`).", ""]
    h.append("<h2 id=\"data\">Data</h2><p>Processed tables were ingested from the raw files below (sha256 in manifest.json).</p>")
    md += ["| dataset | version | title | tables | known release copy | source files |", "| --- | --- | --- | --- | --- | --- |"]
    h.append("<table><thead><tr><th>dataset</th><th>version</th><th>title</th><th>tables</th><th>known release copy</th>"
             "<th>source files</th></tr></thead><tbody>")
    for d in datasets:
        known = "yes" if d["known_release"] else "no (hash not a published release)"
        src = ", ".join(f"{n} ({s[:12]})" for n, s in d["sources"].items())
        md.append(f"| {d['dataset_id']} | {d['version']} | {_md_escape(d['title'] or '')} | {len(d['tables'])} | {known} | {_md_escape(src)} |")
        h.append(f"<tr><td>{html.escape(d['dataset_id'])}</td><td>{html.escape(str(d['version']))}</td>"
                 f"<td>{html.escape(d['title'] or '')}</td><td>{len(d['tables'])}</td><td>{known}</td><td>{html.escape(src)}</td></tr>")
    h.append("</tbody></table>")
    md.append("")
    if panels:
        md += ["### Standard panels", "", "| panel | rows | columns | years | events |", "| --- | --- | --- | --- | --- |"]
        h.append("<h3>Standard panels</h3><table><thead><tr><th>panel</th><th>rows</th><th>columns</th><th>years</th>"
                 "<th>events</th></tr></thead><tbody>")
        for name in sorted(panels):
            s = panels[name]
            ev = ", ".join(f"{k} = {v}" for k, v in sorted(s.get("events", {}).items()))
            md.append(f"| {name} | {s['rows']} | {s['columns']} | {s['first_year']}-{s['last_year']} | {ev} |")
            h.append(f"<tr><td>{html.escape(name)}</td><td>{s['rows']}</td><td>{s['columns']}</td>"
                     f"<td>{s['first_year']}-{s['last_year']}</td><td>{html.escape(ev)}</td></tr>")
        h.append("</tbody></table>")
        md.append("")

    bib = "\n\n".join(bib_entries(d.get("citation", "") for d in datasets))
    md += ["## Citations", "", "Cite the data sources used (also in `references.bib`):", "", "```bibtex", bib, "```", ""]
    h.append("<h2 id=\"citations\">Citations</h2><p>Cite the data sources used (also in "
             "<a href=\"references.bib\">references.bib</a>):</p>" f"<pre>{html.escape(bib)}</pre>")
    h.append("</body></html>")
    paths = [out_dir / "report.md", out_dir / "report.html", out_dir / "references.bib"]
    write_text_atomic(paths[0], "\n".join(md).rstrip("\n") + "\n")
    write_text_atomic(paths[1], "\n".join(h) + "\n")
    write_text_atomic(paths[2], bib + "\n")
    return paths
