import numpy as np
import pandas as pd

import alliancestats as als


def _row(df, a, b, y):
    r = df[(df.ccode1 == a) & (df.ccode2 == b) & (df.year == y)]
    assert len(r) == 1
    return r.iloc[0]


def test_major_powers_spells(mini_world):
    d = als.create_dyad_years(True, 1900, 1902, data_dir=mini_world).pipe(als.add_major_powers)
    assert _row(d, 2, 200, 1900).cowmaj1 == 0 and _row(d, 2, 200, 1900).cowmaj2 == 1
    assert _row(d, 2, 200, 1901).cowmaj1 == 1  # major from July 1901: counts for 1901


def test_contiguity_zero_inside_na_outside(mini_world):
    d = als.create_dyad_years(True, 1900, 1902, data_dir=mini_world).pipe(als.add_contiguity)
    assert _row(d, 2, 20, 1900).conttype == 1 and _row(d, 2, 20, 1900).landcontig == 1
    assert _row(d, 2, 200, 1900).conttype == 4 and _row(d, 2, 200, 1900).landcontig == 0
    assert _row(d, 2, 300, 1900).conttype == 0


def test_capabilities_share_and_ratio(mini_world):
    d = als.create_dyad_years(True, 1900, 1900, data_dir=mini_world).pipe(als.add_capabilities)
    r = _row(d, 2, 200, 1900)
    assert np.isclose(r.capshare1, 0.2 / 0.5) and np.isclose(r.capratio_ln, np.log(0.3 / 0.2))
    assert np.isclose(r.capratio12_ln, np.log(0.2 / 0.3))


def test_wars_by_side(mini_world):
    d = als.create_dyad_years(True, 1900, 1902, data_dir=mini_world).pipe(als.add_wars)
    r = _row(d, 2, 200, 1901)
    assert (r.cowwar_onset, r.cowwar_side1, r.cowwar_initiator1, r.cowwar_initiator2) == (1, 1, 1, 0)
    assert _row(d, 2, 200, 1902).cowwar_ongoing == 0


def test_politically_relevant_keeps_major_power_with_missing_contiguity(mini_world):
    d = als.create_dyad_years(True, 1900, 1901, data_dir=mini_world).pipe(als.add_contiguity).pipe(als.add_major_powers)
    d.loc[(d.ccode1 == 300) & (d.ccode2 == 200), "conttype"] = pd.NA  # 200 is a major power
    d.loc[(d.ccode1 == 300) & (d.ccode2 == 20), "conttype"] = pd.NA   # no major, unknown contiguity
    pr = als.filter_politically_relevant(d)
    assert ((pr.ccode1 == 300) & (pr.ccode2 == 200)).sum() == 2
    assert not ((pr.ccode1 == 300) & (pr.ccode2 == 20)).any()
    assert pr.attrs["alliancestats"]["pr_undecided_dropped"] == 2
    assert ((pr.ccode1 == 2) & (pr.ccode2 == 20)).sum() == 2  # land contiguous


def test_explain_lists_source_ids(mini_world):
    ex = als.explain(None, 2, 200, 1902, data_dir=mini_world)
    assert set(ex.sections["gml disputes"]["dispnum"]) == {10, 11}
    assert set(ex.sections["atop alliances"]["atopid"]) == {1001}
    assert "1001" in ex.summary()
