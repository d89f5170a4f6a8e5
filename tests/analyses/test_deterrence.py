"""The deterrence analysis: synthetic world with known truth, and the real-data tier."""
import json

import numpy as np
import pytest

import alliancestats as als
from alliancestats.models import fit_binary
from alliancestats.synth import SAMPLE_DIR

from _util import load_analysis, uncaptioned

SAMPLE = SAMPLE_DIR


@pytest.fixture(scope="module")
def synth_dir(sample_processed):
    # a folder marked synthetic ingests without "unknown release" warnings, and its provenance says so
    assert als.load("atop_member", data_dir=sample_processed).attrs["provenance"]["synthetic"] is True
    return sample_processed


def _module():
    return load_analysis("deterrence")


def test_synthetic_truth_is_recovered(synth_dir):
    truth = json.loads((SAMPLE / "truth.json").read_text())
    D = _module()
    panel, _ = D.build_panel(synth_dir, 1816, 2010)
    # every simulated initiation is found (the world has one MID per initiation)
    assert int(panel["initiation"].sum()) == truth["realised"]["initiations"]
    r = fit_binary(panel, "initiation", ["target_defense", "capshare1", "landcontig"], se="cluster", cluster="dyad")
    t = r.coef_table().set_index("term")
    for term, b in truth["initiation_logit"].items():
        assert t.loc[term, "conf_low"] <= b <= t.loc[term, "conf_high"], (term, b, t.loc[term].to_dict())


def test_synthetic_run_writes_named_results(synth_dir, tmp_path):
    D = _module()
    rows = ("default", "previous coding", "target:", "pledge timing", "years 1816-1944 only")
    res = D.run(synth_dir, tmp_path / "a", synthetic=True, n_sims=200, robustness=rows)
    for f in ("results.json", "coefficients.csv", "coefficients.tex", "coefficients.md", "coefficient_plot.png",
              "coefficient_plot.pdf", "first_difference_plot.png", "first_differences.csv"):
        assert (tmp_path / "a" / f).exists(), f
    saved = json.loads((tmp_path / "a" / "results.json").read_text())
    pc = saved["pct_change_target_defense"]
    assert pc["lo"] < pc["estimate"] < pc["hi"] < 0  # the synthetic world's pacts deter (b_D = -0.9)
    assert saved["n_events"] > 0 and saved["n_obs"] > saved["n_events"]
    c = saved["coefficients"]["target_defense"]
    assert {"estimate", "std_error", "p_value"} <= set(c)
    assert set(saved["not_in_main_model"]) == {"joint_democracy", "s_score", "distance"}
    assert saved["sample_dropped"]["dispute_carried_over"] > 0
    # robustness: one row per coding choice; the default row is the main model's estimate
    rob = {r["choice"]: r for r in saved["robustness"]}
    assert len(rob) == len(rows)
    default = next(r for c, r in rob.items() if c.startswith("default"))
    assert default["estimate"] == pytest.approx(c["estimate"]) and default["n_obs"] == saved["n_obs"]
    assert any(c.startswith("previous coding") for c in rob)
    # replications: estimated, or skipped with a recorded reason (the sample world has no peacesciencer tables)
    for name in ("leeds2003", "johnson_leeds2011", "bremer_dangerous_dyads"):
        assert name in saved["models"] or name in saved.get("replications_skipped", {}), name
    for name in ("leeds2003", "johnson_leeds2011"):
        if name in saved["models"]:
            assert saved["models"][name]["unavailable_covariates"], name  # recorded, never faked
    assert uncaptioned(tmp_path / "a") == []  # every figure and table has a caption for the report
    # reproducible byte for byte
    D.run(synth_dir, tmp_path / "b", synthetic=True, n_sims=200, robustness=rows)
    for f in ("results.json", "coefficients.csv", "first_differences.csv", "coefficient_plot.png", "robustness.csv"):
        assert (tmp_path / "a" / f).read_bytes() == (tmp_path / "b" / f).read_bytes(), f


def test_extra_covariate_hook(synth_dir, tmp_path):
    import pandas as pd

    D = _module()
    panel, _ = D.build_panel(synth_dir, 1816, 1830)
    states = pd.DataFrame({"ccode": panel["ccode1"], "year": panel["year"]}).drop_duplicates()
    states["democ"] = (states["ccode"] % 3 == 0).astype(float)
    p2, added = D.build_panel(synth_dir, 1816, 1830, extra=[(states, "state", ["democ"])])
    assert added == ["democ1", "democ2"] and p2["democ1"].notna().all()


@pytest.mark.realdata
def test_real_data_invariants(real_reproduce):
    # the deterrence stage of the session's real `reproduce` (tests/conftest.py): every robustness row, 1,000 draws
    res = json.loads((real_reproduce.out_dir / "deterrence" / "results.json").read_text())
    real_processed = real_reproduce.processed_dir
    assert not res["errors"], res["errors"]
    # sample: 1816-2000 directed dyad-years minus carried-over dispute years
    assert 1_250_000 < res["n_obs"] <= res["panel_rows_1816_2000"] < 1_400_000
    # events against the dispute data: originator-vs-originator GML initiations 1816-2000 among system members
    from alliancestats.deterrence import initiation_events

    ev = initiation_events(real_processed)
    n_src = len(ev.loc[ev["year"] <= 2000, ["ccode1", "ccode2", "year"]].drop_duplicates())
    assert 0.97 * n_src <= res["n_events"] <= n_src
    assert res["n_events"] < res["n_events_joiner"]
    # the robustness rows: estimated on real data; the previous coding is the old +0.27 design (issue 10)
    from alliancestats.deterrence.robustness import CHOICES

    rob = {r["choice"]: r for r in res["robustness"]}
    assert list(rob) == [c[0] for c in CHOICES]
    named = [r for c, r in rob.items() if c.startswith(("default", "previous coding", "dyads: Maoz"))]
    assert len(named) == 3 and all(np.isfinite(r["estimate"]) for r in named), named
    default = next(r for c, r in rob.items() if c.startswith("default"))
    assert default["estimate"] == pytest.approx(res["coefficients"]["target_defense"]["estimate"], abs=1e-6)
    prev = next(r for c, r in rob.items() if c.startswith("previous coding"))
    assert prev["n_events"] > res["n_events"] and prev["estimate"] == pytest.approx(0.27, abs=0.02)
    maoz = next(r for c, r in rob.items() if c.startswith("dyads: Maoz"))
    assert maoz["n_events"] < res["n_events_joiner"]
    # replications ran with their published designs and year ranges, every covariate built from real data
    m = res["models"]
    assert m["leeds2003"]["years"] == [1816, 1944] and m["leeds2003"]["model"].startswith("logit")
    assert m["johnson_leeds2011"]["years"] == [1816, 2000] and m["johnson_leeds2011"]["model"].startswith("probit")
    for name in ("leeds2003", "johnson_leeds2011", "bremer_dangerous_dyads"):
        assert not m[name]["unavailable_covariates"], (name, m[name]["unavailable_covariates"])
        assert m[name]["n_events"] < m[name]["n_obs"]
    jl = m["johnson_leeds2011"]["coefficients"]
    assert {"challenger_defense", "ln_capdist", "jointdem", "s_unweighted"} <= set(jl)
    assert jl["ln_capdist"]["estimate"] < 0  # distance dampens initiation in every published model
    bd = m["bremer_dangerous_dyads"]["coefficients"]
    assert bd["landcontig"]["estimate"] > 0 and bd["mindemest"]["estimate"] < 0  # the published signs
    assert 90_000 < m["bremer_dangerous_dyads"]["n_obs"] < 200_000
    s = res["shares"]
    assert 0.3 < s["target_defense"] < 0.8 and 0.01 < s["landcontig"] < 0.06
    pc = res["pct_change_target_defense"]
    assert pc["lo"] < pc["estimate"] < pc["hi"]
    assert res["models"]["logit_1816_1944"]["n_obs"] + res["models"]["logit_1945_2000"]["n_obs"] == res["n_obs"]
    assert np.isfinite(res["coefficients"]["target_defense"]["std_error"])
