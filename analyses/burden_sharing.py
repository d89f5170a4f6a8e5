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
- ``panel_models.{csv,tex,md}``: (1) burden (% GDP) on share of alliance GDP,
  (2) spill-in model: log spending on log allies' spending,
  log(1 + MID-opponents' spending), log GDP; both PanelOLS with member and
  year effects, SEs clustered by member;
- ``results.json``: ``oz_spearman_<alliance>_<year>`` (and ``_p``, ``_ci``,
  ``oz_kendall_...``, ``oz_n_...``) for NATO and the other named alliances
  with at least 3 members, panel coefficients with SEs, coverage counts and
  the unit checks.

In synthetic mode (the sample world has no NATO) the alliance studied is the
ATOP defense pact with the most member-years, named ``atop<id>``.
"""
from __future__ import annotations

import argparse
from pathlib import Path

import numpy as np
import pandas as pd

from alliancestats import burden as bs
from alliancestats.models.binary import ModelInputError
from alliancestats.outputs import new_figure, save_figure, write_results, write_table
from alliancestats.store import load

SEED = 20240601
N_PERM = 9999
OTHER_ALLIANCES = ("rio", "warsaw_pact", "anzus", "seato", "us_asia_bilaterals")
SCATTER_YEAR = 1964


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
    save_figure(fig, stem, synthetic=synthetic)


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
    save_figure(fig, stem, synthetic=synthetic)


def run(data_dir, out_dir, *, synthetic: bool = False, scatter_year: int = SCATTER_YEAR, n_perm: int = N_PERM,
        others: tuple[str, ...] = OTHER_ALLIANCES) -> dict:
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
    write_table(econ.unmapped, out_dir / "unmapped_country_names")
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
    ae = bs.alliance_economics(members, econ)
    write_table(ae, out_dir / "member_years")
    oz = bs.oz_test(ae, size="gdp", burden="burden", n_perm=n_perm, seed=SEED)
    write_table(oz.table, out_dir / "oz_by_year", caption=f"Olson-Zeckhauser rank correlations, {label}")
    res.update(oz.stats_dict())
    _oz_figure(oz.table, label, out_dir / f"oz_spearman_{main_name}", synthetic)
    # --- other named alliances
    if not synthetic:
        for name in others:
            m = bs.named_alliance_years(name, data_dir=data_dir)
            oz_o = bs.oz_test(bs.alliance_economics(m, econ), n_perm=n_perm, seed=SEED)
            res.update(oz_o.stats_dict())
            write_table(oz_o.table, out_dir / f"oz_by_year_{name}")
    t = oz.table
    # headline summaries over alliance-years with data for every member (incomplete years rank a subset)
    ok = t.dropna(subset=["spearman"])
    ok = ok[ok["complete"].astype(bool)]
    res["oz_years"] = [int(ok["year"].min()), int(ok["year"].max())] if len(ok) else None
    res["oz_spearman_mean"] = float(ok["spearman"].mean()) if len(ok) else None
    res["oz_share_positive"] = float((ok["spearman"] > 0).mean()) if len(ok) else None
    res["oz_share_significant_05"] = float((ok["spearman_p"] < 0.05).mean()) if len(ok) else None
    # --- shares and scatter
    sh = bs.burden_shares(ae)
    years = sorted(sh["year"].unique())
    year = scatter_year if scatter_year in years else int(years[len(years) // 2])
    res["scatter_year"] = int(year)
    sub = sh[sh["year"] == year].sort_values("gdp", ascending=False, kind="stable")
    write_table(sub[["ccode", "gdp", "milex", "burden", "share_gdp", "share_milex", "exploitation_ratio",
                     "pays_more", "gdp_series", "milex_series", "burden_series"]],
                out_dir / f"shares_{main_name}_{year}")
    _scatter(sub, label, year, _stateabb(data_dir), out_dir / f"scatter_{main_name}_{year}", synthetic)
    summ = bs.share_summary(sh)
    write_table(summ, out_dir / f"share_summary_{main_name}")
    comp = summ[summ["complete"]]
    res["n_pays_more"] = {f"{main_name}_{int(r.year)}": int(r.n_pays_more) for r in comp.itertuples()}
    res["largest_exploitation_ratio"] = {f"{main_name}_{int(r.year)}": r.largest_exploitation_ratio
                                         for r in comp.itertuples()}
    # --- panel models
    sh = bs.spill_in(sh)
    sh = bs.mid_threat(sh, econ.best("milex_current_usd_m"), data_dir=data_dir)
    fits, res["errors"] = [], {}
    for key, fn in (("burden_gdp_share", bs.fit_burden_gdp_share), ("spill_in", bs.fit_spill_in)):
        try:
            fits.append((key, fn(sh)))
        except ModelInputError as exc:
            res["errors"][f"panel_{key}"] = str(exc)
    rows = []
    for key, m in fits:
        res[f"panel_{key}"] = m.stats_dict()
        for r in m.coef_table().itertuples():
            res[f"panel_{key}_{r.term}"] = r.estimate
            res[f"panel_{key}_{r.term}_se"] = r.std_error
        rows.append(m.coef_table().assign(model=m.name, n_obs=m.n_obs, n_entities=m.n_entities,
                                          r2_within=m.r2_within))
        res[f"panel_{key}_notes"] = m.notes
    tab = pd.concat(rows, ignore_index=True) if rows else pd.DataFrame(
        columns=["model", "term", "estimate", "std_error", "t", "p_value", "conf_low", "conf_high", "n_obs",
                 "n_entities", "r2_within"])
    write_table(tab[["model", "term", "estimate", "std_error", "t", "p_value", "conf_low", "conf_high", "n_obs",
                     "n_entities", "r2_within"]], out_dir / "panel_models",
                caption=f"Burden-sharing panel models, {label}",
                note="PanelOLS with member and year fixed effects; SEs clustered by member.")
    write_results(res, out_dir / "results.json")
    return res


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data-dir", required=True, help="processed data directory")
    ap.add_argument("--out", required=True, help="output directory")
    ap.add_argument("--synthetic", action="store_true", help="synthetic sample world (no NATO in it)")
    ap.add_argument("--scatter-year", type=int, default=SCATTER_YEAR)
    a = ap.parse_args(argv)
    res = run(a.data_dir, a.out, synthetic=a.synthetic, scatter_year=a.scatter_year)
    k = f"oz_spearman_{res['alliance']}_{res['scatter_year']}"
    print(f"{k} = {res.get(k)}; panel burden on GDP share: {res.get('panel_burden_gdp_share_share_gdp')} "
          f"(SE {res.get('panel_burden_gdp_share_share_gdp_se')}); errors: {res['errors']}")


if __name__ == "__main__":
    main()
