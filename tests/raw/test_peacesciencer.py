"""peacesciencer .rda tables and Gleditsch's capdist.csv: typing, rejections, optional pyreadr, real files."""
from __future__ import annotations

import datetime as dt
import json
import re
import sys

import numpy as np
import pandas as pd
import pytest

from alliancestats.errors import IngestError
from alliancestats.raw.sources import gleditsch, peacesciencer as ps
from _util import load_real_table, write_text

pyreadr = pytest.importorskip("pyreadr")

MY_DATASETS = ("peacesciencer_democracy_1_1", "peacesciencer_sdp_gdp_1_1", "peacesciencer_capitals_1_2",
               "peacesciencer_mindist_1_2", "gleditsch_capdist")


def _rda(tmp_path, name, df):
    path = tmp_path / f"{name}.rda"
    pyreadr.write_rdata(str(path), df, df_name=name)
    return path


def test_democracy_non_integer_code_and_duplicate_rejected(tmp_path):
    df = pd.DataFrame({"ccode": [2.0, 2.0, 20.5, 2.0, np.nan], "year": [1816.0, 1817.0, 1816.0, 1816.0, 1900.0],
                       "v2x_polyarchy": [0.367, np.nan, 0.5, 0.1, 0.2], "polity2": [9.0, 9.0, 1.0, 1.0, 1.0],
                       "xm_qudsest": [0.7, 0.71, 0.0, 0.0, 0.0]})
    res = ps.load_ccode_democracy({"ccode_democracy": _rda(tmp_path, "ccode_democracy", df)})
    out = res.data
    assert res.rows_read == 5 and len(out) == 2 and len(res.rejected) == 3
    assert out["source_line"].tolist() == [1, 2]
    assert str(out["ccode"].dtype) == "Int16" and str(out["polity2"].dtype) == "Float64"
    assert pd.isna(out["v2x_polyarchy"].iat[1]) and out["polity2"].tolist() == [9, 9]
    reasons = dict(zip(res.rejected["line"], res.rejected["reason"]))
    assert "ccode is not a whole number (20.5)" in reasons[3]
    assert "ccode is not a whole number" in reasons[5]  # missing code
    assert reasons[4] == "duplicate ccode-year"


def test_sdp_gdp_kept_as_shipped(tmp_path):
    df = pd.DataFrame({"ccode": [2.0], "year": [1800.0], "wbgdp2011est": [22.963], "wbpopest": [15.456],
                       "sdpest": [22.042], "wbgdppc2011est": [7.507]})
    res = ps.load_cow_sdp_gdp({"cow_sdp_gdp": _rda(tmp_path, "cow_sdp_gdp", df)})
    assert res.data["wbgdppc2011est"].iat[0] == 7.507  # log(x+1) as shipped, not transformed
    assert any("log(x+1)" in n for n in res.notes)


def test_capitals_dates_overlap_and_coordinates(tmp_path):
    d = dt.date
    df = pd.DataFrame({
        "ccode": [140.0, 140.0, 2.0, 2.0, 900.0],
        "statenme": ["Brazil", "Brazil", "USA", "USA", "Australia"],
        "capital": ["Rio de Janeiro", "Brasilia", "Washington", "Elsewhere", "Melbourne"],
        "stdate": [d(1822, 1, 1), d(1960, 4, 21), d(1816, 1, 1), d(1900, 1, 1), d(1901, 1, 1)],
        "enddate": [d(1960, 4, 20), d(2024, 12, 31), d(2024, 12, 31), d(1950, 1, 1), d(1927, 5, 8)],
        "lat": [-22.9, -10.3, 38.9, 10.0, -137.8],
        "lng": [-43.2, -53.2, -77.0, 10.0, 145.0],
    })
    res = ps.load_cow_capitals({"cow_capitals": _rda(tmp_path, "cow_capitals", df)})
    out = res.data
    assert out["capital"].tolist() == ["Rio de Janeiro", "Brasilia", "Washington"]
    assert out["stdate"].dtype == "datetime64[s]"
    assert out["enddate"].iat[0] == pd.Timestamp("1960-04-20")
    reasons = dict(zip(res.rejected["line"], res.rejected["reason"]))
    assert reasons == {4: "capital spell overlaps the state's previous capital spell",
                       5: "coordinates outside [-90, 90] x [-180, 180]"}


def test_mindist_must_be_non_directed(tmp_path):
    df = pd.DataFrame({"ccode1": [2.0, 20.0, 2.0], "ccode2": [20.0, 2.0, 20.0], "year": [1886.0, 1886.0, 1887.0],
                       "mindist": [0.0, 0.0, 12.5]})
    res = ps.load_cow_mindist({"cow_mindist": _rda(tmp_path, "cow_mindist", df)})
    assert res.data["mindist"].tolist() == [0.0, 12.5]
    assert res.rejected["reason"].tolist() == ["ccode1 >= ccode2 in a non-directed table"]


def test_missing_pyreadr_names_the_fix(tmp_path, monkeypatch):
    path = _rda(tmp_path, "cow_mindist", pd.DataFrame({"ccode1": [2.0]}))
    monkeypatch.setitem(sys.modules, "pyreadr", None)
    with pytest.raises(IngestError, match=r"pip install pyreadr.*alliancestats\[rda\]"):
        ps.load_cow_mindist({"cow_mindist": path})


def test_wrong_object_or_column_is_an_error(tmp_path):
    path = _rda(tmp_path, "other", pd.DataFrame({"ccode1": [2.0]}))
    with pytest.raises(IngestError, match="expected an R object named 'cow_mindist'"):
        ps.load_cow_mindist({"cow_mindist": path})
    path = _rda(tmp_path, "cow_mindist", pd.DataFrame({"ccode1": [2.0]}))
    with pytest.raises(IngestError, match="expected column 'ccode2'"):
        ps.load_cow_mindist({"cow_mindist": path})


CAPDIST = """
numa,ida,numb,idb,kmdist,midist
2,USA,20,CAN,731,456
2,USA,345,SER,7635,4760
2,USA,345,YUG,7635,4760
345,SER,345,YUG,0,0
385,NOR,365,RUS,1677,s
"""


def test_capdist_duplicates_self_pairs_and_junk_cell(tmp_path):
    p = write_text(tmp_path / "capdist.csv", CAPDIST, newline="\r\n")
    res = gleditsch.load_dyad({"capdist": p})
    out = res.data
    assert out[["numa", "numb", "kmdist"]].values.tolist() == [[2, 20, 731], [2, 345, 7635], [385, 365, 1677]]
    assert out["ida"].tolist() == ["USA", "USA", "NOR"]  # codes and ids kept as shipped
    assert pd.isna(out["midist"].iat[2]) and out["midist"].iat[0] == 456
    reasons = dict(zip(res.rejected["line"], res.rejected["reason"]))
    assert reasons == {4: "second record for this ordered pair (same kmdist; first kept)",
                       5: "a state paired with itself"}
    assert any("line 6 (NOR-RUS: 's')" in n for n in res.notes)


# --- real-data tier -------------------------------------------------------------------------------------------


@pytest.mark.parametrize("dataset_id,table,rows_written,rows_rejected", [
    ("peacesciencer_democracy_1_1", "ccode_democracy", 16731, 0),
    ("peacesciencer_sdp_gdp_1_1", "cow_sdp_gdp", 27753, 0),
    ("peacesciencer_capitals_1_2", "cow_capitals", 242, 0),
    ("peacesciencer_mindist_1_2", "cow_mindist", 952244, 0),
    ("gleditsch_capdist", "dyad", 40602, 404),
])
def test_real_tables_account_for_every_record(real_dir, dataset_id, table, rows_written, rows_rejected):
    res, files = load_real_table(real_dir, dataset_id, table)
    assert len(res.data) == rows_written and len(res.rejected) == rows_rejected
    assert res.rows_read == rows_written + rows_rejected
    # MANIFEST row counts ("rows N" for R objects, "rows: N" for CSVs) equal what was read
    text = (real_dir / "MANIFEST.md").read_text(encoding="utf-8")
    name = next(iter(files.values())).name
    block = text.split(f"### `{name}`", 1)[1].split("\n### ", 1)[0]
    assert int(re.search(r"rows:? (\d+)", block).group(1)) == res.rows_read


def test_real_capdist_codes(real_dir):
    res, _ = load_real_table(real_dir, "gleditsch_capdist", "dyad")
    d = res.data
    ids = dict(zip(d["numa"].astype(int), d["ida"]))
    # the documented code facts: COW codes where COW has the state, G&W codes only for G&W-only states
    assert ids[255] == "GMY" and ids[260] == "GFR" and ids[679] == "YEM" and ids[678] == "YAR"
    assert 340 not in ids and ids[345] in ("SER", "YUG")
    assert set(gleditsch.GW_ONLY) <= set(ids)
    usa_can = d[(d["numa"] == 2) & (d["numb"] == 20)]["kmdist"]
    assert usa_can.tolist() == [731]


def test_real_ingest_writes_then_skips(real_dir, tmp_path):
    import alliancestats as als

    out = tmp_path / "processed"
    r1 = als.ingest(real_dir, out, datasets_=MY_DATASETS)
    assert r1.counts() == {"written": 5}
    for t in r1.tables:
        assert t.rows_read == t.rows_written + t.rows_rejected and not t.warnings
    before = {p.name: p.read_bytes() for p in out.glob("*.parquet")}
    r2 = als.ingest(real_dir, out, datasets_=MY_DATASETS)
    assert r2.counts() == {"skipped": 5}
    assert {p.name: p.read_bytes() for p in out.glob("*.parquet")} == before
    rep = json.loads((out / "ingest_report.json").read_text())
    assert {t["table_id"] for t in rep["tables"]} == {
        "peacesciencer_democracy_1_1_ccode_democracy", "peacesciencer_sdp_gdp_1_1_cow_sdp_gdp",
        "peacesciencer_capitals_1_2_cow_capitals", "peacesciencer_mindist_1_2_cow_mindist", "gleditsch_capdist_dyad"}
    # versionless ids resolve to these tables
    dem = als.load("peacesciencer_ccode_democracy", data_dir=out)
    assert dem.attrs["provenance"]["dataset_id"] == "peacesciencer_democracy_1_1"
    assert dem.attrs["provenance"]["sources"] == {
        "ccode_democracy.rda": "d4695e3cd670ec9ec4685b80862f9ccc452b1b4dd605b0c35e1ab2b086cfebbb"}
