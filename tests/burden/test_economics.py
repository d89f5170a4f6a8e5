"""Economics table on hand-built source tables: unit conversions, precedence, NMC pounds, unmapped names."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from alliancestats.burden.economics import GBP_USD_MINT_PAR, country_year_economics
from alliancestats.errors import MissingDataError, OptionError


def _t(df, ds):
    df.attrs["provenance"] = {"dataset_id": ds}
    return df


def _tables():
    sipri = pd.DataFrame({
        "ccode": pd.array([2, 2, 2, 2, 2, 395, None], dtype="Int16"),
        "country": ["USA", "USA", "USA", "USA", "USA", "Iceland", "European Union"],
        "year": pd.array([2015, 2015, 2015, 2016, 2016, 2015, 2015], dtype="Int16"),
        "series": ["current_usd_m", "share_of_gdp", "constant_2023_usd_m", "current_usd_m", "share_of_gdp",
                   "current_usd_m", "current_usd_m"],
        "value": [600.0, 0.03, 700.0, 610.0, 0.031, 0.0, 200.0],
        "flag": [None, "estimate", None, None, None, None, None],
    })
    nato = pd.DataFrame({
        "ccode": pd.array([2, 2, 2, 2], dtype="Int16"), "country": ["United States"] * 4,
        "year": pd.array([2015, 2017, 2017, 2017], dtype="Int16"),
        "series": ["defexp_share_real_gdp", "defexp_share_real_gdp", "gdp_usd_current", "defexp_usd_current"],
        "value": [3.5, 3.2, 20000.0, 640.0], "estimate": pd.array([False, True, True, True], dtype="boolean"),
    })
    wb = pd.DataFrame({
        "ccode": pd.array([2, 2, 395, 2, None], dtype="Int16"),
        "country": ["United States", "United States", "Iceland", "United States", "Puerto Rico"],
        "indicator": ["NY.GDP.MKTP.CD", "MS.MIL.XPND.GD.ZS", "NY.GDP.MKTP.CD", "SP.POP.TOTL", "NY.GDP.MKTP.CD"],
        "year": pd.array([2015, 2014, 2015, 2015, 2015], dtype="Int16"),
        "value": [18e12, 3.3, 17e9, 320e6, 1e11],
    })
    mad = pd.DataFrame({"ccode": pd.array([2], dtype="Int16"), "country": ["United States"],
                        "year": pd.array([2015], dtype="Int16"), "gdppc": [55000.0], "pop": [320000.0],
                        "gdp": [55000.0 * 320000.0 * 1000]})
    nmc = pd.DataFrame({"ccode": pd.array([200] * 4, dtype="Int16"),
                        "year": pd.array([1850, 1870, 1900, 1914], dtype="Int16"),
                        "milex": pd.array([10000.0, 20000.0, 30000.0, 400000.0], dtype="Float64"),
                        "milex_currency": pd.Categorical(["GBP", "GBP", "GBP", "USD"]),
                        "tpop": pd.array([20000.0, np.nan, 40000.0, 45000.0], dtype="Float64")})
    return {"sipri_milex_2025_country_year": _t(sipri, "sipri_milex_2025"),
            "nato_defexp_2024_country_year": _t(nato, "nato_defexp_2024"),
            "worldbank_wdi_2018_country_year": _t(wb, "worldbank_wdi_2018"),
            "maddison_2020_country_year": _t(mad, "maddison_2020"),
            "nmc_6_0_state_year": _t(nmc, "nmc_6_0")}


@pytest.fixture
def econ():
    tabs = _tables()

    def loader(tid):
        if tid not in tabs:
            raise MissingDataError(tid)
        return tabs[tid].copy()
    return country_year_economics(loader=loader)


def _val(e, series, ccode, year):
    d = e.data
    r = d[(d["series"] == series) & (d["ccode"] == ccode) & (d["year"] == year)]
    assert len(r) == 1, (series, ccode, year)
    return r.iloc[0]


def test_unit_conversions(econ):
    # inputs are the fixture's raw values above (NATO 3.5 % of real GDP, WDI 3.3 % of GDP, ...) in the target units
    assert _val(econ, "nato_share_real_gdp", 2, 2015)["value"] == pytest.approx(0.035)
    assert _val(econ, "wdi2018_milex_pct_gdp", 2, 2014)["value"] == pytest.approx(0.033)
    assert _val(econ, "wdi2018_gdp_current_usd", 2, 2015)["value"] == pytest.approx(18e6)
    assert _val(econ, "wdi2018_population", 2, 2015)["value"] == pytest.approx(320e3)
    assert _val(econ, "maddison_gdp", 2, 2015)["value"] == pytest.approx(55000 * 320000 * 1000 / 1e6)
    # SIPRI-implied GDP = 600 / 0.03; flag carried from the share's "estimate"
    r = _val(econ, "sipri_implied_gdp_current_usd_m", 2, 2015)
    assert r["value"] == pytest.approx(20000.0) and r["flag"] == "estimate;derived"
    assert _val(econ, "sipri_implied_gdp_constant_usd_m", 2, 2015)["value"] == pytest.approx(700 / 0.03)
    assert _val(econ, "nato_defexp_usd_current", 2, 2017)["flag"] == "estimate"


def test_nmc_pounds(econ):
    # 1850 and 1900: gold standard years, converted at the mint par; 1870 (greenbacks) is not
    r = _val(econ, "nmc_milex_usd", 200, 1900)
    assert r["value"] == pytest.approx(30.0 * GBP_USD_MINT_PAR) and r["flag"] == "gbp_at_mint_par"
    assert _val(econ, "nmc_milex_usd", 200, 1850)["value"] == pytest.approx(10.0 * 4.8665)
    d = econ.data
    assert d[(d["series"] == "nmc_milex_usd") & (d["year"] == 1870)].empty
    assert _val(econ, "nmc_milex_gbp", 200, 1870)["value"] == pytest.approx(20.0)
    assert _val(econ, "nmc_milex_usd", 200, 1914)["value"] == pytest.approx(400.0)
    assert pd.isna(_val(econ, "nmc_milex_usd", 200, 1914)["flag"])
    assert d[(d["series"] == "nmc_milex_gbp") & (d["year"] == 1914)].empty


def test_precedence_best_available(econ):
    b = econ.best("burden").set_index(["ccode", "year"])
    assert b.loc[(2, 2015), "series"] == "sipri_share_of_gdp" and b.loc[(2, 2015), "value"] == pytest.approx(0.03)
    assert b.loc[(2, 2017), "series"] == "nato_share_real_gdp"
    assert b.loc[(2, 2014), "series"] == "wdi2018_milex_pct_gdp"
    # Iceland: SIPRI spending is a true 0, no share printed: derived 0 / WDI GDP
    assert b.loc[(395, 2015), "series"] == "derived_milex_over_gdp" and b.loc[(395, 2015), "value"] == 0.0
    g = econ.best("gdp_current_usd_m").set_index(["ccode", "year"])
    assert g.loc[(2, 2015), "series"] == "wdi2018_gdp_current_usd"
    assert g.loc[(2, 2016), "series"] == "sipri_implied_gdp_current_usd_m"
    assert g.loc[(2, 2016), "value"] == pytest.approx(610 / 0.031)
    # a user precedence restricted to one source
    only = econ.best("burden", precedence=["nato_share_real_gdp"])
    assert set(only["year"]) == {2015, 2017}
    with pytest.raises(OptionError, match="maddison_gdp"):
        econ.best("burden", precedence=["maddison_gdp"])


def test_no_value_outside_coverage_and_wide(econ):
    w = econ.wide(["burden", "gdp_real_2011_intl_m"]).set_index(["ccode", "year"])
    assert np.isnan(w.loc[(2, 2016), "gdp_real_2011_intl_m"])  # Maddison has no 2016 row: NA, not 0
    assert w.loc[(2, 2015), "burden_series"] == "sipri_share_of_gdp"


def test_unmapped_names_reported(econ):
    u = econ.unmapped
    assert set(u["country"]) == {"European Union", "Puerto Rico"}
    assert econ.data["ccode"].notna().all()


def test_check_units_flags_wartime(econ):
    e = econ
    e.data.loc[len(e.data)] = [690, 1991, "burden", "sipri_share_of_gdp", "x", "fraction", 1.17, pd.NA]
    e.data.loc[len(e.data)] = [93, 1990, "burden", "sipri_share_of_gdp", "x", "fraction", 1.03, pd.NA]
    bad = e.check_units(wartime=pd.DataFrame({"ccode": [690], "year": [1990]}))
    got = dict(zip(bad["ccode"].astype(int), bad["wartime"]))
    assert got == {690: True, 93: False}
