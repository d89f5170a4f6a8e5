"""Units of analysis: state-years and dyad-years, and verbs that attach data to them.

Every verb takes a frame and returns a new one, so they chain::

    import alliancestats as als
    ddy = (als.create_dyad_years(directed=True)
             .pipe(als.add_alliances, source="atop")
             .pipe(als.add_disputes, source="gml")
             .pipe(als.add_capabilities)
             .pipe(als.add_contiguity)
             .pipe(als.add_major_powers)
             .pipe(als.add_peace_years, event="gmlmidongoing"))
"""
from ._frame import panel_info, set_panel_info
from .accessor import PanelSummary, panel_summary  # also registers df.als / df.alliancestats
from .add_alliance_similarity import add_alliance_similarity, explain_alliance_similarity
from .add_alliances import add_alliances, alliance_dyad_years
from .add_capabilities import add_capabilities
from .add_capital_distance import add_capital_distance, explain_capital_distance
from .add_challenger_alliances import add_challenger_alliances, explain_challenger_alliances
from .add_contiguity import add_contiguity
from .add_democracy import add_democracy, add_joint_democracy, add_weak_link
from .add_disputes import add_disputes, dispute_dyad_years
from .add_gdp import add_gdp
from .add_major_powers import add_major_powers
from .add_minimum_distance import add_minimum_distance
from .add_peace_years import PeaceSpline, add_peace_years
from .add_wars import add_wars
from .create_dyad_years import create_dyad_years
from .create_state_years import create_state_years
from .explain import explain
from .filter_politically_relevant import filter_politically_relevant
from .standard import standard_dyad_years

__all__ = [
    "panel_info", "set_panel_info", "panel_summary", "PanelSummary", "add_alliances", "alliance_dyad_years", "add_capabilities", "add_contiguity",
    "add_disputes", "dispute_dyad_years", "add_major_powers", "PeaceSpline", "add_peace_years", "add_wars",
    "create_dyad_years", "create_state_years", "explain", "filter_politically_relevant",
    "add_challenger_alliances", "explain_challenger_alliances", "standard_dyad_years",
    "add_capital_distance", "explain_capital_distance", "add_minimum_distance", "add_democracy",
    "add_joint_democracy", "add_weak_link", "add_gdp", "add_alliance_similarity",
    "explain_alliance_similarity",
]
