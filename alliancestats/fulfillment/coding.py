"""Coding each opportunity: did the casus foederis arise, and was the obligation honored or violated?

Two schemes (``scheme=``), applied to the candidates of
:func:`~alliancestats.fulfillment.opportunities.build_opportunities`.

``"llm"`` -- our reading of Leeds, Long & Mitchell (2000, JCR 44:686-699;
also Leeds 2003, IO 57:801): an alliance commitment is *invoked* when a
member is in a war in the situation the treaty covers, and is *honored* if
the partner does what that specific obligation promised:

* defense -- invoked when B fights on the side that did not initiate the war
  (COW ``initiator``), i.e. B was attacked, and the adversaries are not all
  members of the same alliance; honored if O fights on B's side at some time
  while B is in the war;
* offense -- invoked when B fights on the initiating side; honored if O
  fights on B's side at some time while B is in the war;
* neutrality -- invoked whenever B is at war (if ``neucoatt`` = 1, only when B
  was attacked); honored if O never fights on the other side;
* non-aggression -- invoked whenever B is at war; honored if O never fights
  on the other side (O "does not fight it");
* neutrality and non-aggression are not invoked (excluded) when B's side
  initiated the war and O was already fighting on the other side when B
  entered: B's side attacked O, and O fighting back breaks no promise;
* consultation -- recorded with status ``not_coded``: compliance (consulting)
  is not observable in war data, and LLM do not treat it as a fulfillment
  case.

LLM read every treaty text; we have only ATOP's condition dummies. Where a
condition can be evaluated from the data we do so; where it cannot, the case
is ``undecidable`` (kept, flagged, with the provisional outcome in
``honored``), never dropped silently:

* named adversary (``*coadv``): met if a state ATOP names as a threat
  (``statthr1/2``) fights on the other side; *not met* (excluded) if states
  are named but none of them is an adversary; undecidable if no state is
  named (the condition names a type of state, e.g. "a European power");
* ongoing conflict (``*cocon``): met if O's or B's ``cowwar`` (war at
  accession) is this war; excluded if it is another war; else undecidable;
* location (``*coloc``), number of adversaries (``*conum``), demands
  (``*codem``), non-provocation (``*conpr``), other (``olimob``) and any
  condition not recorded (NA): undecidable.

``"strict"`` -- a stricter alternative; every difference from ``"llm"``:

1. defense is invoked only for *original* participants on the target side
   (B entered on the first day its side fought), not for states that joined
   the defending side later;
2. offense is invoked only when B itself initiated (``initiator == 1``), not
   for joiners on the initiating side;
3. an active obligation (defense/offense) is honored only if O entered on
   B's side no later than B's last day of fighting and never fought on the
   other side (LLM: O's and B's spells on that side must overlap, but O may
   also have fought on the other side at another time);
4. cases where O was already fighting on B's side before B entered are
   excluded (O made no decision in response to the invocation);
5. ``obvary = 1`` (O's obligations vary by partner, so the direction
   inferred from member-level data may be wrong) is undecidable;
6. a case where another member of the same alliance (other than O) fights on
   the other side is undecidable (cross-pressured obligations); under
   ``"llm"`` only a war in which *all* adversaries are co-members is
   excluded, for the third-party obligations.

Status values: ``honored``, ``violated``, ``undecidable``, ``excluded``,
``not_coded`` (consultation). ``honored`` is 1/0 for honored/violated and
for undecidable cases (the outcome if the condition held), NA otherwise.
``reason`` says why a case was excluded/undecidable; ``why`` says why it
qualified.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from ..errors import check_option

SCHEMES = ("llm", "strict")
ACTIVE = ("defense", "offense")
FULFILLMENT_TYPES = ("defense", "offense", "neutral", "nonagg")


def _rule(masks_reasons, n):
    """First matching reason per row ('' if none)."""
    out = np.full(n, "", dtype=object)
    for mask, why in masks_reasons:
        m = np.asarray(mask, dtype=bool) & (out == "")
        out[m] = why
    return out


def condition_rules(d: pd.DataFrame, scheme: str = "llm") -> tuple[list, list]:
    """The treaty-condition rules of a scheme: (excluded, undecidable) lists of (mask, reason).

    Shared by :func:`code_outcomes` and the case-unit rules
    (:mod:`alliancestats.fulfillment.rules`): the ATOP conditions (named
    adversary, ongoing conflict, location, ...) decide relevance the same way
    whatever the unit and the casus foederis rule.
    """
    ob = d["obligation"].to_numpy()
    is_def, is_off, is_neu, is_con = ob == "defense", ob == "offense", ob == "neutral", ob == "consul"
    third = is_def | is_off | is_neu  # obligations about wars with third parties
    c = {k: d[k].fillna(0).astype(int).to_numpy() == 1 for k in
         ("co_adv", "co_loc", "co_con", "co_num", "co_dem", "co_npr", "co_att", "olimob", "obvary")}
    strict = scheme == "strict"
    opp_ = d["o_opp_start"].notna().to_numpy()
    prior_same = d["o_same_start"].notna().to_numpy() & (d["o_same_start"].to_numpy() < d["invocation_date"].to_numpy())
    all_adv_co = (d["n_adversaries"].to_numpy() > 0) & (d["n_adv_comembers"].to_numpy() == d["n_adversaries"].to_numpy())
    other_co = d["n_adv_comembers"].to_numpy() - opp_.astype(int) > 0  # co-members other than O on the other side
    named = d["named_threats"].to_numpy() != ""
    war = d["warnum"].to_numpy()
    cw = (d["cowwar_o"].fillna(0).to_numpy() == war) | (d["cowwar_b"].fillna(0).to_numpy() == war)
    cw_other = ~cw & ((d["cowwar_o"].fillna(0).to_numpy() > 0) | (d["cowwar_b"].fillna(0).to_numpy() > 0))
    excluded = [
        (third & ~strict & all_adv_co, "all adversaries are members of the same alliance (third-party obligation not engaged)"),
        (~is_con & c["co_adv"] & named & ~d["named_threat_adversary"].to_numpy(dtype=bool),
         "adversary condition not met: no named threat state fights on the other side"),
        (~is_con & c["co_con"] & cw_other, "ongoing-conflict condition not met: the alliance concerns a different war"),
        (~is_con & strict & prior_same, "obligated member already fighting on the beneficiary's side (strict)"),
    ]
    undecidable = [
        (d["conditions_missing"].to_numpy(dtype=bool), "conditions not recorded in ATOP (NA)"),
        (c["co_adv"] & ~named, "adversary condition names no specific state"),
        (c["co_con"] & ~cw & ~cw_other, "ongoing-conflict condition: conflict not identifiable"),
        (c["co_loc"], "location condition (location of the attack not in the data)"),
        (c["co_num"], "number-of-adversaries condition"),
        (c["co_dem"], "demands condition"),
        (c["co_npr"], "non-provocation condition"),
        (c["olimob"], "other condition (olimob)"),
        (strict & c["obvary"], "obligations vary by partner (obvary): direction inferred (strict)"),
        (strict & third & other_co, "another co-member fights on the other side (strict)"),
    ]
    return excluded, undecidable


def code_outcomes(opps: pd.DataFrame, scheme: str = "llm") -> pd.DataFrame:
    """Add ``status``, ``honored``, ``reason``, ``why`` and ``scheme`` to the candidate table (see module doc).

    Parameters
    ----------
    opps : DataFrame
        Candidate opportunities (:func:`~alliancestats.fulfillment.opportunities.build_opportunities`).
    scheme : str
        Coding scheme (:data:`SCHEMES`; "llm": Leeds, Long & Mitchell 2000).

    Returns
    -------
    DataFrame

    Examples
    --------
    >>> code_outcomes(build_opportunities("/path/to/processed"), "llm")  # doctest: +SKIP
    """
    check_option("scheme", scheme, SCHEMES)
    d = opps.copy()
    n = len(d)
    ob = d["obligation"].to_numpy()
    is_def, is_off = ob == "defense", ob == "offense"
    is_neu, is_non, is_con = ob == "neutral", ob == "nonagg", ob == "consul"
    co_att = d["co_att"].fillna(0).astype(int).to_numpy() == 1
    side_init = d["b_side_initiated"].to_numpy(dtype=bool)
    strict = scheme == "strict"
    same = d["o_same_start"].notna().to_numpy()
    opp_ = d["o_opp_start"].notna().to_numpy()
    t = d["invocation_date"].to_numpy()
    cond_excluded, cond_undecidable = condition_rules(d, scheme)
    excluded = _rule([
        (is_def & side_init, "defense not invoked: the beneficiary's side initiated the war"),
        (is_def & strict & ~d["b_original_participant"].to_numpy(dtype=bool),
         "defense not invoked (strict): beneficiary joined the defending side after its side's first day"),
        (is_off & ~side_init, "offense not invoked: the beneficiary's side did not initiate the war"),
        (is_off & strict & ~d["b_initiator"].to_numpy(dtype=bool),
         "offense not invoked (strict): beneficiary did not itself initiate"),
        (is_neu & co_att & side_init, "neutrality only if the ally is attacked (neucoatt), and its side initiated"),
        ((is_neu | is_non) & side_init & opp_ & (d["o_opp_start"].to_numpy() <= t),
         "the beneficiary's side attacked the obligated member: fighting back breaks no neutrality/non-aggression "
         "promise"),
        *cond_excluded,
    ], n)
    undecidable = _rule(cond_undecidable, n)
    # outcome if invoked
    if strict:
        in_time = same & (d["o_same_start"].to_numpy() <= d["b_exit_date"].to_numpy())
        active_ok = in_time & ~opp_
    else:
        # O fought on B's side at a time B was in the war (O's spell on B's side overlaps B's)
        active_ok = same & (d["o_same_start"].to_numpy() <= d["b_exit_date"].to_numpy()) & (
            d["o_same_end"].to_numpy() >= t)
    honored = np.where(is_def | is_off, active_ok, ~opp_)
    status = np.where(is_con, "not_coded",
                      np.where(excluded != "", "excluded",
                               np.where(undecidable != "", "undecidable",
                                        np.where(honored, "honored", "violated"))))
    d["scheme"] = scheme
    d["reason"] = np.where(is_con, "consultation: not observable in war data", np.where(excluded != "", excluded, undecidable))
    set_outcome(d, status, honored)
    d["why"] = _why(d)
    return d


def set_outcome(d: pd.DataFrame, status: np.ndarray, honored: np.ndarray) -> None:
    """``status`` and ``honored`` (Int8; NA for excluded and not-coded rows, the provisional outcome otherwise)."""
    d["status"] = status
    h = pd.array(honored.astype("int8"), dtype="Int8")
    h[np.isin(status, ["excluded", "not_coded"])] = pd.NA
    d["honored"] = h


def who_owes_whom(d: pd.DataFrame) -> pd.Series:
    """'ATOP a (phase p): O <type> obligation to B' for every row."""
    return ("ATOP " + d["atopid"].astype(str) + " (phase " + d["phase"].astype(str) + "): "
            + d["obligated"].astype(str) + " " + d["obligation"].astype(str) + " obligation to "
            + d["beneficiary"].astype(str))


def _why(d: pd.DataFrame) -> np.ndarray:
    """Why the case is an opportunity (one sentence, built column-wise)."""
    ob = d["obligation"].astype(str)
    who = who_owes_whom(d)
    sit = np.select(
        [ob == "defense", ob == "offense", ob == "consul"],
        ["; " + d["beneficiary"].astype(str) + " attacked (side " + d["side"].astype(str) + " did not initiate) in war "
         + d["warnum"].astype(str),
         "; " + d["beneficiary"].astype(str) + " on the initiating side of war " + d["warnum"].astype(str),
         "; " + d["beneficiary"].astype(str) + " at war (consultation recorded only), war " + d["warnum"].astype(str)],
        "; " + d["beneficiary"].astype(str) + " at war (war " + d["warnum"].astype(str) + ")")
    when = "; both members on " + d["invocation_date"].dt.strftime("%Y-%m-%d") + "; adversaries " + d["adversaries"]
    return (who + sit + when).to_numpy()
