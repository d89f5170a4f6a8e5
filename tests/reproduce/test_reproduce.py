"""The ``reproduce`` runner on the synthetic sample with small fake analysis modules.

Checks: byte-identical outputs across runs and output folders, a second run
skips every up-to-date stage, failures name the stage and the input at
fault, the no-data message says where to get data, and the CLI wiring.
"""
from __future__ import annotations

import json
import re
import shutil
import sys
import textwrap
from pathlib import Path

import pytest

from alliancestats.cli import main
from alliancestats.errors import OptionError
from alliancestats.reproduce import NoDataError, StageError, load_panel, reproduce
from alliancestats.synth import SAMPLE_DIR

FAKE = '''
"""Fake analysis: the five most capable states of the sample (a figure, a table, named results)."""
from pathlib import Path

import numpy as np

import alliancestats as als
from alliancestats.outputs import new_figure, save_figure, write_results, write_table
from alliancestats.reproduce import load_panel


def run(data_dir, out_dir, *, synthetic=False):
    out = Path(out_dir)
    s = als.load("nmc_state_year", data_dir=data_dir)
    top = s.groupby("ccode", as_index=False)["cinc"].mean().sort_values("cinc", ascending=False).head(5)
    fig, ax = new_figure(figsize=(4, 3))
    ax.bar(top["ccode"].astype(str), top["cinc"])
    save_figure(fig, out / "cinc_top5", synthetic=synthetic)
    write_table(top, out / "cinc_top5", caption="Mean CINC, five most capable states")
    ddy = load_panel("directed_dyad_years", data_dir)
    res = {"n_states": int(s["ccode"].nunique()), "mean_cinc_top5": float(top["cinc"].mean()),
           "draw": float(np.random.default_rng(7).normal()), "global_draw": float(np.random.random()),
           "ddy_rows": int(len(ddy)), "ddy_directed": bool(ddy.attrs["alliancestats"]["directed"]),
           "synthetic": bool(synthetic)}
    write_results(res, out / "results.json")
    return res
'''

BROKEN = '''
"""Broken analysis: asks for a table the sample does not have."""
import alliancestats as als


def run(data_dir, out_dir, *, synthetic=False):
    als.load("nato_defexp_country_year", data_dir=data_dir)
    return {}
'''


def _analyses(tmp: Path, **mods: str) -> Path:
    d = tmp / "analyses"
    d.mkdir(exist_ok=True)
    for name, src in mods.items():
        (d / f"{name}.py").write_text(textwrap.dedent(src))
    (d / "_helper.py").write_text("X = 1\n")  # helpers are not analyses
    return d


def _tree(root: Path) -> dict[str, bytes]:
    """Every output and cache file (the ingest log and the hidden skip stamps excluded)."""
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*"))
            if p.is_file() and p.name != "ingest_report.json" and not p.name.startswith(".")}


@pytest.fixture(scope="module")
def shared(tmp_path_factory):
    """One reproduction of the sample with the fake analysis (reused by the read-only tests)."""
    tmp = tmp_path_factory.mktemp("repro")
    adir = _analyses(tmp, top_states=FAKE)
    res = reproduce(out_dir=tmp / "out", sample=True, analyses_dir=adir)
    return tmp, adir, res


def test_outputs_layout_report_and_manifest(shared):
    tmp, _, res = shared
    out = tmp / "out"
    for f in ("top_states/cinc_top5.png", "top_states/cinc_top5.pdf", "top_states/cinc_top5.csv",
              "top_states/cinc_top5.tex", "top_states/cinc_top5.md", "top_states/results.json",
              "report.md", "report.html", "references.bib", "manifest.json"):
        assert (out / f).is_file(), f
    r = res.results["top_states"]
    assert r["n_states"] == 30 and r["synthetic"] is True and r["ddy_directed"] is True
    assert r["ddy_rows"] > 100_000
    md = (out / "report.md").read_text()
    html = (out / "report.html").read_text()
    assert "SYNTHETIC DATA" in md and "SYNTHETIC DATA" in html
    assert "![cinc top5](top_states/cinc_top5.png)" in md and 'src="top_states/cinc_top5.png"' in html
    assert "| atop_5_1 | 5.1 |" in md and "leeds2002atop" in md and "gibler2016analysis" in html
    assert "@article{leeds2002atop" in (out / "references.bib").read_text()
    assert "| n_states | 30 |" in md
    man = json.loads((out / "manifest.json").read_text())
    assert man["synthetic_sample"] is True and man["analyses"] == ["top_states"]
    assert man["packages"]["pandas"] and man["packages"]["alliancestats"]
    assert "commit" in man["git"]
    inputs = {e["path"] for e in man["inputs"]}
    assert {"atop5_1m.csv", "NMC-60-abridged.csv", "gml-midb-2.1.csv"} <= inputs
    assert "truth.json" not in inputs and "README.md" not in inputs  # not release files
    outputs = {e["path"]: e["sha256"] for e in man["outputs"]}
    assert "report.html" in outputs and "top_states/cinc_top5.png" in outputs and "manifest.json" not in outputs
    assert not any(p.startswith("processed/") for p in outputs)
    from alliancestats.reproduce.fingerprint import sha256_file

    assert all(sha256_file(out / p) == h for p, h in outputs.items())
    assert any(e["path"] == "atop_5_1_member.parquet" for e in man["processed"])
    text = (out / "manifest.json").read_text() + md + html
    assert str(tmp) not in text  # no absolute paths: outputs do not depend on where they are written


def test_two_runs_are_byte_identical(shared, tmp_path):
    tmp, adir, _ = shared
    reproduce(out_dir=tmp_path / "again", sample=True, analyses_dir=adir)
    a, b = _tree(tmp / "out"), _tree(tmp_path / "again")
    assert a.keys() == b.keys()
    diff = [k for k in a if a[k] != b[k]]
    assert diff == []


def test_second_run_skips_up_to_date_stages_and_changes_nothing(shared, tmp_path):
    _, _, first = shared
    out = tmp_path / "out"
    adir = _analyses(tmp_path, top_states=FAKE)
    r1 = reproduce(out_dir=out, sample=True, analyses_dir=adir)
    before = _tree(out)
    r2 = reproduce(out_dir=out, sample=True, analyses_dir=adir)
    assert [s.status for s in r2.stages] == ["skipped", "skipped", "skipped", "ran", "ran"]
    assert r2.results["top_states"] == r1.results["top_states"]
    assert _tree(out) == before
    # changing the analysis reruns it (and only it)
    (adir / "top_states.py").write_text(textwrap.dedent(FAKE) + "\n# edited\n")
    r3 = reproduce(out_dir=out, sample=True, analyses_dir=adir)
    assert r3.stage("analysis top_states").status == "ran" and r3.stage("panels").status == "skipped"
    # a deleted output is noticed and regenerated
    (out / "top_states" / "cinc_top5.png").unlink()
    r4 = reproduce(out_dir=out, sample=True, analyses_dir=adir)
    assert r4.stage("analysis top_states").status == "ran" and (out / "top_states" / "cinc_top5.png").exists()
    assert _tree(out) == before


def test_failing_analysis_names_stage_and_input_and_others_still_run(shared, tmp_path):
    tmp, _, _ = shared
    adir = _analyses(tmp_path, top_states=FAKE, broken=BROKEN)
    with pytest.raises(StageError) as ei:
        reproduce(out_dir=tmp_path / "out", sample=True, analyses_dir=adir, processed_dir=tmp / "out" / "processed")
    err = ei.value
    assert err.stage == "analysis broken"
    assert err.input.endswith("broken.py")
    assert "MissingDataError" in str(err) and "nato_defexp_country_year" in str(err)
    assert "broken.py:7, via alliancestats/store.py" in str(err)  # the line at fault
    assert (tmp_path / "out" / "top_states" / "results.json").exists()
    md = (tmp_path / "out" / "report.md").read_text()
    assert "- [broken](#broken) (FAILED)" in md and "**FAILED**" in md


def test_ingest_failure_names_table_file_and_line(tmp_path):
    raw = tmp_path / "raw"
    shutil.copytree(SAMPLE_DIR, raw)
    nmc = raw / "NMC-60-abridged.csv"
    lines = nmc.read_text().split("\n")
    lines[5] = lines[5].replace(",2021", ",2099")  # not the 6.0 release's version column
    nmc.write_text("\n".join(lines))
    with pytest.raises(StageError) as ei:
        reproduce(raw, tmp_path / "out", analyses_dir=_analyses(tmp_path))
    err = ei.value
    assert err.stage == "ingest"
    assert err.input == "nmc_6_0_state_year from NMC-60-abridged.csv"
    assert "line 6" in str(err) and "column 'version'" in str(err)


def test_no_data_says_where_to_get_it(tmp_path, capsys):
    with pytest.raises(NoDataError) as ei:
        reproduce(None, tmp_path / "out")
    msg = str(ei.value)
    assert "alliancestats download" in msg and "--raw-dir" in msg and "--sample" in msg
    empty = tmp_path / "empty"
    empty.mkdir()
    assert main(["reproduce", "--raw-dir", str(empty), "--out", str(tmp_path / "o")]) == 2
    err = capsys.readouterr().err
    assert "no raw data found" in err and "alliancestats reproduce --sample" in err


def test_unknown_only_name_lists_the_available_analyses(shared, tmp_path):
    _, adir, _ = shared
    with pytest.raises(StageError, match="available: top_states"):
        reproduce(out_dir=tmp_path / "out", sample=True, analyses_dir=adir, only=["nope"])


def test_cli_runs_the_sample(shared, tmp_path, capsys):
    tmp, adir, _ = shared
    rc = main(["reproduce", "--sample", "--out", str(tmp_path / "o"), "--analyses-dir", str(adir),
               "--processed-dir", str(tmp / "out" / "processed"), "--only", "top_states"])
    assert rc == 0
    cap = capsys.readouterr()
    assert "[1/5] ingest" in cap.err and "analysis top_states" in cap.out
    assert (tmp_path / "o" / "report.html").exists()


def test_sample_and_raw_dir_are_exclusive(capsys):
    with pytest.raises(SystemExit):
        main(["reproduce", "--sample", "--raw-dir", "x"])
    with pytest.raises(OptionError, match="either raw_dir or sample=True"):
        reproduce("x", sample=True)


def test_unknown_panel_name_lists_the_known_ones(tmp_path):
    from alliancestats.reproduce import get_panel

    with pytest.raises(OptionError, match="'directed_dyad_years'"):
        get_panel("dyad_years", tmp_path)


def test_progress_names_each_stage_with_its_time_and_the_bar_is_quiet_in_logs(shared, tmp_path, capsys):
    tmp, adir, _ = shared
    lines: list[str] = []
    reproduce(out_dir=tmp_path / "o", sample=True, analyses_dir=adir, processed_dir=tmp / "out" / "processed",
              progress=lines.append)
    starts = [m for m in lines if re.fullmatch(r"\[\d/5\] [a-z_ ]+", m)]
    ends = [m for m in lines if re.fullmatch(r"\[\d/5\] [a-z_ ]+: [a-z ]+ in \d+\.\d s", m)]
    assert starts == ["[1/5] ingest", "[2/5] panels", "[3/5] analysis top_states", "[4/5] report", "[5/5] manifest"]
    assert [e.split(":")[0] for e in ends] == starts and "[3/5] analysis top_states: ran in" in ends[2]
    assert capsys.readouterr().err == ""  # stderr is not a terminal here: no bar


def _tty_stderr(monkeypatch):
    """``sys.stderr`` replaced by a buffer that says it is a terminal (where tqdm draws its bar).

    Called inside the test, not as a fixture: pytest's capture swaps ``sys.stderr`` again between
    a fixture's setup and the test call."""
    import io

    class Tty(io.StringIO):
        def isatty(self):
            return True

    err = Tty()
    monkeypatch.setattr(sys, "stderr", err)
    return err


def test_progress_bar_ticks_on_a_terminal(monkeypatch):
    import time

    from alliancestats.reproduce.runner import _Progress

    err = _tty_stderr(monkeypatch)
    p = _Progress(2, lambda m: None, tick=0.05)
    p.start("analysis slow")
    time.sleep(0.3)  # a long stage: the elapsed time is redrawn without any stage finishing
    redraws = err.getvalue().count("reproduce: analysis slow")
    p.done("ran")
    p.close()
    assert redraws >= 3 and "0/2 stages" in err.getvalue() and "1/2 stages" in err.getvalue()


def test_progress_bar_off_when_quiet(monkeypatch):
    """``bar=False`` (the CLI's -q) draws nothing even on a terminal; the stage lines still go to ``say``."""
    from alliancestats.reproduce.runner import _Progress

    err = _tty_stderr(monkeypatch)
    lines = []
    p = _Progress(1, lines.append, tick=0.05, show=False)
    p.start("ingest")
    p.done("ran")
    p.close()
    assert err.getvalue() == "" and lines[0] == "[1/1] ingest" and lines[1].startswith("[1/1] ingest: ran in")
