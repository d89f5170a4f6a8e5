"""Hand-built fixtures: each obligation type and each exclusion rule gets the expected coding."""
from __future__ import annotations

import pandas as pd
import pytest

import alliancestats.fulfillment as ff


def _status(coded):
    return {(r.atopid, r.obligated, r.beneficiary, r.obligation): (r.status, None if pd.isna(r.honored) else int(r.honored))
            for r in coded.itertuples()}


LLM = {
    (1001, 2, 200, "defense"): ("honored", 1),
    (1001, 200, 2, "defense"): ("honored", 1),
    (1002, 400, 200, "defense"): ("undecidable", 0),
    (1003, 500, 200, "defense"): ("excluded", None),
    (1004, 600, 200, "defense"): ("violated", 0),
    (1005, 400, 300, "neutral"): ("honored", 1),
    (1006, 2, 300, "nonagg"): ("violated", 0),
    (1006, 300, 2, "nonagg"): ("violated", 0),
    (1007, 500, 300, "offense"): ("violated", 0),
    (1008, 2, 200, "consul"): ("not_coded", None),
    (1008, 200, 2, "consul"): ("not_coded", None),
    (1011, 300, 200, "defense"): ("excluded", None),
    (1011, 700, 200, "defense"): ("excluded", None),
    (1011, 200, 300, "defense"): ("excluded", None),
    (1011, 700, 300, "defense"): ("excluded", None),
    (1013, 700, 200, "defense"): ("undecidable", 0),
}
STRICT = {**LLM,
          (1001, 200, 2, "defense"): ("excluded", None),
          (1011, 300, 200, "defense"): ("violated", 0),
          (1011, 700, 200, "defense"): ("undecidable", 0)}


@pytest.mark.parametrize("scheme,expected", [("llm", LLM), ("strict", STRICT)])
def test_every_case_coded_as_by_hand(fworld, scheme, expected):
    coded = ff.code_outcomes(ff.build_opportunities(fworld), scheme=scheme)
    assert _status(coded) == expected  # also: no 1009 (not in effect) and no 1012 (asymmetric, 400->200) rows


def test_reasons_name_the_rule(fworld):
    c = ff.code_outcomes(ff.build_opportunities(fworld), scheme="llm").set_index(["atopid", "obligated", "beneficiary"])
    assert "non-provocation" in c.loc[(1002, 400, 200), "reason"]
    assert "named threat" in c.loc[(1003, 500, 200), "reason"]
    assert "not recorded" in c.loc[(1013, 700, 200), "reason"]
    assert "same alliance" in c.loc[(1011, 700, 200), "reason"]
    assert "initiated" in c.loc[(1011, 200, 300), "reason"]
    assert "attacked" in c.loc[(1001, 2, 200), "why"]
    s = ff.code_outcomes(ff.build_opportunities(fworld), scheme="strict").set_index(["atopid", "obligated", "beneficiary"])
    assert "joined the defending side" in s.loc[(1001, 200, 2), "reason"]
    assert "co-member" in s.loc[(1011, 700, 200), "reason"]


def test_opportunity_facts(fworld):
    o = ff.build_opportunities(fworld).set_index(["atopid", "obligated", "beneficiary", "obligation"])
    r = o.loc[(1001, 2, 200, "defense")]
    assert r["invocation_date"] == pd.Timestamp("1900-01-01") and r["warnum"] == 1 and r["side"] == 2
    assert r["o_same_start"] == pd.Timestamp("1900-03-01") and pd.isna(r["o_opp_start"])
    assert bool(r["b_original_target"]) and r["adversaries"] == "300" and r["n_members"] == 2
    r = o.loc[(1011, 700, 200, "defense")]
    assert r["n_members"] == 3 and r["n_adv_comembers"] == 1
    assert bool(o.loc[(1004, 600, 200, "defense"), "named_threat_adversary"])
    assert not bool(o.loc[(1003, 500, 200, "defense"), "named_threat_adversary"])


def test_joining_after_the_beneficiary_left_is_not_honoring(fworld, war_frame):
    # 200 stops fighting before 2 enters on its side: their spells never overlap, so 2 did not come
    # to 200's aid in either scheme (a UN-Declaration-style late joiner must not count as honoring)
    from alliancestats.store import write_parquet
    w = war_frame
    w.loc[w["ccode"] == 200, "end_date1"] = pd.Timestamp("1900-02-01")
    write_parquet(w, fworld / "cow_war_4_0_participant.parquet", {"dataset_id": "cow_war_4_0", "synthetic": True})
    o = ff.build_opportunities(fworld)
    key = lambda c: c.set_index(["atopid", "obligated", "beneficiary"]).loc[(1001, 2, 200), "status"]  # noqa: E731
    assert key(ff.code_outcomes(o, "llm")) == "violated"
    assert key(ff.code_outcomes(o, "strict")) == "violated"


def test_fulfillment_opportunities_drops_excluded_and_explain(fworld, capsys):
    allc = ff.code_outcomes(ff.build_opportunities(fworld), "llm")
    c = ff.fulfillment_opportunities(fworld, scheme="llm")
    # the verb drops exactly the excluded rows of the full coding, and keeps every other row
    assert (allc["status"] == "excluded").any()
    assert len(c) == int((allc["status"] != "excluded").sum()) == sum(v[0] != "excluded" for v in LLM.values())
    ex = ff.explain(c[(c["atopid"] == 1004)].iloc[0])
    text = ex.summary()
    # the chain of evidence for 1004: 600's defense promise to 200, 200 attacked by the named threat 300, 600 out
    assert text.splitlines()[0].startswith("Opportunity: ATOP 1004") and "defense obligation of 600 toward 200" in text
    assert "named threats (statthr1/2): 300; a named threat fights on the other side: True" in text
    assert "original target=True" in text and "coding (scheme 'llm'): VIOLATED" in text
    assert "VIOLATED" in capsys.readouterr().out  # explain() also prints it


def test_bad_scheme_and_war_without_initiator(fworld, war_frame):
    o = ff.build_opportunities(fworld)
    with pytest.raises(ValueError):
        ff.code_outcomes(o, scheme="lenient")
    w = war_frame.assign(initiator=2)
    with pytest.raises(Exception, match="no initiator"):
        ff.build_opportunities(fworld, participants=w)
