"""capratio_ln with one side's CINC missing is NA, not parity (issue 15).

Hand-built: in the mini world (tests/panels/conftest.py) every state has a
CINC; here state 300's CINC for 1900 is removed (NA); state 400 has a
CINC of 0 (state 400, from 1902). The log ratio of stronger to weaker needs both sides.
"""
import numpy as np
import pandas as pd

import alliancestats as als
from alliancestats.store import write_parquet


def _row(df, a, b, y):
    r = df[(df.ccode1 == a) & (df.ccode2 == b) & (df.year == y)]
    assert len(r) == 1
    return r.iloc[0]


def test_capratio_is_na_when_one_side_is_missing(mini_world):
    path = mini_world / "nmc_6_0_state_year.parquet"
    nmc = pd.read_parquet(path)
    miss = (nmc["ccode"] == 300) & (nmc["year"] == 1900)
    nmc["cinc"] = nmc["cinc"].astype("Float64").mask(miss)
    write_parquet(nmc, path, {"dataset_id": "nmc_6_0", "table_id": "nmc_6_0_state_year", "synthetic": True})

    d = als.create_dyad_years(True, 1900, 1902, data_dir=mini_world).pipe(als.add_capabilities)
    for a, b in ((2, 300), (300, 2)):
        r = _row(d, a, b, 1900)
        assert np.isnan(r.cinc1 if a == 300 else r.cinc2)
        # before the fix np.fmax/np.fmin returned the known side twice: log(0.2 / 0.2) = 0, "parity"
        assert np.isnan(r.capratio_ln), r.capratio_ln
        assert np.isnan(r.capratio12_ln) and np.isnan(r.capshare1) and np.isnan(r.capshare2)
    # both sides known: ln(0.3 / 0.2) for 2 vs 200 in either direction
    assert np.isclose(_row(d, 2, 200, 1900).capratio_ln, np.log(0.3 / 0.2))
    assert np.isclose(_row(d, 200, 2, 1900).capratio_ln, np.log(0.3 / 0.2))
    # a CINC of 0 (state 400 in the mini world) gives an infinite ratio: NA, documented
    r = _row(d, 2, 400, 1902)
    assert r.cinc2 == 0 and np.isnan(r.capratio_ln) and np.isnan(r.capratio12_ln)
    # 300's other years are complete: the NA is confined to the missing year
    assert np.isclose(_row(d, 2, 300, 1901).capratio_ln, np.log(0.2 / 0.1))
