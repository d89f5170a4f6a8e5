"""Alliance-war opportunities: every case where a member's ATOP obligation toward a partner could be engaged by a war.

Unit: one row per (alliance phase, obligated member O, beneficiary member B,
B's war-participation record, obligation type). Following Leeds, Long &
Mitchell (2000, JCR 44:686) the opportunity is defined by the beneficiary
entering a war while an alliance is in effect; whether the casus foederis
arose and whether O honored it is decided later by
:func:`alliancestats.fulfillment.coding.code_outcomes` under a named scheme.
This module only assembles the *facts* for each candidate, from

* ATOP 5.1 member-level data (Leeds et al. 2002; codebook 2022): membership
  spells (``entry_date``/``exit_date``; a censored exit is in effect to the
  end of ATOP, 2018-12-31), obligations DEFENSE/OFFENSE/NEUTRAL/NONAGG/
  CONSUL, the condition dummies (``defcoadv`` ... ``neucoatt``, ``olimob``),
  ``obvary``, ``cowwar`` and the alliance-level named threats ``statthr1/2``;
* COW Inter-State War 4.0 participants (Sarkees & Wayman 2010): side,
  initiator (1 = the state initiated the war), start/end of each spell.

Rules used to assemble candidates (all vectorised joins, validated):

1. **Invocation date** t = the beneficiary's war entry ``start_date1`` (for a
   state with two records because it changed sides, each record is its own
   entry). Only wars within both sources' coverage qualify (COW war
   1816-2007).
2. **In effect**: B and O are members of the same alliance *phase* on t
   (``entry_date <= t <= exit_date``; ATOP's bounding rule for unknown days
   makes month-precision spells as long as possible).
3. **Direction of obligations** (the rule of ATOP codebook sec. 2.7, also used
   by :func:`alliancestats.panels._alliance_dyads.alliance_pairs`): if every
   member of the phase holds an obligation, it binds every member to every
   other; if only some do, O is obligated toward B when O holds it and B
   does not. ``obvary = 1`` marks members whose obligations vary by partner,
   for whom this inference can be wrong (the strict scheme flags them).
4. **Sides**: the initiating side is the side of the participants with
   ``initiator == 1`` (exactly one side in every COW 4.0 war; anything else
   raises). B's *adversaries* are all participants on the other side of the
   same war.
5. **O's behaviour**: the earliest entry of O on B's side
   (``o_same_start``) and on the other side (``o_opp_start``), NaT if O never
   fought there.

Columns of the result (one row per candidate): ``atopid, phase, obligation,
obligated, beneficiary, warnum, side, invocation_date, b_exit_date,
war_start_date, init_side, b_initiator, b_side_initiated, b_original_participant,
b_original_target, o_entry_date, o_exit_date, b_entry_date, b_exit_alliance_date,
n_members, o_same_start, o_opp_start, adversaries (";"-joined COW codes),
n_adversaries, n_adv_comembers (adversaries that are members of the same
alliance phase on t, O included), named_threats, named_threat_adversary,
co_adv, co_loc, co_con, co_num, co_dem, co_npr, co_att (the condition dummies
of that obligation type; 0 where the type has no such condition), olimob,
obvary, cowwar_o, cowwar_b, conditions_missing, era``.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from ..errors import DataError, JoinError
from ..joins import merge_checked
from ..store import load
from ._source import dates as _s
from ._source import source_columns

OBLIGATIONS = ("defense", "offense", "neutral", "nonagg", "consul")

#: The ATOP condition dummies of each obligation, mapped to generic names.
CONDITIONS: dict[str, dict[str, str]] = {
    "defense": {"co_adv": "defcoadv", "co_loc": "defcoloc", "co_con": "defcocon", "co_num": "defconum",
                "co_dem": "defcodem", "co_npr": "defconpr"},
    "offense": {"co_adv": "offcoadv", "co_loc": "offcoloc", "co_con": "offcocon", "co_num": "offconum",
                "co_dem": "offcodem"},
    "neutral": {"co_adv": "neucoadv", "co_loc": "neucoloc", "co_con": "neucocon", "co_num": "neuconum",
                "co_dem": "neucodem", "co_npr": "neuconpr", "co_att": "neucoatt"},
    "nonagg": {},
    "consul": {"co_adv": "concoadv", "co_loc": "concoloc", "co_con": "concocon"},
}
GENERIC = ("co_adv", "co_loc", "co_con", "co_num", "co_dem", "co_npr", "co_att")
ATOP_END = pd.Timestamp("2018-12-31")
ERA_SPLIT = 1945

_MEMBER_COLS = ["atopid", "phase", "ccode", "entry_date", "exit_date", "exit_censored", *OBLIGATIONS,
                *sorted({c for d in CONDITIONS.values() for c in d.values()}), "olimob", "obvary",
                "statthr1", "statthr2", "cowwar"]
_WAR_COLS = ["warnum", "ccode", "side", "initiator", "start_date1", "end_date1", "start_date2", "end_date2"]


def prepare_members(members: pd.DataFrame) -> pd.DataFrame:
    """ATOP member rows with ``start``/``end`` spell dates and mixed-obligation flags per alliance phase."""
    m = source_columns(members, _MEMBER_COLS, "atop_member")
    m["start"] = _s(m["entry_date"])
    end = _s(m["exit_date"])
    cens = m["exit_censored"].fillna(False).astype(bool).to_numpy()
    if (end.isna().to_numpy() & ~cens).any():
        raise DataError("atop_member: an exit date is missing but the spell is not marked censored")
    m["end"] = end.where(~cens, ATOP_END)
    m = m.dropna(subset=["start", "ccode"]).reset_index(drop=True)
    for c in OBLIGATIONS:
        m[c] = m[c].fillna(0).astype("int8")  # ATOP: obligation dummies are never missing in 5.1
    g = m.groupby(["atopid", "phase"], sort=False)[list(OBLIGATIONS)]
    lo, hi = g.transform("min"), g.transform("max")
    for c in OBLIGATIONS:
        m[f"mixed_{c}"] = ((lo[c] == 0) & (hi[c] == 1)).to_numpy()
    return m


def prepare_wars(part: pd.DataFrame) -> pd.DataFrame:
    """COW war participant records with entry/exit, war start, initiating side, side start."""
    w = source_columns(part, _WAR_COLS, "cow_war_participant")
    if not w["side"].isin([1, 2]).all():
        raise DataError("cow_war_participant: side must be 1 or 2")
    if w.duplicated(["warnum", "ccode", "side"]).any():
        raise JoinError("cow_war_participant: (warnum, ccode, side) is not unique")
    w["entry"] = _s(w["start_date1"])
    w["exit"] = pd.concat([_s(w["end_date1"]), _s(w["end_date2"])], axis=1).max(axis=1)
    w["war_start_date"] = w.groupby("warnum")["entry"].transform("min")
    w["side_start"] = w.groupby(["warnum", "side"])["entry"].transform("min")
    init = w.loc[w["initiator"] == 1, ["warnum", "side"]].drop_duplicates()
    if init["warnum"].duplicated().any():
        raise DataError(f"war(s) {sorted(init.loc[init['warnum'].duplicated(), 'warnum'].unique())} have "
                                 "initiators on both sides")
    no_init = sorted(set(w["warnum"]) - set(init["warnum"]))
    if no_init:
        raise DataError(f"war(s) {no_init[:10]} have no initiator (initiator == 1)")
    # every war has an initiator (checked above): init_side is never NA, keep its integer dtype
    w = merge_checked(w, init.rename(columns={"side": "init_side"}), "warnum", what="prepare_wars(initiator side)")
    w["init_side"] = w["init_side"].astype(init["side"].dtype)
    opp = w.groupby(["warnum", "side"])["ccode"].agg(lambda s: ";".join(str(int(c)) for c in sorted(s.unique())))
    w["adversaries"] = [opp.get((wn, 3 - sd), "") for wn, sd in zip(w["warnum"], w["side"])]  # <= 2 sides x ~100 wars
    w["n_adversaries"] = w["adversaries"].str.count(";").add(1).where(w["adversaries"] != "", 0).astype("int16")
    return w


def _directed(pairs: pd.DataFrame) -> pd.DataFrame:
    """Long format: one row per pair and obligation O holds toward B (codebook sec. 2.7 rule)."""
    out = []
    for ob in OBLIGATIONS:
        o, b, mixed = pairs[f"{ob}_o"].to_numpy(), pairs[f"{ob}_b"].to_numpy(), pairs[f"mixed_{ob}_o"].to_numpy()
        holds = np.where(mixed, (o == 1) & (b == 0), o == 1)
        sub = pairs.loc[holds].copy()
        sub["obligation"] = ob
        for gen in GENERIC:
            src = CONDITIONS[ob].get(gen)
            sub[gen] = sub[f"{src}_o"].astype("Int8") if src else pd.array([0] * len(sub), dtype="Int8")
        out.append(sub)
    return pd.concat(out, ignore_index=True)


def build_opportunities(data_dir=None, *, members: pd.DataFrame | None = None,
                        participants: pd.DataFrame | None = None, wartime: bool = False) -> pd.DataFrame:
    """All alliance-war candidates (see module docstring); coding happens in :func:`code_outcomes`.

    ``members``/``participants`` default to the processed ``atop_member`` and
    ``cow_war_participant`` tables in ``data_dir`` (newest versions).

    ``wartime=True`` adds *wartime* candidates (Leeds, Long & Mitchell 2000
    count treaties signed during a war, e.g. the Anglo-Soviet treaty of 1941):
    a pair whose alliance comes into effect for both members after the
    beneficiary entered the war and before it left. Its invocation date is
    the day the pair is first bound (``invocation_date`` = max(B's war entry,
    B's and O's alliance entry)), so O's conduct is judged from signature on;
    ``wartime_case`` marks these rows and ``b_war_entry`` keeps B's entry. A
    pair is listed once per war record, at the earliest date it is bound (a
    new phase starting mid-war does not make a second candidate). With the
    default ``wartime=False`` the table is the member-pair table of issue 5
    (alliance in effect on B's entry).

    Parameters
    ----------
    data_dir : path, optional
    members, participants : DataFrame, optional
        ATOP members and COW war participants (default: the processed tables).
    wartime : bool
        Also list alliances formed during the war.

    Returns
    -------
    DataFrame
        One row per directed obligation (obligated member, beneficiary, war record).

    Examples
    --------
    >>> build_opportunities("/path/to/processed")  # doctest: +SKIP
    """
    if members is None:
        members = load("atop_member", data_dir=data_dir)
    if participants is None:
        participants = load("cow_war_participant", data_dir=data_dir)
    m = prepare_members(members)
    w = prepare_wars(participants)

    # 1-2. beneficiary entries in alliances in effect on the invocation date
    b = m.merge(w, on="ccode", how="inner")
    if wartime:  # B's alliance spell overlaps its war spell; bound from max(entry, alliance start)
        b = b[(b["start"] <= b["exit"]) & (b["entry"] <= b["end"])].copy()
    else:
        b = b[(b["start"] <= b["entry"]) & (b["entry"] <= b["end"])].copy()
    b["b_war_entry"] = b["entry"]
    b["entry"] = b[["entry", "start"]].max(axis=1)
    keep_b = ["atopid", "phase", "ccode", "start", "end", "warnum", "side", "initiator", "entry", "exit", "b_war_entry",
              "war_start_date", "side_start", "init_side", "adversaries", "n_adversaries", "cowwar", *OBLIGATIONS]
    b = b[keep_b].rename(columns={"ccode": "beneficiary", "start": "b_entry_date", "end": "b_exit_alliance_date",
                                  "entry": "invocation_date", "exit": "b_exit_date", "cowwar": "cowwar_b",
                                  **{c: f"{c}_b" for c in OBLIGATIONS}})
    o_cols = ["atopid", "phase", "ccode", "start", "end", *OBLIGATIONS, *[f"mixed_{c}" for c in OBLIGATIONS],
              *sorted({c for d in CONDITIONS.values() for c in d.values()}), "olimob", "obvary", "statthr1",
              "statthr2", "cowwar"]
    o = m[o_cols].rename(columns={"ccode": "obligated", "start": "o_entry_date", "end": "o_exit_date",
                                  "cowwar": "cowwar_o", "olimob": "olimob", "obvary": "obvary"})
    o = o.rename(columns={c: f"{c}_o" for c in o_cols if c not in
                          ("atopid", "phase", "ccode", "start", "end", "olimob", "obvary", "statthr1", "statthr2",
                           "cowwar")})
    pairs = b.merge(o, on=["atopid", "phase"], how="inner")
    pairs = pairs[pairs["obligated"] != pairs["beneficiary"]]
    if wartime:  # the pair is bound from the later of B's entry (to war and alliance) and O's alliance entry
        pairs = pairs.assign(invocation_date=pairs[["invocation_date", "o_entry_date"]].max(axis=1))
        pairs = pairs[(pairs["invocation_date"] <= pairs["b_exit_date"])
                      & (pairs["invocation_date"] <= pairs["b_exit_alliance_date"])]
        # one candidate per pair and war record: the earliest phase that binds it
        pairs = pairs.sort_values(["invocation_date", "phase"], kind="stable")
        pairs = pairs.drop_duplicates(["atopid", "obligated", "beneficiary", "warnum", "side"])
    pairs = pairs[(pairs["o_entry_date"] <= pairs["invocation_date"])
                  & (pairs["invocation_date"] <= pairs["o_exit_date"])]
    key = ["atopid", "phase", "obligated", "beneficiary", "warnum", "side"]
    if pairs.duplicated(key).any():
        dup = pairs.loc[pairs.duplicated(key, keep=False), key].iloc[0].to_dict()
        raise JoinError(f"two ATOP membership spells of one state cover the same date (e.g. {dup})")
    # alliance size on t: members whose spell covers t
    size = pairs.groupby(["atopid", "phase", "beneficiary", "warnum", "side"])["obligated"].transform("size")
    pairs["n_members"] = (size + 1).astype("int16")
    # 3. directed obligations, long format
    opp = _directed(pairs.reset_index(drop=True))
    # 4-5. O's own war participation (same / other side)
    ow = w[["warnum", "ccode", "side", "entry", "exit"]]
    same = ow.rename(columns={"ccode": "obligated", "entry": "o_same_start", "exit": "o_same_end"})
    opp = merge_checked(opp, same, ["warnum", "obligated", "side"], what="build_opportunities(O on B's side)")
    other = ow.drop(columns="exit").assign(side=3 - ow["side"]).rename(
        columns={"ccode": "obligated", "entry": "o_opp_start"})
    opp = merge_checked(opp, other, ["warnum", "obligated", "side"], what="build_opportunities(O on the other side)")
    # adversaries that are members of the same alliance phase on t (O included)
    adv = w[["warnum", "side", "ccode"]].assign(side=lambda d: 3 - d["side"])  # side = the side they oppose
    k = opp[["atopid", "phase", "warnum", "side", "invocation_date"]].drop_duplicates()
    km = k.merge(adv, on=["warnum", "side"]).merge(m[["atopid", "phase", "ccode", "start", "end"]],
                                                      on=["atopid", "phase", "ccode"])
    km = km[(km["start"] <= km["invocation_date"]) & (km["invocation_date"] <= km["end"])]
    cnt = km.groupby(["atopid", "phase", "warnum", "side", "invocation_date"])["ccode"].nunique().rename("n_adv_comembers")
    opp = merge_checked(opp, cnt.reset_index(), ["atopid", "phase", "warnum", "side", "invocation_date"],
                        what="build_opportunities(adversaries in the alliance)")
    opp["n_adv_comembers"] = opp["n_adv_comembers"].fillna(0).astype("int16")
    # named threats (alliance-level statthr1/2; 0 = none named, NA = unknown)
    t1 = opp["statthr1"].astype("Int32").fillna(0)
    t2 = opp["statthr2"].astype("Int32").fillna(0)
    s1, s2 = t1.astype("str").where(t1 > 0, ""), t2.astype("str").where(t2 > 0, "")
    opp["named_threats"] = (s1 + np.where((s1 != "") & (s2 != ""), ";", "") + s2).to_numpy()
    hit = np.zeros(len(opp), dtype=bool)
    for t in (t1, t2):  # is the named state a participant on the other side of this war?
        probe = pd.DataFrame({"warnum": opp["warnum"].to_numpy(), "ccode": t.to_numpy(dtype="int64"),
                              "side": opp["side"].to_numpy()})
        sides = w[["warnum", "ccode", "side"]].assign(side=lambda d: 3 - d["side"], _hit=True)
        sides = sides.astype({"ccode": "int64"})
        probe = probe.astype({"warnum": "int64", "side": "int64"})
        sides = sides.astype({"warnum": "int64", "side": "int64"})
        hit |= merge_checked(probe, sides, ["warnum", "ccode", "side"], what="build_opportunities(named threats)")[
            "_hit"].fillna(False).to_numpy(dtype=bool)
    opp["named_threat_adversary"] = hit
    # facts about B
    opp["b_initiator"] = (opp["initiator"] == 1).to_numpy()
    opp["b_side_initiated"] = (opp["side"] == opp["init_side"]).to_numpy()
    opp["b_original_participant"] = (opp["b_war_entry"] == opp["side_start"]).to_numpy()
    opp["b_original_target"] = (~opp["b_side_initiated"] & (opp["b_war_entry"] == opp["war_start_date"])).to_numpy()
    opp["wartime_case"] = (opp["invocation_date"] > opp["b_war_entry"]).to_numpy()
    cond_cols = [c for c in GENERIC]
    opp["conditions_missing"] = (opp[cond_cols].isna().any(axis=1) | opp["olimob"].isna()).to_numpy()
    opp["era"] = np.where(opp["invocation_date"].dt.year < ERA_SPLIT, "1816-1944", "1945-")
    cols = ["atopid", "phase", "obligation", "obligated", "beneficiary", "warnum", "side", "invocation_date",
            "b_exit_date", "war_start_date", "init_side", "b_initiator", "b_side_initiated", "b_original_participant",
            "b_original_target", "o_entry_date", "o_exit_date", "b_entry_date", "b_exit_alliance_date", "n_members",
            "o_same_start", "o_same_end", "o_opp_start", "adversaries", "n_adversaries", "n_adv_comembers", "named_threats",
            "named_threat_adversary", *GENERIC, "olimob", "obvary", "cowwar_o", "cowwar_b", "conditions_missing",
            "era", "b_war_entry", "wartime_case"]
    out = opp[cols].sort_values(["warnum", "invocation_date", "beneficiary", "atopid", "phase", "obligated",
                                 "obligation"], kind="stable").reset_index(drop=True)
    for c in ("obligated", "beneficiary", "warnum"):
        out[c] = out[c].astype("int16")
    out["side"] = out["side"].astype("int8")
    out["init_side"] = out["init_side"].astype("int8")
    out["atopid"] = out["atopid"].astype("int32")
    out["phase"] = out["phase"].astype("Int8")
    out.attrs["alliancestats_fulfillment"] = {
        "atop": members.attrs.get("provenance", {}).get("dataset_id"),
        "war": participants.attrs.get("provenance", {}).get("dataset_id"),
    }
    return out
