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
