"""Real-data tier: ATOP 5.1 x COW inter-state war 4.0 opportunities and their invariants."""
from __future__ import annotations

import pandas as pd
import pytest

import alliancestats as als
import alliancestats.fulfillment as ff

pytestmark = pytest.mark.realdata


@pytest.fixture(scope="module")
def real_opps(real_processed):
    return ff.build_opportunities(real_processed)


def test_invariants(real_opps, real_processed):
    o = real_opps
    war = als.load("cow_war_participant", data_dir=real_processed)
    mem = als.load("atop_member", data_dir=real_processed)
    assert o.attrs["alliancestats_fulfillment"] == {"atop": "atop_5_1", "war": "cow_war_4_0"}
    # every beneficiary's war record exists, with that side and entry date
    rec = war.assign(start=pd.to_datetime(war["start_date1"]).astype("datetime64[s]"))
    k = o[["warnum", "beneficiary", "side", "invocation_date"]].drop_duplicates().merge(
        rec.rename(columns={"ccode": "beneficiary"})[["warnum", "beneficiary", "side", "start"]].astype(
            {"warnum": "int16", "beneficiary": "int16", "side": "int8"}), on=["warnum", "beneficiary", "side"],
        how="left", validate="one_to_one")
    assert (k["start"] == k["invocation_date"]).all()
    # every listed adversary is a participant on the other side of that war
    adv = o[["warnum", "side", "adversaries"]].drop_duplicates().assign(cc=lambda d: d["adversaries"].str.split(";"))
    adv = adv.explode("cc").dropna(subset=["cc"])
    adv = adv[adv["cc"] != ""].astype({"cc": "int64"})
    parts = set(zip(war["warnum"].astype(int), war["ccode"].astype(int), war["side"].astype(int)))
    assert all((w, c, 3 - s) in parts for w, c, s in zip(adv["warnum"], adv["cc"], adv["side"]))
    # obligated member was in the alliance (phase) on the beneficiary's war entry date
    m = mem.assign(s=pd.to_datetime(mem["entry_date"]).astype("datetime64[s]"),
                   e=pd.to_datetime(mem["exit_date"]).astype("datetime64[s]").fillna(pd.Timestamp("2018-12-31")))
    j = o.merge(m[["atopid", "phase", "ccode", "s", "e"]].astype({"atopid": "int32", "ccode": "int16"}),
                left_on=["atopid", "phase", "obligated"], right_on=["atopid", "phase", "ccode"])
    ok = (j["s"] <= j["invocation_date"]) & (j["invocation_date"] <= j["e"])
    covered = j.loc[ok].drop_duplicates(["atopid", "phase", "obligated", "beneficiary", "warnum", "side", "obligation"])
    assert len(covered) == len(o)
    # key unique; only COW war years; no self-opportunities
    assert not o.duplicated(["atopid", "phase", "obligated", "beneficiary", "warnum", "side", "obligation"]).any()
    assert (o["obligated"] != o["beneficiary"]).all()
    assert o["invocation_date"].dt.year.between(1816, 2007).all()


def test_counts_by_type(real_opps):
    counts = real_opps["obligation"].value_counts().to_dict()
    assert set(counts) == {"nonagg", "consul", "defense", "neutral", "offense"}
    # every type occurs; defense opportunities number in the thousands over 1816-2007 (ATOP 5.1 x COW war 4.0)
    assert 1000 < counts["defense"] < 5000 and counts["offense"] > 50 and counts["neutral"] > 50
    llm = ff.code_outcomes(real_opps, "llm")
    fl = llm[llm["obligation"].isin(ff.FULFILLMENT_TYPES)]
    st = fl["status"].value_counts().to_dict()
    # every fulfillment-type opportunity gets exactly one status
    assert sum(st.values()) == len(fl) and set(st) <= {"honored", "violated", "undecidable", "excluded"}
    # Leeds, Long & Mitchell (2000) report ~74.5% honored 1816-1944; our LLM-style coding must be in that region
    early = fl[(fl["status"].isin(["honored", "violated"])) & (fl["invocation_date"].dt.year <= 1944)]
    rate = (early["status"] == "honored").mean()
    assert 0.6 < rate < 0.9, rate
    # the strict scheme never has more honored cases than llm
    strict = ff.code_outcomes(real_opps, "strict")
    assert (strict["status"] == "honored").sum() <= (llm["status"] == "honored").sum()


def test_known_case_ww1_defense(real_opps):
    # WWI (war 106): Germany (255) attacked? No -- Austria-Hungary initiated; Russia (365) on the target side.
    # France (220) had a defense obligation toward Russia (Franco-Russian alliance) and fought on its side.
    c = ff.code_outcomes(real_opps, "llm")
    fr = c[(c["warnum"] == 106) & (c["obligated"] == 220) & (c["beneficiary"] == 365) & (c["obligation"] == "defense")]
    assert len(fr) >= 1 and set(fr["status"]) <= {"honored", "undecidable"}


def test_attacked_partner_does_not_violate_nonaggression(real_opps):
    """Gulf War (COW war 211): Iraq (645) invaded Kuwait (690); Kuwait fighting back breaks no pledge to Iraq."""
    c = ff.code_outcomes(real_opps, "llm")
    k = c[(c["warnum"] == 211) & (c["obligated"] == 690) & (c["beneficiary"] == 645)
          & c["obligation"].isin(["nonagg", "neutral"])]
    assert len(k) >= 1 and (k["status"] == "excluded").all()
    assert k["reason"].str.contains("attacked the obligated member").all()


# ---- alliance x war cases (rules "literature"), issue 11 ----

@pytest.fixture(scope="module")
def real_cases(real_processed):
    return ff.build_cases(real_processed)


@pytest.fixture(scope="module")
def real_analysis(real_processed, tmp_path_factory):
    import importlib.util
    import json
    from pathlib import Path

    path = Path(__file__).resolve().parents[2] / "analyses" / "fulfillment.py"
    spec = importlib.util.spec_from_file_location("fulfillment_analysis_real", path)
    an = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(an)
    an.N_BOOT = 200  # the rates are recomputed exactly; the intervals are tested on hand-built data
    out = tmp_path_factory.mktemp("fulfillment_real")
    an.run(real_processed, out)
    return out, json.loads((out / "results.json").read_text())


def test_every_case_traceable_to_its_alliance_and_war(real_cases, real_processed):
    c, p = real_cases.cases, real_cases.pairs
    alliances = set(als.load("atop_alliance", data_dir=real_processed)["atopid"].astype(int))
    war = als.load("cow_war_participant", data_dir=real_processed)
    assert set(c["atopid"].astype(int)) <= alliances
    assert set(c["warnum"].astype(int)) <= set(war["warnum"].astype(int))
    assert not c.duplicated(["atopid", "warnum"]).any()
    # number of cases = distinct (alliance, war) among the member-pair candidates; relevant <=> a decided pair
    assert len(c) == len(p[["atopid", "warnum"]].drop_duplicates())
    dec = p[p["status"].isin(["honored", "violated"])][["atopid", "warnum"]].drop_duplicates()
    assert len(dec) == int(c["relevant"].sum())
    # each beneficiary of a decided pair fought in that war; each obligated member was in the alliance
    parts = set(zip(war["warnum"].astype(int), war["ccode"].astype(int)))
    d = p[p["status"].isin(["honored", "violated"])]
    assert all((w, b) in parts for w, b in zip(d["warnum"].astype(int), d["beneficiary"].astype(int)))
    mem = als.load("atop_member", data_dir=real_processed)
    assert set(zip(d["atopid"].astype(int), d["obligated"].astype(int))) <= set(
        zip(mem["atopid"].astype(int), mem["ccode"].astype(int)))
    # every excluded case names a rule from the documented list
    assert set(c.loc[c["status"] == "excluded", "rule"]) <= set(ff.RULE_IDS)


def test_known_cases(real_cases):
    fc = real_cases
    # Anglo-Soviet treaty of 12 July 1941 (ATOP 2535), signed during World War II: a case, honored
    row, _ = fc.case(2535, 139)
    assert row["relevant"] and row["wartime_case"] and row["status"] == "honored"
    p = fc.pairs[fc.pairs["status"].isin(["honored", "violated"]) & (fc.pairs["obligation"] == "defense")]
    # Korea (151) and the Gulf War (211): only South Korea and Kuwait were attacked; coalition joiners
    # (the UK in Korea, Morocco in 1991) are owed no defense, so no false violations toward them
    assert set(p.loc[p["warnum"] == 151, "beneficiary"]) <= {732}
    assert set(p.loc[p["warnum"] == 211, "beneficiary"]) <= {690}
    # Iraq's invasion of Kuwait violates the non-aggression promises between them
    na = fc.pairs[(fc.pairs["warnum"] == 211) & (fc.pairs["obligated"] == 645) & (fc.pairs["beneficiary"] == 690)
                  & (fc.pairs["obligation"] == "nonagg")]
    assert len(na) >= 1 and (na["status"] == "violated").all()
    with pytest.raises(als.errors.OptionError):
        fc.case(2535, 138)  # not a COW war number


def test_rates_recomputed_from_cases_csv(real_analysis):
    out, js = real_analysis
    cases = pd.read_csv(out / "cases.csv")
    rel = cases[cases["relevant"]]
    assert len(rel) == js["rate_overall"]["n"] == js["counts"]["n_relevant"]
    assert int(rel["honored"].sum()) == js["rate_overall"]["n_honored"]
    for period, key in (("1816-1944", "rate_1816_1944"), ("1945-", "rate_1945_on")):
        sub = rel[rel["period"] == period]
        assert len(sub) == js[key]["n"] and sub["honored"].mean() == pytest.approx(js[key]["rate"])
    types = pd.read_csv(out / "case_types.csv")
    trel = types[types["relevant"]]
    for t in ("defense", "offense", "neutral", "nonagg"):
        sub = trel[trel["obligation"] == t]
        if len(sub):
            assert len(sub) == js[f"rate_{t}"]["n"] and int(sub["honored"].sum()) == js[f"rate_{t}"]["n_honored"]
    assert sum(js["counts"]["excluded_by_rule"].values()) == int((cases["status"] == "excluded").sum())
    # the member-pair quantities of issue 5 sit under their own key and are not the headline
    assert js["member_pair"]["rate_overall"]["n"] > js["rate_overall"]["n"]
    # Leeds & Anac determinants on the cases, all five covariates present (Polity2 from peacesciencer)
    assert set(js["determinants"]["coefficients"]) == {"const", *ff.CASE_DETERMINANTS}
    assert js["skips"] == []
