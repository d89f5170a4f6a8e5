"""The deterrence analysis: synthetic world with known truth, and the real-data tier."""
import importlib.util
import json
from pathlib import Path

import numpy as np
import pytest

import alliancestats as als
from alliancestats.models import fit_binary

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "data" / "raw" / "sample"


def _module():
    spec = importlib.util.spec_from_file_location("deterrence_analysis", ROOT / "analyses" / "deterrence.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


@pytest.fixture(scope="module")
def synth_dir(tmp_path_factory):
    out = tmp_path_factory.mktemp("synth_processed")
    rep = als.ingest(SAMPLE, out)
    # a folder marked synthetic ingests without "unknown release" warnings, and its provenance says so
    assert not any(t.warnings for t in rep.tables)
    assert als.load("atop_member", data_dir=out).attrs["provenance"]["synthetic"] is True
    return out


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
    res = D.run(synth_dir, tmp_path / "a", synthetic=True, n_sims=200)
    for f in ("results.json", "coefficients.csv", "coefficients.tex", "coefficients.md", "coefficient_plot.png",
              "coefficient_plot.pdf", "first_difference_plot.png", "first_differences.csv"):
        assert (tmp_path / "a" / f).exists(), f
    saved = json.loads((tmp_path / "a" / "results.json").read_text())
    pc = saved["pct_change_target_defense"]
    assert pc["lo"] < pc["estimate"] < pc["hi"] < 0  # the synthetic world's pacts deter (b_D = -0.9)
    assert saved["n_events"] > 0 and saved["n_obs"] > saved["n_events"]
    c = saved["coefficients"]["target_defense"]
    assert {"estimate", "std_error", "p_value"} <= set(c)
    assert set(saved["unavailable_covariates"]) == {"joint_democracy", "s_score", "distance"}
    # reproducible byte for byte
    D.run(synth_dir, tmp_path / "b", synthetic=True, n_sims=200)
    for f in ("results.json", "coefficients.csv", "first_differences.csv", "coefficient_plot.png"):
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
def test_real_data_invariants(real_processed, tmp_path):
    D = _module()
    res = D.run(real_processed, tmp_path, n_sims=100)
    assert not res["errors"], res["errors"]
    # sample: 1816-2000 directed dyad-years minus carried-over dispute years
    assert 1_250_000 < res["n_obs"] <= res["panel_rows_1816_2000"] < 1_400_000
    # events against the dispute data: strict GML initiations with dyadic onset 1816-2000 among system members
    dy = als.dispute_dyad_years("gml", data_dir=real_processed)
    on = dy[(dy["onset"] == 1) & (dy["sidea1"] == 1) & (dy["orig1"] == 1) & (dy["year"] <= 2000)]
    n_src = len(on[["ccode1", "ccode2", "year"]].drop_duplicates())
    assert 0.97 * n_src <= res["n_events"] <= n_src
    assert res["n_events_onedispute_coding"] <= res["n_events"] <= res["n_events_joiner"]
    s = res["shares"]
    assert 0.3 < s["target_defense"] < 0.8 and 0.01 < s["landcontig"] < 0.06
    pc = res["pct_change_target_defense"]
    assert pc["lo"] < pc["estimate"] < pc["hi"]
    assert res["models"]["logit_1816_1944"]["n_obs"] + res["models"]["logit_1945_2000"]["n_obs"] == res["n_obs"]
    assert np.isfinite(res["coefficients"]["target_defense"]["std_error"])
