"""Real-data tier: the whole real directory ingests, and every raw record is accounted for.

Row counts come from ../shared/data/real/MANIFEST.md (parsed here, independently of
the catalog) and from the catalog's ReleaseFile.rows; both must agree with what
ingest read, and written + rejected must equal read.
"""
from __future__ import annotations

import json
import re

import pytest

import alliancestats as als
from alliancestats.raw.catalog import datasets


def _manifest_rows(real_dir) -> dict[str, int]:
    text = (real_dir / "MANIFEST.md").read_text(encoding="utf-8")
    rows = {}
    for block in re.split(r"\n### ", text)[1:]:
        name = block.split("`")[1]
        m = re.search(r"rows: (\d+)", block)
        if m:
            rows[name] = int(m.group(1))
    return rows


def test_every_table_accounts_for_every_raw_record(real_dir, real_processed):
    report = json.loads((real_processed / "ingest_report.json").read_text())
    tables = {t["table_id"]: t for t in report["tables"]}
    assert report["status_counts"].get("failed", 0) == 0
    written = [t for t in tables.values() if t["status"] in ("written", "skipped")]
    assert len(written) >= 45
    one_to_one = {ds.table_id(sp) for ds in datasets() for sp in ds.tables if sp.one_to_one}
    for t in written:
        if t["table_id"] in one_to_one:
            assert t["rows_read"] == t["rows_written"] + t["rows_rejected"], t
    manifest = _manifest_rows(real_dir)
    checked = 0
    for ds in datasets():
        for spec in ds.tables:
            t = tables.get(ds.table_id(spec))
            if not t or t["status"] not in ("written", "skipped") or len(spec.files) != 1:
                continue
            rf = ds.file(spec.files[0])
            src_name = next(iter(t["sources"]))
            if src_name in manifest and rf.rows is not None and spec.one_to_one:
                assert rf.rows == manifest[src_name], (rf.filename, "catalog row count differs from MANIFEST")
                assert t["rows_read"] == manifest[src_name], t["table_id"]
                assert t["rows_written"] + t["rows_rejected"] == manifest[src_name], t["table_id"]
                checked += 1
    assert checked >= 35
    # rejections are rare
    total_read = sum(t["rows_read"] for t in written)
    total_rej = sum(t["rows_rejected"] for t in written)
    assert total_rej < 0.005 * total_read


def test_spot_checks(real_processed):
    m = als.load("atop_member", data_dir=real_processed)
    nato49 = m[(m.atopid == 3180) & (m.yrent == 1949)]
    assert set(nato49.ccode) == {2, 20, 200, 210, 211, 212, 220, 235, 325, 385, 390, 395}
    assert (nato49.defense == 1).all()
    st = als.load("cow_states", data_dir=real_processed)
    usa = st[st.ccode == 2]
    assert len(usa) == 1 and usa.styear.iat[0] == 1816 and usa.endyear.iat[0] == 2016
    sysy = als.load("cow_system", data_dir=real_processed)
    assert sysy[sysy.ccode == 2].year.agg(["min", "max", "size"]).tolist() == [1816, 2016, 201]
