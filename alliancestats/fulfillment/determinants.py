"""Determinants of honoring an alliance commitment: a logit on coded opportunities.

Covariates (after Leeds 2003, IO 57:801-827, who finds that changes in
capabilities since formation, major-power status and the beneficiary being
the original target predict violation):

* ``cap_change`` -- |ln(CINC_O at the invocation year / CINC_O in the year O
  first entered the alliance)| (COW NMC; Singer, Bremer & Stuckey 1972); the
  base year is O's earliest ATOP entry into the alliance over all phases,
  not the start of the phase in force (Leeds 2003: change since formation). NA when
  either year is outside NMC coverage or a CINC is 0/missing (the case then
  drops listwise; never imputed).
* ``major_o`` -- O is a COW major power on the invocation date (majors
  spells, v2016).
* ``milinst`` -- ATOP military institutionalisation of the alliance phase,
  0/1/2 (Leeds & Anac 2005; ATOP institutions file); NA if not coded.
* ``log_members`` -- ln(number of alliance members on the invocation date).
* ``original_target`` -- B was on the target side on the war's first day.
* ``post1945`` -- invocation in 1945 or later.

Estimated with :func:`alliancestats.models.fit_binary` (logit), standard
errors clustered by war (default) or alliance (``cluster="atopid"``).
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from ..models.binary import BinaryResult, fit_binary
from ..panels._frame import merge_checked
from ..store import load
from .rates import analysis_sample

DETERMINANTS = ("cap_change", "major_o", "milinst", "log_members", "original_target", "post1945")


def determinants_data(coded: pd.DataFrame, data_dir=None, *, include_undecidable: bool = False,
                      nmc: pd.DataFrame | None = None, majors: pd.DataFrame | None = None,
                      institutions: pd.DataFrame | None = None, members: pd.DataFrame | None = None) -> pd.DataFrame:
    """The analysis sample with the covariates attached (validated joins)."""
    s = analysis_sample(coded, include_undecidable=include_undecidable).reset_index(drop=True)
    if members is None:
        members = load("atop_member", data_dir=data_dir, columns=["atopid", "ccode", "entry_date"])
    first = (members.groupby(["atopid", "ccode"], as_index=False)["entry_date"].min()
             .rename(columns={"ccode": "obligated", "entry_date": "_first_entry"}))
    first = first.astype({"atopid": "int64", "obligated": "int64"})
    key = s[["atopid", "obligated"]].astype("int64")
    s["_first_entry"] = merge_checked(key, first, ["atopid", "obligated"], what="first entry into the alliance")[
        "_first_entry"].to_numpy()
    nmc = load("nmc_state_year", data_dir=data_dir, columns=["ccode", "year", "cinc"]) if nmc is None else nmc
    majors = load("cow_states_2016_majors", data_dir=data_dir) if majors is None else majors
    inst = load("atop_institutions", data_dir=data_dir) if institutions is None else institutions
    c = nmc[["ccode", "year", "cinc"]].astype({"ccode": "int64", "year": "int64"})
    s["_y_now"] = s["invocation_date"].dt.year.astype("int64")
    s["_y_form"] = s["_first_entry"].fillna(s["o_entry_date"]).dt.year.astype("int64")
    s["_cc"] = s["obligated"].astype("int64")
    now = merge_checked(s[["_cc", "_y_now"]].rename(columns={"_cc": "ccode", "_y_now": "year"}), c,
                        ["ccode", "year"], what="NMC at invocation")["cinc"]
    form = merge_checked(s[["_cc", "_y_form"]].rename(columns={"_cc": "ccode", "_y_form": "year"}), c,
                         ["ccode", "year"], what="NMC at formation")["cinc"]
    now = now.astype("Float64").to_numpy(dtype="float64", na_value=np.nan)
    form = form.astype("Float64").to_numpy(dtype="float64", na_value=np.nan)
    with np.errstate(divide="ignore", invalid="ignore"):
        cc = np.abs(np.log(now / form))
    s["cap_change"] = np.where(np.isfinite(cc), cc, np.nan)
    # major power on the invocation date (spells)
    mj = majors[["ccode", "start_date", "end_date"]].copy()
    mj["ccode"] = mj["ccode"].astype("int64")
    probe = s[["_cc", "invocation_date"]].reset_index().rename(columns={"_cc": "ccode"})
    hit = probe.merge(mj, on="ccode", how="inner")
    hit = hit[(pd.to_datetime(hit["start_date"]) <= hit["invocation_date"])
              & (hit["invocation_date"] <= pd.to_datetime(hit["end_date"]))]
    s["major_o"] = np.isin(np.arange(len(s)), hit["index"].to_numpy()).astype("int8")
    mj_last = pd.to_datetime(mj["end_date"]).max()
    s.loc[s["invocation_date"] > mj_last, "major_o"] = np.nan  # outside majors coverage -> NA
    # institutionalisation per alliance phase
    ins = inst[["atopid", "phase", "milinst"]].astype({"atopid": "int64", "phase": "int64"})
    s["_aid"], s["_ph"] = s["atopid"].astype("int64"), s["phase"].astype("int64")
    s["milinst"] = merge_checked(s[["_aid", "_ph"]].rename(columns={"_aid": "atopid", "_ph": "phase"}), ins,
                                 ["atopid", "phase"], what="ATOP institutions")["milinst"].astype("Float64").to_numpy(
        dtype="float64", na_value=np.nan)
    s["log_members"] = np.log(s["n_members"].astype("float64"))
    s["original_target"] = s["b_original_target"].astype("int8")
    s["post1945"] = (s["invocation_date"].dt.year >= 1945).astype("int8")
    return s.drop(columns=["_y_now", "_y_form", "_cc", "_aid", "_ph", "_first_entry"])


def fit_determinants(coded: pd.DataFrame, data_dir=None, *, covariates=DETERMINANTS, cluster: str = "warnum",
                     include_undecidable: bool = False, data: pd.DataFrame | None = None, **kw) -> BinaryResult:
    """Logit of ``honored`` on the determinants, cluster-robust SEs by war (or alliance)."""
    d = determinants_data(coded, data_dir, include_undecidable=include_undecidable, **kw) if data is None else data
    res = fit_binary(d, "honored", list(covariates), link="logit", se="cluster", cluster=cluster)
    res.notes.append(f"scheme {coded['scheme'].iat[0]!r}; unit = alliance-war opportunity (obligated member, "
                     "beneficiary, war, obligation type)")
    return res
