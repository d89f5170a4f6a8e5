"""Alliance x war cases under the relevance rules: one hand-built world, one alliance per rule.

War 10 (1900-01-01 .. 1900-12-31), a coalition war. Side 1: 300 (initiator,
attacks 200 on day one), 500 (joins 1 April and attacks 200). Side 2: 200
(original target), 400 (joins 1 February, initiates its dyad with 300), 2
(joins 1 March, initiates its dyad with 300). The directed dyadic war file
has 300->200, 400->300, 2->300, 500->200 (initiator first), both directions.

War 20 (1910): 100 attacks 110 on 1 January; 120 joins 110's side on 10
January and attacks 100 (dyad 120->100).

Alliances and the answer by hand under rules "literature":
A1 2001 {200, 2, 400} defense        one case, honored: 2 and 400 fight for 200 (attacked); 2 and 400 are
                                     joiners, so no defense is owed to them (6 member-pair rows, 1 case)
A2 2002 {200, 700} non-aggression    700 stays out: not a case (partner_not_opposed)
A3 2003 {200, 300} non-aggression    300 attacks 200: violated (fought_the_beneficiary); 200 fighting back
                                     breaks no promise (beneficiary_attacked_partner)
A4 2004 {2, 500} non-aggression      500 joins 2's enemy but never fights 2: honored (did_not_fight_beneficiary)
A5 2005 {200, 400} defense, signed   wartime treaty between co-belligerents (ATOP cowwar = 10): a case,
   1900-06-01                        honored (both keep fighting after signature)
A7 2007 {2, 900} defense             2 joined the coalition war: not attacked, no case (defense_requires_attack);
                                     the issue-5 rule (war side) wrongly codes 900 as violating
A8 2008 {100, 130} defense           100 attacked first, then 120 attacked it: no defense case
                                     (beneficiary_attacked_first)
A9 2009 {200, 600} defense           600 stays out while 200 is attacked: violated (stayed_out_or_late)
A10 2010 {200, 650} defense against  500 fights 200 but did not attack it (300 did; 500 joined in April):
   named threat 500                  the named-adversary condition is not met (named_adversary_not_met)
"""
from __future__ import annotations

import importlib.util
from pathlib import Path

import pandas as pd
import pytest

import alliancestats.fulfillment as ff
from alliancestats.errors import OptionError
from alliancestats.fulfillment.opportunities import _MEMBER_COLS

_spec = importlib.util.spec_from_file_location("fulfillment_world", Path(__file__).with_name("conftest.py"))
_fw = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_fw)
member_frame = _fw.member_frame  # the processed ATOP member dtypes, shared with the issue-5 world


def _dt(x):
    return pd.to_datetime(pd.Series(x)).astype("datetime64[s]")


def members() -> pd.DataFrame:
    rows = []

    def add(aid, cc, ob, entry="1890-01-01", cowwar=0, **kw):
        r = {c: 0 for c in _MEMBER_COLS}
        r.update(atopid=aid, phase=0, ccode=cc, entry_date=entry, exit_date=None, exit_censored=True,
                 statthr1=0, statthr2=0, cowwar=cowwar)
        r[ob] = 1
        r.update(kw)
        rows.append(r)

    for cc in (200, 2, 400):
        add(2001, cc, "defense")
    add(2002, 200, "nonagg"); add(2002, 700, "nonagg")
    add(2003, 200, "nonagg"); add(2003, 300, "nonagg")
    add(2004, 2, "nonagg"); add(2004, 500, "nonagg")
    add(2005, 200, "defense", "1900-06-01", 10); add(2005, 400, "defense", "1900-06-01", 10)
    add(2007, 2, "defense"); add(2007, 900, "defense")
    add(2008, 100, "defense"); add(2008, 130, "defense")
    add(2009, 200, "defense"); add(2009, 600, "defense")
    add(2010, 200, "defense", defcoadv=1, statthr1=500); add(2010, 650, "defense", defcoadv=1, statthr1=500)
    return member_frame(rows)


def participants() -> pd.DataFrame:
    rows = [(10, 300, 1, 1, "1900-01-01", "1900-12-31"), (10, 500, 1, 2, "1900-04-01", "1900-12-31"),
            (10, 200, 2, 2, "1900-01-01", "1900-12-31"), (10, 400, 2, 2, "1900-02-01", "1900-12-31"),
            (10, 2, 2, 2, "1900-03-01", "1900-12-31"),
            (20, 100, 1, 1, "1910-01-01", "1910-06-30"), (20, 110, 2, 2, "1910-01-01", "1910-06-30"),
            (20, 120, 2, 2, "1910-01-10", "1910-06-30")]
    w = pd.DataFrame(rows, columns=["warnum", "ccode", "side", "initiator", "start_date1", "end_date1"])
    w["warname"] = w["warnum"].map({10: "Coalition War", 20: "Border War"})
    w["start_date1"], w["end_date1"] = _dt(w["start_date1"]), _dt(w["end_date1"])
    w["start_date2"] = w["end_date2"] = _dt([None] * len(w))
    return w.astype({"warnum": "Int16", "ccode": "Int16", "side": "Int8", "initiator": "Int8"})


def dyads() -> pd.DataFrame:
    """Directed dyadic war records: (war, initiator, target, start); both directions written."""
    rows = []
    for war, a, b, start, end in [(10, 300, 200, "1900-01-01", "1900-12-31"), (10, 400, 300, "1900-02-01", "1900-12-31"),
                                  (10, 2, 300, "1900-03-01", "1900-12-31"), (10, 500, 200, "1900-04-01", "1900-12-31"),
                                  (20, 100, 110, "1910-01-01", "1910-06-30"), (20, 120, 100, "1910-01-10", "1910-06-30")]:
        y = int(start[:4])
        rows.append((war, a, b, y, 1, 3, start, end))
        rows.append((war, b, a, y, 3, 1, start, end))
    d = pd.DataFrame(rows, columns=["warnum", "ccode1", "ccode2", "year", "wardyadrolea", "wardyadroleb", "start_date",
                                    "end_date"])
    d["start_date"], d["end_date"] = _dt(d["start_date"]), _dt(d["end_date"])
    return d.astype({"warnum": "Int16", "ccode1": "Int16", "ccode2": "Int16", "year": "Int16",
                     "wardyadrolea": "Int8", "wardyadroleb": "Int8"})


def build(rules="literature", **kw):
    return ff.build_cases(members=members(), participants=participants(), dyads=dyads(), rules=rules, **kw)


@pytest.fixture(scope="module")
def fc():
    return build()


def _case(fc, aid, war):
    row, pairs = fc.case(aid, war)
    return row, pairs


EXPECTED = {  # (atopid, war): (status, deciding rule)
    (2001, 10): ("honored", "fought_alongside"),
    (2002, 10): ("excluded", "partner_not_opposed"),
    (2003, 10): ("violated", "fought_the_beneficiary"),
    (2004, 10): ("honored", "did_not_fight_beneficiary"),
    (2005, 10): ("honored", "fought_alongside"),
    (2007, 10): ("excluded", "defense_requires_attack"),
    (2008, 20): ("excluded", "beneficiary_attacked_first"),
    (2009, 10): ("violated", "stayed_out_or_late"),
    (2010, 10): ("excluded", "named_adversary_not_met"),
}


def test_every_case_coded_as_by_hand(fc):
    got = {(r.atopid, r.warnum): (r.status, r.rule) for r in fc.cases.itertuples()}
    assert got == EXPECTED


def test_multilateral_pact_in_a_coalition_war_counts_once(fc):
    row, pairs = _case(fc, 2001, 10)
    assert (fc.cases[["atopid", "warnum"]].value_counts() == 1).all()
    assert len(pairs) == 6 and row["n_decided"] == 2  # 2->200 and 400->200; nothing owed to the joiners 2 and 400
    assert row["beneficiaries"] == "200" and row["obligated"] == "2;400"
    assert set(pairs.loc[pairs["beneficiary"].isin([2, 400]), "rule"]) == {"defense_requires_attack"}
    r = ff.case_rates(fc, n_boot=50).table.set_index(["grouping", "group"])
    # relevant cases: 2001, 2003, 2004, 2005, 2009 -> 5 cases whatever the number of member pairs
    assert r.loc[("overall", "all"), "n"] == 5 and r.loc[("overall", "all"), "n_honored"] == 3
    assert r.loc[("obligation", "defense"), "n"] == 3 and r.loc[("obligation", "nonagg"), "n"] == 2


def test_nonaggression_partner_staying_out_is_not_a_case_attacking_is_a_violation(fc):
    row, pairs = _case(fc, 2002, 10)
    assert row["status"] == "excluded" and not row["relevant"] and pd.isna(row["honored"])
    row, pairs = _case(fc, 2003, 10)
    assert row["status"] == "violated" and row["honored"] == 0
    p = pairs.set_index(["obligated", "beneficiary"])
    assert p.loc[(300, 200), "status"] == "violated" and p.loc[(200, 300), "rule"] == "beneficiary_attacked_partner"
    # under the issue-5 rule (invoked whenever the beneficiary is at war) 700 staying out is an honored case
    v1 = build(nonagg_invocation="beneficiary_at_war")
    assert v1.case(2002, 10)[0]["status"] == "honored"


def test_treaty_signed_mid_war_between_cobelligerents_is_a_case(fc):
    row, pairs = _case(fc, 2005, 10)
    assert row["wartime_case"] and row["status"] == "honored"
    assert (pairs["invocation_date"] == pd.Timestamp("1900-06-01")).all()  # judged from signature on
    assert (pairs["b_war_entry"] < pairs["invocation_date"]).all()
    no = build(wartime_alliances=False)
    assert not ((no.cases["atopid"] == 2005).any())


def test_late_joiner_to_a_coalition_war_is_not_attacked(fc):
    rec = fc.records.set_index(["warnum", "ccode"])
    assert bool(rec.loc[(10, 200), "attacked"]) and rec.loc[(10, 200), "attackers"] == "300"
    assert not rec.loc[(10, 2), "attacked"] and not rec.loc[(10, 400), "attacked"]
    assert "joiner" in rec.loc[(10, 2), "attacked_evidence"]
    assert bool(rec.loc[(10, 500), "attacking"]) and bool(rec.loc[(10, 2), "attacking"])
    row, _ = _case(fc, 2007, 10)
    assert row["status"] == "excluded" and row["rule"] == "defense_requires_attack"
    # the war-side rule of issue 5 makes 900 a violator toward the joiner 2 (the false violation of issue 11)
    old = build("member_pair_v1")
    assert old.case(2007, 10)[0]["status"] == "violated"


def test_beneficiary_that_attacked_first_does_not_trigger_defense(fc):
    rec = fc.records.set_index(["warnum", "ccode"])
    assert not rec.loc[(20, 100), "attacked"] and "attacked first" in rec.loc[(20, 100), "attacked_evidence"]
    assert bool(rec.loc[(20, 110), "attacked"])
    row, _ = _case(fc, 2008, 20)
    assert row["status"] == "excluded" and row["rule"] == "beneficiary_attacked_first"


def test_named_threat_must_be_the_attacker(fc):
    row, pairs = _case(fc, 2010, 10)
    assert row["status"] == "excluded" and "attacked the beneficiary" in row["reason"]
    # the issue-5 coding only asks whether the named state is on the other side: a (false) violation
    assert build("member_pair_v1").case(2010, 10)[0]["status"] == "violated"


def test_honoring_window_and_case_outcome_options():
    # 2 joins 59 days and 400 31 days after 200 is attacked: late under a 30-day window
    w30 = build(honoring_window_days=30)
    assert w30.case(2001, 10)[0]["status"] == "violated"
    assert build(honoring_window_days=60).case(2001, 10)[0]["status"] == "honored"
    # a pact with one honoring and one defaulting member: "all" violated, "any" honored
    m = members()
    extra = m[m["atopid"] == 2009].assign(ccode=pd.array([400, 400], dtype="Int16")).iloc[:1]
    m2 = pd.concat([m, extra], ignore_index=True)  # 2009 becomes {200, 600, 400}
    all_ = ff.build_cases(members=m2, participants=participants(), dyads=dyads())
    any_ = ff.build_cases(members=m2, participants=participants(), dyads=dyads(), case_outcome="any")
    assert all_.case(2009, 10)[0]["status"] == "violated" and any_.case(2009, 10)[0]["status"] == "honored"


def test_participant_date_fallback_without_dyadic_file():
    fc = ff.build_cases(members=members(), participants=participants(), dyads=None)
    rec = fc.records.set_index(["warnum", "ccode"])
    assert bool(rec.loc[(10, 200), "attacked"]) and not rec.loc[(10, 2), "attacked"]
    assert bool(rec.loc[(20, 110), "attacked"]) and bool(rec.loc[(20, 100), "attacking"])
    assert "original target" in rec.loc[(10, 200), "attacked_evidence"]


def test_dyad_initiator_needs_both_directions_to_agree():
    d = dyads()
    # the mirror of 2->300 now claims that 300 initiated: no usable evidence for that pair
    d.loc[(d["ccode1"] == 300) & (d["ccode2"] == 2), ["wardyadrolea", "wardyadroleb"]] = [1, 3]
    di = ff.dyad_initiators(d).set_index(["warnum", "a", "b"])
    assert di.loc[(10, 2, 300), "initiator"] == -1 and di.loc[(10, 200, 300), "initiator"] == 300


def test_exclusions_counted_by_rule(fc):
    ex = fc.exclusions().set_index("rule")
    assert ex.loc["partner_not_opposed", "n_cases"] == 1
    assert ex.loc["defense_requires_attack", "n_cases"] == 1 and ex.loc["defense_requires_attack", "n_cases_touched"] == 2
    assert ex.loc["beneficiary_attacked_first", "n_cases"] == 1
    assert ex["n_cases"].sum() == (fc.cases["status"] == "excluded").sum()


def test_explain_case_and_bad_input(fc, capsys):
    ex = fc.explain(2003, 10)
    out = capsys.readouterr().out
    assert "VIOLATED" in out and "fought_the_beneficiary" in out and "attacked=True by 300" in out
    assert "O-B dyadic war from 1900-01-01 (initiator 300)" in out and ex.summary() in out
    assert ff.explain_case(fc, 2005, 10, show=False).summary().count("wartime treaty") == 2
    assert ff.explain(fc, 2003, 10, show=False).summary() == ex.summary()
    with pytest.raises(OptionError, match="not a COW inter-state war number"):
        fc.explain(2003, 99)
    with pytest.raises(OptionError, match="no candidate case in war 10"):
        fc.explain(9999, 10)
    with pytest.raises(OptionError, match="member_pair_v1"):
        build("llm2000")
    with pytest.raises(OptionError, match="unknown rule option"):
        build(window=3)
    with pytest.raises(OptionError, match="case_outcome"):
        build(case_outcome="most")
    with pytest.raises(OptionError, match="honoring_window_days"):
        build(honoring_window_days=-1)
    with pytest.raises(OptionError, match="does not support"):
        build("member_pair_v1", honoring_window_days=30)  # never silently ignored


def test_cases_csv_frame_is_traceable(fc):
    c = fc.to_csv_frame()
    assert dict(zip(c["warnum"], c["warname"])) == {10: "Coalition War", 20: "Border War"}
    # every case has member-pair rows, and every decided pair belongs to a relevant case
    keys = set(map(tuple, fc.pairs[["atopid", "warnum"]].drop_duplicates().to_numpy()))
    assert keys == set(map(tuple, c[["atopid", "warnum"]].to_numpy()))
    dec = fc.pairs[fc.pairs["status"].isin(["honored", "violated"])][["atopid", "warnum"]].drop_duplicates()
    rel = c[c["relevant"]][["atopid", "warnum"]]
    assert set(map(tuple, dec.to_numpy())) == set(map(tuple, rel.to_numpy()))


def test_member_pair_v1_keeps_the_issue5_unit():
    old = build("member_pair_v1")
    r = ff.case_rates(old, n_boot=50).table.set_index(["grouping", "group"])
    dec = old.pairs[old.pairs["status"].isin(["honored", "violated"]) & (old.pairs["obligation"] != "consul")]
    assert r.loc[("overall", "all"), "n"] == len(dec)  # member-pair rows, not cases
    assert len(dec) > (old.cases["relevant"]).sum()
