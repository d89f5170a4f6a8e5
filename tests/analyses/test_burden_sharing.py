"""The burden-sharing analysis end to end: synthetic sample world, and real data when available."""
from __future__ import annotations

import json

import pytest

from _util import load_analysis, uncaptioned


def test_synthetic_run_recovers_positive_oz_effect(sample_processed, tmp_path):
    res = load_analysis("burden_sharing").run(sample_processed, tmp_path / "a", synthetic=True, n_perm=199, n_sims=10)
    tmp_path = tmp_path / "a"
    on_disk = json.loads((tmp_path / "results.json").read_text())
    assert on_disk["alliance"] == res["alliance"] and res["synthetic"] is True
    # the sample world plants burden% = 1 + 3 * (share of GDP among defense allies): positive slope
    b = res["panel_burden_gdp_share_share_gdp"]
    assert b > 0 and b / res["panel_burden_gdp_share_share_gdp_se"] > 2
    for stem in (f"oz_spearman_{res['alliance']}", f"scatter_{res['alliance']}_{res['scatter_year']}"):
        assert (tmp_path / f"{stem}.png").exists() and (tmp_path / f"{stem}.pdf").exists()
    for stem in ("panel_models", "influence_summary", "influence_burden_gdp_share", "influence_leader_follower",
                 "simulation_size_power", "model_interpretation", "oz_published_comparison"):
        assert (tmp_path / f"{stem}.md").exists(), stem
    # every panel model carries its leave-one-out range; the sample has no rival: recorded, not a crash
    for key in ("burden_gdp_share", "burden_gdp_share_differences"):
        inf = res[f"panel_{key}_influence"]
        assert inf["n_loo"] >= 3 and inf["loo_min"] <= inf["estimate"] <= inf["loo_max"]
    # three followers: leaving one out leaves two, which is a reported skip, not a number
    lf = res["panel_leader_follower_influence"]
    assert lf["n_loo"] + len(lf.get("loo_skipped", {})) >= 3
    assert all("fewer than" in v or "at least" in v for v in lf.get("loo_skipped", {}).values())
    assert "no rival" in res["leader_follower_note"] and not res["errors"]
    assert "accounting identity" in res["panel_spill_in_status"]
    assert "oz_published_nato_1964" not in res  # no published value is put beside synthetic numbers
    assert uncaptioned(tmp_path) == []  # every figure and table has a caption for the report
    # reproducible byte for byte (the determinism the real-data tier relies on: tests/reproduce/test_real_reproduce.py)
    load_analysis("burden_sharing").run(sample_processed, tmp_path.parent / "b", synthetic=True, n_perm=199,
                                        n_sims=10)
    one = {p.name: p.read_bytes() for p in sorted(tmp_path.iterdir())}
    two = {p.name: p.read_bytes() for p in sorted((tmp_path.parent / "b").iterdir())}
    assert one.keys() == two.keys() and [k for k in one if one[k] != two[k]] == []


def test_real_run(real_reproduce):
    from alliancestats.burden import OZ_1966_TABLE1

    # the burden-sharing stage of the session's real `reproduce` (tests/conftest.py), default settings
    out = real_reproduce.out_dir / "burden_sharing"
    res = json.loads((out / "results.json").read_text())
    assert res["alliance"] == "nato" and res["oz_member_rule"] == "armed_forces"
    # O&Z's member rule: Iceland (no armed forces) out; with it in, the old figure
    assert res["oz_n_nato_1964"] == 14 and res["oz_n_all_members_nato_1964"] == 15
    assert res["oz_spearman_all_members_nato_1964"] == pytest.approx(0.678571, abs=1e-6)
    assert res["oz_spearman_nato_1964"] < res["oz_spearman_all_members_nato_1964"]
    assert res["oz_published_nato_1964"] == OZ_1966_TABLE1["spearman"] == 0.490
    assert [e["state"] for e in res["oz_excluded_nato_1964"]] == ["ICE"]
    assert {e["ccode"] for e in res["oz_excluded_members"]} == {395}
    sens = res["oz_sensitivity_nato_1964"]
    assert len(sens) >= 10 and {"armed_forces", "all"} == {r["member_rule"] for r in sens}
    lo, hi = res["oz_sensitivity_range_nato_1964"]
    assert lo <= res["oz_spearman_nato_1964"] <= hi
    assert res["oz_years"] == [1960, 2024]
    lo, hi = res["oz_spearman_ci_nato_1964"]
    assert lo < res["oz_spearman_nato_1964"] < hi
    assert res["burden_out_of_range"]["n_wartime"] >= 2
    # members per year as documented (accessions from the day of becoming a party)
    mpy = {int(y): n for y, n in res["members_per_year"].items()}  # JSON keys are strings
    assert (mpy[1949], mpy[1952], mpy[1982], mpy[1999], mpy[2004], mpy[2024]) == (12, 14, 16, 19, 26, 32)
    for key in ("panel_burden_gdp_share_share_gdp", "panel_leader_follower_g_leader",
                "panel_leader_follower_threat_excess"):
        assert key in res and res[f"{key}_se"] > 0
    gs = res["panel_burden_gdp_share_influence"]
    assert gs["sign_flips"] == ["USA"] and gs["without_leader"] < 0 < gs["estimate"]
    assert set(gs["periods"]) == {"1949-1990", "1991-2024"}
    lf = res["panel_leader_follower_influence"]
    assert lf["n_loo"] == 14 and set(lf["periods"]) == {"1956-1972", "1973-1988"}
    assert "panel_spill_in_log_spill_in" not in res and "accounting identity" in res["panel_spill_in_status"]
    assert "oz_spearman_rio_1964" in res
    assert (out / "oz_spearman_nato.png").exists() and (out / "scatter_nato_1964.png").exists()
    assert (out / "oz_sensitivity_nato_1964.md").exists() and (out / "influence_summary.md").exists()
