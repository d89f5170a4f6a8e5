"""Burden sharing in alliances: harmonized economics, alliance-year membership, Olson-Zeckhauser tests, panels.

- :mod:`.economics`: country-year military spending, GDP and burden from
  SIPRI, NATO, World Bank, Maddison and NMC, with a documented "best
  available" precedence (:func:`country_year_economics`).
- :mod:`.membership`: members of each alliance in each year (ATOP, COW) and
  named alliances (:data:`NAMED`: NATO, Rio, Warsaw Pact, ANZUS, ...).
- :mod:`.oz`: Olson & Zeckhauser (1966) rank correlations with exact /
  permutation p-values and Fisher-z intervals (:func:`oz_test`).
- :mod:`.oz_design`: the rank test as O&Z ran it: member rule (members with
  armed forces), size and burden sources as arguments, sensitivity table,
  leave-one-out (:func:`oz_rank_test`, :func:`oz_sensitivity`).
- :mod:`.shares`: shares of alliance spending vs GDP, exploitation ratio,
  allies' spending (spill-in).
- :mod:`.threat`: a state-specific threat measure from MID opponents.
- :mod:`.panel`: fixed-effects panel models (linearmodels, CR2 clustered
  errors): burden on GDP share; the contemporaneous spill-in model, refused
  where it is an accounting identity.
- :mod:`.leader_follower`: free riding as the followers' response to the
  leader's spending growth (Plümper & Neumayer 2015).
- :mod:`.influence`: leave-one-member-out and period-split estimates.
- :mod:`.simulate`: size and power of the models by simulation.
"""
from .economics import CONCEPTS, PRECEDENCE, Economics, country_year_economics, war_years
from .influence import influence_summary, leave_one_out, period_split
from .leader_follower import (PN_LEADER, PN_PERIOD, PN_RIVAL, fit_leader_follower, leader_follower_data,
                              leader_follower_panel, member_responses, rival_excess_growth)
from .membership import NAMED, alliance_years, named_alliance_years
from .oz import OZResult, fisher_interval, kendall_tau_b, oz_test, permutation_pvalue, spearman
from .oz_design import (BURDEN_SOURCES, MEMBER_RULES, OZ_1966_TABLE1, SIZE_SOURCES, armed_forces_status,
                        military_personnel, oz_leave_one_out, oz_member_data, oz_rank_test, oz_sensitivity)
from .panel import (Design, PanelResult, fit_burden_gdp_share, fit_design, fit_panel, fit_spill_in,
                    spill_in_is_identity)
from .shares import alliance_economics, burden_shares, share_summary, spill_in
from .simulate import rejection_rate, simulate_alliance
from .threat import mid_threat

__all__ = [
    "CONCEPTS", "PRECEDENCE", "Economics", "country_year_economics", "war_years", "NAMED", "alliance_years",
    "named_alliance_years", "OZResult", "fisher_interval", "kendall_tau_b", "oz_test", "permutation_pvalue",
    "spearman", "PanelResult", "fit_burden_gdp_share", "fit_panel", "fit_spill_in", "alliance_economics",
    "burden_shares", "share_summary", "spill_in", "mid_threat",
    "influence_summary", "leave_one_out", "period_split", "PN_LEADER", "PN_PERIOD", "PN_RIVAL",
    "fit_leader_follower", "leader_follower_data", "leader_follower_panel", "member_responses",
    "rival_excess_growth", "BURDEN_SOURCES", "MEMBER_RULES", "OZ_1966_TABLE1", "SIZE_SOURCES",
    "armed_forces_status", "military_personnel", "oz_leave_one_out", "oz_member_data", "oz_rank_test",
    "oz_sensitivity", "Design", "fit_design", "spill_in_is_identity", "rejection_rate", "simulate_alliance",
]
