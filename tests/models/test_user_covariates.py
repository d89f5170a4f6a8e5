"""``add_covariates``: validated merges of users' own variables."""
import numpy as np
import pandas as pd
import pytest

from alliancestats.errors import JoinError
from alliancestats.models import ModelInputError, add_covariates, fit_binary
from alliancestats.panels import set_panel_info


def frame(directed=True):
    rows = [(2, 20, 1990), (20, 2, 1990), (2, 200, 1990), (200, 2, 1990), (2, 20, 1991), (20, 2, 1991)]
    df = pd.DataFrame(rows, columns=["ccode1", "ccode2", "year"]).astype("int16")
    if not directed:
        df = df[df["ccode1"] < df["ccode2"]].reset_index(drop=True)
    return set_panel_info(df, unit="dyad_year", directed=directed)


def test_state_covariate_attached_to_both_sides_with_na_for_unmatched():
    polity = pd.DataFrame({"ccode": [2, 20, 2, 20], "year": [1990, 1990, 1991, 1991.0], "polity": [10, -7, 10, -6]})
    out = add_covariates(frame(), polity, "state", ["polity"])
    # hand check, row by row
    exp1 = [10, -7, 10, np.nan, 10, -6]
    exp2 = [-7, 10, np.nan, 10, -6, 10]
    np.testing.assert_array_equal(out["polity1"].astype(float).to_numpy(), exp1)
    np.testing.assert_array_equal(out["polity2"].astype(float).to_numpy(), exp2)
    assert out.attrs["alliancestats"]["covariates"]["polity2"] == pytest.approx(5 / 6)


def test_nondirected_dyad_table_matches_both_directions():
    dist = pd.DataFrame({"ccode1": [2, 2], "ccode2": [20, 200], "year": [1990, 1990], "distance": [500.0, 7000.0]})
    out = add_covariates(frame(), dist, "dyad", ["distance"], dyad_directed=False)
    np.testing.assert_array_equal(out["distance"].astype(float).to_numpy(), [500, 500, 7000, 7000, np.nan, np.nan])
    with pytest.raises(ValueError, match="dyad_directed"):
        add_covariates(frame(), dist, "dyad", ["distance"])
    with pytest.raises(JoinError, match="ccode1 < ccode2"):
        add_covariates(frame(), dist.rename(columns={"ccode1": "ccode2", "ccode2": "ccode1"}), "dyad",
                       ["distance"], dyad_directed=False)


def test_directed_dyad_table_and_errors():
    s = pd.DataFrame({"ccode1": [2, 20], "ccode2": [20, 2], "year": [1990, 1990], "s": [0.9, 0.8]})
    out = add_covariates(frame(), s, "dyad", ["s"], dyad_directed=True)
    assert out["s"].astype(float).tolist()[:2] == [0.9, 0.8]
    with pytest.raises(JoinError, match="not unique"):
        add_covariates(frame(), pd.concat([s, s]), "dyad", ["s"], dyad_directed=True)
    with pytest.raises(JoinError, match="matched no row"):
        add_covariates(frame(), s.assign(year=1815), "dyad", ["s"], dyad_directed=True)
    with pytest.raises(JoinError, match="non-integer"):
        add_covariates(frame(), s.assign(ccode1=[2.5, 20]), "dyad", ["s"], dyad_directed=True)
    with pytest.raises(JoinError, match="no column"):
        add_covariates(frame(), s, "dyad", ["polity"], dyad_directed=True)
    with pytest.raises(JoinError, match="already has"):
        add_covariates(out, s, "dyad", ["s"], dyad_directed=True)


def test_all_na_covariate_after_merge_is_refused_by_the_model():
    f = frame().assign(y=[1, 0, 0, 1, 0, 0.0], x=[0.1, 0.5, -0.2, 0.3, 1.0, -1.0])
    dem = pd.DataFrame({"ccode": [2, 20], "year": [1990, 1990], "dem": [np.nan, np.nan]})
    with pytest.raises(JoinError, match="matched no row"):
        add_covariates(f, dem, "state", ["dem"])
    f["dem1"] = np.nan
    with pytest.raises(ModelInputError, match="NA on every row"):
        fit_binary(f, "y", ["x", "dem1"])
