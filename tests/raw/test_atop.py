"""ATOP 5.0 (.dta) / 5.1 (.csv) loaders: hand-made fixtures in the release formats + real-data checks."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from alliancestats.errors import IngestError
from alliancestats.raw.catalog import get_dataset
from _util import write_text

# Headers exactly as the 5.1 CSV release writes them (codebook variable order).
M_HEADER = (
    "atopid,cowid,cow4id,member,cowsys,yrent,moent,dayent,yrexit,moexit,dayexit,ineffect,bilat,phase,maxphase,"
    "wartime,cowwar,estmode,pubsecr,secrart,proadd,futmem,speclgth,length,renounce,proren,renewlgt,term,termmode,"
    "termcaus,defense,offense,neutral,nonagg,consul,active,conditio,defcon,offcon,neucon,concon,defcoadv,defcoloc,"
    "defcocon,defconum,defcodem,defconpr,offcoadv,offcoloc,offcocon,offconum,offcodem,neucoadv,neucoloc,neucocon,"
    "neuconum,neucodem,neuconpr,neucoatt,concoadv,concoloc,concocon,concoreq,olimob,asymm,obvary,notaiden,dipaid,"
    "terrres,seppeace,thirdcom,noothall,specthrt,statthr1,statthr2,conwtin,medarb,milcon,milaid,intcom,subord,organ1,"
    "orgpurp1,organ2,orgpurp2,base,contrib,armred,acqterr,divgains,demwith,reflnun,refothio,natrefal,compag,nomicoop,"
    "conres,agprois,conmen,ecaid,interv,source,new5,rev5,version"
)
A_HEADER_HEAD = (
    "atopid,cowid,cow4id,begyr,begmo,begday,endyr,endmo,endday,ineffect,bilat,maxphase,wartime,estmode,pubsecr,"
    "secrart,proadd,futmem,speclgth,length,renounce,proren,renewlgt,term,defense,offense,neutral,nonagg,consul,"
    "active,conditio,defcon,offcon,neucon,concon,asymm,notaiden,dipaid,terrres,seppeace,thirdcom,noothall,specthrt,"
    "statthr1,statthr2,conwtin,medarb,milcon,milaid,intcom,subord,organ1,orgpurp1,organ2,orgpurp2,base,contrib,"
    "armred,acqterr,divgains,demwith,reflnun,refothio,natrefal,compag,nomicoop,conres,agprois,conmen,ecaid,interv"
)


def row(header: str, **values) -> str:
    """A CSV record for ``header`` with every cell 0 except the given ones ("" = empty cell)."""
    cols = header.split(",")
    unknown = set(values) - set(cols)
    assert not unknown, unknown
    return ",".join(str(values.get(c, 0)) for c in cols)


def loader(dataset_id: str, table: str):
    ds = get_dataset(dataset_id)
    spec = next(t for t in ds.tables if t.name == table)
    return lambda path: spec.loader({spec.files[0]: path})


# ---------------------------------------------------------------- member level


def member_file(tmp_path, *records: str, name="atop5_1m.csv"):
    return write_text(tmp_path / name, "\n".join([M_HEADER, *records]), newline="\r\n")


def test_member_dates_censoring_and_types(tmp_path):
    common = dict(atopid=3180, yrent=1949, moent=4, dayent=4, defense=1, version=5.1, source=1, statthr1=365)
    path = member_file(
        tmp_path,
        # ended: exit 19 Jun 1951 (phase 1 of NATO)
        row(M_HEADER, member=2, yrexit=1951, moexit=6, dayexit=19, phase=1, **common),
        # still in effect on 31 Dec 2018: 0/0/0 + ineffect=1
        row(M_HEADER, member=20, yrexit=0, moexit=0, dayexit=0, ineffect=1, phase=2, **common),
        # unknown exit day, unknown entry day, unknown estmode (empty = missing)
        row(M_HEADER, **{**common, "dayent": ""}, member=200, yrexit=1952, moexit=2, dayexit="", estmode=""),
    )
    res = loader("atop_5_1", "member")(path)
    df = res.data
    assert res.rows_read == 3 and len(df) == 3 and len(res.rejected) == 0
    assert df["ccode"].tolist() == [2, 20, 200]
    assert "member" not in df.columns
    assert str(df["ccode"].dtype) == "Int16" and str(df["atopid"].dtype) == "Int32"
    assert str(df["defcoadv"].dtype) == "Int8" and str(df["statthr1"].dtype) == "Int16"
    assert df["statthr1"].tolist() == [365, 365, 365]
    # row 1: ordinary exit
    assert df.loc[0, "exit_date"] == pd.Timestamp("1951-06-19")
    assert df.loc[0, "exit_date_precision"] == "day"
    assert not df.loc[0, "exit_censored"]
    # row 2: right-censored; the 0/0/0 parts are NA
    assert df.loc[1, "exit_censored"]
    assert pd.isna(df.loc[1, "exit_date"]) and pd.isna(df.loc[1, "exit_date_precision"])
    assert df.loc[1, ["yrexit", "moexit", "dayexit"]].isna().all()
    assert df.loc[1, "ineffect"] == 1
    # row 3: unknown day -> month precision, bounded outwards
    assert df.loc[2, "entry_date"] == pd.Timestamp("1949-04-01")
    assert df.loc[2, "entry_date_precision"] == "month"
    assert df.loc[2, "exit_date"] == pd.Timestamp("1952-02-29")  # leap year, last day of month
    assert df.loc[2, "exit_date_precision"] == "month"
    assert pd.isna(df.loc[2, "estmode"]) and df.loc[0, "estmode"] == 0
    assert df["version"].tolist() == ["5.1"] * 3
    assert df["source_line"].tolist() == [2, 3, 4]
    assert str(df["exit_censored"].dtype) == "boolean"


def test_member_contradicting_exit_codes_are_rejected(tmp_path):
    base = dict(atopid=1005, yrent=1815, moent=1, dayent=3, version=5.1, source=1)
    path = member_file(
        tmp_path,
        row(M_HEADER, member=200, yrexit=0, moexit=0, dayexit=0, ineffect=0, **base),  # 0/0/0 but not in effect
        row(M_HEADER, member=220, yrexit=1815, moexit=2, dayexit=8, ineffect=1, **base),  # in effect but dated
        row(M_HEADER, member=230, yrexit=1815, moexit=2, dayexit=8, ineffect=0, **base),  # fine
        row(M_HEADER, member=240, yrexit=1814, moexit=2, dayexit=8, ineffect=0, **base),  # exits before entry
    )
    res = loader("atop_5_1", "member")(path)
    assert res.data["ccode"].tolist() == [230]
    rej = res.rejected.sort_values("line")
    assert rej["line"].tolist() == [2, 3, 5]
    assert "0/0/0" in rej["reason"].iloc[0] and "ineffect=1" in rej["reason"].iloc[1]
    assert "before" in rej["reason"].iloc[2]
    assert set(rej["file"]) == {"atop5_1m.csv"}


def test_member_bad_values_raise_with_location(tmp_path):
    base = dict(atopid=1005, member=200, yrent=1815, moent=1, dayent=3, yrexit=1815, moexit=2, dayexit=8,
                version=5.1, source=1)
    path = member_file(tmp_path, row(M_HEADER, **base), row(M_HEADER, **{**base, "statthr1": -9}))
    with pytest.raises(IngestError) as err:
        loader("atop_5_1", "member")(path)
    assert err.value.line == 3 and err.value.column == "statthr1" and "non-negative" in str(err.value)

    path = member_file(tmp_path, row(M_HEADER, **{**base, "defcoadv": 2}))
    with pytest.raises(IngestError) as err:
        loader("atop_5_1", "member")(path)
    assert err.value.line == 2 and err.value.column == "defcoadv" and "0 or 1" in str(err.value)

    path = member_file(tmp_path, row(M_HEADER, **{**base, "dayexit": 31, "moexit": 4}))  # 31 April
    with pytest.raises(IngestError) as err:
        loader("atop_5_1", "member")(path)
    assert err.value.line == 2 and err.value.column == "dayexit"

    path = member_file(tmp_path, row(M_HEADER, **{**base, "cowwar": "x"}))
    with pytest.raises(IngestError) as err:
        loader("atop_5_1", "member")(path)
    assert err.value.column == "cowwar" and "integer" in str(err.value)


def test_member_wrong_version_and_missing_column_raise(tmp_path):
    base = dict(atopid=1005, member=200, yrent=1815, moent=1, dayent=3, yrexit=1815, moexit=2, dayexit=8, source=1)
    path = member_file(tmp_path, row(M_HEADER, **base, version=5))
    with pytest.raises(IngestError, match="expected ATOP version 5.1, found '5'") as err:
        loader("atop_5_1", "member")(path)
    assert err.value.line == 2
    # the same file is fine as 5.0
    assert loader("atop_5_0", "member")(path).data["version"].tolist() == ["5.0"]

    header = M_HEADER.replace(",defcoadv", "")
    path = write_text(tmp_path / "atop5_1m.csv", "\n".join([header, row(header, **base, version=5.1)]))
    with pytest.raises(IngestError) as err:
        loader("atop_5_1", "member")(path)
    assert err.value.column == "defcoadv"


# ------------------------------------------------------- alliance / phase level


def a_header(n_mem: int, phase: bool = False) -> str:
    head = A_HEADER_HEAD
    if phase:
        head = head.replace("atopid,cowid", "atopid,atopidphase,cowid").replace("bilat,maxphase", "bilat,phase,maxphase")
    return ",".join([head, *(f"mem{i}" for i in range(1, n_mem + 1)), "source,new5,rev5,version"])


def test_alliance_dates_members_and_censoring(tmp_path):
    h = a_header(4)
    path = write_text(tmp_path / "atop5_1a.csv", "\n".join([
        h,
        row(h, atopid=1005, begyr=1815, begmo=1, begday=3, endyr=1815, endmo=2, endday=8, mem1=200, mem2=220,
            mem3=240, mem4="", version=5.1, source=1, cowid="", statthr1=""),
        row(h, atopid=3180, begyr=1949, begmo=4, begday="", endyr=0, endmo=0, endday=0, ineffect=1, mem1=2,
            mem2=20, mem3="", mem4="", version=5.1, source=1, cowid=3180, statthr1=365),
    ]), newline="\r\n")
    df = loader("atop_5_1", "alliance")(path).data
    assert [c for c in df.columns if c.startswith("mem")] == ["mem1", "mem2", "mem3", "mem4"]
    assert str(df["mem1"].dtype) == "Int16"
    assert df["mem3"].tolist()[0] == 240 and pd.isna(df["mem3"].iloc[1]) and pd.isna(df["mem4"].iloc[0])
    assert df.loc[0, "begin_date"] == pd.Timestamp("1815-01-03") and df.loc[0, "end_date"] == pd.Timestamp("1815-02-08")
    assert df.loc[1, "begin_date"] == pd.Timestamp("1949-04-01") and df.loc[1, "begin_date_precision"] == "month"
    assert df["end_censored"].tolist() == [False, True]
    assert pd.isna(df.loc[1, "end_date"]) and pd.isna(df.loc[1, "endyr"])
    assert pd.isna(df.loc[0, "cowid"]) and df.loc[1, "cowid"] == 3180
    assert pd.isna(df.loc[0, "statthr1"]) and df.loc[1, "statthr1"] == 365


def test_alliance_member_columns_must_be_consecutive(tmp_path):
    h = a_header(3).replace("mem2,", "")
    path = write_text(tmp_path / "atop5_1a.csv", "\n".join([
        h, row(h, atopid=1005, begyr=1815, begmo=1, begday=3, endyr=1815, endmo=2, endday=8, version=5.1, source=1)]))
    with pytest.raises(IngestError) as err:
        loader("atop_5_1", "alliance")(path)
    assert err.value.column == "mem2"


def test_phase_dta_float32_atopidphase_and_version(tmp_path):
    """5.0 ships Stata files with float32 atopidphase/version (1020.0999755859375, 5)."""
    h = a_header(2, phase=True).split(",")
    recs = []
    for aid, ap, ph in [(1005, 1005, 0), (1020, 1020.1, 1), (1020, 1020.2, 2), (7050, 7050.3, 3)]:
        r = dict.fromkeys(h, 0)
        r.update(atopid=aid, atopidphase=ap, phase=ph, begyr=1815, begmo=1, begday=3, endyr=1816, endmo=1,
                 endday=1, mem1=200, mem2=220, source=1, version=5.0, estmode=np.nan)
        recs.append(r)
    frame = pd.DataFrame(recs, columns=h).astype("float64")
    frame[["atopidphase", "version"]] = frame[["atopidphase", "version"]].astype("float32")
    for c in ("atopid", "begyr", "endyr", "mem1", "mem2"):
        frame[c] = frame[c].astype("int16")
    path = tmp_path / "atop5_0aph.dta"
    frame.to_stata(path, write_index=False)
    assert pd.read_stata(path)["atopidphase"].astype("float64").iloc[1] != 1020.1  # float32 artefact is real
    df = loader("atop_5_0", "phase")(path).data
    assert df["atopidphase"].tolist() == ["1005", "1020.1", "1020.2", "7050.3"]
    assert df["phase"].tolist() == [0, 1, 2, 3]
    assert df["version"].tolist() == ["5.0"] * 4
    assert df["estmode"].isna().all()
    assert df["source_line"].tolist() == [1, 2, 3, 4]  # .dta: row numbers
    assert df.columns[:3].tolist() == ["atopid", "atopidphase", "cowid"]

    frame.loc[2, "phase"] = 1  # atopidphase 1020.2 says phase 2
    frame.to_stata(path, write_index=False)
    with pytest.raises(IngestError) as err:
        loader("atop_5_0", "phase")(path)
    assert err.value.line == 3 and err.value.column == "phase"


# ----------------------------------------------------- institutions, state-year


def test_institutions(tmp_path):
    path = write_text(tmp_path / "atopinst5_1.csv", """
atopid,atopidphase,milinst,formal,version
1005,1005,1,1,5.0999999
2050,2050.1001,1,2,5.0999999
2050,2050.2,2,2,5.0999999
3485,3485,,0,5.0999999
""", newline="\r\n")
    df = loader("atop_5_1", "institutions")(path).data
    assert df["atopidphase"].tolist() == ["1005", "2050.1", "2050.2", "3485"]
    assert df["phase"].tolist() == [0, 1, 2, 0]
    assert df["milinst"].tolist()[:3] == [1, 1, 2] and pd.isna(df["milinst"].iloc[3])
    assert df["version"].tolist() == ["5.1"] * 4

    path = write_text(tmp_path / "atopinst5_1.csv", "atopid,atopidphase,milinst,formal,version\n2050,2051.1,1,2,5.1\n")
    with pytest.raises(IngestError) as err:
        loader("atop_5_1", "institutions")(path)
    assert err.value.column == "atopidphase" and err.value.line == 2


def sy_header(n=59):
    return ",".join(["state,year,atopally,defense,offense,neutral,nonagg,consul,number,transyr",
                     *(f"atopid{i}" for i in range(1, n + 1)), "version"])


def test_state_year(tmp_path):
    h = sy_header()
    path = write_text(tmp_path / "atop5_1sy.csv", "\n".join([
        h,
        row(h, state=2, year=1949, atopally=1, defense=1, consul=1, number=2, transyr=1, atopid1=3150, atopid2=3180,
            **{f"atopid{i}": "" for i in range(3, 60)}, version=5.1),
        row(h, state=2, year=1950, atopally=1, defense=1, number=1, atopid1=3180,
            **{f"atopid{i}": "" for i in range(2, 60)}, version=5.1),
        row(h, state=2, year=1950, atopally=1, defense=1, number=1, atopid1=3180,
            **{f"atopid{i}": "" for i in range(2, 60)}, version=5.1),
    ]), newline="\r\n")
    res = loader("atop_5_1", "state_year")(path)
    df = res.data
    assert df.columns[:3].tolist() == ["ccode", "year", "atopally"]
    assert [c for c in df.columns if c.startswith("atopid")] == [f"atopid{i}" for i in range(1, 60)]
    assert str(df["atopid59"].dtype) == "Int32"
    assert df.loc[0, ["atopid1", "atopid2"]].tolist() == [3150, 3180] and pd.isna(df.loc[0, "atopid3"])
    assert res.rejected["line"].tolist() == [4] and "duplicate" in res.rejected["reason"].iloc[0]


# ---------------------------------------- optional dyad-year / directed dyad-year


DY_HEADER = ("dyad,year,atopally,defense,offense,neutral,nonagg,consul,shareob,transyr,bilatno,multino,number,asymm,"
             + ",".join(f"atopid{i}" for i in range(1, 10)) + ",mem1,mem2,version")
DDY_HEADER = ("ddyad,year,atopally,defense,offense,neutral,nonagg,consul,shareob,transyr,bilatno,multino,number,asymm,"
              + ",".join(f"atopid{i}" for i in range(1, 10)) + ",stateA,stateB,version")


def test_dyad_year_fixture(tmp_path):
    empty = {f"atopid{i}": "" for i in range(2, 10)}
    path = write_text(tmp_path / "atop5_1dy.csv", "\n".join([
        DY_HEADER,
        row(DY_HEADER, dyad=200220, year=1855, atopally=1, consul=1, shareob="", multino=1, number=1, asymm=1,
            atopid1=1235, mem1=200, mem2=220, version=5.1, **empty),
        row(DY_HEADER, dyad=200380, year=1855, atopally=1, defense=1, consul=1, shareob="", multino=1, number=1,
            asymm=1, atopid1=1235, mem1=200, mem2=380, version=5.1, **empty),
        row(DY_HEADER, dyad=2020, year=1949, atopally=1, shareob=1, multino=1, number=1, asymm=1,
            atopid1=3180, mem1=2, mem2=20, version=5.1, **empty),
    ]), newline="\r\n")
    df = loader("atop_5_1", "dyad_year")(path).data
    assert df[["ccode1", "ccode2"]].values.tolist() == [[200, 220], [200, 380], [2, 20]]
    assert df["dyad"].tolist() == [200220, 200380, 2020] and str(df["dyad"].dtype) == "Int32"
    assert df["shareob"].tolist() == [0, 0, 1]  # codebook: empty = "not 1"
    assert df["defense"].tolist() == [0, 1, 0]
    assert [c for c in df.columns if c.startswith("atopid")] == [f"atopid{i}" for i in range(1, 10)]


def test_directed_dyad_year_fixture_and_driver(tmp_path):
    empty = {f"atopid{i}": "" for i in range(2, 10)}
    raw = tmp_path / "raw"
    write_text(raw / "atop5_1ddyr.csv", "\n".join([
        DDY_HEADER,
        row(DDY_HEADER, ddyad=200380, year=1855, atopally=1, defense=1, consul=1, shareob="", multino=1, number=1,
            asymm=1, atopid1=1235, stateA=200, stateB=380, version=5.1, **empty),
        row(DDY_HEADER, ddyad=380200, year=1855, atopally=1, consul=1, shareob="", multino=1, number=1,
            asymm=1, atopid1=1235, stateA=380, stateB=200, version=5.1, **empty),
    ]), newline="\r\n")
    df = loader("atop_5_1", "directed_dyad_year")(raw / "atop5_1ddyr.csv").data
    assert df[["ccode1", "ccode2", "defense", "consul"]].values.tolist() == [[200, 380, 1, 1], [380, 200, 0, 1]]
    assert "statea" not in df.columns

    import alliancestats as als

    rep = als.ingest(raw, tmp_path / "out", datasets_=["atop_5_1"])
    out = {t.table_id: t for t in rep.tables}
    assert out["atop_5_1_directed_dyad_year"].status == "written"
    assert out["atop_5_1_directed_dyad_year"].rows_written == 2
    assert out["atop_5_1_member"].status == "missing_input"
    stored = pd.read_parquet(tmp_path / "out" / "atop_5_1_directed_dyad_year.parquet")
    assert stored["ccode1"].tolist() == [200, 380]


def test_catalog_entries():
    d51, d50 = get_dataset("atop_5_1"), get_dataset("atop_5_0")
    assert d51.family == d50.family == "atop"
    assert d51.coverage == d50.coverage == (1815, 2018)
    assert {t.name for t in d51.tables} == {"alliance", "alliance_nna", "phase", "member", "member_nna",
                                            "state_year", "institutions", "dyad_year", "directed_dyad_year"}
    assert {t.name for t in d50.tables} == {"alliance", "alliance_nna", "phase", "member", "member_nna", "state_year"}
    assert d51.file("dy").optional and d51.file("ddyr").optional and not d51.file("dy").sha256
    assert d51.file("m").rows == 2510 and d50.file("sy").rows == 11835
    assert all(dl.url.startswith("http://www.atopdata.org/") for d in (d51, d50) for dl in d.downloads)


# ------------------------------------------------------------------ real data

REAL_ROWS = {
    "atop_5_1": {"alliance": 789, "alliance_nna": 589, "phase": 849, "member": 2510, "member_nna": 1838,
                 "state_year": 11923, "institutions": 849},
    "atop_5_0": {"alliance": 765, "alliance_nna": 580, "phase": 820, "member": 2446, "member_nna": 1812,
                 "state_year": 11835},
}
# The 12 signatories of 4 Apr 1949: USA, Canada, UK, Netherlands, Belgium, Luxembourg, France,
# Portugal (235), Italy, Norway, Denmark, Iceland. (Ireland, 205, never joined.)
NATO_FOUNDERS = [2, 20, 200, 210, 211, 212, 220, 235, 325, 385, 390, 395]


@pytest.fixture(scope="module")
def real_atop(real_dir, tmp_path_factory):
    import alliancestats as als

    out = tmp_path_factory.mktemp("atop_real")
    rep = als.ingest(real_dir, out, datasets_=["atop_5_1", "atop_5_0"])
    return out, {t.table_id: t for t in rep.tables}


def test_real_row_counts(real_atop):
    out, tables = real_atop
    for ds, rows in REAL_ROWS.items():
        for name, n in rows.items():
            t = tables[f"{ds}_{name}"]
            assert t.status == "written", (t.table_id, t.error)
            assert (t.rows_read, t.rows_written, t.rows_rejected) == (n, n, 0), t.table_id
            assert not t.warnings  # found by known sha256
    assert tables["atop_5_1_dyad_year"].status == "missing_input"


@pytest.mark.parametrize("ds", ["atop_5_1", "atop_5_0"])
def test_real_nato(real_atop, ds):
    out, _ = real_atop
    m = pd.read_parquet(out / f"{ds}_member.parquet")
    nato = m[m["atopid"] == 3180]
    first = nato[nato["yrent"] == 1949]
    assert sorted(first["ccode"].unique().tolist()) == NATO_FOUNDERS
    assert 205 not in set(nato["ccode"])
    assert (first["defense"] == 1).all()
    assert (first["entry_date"] == pd.Timestamp("1949-04-04")).all()
    # the United States is still in NATO at the end of the data
    us = nato[nato["ccode"] == 2]
    assert us["exit_censored"].sum() == 1 and us.loc[us["exit_censored"], "exit_date"].isna().all()
    a = pd.read_parquet(out / f"{ds}_alliance.parquet").set_index("atopid")
    assert a.loc[3180, "begin_date"] == pd.Timestamp("1949-04-04")
    assert bool(a.loc[3180, "end_censored"]) and pd.isna(a.loc[3180, "end_date"])
    assert a.loc[3180, "defense"] == 1
    sy = pd.read_parquet(out / f"{ds}_state_year.parquet")
    us1950 = sy[(sy["ccode"] == 2) & (sy["year"] == 1950)].iloc[0]
    ids = us1950[[f"atopid{i}" for i in range(1, 60)]].dropna().tolist()
    assert 3180 in ids and len(ids) == us1950["number"]
    assert us1950["defense"] == 1


def test_real_censoring_and_missing(real_atop):
    out, _ = real_atop
    m = pd.read_parquet(out / "atop_5_1_member.parquet")
    # MANIFEST/codebook: 1146 member records with 0/0/0 exit and ineffect=1; 31 with unknown exit day
    assert int(m["exit_censored"].sum()) == 1146 == int((m["ineffect"] == 1).sum())
    assert m.loc[m["exit_censored"], ["yrexit", "exit_date"]].isna().all().all()
    assert m.loc[~m["exit_censored"], "exit_date"].notna().all()
    assert int((m["exit_date_precision"] == "month").sum()) == 31
    assert int((m["entry_date_precision"] == "month").sum()) == 5
    assert m["yrexit"].min() >= 1815 and m["exit_date"].max() <= pd.Timestamp("2018-12-31")
    assert m["statthr1"].isna().sum() == 30 and m["estmode"].isna().sum() == 11
    assert set(m["version"]) == {"5.1"}
    assert (m["exit_date"].dropna() >= m.loc[m["exit_date"].notna(), "entry_date"]).all()


def test_real_phase_ids(real_atop):
    out, _ = real_atop
    ph = pd.read_parquet(out / "atop_5_1_phase.parquet")
    inst = pd.read_parquet(out / "atop_5_1_institutions.parquet")
    assert set(ph["atopidphase"]) == set(inst["atopidphase"])
    assert "1350.4" in set(ph["atopidphase"]) and "1005" in set(ph["atopidphase"])
    assert set(inst["version"]) == {"5.1"}  # the file says 5.0999999
    assert int(inst["milinst"].isna().sum()) == 6
    ph0 = pd.read_parquet(out / "atop_5_0_phase.parquet")
    assert "1020.1" in set(ph0["atopidphase"]) and set(ph0["version"]) == {"5.0"}
    # float32 (5.0 .dta) and decimal text (5.1 csv) give the same ids
    assert {"1020.1", "1020.2", "1020.3", "1350.4", "3180.1", "3180.2"} <= set(ph0["atopidphase"]) & set(ph["atopidphase"])
    assert not any("." in x and len(x.split(".")[1]) != 1 for x in ph0["atopidphase"])
