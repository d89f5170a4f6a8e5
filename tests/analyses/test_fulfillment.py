"""analyses/fulfillment.py on the hand-built fulfillment world: outputs, named results, reproducibility."""
from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pandas as pd
import pytest

from _util import load_analysis, uncaptioned

ROOT = Path(__file__).resolve().parents[2]
FWORLD = ROOT / "tests" / "fulfillment" / "conftest.py"


def _load(path, name):
    spec = importlib.util.spec_from_file_location(name, path)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


@pytest.fixture
def world(tmp_path):
    fw = _load(FWORLD, "fulfillment_world")
    ddir = tmp_path / "processed"
    ddir.mkdir()
    fw._write(ddir, "atop_5_1_member", "atop_5_1", fw.member_table())
    fw._write(ddir, "cow_war_4_0_participant", "cow_war_4_0", fw.war_table())
    nmc = pd.DataFrame([(c, y, 0.1) for c in (2, 200, 300, 400, 500, 600, 700) for y in range(1890, 1902)],
                       columns=["ccode", "year", "cinc"]).astype({"ccode": "Int16", "year": "Int16"})
    fw._write(ddir, "nmc_6_0_state_year", "nmc_6_0", nmc)
    fw._write(ddir, "cow_states_2016_majors", "cow_states_2016",
              pd.DataFrame({"ccode": pd.array([200], dtype="Int16"), "start_date": fw._dt(["1816-01-01"]),
                            "end_date": fw._dt(["2016-12-31"])}))
    fw._write(ddir, "atop_5_1_institutions", "atop_5_1",
              pd.DataFrame({"atopid": pd.array([1001], dtype="Int32"), "phase": pd.array([0], dtype="Int8"),
                            "milinst": pd.array([1], dtype="Int8"), "formal": pd.array([2], dtype="Int8")}))
    return ddir


def test_run_writes_outputs_and_named_results(world, tmp_path, capsys):
    an = load_analysis("fulfillment")
    an.N_BOOT = 200  # intervals are checked elsewhere; keep the test fast
    out = tmp_path / "out"
    res = an.run(world, out, synthetic=True)
    for f in ("results.json", "cases.csv", "case_pairs.csv", "rates_cases.csv", "published_comparison.md",
              "definitions.md", "exclusions.md", "robustness.md", "rates_by_type_era.png", "rates_by_type_era.pdf",
              "opportunities_llm.csv", "rates_llm.csv", "opportunities_strict.csv"):
        assert (out / f).exists(), f
    js = json.loads((out / "results.json").read_text())
    # hand counts on the case unit (tests/fulfillment/conftest.py world, no dyadic file: participant-date rule):
    # 1001 honored (2 joins 200's side); 1004 violated (600 stays out); 1006 violated (300 and 2 fight);
    # 1007 violated (500 stays out of 300's attack); 1005 honored (neutrality is at stake while 300 is at war,
    # LLM 2000, and 400 stays out); 1002 and 1013 undecidable; the rest excluded
    assert js["rate_overall"]["n"] == 5 and js["rate_overall"]["n_honored"] == 2
    assert js["rate_overall"]["rate"] == pytest.approx(2 / 5)
    assert set(js["rate_overall"]["intervals"]) == {"wilson", "bootstrap_war", "bootstrap_alliance"}
    assert js["rate_1816_1944"]["n"] == 5 and "rate_1945_on" not in js  # no post-1945 war in this world
    assert js["rate_defense"]["n"] == 2 and js["rate_defense"]["n_honored"] == 1
    assert js["rate_nonagg"]["n"] == 1 and js["rate_offense"]["n"] == 1
    assert js["rate_neutral"]["n"] == 1 and js["rate_neutral"]["n_honored"] == 1
    assert js["counts"]["n_undecidable"] == 2 and js["counts"]["n_relevant"] == 5
    # 1011: B=200's rows are intra-alliance, B=300's defense rows uninvoked; the first rule in RULE_IDS order counts
    assert js["counts"]["excluded_by_rule"] == {"consultation_not_coded": 1, "defense_requires_attack": 1,
                                                "named_adversary_not_met": 1}
    assert any("dyadic war file not ingested" in s for s in js["skips"])
    assert any("polity_change unavailable" in s for s in js["skips"])  # no peacesciencer table in this world
    # the issue-5 member-pair quantities, under their own key
    assert js["member_pair"]["n_opportunities"] == 7 and js["member_pair"]["n_honored"] == 3
    assert js["member_pair"]["strict"]["n_honored"] == 2
    # cases.csv recomputes the headline rates
    cases = pd.read_csv(out / "cases.csv")
    rel = cases[cases["relevant"]]
    assert len(rel) == js["rate_overall"]["n"] and rel["honored"].sum() == js["rate_overall"]["n_honored"]
    assert "excluded by rule" in capsys.readouterr().out
    comp = pd.read_csv(out / "published_comparison.csv").set_index("quantity")
    assert comp.loc["1816-1944", "llm2000"] == 0.745 and comp.loc["overall", "bf2018"] == 0.50
    assert pd.isna(comp.loc["overall", "llm2000"]) and "not seen" in comp.loc["overall", "llm2000_source"]
    assert comp.loc["overall", "ours_rate"] == pytest.approx(js["rate_overall"]["rate"])
    assert res["rate_overall"]["n_honored"] == 2
    assert uncaptioned(out) == []  # every figure and table has a caption for the report
    # byte-identical on a second run
    out2 = tmp_path / "out2"
    an.run(world, out2, synthetic=True)
    for p in sorted(out.iterdir()):
        assert p.read_bytes() == (out2 / p.name).read_bytes(), p.name
