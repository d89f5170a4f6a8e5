"""``manifest.json``: sha256 of every input and output, package versions and the git revision.

Deterministic by construction: paths are relative (to the raw directory,
the processed directory and the output directory), lists are sorted, and
nothing records time, host or user. Two runs on the same inputs with the same
code write the same bytes.
"""
from __future__ import annotations

import json
import platform
import subprocess
from importlib import metadata
from pathlib import Path

from .._version import __version__
from ..config import project_root
from ..store import write_text_atomic  # atomic, honours the umask
from .fingerprint import sha256_file

MANIFEST_NAME = "manifest.json"

#: Distributions whose versions can change a number or a byte of the outputs.
PACKAGES = ("numpy", "pandas", "pyarrow", "scipy", "statsmodels", "linearmodels", "matplotlib", "openpyxl")


def package_versions() -> dict[str, str | None]:
    out: dict[str, str | None] = {"python": platform.python_version(), "alliancestats": __version__}
    for name in PACKAGES:
        try:
            out[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            out[name] = None
    return out


def git_revision(root: Path | None = None) -> dict:
    """The checkout's commit and whether tracked files differ from it (``None`` outside a git checkout)."""
    root = Path(root or project_root())
    try:
        rev = subprocess.run(["git", "-C", str(root), "rev-parse", "HEAD"], capture_output=True, text=True,
                             timeout=10, check=True).stdout.strip()
        dirty = subprocess.run(["git", "-C", str(root), "status", "--porcelain", "--untracked-files=no"],
                               capture_output=True, text=True, timeout=10, check=True).stdout.strip() != ""
    except (OSError, subprocess.SubprocessError):
        return {"commit": None, "dirty": None}
    return {"commit": rev or None, "dirty": dirty}


def file_hashes(root: Path, files) -> list[dict]:
    root = Path(root)
    rows = []
    for p in sorted(files, key=lambda q: Path(q).relative_to(root).as_posix()):
        p = Path(p)
        rows.append({"path": p.relative_to(root).as_posix(), "bytes": p.stat().st_size, "sha256": sha256_file(p)})
    return rows


def output_files(out_dir: Path, exclude: tuple[Path, ...] = ()) -> list[Path]:
    """Every file under ``out_dir`` except hidden ones, the manifest itself and ``exclude``d folders."""
    out_dir = Path(out_dir)
    ex = [Path(e).resolve() for e in exclude]
    files = []
    for p in out_dir.rglob("*"):
        if not p.is_file() or p.name == MANIFEST_NAME and p.parent == out_dir:
            continue
        rel = p.relative_to(out_dir)
        if any(part.startswith(".") for part in rel.parts):
            continue
        rp = p.resolve()
        if any(e == rp or e in rp.parents for e in ex):
            continue
        files.append(p)
    return files


def write_manifest(out_dir: Path, *, raw_dir: Path, raw_files, processed_dir: Path, synthetic: bool,
                   analyses: list[str], datasets: list[dict]) -> Path:
    """Write ``<out_dir>/manifest.json``; inputs are hashed relative to ``raw_dir``, outputs to ``out_dir``."""
    out_dir = Path(out_dir)
    # the ingest report is a log (written vs skipped differs between a first and a second run): not hashed
    processed = [p for p in Path(processed_dir).rglob("*")
                 if p.is_file() and not p.name.startswith(".") and p.name != "ingest_report.json"]
    doc = {
        "alliancestats_manifest": 1,
        "synthetic_sample": bool(synthetic),
        "git": git_revision(),
        "packages": package_versions(),
        "analyses": sorted(analyses),
        "datasets": datasets,
        "inputs": file_hashes(raw_dir, raw_files),
        "processed": file_hashes(processed_dir, processed),
        "outputs": file_hashes(out_dir, output_files(out_dir, exclude=(processed_dir, raw_dir))),
    }
    path = out_dir / MANIFEST_NAME
    write_text_atomic(path, json.dumps(doc, indent=2, sort_keys=True) + "\n")
    return path
