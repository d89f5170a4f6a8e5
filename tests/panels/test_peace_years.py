import numpy as np
import pandas as pd
import pytest

import alliancestats as als
from alliancestats.panels.add_peace_years import PeaceSpline


def _frame(rows, directed=True):
    df = pd.DataFrame(rows, columns=["ccode1", "ccode2", "year", "ev"])
    return als.set_panel_info(df, unit="dyad_year", directed=directed)


def test_btscs_counter_hand_computed():
    years = list(range(1900, 1910))
    ev = [0, 0, 1, 0, 0, 1, 1, 0, 0, 0]
    df = _frame([(2, 20, y, e) for y, e in zip(years, ev)])
    out = als.add_peace_years(df, "ev", prefix="p", spline_knots=None)
    assert out["pspell"].tolist() == [0, 1, 2, 0, 1, 2, 0, 0, 1, 2]
    assert out["pspell3"].tolist() == [v**3 for v in [0, 1, 2, 0, 1, 2, 0, 0, 1, 2]]


def test_gap_conventions():
    rows = [(2, 20, y, 0) for y in (1900, 1901, 1902, 1906, 1907)]
    df = _frame(rows)
    assert als.add_peace_years(df, "ev", prefix="p", spline_knots=None)["pspell"].tolist() == [0, 1, 2, 0, 1]
    assert als.add_peace_years(df, "ev", prefix="p", gap="skip", spline_knots=None)["pspell"].tolist() == [0, 1, 2, 3, 4]


def test_na_event_gives_na_and_restarts():
    df = _frame([(2, 20, 1900, 0), (2, 20, 1901, 0), (2, 20, 1902, None), (2, 20, 1903, 0)])
    s = als.add_peace_years(df, "ev", prefix="p", spline_knots=None)["pspell"]
    assert s.iloc[:2].tolist() == [0, 1] and pd.isna(s.iloc[2]) and s.iloc[3] == 0


def test_directed_dyads_are_separate_units_and_order_free():
    rows = [(2, 20, 1900, 1), (2, 20, 1901, 0), (20, 2, 1900, 0), (20, 2, 1901, 0)]
    df = _frame(rows)
    out = als.add_peace_years(df.iloc[::-1], "ev", prefix="p", spline_knots=None)
    got = out.set_index(["ccode1", "ccode2", "year"])["pspell"]
    assert got[(2, 20, 1901)] == 0 and got[(20, 2, 1901)] == 1


def test_duplicate_unit_years_rejected():
    df = _frame([(2, 20, 1900, 0), (2, 20, 1900, 1)])
    with pytest.raises(ValueError, match="duplicate"):
        als.add_peace_years(df, "ev")


def test_spline_basis_reproducible_for_new_data():
    t = pd.Series(np.arange(0, 60))
    sp = PeaceSpline.fit(t, 4)
    b = sp.transform(t)
    assert b.shape == (60, 3)
    # linear beyond the last knot: second differences vanish
    beyond = sp.transform(pd.Series(np.arange(np.ceil(sp.knots[-1]), sp.knots[-1] + 30)))
    tail = beyond.diff().diff().dropna()
    assert np.allclose(tail.to_numpy(), 0, atol=1e-9)
    # zero below the first knot for the nonlinear terms
    assert (b.loc[t < sp.knots[0], ["spline2", "spline3"]] == 0).all().all()
    # the same knots evaluate new data identically
    new = PeaceSpline(sp.knots).transform(pd.Series([5, 17]))
    assert np.allclose(new.to_numpy(), b.loc[[5, 17]].to_numpy())



def test_spline_knots_from_counts_equal_numpy_quantiles():
    # PeaceSpline.fit takes the knots of an integer counter from its value counts; they must be
    # exactly numpy's linear-rule quantiles of the non-missing values (Harrell's probabilities), for any n
    from alliancestats.errors import ModelInputError

    probs = {3: (0.10, 0.5, 0.90), 4: (0.05, 0.35, 0.65, 0.95), 5: (0.05, 0.275, 0.5, 0.725, 0.95)}
    rng = np.random.default_rng(7)
    for n in (1, 2, 3, 7, 100, 1001):
        for _ in range(40):
            x = np.floor(rng.exponential(rng.uniform(0.5, 40), n)).astype("int16")
            na = rng.random(n) < 0.2
            na[0] = False
            t = pd.Series(pd.arrays.IntegerArray(x, na))
            for k, p in probs.items():
                ref = tuple(sorted(set(np.quantile(x[~na].astype(float), p).tolist())))
                if len(ref) < 3:
                    with pytest.raises(ModelInputError):
                        PeaceSpline.fit(t, k)
                else:
                    assert PeaceSpline.fit(t, k).knots == ref
