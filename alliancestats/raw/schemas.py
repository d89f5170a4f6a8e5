"""The content schema of every table (rules in :mod:`.validate`), keyed by ``<family>_<table>``.

One entry serves every version of a family (``atop_member`` covers ATOP 5.0
and 5.1). A table without an entry gets the default :class:`Schema` (finite
numbers, exact duplicates). Ranges come from the codebooks' definitions:
counts, populations, spending and battle deaths are non-negative; CINC is a
share of the system total, in [0, 1].
"""
from __future__ import annotations

from .validate import Range, Schema

_ATOP_MEM = tuple(f"mem{i}" for i in range(1, 60))
_NONNEG = "a count or amount"

_NMC = Schema(
    codes=("ccode",), years=("year",), key=("ccode", "year"),
    ranges=(*(Range(c, 0, None, why=_NONNEG) for c in ("milex", "milper", "irst", "pec", "tpop", "upop")),
            Range("cinc", 0, 1, why="a share of the system total")),
)
_MID_EVENT = Schema(years=("styear", "endyear"), ranges=(Range("fatalpre", 0, None, why=_NONNEG),))
_MID_PART = Schema(codes=("ccode",), years=("styear", "endyear"), ranges=(Range("fatalpre", 0, None, why=_NONNEG),))
_DYAD_YEAR = Schema(codes=("ccode1", "ccode2"), years=("year",))
_WB_PERCENT = ("MS.MIL.XPND.GD.ZS",)
_SIPRI_SHARES = ("share_of_gdp",)

SCHEMAS: dict[str, Schema] = {
    # COW State System: the states table *defines* the code list, so it is not checked against itself
    "cow_states": Schema(years=("styear", "endyear")),
    "cow_system": Schema(codes=("ccode",), years=("year",), key=("ccode", "year")),
    "cow_majors": Schema(codes=("ccode",), years=("styear", "endyear")),
    "atop_alliance": Schema(codes=_ATOP_MEM, years=("begyr", "endyr")),
    "atop_alliance_nna": Schema(codes=_ATOP_MEM, years=("begyr", "endyr")),
    "atop_phase": Schema(codes=_ATOP_MEM, years=("begyr", "endyr")),
    "atop_member": Schema(codes=("ccode",), years=("yrent", "yrexit")),
    "atop_member_nna": Schema(codes=("ccode",), years=("yrent", "yrexit")),
    "atop_state_year": Schema(codes=("ccode",), years=("year",), key=("ccode", "year")),
    "atop_dyad_year": _DYAD_YEAR,
    "atop_directed_dyad_year": _DYAD_YEAR,
    # all_st_year is the year the treaty was first signed, which may precede the data (Anglo-Portuguese 1386,
    # 32 members of 4.1 before 1816); the membership spell is what the release covers
    "cow_alliance_member": Schema(codes=("ccode",), years=("all_end_year", "mem_st_year", "mem_end_year")),
    "cow_alliance_member_yearly": Schema(codes=("ccode",), years=("year", "mem_st_year", "mem_end_year"),
                                         key=("version4id", "ccode", "year")),
    "cow_alliance_dyad": Schema(codes=("ccode1", "ccode2"), years=("dyad_st_year", "dyad_end_year")),
    "cow_alliance_directed": Schema(codes=("ccode1", "ccode2"), years=("dyad_st_year", "dyad_end_year")),
    "cow_alliance_dyad_yearly": _DYAD_YEAR,
    "cow_alliance_directed_yearly": _DYAD_YEAR,
    "cow_mid_dispute": _MID_EVENT,
    "cow_mid_incident": _MID_EVENT,
    "cow_mid_participant": _MID_PART,
    "cow_mid_incident_participant": _MID_PART,
    "gml_mid_dispute": _MID_EVENT,
    "gml_mid_incident": _MID_EVENT,
    "gml_mid_participant": _MID_PART,
    "gml_mid_incident_participant": _MID_PART,
    "gml_mid_directed_dyad_year": _DYAD_YEAR,
    "gml_mid_dyad_year": _DYAD_YEAR,
    "cow_dyadic_mid_dyad_year": Schema(codes=("ccode1", "ccode2"), years=("year", "strtyr", "endyear")),
    "nmc_state_year": _NMC,
    "cow_contiguity_directed_dyad_year": Schema(codes=("ccode1", "ccode2"), years=("year",),
                                                key=("ccode1", "ccode2", "year"),
                                                ranges=(Range("conttype", 1, 5, why="contiguity types 1-5"),)),
    "cow_contiguity_dyad_interval": Schema(codes=("ccode1", "ccode2"),
                                           ranges=(Range("conttype", 1, 5, why="contiguity types 1-5"),)),
    "cow_war_participant": Schema(codes=("ccode",), years=("start_year1", "end_year1", "start_year2", "end_year2"),
                                  ranges=(Range("bat_death", 0, None, why=_NONNEG),)),
    "cow_war_directed_dyad_year": Schema(codes=("ccode1", "ccode2"), years=("year",),
                                         ranges=tuple(Range(c, 0, None, why=_NONNEG)
                                                      for c in ("batdtha", "batdthb", "batdths"))),
    "sipri_milex_country_year": Schema(
        codes=("ccode",), years=("year",),
        ranges=(Range("value", 0, 2, when=("series", _SIPRI_SHARES),
                      why="a fraction of GDP; above 1 only in war economies such as Kuwait 1991 (1.17)"),
                Range("value", 0, 1, when=("series", ("share_of_govt_spending",)),
                      why="a fraction of government spending"),
                Range("value", 0, None, why=_NONNEG))),
    "sipri_milex_region_year": Schema(years=("year",), ranges=(Range("value", 0, None, why=_NONNEG),)),
    "nato_defexp_country_year": Schema(
        codes=("ccode",), years=("year",),
        ranges=(Range("value", 0, 100, when=("series", ("defexp_share_real_gdp", "share_equipment", "share_personnel",
                                                        "share_infrastructure", "share_other")),
                      why="a percentage"),
                Range("value", 0, None, when=("series", ("defexp_ncu_current", "defexp_ncu_const2015",
                                                         "defexp_usd_current", "defexp_usd_const2015",
                                                         "gdp_usd_current", "gdp_usd_const2015",
                                                         "gdp_per_capita_const2015", "defexp_per_capita_const2015",
                                                         "military_personnel")),
                      why=_NONNEG))),
    "worldbank_wdi_country_year": Schema(
        codes=("ccode",), years=("year",),
        ranges=(Range("value", 0, 200, when=("indicator", _WB_PERCENT),
                      why="percent of GDP; above 100 only in war economies such as Kuwait 1991 (117)"),
                Range("value", 0, None, why=_NONNEG))),
    "maddison_country_year": Schema(codes=("ccode",), years=("year",), key=("countrycode", "year"),
                                    ranges=tuple(Range(c, 0, None, why=_NONNEG) for c in ("gdppc", "pop", "gdp"))),
}


def schema_for(family: str, table: str) -> Schema:
    """The schema of ``<family>_<table>`` (default: finite numbers and exact duplicates only)."""
    return SCHEMAS.get(f"{family}_{table}", Schema())
