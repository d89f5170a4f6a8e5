"""Issue 14 on hand-made files and fake catalogs: content rules, release identification, provenance integrity.

Every case is a small synthetic file in a temporary directory with the
right answer written by hand: which records are rejected and why, which
table fails with which message, which version ``load`` picks.
"""
from __future__ import annotations

import hashlib
import json
import shutil
import warnings

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

import alliancestats as als
from alliancestats import store
from alliancestats.errors import AllianceStatsError
from alliancestats.raw import catalog, run
from alliancestats.raw.catalog import Dataset, LoadResult, ReleaseFile, TableSpec
from alliancestats.raw.convert import Col, convert, no_rejects
from alliancestats.raw.readers import read_csv
from alliancestats.raw.validate import Context, Range, Schema, quote, validate
from alliancestats.synth import SAMPLE_DIR

from _util import write_text


def sha(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _csv_loader(key, spec):
    def load(files) -> LoadResult:
        raw = read_csv(files[key], required=spec)
        return LoadResult(convert(raw, spec), len(raw), no_rejects())
    return load


STATES_SPEC = {"ccode": Col("ccode", "Int16"), "styear": Col("styear", "Int16"), "endyear": Col("endyear", "Int16")}
NMC_SPEC = {"ccode": Col("ccode", "Int16"), "year": Col("year", "Int16"), "milex": Col("milex", "float64"),
            "milper": Col("milper", "float64"), "cinc": Col("cinc", "float64")}


def states_ds(sha256=()):
    return Dataset("tstates_1", "States", "Test", "1", (1816, 2016), "", "", family="cow",
                   files=(ReleaseFile("states", "tstates.csv", tuple(sha256)),),
                   tables=(TableSpec("states", ("states",), _csv_loader("states", STATES_SPEC), "states"),))


def nmc_ds(dataset_id="tnmc_1", version="1", sha256=(), rows=None, filename="tnmc.csv"):
    return Dataset(dataset_id, "NMC", "Test", version, (1816, 2016), "", "", family="nmc",
                   files=(ReleaseFile("nmc", filename, tuple(sha256), rows=rows),),
                   tables=(TableSpec("state_year", ("nmc",), _csv_loader("nmc", NMC_SPEC), "capabilities"),))


def use(monkeypatch, *dsets):
    monkeypatch.setattr(run, "datasets", lambda: tuple(dsets))
    monkeypatch.setattr(catalog, "datasets", lambda: tuple(dsets))


STATES = "ccode,styear,endyear\n2,1816,2016\n200,1816,2016\n365,1816,2016\n"
NMC = """ccode,year,milex,milper,cinc
2,1900,100,50,0.1
200,1900,200,-500,0.2
365,1900,300,20,7.5
2,1901,1e400,60,0.1
2,2999,100,50,0.1
999,1902,100,50,0.1
2,1900,100,50,0.1
365,1901,300,20,0.3
"""


@pytest.fixture
def raw(tmp_path):
    d = tmp_path / "raw"
    write_text(d / "tstates.csv", STATES)
    write_text(d / "tnmc.csv", NMC)
    return d


def _quiet_ingest(*a, **kw):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", run.UnknownReleaseWarning)
        return run.ingest(*a, **kw)


# --------------------------------------------------------------------------- content rules


def test_bad_values_become_rejected_records_with_reasons(monkeypatch, raw, tmp_path):
    use(monkeypatch, states_ds(), nmc_ds())
    out = tmp_path / "out"
    rep = _quiet_ingest(raw, out)
    t = {o.table_id: o for o in rep.tables}["tnmc_1_state_year"]
    assert (t.status, t.rows_read, t.rows_written, t.rows_rejected) == ("written", 8, 2, 6)
    rej = pd.read_csv(out / "tnmc_1_state_year.rejected.csv")
    assert rej.to_dict("records") == [
        {"file": "tnmc.csv", "line": 3, "reason": "milper -500 is outside [0, inf] (a count or amount)"},
        {"file": "tnmc.csv", "line": 4, "reason": "cinc 7.5 is outside [0, 1] (a share of the system total)"},
        {"file": "tnmc.csv", "line": 5, "reason": "milex inf is not a finite number"},
        {"file": "tnmc.csv", "line": 6, "reason": "year 2999 is outside the release coverage 1816-2016"},
        {"file": "tnmc.csv", "line": 7, "reason": "ccode 999 is not a COW state code (not in tstates_1_states "
                                                  "nor the documented non-system codes)"},
        {"file": "tnmc.csv", "line": 8, "reason": "exact duplicate of line 2"},
    ]
    df = als.load("tnmc_1_state_year", data_dir=out, allow_unverified=True)
    assert df["source_line"].tolist() == [2, 9] and np.isfinite(df["milex"]).all()
    assert any("content rules rejected 6 records" in n for n in t.notes)


def test_key_clash_with_different_values_fails_the_table(monkeypatch, raw, tmp_path):
    use(monkeypatch, states_ds(), nmc_ds())
    write_text(raw / "tnmc.csv", "ccode,year,milex,milper,cinc\n2,1900,100,50,0.1\n200,1900,1,1,0.1\n2,1900,999,50,0.1\n")
    rep = _quiet_ingest(raw, tmp_path / "out")
    t = {o.table_id: o for o in rep.tables}["tnmc_1_state_year"]
    assert t.status == "failed"
    assert t.error == (f"tnmc.csv, line 2, column 'ccode': key (ccode=2, year=1900) repeats with different values "
                       f"on lines 2, 4; declared unique (ccode, year) (content rule; see alliancestats.raw.schemas)")


def test_codes_unchecked_without_a_state_system_table_is_said(monkeypatch, raw, tmp_path):
    use(monkeypatch, nmc_ds())
    rep = _quiet_ingest(raw, tmp_path / "out")
    (t,) = rep.tables
    assert any("state-system code check skipped" in n for n in t.notes)
    assert t.rows_rejected == 5  # every other rule still applies


def test_reshaped_table_fails_on_a_bad_cell_instead_of_dropping_the_record():
    data = pd.DataFrame({"ccode": pd.array([2, 2], dtype="Int16"), "year": pd.array([1950, 1951], dtype="Int16"),
                         "series": ["share_of_gdp", "share_of_gdp"], "value": [0.03, -0.035],
                         "source_file": ["Share of GDP", "Share of GDP"], "source_line": [7, 7]})
    res = LoadResult(data, 1, no_rejects())
    from alliancestats.raw.schemas import schema_for

    with pytest.raises(als.IngestError) as ei:
        validate("t", schema_for("sipri_milex", "country_year"), res, Context((1949, 2024), frozenset({2})),
                 one_to_one=False)
    assert str(ei.value).startswith("Share of GDP, line 7, column 'value': value -0.035 is outside [0, 2]")


def test_long_bad_cell_is_quoted_truncated_everywhere(monkeypatch, raw, tmp_path):
    use(monkeypatch, states_ds(), nmc_ds())
    out = tmp_path / "out"
    write_text(raw / "tnmc.csv", "ccode,year,milex,milper,cinc\n2,1900," + "9x" * 50_000 + ",1,0.1\n")
    rep = _quiet_ingest(raw, out)
    t = {o.table_id: o for o in rep.tables}["tnmc_1_state_year"]
    assert t.status == "failed" and len(t.error) < 300 and "(100000 characters)" in t.error
    assert (out / run.REPORT_NAME).stat().st_size < 5000
    assert quote("a" * 10) == "'aaaaaaaaaa'" and quote("b" * 500).endswith("... (500 characters)")


def test_schema_rules_on_a_frame():
    data = pd.DataFrame({"v": [1.0, -1.0, np.inf, 5.0], "s": ["a", "a", "b", "b"], "source_line": [2, 3, 4, 5]})
    res = LoadResult(data, 4, no_rejects())
    out = validate("t", Schema(ranges=(Range("v", 0, 2, when=("s", ("a",))),)), res, Context(), one_to_one=True)
    assert out.data["source_line"].tolist() == [2, 5]  # 5.0 passes: the range applies to series "a" only
    assert out.rejected["reason"].tolist() == ["v -1 is outside [0, 2]", "v inf is not a finite number"]


# --------------------------------------------------------------------------- row counts


def test_short_or_header_only_copy_of_a_known_release_never_replaces_the_table(monkeypatch, raw, tmp_path):
    use(monkeypatch, states_ds(), nmc_ds(rows=8))
    out = tmp_path / "out"
    _quiet_ingest(raw, out)
    before = (out / "tnmc_1_state_year.parquet").read_bytes()
    for text, n in (("ccode,year,milex,milper,cinc\n", 0), ("ccode,year,milex,milper,cinc\n2,1900,1,1,0.1\n", 1)):
        write_text(raw / "tnmc.csv", text)
        rep = _quiet_ingest(raw, out)
        t = {o.table_id: o for o in rep.tables}["tnmc_1_state_year"]
        assert t.status == "failed" and t.stale
        assert (f"has {n} data records, but tnmc_1 tnmc.csv has 8" in t.error
                or "has a header but no data records" in t.error), t.error
        assert (out / "tnmc_1_state_year.parquet").read_bytes() == before


# --------------------------------------------------------------------------- identification


def test_two_different_copies_of_one_release_file_name_both(monkeypatch, raw, tmp_path):
    use(monkeypatch, states_ds(), nmc_ds())
    write_text(raw / "backup" / "tnmc.csv", NMC.replace("0.3", "0.4"))
    rep = _quiet_ingest(raw, tmp_path / "out")
    t = {o.table_id: o for o in rep.tables}["tnmc_1_state_year"]
    assert t.status == "failed" and "two different copies of tnmc.csv (tnmc_1)" in t.error
    assert str(raw / "tnmc.csv") in t.error and str(raw / "backup" / "tnmc.csv") in t.error
    # one of them a known copy: still both named
    use(monkeypatch, states_ds(), nmc_ds(sha256=(sha(raw / "tnmc.csv"),)))
    rep = _quiet_ingest(raw, tmp_path / "out2")
    t = {o.table_id: o for o in rep.tables}["tnmc_1_state_year"]
    assert t.status == "failed" and "(the known release)" in t.error and str(raw / "backup" / "tnmc.csv") in t.error
    # identical copies are fine
    shutil.copy(raw / "tnmc.csv", raw / "backup" / "tnmc.csv")
    rep = _quiet_ingest(raw, tmp_path / "out3")
    assert {o.table_id: o for o in rep.tables}["tnmc_1_state_year"].status == "written"


def test_known_release_under_another_files_name_says_which_it_is(monkeypatch, raw, tmp_path):
    states_sha = sha(raw / "tstates.csv")
    use(monkeypatch, states_ds((states_sha,)), nmc_ds())
    shutil.copy(raw / "tstates.csv", raw / "tnmc.csv")  # the states file under the NMC name
    rep = _quiet_ingest(raw, tmp_path / "out")
    t = {o.table_id: o for o in rep.tables}
    assert t["tnmc_1_state_year"].status == "failed"
    assert t["tnmc_1_state_year"].error == (
        f"{raw / 'tnmc.csv'} is a known copy of tstates.csv of tstates_1 (sha256 {states_sha[:12]}...), "
        f"not of tnmc.csv (tnmc_1); rename it (it is ingested as the release it is)")
    assert t["tstates_1_states"].status == "written"


def test_unverified_versions_are_labelled_and_never_the_default(monkeypatch, raw, tmp_path):
    v1 = nmc_ds("tnmc_1", "1", sha256=(sha(raw / "tnmc.csv"),))
    v2 = nmc_ds("tnmc_2", "2", filename="tnmc2.csv")  # no catalog hash: unverified
    write_text(raw / "tnmc2.csv", NMC + "20,1950,1,1,0.01\n")  # a newer release, no hash in the catalog
    use(monkeypatch, states_ds((sha(raw / "tstates.csv"),)), v1, v2)
    out = tmp_path / "out"
    with pytest.warns(run.UnverifiedReleaseWarning, match=r"tnmc2\.csv is UNVERIFIED: the catalog has no sha256"):
        rep = run.ingest(raw, out)
    t = {o.table_id: o for o in rep.tables}
    assert t["tnmc_2_state_year"].verification == {"tnmc2.csv": "unverified"}
    assert t["tnmc_1_state_year"].verification == {"tnmc.csv": "sha256"} and not t["tnmc_1_state_year"].warnings
    meta = store.read_meta(out / "tnmc_2_state_year.parquet")
    assert meta["known_release"] is False and meta["verification"] == {"tnmc2.csv": "unverified"}
    assert als.load("nmc_state_year", data_dir=out).attrs["provenance"]["dataset_id"] == "tnmc_1"
    assert als.load("nmc_state_year", data_dir=out, allow_unverified=True).attrs["provenance"]["dataset_id"] == "tnmc_2"
    assert als.load("tnmc_2_state_year", data_dir=out).attrs["provenance"]["dataset_id"] == "tnmc_2"  # asked by id
    (out / "tnmc_1_state_year.parquet").unlink()
    with pytest.raises(store.UnverifiedTableError, match="name one explicitly"):
        als.load("nmc_state_year", data_dir=out)
    st = run.local_status(out).set_index("table_id")
    assert st.loc["tnmc_2_state_year", "verified"] == "no"


# --------------------------------------------------------------------------- synthetic by content


def _sample_copy(tmp_path, marker: bool):
    d = tmp_path / "sample"
    d.mkdir()
    for name in ("states2016.csv", "system2016.csv", "majors2016.csv"):
        shutil.copy(SAMPLE_DIR / name, d / name)
    if marker:
        (d / run.SYNTHETIC_MARKER).write_text("x")
    return d


def test_sample_files_are_recognised_by_content_not_by_a_marker(tmp_path):
    d = _sample_copy(tmp_path, marker=False)
    with warnings.catch_warnings():
        warnings.simplefilter("error", run.UnknownReleaseWarning)  # sample files never warn
        rep = run.ingest(d, tmp_path / "out", datasets_=["cow_states_2016"])
    assert store.read_meta(tmp_path / "out" / "cow_states_2016_states.parquet")["synthetic"] is True
    assert {o.table_id: o.verification for o in rep.tables if o.status == "written"}["cow_states_2016_states"] == {
        "states2016.csv": "synthetic"}
    # a marker next to files that are not the sample's does not make them synthetic
    real = tmp_path / "notsample"
    real.mkdir()
    write_text(real / "states2016.csv", (SAMPLE_DIR / "states2016.csv").read_text().replace("1816", "1817", 1))
    (real / run.SYNTHETIC_MARKER).write_text("x")
    idx = run.RawIndex.scan(real)
    assert idx.synthetic is False
    # sample files among real ones are skipped, and said
    shutil.copy(SAMPLE_DIR / "system2016.csv", real / "system2016.csv")
    idx = run.RawIndex.scan(real)
    assert [p.name for p in idx.files] == ["states2016.csv"] and [p.name for p in idx.skipped_synthetic] == [
        "system2016.csv"]


def test_sample_hash_list_matches_the_committed_sample():
    listed = run.sample_hashes()
    assert {sha(p) for p in SAMPLE_DIR.iterdir() if p.is_file() and not p.name.startswith(".")} <= listed


def test_one_processed_directory_never_mixes_synthetic_and_real(monkeypatch, raw, tmp_path):
    out = tmp_path / "out"
    run.ingest(_sample_copy(tmp_path, marker=False), out, datasets_=["cow_states_2016"])
    use(monkeypatch, states_ds(), nmc_ds())
    with pytest.raises(AllianceStatsError, match=r"refusing to write real data into .*: it holds 3 synthetic sample"):
        _quiet_ingest(raw, out)
    assert sorted(p.name for p in out.glob("*.parquet"))[0].startswith("cow_states_2016")


# --------------------------------------------------------------------------- tampering


def _tamper(path):
    """Rewrite a processed table with one value changed, its provenance metadata copied over."""
    t = pq.read_table(path)
    df = t.to_pandas()
    df.loc[0, "milex"] = df.loc[0, "milex"] + 1
    new = pa.Table.from_pandas(df, preserve_index=False).replace_schema_metadata(t.schema.metadata)
    pq.write_table(new, path, compression="zstd")


def test_tampered_table_is_detected_on_load_status_and_reingest(monkeypatch, raw, tmp_path):
    use(monkeypatch, states_ds(), nmc_ds())
    out = tmp_path / "out"
    _quiet_ingest(raw, out)
    p = out / "tnmc_1_state_year.parquet"
    good = p.read_bytes()
    assert store.verify_table(p) is True
    _tamper(p)
    assert store.read_meta(p)["fingerprint"]  # provenance kept: only the data hash can tell
    assert store.verify_table(p) is False
    with pytest.raises(store.TamperedTableError, match="was modified after ingest"):
        als.load("tnmc_1_state_year", data_dir=out)
    assert run.local_status(out).set_index("table_id").loc["tnmc_1_state_year", "status"] == "tampered"
    rep = _quiet_ingest(raw, out)  # the up-to-date check notices and re-creates it
    t = {o.table_id: o for o in rep.tables}["tnmc_1_state_year"]
    assert t.status == "written" and any("modified after ingest" in n for n in t.notes)
    assert p.read_bytes() == good
    from alliancestats.reproduce.fingerprint import processed_digest

    d = processed_digest(out)
    _tamper(p)
    with pytest.raises(store.TamperedTableError):
        processed_digest(out)
    p.write_bytes(good)
    assert processed_digest(out) == d


def test_data_hash_covers_the_data_pages_only(tmp_path):
    df = pd.DataFrame({"a": [1, 2, 3]})
    store.write_parquet(df, tmp_path / "x.parquet", {"k": 1})
    store.write_parquet(df, tmp_path / "y.parquet", {"k": 2})  # other provenance, same data
    mx, my = store.read_meta(tmp_path / "x.parquet"), store.read_meta(tmp_path / "y.parquet")
    assert mx["data_sha256"] == my["data_sha256"]
    assert mx["data_sha256"] == store.data_sha256((tmp_path / "x.parquet").read_bytes())
    store.write_parquet(pd.DataFrame({"a": [1, 2, 4]}), tmp_path / "z.parquet", {"k": 1})
    assert store.read_meta(tmp_path / "z.parquet")["data_sha256"] != mx["data_sha256"]


# --------------------------------------------------------------------------- SIPRI year headers


def _sipri_csv(tmp_path, header_1952: str, extra: str = ""):
    p = tmp_path / "sipri-milex-data.csv"
    write_text(p, f"Country,1951,{header_1952}{extra}\nFrance,10,11{',x' if extra else ''}\n"
                  f"Germany,20,22{',y' if extra else ''}\n")
    return p


def test_sipri_estimated_year_header_is_read_and_flagged(tmp_path):
    from alliancestats.raw.sources.sipri import load_csv_current_usd

    res = load_csv_current_usd({"csv": _sipri_csv(tmp_path, "1952 (est.)")})
    d = res.data.sort_values(["country", "year"])
    assert d["year"].tolist() == [1951, 1952, 1951, 1952] and d["value"].tolist() == [10, 11, 20, 22]
    assert d["flag"].astype(object).where(d["flag"].notna(), None).tolist() == [None, "estimate", None, "estimate"]


def test_sipri_unreadable_year_header_is_an_error_and_other_columns_are_noted(tmp_path):
    from alliancestats.raw.sources.sipri import load_csv_current_usd

    with pytest.raises(als.IngestError, match=r"column header '1952 revised' holds a year but is not a year column"):
        load_csv_current_usd({"csv": _sipri_csv(tmp_path, "1952 revised")})
    res = load_csv_current_usd({"csv": _sipri_csv(tmp_path, "1952", extra=",Source")})
    assert any("columns not read (not years): 'Source'" in n for n in res.notes)
    assert len(res.data) == 4


def test_stale_mark_survives_a_run_of_other_datasets(monkeypatch, raw, tmp_path):
    use(monkeypatch, states_ds(), nmc_ds())
    out = tmp_path / "out"
    _quiet_ingest(raw, out)
    write_text(raw / "tnmc.csv", "ccode,year,milex,milper,cinc\n")
    assert [t.table_id for t in _quiet_ingest(raw, out).stale] == ["tnmc_1_state_year"]
    rep = _quiet_ingest(raw, out, datasets_=["tstates_1"])  # the NMC table is not looked at this time
    assert not rep.failed and rep.counts() == {"skipped": 1}
    (t,) = [t for t in rep.tables if t.table_id == "tnmc_1_state_year"]
    assert t.earlier and t.stale and t.status == "failed"
    assert run.local_status(out).set_index("table_id").loc["tnmc_1_state_year", "status"] == "stale"
    assert "1 tables of other datasets not ingested in this run" in rep.summary()
