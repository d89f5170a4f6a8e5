"""The lookups behind the panel verbs: each path gives the same positions, checks the source keys,
and the one-pass attach equals merge_checked followed by fill_covered (hand-built frames)."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from alliancestats.errors import JoinError
from alliancestats.joins import assemble, join_positions, merge_checked, take_column


def _panel(sorted_=True):
    rng = np.random.default_rng(3)
    keys = pd.MultiIndex.from_product([[2, 20, 200, 365], [2, 20, 200, 365], range(1900, 1990)]).to_frame(index=False)
    keys.columns = ["ccode1", "ccode2", "year"]
    keys = keys[keys.ccode1 != keys.ccode2].astype("int16").reset_index(drop=True)
    return keys if sorted_ else keys.iloc[rng.permutation(len(keys))].reset_index(drop=True)


def _source():
    return pd.DataFrame({"ccode1": [365, 2, 20, 999], "ccode2": [2, 365, 200, 2], "year": [1950, 1950, 1900, 1950],
                         "v": pd.array([1, 0, 1, 1], dtype="int8")}).astype({"ccode1": "int16", "ccode2": "int16",
                                                                               "year": "int16"})


@pytest.mark.parametrize("sorted_", [True, False])
def test_positions_by_hand(sorted_):
    p = _panel(sorted_)
    pos = join_positions(p, _source(), ["ccode1", "ccode2", "year"], what="t")
    hit = {tuple(p.loc[i, ["ccode1", "ccode2", "year"]]): int(pos[i]) for i in np.flatnonzero(pos >= 0)}
    # (999, 2, 1950) is not in the panel; the other three rows are found, nothing else matches
    assert hit == {(365, 2, 1950): 0, (2, 365, 1950): 1, (20, 200, 1900): 2}


def test_duplicate_source_keys_and_missing_keys_are_errors():
    p = _panel()
    dup = pd.concat([_source(), _source().iloc[[0]]])
    with pytest.raises(JoinError, match="not unique in the source"):
        join_positions(p, dup, ["ccode1", "ccode2", "year"], what="t")
    with pytest.raises(JoinError, match="missing values in join keys"):
        join_positions(p, _source().astype({"year": "Int16"}).assign(year=lambda d: d.year.where(d.index > 0)),
                       ["ccode1", "ccode2", "year"], what="t")
    with pytest.raises(JoinError, match="no key column 'year'"):
        join_positions(p.drop(columns="year"), _source(), ["ccode1", "ccode2", "year"], what="t")


def test_take_column_sparse_and_dense_agree():
    p = _panel()
    pos = join_positions(p, _source(), ["ccode1", "ccode2", "year"], what="t")
    hit = np.flatnonzero(pos >= 0)
    for col in (_source()["v"], _source()["v"].astype("Int8"), _source()["v"].astype(float)):
        dense, sparse = take_column(col, pos), take_column(col, pos, hit)
        pd.testing.assert_series_equal(pd.Series(dense), pd.Series(sparse))
        assert pd.Series(dense).isna().sum() == len(p) - 3


def test_merge_checked_keeps_order_index_and_attrs():
    p = _panel(False).set_axis(np.arange(len(_panel())) * 2)
    p.attrs["x"] = {"a": 1}
    out = merge_checked(p, _source(), ["ccode1", "ccode2", "year"], what="t")
    assert out.index.equals(p.index) and out.attrs == p.attrs and str(out["v"].dtype) == "Int8"
    via_pandas = p.merge(_source(), on=["ccode1", "ccode2", "year"], how="left")
    assert out["v"].fillna(-1).tolist() == via_pandas["v"].fillna(-1).astype(int).tolist()


def test_assemble_adds_columns_without_copying_the_frame():
    p = _panel()
    new = np.arange(len(p), dtype=float)
    out = assemble(p, {"z": new})
    assert list(out.columns) == ["ccode1", "ccode2", "year", "z"]
    assert np.shares_memory(out["ccode1"].to_numpy(), p["ccode1"].to_numpy())
    with pytest.raises(JoinError, match="already has column"):
        assemble(p, {"year": new})


def test_fingerprint_cache_matches_a_fresh_computation(mini_world):
    import alliancestats as als
    from alliancestats.panels import _frame

    d = als.create_dyad_years(True, 1900, 1905, data_dir=mini_world).pipe(als.add_alliances).pipe(als.add_contiguity)
    cached = _frame.fingerprint(d, "dyad_year")  # the chain shares create_dyad_years' key arrays
    _frame._FP_CACHE.clear()
    assert _frame.fingerprint(d, "dyad_year") == cached
    shuffled = d.sample(frac=1, random_state=0).astype({"ccode1": "int64"})  # other order, other dtype
    assert _frame.fingerprint(shuffled, "dyad_year") == cached
    assert _frame.fingerprint(d.iloc[1:], "dyad_year") != cached


def test_derived_source_tables_are_cached_by_content(mini_world):
    import alliancestats as als
    from alliancestats.panels import _attach

    _attach._DERIVED.clear()
    first = als.create_dyad_years(True, 1900, 1905, data_dir=mini_world).pipe(als.add_alliances).pipe(als.add_disputes)
    n = len(_attach._DERIVED)
    assert n == 2  # one alliance table, one dispute table
    again = als.create_dyad_years(True, 1900, 1905, data_dir=mini_world).pipe(als.add_alliances).pipe(als.add_disputes)
    assert len(_attach._DERIVED) == n  # served from the cache ...
    pd.testing.assert_frame_equal(first, again)  # ... with the same result
    als.create_dyad_years(False, 1900, 1905, data_dir=mini_world).pipe(als.add_alliances)
    assert len(_attach._DERIVED) == n + 1  # non-directed is another table
    # a changed member table has another data hash: a new entry, never the old table
    from conftest import _write
    m = als.load("atop_member", data_dir=mini_world)
    m.loc[m.atopid == 1002, "defense"] = 0
    _write(mini_world, "atop_5_1_member", "atop_5_1", m)
    changed = als.create_dyad_years(True, 1900, 1905, data_dir=mini_world).pipe(als.add_alliances)
    assert len(_attach._DERIVED) == n + 2
    row = changed[(changed.ccode1 == 2) & (changed.ccode2 == 300) & (changed.year == 1901)].iloc[0]
    assert row.atop_defense == 0 and row.atop_alliance == 1


def test_non_integer_keys_join_by_value():
    """Alliance names and dates as keys: matched by value, unmatched NA, duplicates still refused."""
    left = pd.DataFrame({"alliance": ["NATO", "Rio", "NATO", "SEATO"], "year": [1950, 1950, 1951, 1950],
                         "day": pd.to_datetime(["1950-01-01", "1950-01-01", "1951-06-01", "1950-01-01"])})
    right = pd.DataFrame({"alliance": ["Rio", "NATO"], "year": [1950, 1950], "x": [2.0, 1.0]})
    out = merge_checked(left, right, ["alliance", "year"], what="names")
    assert out["x"].iloc[:2].tolist() == [1.0, 2.0] and out["x"].iloc[2:].isna().all()
    dates = pd.DataFrame({"day": pd.to_datetime(["1951-06-01"]), "y": [7]})
    got = merge_checked(left, dates, "day", what="dates")["y"]
    assert got.isna().tolist() == [True, True, False, True] and got.iloc[2] == 7
    with pytest.raises(JoinError, match="not unique"):
        merge_checked(left, pd.concat([right, right]), ["alliance", "year"], what="dups")


def test_na_keys_in_the_frame_match_nothing():
    """A nullable key with NA in the frame: that row gets NA (not an error, and never the source's row
    whose key happens to equal the NA stand-in, here -1); the other rows match by value."""
    left = pd.DataFrame({"k": pd.array([1, None, 3, -1], dtype="Int16"), "y": [1, 1, 1, 1]})
    right = pd.DataFrame({"k": [-1, 1, 3], "y": [1, 1, 1], "v": [-10.0, 10.0, 30.0]})
    out = merge_checked(left, right, ["k", "y"], what="na keys")
    assert out["v"].iloc[[0, 2, 3]].tolist() == [10.0, 30.0, -10.0] and np.isnan(out["v"].iat[1])
    flags = pd.DataFrame({"b": pd.array([True, None, False], dtype="boolean")})
    got = merge_checked(flags, pd.DataFrame({"b": [False, True], "n": [0, 1]}), "b", what="na bools")["n"]
    assert got.isna().tolist() == [False, True, False] and got.iloc[[0, 2]].tolist() == [1, 0]
