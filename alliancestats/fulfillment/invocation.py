"""Code member-pair candidates under a :class:`~alliancestats.fulfillment.rules.RuleSet`.

Every row gets ``status`` (honored / violated / undecidable / excluded /
not_coded), ``honored`` (1/0; the provisional outcome for undecidable rows),
``reason`` (a sentence) and ``rule`` (the short id of the rule that decided
it, listed in :data:`RULE_IDS` in the order they are applied: the first rule
that excludes a row is the one recorded). The casus foederis, the
non-aggression/neutrality invocation and the honoring window follow the rule
set (see :mod:`alliancestats.fulfillment.rules`); treaty conditions come from
:func:`~alliancestats.fulfillment.coding.condition_rules`.

With ``casus_foederis="war_side"`` the rows are coded by
:func:`~alliancestats.fulfillment.coding.code_outcomes` (issue 5) and only the
``rule`` id is added.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from ..joins import merge_checked
from .coding import ACTIVE, _rule, code_outcomes, condition_rules, set_outcome, who_owes_whom
from .rules import RuleSet

#: rule ids in order of application, with what each one means (exclusions first, then outcomes)
RULE_IDS: dict[str, str] = {
    "consultation_not_coded": "consultation is not a fulfillment case (not observable in war data)",
    "beneficiary_attacked_first": "defense: the beneficiary initiated fighting before any attack on it",
    "defense_requires_attack": "defense: the beneficiary was not attacked on entering (a joiner, not a victim)",
    "offense_requires_attack_by_beneficiary": "offense: the beneficiary did not attack on entering",
    "wartime_treaty_not_for_this_war": "wartime treaty: ATOP links no member to this war and the casus foederis "
                                       "did not arise",
    "partner_not_opposed": "non-aggression/neutrality: the partner neither fought the beneficiary nor joined its "
                           "enemy",
    "neutrality_requires_attack": "neutrality applies only if the beneficiary is attacked (neucoatt)",
    "beneficiary_attacked_partner": "non-aggression/neutrality: the beneficiary (or its side) attacked the partner",
    "intra_alliance_war": "all adversaries are members of the same alliance",
    "named_adversary_not_met": "no state the treaty names as a threat fights on the other side (for a defense "
                               "promise invoked by an attack: none of them attacked the beneficiary)",
    "other_war_condition": "the treaty concerns a different war (ongoing-conflict condition)",
    "strict_already_fighting": "strict scheme: the obligated member was already fighting on the beneficiary's side",
    "strict_original_participant": "strict scheme: the beneficiary joined its side after the first day",
    "strict_own_initiation": "strict scheme: the beneficiary did not itself initiate",
    "war_side_not_invoked": "issue-5 rule: the beneficiary's side (war-level initiator) does not trigger this "
                            "obligation",
    "condition_undecidable": "a treaty condition cannot be evaluated from the data",
    "fought_alongside": "honored: the obligated member fought on the beneficiary's side",
    "stayed_out_or_late": "violated: the obligated member did not fight on the beneficiary's side in the window",
    "fought_the_beneficiary": "violated: the obligated member fought against the beneficiary",
    "joined_the_enemy": "violated: the obligated member joined the beneficiary's enemy",
    "did_not_fight_beneficiary": "honored: the partner joined the other side but never fought the beneficiary",
    "stayed_out": "honored: the partner stayed out of the beneficiary's war / off the enemy side",
}

# issue-5 reasons (coding.py) -> rule ids
_V1 = [("consultation", "consultation_not_coded"), ("(strict): beneficiary joined", "strict_original_participant"),
       ("(strict): beneficiary did not itself", "strict_own_initiation"),
       ("side initiated the war", "war_side_not_invoked"), ("did not initiate the war", "war_side_not_invoked"),
       ("neucoatt", "neutrality_requires_attack"), ("attacked the obligated member", "beneficiary_attacked_partner"),
       ("same alliance", "intra_alliance_war"), ("named threat", "named_adversary_not_met"),
       ("different war", "other_war_condition"), ("already fighting", "strict_already_fighting")]


def _v1_rule_ids(coded: pd.DataFrame) -> np.ndarray:
    st, reason = coded["status"].to_numpy(), coded["reason"].fillna("").to_numpy()
    out = np.full(len(coded), "", dtype=object)
    for frag, rid in _V1:
        m = (out == "") & pd.Series(reason).str.contains(frag, regex=False).to_numpy() & (st != "undecidable")
        out[m] = rid
    out[(out == "") & (st == "undecidable")] = "condition_undecidable"
    ob = coded["obligation"].to_numpy()
    active = np.isin(ob, ACTIVE)
    out[(out == "") & (st == "honored")] = np.where(active, "fought_alongside", "stayed_out")[(out == "") & (st == "honored")]
    vio = (out == "") & (st == "violated")
    out[vio] = np.where(active, "stayed_out_or_late", "fought_the_beneficiary")[vio]
    return out


def _overlaps(start, end, t0, t1) -> np.ndarray:
    """Spell [start, end] overlaps [t0, t1] (NaT never overlaps)."""
    s, e = pd.Series(start), pd.Series(end)
    return (s.notna() & e.notna() & (s <= pd.Series(t1)) & (e >= pd.Series(t0))).to_numpy()


def attach_facts(opps: pd.DataFrame, wars: pd.DataFrame, records: pd.DataFrame, fights: pd.DataFrame) -> pd.DataFrame:
    """Add B's attack facts, O's opposite-side spell, O-B dyadic fighting and O's dyadic fighting of B's enemies."""
    d = opps.copy()
    d["_w"], d["_b"], d["_o"], d["_s"] = (d[c].astype("int64") for c in ("warnum", "beneficiary", "obligated", "side"))
    rec = records.rename(columns={"warnum": "_w", "ccode": "_b", "side": "_s"})
    d = merge_checked(d, rec, ["_w", "_b", "_s"], what="attach_facts(B's war record)")
    for c in rec.columns[rec.dtypes == bool]:  # B is a participant, so its record is found: keep plain bool
        if not d[c].isna().any():
            d[c] = d[c].astype(bool)
    w = wars[["warnum", "ccode", "side", "entry", "exit"]].astype({"warnum": "int64", "ccode": "int64", "side": "int64"})
    opp = w.rename(columns={"warnum": "_w", "ccode": "_o", "entry": "o_opp_start2", "exit": "o_opp_end"})
    opp["_s"] = 3 - opp["side"]
    d = merge_checked(d, opp.drop(columns="side"), ["_w", "_o", "_s"], what="attach_facts(O on the other side)")
    f = fights.rename(columns={"warnum": "_w", "ccode": "_o", "other": "_b", "start": "ob_start", "end": "ob_end",
                               "initiator": "ob_initiator"})
    d = merge_checked(d, f, ["_w", "_o", "_b"], what="attach_facts(O-B fighting)")
    # O's dyadic wars against participants of the side B fights
    enemy = fights.merge(w[["warnum", "ccode", "side"]].rename(columns={"ccode": "other", "side": "enemy_side"}),
                         on=["warnum", "other"], how="inner")
    ev = enemy.groupby(["warnum", "ccode", "enemy_side"]).agg(o_vs_start=("start", "min"), o_vs_end=("end", "max"))
    ev = ev.reset_index().rename(columns={"warnum": "_w", "ccode": "_o"})
    ev["_s"] = 3 - ev["enemy_side"]
    d = merge_checked(d, ev.drop(columns="enemy_side"), ["_w", "_o", "_s"], what="attach_facts(O against B's enemies)")
    d["ob_initiator"] = d["ob_initiator"].astype("Int64")
    # both states appear in the dyadic file for this war: then the absence of their dyad means they did not fight
    cov = pd.MultiIndex.from_frame(fights[["warnum", "ccode"]].astype("int64").drop_duplicates())
    d["ob_covered"] = (pd.MultiIndex.from_arrays([d["_w"], d["_o"]]).isin(cov)
                       & pd.MultiIndex.from_arrays([d["_w"], d["_b"]]).isin(cov))
    return d.drop(columns=["_w", "_b", "_o", "_s", "o_opp_start2"])


def _named_attacker(d: pd.DataFrame) -> np.ndarray:
    """A state the treaty names as a threat (``statthr1/2``) is among B's attackers (";"-joined code lists)."""
    named = d["named_threats"].fillna("").reset_index(drop=True).str.split(";").explode()  # index = row position
    att = d["attackers"].fillna("").reset_index(drop=True).str.split(";").explode()
    pairs = pd.DataFrame({"row": named.index, "code": named.to_numpy()})
    pairs = pairs[pairs["code"] != ""]
    hits = pairs.merge(pd.DataFrame({"row": att.index, "code": att.to_numpy()}), on=["row", "code"], how="inner")
    return np.isin(np.arange(len(d)), hits["row"].to_numpy())


def code_pairs(opps: pd.DataFrame, rules: RuleSet) -> pd.DataFrame:
    """Code candidates (with :func:`attach_facts` columns for the dyadic rule) under ``rules``.

    Parameters
    ----------
    opps : DataFrame
        Candidate opportunities with the attack facts.
    rules : RuleSet

    Returns
    -------
    DataFrame

    Examples
    --------
    >>> code_pairs(opps, get_rules('literature'))  # doctest: +SKIP
    """
    if rules.casus_foederis == "war_side":
        d = code_outcomes(opps, scheme=rules.scheme)
        d["rule"] = _v1_rule_ids(d)
        d["rules"] = rules.name
        return d
    d = opps.copy()
    n = len(d)
    ob = d["obligation"].to_numpy()
    is_def, is_off, is_neu = ob == "defense", ob == "offense", ob == "neutral"
    is_non, is_con = ob == "nonagg", ob == "consul"
    t = d["invocation_date"]
    b_exit = d["b_exit_date"]
    war = d["warnum"].to_numpy()
    linked = (d["cowwar_o"].fillna(0).to_numpy() == war) | (d["cowwar_b"].fillna(0).to_numpy() == war)
    wartime = d["wartime_case"].to_numpy(dtype=bool)
    attacked = d["attacked"].fillna(False).to_numpy(dtype=bool)
    attacking = d["attacking"].fillna(False).to_numpy(dtype=bool)
    first = d["attacked_evidence"].fillna("").str.contains("attacked first").to_numpy()
    # O against B after t while B fights: on the other side, or a dyadic war with B
    against = _overlaps(d["o_opp_start"], d["o_opp_end"], t, b_exit) | _overlaps(d["ob_start"], d["ob_end"], t, b_exit)
    # fought each other: their dyad is in the dyadic file, or the file does not cover one of them (then being on
    # opposite sides at the same time counts; e.g. the file has no Iraq-Kuwait dyad in the Gulf War)
    fought = d["ob_start"].notna().to_numpy() | (~d["ob_covered"].to_numpy(dtype=bool) & against)
    # agreed initiator of the O-B dyad: a COW code, 0 simultaneous, -1 inconsistent or no dyad
    ob_init = d["ob_initiator"].astype("Float64").fillna(-1).to_numpy(dtype="int64")
    b_hit_o = (ob_init > 0) & (ob_init == d["beneficiary"].to_numpy().astype("int64"))
    # issue-5 fallback when no usable dyad: B's side initiated and O was already fighting on the other side
    no_dyad = ob_init <= 0
    side_first = no_dyad & d["b_side_initiated"].to_numpy(dtype=bool) & d["o_opp_start"].notna().to_numpy() & (
        d["o_opp_start"] <= t).to_numpy()
    b_hit_o = b_hit_o | side_first
    co_att = d["co_att"].fillna(0).astype(int).to_numpy() == 1
    inv_def = attacked | (wartime & linked)
    inv_off = attacking | (wartime & linked)
    neu_opp = rules.neutral_invocation == "partners_opposed"
    non_opp = rules.nonagg_invocation == "partners_opposed"
    # a defense promise against a named state is engaged by *that state's* attack on B (not by any adversary);
    # a wartime treaty made for this war is engaged by the named state fighting on the other side
    by_attack = is_def & ~(wartime & linked)
    d["named_threat_adversary"] = np.where(by_attack, _named_attacker(d),
                                           d["named_threat_adversary"].to_numpy(dtype=bool))
    cond_excluded, cond_undecidable = condition_rules(d, rules.scheme)
    cond_ids = ["intra_alliance_war", "named_adversary_not_met", "other_war_condition", "strict_already_fighting"]
    ex = [
        (is_con, "consultation_not_coded"),
        (is_def & ~inv_def & first & ~wartime, "beneficiary_attacked_first"),
        (is_def & ~inv_def & ~wartime, "defense_requires_attack"),
        (is_off & ~inv_off & ~wartime, "offense_requires_attack_by_beneficiary"),
        ((is_def & ~inv_def | is_off & ~inv_off) & wartime, "wartime_treaty_not_for_this_war"),
        (is_neu & co_att & ~attacked, "neutrality_requires_attack"),
        ((is_neu | is_non) & b_hit_o & against, "beneficiary_attacked_partner"),
        ((is_neu & neu_opp | is_non & non_opp) & ~against, "partner_not_opposed"),
        *[(m, rid) for (m, _), rid in zip(cond_excluded, cond_ids)],
    ]
    excluded = _rule(ex, n)
    undecidable = _rule([(m, "condition_undecidable") for m, _ in cond_undecidable], n)
    und_reason = _rule(cond_undecidable, n)
    # outcome: active obligations -- O fights on B's side (participant spell or dyadic war on B's enemies)
    help_part = _overlaps(d["o_same_start"], d["o_same_end"], t, b_exit)
    help_dyad = _overlaps(d["o_vs_start"], d["o_vs_end"], t, b_exit)
    helped = help_part | help_dyad
    if rules.honoring_window_days is not None:
        due = t + pd.Timedelta(days=rules.honoring_window_days)
        first_help = pd.concat([d["o_same_start"].where(help_part), d["o_vs_start"].where(help_dyad)], axis=1).min(axis=1)
        helped = helped & (first_help <= due).to_numpy()
    active_ok = helped & ~against
    passive_ok = np.where(is_non & non_opp, ~fought, ~against)
    honored = np.where(is_def | is_off, active_ok, passive_ok)
    status = np.where(excluded != "", np.where(is_con, "not_coded", "excluded"),
                      np.where(undecidable != "", "undecidable", np.where(honored, "honored", "violated")))
    outcome_rule = np.select(
        [(is_def | is_off) & honored, (is_def | is_off) & against, is_def | is_off,
         is_non & non_opp & honored, honored, is_non & fought],
        ["fought_alongside", "fought_the_beneficiary", "stayed_out_or_late", "did_not_fight_beneficiary",
         "stayed_out", "fought_the_beneficiary"], "joined_the_enemy")
    rule = np.where(excluded != "", excluded, np.where(undecidable != "", "condition_undecidable", outcome_rule))
    d["scheme"] = rules.scheme
    d["rules"] = rules.name
    d["rule"] = rule
    d["reason"] = np.where(excluded != "", pd.Series(excluded).map(RULE_IDS).to_numpy(),
                           np.where(undecidable != "", und_reason, pd.Series(outcome_rule).map(RULE_IDS).to_numpy()))
    set_outcome(d, status, honored)
    d["why"] = _why_dyadic(d)
    return d


def _why_dyadic(d: pd.DataFrame) -> np.ndarray:
    """Why the row is a candidate under the dyadic rules (one sentence, built column-wise)."""
    ob = d["obligation"].astype(str)
    b, w = d["beneficiary"].astype(str), d["warnum"].astype(str)
    who = who_owes_whom(d)
    sit = np.select(
        [ob == "defense", ob == "offense"],
        ["; in war " + w + " " + b + " attacked=" + d["attacked"].astype(str) + " by " + d["attackers"].fillna("")
         + " (" + d["attacked_evidence"].fillna("") + ")",
         "; in war " + w + " " + b + " attacking=" + d["attacking"].astype(str) + " (" + d["attacking_evidence"].fillna("")
         + ")"],
        "; " + b + " at war (war " + w + ")")
    when = np.where(d["wartime_case"].to_numpy(dtype=bool),
                    "; treaty binds both from " + d["invocation_date"].dt.strftime("%Y-%m-%d") + ", after "
                    + b + " entered the war on " + d["b_war_entry"].dt.strftime("%Y-%m-%d"),
                    "; both members on " + d["invocation_date"].dt.strftime("%Y-%m-%d"))
    return (who + sit + when).to_numpy()
