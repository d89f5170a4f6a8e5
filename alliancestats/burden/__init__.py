"""Burden sharing in alliances: harmonized economics, alliance-year membership, Olson-Zeckhauser tests, panels.

- :mod:`.economics`: country-year military spending, GDP and burden from
  SIPRI, NATO, World Bank, Maddison and NMC, with a documented "best
  available" precedence (:func:`country_year_economics`).
- :mod:`.membership`: members of each alliance in each year (ATOP, COW) and
  named alliances (:data:`NAMED`: NATO, Rio, Warsaw Pact, ANZUS, ...).
- :mod:`.oz`: Olson & Zeckhauser (1966) rank correlations with exact /
  permutation p-values and Fisher-z intervals (:func:`oz_test`).
- :mod:`.shares`: shares of alliance spending vs GDP, exploitation ratio,
  allies' spending (spill-in).
- :mod:`.threat`: a state-specific threat measure from MID opponents.
- :mod:`.panel`: two-way fixed-effects models with linearmodels.
"""
from .economics import CONCEPTS, PRECEDENCE, Economics, country_year_economics, war_years
from .membership import NAMED, alliance_years, named_alliance_years
from .oz import OZResult, fisher_interval, kendall_tau_b, oz_test, permutation_pvalue, spearman
from .panel import PanelResult, fit_burden_gdp_share, fit_panel, fit_spill_in
from .shares import alliance_economics, burden_shares, share_summary, spill_in
from .threat import mid_threat

__all__ = [
    "CONCEPTS", "PRECEDENCE", "Economics", "country_year_economics", "war_years", "NAMED", "alliance_years",
    "named_alliance_years", "OZResult", "fisher_interval", "kendall_tau_b", "oz_test", "permutation_pvalue",
    "spearman", "PanelResult", "fit_burden_gdp_share", "fit_panel", "fit_spill_in", "alliance_economics",
    "burden_shares", "share_summary", "spill_in", "mid_threat",
]
