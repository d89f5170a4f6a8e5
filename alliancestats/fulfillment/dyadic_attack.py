"""Who attacked whom in a COW inter-state war: the dyadic facts behind the casus foederis.

A defense pact is invoked when the beneficiary is *attacked*, an offensive
pact when it attacks (Leeds, Long & Mitchell 2000, JCR 44:686; Berkemeier &
Fuhrmann 2018, R&P 5(2)). COW's war-level ``initiator`` cannot say this for
states that enter later: in a coalition war every joiner of the target side
would be "attacked" and every joiner of the initiating side "attacking". This
module reads the attack dyad by dyad from two sources:

* the directed dyadic inter-state war file (Maoz et al., May 2018 release;
  ``cow_war_directed_dyad_year``): ``wardyadrolea``/``wardyadroleb`` say who
  initiated the war *between the two states* (1 initiator, 2 simultaneous,
  3 target), and ``start_date`` when their fighting began;
* the participant file (Sarkees & Wayman 2010): each state's side and entry.

Rules (each documented default is an argument of :func:`war_records`):

1. **Dyad initiator.** For an unordered pair in a war, each direction's
   record of the pair's first year claims an initiator (A if A's role is 1
   and B's is 3, "simultaneous" if both are 2). The claim is used only if
   both directions agree; otherwise the pair is ``inconsistent`` (the file
   has such pairs, e.g. Thailand-North Korea in Korea) and gives no evidence.
2. **Attacked.** State B (one participant record) was attacked by A if A is
   the agreed initiator of their dyad and their fighting began within
   ``tolerance_days`` (default 30) of B's entry into the war. An attack long
   after B entered is a battle in a war B had joined, not an attack that
   brought B in: "a state joining an ongoing coalition war is a joiner, not a
   victim" (the UK in Korea, 1950, initiates its dyads; Britain and France in
   1939 are first fought by Germany in 1940).
3. **Attacked first.** If B itself initiated a dyadic war in this war before
   the first attack on it, B was not attacked (a beneficiary that attacked
   first does not trigger a defense obligation).
4. **Fallback** when B has no usable dyadic record (not in the dyadic file,
   or only inconsistent/simultaneous claims): B was attacked iff it is an
   *original target* -- on the side that did not initiate, entering on the
   war's first day; its attackers are the initiating side's original
   participants (e.g. Kuwait 1990: the dyadic file starts the Gulf War in
   January 1991 without the Iraq-Kuwait dyad).
5. **Attacking** (for offense): B initiated a dyadic war within
   ``tolerance_days`` of its entry, or (fallback) B is a war initiator
   (``initiator == 1``).

The tolerance absorbs the different dating of the two files (the participant
file dates entry by declaration or first battle, the dyadic file by the
first militarized action of the pair: Greece 1940 enters 25 October, Italy's
attack is dated 28 October).
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from ..joins import merge_checked
from ._source import dates as _s
from ._source import source_columns

#: default tolerance between a state's war entry and the start of the attack that brought it in (days)
ATTACK_TOLERANCE_DAYS = 30
_DYAD_COLS = ["warnum", "ccode1", "ccode2", "year", "wardyadrolea", "wardyadroleb", "start_date", "end_date"]


def dyad_initiators(dyads: pd.DataFrame) -> pd.DataFrame:
    """One row per unordered war dyad: ``warnum, a, b`` (a < b), first start, last end, agreed initiator.

    ``initiator`` is the COW code of the agreed dyadic initiator, 0 for
    "simultaneous", -1 when the two directions disagree or a role is
    missing/odd (rule 1 of the module docstring).

    Parameters
    ----------
    dyads : DataFrame
        COW directed war dyad-years.

    Returns
    -------
    DataFrame

    Examples
    --------
    >>> dyad_initiators(load("cow_war_directed_dyad_year"))  # doctest: +SKIP
    """
    d = source_columns(dyads, _DYAD_COLS, "cow_war_directed_dyad_year").dropna(subset=["warnum", "ccode1", "ccode2"])
    d = d.astype({"warnum": "int64", "ccode1": "int64", "ccode2": "int64"})
    ra = d["wardyadrolea"].astype("float64").to_numpy()
    rb = d["wardyadroleb"].astype("float64").to_numpy()
    c1, c2 = d["ccode1"].to_numpy(), d["ccode2"].to_numpy()
    d["claim"] = np.select([(ra == 1) & (rb == 3), (ra == 3) & (rb == 1), (ra == 2) & (rb == 2)], [c1, c2, 0], -1)
    d["a"], d["b"] = np.minimum(c1, c2), np.maximum(c1, c2)
    d["start"], d["end"] = _s(d["start_date"]), _s(d["end_date"])
    # each direction's claim is read from the pair's first year
    first = d.sort_values(["year", "start"], kind="stable").drop_duplicates(["warnum", "ccode1", "ccode2"])
    claims = first.groupby(["warnum", "a", "b"])["claim"].agg(["min", "max"])
    span = d.groupby(["warnum", "a", "b"]).agg(start=("start", "min"), end=("end", "max"))
    out = span.join(claims).reset_index()
    out["initiator"] = np.where(out["min"] == out["max"], out["max"], -1).astype("int64")
    return out[["warnum", "a", "b", "start", "end", "initiator"]]


def _directed(pairs: pd.DataFrame) -> pd.DataFrame:
    """Both orientations of each unordered dyad: ``warnum, ccode, other, start, end, initiator``."""
    one = pairs.rename(columns={"a": "ccode", "b": "other"})
    two = pairs.rename(columns={"b": "ccode", "a": "other"})
    return pd.concat([one, two], ignore_index=True)


def war_records(participants: pd.DataFrame, dyads: pd.DataFrame | None, *,
                tolerance_days: int = ATTACK_TOLERANCE_DAYS) -> pd.DataFrame:
    """Attack facts per participant record ``(warnum, ccode, side)`` (rules 1-5 of the module docstring).

    Parameters
    ----------
    participants
        Prepared war participants (:func:`~alliancestats.fulfillment.opportunities.prepare_wars`).
    dyads
        ``cow_war_directed_dyad_year`` (or None: every record uses the participant-date fallback).
    tolerance_days
        Maximum distance between B's entry and the start of the dyadic attack that counts as bringing B in.

    Returns
    -------
    DataFrame
        ``warnum, ccode, side, attacked, attack_date, attackers, attacked_evidence, attacking,
        attacking_evidence``.
    """
    w = participants[["warnum", "ccode", "side", "initiator", "entry", "exit", "war_start_date", "init_side",
                      "side_start"]].copy()
    w = w.astype({"warnum": "int64", "ccode": "int64", "side": "int64"})
    tol = pd.Timedelta(days=int(tolerance_days))
    orig_target = (w["side"] != w["init_side"]) & (w["entry"] == w["war_start_date"])
    if dyads is not None and len(dyads):
        dd = _directed(dyad_initiators(dyads))
        j = w[["warnum", "ccode", "side", "entry", "exit"]].merge(dd, on=["warnum", "ccode"], how="inner")
        # the other state must not be a participant on B's own side (a participant on B's side is no adversary)
        same = participants[["warnum", "ccode", "side"]].astype("int64").rename(columns={"ccode": "other"})
        j = merge_checked(j, same.assign(_same=True), ["warnum", "other", "side"], what="war_records(same side)")
        j = j[j["_same"].isna()]
        near = (j["start"] >= j["entry"] - tol) & (j["start"] <= j["entry"] + tol)
        by_other = (j["initiator"] == j["other"]) & near
        by_self = j["initiator"] == j["ccode"]
        key = ["warnum", "ccode", "side"]
        att = j[by_other].groupby(key).agg(attack_date=("start", "min"),
                                           attackers=("other", lambda s: ";".join(map(str, sorted(set(s))))))
        first_self = j[by_self].groupby(key)["start"].min().rename("self_first")
        self_near = j[by_self & near].groupby(key).agg(
            attacking_date=("start", "min"), targets=("other", lambda s: ";".join(map(str, sorted(set(s))))))
        usable = j[j["initiator"] > 0].groupby(key).size().rename("n_usable")
        w = w.join(att, on=key).join(first_self, on=key).join(self_near, on=key).join(usable, on=key)
    else:
        for c in ("attack_date", "self_first", "attacking_date"):
            w[c] = pd.Series(pd.NaT, index=w.index, dtype="datetime64[s]")
        w["attackers"] = w["targets"] = None
        w["n_usable"] = np.nan
    has_dyadic = w["n_usable"].fillna(0).to_numpy() > 0
    hit = w["attack_date"].notna().to_numpy()
    first = (w["self_first"].notna() & (w["self_first"] < w["attack_date"])).to_numpy()
    # fallback attackers: the initiating side's original participants
    orig_init = w.loc[(w["side"] == w["init_side"]) & (w["entry"] == w["war_start_date"])]
    oi = orig_init.groupby("warnum")["ccode"].agg(lambda s: ";".join(map(str, sorted(set(s))))).rename("_oi")
    w = w.join(oi, on="warnum")
    fb = ~has_dyadic & orig_target.to_numpy()
    w["attacked"] = np.where(has_dyadic, hit & ~first, fb)
    w["attack_date"] = w["attack_date"].where(has_dyadic & hit & ~first, w["war_start_date"].where(fb))
    w["attackers"] = np.where(has_dyadic & hit & ~first, w["attackers"].astype(object), np.where(fb, w["_oi"], ""))
    joiner = (w["entry"] > w["side_start"]).to_numpy()  # entered after its side had begun fighting
    w["attacked_evidence"] = np.select(
        [has_dyadic & hit & ~first, has_dyadic & hit & first, has_dyadic & ~hit & joiner, has_dyadic & ~hit, fb,
         joiner],
        ["dyadic war file: attacked at its entry",
         "dyadic war file: the state attacked first (initiated a dyad before being attacked)",
         "dyadic war file: not attacked at its entry; it joined an ongoing war (a joiner, not a victim)",
         f"dyadic war file: no dyad initiated against it within {int(tolerance_days)} days of its entry",
         "participant file (no usable dyadic record): original target, attacked on the war's first day",
         "participant file (no usable dyadic record): joined an ongoing war (a joiner, not a victim)"],
        "participant file (no usable dyadic record): not an original target")
    sn = w["attacking_date"].notna().to_numpy()
    w["attacking"] = np.where(has_dyadic, sn, w["initiator"].to_numpy() == 1)
    w["attacking_evidence"] = np.select(
        [has_dyadic & sn, has_dyadic], ["dyadic war file: initiated a dyad at its entry",
                                       "dyadic war file: initiated no dyad at its entry"],
        np.where(w["initiator"].to_numpy() == 1, "participant file: war initiator",
                 "participant file: not a war initiator"))
    w["attackers"] = w["attackers"].fillna("")
    return w[["warnum", "ccode", "side", "attacked", "attack_date", "attackers", "attacked_evidence",
              "attacking", "attacking_evidence"]].reset_index(drop=True)


def pair_fights(dyads: pd.DataFrame | None) -> pd.DataFrame:
    """Directed view of :func:`dyad_initiators`: ``warnum, ccode, other, start, end, initiator`` (empty if None)."""
    if dyads is None or not len(dyads):
        return pd.DataFrame({"warnum": pd.Series(dtype="int64"), "ccode": pd.Series(dtype="int64"),
                             "other": pd.Series(dtype="int64"), "start": pd.Series(dtype="datetime64[s]"),
                             "end": pd.Series(dtype="datetime64[s]"), "initiator": pd.Series(dtype="int64")})
    return _directed(dyad_initiators(dyads))
