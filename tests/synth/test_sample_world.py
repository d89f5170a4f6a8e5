"""The synthetic sample world: committed files regenerate byte for byte, and the pipeline recovers its truth.

Recovery is checked on what the library builds from the *written files*
(ingest -> processed Parquet -> panels / tables), never on the generator's
in-memory latent variables, except to check that the library re-derives the
same covariate the generator used (``target_defense``).
"""
from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import pytest
import statsmodels.api as sm

import alliancestats as als
from alliancestats.models.binary import fit_binary
from alliancestats.synth import SAMPLE_DIR, TRUTH, generate, simulate

Z99 = 2.5758293035489004  # two-sided 99 % normal quantile


@pytest.fixture(scope="module")
def world():
    return simulate(TRUTH)


@pytest.fixture(scope="module")
def sample_processed(tmp_path_factory):
    out = tmp_path_factory.mktemp("sample_processed")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # synthetic files are, rightly, not known release copies
        rep = als.ingest(SAMPLE_DIR, out)
    assert not rep.failed, [t.error for t in rep.failed]
    return out


def test_committed_sample_is_a_fresh_generation(tmp_path):
    fresh = generate(tmp_path / "sample")
    committed = sorted(p.name for p in SAMPLE_DIR.iterdir() if p.is_file())
    assert committed == sorted(p.name for p in fresh)
    for p in fresh:
        assert (SAMPLE_DIR / p.name).read_bytes() == p.read_bytes(), f"{p.name} differs from a fresh generation"
    assert sum(p.stat().st_size for p in fresh) < 3_000_000  # "a few MB at most"


def test_every_sample_file_is_ingested_with_no_rejections_but_the_world_aggregate(sample_processed):
    import json

    rep = json.loads((sample_processed / "ingest_report.json").read_text())
    done = {t["table_id"]: t for t in rep["tables"] if t["status"] == "written"}
    for tid in ("cow_states_2016_states", "cow_states_2016_system", "cow_states_2016_majors", "atop_5_1_member",
                "atop_5_1_alliance", "atop_5_1_institutions", "nmc_6_0_state_year",
                "cow_contiguity_3_2_directed_dyad_year", "gml_mid_2_1_dispute", "gml_mid_2_1_participant",
                "cow_war_4_0_participant", "worldbank_wdi_2018_country_year", "sipri_milex_2019_country_year"):
        assert tid in done, tid
    # the only rejected records: the three World Bank "World" aggregate rows
    assert {t: d.get("rows_rejected", 0) for t, d in done.items() if d.get("rows_rejected")} == \
        {"worldbank_wdi_2018_country_year": 3}


def _target_defense(ddy: pd.DataFrame, data_dir) -> pd.Series:
    """Challenger-specific target defense from the processed ATOP tables (see alliancestats.synth).

    D = 1 when the target (ccode2) has an ally other than the challenger
    (ccode1) with a defense obligation toward it that is unconditional, or
    conditional on a named adversary (defcoadv = 1) equal to the challenger.
    """
    pairs = als.alliance_dyad_years("atop", data_dir=data_dir)  # ccode1 obligated toward ccode2
    pairs = pairs[pairs["defense"] == 1]
    mem = als.load("atop_member", data_dir=data_dir)
    cond = mem.groupby("atopid")[["defcoadv", "statthr1"]].first().reset_index()
    pairs = pairs.merge(cond, on="atopid", how="left", validate="many_to_one")
    unc = pairs[pairs["defcoadv"] == 0]
    # distinct unconditional allies of each target-year
    a = unc.drop_duplicates(["ccode2", "year", "ccode1"]).groupby(["ccode2", "year"])["ccode1"].agg(["size", "min"])
    a = a.rename(columns={"size": "n_allies", "min": "only_ally"}).reset_index()
    c = pairs[pairs["defcoadv"] == 1][["ccode2", "year", "statthr1"]].drop_duplicates()
    c = c.rename(columns={"statthr1": "ccode1"}).assign(cond_hit=1)
    c["ccode1"] = c["ccode1"].astype("int16")
    d = ddy[["ccode1", "ccode2", "year"]].astype("int64")
    d = d.merge(a.astype("int64"), on=["ccode2", "year"], how="left", validate="many_to_one")
    d = d.merge(c.astype("int64"), on=["ccode1", "ccode2", "year"], how="left", validate="one_to_one")
    n = d["n_allies"].fillna(0)
    unc_hit = (n >= 2) | ((n == 1) & (d["only_ally"] != d["ccode1"]))
    return (unc_hit | d["cond_hit"].eq(1)).astype("int8").set_axis(ddy.index)


@pytest.fixture(scope="module")
def initiation_panel(sample_processed):
    d = als.create_dyad_years(True, 1816, 2010, data_dir=sample_processed)
    d = als.add_disputes(d, "gml")
    d = als.add_capabilities(d)
    d = als.add_contiguity(d)
    d["target_defense"] = _target_defense(d, sample_processed)
    d["init"] = ((d["gmlmidonset"] == 1) & (d["gml_init1"] == 1)).astype("int8")
    return d


def test_library_rebuilds_the_generators_covariates(initiation_panel, world):
    d = initiation_panel
    g = world.dyads
    m = d.merge(g, on=["ccode1", "ccode2", "year"], suffixes=("", "_true"), validate="one_to_one")
    assert len(m) == len(d) == len(g)
    assert (m["target_defense"] == m["target_defense_true"]).all()
    assert (m["landcontig"].astype(int) == m["landcontig_true"]).all()
    assert np.allclose(m["capshare1"].astype(float), m["capshare1_true"], atol=1e-12)
    # add_disputes keeps one dispute per dyad-year, so when i and j each initiated one against the other in
    # the same year exactly one of the two directed initiations is lost (documented rule); nothing else differs
    i = g.loc[g["init"] == 1, ["ccode1", "ccode2", "year"]]
    two_way = len(i.merge(i.rename(columns={"ccode1": "ccode2", "ccode2": "ccode1"}), on=["ccode1", "ccode2", "year"]))
    lost = int(((m["init_true"] == 1) & (m["init"] == 0)).sum())
    assert two_way % 2 == 0 and lost == two_way // 2
    assert ((m["init"] == 1) & (m["init_true"] == 0)).sum() == 0


def test_initiation_logit_recovers_the_truth(initiation_panel):
    r = fit_binary(initiation_panel, "init", ["target_defense", "capshare1", "landcontig"])
    truth = {"const": TRUTH.b0, "target_defense": TRUTH.b_target_defense, "capshare1": TRUTH.b_capshare,
             "landcontig": TRUTH.b_landcontig}
    for name, value in truth.items():
        est, se = float(r.params[name]), float(r.bse[name])
        assert abs(est - value) < Z99 * se, f"{name}: {est:.3f} (se {se:.3f}) vs truth {value}"
        assert se < 0.25, f"{name}: se {se:.3f} too large to be a meaningful check"
    assert r.n_events > 1000


def test_allies_fulfil_with_the_known_probability(sample_processed, world):
    """Obligated allies of each war's target (from the processed ATOP tables) and whether they joined."""
    w = als.load("cow_war_participant", data_dir=sample_processed)
    start = w.groupby("warnum")["start_date1"].transform("min")
    chal = w[(w["side"] == 1) & (w["initiator"] == 1)][["warnum", "ccode"]].rename(columns={"ccode": "challenger"})
    tgt = w[(w["side"] == 2) & (w["start_date1"] == start)][["warnum", "ccode", "start_date1"]]
    tgt = tgt.rename(columns={"ccode": "target"})
    wars = chal.merge(tgt, on="warnum", validate="one_to_one")
    wars["year"] = wars["start_date1"].dt.year
    pairs = als.alliance_dyad_years("atop", data_dir=sample_processed)
    pairs = pairs[pairs["defense"] == 1]
    mem = als.load("atop_member", data_dir=sample_processed)
    cond = mem.groupby("atopid")[["defcoadv", "statthr1"]].first().reset_index()
    pairs = pairs.merge(cond, on="atopid", validate="many_to_one")
    opp = wars.merge(pairs.rename(columns={"ccode1": "ally", "ccode2": "target"}), on=["target", "year"])
    ok = (opp["defcoadv"] == 0) | (opp["statthr1"] == opp["challenger"])
    opp = opp[ok & (opp["ally"] != opp["challenger"])].drop_duplicates(["warnum", "ally"])
    side2 = w[w["side"] == 2][["warnum", "ccode"]].rename(columns={"ccode": "ally"}).assign(joined=1)
    opp = opp.merge(side2, on=["warnum", "ally"], how="left", validate="one_to_one")
    opp["joined"] = opp["joined"].fillna(0)
    assert len(opp) == len(world.opportunities) and opp["joined"].sum() == world.opportunities["joined"].sum()
    n, k = len(opp), opp["joined"].sum()
    p = k / n
    se = np.sqrt(TRUTH.p_fulfill * (1 - TRUTH.p_fulfill) / n)
    assert n >= 80
    assert abs(p - TRUTH.p_fulfill) < Z99 * se, f"{k}/{n} = {p:.3f} vs {TRUTH.p_fulfill}"


def test_burden_sharing_slope_is_recovered(sample_processed):
    wb = als.load("worldbank_wdi_country_year", data_dir=sample_processed)
    wide = wb.pivot_table(index=["ccode", "year"], columns="indicator", values="value", observed=True).reset_index()
    wide = wide.rename(columns={"MS.MIL.XPND.GD.ZS": "burden", "NY.GDP.MKTP.CD": "gdp"})
    pairs = als.alliance_dyad_years("atop", data_dir=sample_processed)
    pairs = pairs[pairs["defense"] == 1].drop_duplicates(["ccode1", "ccode2", "year"])
    g = wide[["ccode", "year", "gdp"]].astype({"ccode": "int64", "year": "int64"})
    p = pairs[["ccode1", "ccode2", "year"]].astype("int64").merge(
        g.rename(columns={"ccode": "ccode2", "gdp": "gdp_ally"}), on=["ccode2", "year"], validate="many_to_one")
    allies = p.groupby(["ccode1", "year"])["gdp_ally"].sum().rename("gdp_allies").reset_index()
    d = wide.astype({"ccode": "int64", "year": "int64"}).merge(
        allies.rename(columns={"ccode1": "ccode"}), on=["ccode", "year"], how="inner", validate="one_to_one")
    d["share"] = d["gdp"] / (d["gdp"] + d["gdp_allies"])
    d = d[d["burden"] > 0.1]  # the generator floors burdens at 0.1 (censoring)
    fit = sm.OLS(d["burden"].to_numpy(), sm.add_constant(d["share"].to_numpy())).fit()
    (b0, b1), (s0, s1) = fit.params, fit.bse
    assert abs(b1 - TRUTH.bs_slope) < Z99 * s1, f"slope {b1:.3f} (se {s1:.3f}) vs {TRUTH.bs_slope}"
    assert abs(b0 - TRUTH.bs_intercept) < Z99 * s0
    assert abs(np.sqrt(fit.scale) - TRUTH.bs_sd) < 0.05
    assert len(d) > 500


def test_sample_folder_is_skipped_when_a_parent_folder_is_ingested(tmp_path):
    """data/raw/sample is marked synthetic: scanning data/raw must not pick its files up."""
    import shutil

    from alliancestats.raw.run import RawIndex

    shutil.copytree(SAMPLE_DIR, tmp_path / "raw" / "sample")
    (tmp_path / "raw" / "mine.csv").write_text("a,b\n1,2\n")
    assert [p.name for p in RawIndex.scan(tmp_path / "raw").files] == ["mine.csv"]
    assert "states2016.csv" in {p.name for p in RawIndex.scan(tmp_path / "raw" / "sample").files}
