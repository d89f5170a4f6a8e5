"""The report as a reader sees it, on a small hand-made output folder (no reproduce run: fast).

Checks: well-formed HTML (tag balance with html.parser) and every referenced
image present (and the check itself catches a missing one); captions from the
writers' sidecars, numbered; regression tables with models as columns;
readable labels; numbers to 4 significant digits; named results grouped;
escaping; byte-identical re-rendering; files honour the umask. A browser
test (headless chromium, skipped when it is not installed) loads the page
and checks that every image decodes and the page does not overflow sideways.
"""
from __future__ import annotations

import json
import os
import shutil
from pathlib import Path
from types import SimpleNamespace

import pandas as pd
import pytest

from alliancestats.outputs import new_figure, save_figure, write_regression_table, write_results, write_table
from alliancestats.reproduce.report import AnalysisEntry, fmt_number, result_groups, write_report

from _util import browser_probe, check_report_html, uncaptioned

def _fit(params: dict, se: dict, n: int, events: int):
    return SimpleNamespace(params=pd.Series(params), bse=pd.Series(se), n_obs=n, n_events=events, llf=-123.4,
                           se_type="clustered")


def _tree(out: Path) -> None:
    a = out / "demo"
    fig, ax = new_figure(figsize=(4, 3))
    ax.errorbar([0.5, -0.2], [0, 1], xerr=0.1, fmt="o")
    ax.set_yticks([0, 1], ["target_defense", "capshare1"])
    ax.set_xlabel("coefficient")
    save_figure(fig, a / "coefs", synthetic=True, caption="Coefficients of the main model",
                note="95% intervals.")
    fig, ax = new_figure(figsize=(3, 2))
    ax.plot([1, 2], [1, 2])
    save_figure(fig, a / "no_caption_plot", synthetic=True)
    fig, ax = new_figure(figsize=(3, 2))
    ax.plot([1, 2], [2, 1])
    ax.set_title("Its own title")
    save_figure(fig, a / "titled_plot")
    write_table(pd.DataFrame({"term": ["target_defense", "peace_t2"], "estimate": [0.123456789, 12345.678],
                              "year": [1944, 2001], "note": ["a <b>bold</b> claim", "x | y"]}),
                a / "tidy", caption="A tidy table with <angle> brackets", note="Hand-made.")
    m1 = _fit({"const": -2.0, "target_defense": -0.5}, {"const": 0.1, "target_defense": 0.2}, 1000, 50)
    m2 = _fit({"const": -2.1, "target_defense": -0.4, "capshare1": 1.5},
              {"const": 0.1, "target_defense": 0.25, "capshare1": 0.3}, 990, 48)
    write_regression_table({"logit": m1, "firth": m2}, a / "models", caption="Dispute initiation", note="Two models.")
    long = pd.DataFrame({"model": ["logit", "logit", "probit", "probit"], "term": ["const", "landcontig"] * 2,
                         "estimate": [-3.0, 1.2, -1.5, 0.6], "std_error": [0.2, 0.1, 0.1, 0.05],
                         "p_value": [0.0, 1e-9, 0.0, 2e-9]})
    write_table(long, a / "coefficients_long", caption="Long coefficients")
    res = {"n_obs": 1000, "share": 0.123456789, "big": 123456.789, "flag": True,
           **{f"rho_{y}": 0.1 for y in range(1950, 1960)},
           "models": {"logit": {"coefficients": {"x": {"estimate": 1.23456789}}}, "note": "text"},
           "counts": {f"k{i:02d}": i for i in range(20)}, "errors": {}, "dropped": []}
    write_results(res, a / "results.json")


def _render(out: Path) -> list[Path]:
    return write_report(out, analyses=[AnalysisEntry("demo", "A demonstration analysis", "ran")], datasets=[],
                        panels={}, synthetic=True, library_version="0.test", git={})


@pytest.fixture(scope="module")
def report(tmp_path_factory):
    out = tmp_path_factory.mktemp("rep")
    _tree(out)
    _render(out)
    return out


def test_html_is_well_formed_and_every_image_exists(report):
    assert check_report_html(report / "report.html") == []


def test_the_check_catches_a_missing_image_and_broken_markup(report, tmp_path):
    bad = tmp_path / "bad"
    shutil.copytree(report, bad)
    (bad / "demo" / "coefs.png").unlink()
    assert any("coefs.png" in p for p in check_report_html(bad / "report.html"))
    html = (report / "report.html").read_text().replace("</table>", "", 1)
    (bad / "broken.html").write_text(html)
    assert any("table" in p for p in check_report_html(bad / "broken.html"))


def test_the_caption_check_names_every_output_without_its_own_caption(report):
    # a figure title or a file name is a fallback, not a caption: the analyses' tests use this check
    assert uncaptioned(report) == ["demo/no_caption_plot.png", "demo/titled_plot.png"]


def test_captions_numbers_and_notes_come_from_the_sidecars(report):
    html = (report / "report.html").read_text()
    md = (report / "report.md").read_text()
    assert "Figure 1.</span> Coefficients of the main model" in html and "95% intervals." in html
    assert "### Figure 1. Coefficients of the main model" in md
    assert "Figure 2.</span> No caption plot" in html  # fallback: a title from the file name
    assert "Figure 3.</span> Its own title" in html  # or the figure's own title
    assert "Table 3.</span> A tidy table with &lt;angle&gt; brackets" in html  # escaped; tables in file-name order
    assert "a &lt;b&gt;bold&lt;/b&gt; claim" in html and "<b>bold</b>" not in html
    assert "Note: Hand-made." in html and "Note: Hand-made." in md
    assert html.count('class="num-label">Table') == 3


def test_regression_tables_are_wide_with_readable_labels(report):
    html = (report / "report.html").read_text()
    md = (report / "report.md").read_text()
    body = html.split('<section id="demo">')[1]
    block = body.split("Dispute initiation")[1].split("</table>")[0]
    assert "<th>Logit</th><th>Firth logit</th>" in block  # models as columns, readable names
    assert "Target has defense pact" in block and "Capability share of state 1" in block
    assert "(0.200)" in block and "(0.250)" in block and "1,000" in block  # SE in parentheses, N
    assert "| Target has defense pact | -0.500 | -0.400 |" in md
    # the long table is shown wide too (two models -> two columns), with its files still linked
    long = body.split("Long coefficients")[1].split("</table>")[0]
    assert "<th>Logit</th><th>Probit</th>" in long and "Land contiguity" in long
    assert "<th>N</th>" not in long  # a long table has no N: the empty row is dropped
    assert 'href="demo/coefficients_long.csv"' in html


def test_numbers_are_formatted_and_results_grouped(report):
    html = (report / "report.html").read_text()
    tidy = html.split('<section id="demo">')[1].split("A tidy table")[1].split("</table>")[0]
    assert ">0.1235<" in tidy and ">12346<" in tidy and ">1944<" in tidy  # 4 significant digits, integers kept
    assert "Peace years² / 100" in tidy  # term values relabelled
    md = (report / "report.md").read_text()
    assert "| share | 0.1235 |" in md and "| big | 123457 |" in md and "| n_obs | 1000 |" in md
    assert "| flag | yes |" in md and "| dropped | none |" in md and "| **errors** | |\n|  | (empty) |" in md
    assert "| rho_&lt;year&gt; |" not in md and "| rho_<year> | 10 years, 1950-1959: see results.json |" in md
    assert "rho_&lt;year&gt;" in html
    assert "| **models** | |" in md and "| logit.coefficients.x.estimate | 1.235 |" in md
    assert '<th class="group" colspan="2">counts</th>' in html and "8 more in" in html  # 20 rows, 12 shown


def test_fmt_number_rules():
    assert [fmt_number(v) for v in (3, 0.000123456, -2.5e-10, 1999.6, 1.0, float("nan"), True)] == \
        ["3", "0.0001235", "-2.5e-10", "2000", "1", "NA", "yes"]
    g = result_groups({"a": 1, "b": {"c": {"d": 2.0}}})
    assert g == [{"name": "", "rows": [("a", "1")], "more": 0}, {"name": "b", "rows": [("c.d", "2")], "more": 0}]


def test_rendering_is_byte_identical(report, tmp_path):
    other = tmp_path / "again"
    _tree(other)
    _render(other)
    for name in ("report.html", "report.md", "demo/coefs.png", "demo/coefs.pdf", "demo/models.html",
                 "demo/coefs.figure.json", "demo/tidy.table.json"):
        assert (report / name).read_bytes() == (other / name).read_bytes(), name


@pytest.mark.parametrize("mask, mode", [(0o002, 0o664), (0o077, 0o600), (0o022, 0o644)])
def test_output_files_honour_the_umask(tmp_path, mask, mode):
    old = os.umask(mask)
    try:
        _tree(tmp_path)
        paths = _render(tmp_path)
    finally:
        os.umask(old)
    files = [*paths, *(p for p in (tmp_path / "demo").iterdir())]
    assert {oct(p.stat().st_mode & 0o777) for p in files} == {oct(mode)}


def test_sidecar_json_names_kind_caption_note(report):
    doc = json.loads((report / "demo" / "models.table.json").read_text())
    assert doc == {"kind": "regression", "caption": "Dispute initiation", "note": "Two models."}
    assert json.loads((report / "demo" / "no_caption_plot.figure.json").read_text())["caption"] == ""
    assert json.loads((report / "demo" / "titled_plot.figure.json").read_text())["title"] == "Its own title"


@pytest.mark.skipif(shutil.which("chromium") is None, reason="chromium not on PATH (apt-get install chromium)")
def test_report_in_headless_chromium(report, tmp_path):
    """Load the page (plus a probe script) in chromium: all images decode, no sideways overflow."""
    got = browser_probe(report / "report.html", tmp_path)
    assert got["broken"] == [] and got["n"] == 3
    assert got["width"] <= 1100  # wide tables scroll inside their container, the page does not
    # and the probe sees a missing image
    bad = tmp_path / "bad"
    shutil.copytree(report, bad)
    (bad / "demo" / "coefs.png").unlink()
    assert browser_probe(bad / "report.html", tmp_path)["broken"] == ["demo/coefs.png"]
