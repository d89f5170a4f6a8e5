"""Covariate verbs on a hand-built world: capital distance, minimum distance, democracy, GDP."""
from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

import alliancestats as als
from alliancestats.errors import AllianceStatsError, MissingDataError
from alliancestats.panels import set_panel_info
from alliancestats.panels.add_capital_distance import EARTH_RADIUS_KM, capital_years, haversine_km
from alliancestats.store import write_parquet

D = pd.Timestamp
R = EARTH_RADIUS_KM

WASHINGTON = (38.895037, -77.036543)
OTTAWA = (45.420878, -75.690111)


def _write(ddir, table_id, dataset_id, df):
    write_parquet(df, ddir / f"{table_id}.parquet", {"dataset_id": dataset_id, "table_id": table_id, "known_release": True})


@pytest.fixture
def world(tmp_path):
    ddir = tmp_path / "processed"
    ddir.mkdir()
    caps = pd.DataFrame([
        (2, "Washington", "1816-01-01", "2024-12-31", *WASHINGTON),
        (20, "Ottawa", "1867-01-01", "2024-12-31", *OTTAWA),
        # 300 moves on 1903-05-01 from (0, 0) to (0, 10): 120 days at A, 245 days at B in 1903
        (300, "A", "1816-01-01", "1903-04-30", 0.0, 0.0),
        (300, "B", "1903-05-01", "2024-12-31", 0.0, 10.0),
        # 400's first capital starts mid-year; 200 has no capital record before 1902
        (400, "C", "1902-06-01", "2024-12-31", 90.0, 0.0),
        (200, "E", "1902-01-01", "2024-12-31", 0.0, 0.0),
    ], columns=["ccode", "capital", "stdate", "enddate", "lat", "lng"])
    caps["ccode"] = caps["ccode"].astype("Int16")
    for c in ("stdate", "enddate"):
        caps[c] = pd.to_datetime(caps[c]).astype("datetime64[s]")
    caps["statenme"] = caps["capital"]
    caps["source_line"] = np.arange(1, len(caps) + 1, dtype="int32")
    _write(ddir, "peacesciencer_capitals_1_2_cow_capitals", "peacesciencer_capitals_1_2", caps)
    md = pd.DataFrame([(2, 20, 1886, 0.0), (2, 20, 1887, 0.0), (2, 300, 1886, 5000.5), (2, 300, 1887, 5001.0)],
                      columns=["ccode1", "ccode2", "year", "mindist"]).astype({"ccode1": "Int16", "ccode2": "Int16",
                                                                              "year": "Int16"})
    _write(ddir, "peacesciencer_mindist_1_2_cow_mindist", "peacesciencer_mindist_1_2", md)
    dem = pd.DataFrame([(2, 2016, 9.0, 0.9, 1.5), (2, 2020, 8.0, 0.85, 1.4), (20, 2016, 10.0, 0.88, 1.6),
                        (20, 2020, np.nan, 0.87, 1.6), (300, 2016, 5.0, 0.4, 0.1), (300, 2020, -7.0, 0.1, -1.0)],
                       columns=["ccode", "year", "polity2", "v2x_polyarchy", "xm_qudsest"])
    dem = dem.astype({"ccode": "Int16", "year": "Int16", "polity2": "Float64", "v2x_polyarchy": "Float64",
                      "xm_qudsest": "Float64"})
    _write(ddir, "peacesciencer_democracy_1_1_ccode_democracy", "peacesciencer_democracy_1_1", dem)
    gdp = pd.DataFrame([(2, 2016, 30.5, 19.6, 30.0, 10.9), (20, 2016, 28.0, 17.4, 27.0, 10.6)],
                       columns=["ccode", "year", "wbgdp2011est", "wbpopest", "sdpest", "wbgdppc2011est"])
    gdp = gdp.astype({"ccode": "Int16", "year": "Int16"})
    _write(ddir, "peacesciencer_sdp_gdp_1_1_cow_sdp_gdp", "peacesciencer_sdp_gdp_1_1", gdp)
    cd = pd.DataFrame([(2, "USA", 20, "CAN", 731, 456), (20, "CAN", 2, "USA", 731, 456),
                       (2, "USA", 300, "X", 100, 62), (300, "X", 2, "USA", 100, 62)],
                      columns=["numa", "ida", "numb", "idb", "kmdist", "midist"]).astype(
        {"numa": "Int16", "numb": "Int16", "kmdist": "Int32", "midist": "Int32"})
    _write(ddir, "gleditsch_capdist_dyad", "gleditsch_capdist", cd)
    return ddir


def frame(ddir, rows, directed=True, unit="dyad_year"):
    cols = ["ccode1", "ccode2", "year"] if unit == "dyad_year" else ["ccode", "year"]
    df = pd.DataFrame(rows, columns=cols).astype("int16")
    return set_panel_info(df, unit=unit, directed=directed if unit == "dyad_year" else None, data_dir=ddir)


def law_of_cosines_km(a, b):
    """Independent great-circle formula (spherical law of cosines) for the hand check."""
    p1, l1, p2, l2 = map(math.radians, (*a, *b))
    return R * math.acos(math.sin(p1) * math.sin(p2) + math.cos(p1) * math.cos(p2) * math.cos(l2 - l1))


def test_haversine_known_values():
    # a quarter meridian and 10 degrees of the equator are R*pi/2 and R*10*pi/180
    assert haversine_km(0.0, 0.0, 90.0, 0.0) == pytest.approx(R * math.pi / 2, rel=1e-12)
    assert haversine_km(0.0, 0.0, 0.0, 10.0) == pytest.approx(R * math.radians(10), rel=1e-12)
    assert haversine_km(0.0, 0.0, 0.0, 180.0) == pytest.approx(R * math.pi, rel=1e-12)  # antipodes
    assert math.isnan(haversine_km(np.nan, 0.0, 0.0, 10.0))
    # Washington - Ottawa: 734.0 km on the sphere (Gleditsch's capdist.csv has 731)
    d = float(haversine_km(*WASHINGTON, *OTTAWA))
    assert d == pytest.approx(law_of_cosines_km(WASHINGTON, OTTAWA), rel=1e-9)
    assert 730 < d < 738


def test_capital_distance_directed_and_non_directed_agree(world):
    rows = [(2, 20, 1900), (20, 2, 1900), (2, 300, 1903), (300, 2, 1903), (2, 200, 1901), (200, 2, 1901)]
    out = als.add_capital_distance(frame(world, rows))
    d = dict(zip(zip(out.ccode1, out.ccode2, out.year), out.capdist))
    expected = law_of_cosines_km(WASHINGTON, OTTAWA)
    assert d[(2, 20, 1900)] == pytest.approx(expected) and d[(20, 2, 1900)] == pytest.approx(expected)
    # 300 in 1903: B (0, 10) held longest
    assert d[(2, 300, 1903)] == pytest.approx(law_of_cosines_km(WASHINGTON, (0.0, 10.0)))
    assert math.isnan(d[(2, 200, 1901)]) and math.isnan(d[(200, 2, 1901)])  # no capital known for 200 yet
    nd = als.add_capital_distance(frame(world, [r for r in rows if r[0] < r[1]], directed=False))
    for a, b, y, v in zip(nd.ccode1, nd.ccode2, nd.year, nd.capdist):
        assert (math.isnan(v) and math.isnan(d[(a, b, y)])) or v == pytest.approx(d[(a, b, y)])
    assert "peacesciencer_capitals_1_2" in out.attrs["alliancestats"]["sources"]


def test_capital_move_within_a_year(world):
    from alliancestats.store import load

    caps = load("peacesciencer_capitals_1_2_cow_capitals", data_dir=world)
    longest = capital_years(caps, 1902, 1904, "longest").set_index(["ccode", "year"])["capital"]
    jan1 = capital_years(caps, 1902, 1904, "january1").set_index(["ccode", "year"])["capital"]
    assert (longest[(300, 1902)], longest[(300, 1903)], longest[(300, 1904)]) == ("A", "B", "B")
    assert (jan1[(300, 1902)], jan1[(300, 1903)], jan1[(300, 1904)]) == ("A", "A", "B")
    assert longest[(400, 1902)] == "C" and (400, 1902) not in jan1.index  # capital only from June
    rows = [(300, 20, 1903), (400, 20, 1902)]
    a = als.add_capital_distance(frame(world, rows))
    b = als.add_capital_distance(frame(world, rows), capital_rule="january1")
    assert a.capdist.iat[0] == pytest.approx(law_of_cosines_km((0.0, 10.0), OTTAWA))
    assert b.capdist.iat[0] == pytest.approx(law_of_cosines_km((0.0, 0.0), OTTAWA))
    assert a.capdist.iat[1] == pytest.approx(law_of_cosines_km((90.0, 0.0), OTTAWA)) and math.isnan(b.capdist.iat[1])


def test_capdist_source(world):
    out = als.add_capital_distance(frame(world, [(2, 20, 1950), (20, 2, 1816), (300, 2, 2000), (2, 200, 2000)]),
                                   source="capdist")
    assert out.capdist.tolist()[:3] == [731.0, 731.0, 100.0]
    assert math.isnan(out.capdist.iat[3])
    assert "gleditsch_capdist" in out.attrs["alliancestats"]["sources"]


def test_minimum_distance_coverage_and_symmetry(world):
    rows = [(2, 20, 1885), (2, 20, 1886), (20, 2, 1886), (300, 2, 1887), (2, 200, 1887)]
    out = als.add_minimum_distance(frame(world, rows))
    v = out.mindist.tolist()
    assert math.isnan(v[0])  # before CShapes 2.0 (1886)
    assert v[1:4] == [0.0, 0.0, 5001.0]
    assert math.isnan(v[4])  # covered year, dyad not in the table: NA, not 0
    nd = als.add_minimum_distance(frame(world, [(2, 20, 1886), (2, 300, 1887)], directed=False))
    assert nd.mindist.tolist() == [0.0, 5001.0]


def test_democracy_state_and_dyad_years(world):
    sy = als.add_democracy(frame(world, [(2, 2016), (20, 2020), (2, 2021), (400, 2016)], unit="state_year"))
    assert sy.polity2.tolist()[:1] == [9.0] and math.isnan(sy.polity2.iat[1])  # empty score stays NA
    assert math.isnan(sy.polity2.iat[2]) and math.isnan(sy.v2x_polyarchy.iat[2])  # 2021 outside 1816-2020
    assert math.isnan(sy.xm_qudsest.iat[3])  # state-year absent from the table
    dy = als.add_democracy(frame(world, [(2, 20, 2016), (20, 2, 2016)]), measures=("polity2",))
    assert [c for c in dy.columns if c.startswith("polity")] == ["polity21", "polity22"]
    assert dy.polity21.tolist() == [9.0, 10.0] and dy.polity22.tolist() == [10.0, 9.0]


def test_joint_democracy_and_weak_link(world):
    rows = [(2, 20, 2016), (2, 300, 2016), (2, 20, 2020), (300, 2, 2020), (2, 400, 2016)]
    out = als.add_joint_democracy(frame(world, rows))
    # 2016: 9 & 10 -> 1; 9 & 5 -> 0; 2020: 8 & NA -> NA; -7 & 8 -> 0; 400 unknown -> NA
    assert out.jointdem.tolist() == [1, 0, pd.NA, 0, pd.NA]
    assert str(out.jointdem.dtype) == "Int8"
    out = als.add_weak_link(out)  # reuses polity21/polity22
    assert out.demlow.tolist()[:2] == [9.0, 5.0] and out.demhigh.tolist()[:2] == [10.0, 9.0]
    assert math.isnan(out.demlow.iat[2]) and math.isnan(out.demhigh.iat[2])
    assert out.demlow.iat[3] == -7.0 and out.demhigh.iat[3] == 8.0
    # threshold exactly met counts; other measures need an explicit threshold
    on = als.add_joint_democracy(frame(world, rows[:2]), threshold=5)
    assert on.jointdem.tolist() == [1, 1]
    v = als.add_joint_democracy(frame(world, rows[:2]), measure="v2x_polyarchy", threshold=0.5)
    assert v.jointdem.tolist() == [1, 0]
    with pytest.raises(AllianceStatsError, match="pass threshold="):
        als.add_joint_democracy(frame(world, rows[:2]), measure="v2x_polyarchy")
    with pytest.raises(AllianceStatsError, match="outside the range of polity2"):
        als.add_joint_democracy(frame(world, rows[:2]), threshold=60)


def test_gdp(world):
    out = als.add_gdp(frame(world, [(2, 20, 2016), (2, 20, 2017)]))
    assert out.wbgdppc2011est1.iat[0] == 10.9 and out.wbgdppc2011est2.iat[0] == 10.6  # log(x+1) as shipped
    assert np.isnan(out.loc[1, ["wbgdp2011est1", "wbpopest2", "sdpest1"]].to_numpy(dtype=float)).all()  # 2017 > 2016
    sy = als.add_gdp(frame(world, [(2, 2016)], unit="state_year"), columns=("sdpest",))
    assert list(sy.columns) == ["ccode", "year", "sdpest"] and sy.sdpest.iat[0] == 30.0


def test_errors_name_the_fix(world, tmp_path):
    f = frame(world, [(2, 20, 2016)])
    with pytest.raises(ValueError, match="measures='polity3'.*'polity2'"):
        als.add_democracy(f, measures=("polity3",))
    with pytest.raises(ValueError, match="source='gleditsch'"):
        als.add_capital_distance(f, source="gleditsch")
    with pytest.raises(AllianceStatsError, match="1886-2019.*add_capital_distance"):
        als.add_minimum_distance(frame(world, [(2, 20, 1850)]))
    with pytest.raises(AllianceStatsError, match="covers 1800-2016"):
        als.add_gdp(frame(world, [(2, 20, 2018)]))
    with pytest.raises(AllianceStatsError, match="needs a dyad-year frame"):
        als.add_minimum_distance(frame(world, [(2, 1900)], unit="state_year"))
    empty = tmp_path / "empty"
    empty.mkdir()
    with pytest.raises(MissingDataError, match="alliancestats ingest"):
        als.add_democracy(frame(empty, [(2, 20, 2016)]))


# --- real-data tier ---------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def real_ddy(real_processed):
    return als.create_dyad_years(directed=True, start=1880, end=2016, data_dir=real_processed)


def test_real_capital_distance(real_ddy):
    out = als.add_capital_distance(real_ddy)
    g = als.add_capital_distance(real_ddy, source="capdist")
    key = (out.ccode1 == 2) & (out.ccode2 == 20)
    assert np.allclose(out.loc[key, "capdist"], 731, atol=5)  # Gleditsch: 731 km
    assert (g.loc[key, "capdist"] == 731).all()
    assert out.capdist.notna().all()  # every COW state-year has a capital
    # symmetric: (a, b) and (b, a) agree in both sources
    for frame_ in (out, g):
        fwd = frame_.set_index(["ccode1", "ccode2", "year"])["capdist"]
        rev = frame_.set_index(["ccode2", "ccode1", "year"])["capdist"]
        assert np.allclose(fwd.to_numpy(), rev.reindex(fwd.index).to_numpy(), equal_nan=True)
    # Germany: 255 (Berlin) after 1990, West Germany 260 (Bonn) before, in both sources
    def dist(f, a, b, y):
        return float(f.loc[(f.ccode1 == a) & (f.ccode2 == b) & (f.year == y), "capdist"].iat[0])
    assert dist(out, 255, 220, 1995) > 800 and dist(out, 260, 220, 1980) < 450
    assert dist(g, 255, 220, 1995) > 800 and dist(g, 260, 220, 1980) < 450
    # Brazil's move (April 1960): the distance to the USA changes between 1959 and 1961
    assert dist(out, 140, 2, 1959) != dist(out, 140, 2, 1961)


def test_real_minimum_distance_and_democracy(real_ddy):
    out = als.add_minimum_distance(real_ddy)
    assert out.loc[out.year < 1886, "mindist"].isna().all()
    inside = out.loc[out.year >= 1886, "mindist"]
    assert inside.notna().mean() > 0.95 and (inside.dropna() >= 0).all()
    land = (out.ccode1 == 2) & (out.ccode2 == 20) & (out.year == 2000)
    assert out.loc[land, "mindist"].iat[0] == 0  # USA-Canada share a border
    dem = als.add_joint_democracy(als.add_weak_link(real_ddy))
    ok = dem.polity21.notna() & dem.polity22.notna()
    assert (dem.demlow[ok] <= dem.demhigh[ok]).all() and dem.jointdem[~ok].isna().all()
    assert ((dem.jointdem[ok] == 1) == (dem.demlow[ok] >= 6)).all()
    gdp = als.add_gdp(real_ddy)
    pc = gdp.wbgdppc2011est1
    assert pc.dropna().between(0, 13).all() and pc.notna().mean() > 0.95  # log(GDP pc + 1), as shipped


def test_explain_capital_distance(world):
    e = als.explain_capital_distance(300, 20, 1903, data_dir=world)
    assert e[["ccode", "capital", "used"]].values.tolist() == [[20, "Ottawa", True], [300, "A", False],
                                                              [300, "B", True]]
