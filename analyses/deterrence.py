"""Do defense pacts deter? Dispute initiation on directed dyad-years (Leeds 2003; Johnson & Leeds 2011).

Unit: directed dyad-years, challenger = ccode1, target = ccode2, 1816-2000
(and 1816-1944, 1945-2000). Outcome ``initiation`` (:mod:`alliancestats.deterrence.outcome`;
defaults follow Leeds 2003): ccode1 was a side-A originator and ccode2 a
side-B originator of a militarized dispute that began for this dyad in the
year (GML MID 2.1 participants; Gibler, Miller & Little 2016); the
dispute's start date is kept, so the alliance variables of event rows are
evaluated on that day. Joiner variant ``initiation_joiner``: any side-A
participant against any side-B participant (the coding used here before
issue 10). Dyad-years with a dispute carried over from an earlier year and
no new onset are dropped (no new initiation is possible while the dispute
is under way).

Covariates: the challenger-specific alliance variables
(:mod:`alliancestats.panels.add_challenger_alliances`, default rules:
pledges in force on the dispute's start date / on 1 July, co-member pledges
excluded, location-limited defense pledges protecting the target's own
territory counted), the challenger's capability share cinc1/(cinc1+cinc2),
land contiguity, COW major-power status of each side, and peace years t,
t^2/100, t^3/1000 (Carter & Signorino 2010; years since the dyad's last
dispute, GML ongoing). Add covariates with ``run(..., extra=[(frame, on,
columns, dyad_directed)])`` (:func:`alliancestats.models.add_covariates`).

Models: logit with SEs clustered by directed dyad (main), and as checks the
same with non-directed-dyad clusters, Firth's penalized logit, the King-Zeng
rare-events logit, probit; the same logit for the two sub-periods and the
joiner outcome. Quantities of interest by simulation (1,000 draws, fixed
seed, observed-value approach; King, Tomz & Wittenberg 2000): percent change
in Pr(initiation) when each alliance variable moves 0 -> 1 (main model), and
when target_defense does (the two sub-periods and the joiner outcome). Each
averages over a seeded random subset of 50,000 estimation-sample rows
(``rows_averaged``); the headline also reports ``point_all_rows``.

Robustness (``robustness`` table, :mod:`alliancestats.deterrence.robustness`):
the target_defense estimate under each coding choice changed one at a time
from the default, plus the coding used before issue 10, so a reader sees
what drives the sign. Replications (:mod:`alliancestats.deterrence.replications`):
Leeds (2003), Johnson & Leeds (2011) and the Bremer-style dangerous-dyads
model of peacesciencer, each with our estimates beside the published ones
(``replication_<name>`` tables; results.json ``models.<name>``).
"""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from alliancestats.errors import AllianceStatsError
from alliancestats.models import (ModelInputError, add_covariates, first_difference, fit_binary, fit_firth,
                                  fit_relogit, with_se)
from alliancestats.deterrence import deterrence_frame, estimation_sample, initiation_events
from alliancestats.deterrence.design import short_error, standard_panel
from alliancestats.deterrence.replications import bremer_dangerous_dyads, johnson_leeds2011, leeds2003
from alliancestats.deterrence.robustness import CHOICES, robustness_table
from alliancestats.joins import merge_checked
from alliancestats.labels import label
from alliancestats.outputs import (new_figure, save_figure, write_csv, write_regression_table, write_results,
                                  write_table)

ALLIANCE_VARS = ["target_defense", "challenger_offense", "challenger_neutral", "shared_defense"]
CONTROLS = ["capshare1", "landcontig", "cowmaj1", "cowmaj2", "peace_t", "peace_t2", "peace_t3"]
#: published-model covariates left out of the main (Leeds-style) model, and where they are used instead
NOT_IN_MAIN_MODEL = {
    "joint_democracy": "in the johnson_leeds2011 and leeds2003 replications (models.<name>)",
    "s_score": "in the johnson_leeds2011 replication",
    "distance": "in the johnson_leeds2011 and leeds2003 replications",
}
REPLICATIONS = {"leeds2003": leeds2003, "johnson_leeds2011": johnson_leeds2011,
                "bremer_dangerous_dyads": bremer_dangerous_dyads}
PERIODS = {"1816-2000": (1816, 2000), "1816-1944": (1816, 1944), "1945-2000": (1945, 2000)}
SEED = 20240101
N_SIMS = 1000
QI_ROWS = 50_000  # observed-value QIs average over this many sampled rows (seeded); see module docstring


def build_panel(data_dir, start: int = 1816, end: int = 2000, extra=None, *, panel=None,
                sample: dict | None = None, **options) -> tuple[pd.DataFrame, list[str]]:
    """The estimation frame and the names of user-added covariates.

    ``options``: outcome and pledge-rule options of
    :func:`alliancestats.deterrence.deterrence_frame`; ``sample``: options of
    :func:`alliancestats.deterrence.estimation_sample`. The sample-rule
    counts of dropped rows are in ``frame.attrs["dropped"]``.
    """
    # the standard panel (cached by `alliancestats reproduce`, else built): values for a year depend only on that
    # year and the past, so restricting the years afterwards gives the same values as building start-end
    d = deterrence_frame(data_dir, start=start, end=end, panel=panel, **options)
    joiner = initiation_events(data_dir, challenger="side_a", target="side_b",
                               source=options.get("source", "gml"))[["ccode1", "ccode2", "year"]]
    joiner = joiner.drop_duplicates().astype("int16").assign(initiation_joiner=np.int8(1))
    d = merge_checked(d, joiner, ["ccode1", "ccode2", "year"], what="deterrence joiner initiations")
    d["initiation_joiner"] = d["initiation_joiner"].fillna(0).astype("Int8").where(d["initiation"].notna())
    d, dropped = estimation_sample(d, **(sample or {}))
    added = []
    for item in extra or []:
        frame, on, cols, *rest = item
        before = set(d.columns)
        d = add_covariates(d, frame, on, cols, dyad_directed=rest[0] if rest else None)
        added += [c for c in d.columns if c not in before]
    d.attrs["dropped"] = dropped
    return d, added


def _coef_rows(res, label: str, period: str) -> pd.DataFrame:
    tab = res.coef_table()
    tab.insert(0, "period", period)
    tab.insert(0, "model", label)
    return tab


def run(data_dir, out_dir, *, synthetic: bool = False, extra=None, n_sims: int = N_SIMS,
        robustness=True, replications=tuple(REPLICATIONS), log=print) -> dict:
    """Fit the models, the robustness table and the replications; write tables, figures and results.json.

    ``robustness``: True (every row of :data:`alliancestats.deterrence.robustness.CHOICES`), False, or
    a sequence of label prefixes selecting rows; ``replications``: names in :data:`REPLICATIONS`.
    """
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    std = standard_panel(data_dir)  # read once; every variant below only changes columns
    panel, added = build_panel(data_dir, 1816, 2000, extra, panel=std)
    dropped = panel.attrs.get("dropped", {})
    covs = [*ALLIANCE_VARS, *CONTROLS, *added]
    # only the columns the models and summaries use: every subset below copies what it keeps
    used = ["ccode1", "ccode2", "year", "initiation", "initiation_joiner", "target_defense_cond", *covs]
    panel = panel[list(dict.fromkeys(used))]
    results: dict = {"synthetic": synthetic, "covariates": covs, "not_in_main_model": NOT_IN_MAIN_MODEL,
                     "seed": SEED, "n_sims": n_sims, "models": {}, "errors": {},
                     "outcome": "originator (side A) vs originator (side B), GML MID 2.1 participants (Leeds 2003)",
                     "pledge_rules": std.attrs.get("alliancestats", {}).get("challenger_alliances"),
                     "sample_dropped": dropped,
                     "panel_rows_1816_2000": int(len(panel) + sum(dropped.values()))}
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
        log(f"deterrence main model (logit, 1816-2000): N = {res.n_obs:,}, events = {res.n_events:,}; dropped: "
            + ", ".join(f"{n:,} {k.replace('_', ' ')}" for k, n in dropped.items())
            + f"; {len(sub) - res.n_obs:,} with a missing covariate")
        s = sub.loc[res.sample_index]
        results["shares"] = {v: float(s[v].astype(float).mean()) for v in [*ALLIANCE_VARS, "landcontig"]}
        results["shares"]["target_defense_cond"] = float(s["target_defense_cond"].astype(float).mean())
        results["n_events_joiner"] = int(s["initiation_joiner"].astype(int).sum())
    coef = pd.concat(tables, ignore_index=True) if tables else pd.DataFrame()
    write_csv(coef, out_dir / "coefficients_long.csv")  # every statistic of every term, one row per model x term
    _regression_tables(fits, out_dir)
    fd_tab = pd.DataFrame(fd_rows)
    write_table(fd_tab, out_dir / "first_differences",
                caption="Percent change in Pr(initiation) when each alliance variable moves from 0 to 1",
                note=f"{n_sims} simulations, seed {SEED}, observed-value approach (King, Tomz & Wittenberg 2000); "
                     "95% intervals.")
    if main:
        _coef_plot(coef[coef["model"] == "logit_dyadcl"], out_dir / "coefficient_plot", synthetic)
    if len(fd_tab):
        _fd_plot(fd_tab, out_dir / "first_difference_plot", synthetic)
    if robustness:
        choices = CHOICES if robustness is True else tuple(c for c in CHOICES if c[0].startswith(tuple(robustness)))
        rob = robustness_table(data_dir, [*ALLIANCE_VARS, *CONTROLS], panel=std, choices=choices, log=log)
        results["robustness"] = rob.to_dict(orient="records")
        results["robustness_summary"] = _what_moves(rob)
        write_table(rob, out_dir / "robustness",
                    caption=f"What drives the sign: the coefficient of '{label('target_defense')}' under each "
                            "coding choice",
                    note="Logit, SEs clustered by directed dyad, same covariates as the main model; one choice "
                         "changed from the default per row (pledge rules applied to every pledge variable); "
                         "pct_change: point estimate of the % change in mean Pr(initiation), target_defense 0 -> 1.")
    skipped = {}
    for name in replications:
        try:
            rep = REPLICATIONS[name](data_dir, log=log) if name == "bremer_dangerous_dyads" \
                else REPLICATIONS[name](data_dir, panel=std, log=log)
        except (AllianceStatsError, ModelInputError, FileNotFoundError, KeyError) as err:
            skipped[name] = f"{type(err).__name__}: {short_error(err)}"
            log(f"replication {name} skipped: {err}")
            continue
        results["models"][name] = rep.as_dict()
        write_table(rep.table, out_dir / f"replication_{name}",
                    caption=f"Replication: {rep.citation}, {rep.years[0]}-{rep.years[1]} ({rep.model})",
                    note=(f"N = {rep.n_obs:,}, events = {rep.n_events:,}. Published: {rep.published_source}. "
                          + "; ".join([f"unavailable: {k} ({v})" for k, v in rep.unavailable.items()] + rep.notes)))
    if skipped:
        results["replications_skipped"] = skipped
    write_results(results, out_dir / "results.json")
    return results


#: the two side-by-side tables: one design under several estimators, and the main logit across samples/outcomes
REGRESSION_TABLES = {
    "coefficients": (("logit_dyadcl", "logit_ndyadcl", "probit_dyadcl", "firth", "relogit"),
                     "Dispute initiation, directed dyad-years 1816-2000: estimators and standard errors",
                     "Logit, probit, Firth's penalized logit and King & Zeng's rare-events logit; SEs clustered by "
                     "directed dyad, or by undirected dyad where named."),
    "coefficients_periods": (("logit_dyadcl", "logit_1816_1944", "logit_1945_2000", "logit_joiner"),
                             "Dispute initiation: the main logit by period and with joiners as initiators",
                             "Logit, SEs clustered by directed dyad."),
}


def _regression_tables(fits: dict, out_dir: Path) -> None:
    for stem, (names, caption, note) in REGRESSION_TABLES.items():
        cols = {n: fits[n][0] for n in names if n in fits}
        if cols:
            write_regression_table(cols, out_dir / stem, caption=caption, note=note)


def _what_moves(rob: pd.DataFrame) -> dict:
    """Rows whose target_defense estimate has the other sign than the default's, or moved by more than one SE."""
    if "estimate" not in rob or rob["estimate"].isna().all():
        return {}
    d = rob.iloc[0]
    est = rob["estimate"]
    return {"default": {"estimate": float(d["estimate"]), "std_error": float(d["std_error"])},
            "sign_differs": rob.loc[est.notna() & (np.sign(est) != np.sign(d["estimate"])), "choice"].tolist(),
            "moved_more_than_one_se": rob.loc[est.notna() & ((est - d["estimate"]).abs() > d["std_error"]),
                                              "choice"].tolist()}


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
    save_figure(fig, stem, synthetic=synthetic,
                caption="Dispute initiation, directed dyad-years 1816-2000: logit coefficients of the main model "
                        "with 95% intervals (SEs clustered by directed dyad)")


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
    save_figure(fig, stem, synthetic=synthetic,
                caption="Percent change in the probability of dispute initiation when each alliance variable moves "
                        "from 0 to 1, by model, with 95% simulation intervals")


def _headline(res: dict) -> None:
    if "pct_change_target_defense" in res:
        pc = res["pct_change_target_defense"]
        print(f"N = {res['n_obs']:,}; events = {res['n_events']:,}; % change in Pr(initiation) when the target "
              f"has an applicable defense pact: {pc['estimate']:.1f} [{pc['lo']:.1f}, {pc['hi']:.1f}]")
        print("dropped: " + ", ".join(f"{n:,} {k.replace('_', ' ')}" for k, n in res["sample_dropped"].items()))


def main(argv=None):
    from _cli import main as cli

    return cli(run, __doc__, argv, options=(("--n-sims", int, N_SIMS, "simulation draws"),), headline=_headline)


if __name__ == "__main__":
    main()
