import pandas as pd

import alliancestats as als


def _row(df, a, b, y):
    r = df[(df.ccode1 == a) & (df.ccode2 == b) & (df.year == y)]
    assert len(r) == 1, (a, b, y)
    return r.iloc[0]


def test_onsets_roles_and_reduction(mini_world):
    d = als.create_dyad_years(True, 1900, 1905, data_dir=mini_world).pipe(als.add_disputes, source="gml")
    r = _row(d, 2, 200, 1901)
    assert (r.gmlmidonset, r.gmlmidongoing, r.gml_dispnum) == (1, 1, 10)
    assert (r.gml_init1, r.gml_init2, r.gml_sidea1, r.gml_orig2) == (1, 0, 1, 1)
    # joiner on side A: not an originator, but initiates its dyad in the joiner coding
    j = _row(d, 20, 200, 1901)
    assert (j.gmlmidonset, j.gml_init1, j.gml_init_joiner1) == (1, 0, 1)
    # same side: no dispute dyad
    assert _row(d, 2, 20, 1901).gmlmidongoing == 0
    # 1902: dispute 10 ongoing and 11 new -> keep 11 (onset first), count both
    r2 = _row(d, 2, 200, 1902)
    assert (r2.gmlmidonset, r2.gml_dispnum, r2.gml_n_disputes, r2.gml_n_onsets, r2.gml_fatality) == (1, 11, 2, 1, 1)
    # reverse direction mirrors roles
    rv = _row(d, 200, 2, 1901)
    assert (rv.gml_init1, rv.gml_init2) == (0, 1)
    assert _row(d, 2, 200, 1903).gmlmidongoing == 0


def test_result_independent_of_row_order(mini_world):
    d = als.create_dyad_years(True, 1900, 1905, data_dir=mini_world)
    a = d.pipe(als.add_disputes).pipe(als.add_peace_years, event="gmlmidongoing")
    shuffled = d.sample(frac=1, random_state=3)
    b = shuffled.pipe(als.add_disputes).pipe(als.add_peace_years, event="gmlmidongoing")
    key = ["ccode1", "ccode2", "year"]
    pd.testing.assert_frame_equal(a.sort_values(key).reset_index(drop=True), b.sort_values(key).reset_index(drop=True))


def test_coverage_na_after_source_end(mini_world):
    d = als.create_dyad_years(True, 2009, 2012, data_dir=mini_world).pipe(als.add_disputes, source="gml")
    assert d.loc[d.year <= 2010, "gmlmidonset"].eq(0).all()
    assert d.loc[d.year > 2010, "gmlmidonset"].isna().all()


def test_non_directed_and_state_year(mini_world):
    nd = als.create_dyad_years(False, 1900, 1905, data_dir=mini_world).pipe(als.add_disputes)
    assert _row(nd, 2, 200, 1901).gmlmidonset == 1
    assert len(nd[nd.gmlmidongoing == 1]) == 4  # 2-200 in 1901, 1902; 20-200 in 1901, 1902
    sy = als.create_state_years(1900, 1905, data_dir=mini_world).pipe(als.add_disputes)
    s = sy.set_index(["ccode", "year"])
    assert s.loc[(2, 1901), "gml_init"] == 1 and s.loc[(200, 1901), "gml_init"] == 0
    assert s.loc[(20, 1902), "gmlmidonset"] == 0 and s.loc[(20, 1902), "gmlmidongoing"] == 1


def test_mixing_sources_keeps_each_sources_values(mini_world):
    """peacesciencer bug: after adding GML, COW onsets silently became 0. Here each source keeps its own."""
    d = (als.create_dyad_years(True, 1900, 2012, data_dir=mini_world)
         .pipe(als.add_disputes, source="gml").pipe(als.add_disputes, source="cow"))
    r = _row(d, 2, 200, 1903)
    assert (r.cowmidonset, r.gmlmidonset, r.cow_dispnum) == (1, 0, 99)
    assert _row(d, 2, 200, 1901).cowmidonset == 0
    late = d[d.year.between(2011, 2012)]
    assert late["gmlmidonset"].isna().all() and late["cowmidonset"].eq(0).all()


def test_day_overlap_is_stricter_than_year_overlap():
    from alliancestats.panels._event_dyads import opposing_pairs

    parts = pd.DataFrame({
        "dispnum": [1, 1, 1], "ccode": [2, 200, 20], "sidea": [1, 0, 0],
        "start": pd.to_datetime(["1950-01-10", "1950-06-01", "1950-02-01"]),
        "end": pd.to_datetime(["1950-03-31", "1951-05-01", "1950-02-20"]),
    })
    by_year = opposing_pairs(parts, event="dispnum", side="sidea", first=1816, last=2010, overlap="year")
    by_day = opposing_pairs(parts, event="dispnum", side="sidea", first=1816, last=2010, overlap="day")
    # 2 left in March, 200 came in June: opponents only under the year rule, and only in 1950
    y = by_year[(by_year.ccode1 == 2) & (by_year.ccode2 == 200)]
    assert y["year"].tolist() == [1950] and y["onset"].tolist() == [1]
    assert by_day[(by_day.ccode1 == 2) & (by_day.ccode2 == 200)].empty
    # 2 and 20 overlapped in February: both rules keep them; 20 and 200 are on the same side
    assert len(by_day[(by_day.ccode1 == 20) & (by_day.ccode2 == 2)]) == 1
    assert by_year[(by_year.ccode1 == 20) & (by_year.ccode2 == 200)].empty
