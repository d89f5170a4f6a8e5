"""A panel keeps working through what users do to it: merge their own table, filter, copy, concat, assign.

On the miniature world of conftest.py (hand-computed values). pandas 3 keeps
``attrs`` through filtering, ``.query``, ``.loc``, ``copy``, ``assign``,
``reset_index`` and ``concat`` of slices of one panel, and drops them in
``merge``/``join``; the library recovers the record where it is certain and
says what to do where it is not.
"""
from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import pytest

import alliancestats as als
from alliancestats.errors import AllianceStatsError
from alliancestats.panels import _frame
from alliancestats.panels._frame import ATTR


@pytest.fixture(autouse=True)
def _fresh_session():
    """Each test starts with no panels remembered (other tests build the same rows from other folders)."""
    _frame._RECENT.clear()
    yield
    _frame._RECENT.clear()


def _row(df, a, b, y):
    r = df[(df.ccode1 == a) & (df.ccode2 == b) & (df.year == y)]
    assert len(r) == 1
    return r.iloc[0]


@pytest.fixture
def ddy(mini_world):
    return als.create_dyad_years(True, 1900, 1902, data_dir=mini_world).pipe(als.add_alliances, source="atop")


def _user_table(df):
    """A researcher's own covariate by (ccode1, year): unique keys, like a state-year table."""
    keys = df[["ccode1", "year"]].drop_duplicates().reset_index(drop=True)
    out = keys.assign(mycov=np.arange(len(keys), dtype=float))
    out.attrs = {}  # the user's table is not a panel (pandas keeps attrs in a merge of two frames that share them)
    return out


OPS = {
    "merge": lambda d, u: d.merge(u, on=["ccode1", "year"], how="left"),
    "pd.merge": lambda d, u: pd.merge(d, u, on=["ccode1", "year"], how="left"),
    "join": lambda d, u: d.join(u.set_index(["ccode1", "year"]), on=["ccode1", "year"]),
    "filter": lambda d, u: d[d.year > 1900],
    "query": lambda d, u: d.query("year > 1900"),
    "loc": lambda d, u: d.loc[d.year > 1900, :],
    "copy": lambda d, u: d.copy(),
    "concat of slices": lambda d, u: pd.concat([d[d.year == 1902], d[d.year < 1902]]),
    "assign": lambda d, u: d.assign(z=1),
    "reset_index": lambda d, u: d.reset_index(drop=True),
    "merge then assign, sort, copy": lambda d, u: d.merge(u, on=["ccode1", "year"], how="left").assign(
        z=1).sort_values(["year", "ccode2"]).copy(),
}
#: row sets the session never saw as a panel once attrs are gone: recovered from the columns, with a warning
PARTIAL = {
    "filter then merge": lambda d, u: d[d.ccode1 != 300].merge(u, on=["ccode1", "year"], how="left"),
    "merge then filter": lambda d, u: d.merge(u, on=["ccode1", "year"], how="left")[lambda x: x.year >= 1901],
}


@pytest.mark.parametrize("op", list(OPS))
def test_verbs_keep_working_after_user_operations(ddy, op):
    out = OPS[op](ddy, _user_table(ddy))
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # the whole record comes back: nothing to warn about
        d = out.pipe(als.add_contiguity).pipe(als.add_major_powers)
    info = d.attrs[ATTR]
    assert info["directed"] is True and info["unit"] == "dyad_year"
    assert info["data_dir"] == str(ddy.attrs[ATTR]["data_dir"])  # data folder kept: verbs read the fixture world
    assert {"atop_5_1", "cow_contiguity_3_2", "cow_states_2016"} <= set(info["sources"])
    assert "atop_5_1" in als.cite(d) or "leeds2002atop" in als.cite(d)
    # hand-computed values from conftest.py: 2-20 land contiguous; 200 is a major power all along
    r = _row(d, 2, 20, 1902)
    assert r.landcontig == 1 and _row(d, 2, 200, 1902).cowmaj2 == 1
    assert len(d) == len(out)


def test_attrs_kept_by_pandas_for_these_operations(ddy):
    """Which operations pandas itself keeps attrs for (so a pandas change shows up here)."""
    u = _user_table(ddy)
    kept = {op: bool(f(ddy, u).attrs.get(ATTR)) for op, f in OPS.items()}
    assert kept["filter"] and kept["query"] and kept["loc"] and kept["copy"] and kept["assign"]
    assert kept["reset_index"] and kept["concat of slices"]
    assert not kept["merge"]  # the reason the recovery exists


@pytest.mark.parametrize("op", list(PARTIAL))
def test_unseen_rows_are_recovered_from_columns_with_a_warning_and_restore_fixes_it(ddy, op):
    out = PARTIAL[op](ddy, _user_table(ddy))
    assert not out.attrs.get(ATTR)
    with pytest.warns(UserWarning, match="directed .some rows have ccode1 > ccode2.*like=original"):
        info = out.als.info
    assert info["unit"] == "dyad_year" and info["directed"] is True and info["data_dir"] is None
    out.als.restore(like=ddy)  # the fix the warning names: the whole record back
    d = als.add_contiguity(out)
    assert d.attrs[ATTR]["data_dir"] == ddy.attrs[ATTR]["data_dir"] and "atop_5_1" in d.attrs[ATTR]["sources"]
    assert _row(d, 2, 20, 1902).landcontig == 1


def test_same_rows_from_two_folders_are_not_confused(mini_world, tmp_path):
    import shutil

    other = tmp_path / "copy"
    shutil.copytree(mini_world, other)
    a = als.create_dyad_years(True, 1900, 1902, data_dir=mini_world)
    als.create_dyad_years(True, 1900, 1902, data_dir=other)  # same rows and columns, another data folder
    m = a.merge(_user_table(a), on=["ccode1", "year"], how="left")
    with pytest.warns(UserWarning, match="data folder .* lost"):
        assert m.als.info["data_dir"] is None  # not one of the two, silently


def test_ambiguous_direction_is_not_guessed(ddy):
    one_way = ddy[ddy.ccode1 < ddy.ccode2].merge(_user_table(ddy), on=["ccode1", "year"], how="left")
    one_way = one_way[one_way.year > 1900]  # not a panel the session built
    with pytest.raises(AllianceStatsError, match="ccode1 < ccode2.*not guessed.*set_panel_info\\(df, like=original\\)"):
        als.add_contiguity(one_way)
    fixed = als.set_panel_info(one_way, like=ddy)
    d = als.add_contiguity(fixed)
    assert d.attrs[ATTR]["directed"] is True and _row(d, 2, 20, 1902).landcontig == 1
    # the accessor does the same
    again = ddy[ddy.ccode1 < ddy.ccode2].merge(_user_table(ddy), on=["ccode1", "year"])[lambda x: x.year > 1901]
    assert als.add_contiguity(again.als.restore(like=ddy)).attrs[ATTR]["directed"] is True


def test_non_directed_panel_recovered_after_merge(mini_world):
    nd = als.create_dyad_years(False, 1900, 1902, data_dir=mini_world)
    mine = nd[["ccode1", "year"]].drop_duplicates().assign(x=1.0)
    mine.attrs = {}
    m = nd.merge(mine, on=["ccode1", "year"], how="left")
    assert not m.attrs
    d = als.add_contiguity(m)  # same rows as the panel built above: its record, directed=False
    assert d.attrs[ATTR]["directed"] is False and d.attrs[ATTR]["data_dir"] == str(mini_world)


def test_a_merge_that_repeats_rows_is_refused_with_the_fix(ddy):
    u = _user_table(ddy)
    dup = pd.concat([u, u.iloc[:1]])
    bad = ddy.merge(dup, on=["ccode1", "year"], how="left")
    with pytest.raises(AllianceStatsError, match="repeat a dyad-year.*validate='many_to_one'"):
        als.add_contiguity(bad)
    with pytest.raises(pd.errors.MergeError):
        ddy.als.merge(dup, on=["ccode1", "year"])


def test_accessor_merge_keeps_record_and_state_years_are_certain(mini_world, ddy):
    m = ddy.als.merge(_user_table(ddy), on=["ccode1", "year"])
    assert m.attrs[ATTR] == ddy.attrs[ATTR] and "mycov" in m
    sy = als.create_state_years(1900, 1902, data_dir=mini_world)
    sy2 = sy.merge(pd.DataFrame({"ccode": [2], "x": [1]}), on="ccode", how="left")
    assert als.add_major_powers(sy2).attrs[ATTR]["unit"] == "state_year"


def test_frames_without_keys_say_what_to_do():
    with pytest.raises(AllianceStatsError, match="no panel record.*create_dyad_years"):
        als.add_contiguity(pd.DataFrame({"a": [1]}))
    with pytest.raises(AllianceStatsError, match="missing \\['year'\\]"):
        als.set_panel_info(pd.DataFrame({"ccode1": [2], "ccode2": [20]}), unit="dyad_year", directed=True)
    with pytest.raises(ValueError, match="state_year"):
        als.set_panel_info(pd.DataFrame({"ccode": [2], "year": [1]}), unit="country_year")


def test_panel_summary_text_and_html(ddy):
    s = ddy.als.summary()
    assert s.unit == "dyad_year" and s.directed is True and (s.first_year, s.last_year) == (1900, 1902)
    assert s.n_rows == len(ddy) and s.n_units == len(ddy[["ccode1", "ccode2"]].drop_duplicates())
    atop = next(x for x in s.sources if x["dataset_id"] == "atop_5_1")
    assert atop["coverage"] == (1815, 2018) and atop["share_covered"] == 1.0
    text = str(s)
    assert text.startswith("Directed dyad-year panel, 1900-1902:") and "atop_5_1" in text
    h = ddy.als._repr_html_()
    assert h.startswith('<div class="alliancestats-panel">') and "<td>1815-2018</td>" in h and "<td>100%</td>" in h
    # share of rows inside a source's coverage: rows after 2018 are outside ATOP's
    late = ddy.assign(year=ddy["year"] + 117)  # 2017-2019
    late.attrs[ATTR] = ddy.attrs[ATTR]
    share = next(x for x in late.als.summary().sources if x["dataset_id"] == "atop_5_1")["share_covered"]
    assert share == pytest.approx((late.year <= 2018).mean())
