"""``add_challenger_alliances``: alliance commitments that bear on a challenger-target pair.

For deterrence research on directed dyad-years (challenger = ``ccode1``,
target = ``ccode2``) the question is not whether the two share a pact but
whether *third parties* have promised to help either side in a conflict
between them (Leeds 2003, AJPS 47:427; Johnson & Leeds 2011, FPA 7:45).
Built from ATOP member-level obligations and conditions (ATOP 5.1 codebook,
sec. 2.3x: DEFENSE, OFFENSE, NEUTRAL, NONAGG, DEFCOADV ...; Leeds et al. 2002).

Directed obligations
--------------------
An obligation of state k toward state r in year y exists when k and r are
members of the same alliance phase with membership overlapping on at least
one day of y, and k holds the obligation toward r by ATOP's directed rule
(symmetric obligations bind everyone; when only some members of the phase
hold it, k is obligated toward r if k holds it and r does not); see
:mod:`._alliance_dyads`. The conditions are k's own member-row dummies.

Adversary conditions
--------------------
DEFCOADV / OFFCOADV / NEUCOADV (M) = 1: the obligation holds only against
a particular adversary or type of adversary. STATTHR1 / STATTHR2 (coded at
the alliance level, carried on every member row) name up to two COW states
as the threat (0 = none named). Rule for an obligation of k toward r,
evaluated against the opposing state o of the dyad:

- adversary condition = 0: the obligation can apply against any o;
- adversary condition = 1 and some state is named (STATTHR1 > 0): it applies
  only if o is STATTHR1 or STATTHR2 (a *named-adversary* obligation, treated
  as satisfied, i.e. unconditional against o);
- a named state that is not in the COW system that year stands for its
  successor (:data:`SUCCESSORS`: Germany 255 -> West Germany 260 in
  1946-1990, as named in the Soviet-bloc treaties of those years);
- adversary condition = 1 and no state named (STATTHR1 = 0 or missing; e.g.
  "a European power"): whether o qualifies cannot be read from the data; the
  obligation is *conditional* (see below).

Other conditions
----------------
DEFCOLOC (location), DEFCOCON (a particular ongoing conflict), DEFCONUM
(number of adversaries), DEFCODEM (demands met), DEFCONPR (ally did not
provoke); likewise OFFCOLOC/OFFCOCON/OFFCONUM/OFFCODEM and
NEUCOLOC/NEUCOCON/NEUCONUM/NEUCODEM/NEUCONPR/NEUCOATT (neutrality only if the
ally is attacked). The member file does not say which location or conflict,
so such an obligation is *conditional*: with ``conditional="include"``
(default) it counts, and the companion column ``<var>_cond`` is 1 when the
variable is 1 *only* through conditional obligations, so users can drop or
recode those dyad-years; ``conditional="exclude"`` counts unconditional (and
satisfied named-adversary) obligations only. Non-aggression pacts carry no
condition dummies in ATOP and always count.

Variables (challenger c = ccode1, target t = ccode2, year y)
-------------------------------------------------------------
- ``target_defense``: some k != c has a DEFENSE obligation toward t in y that
  applies against c by the rules above.
- ``challenger_offense``: some k != t has an OFFENSE obligation toward c in y
  that applies against t (OFFCOADV rule with t as the adversary).
- ``challenger_neutral``: some k != t has a NEUTRAL obligation (applying
  against t, NEUCOADV rule) or a NONAGG obligation toward c in y.
- ``shared_defense``: c and t hold a DEFENSE obligation toward each other in
  either direction in y (ATOP's dyad-year definition; conditions ignored).
- ``target_defense_cond``, ``challenger_offense_cond``,
  ``challenger_neutral_cond``: 1 if the variable is 1 only because of
  conditional obligations (0 where the variable is 0).

Coverage is ATOP's (1815-2018): other years are NA, never 0.
:func:`explain_challenger_alliances` lists the alliance ids and the rule
applied to each obligation behind one dyad-year's values.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from ._alliance_dyads import alliance_pairs
from ._frame import carry, data_dir_of, fill_covered, load_table, merge_checked, panel_info, source_coverage

VARIABLES = ("target_defense", "challenger_offense", "challenger_neutral", "shared_defense")

#: A named threat state that is not a COW system member in the year stands for its successor then:
#: (named code, successor code, first year, last year). Soviet-bloc treaties of 1946-1990 name
#: "Germany" (255), which COW lists only to 1945 and from 1990; the threat they meant is West Germany (260).
SUCCESSORS = ((255, 260, 1946, 1990),)

# obligation -> (adversary-condition dummy, other-condition dummies)
CONDITIONS = {
    "defense": ("defcoadv", ("defcoloc", "defcocon", "defconum", "defcodem", "defconpr")),
    "offense": ("offcoadv", ("offcoloc", "offcocon", "offconum", "offcodem")),
    "neutral": ("neucoadv", ("neucoloc", "neucocon", "neuconum", "neucodem", "neuconpr", "neucoatt")),
    "nonagg": (None, ()),
}


def directed_obligations(data_dir=None, dataset_id: str | None = None) -> tuple[pd.DataFrame, tuple[int, int], str]:
    """One row per directed obligation-year: ``ally`` (k) obligated toward ``recipient`` (r).

    Columns: ally, recipient, year, atopid, phase, obligation ("defense",
    "offense", "neutral", "nonagg"), named1, named2 (threat states, 0 =
    none), adversary ("none", "named", "unnamed"), other_conditions (names of
    the other condition dummies that are 1, ";"-joined), conditional (bool:
    an unnamed adversary or another condition). Returns (table, coverage, dataset id).
    """
    tab = load_table("atop_member", data_dir, dataset_id)
    cov = source_coverage(tab)
    ds_id = tab.attrs["provenance"]["dataset_id"]
    m = tab.rename(columns={"entry_date": "start", "exit_date": "end"})
    cond_cols = sorted({c for adv, oth in CONDITIONS.values() for c in ((adv,) if adv else ()) + oth})
    keep = [*cond_cols, "statthr1", "statthr2"]
    pairs = alliance_pairs(m, alliance="atopid", obligations=list(CONDITIONS), first=cov[0], last=cov[1],
                           group=["phase"], keep=keep)
    named1 = pairs["statthr11"].astype("Int16").fillna(0).to_numpy(dtype="int64")
    named2 = pairs["statthr21"].astype("Int16").fillna(0).to_numpy(dtype="int64")
    yr = pairs["year"].to_numpy()
    for named in (named1, named2):
        for code, succ, y0, y1 in SUCCESSORS:
            named[(named == code) & (yr >= y0) & (yr <= y1)] = succ
    parts = []
    for obl, (adv, others) in CONDITIONS.items():
        sel = pairs[obl].to_numpy() == 1
        if not sel.any():
            continue
        p = pairs.loc[sel]
        n1, n2 = named1[sel], named2[sel]
        if adv:
            a = p[f"{adv}1"].astype("Int8").fillna(0).to_numpy() == 1
            adversary = np.where(~a, "none", np.where(n1 > 0, "named", "unnamed"))
        else:
            adversary = np.full(len(p), "none")
        flags = [(c, p[f"{c}1"].astype("Int8").fillna(0).to_numpy() == 1) for c in others]
        other = np.full(len(p), "", dtype=object)
        for c, f in flags:
            other = np.where(f, np.where(other == "", c, other + ";" + c), other)
        parts.append(pd.DataFrame({
            "ally": p["ccode1"].to_numpy(), "recipient": p["ccode2"].to_numpy(),
            "year": p["year"].to_numpy(), "atopid": p["atopid"].to_numpy(),
            "phase": p["phase"].to_numpy(), "obligation": obl,
            "named1": n1.astype("int16"), "named2": n2.astype("int16"),
            "adversary": adversary, "other_conditions": other,
            "conditional": (adversary == "unnamed") | (other != ""),
        }))
    out = pd.concat(parts, ignore_index=True)
    out = out.sort_values(["recipient", "year", "ally", "obligation", "atopid", "phase"], kind="stable")
    return out.reset_index(drop=True), cov, ds_id


def _applicable(obl: pd.DataFrame, df: pd.DataFrame, recipient: str, opponent: str, *,
                conditional: str) -> tuple[np.ndarray, np.ndarray]:
    """(any applicable obligation, any applicable unconditional one) for each row of ``df``.

    An obligation of ally k toward r applies against opponent o when k != o
    and its adversary condition does not exclude o (module docstring).
    Vectorized: obligations without a named adversary apply against every o
    except k itself, so per (r, y) the number of distinct such allies minus
    1 if o is one of them tells whether another ally remains; named-adversary
    obligations are expanded to their (at most two) named opponents.
    """
    n = len(df)
    rkey = df[[recipient, opponent, "year"]].rename(columns={recipient: "r", opponent: "o"})
    rkey = rkey.astype({"r": "int16", "o": "int16", "year": "int16"})
    counts, pairs = [], []
    for subset in ("all", "uncond"):
        o = obl if subset == "all" else obl[~obl["conditional"]]
        # allies without a named adversary: per (r, y) how many, and which (k = o means "is the opponent")
        free = o[o["adversary"] != "named"][["ally", "recipient", "year"]].drop_duplicates()
        counts.append(free.groupby(["recipient", "year"], sort=True).size().rename(f"_n_{subset}"))
        selfk = free.rename(columns={"ally": "o", "recipient": "r"}).assign(**{f"_self_{subset}": np.int8(1)})
        nm = o[o["adversary"] == "named"]
        named = pd.concat([nm[["ally", "recipient", "year", "named1"]].rename(columns={"named1": "o"}),
                           nm[["ally", "recipient", "year", "named2"]].rename(columns={"named2": "o"})])
        named = named[(named["o"] > 0) & (named["o"] != named["ally"])]
        named = named.rename(columns={"recipient": "r"})[["r", "o", "year"]].drop_duplicates()
        pairs.append(selfk.set_index(["r", "o", "year"])[f"_self_{subset}"])
        pairs.append(named.assign(**{f"_named_{subset}": np.int8(1)}).set_index(["r", "o", "year"])[f"_named_{subset}"])
    cnt = pd.concat(counts, axis=1).reset_index().rename(columns={"recipient": "r"})
    cnt = cnt.astype({"r": "int16", "year": "int16"})
    rov = pd.concat(pairs, axis=1).reset_index().astype({"r": "int16", "o": "int16", "year": "int16"})
    x = merge_checked(rkey, cnt, ["r", "year"], what="challenger alliances (count)")
    x = merge_checked(x, rov, ["r", "o", "year"], what="challenger alliances (self/named)")
    res = {}
    for subset in ("all", "uncond"):
        val = lambda c: x[c].to_numpy(dtype="int64", na_value=0)  # noqa: E731
        nfree = val(f"_n_{subset}") - val(f"_self_{subset}")
        res[subset] = (nfree > 0) | (val(f"_named_{subset}") == 1)
    anyv, uncond = res["all"], res["uncond"]
    if conditional == "exclude":
        anyv = uncond
    assert len(anyv) == n
    return anyv, uncond


def add_challenger_alliances(df: pd.DataFrame, data_dir=None, *, conditional: str = "include",
                             dataset_id: str | None = None) -> pd.DataFrame:
    """Attach ``target_defense``, ``challenger_offense``, ``challenger_neutral``, ``shared_defense``.

    Directed dyad-year frames only (challenger = ccode1, target = ccode2);
    rules, codebook variables and references in the module docstring.
    ``conditional``: "include" (default) counts obligations whose conditions
    cannot be evaluated from the data and flags them in ``<var>_cond``;
    "exclude" counts only obligations known to apply.
    """
    if conditional not in ("include", "exclude"):
        raise ValueError("conditional must be 'include' or 'exclude'")
    info = panel_info(df)
    if info["unit"] != "dyad_year" or not info["directed"]:
        raise ValueError("add_challenger_alliances needs a directed dyad-year frame (challenger = ccode1, target = ccode2)")
    clash = [c for c in (*VARIABLES, *(f"{v}_cond" for v in VARIABLES[:3])) if c in df.columns]
    if clash:
        raise ValueError(f"the frame already has column(s) {clash}")
    obl, cov, ds_id = directed_obligations(data_dir_of(df, data_dir), dataset_id)
    out = df.copy(deep=False)
    specs = {
        "target_defense": (obl[obl["obligation"] == "defense"], "ccode2", "ccode1"),
        "challenger_offense": (obl[obl["obligation"] == "offense"], "ccode1", "ccode2"),
        "challenger_neutral": (obl[obl["obligation"].isin(["neutral", "nonagg"])], "ccode1", "ccode2"),
    }
    for var, (o, rec, opp) in specs.items():
        anyv, uncond = _applicable(o, df, rec, opp, conditional=conditional)
        out[var] = anyv.astype("int8")
        out[f"{var}_cond"] = (anyv & ~uncond).astype("int8")
    d = obl[obl["obligation"] == "defense"][["ally", "recipient", "year"]].drop_duplicates()
    both = pd.concat([d, d.rename(columns={"ally": "recipient", "recipient": "ally"})[d.columns]]).drop_duplicates()
    both = both.rename(columns={"ally": "ccode1", "recipient": "ccode2"}).assign(shared_defense=np.int8(1))
    both = both.astype({"ccode1": "int16", "ccode2": "int16", "year": "int16"})
    keyed = merge_checked(df[["ccode1", "ccode2", "year"]], both, ["ccode1", "ccode2", "year"],
                          what="add_challenger_alliances(shared_defense)")
    out["shared_defense"] = keyed["shared_defense"].to_numpy(dtype="int8", na_value=0)
    cols = [*VARIABLES, *(f"{v}_cond" for v in VARIABLES[:3])]
    out = fill_covered(out, cols, cov)
    return carry(df, out, source=ds_id, challenger_alliances={"conditional": conditional})


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


def explain_challenger_alliances(ccode1: int, ccode2: int, year: int, *, data_dir=None, df: pd.DataFrame | None = None,
                                 conditional: str = "include") -> ChallengerExplanation:
    """List every obligation (ATOP id, phase, ally, conditions) relevant to one directed dyad-year.

    Each row says which variable it bears on, whether it applies against
    the opposing state, and why (``rule``); ``values`` recomputes the four
    variables from those rows with the same rule as
    :func:`add_challenger_alliances`.
    """
    if df is not None:
        data_dir = data_dir_of(df, data_dir)
    obl, cov, _ = directed_obligations(data_dir)
    c, t, y = int(ccode1), int(ccode2), int(year)
    rows = []
    for var, kinds, rec, opp in (("target_defense", ("defense",), t, c), ("challenger_offense", ("offense",), c, t),
                                 ("challenger_neutral", ("neutral", "nonagg"), c, t)):
        o = obl[(obl["recipient"] == rec) & (obl["year"] == y) & obl["obligation"].isin(kinds)].copy()
        if o.empty:
            continue
        named = (o["named1"] == opp) | (o["named2"] == opp)
        is_opp = o["ally"] == opp
        rule = np.select(
            [is_opp, (o["adversary"] == "named") & ~named, (o["adversary"] == "named") & named,
             o["adversary"] == "unnamed", o["other_conditions"] != ""],
            ["ally is the opposing state itself: not counted",
             "adversary condition names other states: does not apply",
             "adversary condition names the opposing state: applies",
             "adversary condition without a named state: conditional",
             "conditional on " + o["other_conditions"]],
            default="unconditional: applies")
        applies = ~is_opp & ~((o["adversary"] == "named") & ~named)
        cond = applies & o["conditional"]
        o = o.assign(variable=var, applies=applies & ~(cond & (conditional == "exclude")), conditional=cond, rule=rule)
        rows.append(o)
    shared = obl[(obl["obligation"] == "defense") & (obl["year"] == y)
                 & (((obl["ally"] == c) & (obl["recipient"] == t)) | ((obl["ally"] == t) & (obl["recipient"] == c)))]
    if len(shared):
        rows.append(shared.assign(variable="shared_defense", applies=True, conditional=False,
                                  rule="challenger and target are defense allies"))
    cols = ["variable", "ally", "recipient", "obligation", "atopid", "phase", "adversary", "named1", "named2",
            "other_conditions", "applies", "conditional", "rule"]
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
    return ChallengerExplanation(c, t, y, values, tab.reset_index(drop=True), notes)
