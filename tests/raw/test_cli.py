"""Command line: ``alliancestats ingest`` / ``datasets`` exit codes and messages (fake catalog)."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from alliancestats import cli
from alliancestats.raw import catalog, run
from alliancestats.raw.catalog import Dataset, LoadResult, ReleaseFile, TableSpec
from alliancestats.raw.convert import Col, convert, no_rejects
from alliancestats.raw.readers import read_csv

from _util import write_text

SPEC = {"ccode": Col("ccode", "Int16"), "year": Col("year", "Int16")}


def _load(key):
    def loader(files) -> LoadResult:
        raw = read_csv(files[key], required=SPEC)
        return LoadResult(convert(raw, SPEC), len(raw), no_rejects())
    return loader


CLI_DS = Dataset(
    dataset_id="clitest_2_0", title="CLI test", publisher="Test", version="2.0", coverage=(1816, 1817),
    citation="@misc{t}", licence="test only",
    files=(ReleaseFile("one", "one.csv"), ReleaseFile("two", "two.csv")),
    tables=(TableSpec("one", ("one",), _load("one"), "first"), TableSpec("two", ("two",), _load("two"), "second")),
)
OTHER_DS = Dataset(
    dataset_id="other_1", title="Other", publisher="Test", version="1", coverage=None,
    citation="", licence="", files=(ReleaseFile("x", "x_never_present.csv"),),
    tables=(TableSpec("x", ("x",), _load("x"), "never present"),),
)


@pytest.fixture(autouse=True)
def fake_catalog(monkeypatch):
    monkeypatch.setattr(run, "datasets", lambda: (CLI_DS, OTHER_DS))
    monkeypatch.setattr(catalog, "datasets", lambda: (CLI_DS, OTHER_DS))


@pytest.fixture
def raw(tmp_path):
    d = tmp_path / "raw"
    write_text(d / "one.csv", "ccode,year\n2,1816\n200,1816\n")
    write_text(d / "sub" / "two.csv", "ccode,year\n2,1817\n")  # any layout under --raw-dir
    return d


def test_ingest_success_exit_0(raw, tmp_path, capsys):
    out = tmp_path / "out"
    rc = cli.main(["ingest", "--raw-dir", str(raw), "--out", str(out), "-q"])
    o = capsys.readouterr()
    assert rc == 0, o.err
    assert o.err == ""
    lines = {ln.split()[0]: ln.split()[1:] for ln in o.out.splitlines()[1:-1]}
    assert lines["clitest_2_0_one"] == ["written", "2", "2", "0"]
    assert lines["clitest_2_0_two"] == ["written", "1", "1", "0"]
    assert "other_1_x" not in o.out  # missing inputs are not listed as tables
    assert o.out.splitlines()[-1] == "1 missing_input, 2 written"
    assert sorted(p.name for p in out.glob("*.parquet")) == ["clitest_2_0_one.parquet", "clitest_2_0_two.parquet"]
    rc = cli.main(["ingest", "--raw-dir", str(raw), "--out", str(out), "-q"])
    assert rc == 0 and "2 skipped" in capsys.readouterr().out
    rc = cli.main(["ingest", "--raw-dir", str(raw), "--out", str(out), "-q", "--force", "--dataset", "clitest_2_0"])
    o = capsys.readouterr().out
    assert rc == 0 and o.splitlines()[-1] == "2 written"


def test_ingest_failed_table_exit_1(raw, tmp_path, capsys):
    write_text(raw / "sub" / "two.csv", "ccode,year\n2,1817\nUSA,1817\n")
    out = tmp_path / "out"
    rc = cli.main(["ingest", "--raw-dir", str(raw), "--out", str(out), "-q"])
    o = capsys.readouterr()
    assert rc == 1
    err_lines = o.err.strip().splitlines()
    assert err_lines == [f"error: clitest_2_0_two: {raw / 'sub' / 'two.csv'}, line 3, column 'ccode': "
                         "expected an integer, found 'USA'"]
    assert "clitest_2_0_one" in o.out and "written" in o.out
    assert sorted(p.name for p in out.glob("*.parquet")) == ["clitest_2_0_one.parquet"]


def test_ingest_nothing_found_or_bad_dir(tmp_path, capsys):
    empty = tmp_path / "empty"
    empty.mkdir()
    rc = cli.main(["ingest", "--raw-dir", str(empty), "--out", str(tmp_path / "out"), "-q"])
    err = capsys.readouterr().err
    assert rc == 1 and f"no known release files found under {empty}" in err
    assert "reproduce --sample" in err and "alliancestats download" in err and len(err.splitlines()) == 1
    rc = cli.main(["ingest", "--raw-dir", str(tmp_path / "nope"), "--out", str(tmp_path / "out"), "-q"])
    assert rc == 2 and "does not exist" in capsys.readouterr().err


def test_datasets_lists_datasets(raw, tmp_path, capsys):
    out = tmp_path / "out"
    assert cli.main(["datasets", "--data-dir", str(out)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].split() == ["dataset", "version", "coverage", "tables", "ingested"]
    assert lines[1].split() == ["clitest_2_0", "2.0", "1816-1817", "2", "0"]
    assert lines[2].split() == ["other_1", "1", "1", "0"]
    cli.main(["ingest", "--raw-dir", str(raw), "--out", str(out), "-q"])
    capsys.readouterr()
    assert cli.main(["datasets", "--data-dir", str(out), "-v"]) == 0
    o = capsys.readouterr().out
    assert o.splitlines()[1].split() == ["clitest_2_0", "2.0", "1816-1817", "2", "2"]
    assert "clitest_2_0_one" in o and "ingested" in o
    assert [ln.split()[:3] for ln in o.splitlines() if "clitest_2_0_one" in ln] == [["clitest_2_0_one", "ingested", "2"]]
    assert "(unverified: sources are not known release copies)" in o  # the fake catalog has no hashes
    assert [ln.split() for ln in o.splitlines() if "other_1_x" in ln] == [["other_1_x", "absent"]]


def test_failed_reingest_is_stale_in_datasets_and_exits_1(raw, tmp_path, capsys):
    out = tmp_path / "out"
    assert cli.main(["ingest", "--raw-dir", str(raw), "--out", str(out), "-q"]) == 0
    write_text(raw / "one.csv", "ccode,year\n")  # header only: the good table must survive
    capsys.readouterr()
    rc = cli.main(["ingest", "--raw-dir", str(raw), "--out", str(out), "-q"])
    o = capsys.readouterr()
    assert rc == 1 and "(previous table kept, marked stale)" in o.err
    assert (out / "clitest_2_0_one.parquet").exists()
    assert cli.main(["datasets", "--data-dir", str(out), "-v"]) == 0
    line = next(ln for ln in capsys.readouterr().out.splitlines() if "clitest_2_0_one" in ln)
    assert line.split()[:3] == ["clitest_2_0_one", "stale", "2"] and "last ingest failed" in line


def test_installed_entry_point_lists_real_catalog(tmp_path):
    exe = Path(sys.executable).parent / "alliancestats"
    if not exe.exists():
        pytest.skip("console script not installed")
    p = subprocess.run([str(exe), "datasets", "--data-dir", str(tmp_path)], capture_output=True, text=True, timeout=120)
    assert p.returncode == 0, p.stderr
    rows = {ln.split()[0]: ln.split()[1:] for ln in p.stdout.splitlines()[1:]}
    assert rows["cow_states_2016"] == ["2016", "1816-2016", "4", "0"]
    out = tmp_path / "out"
    p = subprocess.run([str(exe), "ingest", "--raw-dir", str(tmp_path / "missing"), "--out", str(out)],
                       capture_output=True, text=True, timeout=120)
    assert p.returncode == 2 and "does not exist" in p.stderr
    assert not out.exists()  # nothing created for a wrong --raw-dir

