"""Burden sharing in NATO and other alliances: Olson-Zeckhauser tests, shares and panel models.

Question (Olson & Zeckhauser 1966): do the large allies carry a
disproportionate share of the common defense? Within each alliance-year the
rank correlation of GDP and defense burden (military spending / GDP) should
be positive.

Data (:mod:`alliancestats.burden`): members per year from ATOP 5.1 (NATO =
ATOP 3180, rule "member on 31 December"; NATO continued to 2024 with the
documented accessions of North Macedonia 2020, Finland 2023, Sweden 2024);
burden, spending and GDP are the "best available" series of
:func:`~alliancestats.burden.country_year_economics` (burden: SIPRI share of
GDP first; GDP: World Bank current US$, then NATO, then SIPRI-implied;
spending: SIPRI current US$ first). The source of every value is in
``member_years.csv``.

Outputs (``out_dir``):
- ``oz_by_year.{csv,tex,md}`` and figure ``oz_spearman_nato`` (Spearman's
  rho by year with 95 % Fisher-z intervals; Kendall's tau-b; years where some
  member lacks data drawn hollow);
- figure ``scatter_<alliance>_<year>``: GDP (log scale) vs burden;
- ``shares_<alliance>_<year>``: shares of alliance spending vs GDP;
- ``oz_published_comparison``: our 1964 rho (members with armed forces, as
  Olson & Zeckhauser 1966 ranked them; and with every member) beside O&Z's
  Table 1 value 0.490; ``oz_sensitivity_<alliance>_<year>``: every available
  combination of GDP source x burden source x member rule;
  ``oz_leave_one_out_<alliance>_<year>``; ``oz_excluded_members``;
- ``panel_models.{md,tex,html,csv}`` (models as columns, SEs in parentheses;
  every statistic per term in ``panel_models_long.csv``): (1) burden (% GDP) on share of alliance GDP
  (levels and first differences; member and year effects, CR2 SEs
  clustered by member); (2) the leader-follower growth model of Plümper &
  Neumayer (2015) (followers' spending growth on the leader's, the rival's
  excess growth and GDP growth; member effects; CR2 SEs clustered by year)
  with variants. The contemporaneous spill-in regression of earlier versions
  is not estimated: on one alliance it is an accounting identity
  (:func:`alliancestats.burden.fit_spill_in` refuses it);
- ``influence_<model>`` and ``influence_summary``: leave-one-member-out and
  period-split estimates of every panel model; ``sign_flip`` marks a member
  whose removal changes the sign;
- ``simulation_size_power``: rejection rates of each model's test on
  simulated alliances with no effect (size) and a planted one (power);
- ``model_interpretation``: what each model can and cannot show;
- ``results.json``: ``oz_spearman_<alliance>_<year>`` (members with armed
  forces; and ``_p``, ``_ci``, ``oz_kendall_...``, ``oz_n_...``) for NATO and
  the other named alliances, ``oz_spearman_all_members_...``, the excluded
  members, the sensitivity table, panel coefficients with SEs and their
  leave-one-out ranges, the simulation, coverage counts and the unit checks.

In synthetic mode (the sample world has no NATO) the alliance studied is the
ATOP defense pact with the most member-years, named ``atop<id>``; its leader
is the member with the largest GDP, and the leader-follower model runs
without a rival (the sample world has none) in current US$.
"""
from __future__ import annotations

from pathlib import Path

import pandas as pd
from threadpoolctl import threadpool_limits

from alliancestats import burden as bs
from alliancestats.errors import MissingDataError
from alliancestats.labels import label as readable
from alliancestats.models.binary import ModelInputError
from alliancestats.outputs import (new_figure, save_figure, write_csv, write_regression_table, write_results,
                                  write_table)
from alliancestats.store import load

SEED = 20240601
N_PERM = 9999
OTHER_ALLIANCES = ("rio", "warsaw_pact", "anzus", "seato", "us_asia_bilaterals")
SCATTER_YEAR = 1964
N_SIMS = 200

#: What each model can and cannot show (written into the report as a table).
INTERPRETATION = [
    ("Olson-Zeckhauser rank test (per alliance-year)",
     "Whether, in one year, larger members carry higher burdens (rank correlation of GDP and burden; exact "
     "permutation p-value for that cross-section).",
     "Why: a positive rho fits free riding by the small but also larger states' wider interests (Plumper & "
     "Neumayer 2015). Years are not independent tests; sources and the member rule move rho (sensitivity "
     "table)."),
    ("Burden on GDP share (levels, member and year effects)",
     "Whether members whose share of alliance GDP grows raise their burden (O-Z within members over time).",
     "Free riding as a response to allies' spending (no allies' spending enters). In NATO the slope rests on "
     "the United States (leave-one-out). With one dominant member and persistent burdens its test rejects a "
     "true null too often (simulation table): read the p-value as optimistic."),
    ("Burden on GDP share (first differences)",
     "The same relation from year-to-year changes, free of level trends.",
     "Same limits as the levels model; the simulation shows the same over-rejection with a dominant member."),
    ("Leader-follower growth model (Plumper & Neumayer 2015)",
     "Whether followers' spending growth falls (free riding) or rises (following) when the leader's grows, "
     "given the rival's excess growth and own GDP growth; correct size under independent spending paths.",
     "Common shocks other than the rival's excess growth (no year effects possible); free riding on allies "
     "other than the leader; whether the alliance good is public (a reaction function, not a demand system)."),
    ("Contemporaneous spill-in (Murdoch-Sandler form)",
     "Nothing on one alliance: allies' spending = alliance total - own spending, so the coefficient is an "
     "accounting identity (not estimated).",
     "Any behavioural response; on independent spending paths it finds 'free riding' far above the nominal "
     "rate (simulation table)."),
]


def _synthetic_alliance(data_dir, econ) -> tuple[str, pd.DataFrame]:
    """The ATOP defense pact (>= 3 members) with the most member-years that have a burden value."""
    m = load("atop_member", data_dir=data_dir, columns=["atopid", "ccode", "defense"])
    ay = bs.alliance_years(source="atop", data_dir=data_dir)
    defense = set(m.loc[m["defense"] == 1, "atopid"].astype(int))
    ay = ay[ay["alliance"].isin(list(defense))]
    b = econ.best("burden")
    have = pd.MultiIndex.from_arrays([b["ccode"].astype("int64"), b["year"].astype("int64")])
    ay_key = pd.MultiIndex.from_arrays([ay["ccode"].astype("int64"), ay["year"].astype("int64")])
    size = ay[ay_key.isin(have)].groupby("alliance").agg(n=("year", "size"), k=("ccode", "nunique"))
    size = size[size["k"] >= 3].sort_values(["n", "k"], ascending=False, kind="stable")
    best = int(size.index[0])
    name = f"atop{best}"
    return name, ay[ay["alliance"] == best].assign(alliance=name).reset_index(drop=True)


def _stateabb(data_dir) -> dict[int, str]:
    try:
        s = load("cow_states", data_dir=data_dir, columns=["ccode", "stateabb"]).dropna()
        return dict(zip(s["ccode"].astype(int), s["stateabb"].astype(str)))
    except Exception:  # labels are cosmetic
        return {}


def _oz_figure(oz: pd.DataFrame, label: str, stem: Path, synthetic: bool):
    fig, ax = new_figure(figsize=(8, 4.2))
    t = oz.dropna(subset=["spearman"])
    ax.fill_between(t["year"], t["spearman_ci_low"], t["spearman_ci_high"], color="steelblue", alpha=0.2,
                    lw=0, label="95% interval (Fisher z, Bonett-Wright)")
    ax.plot(t["year"], t["spearman"], color="steelblue", lw=1.2, label="Spearman's rho")
    full, part = t[t["complete"]], t[~t["complete"]]
    ax.scatter(full["year"], full["spearman"], s=12, color="steelblue", zorder=3)
    ax.scatter(part["year"], part["spearman"], s=14, facecolors="white", edgecolors="steelblue", zorder=3,
               label="some members without data")
    ax.plot(t["year"], t["kendall"], color="darkorange", lw=1, ls="--", label="Kendall's tau-b")
    ax.axhline(0, color="grey", lw=0.7)
    ax.set_ylim(-1, 1)
    ax.set_xlabel("year")
    ax.set_ylabel("rank correlation of GDP and burden")
    ax.set_title(f"Olson-Zeckhauser test, {label}")
    ax.legend(fontsize=7, loc="lower left", frameon=False)
    save_figure(fig, stem, synthetic=synthetic,
                caption=f"Olson-Zeckhauser test by year, {label}: rank correlation of members' GDP and military "
                        "burden (Spearman's rho with its 95% interval, Kendall's tau-b)",
                note="Open circles: years in which some members have no data. Members without armed forces are "
                     "left out, as Olson & Zeckhauser (1966) did.")


def _scatter(sub: pd.DataFrame, label: str, year: int, abb: dict, stem: Path, synthetic: bool):
    fig, ax = new_figure(figsize=(6, 4.5))
    s = sub.dropna(subset=["gdp", "burden"])
    ax.scatter(s["gdp"], s["burden"] * 100, s=18, color="steelblue")
    for r in s.itertuples():
        ax.annotate(abb.get(int(r.ccode), str(int(r.ccode))), (r.gdp, r.burden * 100), fontsize=7,
                    xytext=(3, 2), textcoords="offset points")
    ax.set_xscale("log")
    ax.set_xlabel("GDP, current US$ million (log scale)")
    ax.set_ylabel("military expenditure, % of GDP")
    ax.set_title(f"{label} {year}: GDP and defense burden")
    save_figure(fig, stem, synthetic=synthetic,
                caption=f"{label} members in {year}: GDP (log scale) against military expenditure as % of GDP",
                note="A positive slope is what Olson & Zeckhauser (1966) predict: large allies carry more of "
                     "the burden.")


def _labels(data_dir) -> dict[int, str]:
    return _stateabb(data_dir)


def _excluded_list(excluded: pd.DataFrame, year: int, abb: dict) -> list[dict]:
    e = excluded[excluded["year"] == year]
    return [{"ccode": int(r.ccode), "state": abb.get(int(r.ccode), str(int(r.ccode))), "reason": r.reason}
            for r in e.itertuples()]


def _oz_section(res, out_dir, main_name, label, members, econ, personnel, year, abb, n_perm, synthetic):
    """Rank test under O&Z's member rule and with every member; comparison, sensitivity, leave-one-out."""
    oz = bs.oz_rank_test(members, econ, personnel=personnel, member_rule="armed_forces", n_perm=n_perm, seed=SEED)
    oz_all = bs.oz_rank_test(members, econ, personnel=personnel, member_rule="all", n_perm=n_perm, seed=SEED)
    t = oz.table.merge(oz_all.table[["alliance", "year", "n", "spearman", "spearman_p"]].rename(
        columns={"n": "n_all_members", "spearman": "spearman_all_members", "spearman_p": "spearman_p_all_members"}),
        on=["alliance", "year"], how="left", validate="one_to_one")
    write_table(t, out_dir / "oz_by_year", caption=f"Olson-Zeckhauser rank correlations, {label}, members with "
                "armed forces (and with every member)")
    res.update(oz.stats_dict())
    res["oz_member_rule"] = "armed_forces"
    res["oz_member_rule_text"] = bs.MEMBER_RULES["armed_forces"]
    for r in oz_all.table.itertuples():
        res[f"oz_spearman_all_members_{r.alliance}_{r.year}"] = r.spearman
        res[f"oz_n_all_members_{r.alliance}_{r.year}"] = r.n
    res["oz_excluded_members"] = [{**e, "state": abb.get(e["ccode"], str(e["ccode"]))}
                                  for e in bs.oz_design.excluded_spells(oz.excluded)]
    ex_tab = pd.DataFrame(res["oz_excluded_members"], columns=["alliance", "ccode", "state", "first_year",
                                                               "last_year", "n_years", "reason"])
    write_table(ex_tab, out_dir / "oz_excluded_members", caption="Members left out of the rank test and why")
    _oz_figure(oz.table, label, out_dir / f"oz_spearman_{main_name}", synthetic)
    # headline summaries over complete alliance-years, under the rule and with every member
    for suffix, tab in (("", oz.table), ("_all_members", oz_all.table)):
        ok = tab.dropna(subset=["spearman"])
        ok = ok[ok["complete"].astype(bool)]
        res[f"oz_years{suffix}"] = [int(ok["year"].min()), int(ok["year"].max())] if len(ok) else None
        res[f"oz_spearman_mean{suffix}"] = float(ok["spearman"].mean()) if len(ok) else None
        res[f"oz_share_positive{suffix}"] = float((ok["spearman"] > 0).mean()) if len(ok) else None
        res[f"oz_share_significant_05{suffix}"] = float((ok["spearman_p"] < 0.05).mean()) if len(ok) else None
    # the year O&Z ranked: ours beside theirs, sensitivity, leave-one-out
    key = f"{main_name}_{year}"
    res[f"oz_excluded_{key}"] = _excluded_list(oz.excluded, year, abb)
    pub = bs.OZ_1966_TABLE1
    rows = []
    if not synthetic and main_name == pub["alliance"] and year == pub["year"]:
        res[f"oz_published_{key}"] = pub["spearman"]
        res["oz_published_source"] = pub["source"]
        rows.append({"source": pub["source"], "members": "members with armed forces (Iceland out)", "n": pub["n"],
                     "size": "GNP", "burden": "defence budget as % of GNP", "spearman": pub["spearman"],
                     "why_it_differs": ""})
    why = ("GDP for GNP, and SIPRI 2025's revised spending series for the 1964 budgets O&Z had; the "
           "sensitivity table shows how far the source choices move rho") if rows else ""
    excl = ", ".join(e["state"] for e in res[f"oz_excluded_{key}"]) or "none"
    for tag, r in (("members with armed forces", oz), (f"every member (without armed forces: {excl})", oz_all)):
        tr = r.table[r.table["year"] == year]
        if len(tr):
            rows.append({"source": "this analysis (best available sources)", "members": tag, "n": int(tr["n"].iat[0]),
                         "size": "GDP, current US$", "burden": "military spending / GDP",
                         "spearman": float(tr["spearman"].iat[0]), "why_it_differs": why})
    write_table(pd.DataFrame(rows), out_dir / "oz_published_comparison",
                caption=f"Olson-Zeckhauser rank correlation, {label} {year}: ours beside the published value")
    my = members[members["year"] == year]
    if len(my):
        sens = bs.oz_sensitivity(my, econ, personnel=personnel, n_perm=n_perm, seed=SEED)
        avail = sens[sens["status"] == "ok"]
        na = sens[sens["status"] != "ok"]
        unavailable = sorted({f"{r.size_source} x {r.burden_source}" for r in na.itertuples()})
        write_table(avail.drop(columns=["alliance", "status"]), out_dir / f"oz_sensitivity_{key}",
                    caption=f"Rank test {label} {year} by GDP source, burden source and member rule",
                    note=("Not available in this year: " + "; ".join(unavailable)) if unavailable else "")
        res[f"oz_sensitivity_{key}"] = [
            {"size": r.size_source, "burden": r.burden_source, "member_rule": r.member_rule, "n": int(r.n),
             "spearman": r.spearman, "spearman_p": r.spearman_p, "kendall": r.kendall}
            for r in avail.itertuples()]
        res[f"oz_sensitivity_unavailable_{key}"] = unavailable
        if len(avail):
            res[f"oz_sensitivity_range_{key}"] = [float(avail["spearman"].min()), float(avail["spearman"].max())]
        d = bs.oz_member_data(my, econ, personnel=personnel)
        try:
            loo = bs.oz_leave_one_out(d[d["included"]])
        except ModelInputError as exc:
            res[f"oz_leave_one_out_{key}"] = {"skipped": str(exc)}
        else:
            loo["state"] = [abb.get(int(c), str(int(c))) if pd.notna(c) else "(none)" for c in loo["dropped"]]
            write_table(loo[["dropped", "state", "spearman", "sign_flip"]], out_dir / f"oz_leave_one_out_{key}",
                        caption=f"Rank test {label} {year} without each member (members with armed forces)")
            lo = loo.iloc[1:]
            res[f"oz_leave_one_out_{key}"] = {
                "min": float(lo["spearman"].min()), "min_dropped": lo.loc[lo["spearman"].idxmin(), "state"],
                "max": float(lo["spearman"].max()), "max_dropped": lo.loc[lo["spearman"].idxmax(), "state"],
                "sign_flips": lo.loc[lo["sign_flip"], "state"].tolist()}
    return oz


def _in_sentence(name: str) -> str:
    """A readable name inside a sentence: first letter lower-cased unless it starts an acronym (GDP, NATO)."""
    return name[:1].lower() + name[1:] if name[1:2].islower() else name


def _influence(res, out_dir, key, fit, data, term, periods, abb, leader, members=None):
    """Leave-one-member-out and period-split estimates of one panel model, table and results."""
    tab = bs.leave_one_out(fit, data, term, members=members)
    base = float(tab["estimate"].iat[0])
    tab = pd.concat([tab, bs.period_split(fit, data, term, periods, base=base)], ignore_index=True)
    tab.insert(2, "state", [abb.get(int(c), str(int(c))) if pd.notna(c) else "" for c in tab["dropped"]])
    write_table(tab, out_dir / f"influence_{key}",
                caption=f"{readable(key)}: estimate of {_in_sentence(readable(term))} without each member and by period",
                note="sign_flip: the estimate has the opposite sign of the full-sample estimate.")
    summ = bs.influence_summary(tab, labels=abb)
    without = tab[(tab["variant"] == "leave_one_out") & (tab["dropped"] == leader)]
    if len(without):
        summ["without_leader"] = float(without["estimate"].iat[0])
        summ["leader"] = abb.get(int(leader), str(int(leader)))
    res[f"panel_{key}_influence"] = summ
    return summ



def _leader_follower_comparison(m, mr: pd.DataFrame, out_dir: Path, res: dict, setup: str) -> None:
    """Ours beside Plümper & Neumayer (2015): their estimates were not seen here, so those cells stay blank.

    ``setup``: how our data and specification were built (spending series, threat term, years), named in the
    reasons column because each is a candidate cause of a difference.
    """
    ok = mr.dropna(subset=["beta_leader"])
    est = float(m.params["g_leader"])
    ours = {
        "pooled response to the leader's growth": est,
        "followers with a country-specific estimate": len(ok),
        "followers responding positively (follow the leader)": int((ok["beta_leader"] > 0).sum()),
        "followers responding negatively": int((ok["beta_leader"] < 0).sum()),
        "followers with |t| >= 1.96": int((ok["t"].abs() >= 1.96).sum()),
    }
    why = (f"published cells not seen here (Plümper & Neumayer 2015, Conflict Management and Peace Science "
           f"32(3): see the article's country-specific response table); candidate differences: {setup}; "
           "pooling; contemporaneous timing (the lag-1 variant is in panel_models)")
    rows = pd.DataFrame({"quantity": list(ours), "ours": pd.Series(list(ours.values()), dtype=object),
                         "published": None})
    direction = ("negative: followers' spending growth falls as the leader's rises (free riding)" if est < 0 else
                 "not negative: followers' spending growth does not fall as the leader's rises (no free riding)")
    write_table(rows, out_dir / "leader_follower_published_comparison",
                caption="Leader-follower model: ours beside Plümper & Neumayer (2015)",
                note=f"Published values left blank: {why}. Our pooled estimate is {direction}.")
    res["leader_follower_published_comparison"] = ours


def _simulation(n_sims: int) -> pd.DataFrame:
    runs = [("leader_follower", "independent spending paths", {}),
            ("leader_follower", "free riding -0.3 planted", {"free_riding": -0.3}),
            ("burden_gdp_share", "independent burden and GDP paths", {}),
            ("burden_gdp_share", "slope 5 planted", {"gdp_share_slope": 5.0}),
            ("burden_gdp_share", "independent burden and GDP paths (differences)", {"gdp_share_form": "differences"}),
            ("burden_gdp_share", "slope 5 planted (differences)", {"gdp_share_slope": 5.0,
                                                                  "gdp_share_form": "differences"}),
            ("spill_in_contemporaneous", "independent spending paths", {})]
    rows = []
    for model, dgp, kw in runs:
        r = bs.rejection_rate(model, n_sims=n_sims, n_members=14, n_years=33, **kw)
        rows.append({"model": model + ("_differences" if kw.get("gdp_share_form") == "differences" else ""),
                     "data": dgp, "null_true": not (kw.get("free_riding") or kw.get("gdp_share_slope")),
                     "n_sims": n_sims, "rejection_rate_05": r["rejection_rate"], "mean_estimate": r["mean_estimate"],
                     "se": r["se"]})
    return pd.DataFrame(rows)


def run(data_dir, out_dir, *, synthetic: bool = False, scatter_year: int = SCATTER_YEAR, n_perm: int = N_PERM,
        others: tuple[str, ...] = OTHER_ALLIANCES, n_sims: int = N_SIMS) -> dict:
    # many small least-squares problems: one BLAS thread each is faster than a contended pool
    with threadpool_limits(1, "blas"):
        return _run(data_dir, out_dir, synthetic=synthetic, scatter_year=scatter_year, n_perm=n_perm, others=others,
                    n_sims=n_sims)


def _run(data_dir, out_dir, *, synthetic, scatter_year, n_perm, others, n_sims) -> dict:
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    econ = bs.country_year_economics(data_dir)
    res: dict = {"synthetic": synthetic, "seed": SEED, "n_perm": n_perm, "membership_rule": "year_end",
                 "sources": econ.sources}
    # --- unit sanity and coverage
    cov = econ.coverage()
    res["coverage"] = {r.series: {"n": int(r.n), "n_states": int(r.n_states), "first_year": int(r.first_year),
                                  "last_year": int(r.last_year)} for r in cov.itertuples()}
    res["unmapped_source_names"] = int(len(econ.unmapped))
    write_table(econ.unmapped, out_dir / "unmapped_country_names",
                caption="Country names in the economic sources not mapped to COW codes (left out)")
    try:
        wartime = bs.war_years(data_dir)
    except Exception:
        wartime = None
    bad = econ.check_units(wartime=wartime)
    res["burden_out_of_range"] = {"n": int(len(bad)), "n_wartime": int(bad["wartime"].sum()),
                                  "not_wartime": [f"{int(r.ccode)}-{int(r.year)} {r.series} {r.value:.3f}"
                                                  for r in bad[~bad["wartime"]].itertuples()]}
    # --- main alliance
    if synthetic:
        main_name, members = _synthetic_alliance(data_dir, econ)
        label = f"ATOP {main_name[4:]} (synthetic)"
    else:
        main_name, members = "nato", bs.named_alliance_years("nato", data_dir=data_dir, extend_to=2024)
        label = "NATO"
    res["alliance"] = main_name
    res["members_per_year"] = {int(y): int(n) for y, n in members.groupby("year").size().items()}
    abb = _labels(data_dir)
    try:
        personnel = bs.military_personnel(data_dir)
    except MissingDataError:
        personnel = None
        res["armed_forces_basis"] = "NMC not ingested: military spending > 0 only"
    ae = bs.alliance_economics(members, econ)
    write_table(ae, out_dir / "member_years",
                caption=f"Member-years of {label}: GDP, military expenditure and burden with their sources")
    years = sorted(ae["year"].unique())
    year = scatter_year if scatter_year in years else int(years[len(years) // 2])
    res["scatter_year"] = int(year)
    _oz_section(res, out_dir, main_name, label, members, econ, personnel, year, abb, n_perm, synthetic)
    # --- other named alliances (same member rule)
    if not synthetic:
        for name in others:
            m = bs.named_alliance_years(name, data_dir=data_dir)
            oz_o = bs.oz_rank_test(m, econ, personnel=personnel, n_perm=n_perm, seed=SEED)
            res.update(oz_o.stats_dict())
            write_table(oz_o.table, out_dir / f"oz_by_year_{name}",
                        caption=f"Olson-Zeckhauser rank correlations by year, {readable(name)} (members with armed "
                                "forces)")
    # --- shares and scatter
    sh = bs.burden_shares(ae)
    sub = sh[sh["year"] == year].sort_values("gdp", ascending=False, kind="stable")
    write_table(sub[["ccode", "gdp", "milex", "burden", "share_gdp", "share_milex", "exploitation_ratio",
                     "pays_more", "gdp_series", "milex_series", "burden_series"]],
                out_dir / f"shares_{main_name}_{year}",
                caption=f"Shares of alliance GDP and military expenditure, {label} {year}",
                note="Exploitation ratio: share of alliance GDP / share of alliance military expenditure "
                     "(Olson & Zeckhauser 1966); above 1, a member pays less than its economic weight.")
    _scatter(sub, label, year, abb, out_dir / f"scatter_{main_name}_{year}", synthetic)
    summ = bs.share_summary(sh)
    write_table(summ, out_dir / f"share_summary_{main_name}",
                caption=f"Members paying more than their GDP share, and the largest exploitation ratio, by year, "
                        f"{label}")
    comp = summ[summ["complete"]]
    res["n_pays_more"] = {f"{main_name}_{int(r.year)}": int(r.n_pays_more) for r in comp.itertuples()}
    res["largest_exploitation_ratio"] = {f"{main_name}_{int(r.year)}": r.largest_exploitation_ratio
                                         for r in comp.itertuples()}
    # --- panel models
    leader = int(ae.groupby("ccode")["gdp"].mean().idxmax())  # the United States in NATO
    res["leader"] = abb.get(leader, str(leader))
    y0, y1 = int(years[0]), int(years[-1])
    split = 1990 if not synthetic else (y0 + y1) // 2
    gdp_periods = [(y0, split), (split + 1, y1)]
    fits, res["errors"] = [], {}
    for key, form in (("burden_gdp_share", "levels"), ("burden_gdp_share_differences", "differences")):
        try:
            m = bs.fit_burden_gdp_share(sh, form=form)
        except ModelInputError as exc:
            res["errors"][f"panel_{key}"] = str(exc)
            continue
        fits.append((key, m, "share_gdp"))
        _influence(res, out_dir, key, (lambda d, form=form: bs.fit_burden_gdp_share(d, form=form, engine="numpy")),
                   sh, "share_gdp", gdp_periods, abb, leader)
    # leader-follower (Plumper & Neumayer 2015)
    if synthetic:  # the sample world has current US$ only and no rival
        lf_kw = {"leader": leader, "rival": None, "spending": "milex_current_usd_m", "gdp": "gdp_current_usd_m"}
        period, threat = None, False
        res["leader_follower_note"] = ("synthetic sample: current US$ spending and GDP, no rival (threat term "
                                       "left out), every year")
    else:
        lf_kw, period, threat = {}, bs.PN_PERIOD, True
    try:
        lfd = bs.leader_follower_data(members, econ, **lf_kw)
        m = bs.fit_leader_follower(lfd, threat=threat, period=period)
        fits.append(("leader_follower", m, "g_leader"))
        ys = sorted(lfd["year"].unique()) if period is None else list(range(period[0], period[1] + 1))
        mid = (ys[0] + ys[-1]) // 2
        used = bs.leader_follower.leader_follower_design(lfd, threat=threat, period=period).complete()
        _influence(res, out_dir, "leader_follower",
                   (lambda d: bs.fit_leader_follower(d, threat=threat, period=period, engine="numpy")), lfd,
                   "g_leader", [(int(ys[0]), int(mid)), (int(mid) + 1, int(ys[-1]))], abb, None,
                   members=sorted(used["ccode"].unique()))  # only members in the estimation sample
        variants = [("leader_follower_lag1", dict(lag=1), dict(threat=threat, period=period)),
                    ("leader_follower_no_threat", {}, dict(threat=False, period=period)),
                    ("leader_follower_all_years", {}, dict(threat=threat, period=None))]
        for vkey, dkw, fkw in variants:
            try:
                d = bs.leader_follower_data(members, econ, **lf_kw, **dkw) if dkw else lfd
                fits.append((vkey, bs.fit_leader_follower(d, **fkw), "g_leader"))
            except ModelInputError as exc:
                res["errors"][f"panel_{vkey}"] = str(exc)
        mr = bs.member_responses(lfd, threat=threat, period=period)
        mr.insert(1, "state", [abb.get(int(c), str(int(c))) for c in mr["ccode"]])
        write_table(mr, out_dir / "leader_follower_member_responses",
                    caption="Country-specific responses to the leader's spending growth (P&N 2015 style, OLS)")
        setup = (res["leader_follower_note"] if "leader_follower_note" in res else
                 "SIPRI 2025 constant-US$ spending and our GDP precedence rule vs the authors' series; "
                 f"rival-threat term; years {period[0]}-{period[1]}")
        _leader_follower_comparison(m, mr, out_dir, res, setup)
    except ModelInputError as exc:
        res["errors"]["panel_leader_follower"] = str(exc)
    res["panel_spill_in_status"] = ("not estimated: with one alliance, allies' spending = alliance total - own "
                                    "spending, so the contemporaneous spill-in coefficient is an accounting "
                                    "identity (alliancestats.burden.fit_spill_in refuses it); replaced by the "
                                    "leader-follower model")
    rows, summary_rows = [], []
    for key, m, term in fits:
        res[f"panel_{key}"] = m.stats_dict()
        for r in m.coef_table().itertuples():
            res[f"panel_{key}_{r.term}"] = r.estimate
            res[f"panel_{key}_{r.term}_se"] = r.std_error
        rows.append(m.coef_table().assign(model=key, n_obs=m.n_obs, n_entities=m.n_entities, r2_within=m.r2_within,
                                          se_type=m.se_type))
        res[f"panel_{key}_notes"] = m.notes
        inf = res.get(f"panel_{key}_influence")
        if inf:
            summary_rows.append({"model": key, "term": term, "estimate": inf["estimate"],
                                 "loo_min": inf.get("loo_min"), "loo_min_without": inf.get("loo_min_dropped"),
                                 "loo_max": inf.get("loo_max"), "loo_max_without": inf.get("loo_max_dropped"),
                                 "sign_flips_without": ", ".join(inf.get("sign_flips", [])) or "none",
                                 **{f"period_{p}": v for p, v in inf["periods"].items()}})
    if fits:
        # the reader's table: models as columns; every statistic of every term stays in the long data file
        write_regression_table({key: m for key, m, _ in fits}, out_dir / "panel_models",
                               caption=f"Burden-sharing panel models, {label}",
                               note="Burden on GDP share: member and year effects, CR2 SEs clustered by member; "
                                    "leader-follower: member effects, CR2 SEs clustered by year (Plümper & "
                                    "Neumayer 2015 design).")
        write_csv(pd.concat(rows, ignore_index=True)[
            ["model", "term", "estimate", "std_error", "t", "p_value", "conf_low", "conf_high", "n_obs",
             "n_entities", "r2_within", "se_type"]], out_dir / "panel_models_long.csv")
    if summary_rows:
        write_table(pd.DataFrame(summary_rows), out_dir / "influence_summary",
                    caption=f"Leave-one-member-out range and period estimates, {label}",
                    note="sign_flips_without: members whose removal alone changes the sign of the estimate.")
    # --- size and power by simulation, and what each model can show
    if n_sims:
        sim = _simulation(n_sims)
        write_table(sim, out_dir / "simulation_size_power",
                    caption="Rejection rates at the 5% level on simulated alliances (14 members, 33 years)",
                    note="null_true: no effect planted, so the rate is the test's size (nominal 0.05).")
        res["simulation"] = sim.to_dict("records")
    write_table(pd.DataFrame(INTERPRETATION, columns=["model", "can_show", "cannot_show"]),
                out_dir / "model_interpretation", caption="What each burden-sharing model can and cannot show")
    write_results(res, out_dir / "results.json")
    return res


def _headline(res: dict) -> None:
    k = f"oz_spearman_{res['alliance']}_{res['scatter_year']}"
    print(f"{k} = {res.get(k)}; panel burden on GDP share: {res.get('panel_burden_gdp_share_share_gdp')} "
          f"(SE {res.get('panel_burden_gdp_share_share_gdp_se')}); errors: {res['errors']}")


def main(argv=None):
    from _cli import main as cli

    return cli(run, __doc__, argv, options=(("--scatter-year", int, SCATTER_YEAR, "year of the scatter plot"),),
               headline=_headline)


if __name__ == "__main__":
    main()
