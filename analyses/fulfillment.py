"""Alliance fulfillment in war on the literature's unit (ATOP alliance x COW war), beside the published rates.

Main rule set ``"literature"`` (Leeds, Long & Mitchell 2000; Berkemeier &
Fuhrmann 2018; see :mod:`alliancestats.fulfillment.rules`). Writes to
``out_dir``:

* ``cases.csv`` -- every candidate alliance x war case with its coding and
  the rule that decided it; ``case_types.csv`` -- the same per obligation
  type (the unit of the per-type rates); ``case_pairs.csv`` -- the
  member-pair rows behind each case;
* ``rates_cases`` -- case-unit rates overall, by period and by obligation
  type with Wilson and cluster-bootstrap (war, alliance) intervals;
* ``published_comparison`` -- our rates beside LLM (2000) and B&F (2018),
  ``definitions`` -- how our definition differs;
* ``exclusions`` -- candidate cases excluded, by rule (also printed);
* ``robustness`` -- the rates under each alternative rule (which choice
  drives the difference from the published figures);
* ``determinants`` -- Leeds & Anac (2005) logit on the cases beside the
  member-pair logits, models as columns;
* the issue-5 member-pair outputs (``opportunities_<scheme>``,
  ``rates_<scheme>``), whose quantities sit under
  ``member_pair`` in ``results.json``;
* figure ``rates_by_type_era`` (case unit) and ``results.json``.

Published numbers used (and where they were seen): LLM 2000, 74.5% of
alliance commitments honored, 1816-1944 (abstract; issue 11). B&F 2018: 50%
overall 1816-2003, 66% before 1945 and 22% 1945-2003 (abstract; issue 11);
defense 41%, non-aggression 37%, offense 74%, neutrality 78% (abstract, as
indexed by DOAJ and the Texas A&M VIVO record). Other cells are left blank
with the place to look them up.

Usage: python analyses/fulfillment.py --data-dir PROCESSED --out OUT
"""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from alliancestats import fulfillment as ff
from alliancestats.models.binary import ModelInputError
from alliancestats.outputs import (new_figure, save_figure, write_regression_table, write_results, write_table,
                                  write_text)
from alliancestats.store import load, write_parquet

N_BOOT = 2000
SEED = 20000
TYPES = ("defense", "offense", "neutral", "nonagg")
ERA_KEY = {"1816-1944": "1816_1944", "1945-": "1945_on"}
LLM = "Leeds, Long & Mitchell (2000), JCR 44(5):686-699"
BF = "Berkemeier & Fuhrmann (2018), Research & Politics 5(2)"
#: published figures: (quantity, LLM 2000, B&F 2018); None = not seen in a source (cell left blank)
PUBLISHED = [
    ("1816-1944", "rate_1816_1944", 0.745, 0.66),
    ("1945 on", "rate_1945_on", None, 0.22),
    ("overall", "rate_overall", None, 0.50),
    ("defense", "rate_defense", None, 0.41),
    ("offense", "rate_offense", None, 0.74),
    ("neutrality", "rate_neutral", None, 0.78),
    ("non-aggression", "rate_nonagg", None, 0.37),
]
PUBLISHED_SOURCES = {
    "llm2000": f"{LLM}: 74.5% (abstract); covers 1816-1944 only. Per-type rates: see the "
               "article's results tables (not seen here, left blank).",
    "bf2018": f"{BF}: 50% 1816-2003, 66% before 1945, 22% 1945-2003 (abstract; quoted in issue 11); defense 41%, "
              "non-aggression 37%, offense 74%, neutrality 78% (abstract).",
}
DEFINITIONS = [
    ("unit", "ATOP alliance x COW war; per type: x obligation type",
     "alliance x war, counted once (issue 11)", "alliance x war, counted once (issue 11)"),
    ("years", "COW inter-state wars 1816-2007 x ATOP 5.1", "1816-1944 (abstract)", "1816-2003 (abstract)"),
    ("treaty conditions", "ATOP 5.1 condition dummies; conditions the data cannot evaluate (location, "
     "non-provocation, unnamed adversary) make a case undecidable and leave it out (robustness row: included)",
     "the specific obligations and conditions of each treaty (abstract)", "see the article"),
    ("defense / offense invoked", "beneficiary attacked / attacking on entering the war (directed dyadic war file; "
     "coalition joiners and beneficiaries that attacked first are not attacked)", "see the article",
     "see the article"),
    ("non-aggression", "a case only when the partner fights the beneficiary or joins its enemy; violated if they "
     "fought each other", "see the article", "counts only when the partners fight each other (issue 11)"),
    ("neutrality", "a case whenever the beneficiary is at war (LLM 2000); violated if the partner joins its "
     "enemy (robustness row: a case only when the partner joins the enemy, issue 11's wording, which makes every "
     "case a violation)", "see the article", "see the article (78% honored, abstract)"),
    ("wartime treaties", "counted; conduct judged after signature", "counted (issue 11)", "counted (issue 11)"),
    ("honoring window", "any time while the beneficiary is at war (robustness row: 90 days)", "see the article",
     "see the article"),
    ("multilateral case outcome", "honored only if every obligated member whose obligation was invoked honored "
     "(robustness row: any member)", "see the article", "see the article"),
    ("consultation", "not coded", "not counted (issue 11)", "not counted (issue 11)"),
]
#: alternative rules (name, kwargs for build_cases, include_undecidable) for the robustness table
ROBUSTNESS = [
    ("literature (default)", {}, False),
    ("undecidable cases included (provisional outcome)", {}, True),
    ("case honored if any obligated member honored", {"case_outcome": "any"}, False),
    ("non-aggression invoked whenever the beneficiary is at war (issue-5 reading)",
     {"nonagg_invocation": "beneficiary_at_war"}, False),
    ("neutrality a case only when the partner joins the beneficiary's enemy (issue 11 wording)",
     {"neutral_invocation": "partners_opposed"}, False),
    ("no wartime treaties", {"wartime_alliances": False}, False),
    ("honoring window 90 days", {"honoring_window_days": 90}, False),
    ("attack must start on the entry day (tolerance 0)", {"attack_tolerance_days": 0}, False),
    ("casus foederis from the war-level initiator (issue-5 coding, case unit)", {"rules": "member_pair_v1"}, False),
]


def _q(row) -> dict:
    return {"rate": row["rate"], "n": int(row["n"]), "n_honored": int(row["n_honored"]),
            "intervals": {"wilson": [row["wilson_low"], row["wilson_high"]],
                          "bootstrap_war": [row["boot_war_low"], row["boot_war_high"]],
                          "bootstrap_alliance": [row["boot_alliance_low"], row["boot_alliance_high"]]}}


def _named(tab: pd.DataFrame) -> dict:
    """rate_overall, rate_1816_1944, rate_1945_on, rate_<type>, rate_<type>_<era> (and rate_size_* for the
    member-pair table) from a rates table."""
    out = {}
    for r in tab.to_dict("records"):
        g, k = r["grouping"], r["group"]
        if g == "overall":
            out["rate_overall"] = _q(r)
        elif g == "era":
            out[f"rate_{ERA_KEY[k]}"] = _q(r)
        elif g == "obligation":
            out[f"rate_{k}"] = _q(r)
        elif g == "era_obligation":
            era, t = k.split(" x ")
            out[f"rate_{t}_{ERA_KEY[era]}"] = _q(r)
        elif g == "size":
            out[f"rate_size_{k.replace(' ', '_').replace('+', 'plus').replace('-', '_')}"] = _q(r)
    return out


def _figure(tab: pd.DataFrame, path: Path, synthetic: bool) -> None:
    sub = tab[tab["grouping"] == "era_obligation"].copy()
    sub[["era", "obligation"]] = sub["group"].str.split(" x ", expand=True)
    fig, ax = new_figure(figsize=(7, 4))
    for j, era in enumerate(["1816-1944", "1945-"]):
        s = sub[sub["era"] == era].set_index("obligation").reindex(TYPES)
        x = np.arange(len(TYPES)) + (j - 0.5) * 0.3
        y = s["rate"].to_numpy(dtype=float)
        lo, hi = s["wilson_low"].to_numpy(dtype=float), s["wilson_high"].to_numpy(dtype=float)
        ax.errorbar(x, y, yerr=[y - lo, hi - y], fmt="o", capsize=3, label=era)
        for xi, n in zip(x, s["n"].fillna(0).astype(int)):
            ax.annotate(f"n={n}", (xi, 0.02), ha="center", fontsize=7)
    ax.set_xticks(np.arange(len(TYPES)), TYPES)
    ax.set_ylim(0, 1.05)
    ax.set_ylabel("share of alliance x war cases honored")
    ax.set_title("Alliance fulfillment by obligation and era (alliance x war cases; 95% Wilson)")
    ax.legend(title="era")
    save_figure(fig, path, synthetic=synthetic,
                caption="Share of alliance x war cases in which the obligated ally honored its commitment, by "
                        "obligation type and era, with 95% Wilson intervals",
                note="n: cases per type and era (Leeds, Long & Mitchell 2000 case unit).")


#: robustness-table column of each compared quantity
ROB_KEY = {"rate_1816_1944": "1816_1944", "rate_1945_on": "1945_on", "rate_overall": "overall",
           "rate_defense": "defense", "rate_offense": "offense", "rate_neutral": "neutral", "rate_nonagg": "nonagg"}


def _why_different(key: str, published: float | None, rob: pd.DataFrame) -> str:
    """Which single rule change moves our rate closest to the published figure (B&F 2018, else LLM 2000), from
    the robustness table: a pointer to the choice that drives the difference, not a tuned estimate."""
    if published is None or rob.empty:
        return ""
    col = ROB_KEY[key]
    base = rob.iloc[0]
    alt = rob.iloc[1:].dropna(subset=[f"rate_{col}"])
    if np.isnan(base[f"rate_{col}"]) or alt.empty:
        return ""
    gap = (alt[f"rate_{col}"] - published).abs()
    best = alt.loc[gap.idxmin()]
    if gap.min() >= abs(base[f"rate_{col}"] - published):
        return "no single alternative rule moves the rate toward the published figure (see robustness)"
    return (f"closest alternative rule: {best['rules']}: {best[f'rate_{col}']:.3f} "
            f"(n = {int(best[f'n_{col}'])}; see robustness)")


def _comparison(named: dict, rob: pd.DataFrame) -> pd.DataFrame:
    rows = []
    for label, key, llm, bf in PUBLISHED:
        q = named.get(key)
        rows.append({"quantity": label, "ours_rate": q["rate"] if q else np.nan, "ours_n": q["n"] if q else 0,
                     "ours_wilson_low": q["intervals"]["wilson"][0] if q else np.nan,
                     "ours_wilson_high": q["intervals"]["wilson"][1] if q else np.nan,
                     "llm2000": llm if llm is not None else np.nan,
                     "llm2000_source": "abstract" if llm is not None else "not seen: LLM 2000 results tables",
                     "bf2018": bf if bf is not None else np.nan,
                     "bf2018_source": "abstract" if bf is not None else "not seen: B&F 2018 tables",
                     "why_different": _why_different(key, bf if bf is not None else llm, rob)})
    return pd.DataFrame(rows)


def _pair_outputs(opps: pd.DataFrame, scheme: str, data_dir, out: Path, fits: dict) -> dict:
    """Issue-5 member-pair outputs and quantities (kept under results['member_pair'])."""
    coded = ff.code_outcomes(opps, scheme=scheme)
    table = coded[coded["status"] != "excluded"].reset_index(drop=True)
    write_text(out / f"opportunities_{scheme}.csv",
                      table.to_csv(index=False, lineterminator="\n", date_format="%Y-%m-%d"))
    write_parquet(table, out / f"opportunities_{scheme}.parquet", {"analysis": "fulfillment", "scheme": scheme})
    rates = ff.fulfillment_rates(coded, n_boot=N_BOOT, seed=SEED)
    write_table(rates.table, out / f"rates_{scheme}",
                caption=f"Member-pair fulfillment rates, issue-5 coding ({scheme}; not the literature's unit)")
    res = {"scheme": scheme, "unit": "directed member pair x war record x obligation", **_named(rates.table)}
    fs = table[table["obligation"].isin(TYPES)]
    res["n_opportunities"] = int(fs["status"].isin(["honored", "violated"]).sum())
    res["n_honored"] = int((fs["status"] == "honored").sum())
    res["n_violated"] = int((fs["status"] == "violated").sum())
    res["n_undecidable"] = int((table["status"] == "undecidable").sum())
    res["n_consultation_recorded"] = int((table["status"] == "not_coded").sum())
    try:
        fit = ff.fit_determinants(coded, data_dir, cluster="warnum")
        fits[f"Member pairs ({scheme})"] = fit
        res["determinants"] = fit.stats_dict()
    except ModelInputError as e:
        res["determinants_error"] = str(e)
    return res


def _robustness(data_dir, members, participants, dyads, cache: dict) -> tuple[pd.DataFrame, dict]:
    rows, named = [], {}
    for label, kw, und in ROBUSTNESS:
        kw = dict(kw)
        rules = kw.pop("rules", "literature")
        fc = ff.build_cases(data_dir, rules, members=members, participants=participants, dyads=dyads, cache=cache,
                            **kw)
        s = ff.rates.case_sample(fc.cases, include_undecidable=und)
        row = {"rules": label, "rule_set": fc.rules.name}
        st = ff.rates.case_sample(fc.types, include_undecidable=und)
        for key, sub in (("overall", s), ("1816_1944", s[s["era"] == "1816-1944"]), ("1945_on", s[s["era"] == "1945-"]),
                         *((t, st[st["obligation"] == t]) for t in TYPES)):
            row[f"rate_{key}"] = float(sub["honored"].mean()) if len(sub) else np.nan
            row[f"n_{key}"] = int(len(sub))
        rows.append(row)
        named[fc.rules.name + (" +undecidable" if und else "")] = {k: v for k, v in row.items() if k != "rules"}
    return pd.DataFrame(rows), named


def run(data_dir, out_dir, *, synthetic: bool = False) -> dict:
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    skips = []
    members = load("atop_member", data_dir=data_dir)
    participants = load("cow_war_participant", data_dir=data_dir)
    try:
        dyads = load("cow_war_directed_dyad_year", data_dir=data_dir)
    except FileNotFoundError:
        dyads = None
        skips.append("directed dyadic war file not ingested: who attacked whom is read from participant dates "
                     "only (original targets attacked, joiners not)")
    cache: dict = {}  # candidate tables and attack facts shared by the rule variants (same inputs)
    fc = ff.build_cases(data_dir, "literature", members=members, participants=participants, dyads=dyads,
                        cache=cache)
    write_text(out / "cases.csv", fc.to_csv_frame().to_csv(index=False, lineterminator="\n"))
    write_text(out / "case_types.csv", fc.to_csv_frame("type").to_csv(index=False, lineterminator="\n"))
    pcols = ["atopid", "warnum", "phase", "obligation", "obligated", "beneficiary", "side", "invocation_date",
             "b_war_entry", "b_exit_date", "wartime_case", "attacked", "attackers", "attacked_evidence", "attacking",
             "o_same_start", "o_opp_start", "ob_start", "ob_initiator", "status", "honored", "rule", "reason"]
    write_text(out / "case_pairs.csv", fc.pairs[pcols].sort_values(
        ["atopid", "warnum", "beneficiary", "obligated", "obligation", "side"], kind="stable").to_csv(
        index=False, lineterminator="\n", date_format="%Y-%m-%d"))
    rates = ff.case_rates(fc, n_boot=N_BOOT, seed=SEED)
    write_table(rates.table, out / "rates_cases",
                caption="Alliance fulfillment, alliance x war cases (rules 'literature'); per type: x obligation type")
    _figure(rates.table, out / "rates_by_type_era", synthetic)
    named = _named(rates.table)
    write_table(pd.DataFrame(DEFINITIONS, columns=["aspect", "ours", "llm2000", "bf2018"]), out / "definitions",
                caption="How our case definition differs from the published ones")
    exc = fc.exclusions()
    write_table(exc, out / "exclusions", caption="Candidate alliance x war cases excluded, by rule")
    print(f"fulfillment: {fc.counts()['n_candidates']} candidate alliance x war cases; excluded by rule:")
    print(exc[["rule", "n_cases", "n_cases_touched"]].to_string(index=False))
    rob, rob_named = _robustness(data_dir, members, participants, dyads, cache)
    write_table(rob, out / "robustness", caption="Case-unit rates under alternative rules")
    comp = _comparison(named, rob)
    write_table(comp, out / "published_comparison",
                caption="Our case-unit rates beside Leeds, Long & Mitchell (2000) and Berkemeier & Fuhrmann (2018)",
                note="Blank published cells: not seen in a source; look them up where the source column says.")
    results = {"analysis": "fulfillment", "synthetic": synthetic, "n_boot": N_BOOT, "seed": SEED,
               "unit": "ATOP alliance x COW war case", "rules": fc.rules.as_dict(), **named,
               "counts": {**fc.counts(), "n_relevant": int(fc.cases["relevant"].sum()),
                          "excluded_by_rule": {r["rule"]: int(r["n_cases"]) for r in exc.to_dict("records")
                                               if r["n_cases"] > 0},
                          "cases_touched_by_rule": {r["rule"]: int(r["n_cases_touched"]) for r in exc.to_dict("records")}},
               "with_undecidable": _named(ff.case_rates(fc, include_undecidable=True, n_boot=N_BOOT,
                                                               seed=SEED).table),
               "published": {"llm2000_rate_1816_1944": 0.745, "bf2018_rate_1816_2003": 0.50,
                             "bf2018_rate_pre1945": 0.66, "bf2018_rate_1945_2003": 0.22, "bf2018_rate_defense": 0.41,
                             "bf2018_rate_nonagg": 0.37, "bf2018_rate_offense": 0.74, "bf2018_rate_neutral": 0.78,
                             "sources": PUBLISHED_SOURCES},
               "robustness": rob_named, "skips": skips}
    det_fits, det_notes = {}, []
    ddata, dnotes = ff.case_determinants_data(fc, data_dir)
    skips.extend(dnotes)  # covariates that are unavailable (e.g. Polity2 without the peacesciencer table)
    try:
        fit = ff.fit_case_determinants(fc, data_dir, data=ddata)
        fit.notes.extend(dnotes)
        det_fits["Alliance x war cases"] = fit
        det_notes = list(fit.notes)
        results["determinants"] = {**fit.stats_dict(), "notes": list(fit.notes)}
    except ModelInputError as e:
        results["determinants_error"] = str(e)
    opps = cache[("opps", False)] if ("opps", False) in cache else ff.build_opportunities(
        members=members, participants=participants)
    results["member_pair"] = _pair_outputs(opps, "llm", data_dir, out, det_fits)
    results["member_pair"]["strict"] = _pair_outputs(opps, "strict", data_dir, out, det_fits)
    if det_fits:
        write_regression_table(det_fits, out / "determinants",
                               caption="Logit of honoring an alliance commitment: alliance x war cases (Leeds & "
                                       "Anac 2005) and the issue-5 member pairs",
                               note="SEs clustered by alliance (cases) or by war (member pairs). "
                                    + "; ".join(det_notes))
    write_results(results, out / "results.json")
    return results


def main(argv=None):
    from _cli import main as cli

    return cli(run, __doc__, argv, headline=lambda r: print(
        {k: r[k]["rate"] for k in ("rate_overall", "rate_1816_1944", "rate_1945_on") if k in r}))


if __name__ == "__main__":
    main()
