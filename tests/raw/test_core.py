"""Core ingest behaviour on hand-made fixtures and a FAKE catalog.

Bad input (one clear line naming file, line, column and what was expected;
no Parquet left for that table; other tables still ingest), reader quirks,
accounting, atomic writes, determinism, locking, provenance and ``load``.
None of this depends on the real source modules.
"""
from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
import time
import warnings
import zipfile
from pathlib import Path

import re
import pandas as pd
import pyarrow.parquet as pq
import pytest

import alliancestats as als
from alliancestats import config, store
from alliancestats._version import __version__
from alliancestats.errors import MissingDataError
from alliancestats.raw import catalog, run
from alliancestats.raw.catalog import Dataset, LoadResult, ReleaseFile, TableSpec
from alliancestats.raw.convert import COW_NA, Col, add_date, convert, no_rejects, reject
from alliancestats.raw.readers import read_csv
from alliancestats.raw.run import UnknownReleaseWarning, ingest

from _util import write_text

# --------------------------------------------------------------------------- fake catalog

ALPHA_SPEC = {
    "id": Col("id", "Int32"),
    "name": Col("name", "str"),
    "score": Col("score", "Int16", COW_NA, keep_na_reason=True),
    "year": Col("year", "Int16", COW_NA),
    "month": Col("month", "Int8", COW_NA),
    "day": Col("day", "Int8", COW_NA),
}


def load_alpha(files) -> LoadResult:
    raw = read_csv(files["alpha"], required=ALPHA_SPEC)
    df = convert(raw, ALPHA_SPEC)
    add_date(df, "event", ("year", "month", "day"), bound="start", raw=raw)
    bad = df["name"].isna().to_numpy()
    return LoadResult(df.loc[~bad].reset_index(drop=True), len(raw), reject(raw, bad, "no name"))


BETA_SPEC = {"code": Col("code", "str"), "value": Col("value", "Float64")}


def load_beta(files) -> LoadResult:
    raw = read_csv(files["beta"], required=BETA_SPEC)
    return LoadResult(convert(raw, BETA_SPEC), len(raw), no_rejects())


WB_SPEC = {
    "Country Name": Col("country_name", "str"),
    "Country Code": Col("country_code", "str"),
    "1960": Col("y1960", "Float64"),
    "1961": Col("y1961", "Float64"),
}


def load_wb(files) -> LoadResult:
    raw = read_csv(files["wb"], required=WB_SPEC, header_startswith="Country Name")
    return LoadResult(convert(raw, WB_SPEC), len(raw), no_rejects())


def make_dataset(dataset_id="fake_1_0", version="1.0", alpha_sha=(), alpha_loader=load_alpha, family="fake"):
    return Dataset(
        dataset_id=dataset_id, title="Fake", publisher="Test", version=version, coverage=(1816, 2000),
        citation="@misc{fake}", licence="test only", family=family,
        files=(
            ReleaseFile("alpha", "alpha.csv", tuple(alpha_sha)),
            ReleaseFile("beta", "beta.csv"),
            ReleaseFile("wb", "wb.csv"),
        ),
        tables=(
            TableSpec("alpha", ("alpha",), alpha_loader, "alpha events"),
            TableSpec("beta", ("beta",), load_beta, "beta values"),
            TableSpec("wb", ("wb",), load_wb, "World-Bank-like wide table"),
        ),
    )


FAKE = make_dataset()

ALPHA = """id,name,score,year,month,day
1,Alpha,10,1816,1,-9
2,Beta,-9,1900,-9,-9
3,,5,1948,2,29
4,Delta,7,2000,12,31
"""
BETA = """code,value
A,1.5
B,NA
C,-2
"""
WB = '''"Data Source","World Development Indicators",

"Last Updated Date","2024-01-01",

"Country Name","Country Code","1960","1961",
"Aruba","ABW","1.5","",
"Afghanistan","AFG","","2",
'''


def use_catalog(monkeypatch, *dsets):
    monkeypatch.setattr(run, "datasets", lambda: tuple(dsets))
    monkeypatch.setattr(catalog, "datasets", lambda: tuple(dsets))


@pytest.fixture
def fake(monkeypatch):
    use_catalog(monkeypatch, FAKE)
    return FAKE


@pytest.fixture
def raw(tmp_path):
    d = tmp_path / "raw"
    write_text(d / "alpha.csv", ALPHA)
    write_text(d / "beta.csv", BETA)
    write_text(d / "wb.csv", WB)
    return d


def outcome(report, name):
    (t,) = [t for t in report.tables if t.table_id == f"fake_1_0_{name}"]
    return t


def parquet_names(out: Path) -> list[str]:
    return sorted(p.name for p in out.glob("*.parquet"))


def litter(out: Path) -> list[str]:
    return sorted(p.name for p in out.iterdir() if p.name.endswith(".tmp"))


# --------------------------------------------------------------------------- good input


def test_good_input_values(fake, raw, tmp_path):
    out = tmp_path / "out"
    rep = ingest(raw, out)
    assert {t.table_id: t.status for t in rep.tables} == {
        "fake_1_0_alpha": "written", "fake_1_0_beta": "written", "fake_1_0_wb": "written"}
    a = als.load("fake_1_0_alpha", data_dir=out)
    assert a["id"].tolist() == [1, 2, 4]
    assert str(a["id"].dtype) == "Int32" and str(a["score"].dtype) == "Int16"
    assert a["score"].tolist()[0] == 10 and a["score"].isna().tolist() == [False, True, False]
    assert a["score_na"].isna().tolist() == [True, False, True] and a["score_na"].iat[1] == "missing"
    # day unknown -> first of month (start bound); month unknown -> 1 January
    assert a["event_date"].dt.strftime("%Y-%m-%d").tolist() == ["1816-01-01", "1900-01-01", "2000-12-31"]
    assert a["event_date_precision"].astype(str).tolist() == ["month", "year", "day"]
    assert a["source_line"].tolist() == [2, 3, 5]
    rej = pd.read_csv(out / "fake_1_0_alpha.rejected.csv")
    assert rej.to_dict("records") == [{"file": "alpha.csv", "line": 4, "reason": "no name"}]
    b = als.load("fake_1_0_beta", data_dir=out)
    assert b["value"].tolist()[0] == 1.5 and pd.isna(b["value"].iat[1]) and b["value"].iat[2] == -2.0
    w = als.load("fake_1_0_wb", data_dir=out)
    assert w["country_code"].tolist() == ["ABW", "AFG"]
    assert w["source_line"].tolist() == [6, 7]  # header on line 5 below a preamble with blank lines
    assert w["y1960"].iat[0] == 1.5 and pd.isna(w["y1960"].iat[1]) and w["y1961"].iat[1] == 2.0
    assert list(w.columns) == ["country_name", "country_code", "y1960", "y1961", "source_line"]


def test_accounting_and_provenance(fake, raw, tmp_path):
    out = tmp_path / "out"
    rep = ingest(raw, out)
    a = outcome(rep, "alpha")
    assert (a.rows_read, a.rows_written, a.rows_rejected) == (4, 3, 1)
    assert a.rows_read == a.rows_written + a.rows_rejected
    meta = store.read_meta(out / "fake_1_0_alpha.parquet")
    assert meta["dataset_id"] == "fake_1_0" and meta["dataset_version"] == "1.0"
    assert meta["table_id"] == "fake_1_0_alpha"
    assert meta["sources"] == {"alpha.csv": hashlib.sha256((raw / "alpha.csv").read_bytes()).hexdigest()}
    assert meta["library_version"] == __version__
    assert (meta["rows_read"], meta["rows_written"], meta["rows_rejected"]) == (4, 3, 1)
    assert meta["coverage"] == [1816, 2000] and len(meta["fingerprint"]) == 64
    assert als.load("fake_1_0_alpha", data_dir=out).attrs["provenance"]["sources"] == meta["sources"]
    doc = json.loads((out / run.REPORT_NAME).read_text())
    assert doc["status_counts"] == {"written": 3}
    assert [t["table_id"] for t in doc["tables"]] == ["fake_1_0_alpha", "fake_1_0_beta", "fake_1_0_wb"]


# --------------------------------------------------------------------------- quirks


@pytest.mark.parametrize("newline,bom", [("\r", False), ("\r\n", False), ("\n", True), ("\r\n", True), ("\r", True)])
def test_line_endings_and_bom(fake, tmp_path, newline, bom):
    raw = tmp_path / "raw"
    write_text(raw / "alpha.csv", ALPHA, newline=newline, bom=bom)
    out = tmp_path / "out"
    rep = ingest(raw, out)
    assert outcome(rep, "alpha").status == "written", outcome(rep, "alpha").error
    a = als.load("fake_1_0_alpha", data_dir=out)
    assert a["id"].tolist() == [1, 2, 4]  # a BOM would otherwise hide the 'id' column
    assert a["source_line"].tolist() == [2, 3, 5]  # physical lines, whatever the line ending
    assert a["event_date"].dt.strftime("%Y-%m-%d").tolist() == ["1816-01-01", "1900-01-01", "2000-12-31"]


def test_trailing_empty_column_and_preamble_reader(tmp_path):
    p = write_text(tmp_path / "t.csv", "note: preamble\nsecond line\nk,v,\na,1,\nb,2,\n", newline="\r\n")
    t = read_csv(p, header_startswith="k")
    assert list(t.frame.columns) == ["k", "v"] and t.header_line == 3
    assert t.frame["v"].tolist() == ["1", "2"] and t.lines.tolist() == [4, 5]
    p2 = write_text(tmp_path / "u.csv", "a,b\n1,2\n", newline="\r")
    with pytest.raises(als.IngestError, match=r"u\.csv: expected a header row starting with 'zz' within the first 3 lines"):
        read_csv(p2, header_startswith="zz", max_preamble=2)


def test_encoding_error_names_line_and_column_and_fallback(tmp_path):
    text = "preamble\nk,name,v\na,ok,1\nb,Zo\u00eb,2\n"
    p = write_text(tmp_path / "l1.csv", text, newline="\r", encoding="latin-1")
    with pytest.raises(als.IngestError) as ei:
        read_csv(p, header_startswith="k")
    assert str(ei.value) == f"{p}, line 4, column 'name': cannot decode byte 0xeb as utf-8; expected utf-8 text"
    # a loader that declares the publisher's latin-1 fallback reads it correctly
    t = read_csv(p, header_startswith="k", encodings=("utf-8", "latin-1"))
    assert t.frame["name"].tolist() == ["ok", "Zo\u00eb"] and t.lines.tolist() == [3, 4]


def test_quoted_newline_keeps_physical_lines(tmp_path):
    p = write_text(tmp_path / "q.csv", 'id,name\n1,"two\nlines"\n2,x\n')
    t = read_csv(p)
    assert t.frame["name"].tolist() == ["two\nlines", "x"]
    assert t.lines.tolist() == [3, 4]  # record 1 ends on physical line 3


# --------------------------------------------------------------------------- bad input

BAD_CASES = {
    # case: (file bytes, expected line, expected column, regex of what was expected/found)
    "missing_column": (ALPHA.replace("score,", "").replace(",10,", ",").replace(",-9,1900", ",1900")
                       .replace(",5,", ",").replace(",7,", ",").encode(), 1, "score",
                       r"expected column 'score' in the header, found: id, name, year, month, day"),
    "zip_named_csv": (None, None, None, r"file is binary \(zip/xlsx/dta\?\), not a CSV text file"),
    "empty": (b"", None, None, r"file is empty; expected a CSV with a header row"),
    "blank_only": (b"\n\r\n  \n", None, None, r"file is empty"),
    "truncated_last_record": (ALPHA.replace("4,Delta,7,2000,12,31\n", "4,Delta,7,2000").encode(), 5, "month",
                              r"truncated record: expected 6 fields, found 4"),
    "truncated_inside_quotes": (ALPHA.replace("4,Delta,7,2000,12,31\n", '4,"Del').encode(), 5, None,
                                r"not a valid CSV: unexpected end of data"),
    "latin1_in_utf8": (ALPHA.replace("Beta", "Zoë").encode("latin-1"), 3, "name",
                       r"cannot decode byte 0xeb as utf-8; expected utf-8 text"),
    "text_in_int": (ALPHA.replace("1,Alpha,10,", "1,Alpha,ten,").encode(), 2, "score",
                    r"expected an integer, found 'ten'"),
    "fraction_in_int": (ALPHA.replace("4,Delta,7,", "4,Delta,1.5,").encode(), 5, "score",
                        r"expected a whole number, found '1.5'"),
    "out_of_range_int": (ALPHA.replace("4,Delta,7,", "4,Delta,99999,").encode(), 5, "score",
                         r"expected a value between -32768 and 32767, found '99999'"),
    "impossible_day": (ALPHA.replace("4,Delta,7,2000,12,31", "4,Delta,7,1950,2,29").encode(), 5, "day",
                       r"expected a day that exists in that month, found 1950-2-29"),
    "impossible_month": (ALPHA.replace("1,Alpha,10,1816,1,-9", "1,Alpha,10,1816,13,-9").encode(), 2, "month",
                         r"expected a month 1-12, found 1816-13-\?"),
    "extra_fields": (ALPHA.replace("2,Beta,-9,1900,-9,-9", "2,Beta,-9,1900,-9,-9,oops").encode(), 3, None,
                     r"extra fields: expected 6 fields, found 7"),
}


def _zip_bytes(tmp_path: Path) -> bytes:
    z = tmp_path / "x.zip"
    with zipfile.ZipFile(z, "w") as zf:
        zf.writestr("alpha.csv", ALPHA)
    return z.read_bytes()


@pytest.mark.parametrize("case", sorted(BAD_CASES))
def test_bad_input_fails_table_cleanly(fake, raw, tmp_path, case):
    data, line, column, expected = BAD_CASES[case]
    if data is None:
        data = _zip_bytes(tmp_path)
    out = tmp_path / "out"
    ingest(raw, out)  # a good earlier ingest: a failed re-ingest must keep it (stale), never delete it
    good = (out / "fake_1_0_alpha.parquet").read_bytes()
    good_rej = (out / "fake_1_0_alpha.rejected.csv").read_bytes()
    (raw / "alpha.csv").write_bytes(data)
    rep = ingest(raw, out)
    a = outcome(rep, "alpha")
    assert a.status == "failed" and a.stale
    err = a.error
    assert "\n" not in err
    where = str(raw / "alpha.csv")
    if line is not None:
        where += f", line {line}"
    if column is not None:
        where += f", column '{column}'"
    assert err.startswith(where + ": "), err
    assert re.search(expected, err), err
    # the last good table and its rejection list are kept byte for byte; the others are untouched
    assert parquet_names(out) == ["fake_1_0_alpha.parquet", "fake_1_0_beta.parquet", "fake_1_0_wb.parquet"]
    assert (out / "fake_1_0_alpha.parquet").read_bytes() == good
    assert (out / "fake_1_0_alpha.rejected.csv").read_bytes() == good_rej
    assert [t.table_id for t in rep.failed] == ["fake_1_0_alpha"] and [t.table_id for t in rep.stale] == ["fake_1_0_alpha"]
    assert outcome(rep, "beta").status == "skipped" and outcome(rep, "wb").status == "skipped"
    doc = json.loads((out / run.REPORT_NAME).read_text())
    failed = [t for t in doc["tables"] if t["status"] == "failed"]
    assert [(t["table_id"], t["error"], t["stale"]) for t in failed] == [("fake_1_0_alpha", err, True)]
    assert "fake_1_0_alpha" in rep.summary() and err in rep.summary() and "failed (stale)" in rep.summary()
    st = run.local_status(out).set_index("table_id")
    assert st.loc["fake_1_0_alpha", "status"] == "stale" and st.loc["fake_1_0_beta", "status"] == "ingested"
    # a good file again: the table is written and no longer stale
    write_text(raw / "alpha.csv", ALPHA)
    rep = ingest(raw, out)
    assert not rep.failed and not rep.stale
    assert run.local_status(out).set_index("table_id").loc["fake_1_0_alpha", "status"] == "ingested"


def test_bad_input_in_fresh_directory(fake, raw, tmp_path):
    (raw / "alpha.csv").write_bytes(BAD_CASES["text_in_int"][0])
    out = tmp_path / "fresh"
    rep = ingest(raw, out)
    assert [t.table_id for t in rep.failed] == ["fake_1_0_alpha"]
    assert {t.status for t in rep.tables if t.table_id != "fake_1_0_alpha"} == {"written"}
    assert parquet_names(out) == ["fake_1_0_beta.parquet", "fake_1_0_wb.parquet"]


# --------------------------------------------------------------------------- accounting


def _lossy(files) -> LoadResult:
    res = load_alpha(files)
    res.data = res.data.iloc[1:]  # silently drops a row
    return res


def _double(files) -> LoadResult:
    res = load_alpha(files)
    res.rejected = pd.concat([res.rejected, pd.DataFrame({"file": ["alpha.csv"], "line": [2], "reason": ["x"]})])
    return res


def _no_source_line(files) -> LoadResult:
    res = load_alpha(files)
    res.data = res.data.drop(columns="source_line")
    return res


def _duplicated(files) -> LoadResult:
    res = load_alpha(files)
    res.data = pd.concat([res.data, res.data.iloc[:1]], ignore_index=True)
    return res


@pytest.mark.parametrize("loader,message", [
    (_lossy, "fake_1_0_alpha: 4 raw records read but 2 written + 1 rejected"),
    (_double, "fake_1_0_alpha: 1 raw records both written and rejected"),
    (_no_source_line, "fake_1_0_alpha: loader did not record source_line"),
    (_duplicated, "fake_1_0_alpha: a raw record produced more than one row in a 1:1 table"),
])
def test_driver_catches_lost_or_double_counted_rows(monkeypatch, raw, tmp_path, loader, message):
    use_catalog(monkeypatch, make_dataset(alpha_loader=loader))
    out = tmp_path / "out"
    rep = ingest(raw, out)
    a = outcome(rep, "alpha")
    assert (a.status, a.error) == ("failed", message)
    assert parquet_names(out) == ["fake_1_0_beta.parquet", "fake_1_0_wb.parquet"]


# --------------------------------------------------------------------------- atomic writes


_FDOPEN = os.fdopen


class _FullDisk:
    """A file object whose writes fail like a full disk (the temp file exists, then the write dies)."""

    def __init__(self, fd, *a, **kw):
        self.fh = _FDOPEN(fd, *a, **kw)

    def write(self, data):
        self.fh.write(data[: len(data) // 2])
        raise OSError(28, "No space left on device")

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.fh.close()


def test_full_disk_fails_tables_with_one_line_and_leaves_no_file(fake, raw, tmp_path, monkeypatch):
    out = tmp_path / "out"
    monkeypatch.setattr(store.os, "fdopen", _FullDisk)
    rep = ingest(raw, out)  # no exception: every table fails with its cause
    assert sorted(t.table_id for t in rep.failed) == ["fake_1_0_alpha", "fake_1_0_beta", "fake_1_0_wb"]
    for t in rep.failed:
        assert "No space left on device" in t.error and t.table_id in t.error and "\n" not in t.error
        assert not t.stale
    assert parquet_names(out) == [] and litter(out) == []
    # the report could not be written either (same fake disk): it says so, and no old report claims success
    assert not rep.report_written and not (out / run.REPORT_NAME).exists()
    assert "could NOT be written" in rep.summary()


def test_full_disk_during_rewrite_keeps_old_file(fake, raw, tmp_path, monkeypatch):
    out = tmp_path / "out"
    ingest(raw, out)
    before = (out / "fake_1_0_alpha.parquet").read_bytes()
    write_text(raw / "alpha.csv", ALPHA.replace("Delta", "Delta2"))
    monkeypatch.setattr(store.os, "fdopen", _FullDisk)
    rep = ingest(raw, out)
    a = outcome(rep, "alpha")
    assert a.status == "failed" and a.stale and "No space left on device" in a.error
    assert (out / "fake_1_0_alpha.parquet").read_bytes() == before  # old version intact, never half-written
    assert litter(out) == []
    monkeypatch.undo()
    use_catalog(monkeypatch, FAKE)
    rep = ingest(raw, out)
    assert outcome(rep, "alpha").status == "written"
    assert als.load("fake_1_0_alpha", data_dir=out)["name"].tolist()[-1] == "Delta2"


def test_file_size_limit_ulimit_f(fake, raw, tmp_path):
    """``ulimit -f``: writes fail with EFBIG (Python ignores SIGXFSZ); one line per table, old data kept."""
    resource = pytest.importorskip("resource")
    out = tmp_path / "out"
    ingest(raw, out)
    before = _bytes(out)
    write_text(raw / "alpha.csv", ALPHA.replace("Delta", "Delta2"))
    here = str(Path(__file__).parent)
    code = (f"import sys; sys.path[:0] = [{str(Path(here).parent)!r}, {here!r}]\n"
            "import test_core, json\nfrom alliancestats.raw import run, catalog\n"
            "run.datasets = catalog.datasets = lambda: (test_core.FAKE,)\n"
            f"rep = run.ingest({str(raw)!r}, {str(out)!r})\n"
            "print(json.dumps([[t.table_id, t.status, t.error, t.stale] for t in rep.failed]))\n")

    def limit():
        resource.setrlimit(resource.RLIMIT_FSIZE, (200, 200))

    p = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120, preexec_fn=limit,
                       env={**os.environ, "PYTHONDONTWRITEBYTECODE": "1"})
    assert "Traceback" not in p.stderr, p.stderr
    failed = json.loads(p.stdout.strip().splitlines()[-1])
    assert [f[0] for f in failed] == ["fake_1_0_alpha"] and "File too large" in failed[0][2] and failed[0][3]
    assert _bytes(out) == before and litter(out) == []


def test_stale_temp_files_are_removed_by_the_next_run(fake, raw, tmp_path):
    out = tmp_path / "out"
    ingest(raw, out)
    (out / ".fake_1_0_alpha.parquet.k1ll3d.tmp").write_bytes(b"PAR1 half")
    (out / ".ingest_report.json.x.tmp").write_text("{")
    rep = ingest(raw, out)
    assert litter(out) == [] and any("removed 2 temp files" in n for n in rep.notes)


def test_unreadable_raw_file_fails_its_table_only(fake, raw, tmp_path, monkeypatch):
    real_sha = store.sha256_file

    def deny(path, *a, **kw):
        if Path(path).name == "alpha.csv":
            raise PermissionError(13, "Permission denied", str(path))
        return real_sha(path, *a, **kw)

    out = tmp_path / "out"
    ingest(raw, out)
    monkeypatch.setattr(run, "sha256_file", deny)
    rep = ingest(raw, out)
    a = outcome(rep, "alpha")
    assert a.status == "failed" and a.stale and a.error == f"{raw / 'alpha.csv'}: cannot read file: Permission denied"
    assert outcome(rep, "beta").status == "skipped"
    doc = json.loads((out / run.REPORT_NAME).read_text())
    assert doc["status_counts"] == {"failed": 1, "skipped": 2}  # the report does not claim success


# --------------------------------------------------------------------------- determinism


def _bytes(out: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(out.glob("*.parquet"))}


def test_reingest_is_skipped_and_byte_identical(fake, raw, tmp_path):
    out = tmp_path / "out"
    ingest(raw, out)
    first = _bytes(out)
    mtimes = {p.name: p.stat().st_mtime_ns for p in out.glob("*.parquet")}
    rep = ingest(raw, out)
    assert {t.status for t in rep.tables} == {"skipped"}
    a = outcome(rep, "alpha")
    assert (a.rows_read, a.rows_written, a.rows_rejected) == (4, 3, 1)  # from the file's provenance
    assert {p.name: p.stat().st_mtime_ns for p in out.glob("*.parquet")} == mtimes
    # forced rewrites and a second directory give the very same bytes
    rep = ingest(raw, out, force=True)
    assert {t.status for t in rep.tables} == {"written"}
    assert _bytes(out) == first
    other = tmp_path / "other"
    ingest(raw, other)
    assert _bytes(other) == first


def test_changed_input_is_reingested(fake, raw, tmp_path):
    out = tmp_path / "out"
    ingest(raw, out)
    old = (out / "fake_1_0_alpha.parquet").read_bytes()
    write_text(raw / "alpha.csv", ALPHA.replace("4,Delta,7,", "4,Delta,8,"))
    rep = ingest(raw, out)
    assert {t.table_id: t.status for t in rep.tables} == {
        "fake_1_0_alpha": "written", "fake_1_0_beta": "skipped", "fake_1_0_wb": "skipped"}
    assert (out / "fake_1_0_alpha.parquet").read_bytes() != old
    assert als.load("fake_1_0_alpha", data_dir=out)["score"].tolist()[-1] == 8
    # reverting the input gives back the original bytes
    write_text(raw / "alpha.csv", ALPHA)
    ingest(raw, out)
    assert (out / "fake_1_0_alpha.parquet").read_bytes() == old


# --------------------------------------------------------------------------- release identification


def test_unknown_hash_warning_names_file(monkeypatch, raw, tmp_path):
    good = hashlib.sha256((raw / "alpha.csv").read_bytes()).hexdigest()
    use_catalog(monkeypatch, make_dataset(alpha_sha=(good,)))
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        rep = ingest(raw, tmp_path / "out")  # the known copy: no warning
    assert outcome(rep, "alpha").warnings == []
    assert not [w for w in caught if "alpha.csv" in str(w.message)]
    assert store.read_meta(tmp_path / "out" / "fake_1_0_alpha.parquet")["known_release"] is True
    write_text(raw / "alpha.csv", ALPHA.replace("Delta", "Delta (revised)"))
    with pytest.warns(UnknownReleaseWarning, match=r"alpha\.csv.*not a known fake_1_0 release copy of alpha\.csv"):
        rep = ingest(raw, tmp_path / "out")
    a = outcome(rep, "alpha")
    assert a.status == "written" and len(a.warnings) == 1 and str(raw / "alpha.csv") in a.warnings[0]
    assert store.read_meta(tmp_path / "out" / "fake_1_0_alpha.parquet")["known_release"] is False
    assert "warning:" in rep.summary()


def test_known_copy_found_by_hash_under_any_name(monkeypatch, raw, tmp_path):
    good = hashlib.sha256((raw / "alpha.csv").read_bytes()).hexdigest()
    use_catalog(monkeypatch, make_dataset(alpha_sha=(good,)))
    (raw / "alpha.csv").rename(raw / "renamed by a colleague.csv")
    rep = ingest(raw, tmp_path / "out")
    a = outcome(rep, "alpha")
    assert a.status == "written" and a.sources == {"renamed by a colleague.csv": good}


def test_missing_input_is_not_a_failure(fake, raw, tmp_path):
    (raw / "beta.csv").unlink()
    rep = ingest(raw, tmp_path / "out")
    assert outcome(rep, "beta").status == "missing_input" and not rep.failed
    assert "fake_1_0_beta" not in rep.summary()


# --------------------------------------------------------------------------- concurrency

_CHILD = """
import json, sys
sys.path[:0] = [{tests!r}, {here!r}]
import test_core
sys.exit(test_core._child_main({raw!r}, {out!r}, {log!r}))
"""


def _slow_alpha(files) -> LoadResult:
    log = os.environ["ALS_TEST_LOG"]
    with open(log, "a") as fh:
        fh.write(f"start {os.getpid()} {time.monotonic()}\n")
    time.sleep(0.6)
    res = load_alpha(files)
    with open(log, "a") as fh:
        fh.write(f"end {os.getpid()} {time.monotonic()}\n")
    return res


def _child_main(raw, out, log) -> int:
    os.environ["ALS_TEST_LOG"] = log
    ds = make_dataset(alpha_loader=_slow_alpha)
    run.datasets = lambda: (ds,)
    rep = ingest(raw, out, force=os.environ.get("ALS_TEST_FORCE") == "1")
    print(json.dumps({t.table_id: t.status for t in rep.tables}))
    return 1 if rep.failed else 0


def test_two_concurrent_ingests_are_serialised(raw, tmp_path):
    out, log = tmp_path / "out", tmp_path / "log.txt"
    here = str(Path(__file__).parent)
    code = _CHILD.format(tests=str(Path(here).parent), here=here, raw=str(raw), out=str(out), log=str(log))
    env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1"}
    procs = [subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                              text=True, env=env) for _ in range(2)]
    results = [p.communicate(timeout=120) for p in procs]
    for p, (o, e) in zip(procs, results):
        assert p.returncode == 0, e
    statuses = sorted(json.loads(o.strip().splitlines()[-1])["fake_1_0_alpha"] for o, _ in results)
    assert statuses == ["skipped", "written"]  # the second waited for the lock, then found it up to date
    events = [ln.split() for ln in log.read_text().splitlines()]
    assert [e[0] for e in events] == ["start", "end"]  # the loader ran once, never concurrently
    assert parquet_names(out) == ["fake_1_0_alpha.parquet", "fake_1_0_beta.parquet", "fake_1_0_wb.parquet"]
    for p in out.glob("*.parquet"):
        pq.read_table(p)  # valid Parquet
    assert pq.read_table(out / "fake_1_0_alpha.parquet").num_rows == 3
    json.loads((out / run.REPORT_NAME).read_text())
    assert litter(out) == []


def test_two_concurrent_forced_ingests_both_write_valid_files(raw, tmp_path):
    out, log = tmp_path / "out", tmp_path / "log.txt"
    here = str(Path(__file__).parent)
    code = _CHILD.format(tests=str(Path(here).parent), here=here, raw=str(raw), out=str(out), log=str(log))
    env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1", "ALS_TEST_FORCE": "1"}
    procs = [subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                              text=True, env=env) for _ in range(2)]
    results = [p.communicate(timeout=120) for p in procs]
    for p, (o, e) in zip(procs, results):
        assert p.returncode == 0, e
    assert sorted(json.loads(o.strip().splitlines()[-1])["fake_1_0_alpha"] for o, _ in results) == ["written", "written"]
    events = [ln.split() for ln in log.read_text().splitlines()]
    assert [e[0] for e in events] == ["start", "end", "start", "end"]  # strictly one after the other
    assert pq.read_table(out / "fake_1_0_alpha.parquet").num_rows == 3
    assert litter(out) == []


# --------------------------------------------------------------------------- load and data_dir


def test_load_missing_table_says_how_to_make_it(fake, tmp_path):
    with pytest.raises(MissingDataError) as ei:
        als.load("fake_1_0_alpha", data_dir=tmp_path)
    msg = str(ei.value)
    assert "alliancestats ingest" in msg and "fake_1_0_alpha" in msg and str(tmp_path) in msg
    assert isinstance(ei.value, FileNotFoundError) and isinstance(ei.value, als.AllianceStatsError)


def test_data_dir_lookup_order(fake, raw, tmp_path, monkeypatch):
    a_dir, env_dir = tmp_path / "arg", tmp_path / "env"
    ingest(raw, a_dir)
    monkeypatch.setenv(config.ENV_DATA_DIR, str(env_dir))
    # 1. the argument wins over the environment
    assert als.load("fake_1_0_beta", data_dir=a_dir).attrs["data_dir"] == str(a_dir)
    assert config.resolve_data_dir(a_dir) == a_dir
    # 2. without an argument: ALLIANCESTATS_DATA_DIR
    assert config.resolve_data_dir() == env_dir
    with pytest.raises(MissingDataError, match=str(env_dir)):
        als.load("fake_1_0_beta")
    ingest(raw)  # ingest without out= writes there too
    assert (env_dir / "fake_1_0_beta.parquet").exists()
    assert als.load("fake_1_0_beta").attrs["data_dir"] == str(env_dir)
    # 3. neither: the project's data/processed
    monkeypatch.delenv(config.ENV_DATA_DIR)
    assert config.resolve_data_dir() == config.project_root() / "data" / "processed"
    assert (config.project_root() / "pyproject.toml").exists()


def test_versionless_load_picks_newest_ingested(monkeypatch, raw, tmp_path):
    monkeypatch.setenv(store.ENV_ALLOW_UNVERIFIED, "1")  # these fake releases have no catalog hash
    old, new = make_dataset("fake_1_9", "1.9"), make_dataset("fake_1_10", "1.10")
    out = tmp_path / "out"
    use_catalog(monkeypatch, old)
    ingest(raw, out)
    use_catalog(monkeypatch, old, new)
    assert als.load("fake_alpha", data_dir=out).attrs["provenance"]["dataset_id"] == "fake_1_9"
    ingest(raw, out)
    # 1.10 is newer than 1.9 (numeric, not string, comparison)
    assert als.load("fake_alpha", data_dir=out).attrs["provenance"]["dataset_id"] == "fake_1_10"
    with pytest.raises(MissingDataError, match="alliancestats ingest"):
        als.load("fake_gamma", data_dir=out)
