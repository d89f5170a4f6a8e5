"""``explain(opportunity)``: the evidence behind one coded opportunity, printable."""
from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd


def _d(x) -> str:
    return "-" if pd.isna(x) else pd.Timestamp(x).strftime("%Y-%m-%d")


@dataclass
class OpportunityExplanation:
    lines: list[str] = field(default_factory=list)

    def summary(self) -> str:
        return "\n".join(self.lines)

    def __str__(self) -> str:
        return self.summary()

    __repr__ = summary


def explain(opportunity, atopid: int | None = None, war: int | None = None, *,
            show: bool = True) -> OpportunityExplanation:
    """Evidence for one coded member-pair row, or for one alliance x war case.

    ``explain(row)``: a row of a coded opportunity table (a Series, or a one-row DataFrame).
    ``explain(fc, atopid, war)``: the case of a
    :class:`~alliancestats.fulfillment.cases.FulfillmentCases` (see :func:`explain_case`).
    Prints (unless ``show=False``) and returns an :class:`OpportunityExplanation`.

    Parameters
    ----------
    opportunity : Series, DataFrame or FulfillmentCases
    atopid, war : int, optional
        With a FulfillmentCases: the case to explain.
    show : bool
        Print the explanation.

    Returns
    -------
    OpportunityExplanation

    Examples
    --------
    >>> explain(fc, 2535, 139)  # doctest: +SKIP
    """
    if hasattr(opportunity, "cases") and hasattr(opportunity, "pairs"):
        if atopid is None or war is None:
            raise TypeError("explain(fc, atopid, war): name the ATOP alliance and the COW war number")
        return explain_case(opportunity, atopid, war, show=show)
    r = opportunity.iloc[0] if isinstance(opportunity, pd.DataFrame) else opportunity
    cond = ", ".join(f"{k}={r[k]}" for k in ("co_adv", "co_loc", "co_con", "co_num", "co_dem", "co_npr", "co_att",
                                              "olimob", "obvary") if k in r.index and not pd.isna(r[k]) and int(r[k]) == 1)
    L = [
        f"Opportunity: ATOP {r['atopid']} phase {r['phase']} | {r['obligation']} obligation of {r['obligated']} "
        f"toward {r['beneficiary']} | COW war {r['warnum']}",
        f"  alliance in effect: obligated member {_d(r['o_entry_date'])} .. {_d(r['o_exit_date'])}; "
        f"beneficiary {_d(r['b_entry_date'])} .. {_d(r['b_exit_alliance_date'])}; {r['n_members']} members on the "
        "invocation date",
        f"  beneficiary's war record: side {r['side']} (initiating side {r['init_side']}), entered "
        f"{_d(r['invocation_date'])} (war began {_d(r['war_start_date'])}), fought until {_d(r['b_exit_date'])}; "
        f"initiator={bool(r['b_initiator'])}, original target={bool(r['b_original_target'])}",
        f"  adversaries (other side): {r['adversaries'] or '-'}; of them members of this alliance: {r['n_adv_comembers']}",
        f"  ATOP named threats (statthr1/2): {r['named_threats'] or 'none'}; a named threat fights on the other side: "
        f"{bool(r['named_threat_adversary'])}",
        f"  conditions on this obligation: {cond or 'none'}" + (" (some not recorded: NA)" if r["conditions_missing"] else ""),
        f"  obligated member's war record: on the beneficiary's side from {_d(r['o_same_start'])}; "
        f"on the other side from {_d(r['o_opp_start'])}",
    ]
    if "status" in r.index:
        L += [f"  coding (scheme {r['scheme']!r}): {r['status'].upper()}"
              + (f" -- {r['reason']}" if r["reason"] else ""),
              f"  qualified because: {r['why']}"]
        if r["status"] == "undecidable":
            L.append(f"  provisional outcome if the condition held: {'honored' if r['honored'] == 1 else 'violated'}")
    ex = OpportunityExplanation(L)
    if show:
        print(ex.summary())
    return ex


def explain_case(fc, atopid: int, war: int, *, show: bool = True) -> OpportunityExplanation:
    """The chain of evidence for one alliance x war case of a :class:`~alliancestats.fulfillment.cases.FulfillmentCases`.

    Lists the case's coding and deciding rule, the rule set, each beneficiary's
    war record with the dyadic attack evidence, and every member-pair row with
    its status, rule and the obligated member's conduct.

    Parameters
    ----------
    fc : FulfillmentCases
    atopid, war : int
    show : bool

    Returns
    -------
    OpportunityExplanation

    Examples
    --------
    >>> explain_case(fc, 2535, 139)  # doctest: +SKIP
    """
    c, p = fc.case(atopid, war)
    L = [f"Case: ATOP {int(c['atopid'])} x COW war {int(c['warnum'])} ({fc.war_names.get(int(c['warnum']), '')}), "
         f"period {c['period']}",
         f"  coding: {c['status'].upper()} (relevant: {'yes' if c['relevant'] else 'no'}); deciding rule "
         f"{c['rule']!r}: {c['reason']}",
         f"  rule set {fc.rules.name!r}: {fc.rules.describe()}",
         f"  beneficiaries {c['beneficiaries'] or '-'}; obligated {c['obligated'] or '-'}; obligations "
         f"{c['obligation_types']}; {int(c['n_pairs'])} member-pair rows ({int(c['n_honored_pairs'])} honored, "
         f"{int(c['n_violated_pairs'])} violated, {int(c['n_undecidable'])} undecidable)"]
    if "attacked_evidence" in p.columns:
        b = p.drop_duplicates(["beneficiary", "side"]).sort_values(["b_war_entry", "beneficiary"])
        for r in b.itertuples():
            L.append(f"  beneficiary {r.beneficiary} (side {r.side}) entered {_d(r.b_war_entry)}, left {_d(r.b_exit_date)}: "
                     f"attacked={bool(r.attacked)} by {r.attackers or '-'} [{r.attacked_evidence}]; "
                     f"attacking={bool(r.attacking)} [{r.attacking_evidence}]")
    rows = p.sort_values(["invocation_date", "beneficiary", "obligated", "obligation"], kind="stable")
    for r in rows.itertuples():
        line = (f"  - {r.obligated} -> {r.beneficiary} {r.obligation}, bound {_d(r.invocation_date)}"
                f"{' (wartime treaty)' if getattr(r, 'wartime_case', False) else ''}: {r.status} [{r.rule}] "
                f"{r.reason}; O on B's side from {_d(r.o_same_start)}, on the other side from {_d(r.o_opp_start)}")
        if hasattr(r, "o_vs_start") and not pd.isna(r.o_vs_start):
            line += f"; O's dyadic war on B's enemies {_d(r.o_vs_start)} .. {_d(r.o_vs_end)}"
        if hasattr(r, "ob_start") and not pd.isna(r.ob_start):
            line += f"; O-B dyadic war from {_d(r.ob_start)} (initiator {r.ob_initiator})"
        L.append(line)
    ex = OpportunityExplanation(L)
    if show:
        print(ex.summary())
    return ex
