"""Relevance rules as data: when an alliance obligation is at stake in a war, and what honors it.

A :class:`RuleSet` is a frozen record of every coding choice; the named sets
in :data:`RULES` are the documented defaults. ``get_rules("literature",
honoring_window_days=90)`` gives a variant; an unknown name or value raises
:class:`~alliancestats.errors.OptionError` naming the valid ones.

``"literature"`` (the default) follows Leeds, Long & Mitchell (2000, JCR
44:686-699; LLM) and Berkemeier & Fuhrmann (2018, Research & Politics 5(2);
B&F) as far as the data allow:

* **unit** -- an alliance x war case (ATOP alliance, COW war), counted once
  however many members it binds; the member-pair rows are its detail.
* **casus foederis on the dyadic attack** (:mod:`.dyadic_attack`): defense is
  invoked when the beneficiary B was *attacked* on entering the war (a state
  joining an ongoing coalition war is a joiner, not a victim; a beneficiary
  that attacked first does not trigger a defense obligation); offense when B
  *attacked* on entering.
* **non-aggression** is at stake only when the partner O fights B or joins
  B's enemy (B&F: a non-aggression case counts only when the partners fight
  each other) -- not whenever B is at war. It is violated if O and B fought
  each other (a dyad of the directed dyadic war file; if the file has no
  record of O or of B in that war, being on opposite sides at the same
  time), and honored if O joined B's enemies but never fought B.
* **neutrality** is at stake whenever B is in a war (LLM 2000's reading of a
  neutrality promise: the partner must not help B's enemy), honored if O
  stays off B's enemy's side and violated if it joins it
  (``neutral_invocation="beneficiary_at_war"``; NEUCOATT "only if the ally
  is attacked" still requires the attack). Issue 11 proposed the
  non-aggression rule for neutrality too (``"partners_opposed"``, kept as an
  option), but there the only neutrality cases are partners that joined the
  enemy, so every case is a violation by construction (0 of 5 honored on
  ATOP 5.1 x COW 4.0), which cannot reproduce B&F's 78% honored for
  neutrality: the default follows the papers, not the paraphrase.
* If B attacked O, O fighting back breaks no promise: not a case.
* **consultation** is not coded (compliance is not observable in war data;
  LLM and B&F do not count it).
* **wartime alliances** are opportunities: a treaty that binds B while B is
  already at war is tested against O's conduct *after signature* (the
  invocation date is the day the pair is bound). Its defense/offense
  obligation concerns the ongoing war if ATOP links a member to it
  (``cowwar``) or if B was attacked (defense) / attacking (offense) on
  entering the war.
* **honoring window** -- ``honoring_window_days=None``: help at any time
  while B is at war counts (O's spell on B's side, or O's dyadic war against
  B's enemies, overlaps B's spell after the invocation date), as in LLM's
  "did the ally fight alongside" reading; an integer N requires O to be
  fighting on B's side within N days of the invocation date. Either way O
  must not fight against B after the invocation date.
* **case outcome** -- ``case_outcome="all"``: a case is honored only if every
  obligated member whose obligation was invoked and decided honored it;
  ``"any"``: honored if at least one did (a robustness option; the choice is
  ours, not taken from LLM/B&F).
* treaty conditions (named adversary, ongoing conflict, location, ...) follow
  :func:`alliancestats.fulfillment.coding.condition_rules` under ``scheme``.

``"member_pair_v1"`` is the coding of issue 5, kept by name: member-pair
unit, defense/offense from the war-level initiator (COW ``initiator``),
neutrality/non-aggression invoked whenever B is at war, no wartime
alliances (``scheme="llm"``); ``"member_pair_v1_strict"`` the same with the
strict scheme.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass, fields, replace

from ..errors import OptionError, check_option
from .coding import SCHEMES
from .dyadic_attack import ATTACK_TOLERANCE_DAYS

_VALID = {
    "unit": ("alliance_war", "member_pair"),
    "casus_foederis": ("dyadic", "war_side"),
    "scheme": SCHEMES,
    "nonagg_invocation": ("partners_opposed", "beneficiary_at_war"),
    "neutral_invocation": ("partners_opposed", "beneficiary_at_war"),
    "case_outcome": ("all", "any"),
}


@dataclass(frozen=True)
class RuleSet:
    """Every coding choice of a fulfillment analysis (see the module docstring for each default's source).

    Attributes
    ----------
    name : label written into every output.
    unit : ``"alliance_war"`` (rates over cases) or ``"member_pair"`` (rates over directed member-pair rows).
    casus_foederis : ``"dyadic"`` (who attacked whom, :mod:`.dyadic_attack`) or ``"war_side"`` (COW war initiator).
    scheme : treaty-condition scheme of :func:`~alliancestats.fulfillment.coding.code_outcomes` (``"llm"``/``"strict"``).
    nonagg_invocation : ``"partners_opposed"`` (default; B&F 2018) or ``"beneficiary_at_war"`` (issue 5).
    neutral_invocation : ``"beneficiary_at_war"`` (default; LLM 2000) or ``"partners_opposed"`` (issue 11's wording).
    wartime_alliances : count treaties that bind a beneficiary already at war (LLM 2000).
    honoring_window_days : None = help at any time while B is at war; N = O on B's side within N days.
    attack_tolerance_days : distance between entry and the attack that brought a state in (dyadic rule 2).
    case_outcome : ``"all"`` or ``"any"`` obligated member must honor for the case to be honored.
    """

    name: str = "literature"
    unit: str = "alliance_war"
    casus_foederis: str = "dyadic"
    scheme: str = "llm"
    nonagg_invocation: str = "partners_opposed"
    neutral_invocation: str = "beneficiary_at_war"
    wartime_alliances: bool = True
    honoring_window_days: int | None = None
    attack_tolerance_days: int = ATTACK_TOLERANCE_DAYS
    case_outcome: str = "all"

    def __post_init__(self):
        for f, valid in _VALID.items():
            check_option(f, getattr(self, f), valid)
        if not isinstance(self.wartime_alliances, bool):
            raise OptionError(f"wartime_alliances={self.wartime_alliances!r}: use True or False")
        w = self.honoring_window_days
        if w is not None and (isinstance(w, bool) or not isinstance(w, int) or w < 0):
            raise OptionError(f"honoring_window_days={w!r}: use None (any time while the beneficiary is at war) "
                              "or a number of days >= 0")
        t = self.attack_tolerance_days
        if isinstance(t, bool) or not isinstance(t, int) or t < 0:
            raise OptionError(f"attack_tolerance_days={t!r}: use a number of days >= 0")
        if self.casus_foederis == "war_side":  # the issue-5 coder has none of these options: refuse, never ignore
            bad = [f for f, v in (("nonagg_invocation", self.nonagg_invocation),
                                  ("neutral_invocation", self.neutral_invocation))
                   if v != "beneficiary_at_war"] + (["honoring_window_days"] if w is not None else [])
            if bad:
                raise OptionError(f"casus_foederis='war_side' (the issue-5 coding) does not support {bad}; "
                                  "use casus_foederis='dyadic' or leave them at their member_pair_v1 values")

    def as_dict(self) -> dict:
        return asdict(self)

    def describe(self) -> str:
        return "; ".join(f"{k}={v}" for k, v in self.as_dict().items())


RULES: dict[str, RuleSet] = {
    "literature": RuleSet(),
    "member_pair_v1": RuleSet(name="member_pair_v1", unit="member_pair", casus_foederis="war_side", scheme="llm",
                              nonagg_invocation="beneficiary_at_war", neutral_invocation="beneficiary_at_war",
                              wartime_alliances=False),
    "member_pair_v1_strict": RuleSet(name="member_pair_v1_strict", unit="member_pair", casus_foederis="war_side",
                                     scheme="strict", nonagg_invocation="beneficiary_at_war",
                                     neutral_invocation="beneficiary_at_war", wartime_alliances=False),
}


def get_rules(rules: str | RuleSet = "literature", **overrides) -> RuleSet:
    """A named rule set (or a RuleSet), with ``overrides`` applied (``name`` is suffixed unless given).

    Parameters
    ----------
    rules : str or RuleSet
        A name in :data:`RULES` or a RuleSet.
    **overrides
        Options replacing the rule set's.

    Returns
    -------
    RuleSet

    Examples
    --------
    >>> get_rules("literature").casus_foederis
    'dyadic'
    """
    if isinstance(rules, RuleSet):
        base = rules
    else:
        check_option("rules", rules, tuple(RULES))
        base = RULES[rules]
    if not overrides:
        return base
    known = {f.name for f in fields(RuleSet)}
    bad = sorted(set(overrides) - known)
    if bad:
        raise OptionError(f"unknown rule option(s) {bad}; valid: {sorted(known)}")
    if "name" not in overrides:
        overrides["name"] = base.name + "[" + ",".join(f"{k}={v}" for k, v in sorted(overrides.items())) + "]"
    return replace(base, **overrides)
