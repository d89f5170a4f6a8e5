"""Real-data tier: ``reproduce`` on ALLIANCESTATS_REAL_DATA end to end, twice, byte-identical.

Slow (every analysis runs twice on the real data); skipped when
ALLIANCESTATS_REAL_DATA is unset. The second run shares the processed cache
(ingest and panels are then skipped) but reruns every analysis into a fresh
folder, so it checks that the analyses themselves are deterministic.
"""
from __future__ import annotations

import json

import pytest

from alliancestats.reproduce import discover_analyses, reproduce

pytestmark = pytest.mark.realdata


def _tree(root):
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*"))
            if p.is_file() and "processed" not in p.relative_to(root).parts and not p.name.startswith(".")}


def test_real_reproduce_end_to_end_is_deterministic(real_dir, tmp_path):
    processed = tmp_path / "processed"
    r1 = reproduce(real_dir, tmp_path / "run1", processed_dir=processed)
    names = [a.name for a in discover_analyses()]
    assert names, "no analyses found in analyses/"
    for n in names:
        assert (tmp_path / "run1" / n / "results.json").is_file(), n
        assert r1.stage(f"analysis {n}").status == "ran"
    for f in ("report.md", "report.html", "references.bib", "manifest.json"):
        assert (tmp_path / "run1" / f).is_file()
    md = (tmp_path / "run1" / "report.md").read_text()
    assert "SYNTHETIC" not in md
    man = json.loads((tmp_path / "run1" / "manifest.json").read_text())
    assert man["synthetic_sample"] is False
    known = {d["dataset_id"]: d["known_release"] for d in man["datasets"]}
    assert known["atop_5_1"] and known["gml_mid_2_1"] and known["cow_states_2016"]  # official release copies
    assert len(man["inputs"]) >= 20

    r2 = reproduce(real_dir, tmp_path / "run2", processed_dir=processed)
    assert r2.stage("ingest").status == "skipped" and r2.stage("panels").status == "skipped"
    a, b = _tree(tmp_path / "run1"), _tree(tmp_path / "run2")
    assert a.keys() == b.keys()
    assert [k for k in a if a[k] != b[k]] == []
