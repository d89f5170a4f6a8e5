"""Alliance fulfillment in war, ATOP x COW inter-state wars: opportunities, rates, determinants.

Writes to ``out_dir``: ``opportunities_<scheme>.csv``/``.parquet`` (every
opportunity incl. undecidable and consultation cases), ``rates_<scheme>``
(csv/tex/md), ``determinants_<scheme>`` (csv/tex/md), figure
``rates_by_type_era`` (PNG+PDF) and ``results.json``. The main scheme is
``"llm"`` (Leeds, Long & Mitchell 2000); the ``"strict"`` scheme is run as a
robustness check. Published benchmarks: 74.5% honored 1816-1944 (Leeds, Long
& Mitchell 2000); 50% 1816-2003, 66% before 1945 and 22% after (Berkemeier &
Fuhrmann 2018).

Usage: python analyses/fulfillment.py --data-dir PROCESSED --out OUT
"""
from __future__ import annotations

import argparse
from pathlib import Path

import numpy as np
import pandas as pd

from alliancestats import fulfillment as ff
from alliancestats.models.binary import ModelInputError
from alliancestats.outputs import new_figure, save_figure, write_results, write_table
from alliancestats.store import write_parquet, write_text_atomic

N_BOOT = 2000
SEED = 20000
TYPES = ("defense", "offense", "neutral", "nonagg")


def _q(row) -> dict:
    return {"rate": row["rate"], "n": int(row["n"]), "n_honored": int(row["n_honored"]),
            "wilson_low": row["wilson_low"], "wilson_high": row["wilson_high"],
            "boot_war_low": row["boot_war_low"], "boot_war_high": row["boot_war_high"],
            "boot_alliance_low": row["boot_alliance_low"], "boot_alliance_high": row["boot_alliance_high"]}


def _named(tab: pd.DataFrame) -> dict:
    """rate_overall, rate_1816_1944, rate_1945_on, each also by type (rate_defense_1816_1944 ...)."""
    get = lambda g, k: tab[(tab["grouping"] == g) & (tab["group"] == k)]  # noqa: E731
    out = {}
    era_key = {"1816-1944": "1816_1944", "1945-": "1945_on"}
    for _, r in get("overall", "all").iterrows():
        out["rate_overall"] = _q(r)
    for era, key in era_key.items():
        for _, r in get("era", era).iterrows():
            out[f"rate_{key}"] = _q(r)
        for t in TYPES:
            for _, r in get("era_obligation", f"{era} x {t}").iterrows():
                out[f"rate_{t}_{key}"] = _q(r)
    for t in TYPES:
        for _, r in get("obligation", t).iterrows():
            out[f"rate_{t}"] = _q(r)
    for _, r in tab[tab["grouping"] == "size"].iterrows():
        out[f"rate_size_{r['group'].replace(' ', '_').replace('+', 'plus').replace('-', '_')}"] = _q(r)
    return out


def _figure(tab: pd.DataFrame, path: Path, synthetic: bool, scheme: str) -> None:
    sub = tab[tab["grouping"] == "era_obligation"].copy()
    sub[["era", "obligation"]] = sub["group"].str.split(" x ", expand=True)
    fig, ax = new_figure(figsize=(7, 4))
    eras = ["1816-1944", "1945-"]
    for j, era in enumerate(eras):
        s = sub[sub["era"] == era].set_index("obligation").reindex(TYPES)
        x = np.arange(len(TYPES)) + (j - 0.5) * 0.3
        y = s["rate"].to_numpy(dtype=float)
        lo, hi = s["wilson_low"].to_numpy(dtype=float), s["wilson_high"].to_numpy(dtype=float)
        ax.errorbar(x, y, yerr=[y - lo, hi - y], fmt="o", capsize=3, label=era)
        for xi, n in zip(x, s["n"].fillna(0).astype(int)):
            ax.annotate(f"n={n}", (xi, 0.02), ha="center", fontsize=7)
    ax.set_xticks(np.arange(len(TYPES)), TYPES)
    ax.set_ylim(0, 1.05)
    ax.set_ylabel("share of opportunities honored")
    ax.set_title(f"Alliance fulfillment by obligation and era (scheme {scheme}; 95% Wilson intervals)")
    ax.legend(title="era")
    save_figure(fig, path, synthetic=synthetic)


def _scheme(opps: pd.DataFrame, scheme: str, data_dir, out: Path, synthetic: bool, figure: bool) -> dict:
    coded = ff.code_outcomes(opps, scheme=scheme)
    table = coded[coded["status"] != "excluded"].reset_index(drop=True)
    write_text_atomic(out / f"opportunities_{scheme}.csv",
                      table.to_csv(index=False, lineterminator="\n", date_format="%Y-%m-%d"))
    write_parquet(table, out / f"opportunities_{scheme}.parquet", {"analysis": "fulfillment", "scheme": scheme})
    rates = ff.fulfillment_rates(coded, n_boot=N_BOOT, seed=SEED)
    write_table(rates.table, out / f"rates_{scheme}", caption=f"Alliance fulfillment rates ({scheme})")
    if figure:
        _figure(rates.table, out / "rates_by_type_era", synthetic, scheme)
    res = {"scheme": scheme, **_named(rates.table)}
    st = table["status"].value_counts()
    fs = table[table["obligation"].isin(TYPES)]
    res["n_opportunities"] = int(fs["status"].isin(["honored", "violated"]).sum())
    res["n_honored"] = int((fs["status"] == "honored").sum())
    res["n_violated"] = int((fs["status"] == "violated").sum())
    res["n_undecidable"] = int(st.get("undecidable", 0))
    res["n_consultation_recorded"] = int(st.get("not_coded", 0))
    res["n_excluded_candidates"] = int((coded["status"] == "excluded").sum())
    res["counts_by_type_status"] = {f"{o}_{s}": int(v) for (o, s), v in
                                    table.groupby(["obligation", "status"]).size().items()}
    und = ff.fulfillment_rates(coded, include_undecidable=True, n_boot=N_BOOT, seed=SEED)
    res["with_undecidable"] = _named(und.table)
    try:
        fit = ff.fit_determinants(coded, data_dir, cluster="warnum")
        write_table(fit.coef_table(), out / f"determinants_{scheme}",
                    caption=f"Logit of honoring, SEs clustered by war ({scheme})")
        res["determinants"] = fit.stats_dict()
        fit_a = ff.fit_determinants(coded, data_dir, cluster="atopid")
        res["determinants_cluster_alliance"] = fit_a.stats_dict()
    except ModelInputError as e:
        res["determinants_error"] = str(e)
    return res


def run(data_dir, out_dir, *, synthetic: bool = False) -> dict:
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    opps = ff.build_opportunities(data_dir)
    results = {"analysis": "fulfillment", "synthetic": synthetic, "n_boot": N_BOOT, "seed": SEED,
               "published": {"llm2000_rate_1816_1944": 0.745, "bf2018_rate_1816_2003": 0.50,
                             "bf2018_rate_pre1945": 0.66, "bf2018_rate_1945_2003": 0.22}}
    main = _scheme(opps, "llm", data_dir, out, synthetic, figure=True)
    results.update({k: v for k, v in main.items()})
    results["strict"] = _scheme(opps, "strict", data_dir, out, synthetic, figure=False)
    write_results(results, out / "results.json")
    return results


if __name__ == "__main__":
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data-dir", required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--synthetic", action="store_true")
    a = ap.parse_args()
    r = run(a.data_dir, a.out, synthetic=a.synthetic)
    print({k: r[k]["rate"] for k in ("rate_overall", "rate_1816_1944", "rate_1945_on") if k in r})
