"""Shares of alliance spending and GDP, exploitation ratio and spill-in, by hand."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from alliancestats.burden.shares import burden_shares, share_summary, spill_in


def _data():
    return pd.DataFrame({
        "alliance": ["x", "x", "x", "y", "y"],
        "year": [2000, 2000, 2000, 2000, 2000],
        "ccode": [2, 200, 220, 2, 20],
        "milex": [10.0, 5.0, 5.0, 8.0, np.nan],
        "gdp": [100.0, 50.0, 150.0, 80.0, 20.0],
    })


def test_shares_by_hand():
    s = burden_shares(_data())
    x = s[s["alliance"] == "x"]
    # totals 20 and 300
    np.testing.assert_allclose(x["share_milex"], [0.5, 0.25, 0.25])
    np.testing.assert_allclose(x["share_gdp"], [1 / 3, 1 / 6, 1 / 2])
    np.testing.assert_allclose(x["exploitation_ratio"], [1.5, 1.5, 0.5])
    np.testing.assert_allclose(x["excess_share"], [1 / 6, 1 / 12, -1 / 4])
    assert x["pays_more"].tolist() == [True, True, False]
    assert x["complete"].all()


def test_incomplete_alliance_year_gets_na_shares_unless_allowed():
    s = burden_shares(_data())
    y = s[s["alliance"] == "y"]
    assert y["share_milex"].isna().all() and y["pays_more"].isna().all()
    assert (~y["complete"]).all() and (y["n_with_data"] == 1).all()
    s2 = burden_shares(_data(), require_complete=False)
    y2 = s2[s2["alliance"] == "y"]
    assert y2["share_milex"].iloc[0] == pytest.approx(1.0) and np.isnan(y2["share_milex"].iloc[1])


def test_share_summary_largest_member():
    summ = share_summary(burden_shares(_data())).set_index("alliance")
    assert summ.loc["x", "largest_ccode"] == 220  # GDP 150
    assert summ.loc["x", "largest_exploitation_ratio"] == pytest.approx(0.5)
    assert summ.loc["x", "n_pays_more"] == 2
    assert pd.isna(summ.loc["y", "n_pays_more"])


def test_spill_in_by_hand():
    s = spill_in(_data())
    np.testing.assert_allclose(s.loc[s["alliance"] == "x", "spill_in"], [10.0, 15.0, 15.0])
    assert s.loc[s["alliance"] == "y", "spill_in"].isna().all()  # an ally's spending is missing
