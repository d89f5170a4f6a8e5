import pandas as pd
import pytest

import alliancestats as als
from alliancestats.errors import PanelError


def test_state_years_mid_year_entry_counts_whole_year(mini_world):
    sy = als.create_state_years(1900, 1905, data_dir=mini_world)
    got = sy.groupby("year")["ccode"].apply(lambda s: sorted(s.tolist())).to_dict()
    assert got[1902] == [2, 20, 200, 300, 400]  # 300 leaves in March, 400 enters in June
    assert got[1903] == [2, 20, 200, 400]       # 300 out all year
    assert got[1904] == [2, 20, 200, 300, 400]
    assert sy.attrs["alliancestats"]["unit"] == "state_year"
    assert str(sy["ccode"].dtype) == "int16"


def test_directed_dyad_years_drop_non_overlapping_pairs(mini_world):
    d = als.create_dyad_years(directed=True, start=1900, end=1905, data_dir=mini_world)
    # 1900-01: 4 states (12 ordered pairs each); 1902: 5 states minus 300<->400; 1903: 4; 1904-05: 5
    assert len(d) == 24 + (20 - 2) + 12 + 20 + 20
    y1902 = d[d.year == 1902]
    assert not ((y1902.ccode1 == 300) & (y1902.ccode2 == 400)).any()
    assert ((d.year == 1904) & (d.ccode1 == 300) & (d.ccode2 == 400)).any()
    assert d.attrs["alliancestats"]["dropped_non_overlapping"] == 2
    assert d.attrs["alliancestats"]["directed"] is True
    assert not d.duplicated(["ccode1", "ccode2", "year"]).any()


def test_non_directed_keeps_ccode1_lt_ccode2(mini_world):
    nd = als.create_dyad_years(directed=False, start=1900, end=1905, data_dir=mini_world)
    assert (nd.ccode1 < nd.ccode2).all()
    assert len(nd) == 94 // 2
    assert nd.attrs["alliancestats"]["directed"] is False


def test_end_year_is_release_end_not_today(mini_world):
    d = als.create_state_years(data_dir=mini_world)
    assert d["year"].max() == 2016


def test_verbs_refuse_frames_without_record():
    df = pd.DataFrame({"ccode1": [2], "ccode2": [20], "year": [1900]})
    with pytest.raises(PanelError, match="no panel record"):
        als.add_major_powers(df)
    with pytest.raises(PanelError, match="ccode1 < ccode2"):
        als.set_panel_info(pd.DataFrame({"ccode1": [20], "ccode2": [2], "year": [1900]}), unit="dyad_year", directed=False)
