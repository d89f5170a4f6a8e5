"""``add_challenger_alliances``: alliance commitments that bear on a challenger-target pair.

For deterrence research on directed dyad-years (challenger = ``ccode1``,
target = ``ccode2``) the question is not whether the two share a pact but
whether *third parties* have promised to help either side in a conflict
between them (Leeds 2003, AJPS 47:427; Johnson & Leeds 2011, FPA 7:45).
Built from ATOP member-level obligations and conditions (ATOP 5.1 codebook,
sec. 2.3x: DEFENSE, OFFENSE, NEUTRAL, NONAGG, DEFCOADV ...; Leeds et al. 2002).

Directed obligations
--------------------
An obligation of state k toward state r exists while k and r are members of
the same alliance phase (their joint spell, ``span_start``-``span_end``),
and k holds the obligation toward r by ATOP's directed rule (symmetric
obligations bind everyone; when only some members of the phase hold it, k
is obligated toward r if k holds it and r does not); see
:mod:`._alliance_dyads`. The conditions are k's own member-row dummies.

Variables (challenger c = ccode1, target t = ccode2, year y)
-------------------------------------------------------------
- ``target_defense``: some k has a DEFENSE obligation toward t that applies
  against c by the rules below (Leeds 2003's "defensive alliance of the
  target"; J&L 2011's target defense).
- ``challenger_defense``: some k has a DEFENSE obligation toward c that
  applies against t (Johnson & Leeds 2011's ``pchaldef``: the potential
  challenger has an ally committed to defend it against this target).
- ``challenger_offense``: an OFFENSE obligation toward c applying against t.
- ``challenger_neutral``: a NEUTRAL obligation toward c applying against t,
  or a NONAGG obligation toward c (Leeds 2003).
- ``shared_defense``: c and t hold a DEFENSE obligation toward each other in
  either direction in y (ATOP's dyad-year definition; year overlap,
  conditions ignored).
- ``<var>_cond`` (first four): 1 if the variable is 1 only because of
  obligations whose conditions remain undecided (``conditional="include"``).

Rules deciding whether an obligation of k toward r applies against o
----------------------------------------------------------------------
Each is an argument of :func:`add_challenger_alliances`;
:func:`explain_challenger_alliances` names the rule that decided each pledge.

1. **Timing** (``timing``): ``"day"`` (default) counts a pledge in force
   (k and r jointly members) on the row's evaluation day: the dispute's
   start date for rows given one in the ``date`` column (event dyad-years),
   else the reference day ``reference_day`` of the year (default 1 July).
   A pledge signed after a dispute began does not count for that dispute
   (China -> Taiwan 1954: the US-ROC treaty was signed after the crisis
   began). Why 1 July for the other years: event dates fall across the
   whole year, so a reference day at the start of the year (1 January)
   would never count a pledge signed during the year for non-events while
   event rows after its signing do count it, inflating the pledge's share
   among events; the middle day makes a one-change year take the status it
   had for most of the year. ``"year"`` keeps the older rule: in force on
   any day of the calendar year.
2. **Not the opponent itself**: k = o never counts.
3. **Intra-alliance** (``intra_alliance``): with ``"exclude"`` (default)
   a pledge does not count against an o that is itself a member of the same
   ATOP alliance on the evaluation day (year timing: in the year): a
   co-member's pledge to r was not made against o (Iraq -> Kuwait 1990 via
   the Arab League, Turkey -> Greece 1974 via NATO). Leeds (2003) codes
   pledges that "would apply" in a conflict between the two states; a
   collective-defense treaty among c, t and k does not commit k against c.
   ``"include"`` counts them.
4. **Adversary** (DEFCOADV / OFFCOADV / NEUCOADV with STATTHR1/2): when the
   treaty names states (STATTHR1 > 0), the pledge applies only against them
   (a named state outside the COW system that year stands for its
   successor, :data:`SUCCESSORS`). With no state named ("a European power"),
   the ``adversary`` mode decides: ``"unknown"`` (default: undecided),
   ``"satisfied"`` or ``"fails"``.
5. **Location** (DEFCOLOC/OFFCOLOC/NEUCOLOC). The ATOP 5.1 codebook defines
   DEFCOLOC as "Dummy variable coded 1 if the defense obligation undertaken
   by this alliance member is conditional upon conflict in a particular
   location (e.g., home territory only; attack on the Eastern front)", and a
   defense commitment as a promise "to assist an ally militarily in the
   event of attack on the ally's sovereignty or territorial integrity"
   (sec. 2.3). A dispute initiated against the target is a challenge to the
   target itself, so a location limit on a *defense* pledge (which by
   definition protects the ally's territory: NATO's "Europe or North
   America", Rio's hemisphere, the US Pacific treaties' territories) is
   satisfied: ``location="homeland"`` (default). For offense and
   neutrality pledges the place is not the ally's own territory and stays
   undecided. ``"unknown"`` leaves every location limit undecided (the
   older coding), ``"satisfied"``/``"fails"`` decide them all.
6. **Conflict / number / demands** (DEFCOCON, DEFCONUM, DEFCODEM, ...):
   the member file does not say which conflict, how many adversaries or
   which demands; ``conflict``/``number``/``demands`` = ``"unknown"``
   (default), ``"satisfied"`` or ``"fails"``.
7. **Provocation** (DEFCONPR, NEUCONPR: only if the ally did not provoke;
   NEUCOATT: neutrality only if the ally is attacked): with
   ``provocation="initiator"`` (default) the challenger is the initiator of
   the dyad's dispute, so pledges to the target (who did not provoke) apply
   and pledges to the challenger (who did) do not. ``"unknown"``,
   ``"satisfied"``, ``"fails"`` as above.
8. **Wartime alliances** (ATOP ``wartime``: a member was at war when the
   alliance was formed): ``wartime="include"`` (default) or ``"exclude"``.

An obligation left *undecided* by these rules counts with
``conditional="include"`` (default; flagged in ``<var>_cond``) and not with
``conditional="exclude"``. With ``timing="year"``, ``intra_alliance="include"``,
``location="unknown"`` and ``provocation="unknown"`` the variables equal the
earlier coding of this module. Non-aggression pacts carry no condition
dummies in ATOP and always count.

Coverage is ATOP's (1815-2018): other years are NA, never 0.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from ..errors import JoinError, ModelInputError, OptionError, PanelError, check_option
from ._alliance_dyads import alliance_pairs
from ._frame import carry, data_dir_of, fill_covered, load_table, panel_info, source_coverage
from ..joins import merge_checked

VARIABLES = ("target_defense", "challenger_defense", "challenger_offense", "challenger_neutral", "shared_defense")
PLEDGE_VARIABLES = VARIABLES[:4]

#: A named threat state that is not a COW system member in the year stands for its successor then:
#: (named code, successor code, first year, last year). Soviet-bloc treaties of 1946-1990 name
#: "Germany" (255), which COW lists only to 1945 and from 1990; the threat they meant is West Germany (260).
SUCCESSORS = ((255, 260, 1946, 1990),)

# obligation -> (adversary-condition dummy, {generic condition: member-file dummy})
CONDITIONS = {
    "defense": ("defcoadv", {"loc": "defcoloc", "con": "defcocon", "num": "defconum", "dem": "defcodem",
                             "npr": "defconpr"}),
    "offense": ("offcoadv", {"loc": "offcoloc", "con": "offcocon", "num": "offconum", "dem": "offcodem"}),
    "neutral": ("neucoadv", {"loc": "neucoloc", "con": "neucocon", "num": "neuconum", "dem": "neucodem",
                             "npr": "neuconpr", "att": "neucoatt"}),
    "nonagg": (None, {}),
}
FLAGS = ("loc", "con", "num", "dem", "npr", "att")
#: which rule decides each generic condition
RULE_OF = {"loc": "location", "con": "conflict", "num": "number", "dem": "demands", "npr": "provocation",
           "att": "provocation"}

# variable -> (obligation kinds, column of the pledge's recipient, column it must apply against, side)
SPECS = {
    "target_defense": (("defense",), "ccode2", "ccode1", "target"),
    "challenger_defense": (("defense",), "ccode1", "ccode2", "challenger"),
    "challenger_offense": (("offense",), "ccode1", "ccode2", "challenger"),
    "challenger_neutral": (("neutral", "nonagg"), "ccode1", "ccode2", "challenger"),
}

_BASIC = ("unknown", "satisfied", "fails")
#: valid modes per condition rule (the first is the default)
RULE_MODES = {
    "adversary": _BASIC,
    "location": ("homeland", *_BASIC),
    "conflict": _BASIC,
    "number": _BASIC,
    "demands": _BASIC,
    "provocation": ("initiator", *_BASIC),
}
DEFAULT_RULES = {k: v[0] for k, v in RULE_MODES.items()}
_CODE = {"satisfied": 0, "unknown": 1, "fails": 2}  # status: 0 applies, 1 undecided, 2 does not apply

_CACHE: dict = {}


@dataclass(frozen=True)
class PledgeRules:
    """The applicability rules (see the module docstring); defaults follow Leeds (2003) as argued there."""

    conditional: str = "include"
    adversary: str = "unknown"
    location: str = "homeland"
    conflict: str = "unknown"
    number: str = "unknown"
    demands: str = "unknown"
    provocation: str = "initiator"
    intra_alliance: str = "exclude"
    timing: str = "day"
    reference_day: str = "07-01"
    wartime: str = "include"

    def __post_init__(self):
        check_option("conditional", self.conditional, ("include", "exclude"))
        for rule, modes in RULE_MODES.items():
            check_option(rule, getattr(self, rule), modes)
        check_option("intra_alliance", self.intra_alliance, ("exclude", "include"))
        check_option("timing", self.timing, ("day", "year"))
        check_option("wartime", self.wartime, ("include", "exclude"))
        day = self.reference_day
        ok = isinstance(day, str) and len(day) == 5 and day[2] == "-"
        if ok:
            try:
                pd.Timestamp(f"2001-{day}")
            except ValueError:
                ok = False
        if not ok:
            raise OptionError(f"reference_day={day!r} is not a day of the year; use 'MM-DD', e.g. '07-01' or '01-01'")

    def mode(self, flag: str, obligation: str, side: str) -> str:
        """The resolved mode ("satisfied"/"unknown"/"fails") of a generic condition for one pledge kind."""
        rule = RULE_OF[flag]
        m = getattr(self, rule)
        if m == "homeland":
            return "satisfied" if obligation == "defense" else "unknown"
        if m == "initiator":
            return "satisfied" if side == "target" else "fails"
        return m


def _member_file_key(data_dir, dataset_id):
    from ..store import _resolve_table_id, resolve_data_dir

    ddir = resolve_data_dir(data_dir)
    tid = f"{dataset_id}_member" if dataset_id else _resolve_table_id("atop_member", ddir)
    p = ddir / f"{tid}.parquet"
    st = p.stat() if p.exists() else None
    return (str(p.resolve()), st.st_mtime_ns if st else None, st.st_size if st else None)


def directed_obligations(data_dir=None, dataset_id: str | None = None) -> tuple[pd.DataFrame, tuple[int, int], str]:
    """One row per directed obligation-year: ``ally`` (k) obligated toward ``recipient`` (r).

    Columns: ally, recipient, year, atopid, phase, obligation ("defense",
    "offense", "neutral", "nonagg"), named1, named2 (threat states, 0 =
    none), adversary ("none", "named", "unnamed"), the generic condition
    flags loc, con, num, dem, npr, att (bool), other_conditions (the
    member-file dummies that are 1, ";"-joined), wartime (bool),
    span_start/span_end (first and last day k and r were jointly members;
    an open end is the last day of ATOP's coverage), conditional (bool: an
    unnamed adversary or another condition; the older summary). Returns
    (table, coverage, dataset id). Cached per processed file (the table is
    read-only; callers must not modify it).
    """
    key = _member_file_key(data_dir, dataset_id)
    if key in _CACHE:
        return _CACHE[key][:3]
    tab = load_table("atop_member", data_dir, dataset_id)
    cov = source_coverage(tab)
    ds_id = tab.attrs["provenance"]["dataset_id"]
    m = tab.rename(columns={"entry_date": "start", "exit_date": "end"})
    if "wartime" not in m.columns:
        m["wartime"] = 0
    cond_cols = sorted({c for adv, oth in CONDITIONS.values() for c in ((adv,) if adv else ()) + tuple(oth.values())})
    for c in cond_cols:
        if c not in m.columns:
            m[c] = 0
    keep = [*cond_cols, "statthr1", "statthr2", "wartime"]
    for c in ("statthr1", "statthr2"):
        if c not in m.columns:
            m[c] = 0
    pairs = alliance_pairs(m, alliance="atopid", obligations=list(CONDITIONS), first=cov[0], last=cov[1],
                           group=["phase"], keep=keep, spans=True)
    named1 = pairs["statthr11"].astype("Int16").fillna(0).to_numpy(dtype="int64")
    named2 = pairs["statthr21"].astype("Int16").fillna(0).to_numpy(dtype="int64")
    yr = pairs["year"].to_numpy()
    for named in (named1, named2):
        for code, succ, y0, y1 in SUCCESSORS:
            named[(named == code) & (yr >= y0) & (yr <= y1)] = succ
    flag = lambda p, c: p[f"{c}1"].astype("Int8").fillna(0).to_numpy() == 1  # noqa: E731
    parts = []
    for obl, (adv, others) in CONDITIONS.items():
        sel = pairs[obl].to_numpy() == 1
        if not sel.any():
            continue
        p = pairs.loc[sel]
        n1, n2 = named1[sel], named2[sel]
        if adv:
            adversary = np.where(~flag(p, adv), "none", np.where(n1 > 0, "named", "unnamed"))
        else:
            adversary = np.full(len(p), "none")
        other = np.full(len(p), "", dtype=object)
        cols = {}
        for g in FLAGS:
            f = flag(p, others[g]) if g in others else np.zeros(len(p), dtype=bool)
            cols[g] = f
            if g in others:
                other = np.where(f, np.where(other == "", others[g], other + ";" + others[g]), other)
        parts.append(pd.DataFrame({
            "ally": p["ccode1"].to_numpy(), "recipient": p["ccode2"].to_numpy(),
            "year": p["year"].to_numpy(), "atopid": p["atopid"].to_numpy(),
            "phase": p["phase"].to_numpy(), "obligation": obl,
            "named1": n1.astype("int16"), "named2": n2.astype("int16"),
            "adversary": adversary, "adv_named": adversary == "named", "adv_unnamed": adversary == "unnamed",
            **cols, "other_conditions": other,
            "wartime": flag(p, "wartime"),
            "span_start": p["span_start"].to_numpy(), "span_end": p["span_end"].to_numpy(),
            "conditional": (adversary == "unnamed") | (other != ""),
        }))
    out = pd.concat(parts, ignore_index=True)
    out = out.sort_values(["recipient", "year", "ally", "obligation", "atopid", "phase", "span_start"], kind="stable")
    out = out.reset_index(drop=True)
    members = _member_years(m, cov)
    if len(_CACHE) >= 4:
        _CACHE.pop(next(iter(_CACHE)))
    _CACHE[key] = (out, cov, ds_id, members)
    return out, cov, ds_id


def _members_of(data_dir, dataset_id) -> pd.DataFrame:
    directed_obligations(data_dir, dataset_id)
    return _CACHE[_member_file_key(data_dir, dataset_id)][3]


def _member_years(m: pd.DataFrame, cov) -> pd.DataFrame:
    """(atopid, ccode, year) -> first_in, last_in: the first and last day of membership (any phase) touching the year.

    A member that left and re-joined the same alliance within one year is
    treated as a member between the two spells (rare; documented).
    """
    from ..spells import expand_spells

    sp = m[["atopid", "ccode", "start", "end"]].dropna(subset=["start", "ccode"]).copy()
    sp["end"] = sp["end"].fillna(pd.Timestamp(f"{cov[1]}-12-31"))
    my = expand_spells(sp, "start", "end", ["atopid", "ccode", "start", "end"], cov[0], cov[1])
    g = my.groupby(["atopid", "ccode", "year"], sort=True)
    out = pd.DataFrame({"first_in": g["start"].min(), "last_in": g["end"].max()}).reset_index()
    return out.astype({"atopid": "int32", "ccode": "int16", "year": "int16"})


def _static_status(obl: pd.DataFrame, side: str, rules: PledgeRules) -> tuple[np.ndarray, np.ndarray]:
    """Status of each obligation from the rules that do not depend on the opposing state.

    0 applies, 1 undecided, 2 does not apply; plus the deciding reason
    (the first rule, in the documented order, that set the final status).
    """
    n = len(obl)
    status = np.zeros(n, dtype=np.int8)
    reason = np.full(n, "", dtype=object)
    kinds = obl["obligation"].to_numpy()

    def apply(mask, code, why):
        upd = mask & (code > status)
        status[upd] = code
        reason[upd] = why

    if rules.wartime == "exclude":
        apply(obl["wartime"].to_numpy(), 2, "wartime alliance: excluded (wartime='exclude')")
    unnamed = obl["adv_unnamed"].to_numpy()
    apply(unnamed, _CODE[rules.adversary], f"adversary condition, no state named (adversary='{rules.adversary}')")
    for g in FLAGS:
        f = obl[g].to_numpy()
        if not f.any():
            continue
        for kind in np.unique(kinds[f]):
            mode = rules.mode(g, kind, side)
            rule = RULE_OF[g]
            apply(f & (kinds == kind), _CODE[mode], f"{rule} condition ({rule}='{getattr(rules, rule)}': {mode})")
    return status, reason


def _ref_dates(years: np.ndarray, reference_day: str) -> np.ndarray:
    mm, dd = (int(x) for x in reference_day.split("-"))
    y = (np.asarray(years, dtype="int64") - 1970).astype("datetime64[Y]").astype("datetime64[M]")
    return (y + (mm - 1)).astype("datetime64[D]").astype("datetime64[s]") + np.timedelta64(dd - 1, "D")


def _pair_masks(pairs: pd.DataFrame, members: pd.DataFrame, rules: PledgeRules) -> dict:
    """Rules that depend on the opposing state ``o`` and the evaluation day ``when``, for (row, obligation) pairs."""
    o = pairs["o"].to_numpy()
    if rules.timing == "day":
        when = pairs["when"].to_numpy()
        active = (pairs["span_start"].to_numpy() <= when) & (when <= pairs["span_end"].to_numpy())
    else:
        active = np.ones(len(pairs), dtype=bool)
    notself = pairs["ally"].to_numpy() != o
    named = pairs["adv_named"].to_numpy()
    named_ok = ~named | (pairs["named1"].to_numpy() == o) | (pairs["named2"].to_numpy() == o)
    if rules.intra_alliance == "exclude" and len(pairs):
        k = pd.DataFrame({"atopid": pairs["atopid"].to_numpy().astype("int32"), "ccode": o.astype("int16"),
                          "year": pairs["year"].to_numpy().astype("int16")})
        mm = merge_checked(k, members, ["atopid", "ccode", "year"], what="challenger alliances (co-members)")
        is_mem = mm["first_in"].notna().to_numpy()
        if rules.timing == "day":
            fi = mm["first_in"].to_numpy(dtype="datetime64[s]")
            la = mm["last_in"].to_numpy(dtype="datetime64[s]")
            w = pairs["when"].to_numpy()
            with np.errstate(invalid="ignore"):
                is_mem = is_mem & (fi <= w) & (w <= la)
        intra_ok = ~is_mem
    else:
        intra_ok = np.ones(len(pairs), dtype=bool)
    return {"active": active, "notself": notself, "named": named, "named_ok": named_ok, "intra_ok": intra_ok}


def _pledge_values(obl: pd.DataFrame, members: pd.DataFrame, rows: pd.DataFrame, side: str,
                   rules: PledgeRules) -> tuple[np.ndarray, np.ndarray]:
    """(applies, applies-only-if-undecided-counts) for each row of ``rows`` (r, o, year, date).

    Rows whose opposing state is unrelated to the recipient's pledges (not
    an ally, not a co-member of a pledging alliance, not named) and that are
    evaluated on the reference day take the per (r, year) answer; the
    others are evaluated pledge by pledge.
    """
    n = len(rows)
    status, _ = _static_status(obl, side, rules)
    o = obl.assign(_status=status)
    o = o[o["_status"] < 2]
    r_ = rows["r"].to_numpy().astype("int16")
    o_ = rows["o"].to_numpy().astype("int16")
    y_ = rows["year"].to_numpy().astype("int16")
    dated = rows["date"].notna().to_numpy() if rules.timing == "day" else np.zeros(n, dtype=bool)
    # --- per (r, year) on the reference day, pledges that cannot depend on o
    free = o[~o["adv_named"].to_numpy()]
    if rules.timing == "day":
        ref = _ref_dates(free["year"].to_numpy(), rules.reference_day)
        free = free[(free["span_start"].to_numpy() <= ref) & (ref <= free["span_end"].to_numpy())]
    base = pd.DataFrame({"r": free["recipient"].to_numpy(), "year": free["year"].to_numpy(),
                         "_ok": (free["_status"].to_numpy() == 0).astype("int8"), "_any": np.int8(1)})
    base = base.groupby(["r", "year"], sort=True).max().reset_index().astype({"r": "int16", "year": "int16"})
    key = pd.DataFrame({"r": r_, "o": o_, "year": y_})
    b = merge_checked(key[["r", "year"]], base, ["r", "year"], what="challenger alliances (base)")
    ok = b["_ok"].to_numpy(dtype="int8", na_value=0) == 1
    anyv = b["_any"].to_numpy(dtype="int8", na_value=0) == 1
    # --- states related to r's pledges in the year: allies, named adversaries, co-members of pledging alliances
    rel = [o[["recipient", "ally", "year"]].rename(columns={"recipient": "r", "ally": "o"})]
    nm = o[o["adv_named"].to_numpy()]
    for c in ("named1", "named2"):
        rel.append(nm[["recipient", c, "year"]].rename(columns={"recipient": "r", c: "o"}))
    if rules.intra_alliance == "exclude":
        ay = o[["recipient", "atopid", "year"]].drop_duplicates()
        co = ay.astype({"atopid": "int32", "year": "int16"}).merge(members[["atopid", "year", "ccode"]],
                                                                    on=["atopid", "year"])
        rel.append(co[["recipient", "ccode", "year"]].rename(columns={"recipient": "r", "ccode": "o"}))
    rel = pd.concat(rel, ignore_index=True).astype("int16").drop_duplicates()
    rel = rel[rel["o"] > 0].assign(_rel=np.int8(1))
    isrel = merge_checked(key, rel, ["r", "o", "year"], what="challenger alliances (related)")["_rel"]
    special = np.flatnonzero(isrel.notna().to_numpy() | dated)
    if len(special):
        ok_s, any_s = _evaluate(o, members, rows.iloc[special], r_[special], o_[special], y_[special], rules)
        ok[special], anyv[special] = ok_s, any_s
    if rules.conditional == "exclude":
        anyv = ok
    return anyv, ok


def _evaluate(o, members, rows, r_, o_, y_, rules, chunk: int = 200_000):
    """Pledge-by-pledge evaluation of the given rows (chunked to bound memory)."""
    when_all = rows["date"].to_numpy(dtype="datetime64[s]") if rules.timing == "day" else None
    if when_all is not None:
        refs = _ref_dates(y_, rules.reference_day)
        when_all = np.where(np.isnat(when_all), refs, when_all)
    cols = ["recipient", "year", "ally", "atopid", "adv_named", "named1", "named2", "span_start", "span_end", "_status"]
    ob = o[cols].rename(columns={"recipient": "r"}).astype({"r": "int16", "year": "int16"})
    ok = np.zeros(len(r_), dtype=bool)
    anyv = np.zeros(len(r_), dtype=bool)
    for s in range(0, len(r_), chunk):
        sl = slice(s, s + chunk)
        q = pd.DataFrame({"_row": np.arange(s, min(s + chunk, len(r_))), "r": r_[sl], "o": o_[sl], "year": y_[sl]})
        if when_all is not None:
            q["when"] = when_all[sl]
        p = q.merge(ob, on=["r", "year"], how="inner")
        if p.empty:
            continue
        m = _pair_masks(p, members, rules)
        good = m["active"] & m["notself"] & m["named_ok"] & m["intra_ok"]
        st = p["_status"].to_numpy()
        rid = p["_row"].to_numpy()
        ok[rid[good & (st == 0)]] = True
        anyv[rid[good & (st <= 1)]] = True
    return ok, anyv


def add_challenger_alliances(df: pd.DataFrame, data_dir=None, *, date: str | None = None,
                             variables=VARIABLES, dataset_id: str | None = None, **rules) -> pd.DataFrame:
    """Attach ``target_defense``, ``challenger_defense``, ``challenger_offense``, ``challenger_neutral``,
    ``shared_defense`` and the ``<var>_cond`` flags.

    Directed dyad-year frames only (challenger = ccode1, target = ccode2);
    rules, codebook variables and references in the module docstring.

    Parameters
    ----------
    date : column of ``df`` with the day each row is evaluated on (e.g. the
        start date of the dispute initiated in that dyad-year); NaT or no
        column = the reference day. Only used with ``timing="day"``.
    variables : which of :data:`VARIABLES` to attach (default all; a
        subset is faster when only some are recomputed under other rules).
    **rules : the applicability rules of :class:`PledgeRules`:
        ``conditional`` ("include"), ``adversary`` ("unknown"), ``location``
        ("homeland"), ``conflict``/``number``/``demands`` ("unknown"),
        ``provocation`` ("initiator"), ``intra_alliance`` ("exclude"),
        ``timing`` ("day"), ``reference_day`` ("07-01"), ``wartime``
        ("include"). An unknown name or value raises an error naming the
        valid ones.

    Returns
    -------
    DataFrame
        ``df`` with the requested variables (Int8: 1 applies, 0 not, NA
        outside ATOP's coverage) and their ``<var>_cond`` flags (Int8).

    Raises
    ------
    OptionError
        An unknown rule, rule value or variable.
    PanelError
        When ``df`` is not a directed dyad-year frame.

    Examples
    --------
    >>> import alliancestats as als
    >>> ddy = als.create_dyad_years(True, 1816, 2016).pipe(als.add_challenger_alliances)  # doctest: +SKIP
    >>> strict = als.add_challenger_alliances(ddy[["ccode1", "ccode2", "year"]], conditional="exclude")  # doctest: +SKIP
    """
    bad = sorted(set(rules) - set(PledgeRules.__dataclass_fields__))
    if bad:
        raise OptionError(f"unknown rule(s) {bad}; valid: {sorted(PledgeRules.__dataclass_fields__)}")
    rl = PledgeRules(**rules)
    info = panel_info(df)
    if info["unit"] != "dyad_year" or not info["directed"]:
        raise PanelError("add_challenger_alliances needs a directed dyad-year frame "
                                 "(challenger = ccode1, target = ccode2)")
    bad = [v for v in variables if v not in VARIABLES]
    if bad:
        raise OptionError(f"unknown variable(s) {bad}; valid: {list(VARIABLES)}")
    names = [*(v for v in VARIABLES if v in variables), *(f"{v}_cond" for v in PLEDGE_VARIABLES if v in variables)]
    clash = [c for c in names if c in df.columns]
    if clash:
        raise JoinError(f"add_challenger_alliances: the frame already has column(s) {clash}; drop them first")
    if date is not None and date not in df.columns:
        raise ModelInputError(f"date={date!r} is not a column of the frame; pass the name of a date column "
                              "(e.g. the dispute's start date) or date=None for the year's reference day")
    ddir = data_dir_of(df, data_dir)
    obl, cov, ds_id = directed_obligations(ddir, dataset_id)
    members = _members_of(ddir, dataset_id)
    out = df.copy(deep=False)
    dates = (df[date].to_numpy(dtype="datetime64[s]") if date is not None
             else np.full(len(df), np.datetime64("NaT"), dtype="datetime64[s]"))
    kinds = obl["obligation"].to_numpy()
    for var, (obls, rec, opp, side) in SPECS.items():
        if var not in variables:
            continue
        rows = pd.DataFrame({"r": df[rec].to_numpy(), "o": df[opp].to_numpy(), "year": df["year"].to_numpy(),
                             "date": dates})
        anyv, ok = _pledge_values(obl[np.isin(kinds, obls)], members, rows, side, rl)
        out[var] = anyv.astype("int8")
        out[f"{var}_cond"] = (anyv & ~ok).astype("int8")
    if "shared_defense" in variables:
        out = _shared_defense(df, out, obl[kinds == "defense"])
    out = fill_covered(out, names, cov)
    record = {k: getattr(rl, k) for k in PledgeRules.__dataclass_fields__}
    record["date"] = date
    return carry(df, out, source=ds_id, challenger_alliances=json.loads(json.dumps(record)))


def _shared_defense(df, out, defense):
    d = defense[["ally", "recipient", "year"]].drop_duplicates()
    both = pd.concat([d, d.rename(columns={"ally": "recipient", "recipient": "ally"})[d.columns]]).drop_duplicates()
    both = both.rename(columns={"ally": "ccode1", "recipient": "ccode2"}).assign(shared_defense=np.int8(1))
    both = both.astype({"ccode1": "int16", "ccode2": "int16", "year": "int16"})
    keyed = merge_checked(df[["ccode1", "ccode2", "year"]], both, ["ccode1", "ccode2", "year"],
                          what="add_challenger_alliances(shared_defense)")
    out["shared_defense"] = keyed["shared_defense"].to_numpy(dtype="int8", na_value=0)
    return out


@dataclass
class ChallengerExplanation:
    """The obligations behind the challenger-specific alliance values of one directed dyad-year."""

    challenger: int
    target: int
    year: int
    values: dict
    obligations: pd.DataFrame
    notes: list[str] = field(default_factory=list)

    def summary(self) -> str:
        lines = [f"Challenger {self.challenger} -> target {self.target}, {self.year}",
                 "values: " + ", ".join(f"{k}={v}" for k, v in self.values.items())]
        lines.append("(no obligations)" if self.obligations.empty else self.obligations.to_string(index=False))
        return "\n".join(lines + [f"note: {n}" for n in self.notes])

    def __str__(self) -> str:
        return self.summary()


def explain_challenger_alliances(ccode1: int, ccode2: int, year: int, *, date=None, data_dir=None,
                                 df: pd.DataFrame | None = None, **rules) -> ChallengerExplanation:
    """List every obligation (ATOP id, phase, ally, conditions) relevant to one directed dyad-year.

    Each row says which variable it bears on, whether it applies against
    the opposing state, and the rule that decided it (``rule``); ``values``
    recomputes the variables from those rows with the same rules as
    :func:`add_challenger_alliances` (``date``: the evaluation day, default
    the reference day; same ``**rules``).

    Parameters
    ----------
    ccode1, ccode2 : int
        Challenger and target.
    year : int
    date : str or Timestamp, optional
        The evaluation day (default the reference day of ``year``).
    data_dir : path, optional
        Folder of processed tables (default: the one recorded on ``df``).
    df : DataFrame, optional
        The panel the values came from.
    **rules
        As in :func:`add_challenger_alliances`.

    Returns
    -------
    ChallengerExplanation
        ``.obligations`` (one row per obligation), ``.values`` and ``.summary()``.

    Examples
    --------
    >>> import alliancestats as als
    >>> print(als.explain_challenger_alliances(2, 365, 1962).summary())  # doctest: +SKIP
    """
    rl = PledgeRules(**rules)
    if df is not None:
        data_dir = data_dir_of(df, data_dir)
    obl, cov, _ = directed_obligations(data_dir)
    members = _members_of(data_dir, None)
    c, t, y = int(ccode1), int(ccode2), int(year)
    when = pd.Timestamp(date).to_datetime64().astype("datetime64[s]") if date is not None \
        else _ref_dates(np.array([y]), rl.reference_day)[0]
    rows = []
    for var, (kinds, rec_col, _, side) in SPECS.items():
        rec, opp = (t, c) if rec_col == "ccode2" else (c, t)
        o = obl[(obl["recipient"] == rec) & (obl["year"] == y) & obl["obligation"].isin(kinds)].copy()
        if o.empty:
            continue
        status, reason = _static_status(o, side, rl)
        o = o.assign(o=np.int16(opp), when=when, _status=status)
        m = _pair_masks(o, members, rl)
        named_other = m["named"] & ~m["named_ok"]
        rule = np.select(
            [~m["active"], ~m["notself"], ~m["intra_ok"], named_other, status == 2,
             m["named"] & (status == 0), status == 1, status == 0],
            [f"not in force on {str(when)[:10]}", "ally is the opposing state itself: not counted",
             "intra-alliance: the opposing state is a member of the same alliance (intra_alliance='exclude')",
             "adversary condition names other states: does not apply", reason,
             "adversary condition names the opposing state: applies",
             "undecided: " + reason.astype(str), "applies" + np.where(reason != "", " (" + reason.astype(str) + ")", "")],
            default="")
        good = m["active"] & m["notself"] & m["intra_ok"] & m["named_ok"] & (status < 2)
        undecided = good & (status == 1)
        applies = good & ((status == 0) | (undecided & (rl.conditional == "include")))
        o = o.assign(variable=var, applies=applies, conditional=undecided, rule=rule)
        rows.append(o)
    shared = obl[(obl["obligation"] == "defense") & (obl["year"] == y)
                 & (((obl["ally"] == c) & (obl["recipient"] == t)) | ((obl["ally"] == t) & (obl["recipient"] == c)))]
    if len(shared):
        rows.append(shared.assign(variable="shared_defense", applies=True, conditional=False,
                                  rule="challenger and target are defense allies"))
    cols = ["variable", "ally", "recipient", "obligation", "atopid", "phase", "span_start", "span_end", "wartime",
            "adversary", "named1", "named2", "other_conditions", "applies", "conditional", "rule"]
    tab = pd.concat(rows, ignore_index=True)[cols] if rows else pd.DataFrame(columns=cols)
    values, notes = {}, []
    if not cov[0] <= y <= cov[1]:
        notes.append(f"{y} is outside ATOP's coverage {cov}: the variables are NA")
        values = {v: None for v in VARIABLES}
    else:
        for v in VARIABLES:
            sel = tab[(tab["variable"] == v) & tab["applies"].astype(bool)]
            values[v] = int(len(sel) > 0)
            if v != "shared_defense":
                values[f"{v}_cond"] = int(len(sel) > 0 and sel["conditional"].astype(bool).all())
    if rl.timing == "day":
        notes.append(f"pledges evaluated on {str(when)[:10]}")
    return ChallengerExplanation(c, t, y, values, tab.reset_index(drop=True), notes)
