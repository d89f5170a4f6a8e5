"""Real-data tier: ``reproduce`` on ALLIANCESTATS_REAL_DATA end to end, and a determinism check.

Skipped when ALLIANCESTATS_REAL_DATA is unset. The full real pipeline runs
once per session (the ``real_reproduce`` fixture, tests/conftest.py, whose
outputs the real-data tests of tests/analyses also read).

What the determinism check covers, and what it does not:

- checked on real data, byte for byte: a second ``reproduce`` into a fresh
  folder that holds run 1's analysis folders except ``fulfillment``. Ingest
  and panels are verified up to date and skipped; every other analysis is
  skipped only after its skip stamp's sha256 of every output file matched
  (so the stamps, and the results a skipped stage returns, are checked);
  ``fulfillment`` (seconds: bootstraps, cases, figures) is re-executed from
  scratch with the runner's seed reset; the report, ``references.bib`` and
  ``manifest.json`` are rebuilt. All of it must equal run 1 (the git
  revision they name is pinned to run 1's: in a shared checkout other
  commits may land between the runs).
- not re-executed on real data (minutes each): deterrence, burden-sharing
  and multiverse. Their determinism is checked on the synthetic sample
  world, where the same code runs with the same seeds:
  tests/analyses/test_deterrence.py and tests/analyses/test_burden_sharing.py
  (two runs byte-identical), tests/multiverse/test_multiverse.py
  (the analysis script's outputs deterministic) and the runner's own
  byte-identity tests (tests/reproduce/test_reproduce.py).
  An order- or hash-seed-dependent step that only real data reach would
  not be caught here.
"""
from __future__ import annotations

import json
import shutil

import pytest

from alliancestats.reproduce import discover_analyses, reproduce

from _util import browser_probe, check_report_html, uncaptioned

pytestmark = pytest.mark.realdata

#: re-executed in the determinism check (cheap); the others are skipped by their verified stamps
RERUN = "fulfillment"


def _tree(root):
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*"))
            if p.is_file() and not p.name.startswith(".")}


def test_real_reproduce_end_to_end(real_reproduce):
    r1, out = real_reproduce, real_reproduce.out_dir
    names = [a.name for a in discover_analyses()]
    assert names, "no analyses found in analyses/"
    for n in names:
        assert (out / n / "results.json").is_file(), n
        assert r1.stage(f"analysis {n}").status == "ran"
    assert r1.stage("ingest").status == "skipped"  # the session's ingest is reused, not repeated
    for f in ("report.md", "report.html", "references.bib", "manifest.json"):
        assert (out / f).is_file()
    md = (out / "report.md").read_text()
    assert "SYNTHETIC" not in md
    man = json.loads((out / "manifest.json").read_text())
    assert man["synthetic_sample"] is False
    known = {d["dataset_id"]: d["known_release"] for d in man["datasets"]}
    assert known["atop_5_1"] and known["gml_mid_2_1"] and known["cow_states_2016"]  # official release copies
    assert len(man["inputs"]) >= 20


def test_real_report_is_well_formed_and_captioned(real_reproduce, tmp_path):
    out = real_reproduce.out_dir
    assert check_report_html(out / "report.html") == []
    assert uncaptioned(out) == []  # every figure and table has a caption of its own
    if shutil.which("chromium"):  # images decode, wide tables scroll inside the page
        got = browser_probe(out / "report.html", tmp_path)
        assert got["broken"] == [] and got["n"] >= 6 and got["width"] <= 1100, got


def test_real_rerun_is_byte_identical(real_reproduce, real_dir, tmp_path, monkeypatch):
    from alliancestats.reproduce import manifest, runner

    r1, run1 = real_reproduce, real_reproduce.out_dir
    # the report and manifest name the git revision, which other work in a shared checkout may move between runs
    git = json.loads((run1 / "manifest.json").read_text())["git"]
    monkeypatch.setattr(runner, "git_revision", lambda: git)
    monkeypatch.setattr(manifest, "git_revision", lambda: git)
    run2 = tmp_path / "run2"
    run2.mkdir()
    for a in discover_analyses():
        if a.name != RERUN:
            shutil.copytree(run1 / a.name, run2 / a.name)  # with the hidden skip stamps
    r2 = reproduce(real_dir, run2, processed_dir=r1.processed_dir)
    status = {s.stage: s.status for s in r2.stages}
    assert status.pop("ingest") == "skipped" and status.pop("panels") == "skipped"
    assert status.pop(f"analysis {RERUN}") == "ran"
    assert status.pop("report") == "ran" and status.pop("manifest") == "ran"
    assert set(status.values()) == {"skipped"}, status
    assert r2.results == r1.results
    a, b = _tree(run1), _tree(run2)
    assert a.keys() == b.keys()
    assert [k for k in a if a[k] != b[k]] == []
