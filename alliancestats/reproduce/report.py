"""``report.md`` and ``report.html``: every figure and table, the data versions and their citations.

Built only from files on disk (each analysis folder, the processed tables'
provenance, the catalog's BibTeX), in sorted order, with relative links and
no dates, so the same outputs give the same report bytes. Both reports are
rendered from Jinja2 templates (``alliancestats/reproduce/templates``).

What a reader sees:

- figures and tables numbered through the report, with the caption and note
  their writer stored in ``<stem>.figure.json`` / ``<stem>.table.json``
  (:mod:`alliancestats.outputs`); without one, the figure's own title, else a
  title made from the file name;
- regression tables side by side (models as columns, SEs in parentheses):
  the ``.html`` of :func:`~alliancestats.outputs.write_regression_table`,
  or, for a long coefficient table (columns ``model``, ``term``,
  ``estimate``, ``std_error``), the same layout built with
  :func:`alliancestats.models.compare`; the long files stay linked;
- readable names (:mod:`alliancestats.labels`) for column headers and for
  the values of ``term`` / ``variable`` / ``model`` columns;
- numbers to 4 significant digits (integers as integers; 1,000 and above
  rounded to whole numbers), in scrolling, wrapping, small-print tables;
- named results from ``results.json`` grouped by top-level key, a few rows
  per group, year series collapsed to one line.
"""
from __future__ import annotations

import csv
import io
import json
import math
import re
from dataclasses import dataclass, field
from pathlib import Path
from types import SimpleNamespace

import pandas as pd

from ..labels import label, label_dict
from ..models import compare
from ..outputs import read_meta as read_output_meta
from ..outputs import write_text
from ..raw.catalog import get_dataset
from ..store import read_meta

SYNTHETIC_BANNER = ("SYNTHETIC DATA. These results come from the alliancestats sample world "
                    "(alliancestats.synth), a simulation with known parameters. They are not findings about "
                    "real states and must not be cited.")
#: rows of named results shown per top-level group (the rest: results.json)
MAX_GROUP_ROWS = 12
#: tables longer than this are data listings: linked, not shown
MAX_TABLE_ROWS = 60
#: columns whose values are variable or model names (shown by their readable names)
NAME_COLUMNS = ("term", "variable", "model")


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


# ----- numbers
_INT = re.compile(r"^[+-]?\d+$")


def fmt_number(v) -> str:
    """A number for reading: integers as integers; |x| >= 1000 rounded to a whole number; else 4 significant digits."""
    if isinstance(v, bool):
        return "yes" if v else "no"
    if isinstance(v, int):
        return str(v)
    v = float(v)
    if math.isnan(v):
        return "NA"
    if math.isinf(v):
        return "inf" if v > 0 else "-inf"
    if 1000 <= abs(v) < 1e12:
        return str(int(round(v)))
    s = f"{v:.4g}"
    return "0" if s in ("0", "-0") else s


def fmt_cell(text: str) -> tuple[str, bool]:
    """(display text, is numeric) of one CSV cell."""
    t = text.strip()
    if _INT.match(t):
        return t, True
    try:
        v = float(t)
    except ValueError:
        return text, False
    return fmt_number(v), True


# ----- named results
_YEAR_SERIES = re.compile(r"^(?P<base>.+)_(?P<year>1[6-9]\d\d|20\d\d)$")


def _value(v) -> str:
    if v is None:
        return "NA"
    if isinstance(v, (bool, int, float)):
        return fmt_number(v)
    if isinstance(v, list):
        if not v:
            return "none"
        if len(v) <= 12 and all(not isinstance(x, (dict, list)) for x in v):
            return ", ".join(_value(x) for x in v)
        return f"[{len(v)} items: see results.json]"
    return str(v)


def _flatten(obj, prefix: str = "") -> list[tuple[str, str]]:
    rows: list[tuple[str, str]] = []
    if isinstance(obj, dict):
        for k in sorted(obj):
            rows += _flatten(obj[k], f"{prefix}.{k}" if prefix else str(k))
    else:
        rows.append((prefix, _value(obj)))
    return rows


def _collapse_year_series(items: dict) -> list[tuple[str, str]]:
    """Top-level scalars, with ``name_<year>`` runs (3+ years) shown as one line."""
    series: dict[str, list[int]] = {}
    for k in items:
        m = _YEAR_SERIES.match(k)
        if m and not isinstance(items[k], (dict, list)):
            series.setdefault(m["base"], []).append(int(m["year"]))
    rows, done = [], set()
    for k in sorted(items):
        m = _YEAR_SERIES.match(k)
        if m and len(series.get(m["base"], [])) >= 3:
            if m["base"] not in done:
                ys = series[m["base"]]
                rows.append((f"{m['base']}_<year>", f"{len(ys)} years, {min(ys)}-{max(ys)}: see results.json"))
                done.add(m["base"])
            continue
        rows.append((k, _value(items[k])))
    return rows


def result_groups(results: dict, max_rows: int = MAX_GROUP_ROWS) -> list[dict]:
    """Named results grouped by top-level key: ``[{"name", "rows": [(key, value)], "more": n}]``.

    Top-level scalars come first (group ``""``); each dict-valued key is a
    group of its flattened entries (keys relative to the group).
    """
    scalars = {k: v for k, v in results.items() if not isinstance(v, dict)}
    groups = []
    if scalars:
        rows = _collapse_year_series(scalars)
        groups.append({"name": "", "rows": rows[:max_rows * 2], "more": max(len(rows) - max_rows * 2, 0)})
    for k in sorted(k for k, v in results.items() if isinstance(v, dict)):
        rows = _flatten(results[k]) or [("", "(empty)")]
        groups.append({"name": k, "rows": rows[:max_rows], "more": max(len(rows) - max_rows, 0)})
    return groups


def _results(folder: Path) -> list[dict] | None:
    p = folder / "results.json"
    if not p.exists():
        return None
    try:
        doc = json.loads(p.read_text(encoding="utf-8"))
    except json.JSONDecodeError:
        return [{"name": "", "rows": [("results.json", "not valid JSON")], "more": 0}]
    return result_groups(doc if isinstance(doc, dict) else {"value": doc})


# ----- tables
def _read_csv(path: Path) -> list[list[str]]:
    return list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"))))


def _display_table(rows: list[list[str]]) -> dict:
    """Header and cells for the HTML template: readable names, formatted numbers."""
    head = rows[0]
    named = {i for i, c in enumerate(head) if c in NAME_COLUMNS}
    body = []
    for r in rows[1:]:
        cells = []
        for i, c in enumerate(r):
            if i in named:
                cells.append({"text": label(c), "num": False})
            else:
                text, num = fmt_cell(c)
                cells.append({"text": text, "num": num})
        body.append(cells)
    return {"head": [label(c) for c in head], "rows": body}


def _wide_from_long(rows: list[list[str]]):
    """A :class:`~alliancestats.models.ModelTable` from a long coefficient table, or None if it is not one."""
    head = rows[0]
    need = ("model", "term", "estimate", "std_error")
    if not all(c in head for c in need) or len(rows) < 2:
        return None
    ix = {c: head.index(c) for c in head}
    keys: dict[str, dict] = {}
    period = "period" in ix and len({r[ix["period"]] for r in rows[1:]}) > 1
    for r in rows[1:]:
        name = label(r[ix["model"]])
        if period and r[ix["period"]] not in name:
            name += f" ({r[ix['period']]})"
        m = keys.setdefault(name, {"terms": [], "est": [], "se": [], "n": None, "se_type": ""})
        try:
            est, se = float(r[ix["estimate"]]), float(r[ix["std_error"]])
        except ValueError:
            return None
        if r[ix["term"]] in m["terms"]:  # not one coefficient per (model, term): not a coefficient table
            return None
        m["terms"].append(r[ix["term"]])
        m["est"].append(est)
        m["se"].append(se)
        if "n_obs" in ix and r[ix["n_obs"]].strip():
            m["n"] = int(float(r[ix["n_obs"]]))
        if "se_type" in ix:
            m["se_type"] = r[ix["se_type"]]
    if len(keys) < 2:
        return None
    fits = {}
    for name, m in keys.items():
        ns = SimpleNamespace(params=pd.Series(m["est"], index=m["terms"]), bse=pd.Series(m["se"], index=m["terms"]),
                             se_type=m["se_type"])
        if m["n"] is not None:
            ns.n_obs = m["n"]
        fits[name] = ns
    terms = [t for m in keys.values() for t in m["terms"]]
    return compare(fits, labels=label_dict(terms))


def _stems(folder: Path, ext: str) -> list[Path]:
    return sorted((p for p in folder.rglob(f"*.{ext}") if not any(x.startswith(".") for x in p.relative_to(folder).parts)),
                  key=lambda p: p.relative_to(folder).as_posix())


def _title_from_stem(stem: str) -> str:
    t = stem.replace("_", " ").strip()
    return t[:1].upper() + t[1:]


def _n_md_rows(text: str) -> int:
    return sum(1 for line in text.splitlines() if line.startswith("|")) - 2  # header and rule lines


def _figure(png: Path, out_dir: Path, number: int) -> dict:
    meta = read_output_meta(png.with_suffix(""), "figure")
    pdf = png.with_suffix(".pdf")
    return {"number": number, "caption": meta.get("caption") or meta.get("title") or _title_from_stem(png.stem),
            "alt": meta.get("caption") or png.stem.replace("_", " "), "note": meta.get("note", ""),
            "src": png.relative_to(out_dir).as_posix(),
            "pdf": pdf.relative_to(out_dir).as_posix() if pdf.exists() else None, "pdf_name": pdf.name}


def _table(tmd: Path, out_dir: Path, number: int) -> dict:
    stem = tmd.with_suffix("")
    meta = read_output_meta(stem, "table")
    md_text = tmd.read_text(encoding="utf-8").rstrip("\n")
    csvp, frag = tmd.with_suffix(".csv"), tmd.with_suffix(".html")
    files = [{"href": x.relative_to(out_dir).as_posix(), "name": x.name}
             for x in (csvp, tmd.with_suffix(".tex"), tmd) if x.exists()]
    t = {"number": number, "caption": meta.get("caption") or _title_from_stem(tmd.stem), "note": meta.get("note", ""),
         "files": files, "md": md_text, "html": None, "grid": None, "too_long": None, "wide_note": ""}
    if meta.get("kind") == "regression" and frag.exists():
        t["html"] = frag.read_text(encoding="utf-8").strip()  # written by outputs.write_regression_table (escaped)
        return t
    rows = _read_csv(csvp) if csvp.exists() else None
    wide = _wide_from_long(rows) if rows else None
    if wide is not None:  # a long table carries no N / SE type per model: drop those empty rows
        t["html"] = re.sub(r"<tr[^>]*><th>[^<]*</th>(?:<td></td>)+</tr>", "", wide.to_html())
        t["md"] = re.sub(r"(?m)^\| [^|]* \|(?: +\|)+\n", "", wide.to_markdown()).rstrip("\n")
        t["wide_note"] = "Shown with models as columns; the files hold the full long-format table."
        n = len(wide.to_frame())
    else:
        n = len(rows) - 1 if rows else _n_md_rows(md_text)
    if n > MAX_TABLE_ROWS:  # a data listing, not a table to read: link it
        t["too_long"] = f"{n} rows: too long to show here, see the files."
        t["html"] = None
    elif wide is None and rows:
        t["grid"] = _display_table(rows)
    return t


def _environment():
    from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

    env = Environment(loader=PackageLoader("alliancestats.reproduce", "templates"),
                      autoescape=select_autoescape(enabled_extensions=("html", "html.j2"), default_for_string=False),
                      undefined=StrictUndefined, keep_trailing_newline=True, trim_blocks=True, lstrip_blocks=True)
    env.filters["md_escape"] = lambda s: str(s).replace("|", "\\|")
    env.filters["anchor"] = lambda s: str(s).replace("_", "-")
    return env


def report_context(out_dir: Path, *, analyses: list[AnalysisEntry], datasets: list[dict], panels: dict[str, dict],
                   synthetic: bool, library_version: str, git: dict) -> dict:
    """Everything the templates show, as plain data (numbered figures and tables, grouped results)."""
    out_dir = Path(out_dir)
    commit = git.get("commit")
    rev = "not a git checkout" if not commit else commit + (" (with uncommitted changes)" if git.get("dirty") else "")
    sections, n_fig, n_tab = [], 0, 0
    for a in analyses:
        folder = out_dir / a.name
        s = {"name": a.name, "title": a.title, "failed": a.status == "failed", "error": a.error or "",
             "figures": [], "tables": [], "results": None, "results_href": f"{a.name}/results.json"}
        if a.status != "failed":
            for png in _stems(folder, "png"):
                n_fig += 1
                s["figures"].append(_figure(png, out_dir, n_fig))
            for tmd in _stems(folder, "md"):
                n_tab += 1
                s["tables"].append(_table(tmd, out_dir, n_tab))
            s["results"] = _results(folder)
        sections.append(s)
    data_rows = [{"id": d["dataset_id"], "version": str(d["version"]), "title": d["title"] or "",
                  "n_tables": len(d["tables"]),
                  "known": "yes" if d["known_release"] else "no (hash not a published release)",
                  "sources": ", ".join(f"{n} ({h[:12]})" for n, h in d["sources"].items())} for d in datasets]
    panel_rows = [{"name": name, "rows": s["rows"], "columns": s["columns"],
                   "years": f"{s['first_year']}-{s['last_year']}",
                   "events": ", ".join(f"{k} = {v}" for k, v in sorted(s.get("events", {}).items()))}
                  for name, s in sorted(panels.items())]
    return {"synthetic": synthetic, "banner": SYNTHETIC_BANNER, "version": library_version, "revision": rev,
            "sections": sections, "datasets": data_rows, "panels": panel_rows,
            "bib": "\n\n".join(bib_entries(d.get("citation", "") for d in datasets))}


def write_report(out_dir: Path, *, analyses: list[AnalysisEntry], datasets: list[dict], panels: dict[str, dict],
                 synthetic: bool, library_version: str, git: dict) -> list[Path]:
    """Write ``report.md``, ``report.html`` and ``references.bib`` into ``out_dir``."""
    out_dir = Path(out_dir)
    ctx = report_context(out_dir, analyses=analyses, datasets=datasets, panels=panels, synthetic=synthetic,
                         library_version=library_version, git=git)
    env = _environment()
    md = env.get_template("report.md.j2").render(**ctx)
    page = env.get_template("report.html.j2").render(**ctx)
    md = re.sub(r"\n{3,}", "\n\n", md).rstrip("\n") + "\n"
    return [write_text(out_dir / "report.md", md), write_text(out_dir / "report.html", page),
            write_text(out_dir / "references.bib", ctx["bib"] + "\n")]
