"""Country crosswalk: hand-checked mappings, year rules, reports."""
import pandas as pd
import pytest

from alliancestats.raw.crosswalk import (NOT_A_STATE, NOT_LISTED, OUT_OF_YEARS, ccode_to_iso3, crosswalk,
                                            iso3_to_ccode, name_to_ccode, unmapped_notes)


def test_table_loads_from_package_data_and_is_unambiguous():
    cw = crosswalk()
    assert len(cw) > 400
    assert str(cw["ccode"].dtype) == "Int16"
    assert set(cw["kind"]) == {"iso3", "name"}


@pytest.mark.parametrize("iso,year,cc", [
    ("USA", 2000, 2), ("GBR", 1950, 200), ("TWN", 2000, 713), ("XKX", 2010, 347),
    ("RUS", 1992, 365), ("RUS", 1991, None), ("SUN", 1991, 365), ("SUN", 1992, None),
    ("DEU", 1938, 255), ("DEU", 1970, None), ("DEU", 1990, 255), ("DDR", 1970, 265),
    ("CSK", 1992, 315), ("CZE", 1992, None), ("CZE", 1993, 316), ("SVK", 1993, 317),
    ("YUG", 1991, 345), ("SRB", 2005, None), ("SRB", 2006, 345), ("MNE", 2007, 341),
    ("YEM", 1989, None), ("YEM", 1990, 679), ("YMD", 1980, 680),
    ("VNM", 1975, None), ("VNM", 1976, 816), ("PAK", 1971, None), ("PAK", 1972, 770),
])
def test_iso3_year_rules(iso, year, cc):
    got = iso3_to_ccode(pd.Series([iso]), year=year)
    assert str(got.dtype) == "Int16"
    assert (pd.isna(got.iat[0]) if cc is None else got.iat[0] == cc)


def test_iso3_without_year_uses_the_single_ccode_and_lowercase_works():
    assert iso3_to_ccode(["rus", "DEU", "SUN", "usa"]).tolist() == [365, 255, 365, 2]


def test_source_specific_rows_override_generic():
    # Maddison 'Sudan (Former)' includes South Sudan after 2010; WB SDN does not
    assert pd.isna(iso3_to_ccode(["SDN"], year=2015, source="maddison").iat[0])
    assert iso3_to_ccode(["SDN"], year=2015, source="worldbank").iat[0] == 625
    assert iso3_to_ccode(["SDN"], year=2005, source="maddison").iat[0] == 625


def test_sipri_names_follow_sipri_entities():
    names = ["Germany", "Germany", "German Democratic Republic", "USSR", "Russia", "Russia",
             "Serbia", "Yugoslavia", "Yemen, North", "Türkiye", "Turkiye ", "Cote d'Ivoire", "Côte d’Ivoire",
             "Korea, South", "Congo, DR", "Taiwan", "Kosovo"]
    years = [1980, 1995, 1980, 1988, 1990, 1995, 2000, 1980, 1980, 2000, 2000, 2000, 2000, 2000, 2000, 2000, 2010]
    got = name_to_ccode(names, source="sipri", year=years)
    want = [260, 255, 265, 365, None, 365, 345, 345, 678, 640, 640, 437, 437, 732, 490, 713, 347]
    assert [None if pd.isna(g) else int(g) for g in got] == want


def test_report_explains_each_unmapped_key():
    cc, rep = iso3_to_ccode(pd.Series(["ABW", "WLD", "RUS", "RUS", "USA"]), year=pd.Series([2000, 2000, 1990, 1991, 2000]),
                            report=True)
    assert cc.isna().tolist() == [True, True, True, True, False]
    r = rep.set_index("key")
    assert r.loc["ABW", "reason"] == NOT_A_STATE
    assert r.loc["WLD", "reason"] == NOT_LISTED
    assert r.loc["RUS", "reason"] == OUT_OF_YEARS
    assert (r.loc["RUS", "rows"], r.loc["RUS", "first_year"], r.loc["RUS", "last_year"]) == (2, 1990, 1991)
    notes = unmapped_notes(rep, "codes")
    assert any("RUS (1990-1991, 2 rows)" in n for n in notes)


def test_eu_is_explicitly_not_a_state():
    cc, rep = name_to_ccode(["European Union"], source="sipri", year=2023, report=True)
    assert pd.isna(cc.iat[0]) and rep["reason"].iat[0] == NOT_A_STATE


def test_ccode_to_iso3_inverse():
    got = ccode_to_iso3([365, 365, 2, 260, 255, 316], year=[1980, 2000, 2000, 1980, 2000, 2000])
    assert got.iloc[:3].tolist() == ["SUN", "RUS", "USA"] and pd.isna(got.iat[3])
    assert got.iloc[4:].tolist() == ["DEU", "CZE"]
    assert ccode_to_iso3([365, 2]).tolist() == ["RUS", "USA"]
