"""Alliance x war cases: the unit on which Leeds, Long & Mitchell (2000) and Berkemeier & Fuhrmann (2018) count.

    import alliancestats as als
    fc = als.fulfillment.build_cases(data_dir)              # rules="literature"
    fc.cases            # one row per (ATOP alliance, COW war) candidate
    fc.pairs            # the member-pair rows behind every case
    fc.exclusions()     # candidate cases excluded, by rule
    fc.explain(2535, 139)

A *candidate case* is an (ATOP ``atopid``, COW ``warnum``) pair with at
least one member-pair candidate (a member of the alliance in the war while
the alliance binds it; :func:`~alliancestats.fulfillment.opportunities.build_opportunities`).
Its member-pair rows are coded under the rule set
(:func:`~alliancestats.fulfillment.invocation.code_pairs`) and aggregated:

* ``status`` -- ``honored``/``violated`` if at least one row is decided
  (honored or violated); then ``honored`` = all decided rows honored
  (``case_outcome="all"``) or any (``"any"``); ``undecidable`` if the only
  invoked rows hinge on a condition the data cannot evaluate; ``excluded``
  otherwise (no obligation at stake), with ``rule`` the first exclusion rule
  (in :data:`~alliancestats.fulfillment.invocation.RULE_IDS` order) met by
  its rows;
* ``relevant`` -- status is honored or violated;
* ``beneficiaries``/``obligated``/``obligation_types`` -- of the decided rows
  (of all rows for excluded cases), ";"-joined COW codes / types;
* ``period`` -- "1816-1944" or "1945-" by the first invocation date of the
  decided rows (rows of all statuses for the others);
* the type-level table (``fc.types``) does the same per (alliance, war,
  obligation type), the unit of the per-type rates.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from ..errors import OptionError, check_option
from ..store import load
from .dyadic_attack import pair_fights, war_records
from .invocation import RULE_IDS, attach_facts, code_pairs
from .opportunities import ERA_SPLIT, build_opportunities, prepare_wars
from .rules import RuleSet, get_rules

DECIDED = ("honored", "violated")
CASE_KEY = ["atopid", "warnum"]


def _joined(frame: pd.DataFrame, keys: list[str], col: str) -> pd.Series:
    """Distinct values of ``col`` per ``keys`` group, sorted, ";"-joined.

    One sort and one string conversion for the whole frame; the join runs once per group (not per row).
    """
    cols = list(dict.fromkeys(keys + [col]))  # per-type tables group by the column they list
    u = frame[cols].dropna(subset=[col]).drop_duplicates().sort_values(cols, kind="stable")
    start = np.flatnonzero(~u.duplicated(keys, keep="first").to_numpy())
    vals = u[col].astype(str).to_numpy(dtype=object)
    joined = [";".join(part) for part in np.split(vals, start[1:])]
    index = pd.MultiIndex.from_frame(u.iloc[start][keys]) if len(keys) > 1 else pd.Index(u.iloc[start][keys[0]])
    return pd.Series(joined, index=index, dtype=object)


def aggregate(pairs: pd.DataFrame, keys: list[str], rules: RuleSet) -> pd.DataFrame:
    """Collapse coded member-pair rows to one row per ``keys`` (see module docstring)."""
    need = ["status", "rule", "reason", "beneficiary", "obligated", "obligation", "invocation_date", "wartime_case",
            "b_original_target", "honored"]
    p = pairs[list(dict.fromkeys(keys + [c for c in need if c in pairs.columns]))].copy()  # only what is aggregated
    p["_dec"] = p["status"].isin(DECIDED)
    p["_und"] = p["status"] == "undecidable"
    p["_h"] = (p["status"] == "honored").astype("int64")
    p["_v"] = (p["status"] == "violated").astype("int64")
    order = {r: i for i, r in enumerate(RULE_IDS)}
    p["_ord"] = p["rule"].map(order).fillna(len(order)).astype("int64")
    g = p.groupby(keys, sort=True)
    out = g.agg(n_pairs=("status", "size"), n_decided=("_dec", "sum"), n_undecidable=("_und", "sum"),
                n_honored_pairs=("_h", "sum"), n_violated_pairs=("_v", "sum"))
    # rows that describe the case: the decided ones, else the undecidable ones, else all
    level = np.where(p["_dec"], 0, np.where(p["_und"], 1, np.where(p["status"] == "not_coded", 3, 2)))
    p["_lvl"] = level
    best = g["_lvl"].transform("min")
    core = p[p["_lvl"] == best]
    gc = core.groupby(keys, sort=True)
    out["beneficiaries"] = _joined(core, keys, "beneficiary")
    out["obligated"] = _joined(core, keys, "obligated")
    out["obligation_types"] = _joined(core, keys, "obligation")
    out["first_invocation"] = gc["invocation_date"].min()
    out["wartime_case"] = gc["wartime_case"].any() if "wartime_case" in core else False
    out["original_target"] = gc["b_original_target"].any()
    # the deciding rule: first violated row's rule (violated cases), else the first row's rule by rule order
    core = core.assign(_vfirst=np.where(core["status"] == "violated", 0, 1))
    lead = core.sort_values(keys + ["_vfirst", "_ord", "invocation_date", "obligated", "beneficiary"], kind="stable")
    lead = lead.drop_duplicates(keys).set_index(keys)
    out["rule"] = lead["rule"]
    out["reason"] = lead["reason"]
    # provisional outcome over decided + undecidable rows (undecidable rows carry the outcome if the condition held)
    pr = p[p["_dec"] | p["_und"]].assign(_ph=lambda x: x["honored"].astype("int64"))
    gp = pr.groupby(keys, sort=True)["_ph"]
    out["_prov"] = (gp.min() if rules.case_outcome == "all" else gp.max())
    out = out.reset_index()
    dec = out["n_decided"] > 0
    if rules.case_outcome == "all":
        hon = dec & (out["n_violated_pairs"] == 0)
    else:
        hon = dec & (out["n_honored_pairs"] > 0)
    out["status"] = np.where(dec, np.where(hon, "honored", "violated"),
                             np.where(out["n_undecidable"] > 0, "undecidable", "excluded"))
    out["relevant"] = dec.to_numpy()
    h = pd.array(hon.astype("int8").to_numpy(), dtype="Int8")
    h[~dec.to_numpy()] = pd.NA
    out["honored"] = h
    prov = pd.array(out["_prov"].to_numpy(dtype="float64", na_value=np.nan), dtype="Float64").astype("Int8")
    out["honored_provisional"] = prov  # honored/violated and undecidable cases; NA for excluded cases
    out = out.drop(columns="_prov")
    out["period"] = np.where(out["first_invocation"].dt.year < ERA_SPLIT, "1816-1944", "1945-")
    out["rules"] = rules.name
    # for honored "any" cases the deciding rule is an honoring one
    if rules.case_outcome == "any":
        out.loc[hon.to_numpy() & (out["rule"] != "fought_alongside"), "rule"] = "fought_alongside_any"
    return out


@dataclass
class FulfillmentCases:
    """Coded cases (alliance x war), per-type cases and the member-pair detail, under one rule set.

    Attributes
    ----------
    cases : DataFrame
        One row per alliance x war case: ``status`` (honored, violated,
        excluded, undecidable, ...), ``relevant``, ``honored``, ``rule``.
    types : DataFrame
        One row per alliance x war x obligation type.
    pairs : DataFrame
        The member-pair rows behind the cases (obligated member, beneficiary, war record).
    rules : RuleSet
        The rules the cases were coded under.
    war_names : dict
        COW war number -> name.
    records : DataFrame or None
        The attack facts of every war record.

    Examples
    --------
    >>> fc = build_cases("/path/to/processed")  # doctest: +SKIP
    >>> fc.exclusions()  # doctest: +SKIP
    """

    cases: pd.DataFrame
    types: pd.DataFrame
    pairs: pd.DataFrame
    rules: RuleSet
    war_names: dict = field(default_factory=dict)
    records: pd.DataFrame | None = None

    def exclusions(self) -> pd.DataFrame:
        """Candidate cases excluded, by the rule that excluded them (first in rule order), with descriptions.

        ``n_cases`` counts cases whose deciding rule it is; ``n_cases_touched`` counts cases with at least
        one member-pair row excluded by the rule (a case can be touched by several rules).
        """
        ex = self.cases[self.cases["status"] == "excluded"]
        prim = ex["rule"].value_counts()
        exr = self.pairs[self.pairs["status"].isin(["excluded", "not_coded"])]
        touched = exr.drop_duplicates(CASE_KEY + ["rule"])["rule"].value_counts()
        ids = [r for r in RULE_IDS if r in prim.index or r in touched.index]
        return pd.DataFrame({"rule": ids, "n_cases": [int(prim.get(r, 0)) for r in ids],
                             "n_cases_touched": [int(touched.get(r, 0)) for r in ids],
                             "meaning": [RULE_IDS[r] for r in ids]})

    def counts(self) -> dict:
        st = self.cases["status"].value_counts()
        return {"n_candidates": int(len(self.cases)), **{f"n_{k}": int(st.get(k, 0)) for k in
                                                       ("honored", "violated", "undecidable", "excluded")}}

    def case(self, atopid: int, war: int) -> tuple[pd.Series, pd.DataFrame]:
        """The case row and its member-pair rows; a war number or alliance not in the data raises OptionError."""
        if int(war) not in self.war_names:
            raise OptionError(f"war {war!r} is not a COW inter-state war number in the data "
                              f"(e.g. {sorted(self.war_names)[:5]} ... {sorted(self.war_names)[-3:]})")
        row = self.cases[(self.cases["atopid"] == int(atopid)) & (self.cases["warnum"] == int(war))]
        if row.empty:
            alli = sorted(self.cases.loc[self.cases["warnum"] == int(war), "atopid"].unique())
            raise OptionError(f"ATOP alliance {atopid!r} has no candidate case in war {war} "
                              f"({self.war_names[int(war)]}); alliances with one: {alli[:20]}")
        p = self.pairs[(self.pairs["atopid"] == int(atopid)) & (self.pairs["warnum"] == int(war))]
        return row.iloc[0], p

    def explain(self, atopid: int, war: int, *, show: bool = True):
        from .explain import explain_case
        return explain_case(self, atopid, war, show=show)

    def to_csv_frame(self, level: str = "case") -> pd.DataFrame:
        """The case table (``level="case"``, ``cases.csv``) or the per-type table (``"type"``, ``case_types.csv``).

        Dates as ISO strings, stable column order.
        """
        check_option("level", level, ("case", "type"))
        c = (self.cases if level == "case" else self.types).copy()
        c.insert(2, "warname", c["warnum"].map(self.war_names))
        c["first_invocation"] = c["first_invocation"].dt.strftime("%Y-%m-%d")
        cols = ["atopid", "warnum", *(["obligation"] if level == "type" else []), "warname", "period",
                "first_invocation", "beneficiaries", "obligated",
                "obligation_types", "relevant", "status", "honored", "rule", "reason", "wartime_case",
                "original_target", "n_pairs", "n_decided", "n_honored_pairs", "n_violated_pairs", "n_undecidable",
                "rules"]
        return c[cols]


def build_cases(data_dir=None, rules: str | RuleSet = "literature", *, members: pd.DataFrame | None = None,
                participants: pd.DataFrame | None = None, dyads: pd.DataFrame | None = None,
                cache: dict | None = None, **overrides) -> FulfillmentCases:
    """Build, code and aggregate alliance x war cases under a rule set (``rules`` name or RuleSet + overrides).

    ``dyads`` defaults to the processed ``cow_war_directed_dyad_year`` table; if
    that table is not ingested the dyadic rules fall back on participant
    dates for every state (recorded in ``fc.records['attacked_evidence']``).

    ``cache``: a dict shared by calls on the *same* input tables (e.g. the
    robustness runs of an analysis) to reuse the candidate table and the
    attack facts between rule sets; never share it across different inputs.

    Parameters
    ----------
    data_dir : path, optional
        Folder of processed tables.
    rules : str or RuleSet
        A named rule set (:data:`~alliancestats.fulfillment.rules.RULES`) or a RuleSet.
    members, participants, dyads : DataFrame, optional
        ATOP members, COW war participants and directed war dyads (default: the processed tables).
    cache : dict, optional
    **overrides
        Rule options replacing the rule set's (see :class:`~alliancestats.fulfillment.rules.RuleSet`).

    Returns
    -------
    FulfillmentCases
        ``cases`` (alliance x war), ``types``, ``pairs``, ``records``, ``exclusions()``, ``explain()``.

    Examples
    --------
    >>> fc = build_cases("/path/to/processed")  # doctest: +SKIP
    >>> fc.explain(2535, 139)  # doctest: +SKIP
    """
    rs = get_rules(rules, **overrides)
    if members is None:
        members = load("atop_member", data_dir=data_dir)
    if participants is None:
        participants = load("cow_war_participant", data_dir=data_dir)
    if dyads is None and rs.casus_foederis == "dyadic":
        try:
            dyads = load("cow_war_directed_dyad_year", data_dir=data_dir)
        except FileNotFoundError:
            dyads = None
    cache = {} if cache is None else cache

    def memo(key, make):
        if key not in cache:
            cache[key] = make()
        return cache[key]

    opps = memo(("opps", rs.wartime_alliances),
                lambda: build_opportunities(members=members, participants=participants, wartime=rs.wartime_alliances))
    wars = memo(("wars",), lambda: prepare_wars(participants))
    records = None
    if rs.casus_foederis == "dyadic":
        tol = rs.attack_tolerance_days
        records = memo(("records", tol), lambda: war_records(wars, dyads, tolerance_days=tol))
        fights = memo(("fights",), lambda: pair_fights(dyads))
        opps = memo(("facts", rs.wartime_alliances, tol), lambda: attach_facts(opps, wars, records, fights))
    pairs = code_pairs(opps, rs)
    cases = aggregate(pairs, CASE_KEY, rs)
    types = aggregate(pairs, CASE_KEY + ["obligation"], rs)
    names = participants[["warnum", "warname"]].drop_duplicates("warnum") if "warname" in participants else None
    war_names = ({int(k): str(v) for k, v in zip(names["warnum"], names["warname"])} if names is not None
                 else {int(k): "" for k in participants["warnum"].unique()})
    return FulfillmentCases(cases, types, pairs, rs, war_names, records)
