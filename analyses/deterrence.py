"""Do defense pacts deter? Dispute initiation on directed dyad-years (Leeds 2003; Johnson & Leeds 2011).

Unit: directed dyad-years, challenger = ccode1, target = ccode2, 1816-2000
(and 1816-1944, 1945-2000). Outcome ``initiation``: ccode1 originated a
militarized dispute against ccode2 on side A that began in this dyad-year
(GML MID 2.1; Gibler, Miller & Little 2016): some dispute with dyadic onset
in the year and ``sidea1 & orig1``. Joiner variant ``initiation_joiner``:
ccode1 on side A (originator or joiner) of a dispute with dyadic onset.
Dyad-years with a dispute carried over from an earlier year and no new onset
are dropped (no new initiation is possible while the dispute is under way).

Note on the outcome: ``add_disputes`` keeps one dispute per dyad-year, so
``gml_init1 & gmlmidonset`` misses initiations when a dyad has two onsets in
one year and the kept one was initiated by the other side; the outcome here
is computed from all dispute dyad-years (``dispute_dyad_years``) and
``results.json`` reports how many events the one-dispute coding would miss.

Covariates: the four challenger-specific alliance variables
(:mod:`alliancestats.panels.add_challenger_alliances`), the challenger's
capability share cinc1/(cinc1+cinc2), land contiguity, COW major-power status
of each side, and peace years t, t^2/100, t^3/1000 (Carter & Signorino 2010;
years since the dyad's last dispute, GML ongoing).
Not available here (in the published models): joint democracy (Polity),
foreign-policy similarity (S scores), distance between capitals. Add them
(or anything else) with ``run(..., extra=[(frame, on, columns, dyad_directed)])``:
each entry goes through :func:`alliancestats.models.add_covariates` and its
new columns join the model.

Models: logit with SEs clustered by directed dyad (main), and as checks the
same with non-directed-dyad clusters, Firth's penalized logit, the King-Zeng
rare-events logit, probit; the same logit for the two sub-periods and the
joiner outcome. Quantities of interest by simulation (1,000 draws, fixed
seed, observed-value approach; King, Tomz & Wittenberg 2000): percent change
in Pr(initiation) when each alliance variable moves 0 -> 1 (main model), and
when target_defense does (the two sub-periods and the joiner outcome; Firth
and relogit coefficients are reported but not simulated). Each averages over a seeded random
subset of 50,000 estimation-sample rows (``rows_averaged``), since a first
difference costs rows x draws evaluations; the headline also reports
``point_all_rows``, the point estimate over every row, which shows the row
sampling error is small next to the simulation interval.
"""
from __future__ import annotations

import argparse
from pathlib import Path

import numpy as np
import pandas as pd

import alliancestats as als
from alliancestats.models import (ModelInputError, add_covariates, first_difference, fit_binary, fit_firth,
                                  fit_relogit, with_se)
from alliancestats.panels._frame import merge_checked
from alliancestats.reproduce import get_panel
from alliancestats.outputs import new_figure, save_figure, write_results, write_table

ALLIANCE_VARS = ["target_defense", "challenger_offense", "challenger_neutral", "shared_defense"]
CONTROLS = ["capshare1", "landcontig", "cowmaj1", "cowmaj2", "peace_t", "peace_t2", "peace_t3"]
UNAVAILABLE = {
    "joint_democracy": "Polity IV democracy scores are not ingested",
    "s_score": "foreign-policy similarity (Signorino & Ritter S) is not ingested",
    "distance": "capital-to-capital distance is not ingested",
}
PERIODS = {"1816-2000": (1816, 2000), "1816-1944": (1816, 1944), "1945-2000": (1945, 2000)}
SEED = 20240101
N_SIMS = 1000
QI_ROWS = 50_000  # observed-value QIs average over this many sampled rows (seeded); see module docstring


def initiations(data_dir) -> pd.DataFrame:
    """Directed dyad-years with any dispute onset initiated by ccode1 (strict) or joined on side A."""
    dy = als.dispute_dyad_years("gml", data_dir=data_dir)
    on = dy[dy["onset"] == 1]
    strict = on[(on["sidea1"] == 1) & (on["orig1"] == 1)][["ccode1", "ccode2", "year"]].drop_duplicates()
    joiner = on[on["sidea1"] == 1][["ccode1", "ccode2", "year"]].drop_duplicates()
    out = joiner.assign(_joiner=np.int8(1)).merge(strict.assign(_strict=np.int8(1)), how="left",
                                                  on=["ccode1", "ccode2", "year"], validate="one_to_one")
    out["_strict"] = out["_strict"].fillna(0).astype("int8")
    for k in ("ccode1", "ccode2", "year"):
        out[k] = out[k].astype("int16")
    return out


def build_panel(data_dir, start: int = 1816, end: int = 2000, extra=None) -> tuple[pd.DataFrame, list[str]]:
    """The estimation frame and the names of user-added covariates."""
    # the standard panel (cached by `alliancestats reproduce`, else built): challenger alliance variables,
    # GML disputes, NMC, contiguity, majors and peace years; values for a year depend only on that year
    # and the past, so restricting the years afterwards gives the same values as building 1816-2000
    full = get_panel("directed_dyad_years", data_dir)
    d = full[(full["year"] >= start) & (full["year"] <= end)].reset_index(drop=True)
    d.attrs = full.attrs
    ini = initiations(data_dir)
    d = merge_checked(d, ini, ["ccode1", "ccode2", "year"], what="deterrence initiations")
    covered = d["gmlmidonset"].notna().to_numpy()
    d["initiation"] = pd.array(np.where(covered, d["_strict"].to_numpy(dtype="int8", na_value=0), 0), dtype="Int8")
    d["initiation_joiner"] = pd.array(np.where(covered, d["_joiner"].to_numpy(dtype="int8", na_value=0), 0), dtype="Int8")
    d.loc[~covered, ["initiation", "initiation_joiner"]] = pd.NA
    d["initiation_onedispute"] = ((d["gml_init1"].fillna(0) == 1) & (d["gmlmidonset"] == 1)).astype("Int8")
    t = d["gmlmidspell"].astype("Float64")
    d["peace_t"], d["peace_t2"], d["peace_t3"] = t, t * t / 100, t * t * t / 1000
    carried = (d["gmlmidongoing"] == 1) & (d["gmlmidonset"] == 0)
    d = d.loc[~carried.fillna(False).to_numpy()].drop(columns=["_strict", "_joiner"])
    added = []
    for item in extra or []:
        frame, on, cols, *rest = item
        before = set(d.columns)
        d = add_covariates(d, frame, on, cols, dyad_directed=rest[0] if rest else None)
        added += [c for c in d.columns if c not in before]
    return d, added


def _coef_rows(res, label: str, period: str) -> pd.DataFrame:
    tab = res.coef_table()
    tab.insert(0, "period", period)
    tab.insert(0, "model", label)
    return tab


def run(data_dir, out_dir, *, synthetic: bool = False, extra=None, n_sims: int = N_SIMS) -> dict:
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    panel, added = build_panel(data_dir, 1816, 2000, extra)
    covs = [*ALLIANCE_VARS, *CONTROLS, *added]
    # only the columns the models and summaries use: every subset below copies what it keeps
    used = ["ccode1", "ccode2", "year", "initiation", "initiation_joiner", "initiation_onedispute",
            "target_defense_cond", *covs]
    panel = panel[list(dict.fromkeys(used))]
    results: dict = {"synthetic": synthetic, "covariates": covs, "unavailable_covariates": UNAVAILABLE,
                     "seed": SEED, "n_sims": n_sims, "models": {}, "errors": {},
                     "panel_rows_1816_2000": int(len(panel))}
    tables, fits = [], {}

    def fit(name, period, fn, outcome, **kw):
        lo, hi = PERIODS[period]
        sub = panel[(panel["year"] >= lo) & (panel["year"] <= hi)]
        # a covariate constant in the sample (e.g. no offensive pacts in a small world) cannot be estimated:
        # drop it and say so, rather than fail the whole analysis
        const = [c for c in covs if sub[c].min() == sub[c].max()]
        use = [c for c in covs if c not in const]
        if const:
            results.setdefault("dropped_constant_covariates", {})[name] = const
        try:
            res = fn(sub, outcome, use, **kw)
        except ModelInputError as err:
            results["errors"][name] = str(err)
            return None
        fits[name] = (res, sub)
        entry = res.stats_dict()
        entry.update({"period": period, "outcome": outcome, "notes": list(res.notes)})
        results["models"][name] = entry
        tables.append(_coef_rows(res, name, period))
        return res

    cl = {"se": "cluster", "cluster": "dyad"}
    fit("logit_dyadcl", "1816-2000", fit_binary, "initiation", **cl)
    main_fit = fits.get("logit_dyadcl", (None,))[0]
    if main_fit is not None:  # same estimates: only the variance changes, and relogit starts from the ML fit
        fit("logit_ndyadcl", "1816-2000", lambda d, o, c, **kw: with_se(main_fit, d, c, **kw), "initiation",
            se="cluster", cluster="ndyad")
        fit("firth", "1816-2000", fit_firth, "initiation", **cl)
        fit("relogit", "1816-2000", fit_relogit, "initiation", ml=main_fit, **cl)
    else:
        fit("logit_ndyadcl", "1816-2000", fit_binary, "initiation", se="cluster", cluster="ndyad")
        fit("firth", "1816-2000", fit_firth, "initiation", **cl)
        fit("relogit", "1816-2000", fit_relogit, "initiation", **cl)
    fit("probit_dyadcl", "1816-2000", fit_binary, "initiation", link="probit", **cl)
    fit("logit_1816_1944", "1816-1944", fit_binary, "initiation", **cl)
    fit("logit_1945_2000", "1945-2000", fit_binary, "initiation", **cl)
    fit("logit_joiner", "1816-2000", fit_binary, "initiation_joiner", **cl)

    # quantities of interest: percent change in Pr(initiation) when an alliance variable moves 0 -> 1;
    # every alliance variable in the main model, target_defense in the others
    fd_rows = []
    for name in ("logit_dyadcl", "logit_1816_1944", "logit_1945_2000", "logit_joiner"):
        if name not in fits:
            continue
        res, sub = fits[name]
        qis = {}
        wanted = ALLIANCE_VARS if name == "logit_dyadcl" else ["target_defense"]
        for v in [a for a in wanted if a in res.params.index]:
            fd = first_difference(res, sub, v, (0, 1), method="observed", n_sims=n_sims, seed=SEED, max_rows=QI_ROWS)
            qis[v] = {**fd.as_dict(), "rows_averaged": int(min(res.n_obs, QI_ROWS))}
            fd_rows.append({"model": name, "variable": v, "pct_change": fd.pct_change.estimate,
                            "lo": fd.pct_change.lo, "hi": fd.pct_change.hi,
                            "first_difference": fd.diff.estimate, "pr_from": fd.p0.estimate, "pr_to": fd.p1.estimate})
        results["models"][name]["first_differences"] = qis
    main = fits.get("logit_dyadcl")
    if main:
        res, sub = main
        pc = results["models"]["logit_dyadcl"]["first_differences"]["target_defense"]["pct_change"]
        results["pct_change_target_defense"] = {k: pc[k] for k in ("estimate", "lo", "hi", "point")}
        # check on the row sampling: the point estimate averaged over every row of the sample (one evaluation)
        exact = first_difference(res, sub, "target_defense", (0, 1), method="observed", n_sims=1, seed=SEED)
        results["pct_change_target_defense"]["point_all_rows"] = exact.pct_change.point
        means = first_difference(res, sub, "target_defense", (0, 1), method="means", n_sims=n_sims, seed=SEED,
                                 at=_consistent_peace(sub, res))
        results["pct_change_target_defense_at_means"] = means.pct_change.as_dict()
        results["coefficients"] = results["models"]["logit_dyadcl"]["coefficients"]
        results["n_obs"], results["n_events"] = res.n_obs, res.n_events
        s = sub.loc[res.sample_index]
        results["shares"] = {v: float(s[v].astype(float).mean()) for v in [*ALLIANCE_VARS, "landcontig"]}
        results["shares"]["target_defense_cond"] = float(s["target_defense_cond"].astype(float).mean())
        results["n_events_onedispute_coding"] = int(s["initiation_onedispute"].astype(int).sum())
        results["n_events_joiner"] = int(s["initiation_joiner"].astype(int).sum())
    coef = pd.concat(tables, ignore_index=True) if tables else pd.DataFrame()
    write_table(coef, out_dir / "coefficients", caption="Dispute initiation, directed dyad-years",
                note="Logit/probit/Firth/relogit; SEs clustered by directed dyad unless named ndyadcl.")
    fd_tab = pd.DataFrame(fd_rows)
    write_table(fd_tab, out_dir / "first_differences", caption="Percent change in Pr(initiation), 0 -> 1",
                note=f"{n_sims} simulations, seed {SEED}, observed-value approach; 95% intervals.")
    if main:
        _coef_plot(coef[coef["model"] == "logit_dyadcl"], out_dir / "coefficient_plot", synthetic)
    if len(fd_tab):
        _fd_plot(fd_tab, out_dir / "first_difference_plot", synthetic)
    write_results(results, out_dir / "results.json")
    return results


def _consistent_peace(sub, res) -> dict:
    """At-means profile with t, t^2/100, t^3/1000 set from one t (the sample mean of t)."""
    t = float(sub.loc[res.sample_index, "peace_t"].astype(float).mean())
    return {"peace_t": t, "peace_t2": t * t / 100, "peace_t3": t ** 3 / 1000}


def _coef_plot(tab: pd.DataFrame, stem, synthetic):
    tab = tab[tab["term"] != "const"].iloc[::-1]
    fig, ax = new_figure(figsize=(6, 4))
    y = np.arange(len(tab))
    ax.errorbar(tab["estimate"], y, xerr=[tab["estimate"] - tab["conf_low"], tab["conf_high"] - tab["estimate"]],
                fmt="o", color="black", capsize=2)
    ax.axvline(0, color="grey", lw=0.8, ls="--")
    ax.set_yticks(y, tab["term"])
    ax.set_xlabel("logit coefficient, 95% CI (clustered by directed dyad)")
    ax.set_title("Dispute initiation, 1816-2000")
    save_figure(fig, stem, synthetic=synthetic)


def _fd_plot(tab: pd.DataFrame, stem, synthetic):
    models = list(dict.fromkeys(tab["model"]))
    fig, ax = new_figure(figsize=(7, 4.5))
    width = 0.8 / max(len(models), 1)
    for j, m in enumerate(models):
        t = tab[tab["model"] == m]
        x = np.array([ALLIANCE_VARS.index(v) for v in t["variable"]]) + j * width
        ax.errorbar(x, t["pct_change"], yerr=[t["pct_change"] - t["lo"], t["hi"] - t["pct_change"]],
                    fmt="o", capsize=2, label=m)
    ax.axhline(0, color="grey", lw=0.8, ls="--")
    ax.set_xticks(np.arange(len(ALLIANCE_VARS)) + width * (len(models) - 1) / 2, ALLIANCE_VARS, rotation=15)
    ax.set_ylabel("% change in Pr(initiation), 0 -> 1")
    ax.legend(fontsize=7)
    save_figure(fig, stem, synthetic=synthetic)


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data-dir", required=True, help="processed data directory")
    ap.add_argument("--out", required=True, help="output directory")
    ap.add_argument("--synthetic", action="store_true", help="stamp figures as synthetic")
    ap.add_argument("--n-sims", type=int, default=N_SIMS)
    a = ap.parse_args(argv)
    res = run(a.data_dir, a.out, synthetic=a.synthetic, n_sims=a.n_sims)
    if "pct_change_target_defense" in res:
        pc = res["pct_change_target_defense"]
        print(f"N = {res['n_obs']:,}; events = {res['n_events']:,}; % change in Pr(initiation) when the target "
              f"has an applicable defense pact: {pc['estimate']:.1f} [{pc['lo']:.1f}, {pc['hi']:.1f}]")
    print("not available here:", ", ".join(UNAVAILABLE))


if __name__ == "__main__":
    main()
