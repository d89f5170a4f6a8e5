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
from ..joins import merge_checked
from ..store import load
from .rates import analysis_sample

DETERMINANTS = ("cap_change", "major_o", "milinst", "log_members", "original_target", "post1945")
#: Leeds & Anac (2005) covariates on the alliance x war case unit
CASE_DETERMINANTS = ("milinst", "formal", "cap_change", "polity_change", "original_target")


def _state_year_values(ccode, year, table: pd.DataFrame, col: str, what: str) -> np.ndarray:
    """``col`` of a (ccode, year) table at each (ccode, year), float with NaN where absent or missing."""
    t = table[["ccode", "year", col]].dropna(subset=["ccode", "year"]).astype({"ccode": "int64", "year": "int64"})
    probe = pd.DataFrame({"ccode": np.asarray(ccode, dtype="int64"), "year": np.asarray(year, dtype="int64")})
    v = merge_checked(probe, t, ["ccode", "year"], what=what)[col]
    return v.astype("Float64").to_numpy(dtype="float64", na_value=np.nan)


def _change_since(ccode, year_from, year_to, table: pd.DataFrame, col: str, how: str, *, what: str) -> np.ndarray:
    """|change| of a state-year variable between two years: ``"log_ratio"`` |ln(x1/x0)| or ``"difference"`` |x1-x0|.

    NaN when either year is missing or outside the table (never imputed); log ratios of 0 are NaN.
    """
    x0 = _state_year_values(ccode, year_from, table, col, f"{what} at signature")
    x1 = _state_year_values(ccode, year_to, table, col, f"{what} at invocation")
    with np.errstate(divide="ignore", invalid="ignore"):
        ch = np.abs(np.log(x1 / x0)) if how == "log_ratio" else np.abs(x1 - x0)
    return np.where(np.isfinite(ch), ch, np.nan)


def determinants_data(coded: pd.DataFrame, data_dir=None, *, include_undecidable: bool = False,
                      nmc: pd.DataFrame | None = None, majors: pd.DataFrame | None = None,
                      institutions: pd.DataFrame | None = None, members: pd.DataFrame | None = None) -> pd.DataFrame:
    """The analysis sample with the covariates attached (validated joins).

    Parameters
    ----------
    coded : DataFrame
    data_dir : path, optional
    include_undecidable : bool
    nmc, majors, institutions, members : DataFrame, optional

    Returns
    -------
    DataFrame

    Examples
    --------
    >>> determinants_data(coded, ddir)  # doctest: +SKIP
    """
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
    s["_y_now"] = s["invocation_date"].dt.year.astype("int64")
    s["_y_form"] = s["_first_entry"].fillna(s["o_entry_date"]).dt.year.astype("int64")
    s["_cc"] = s["obligated"].astype("int64")
    s["cap_change"] = _change_since(s["_cc"], s["_y_form"], s["_y_now"], nmc, "cinc", "log_ratio", what="NMC")
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
    """Logit of ``honored`` on the determinants, cluster-robust SEs by war (or alliance).

    Parameters
    ----------
    coded : DataFrame
    data_dir : path, optional
    covariates : sequence of str
    cluster : str
    include_undecidable : bool
    data : DataFrame, optional
    **kw
        Passed to :func:`~alliancestats.models.binary.fit_binary`.

    Returns
    -------
    BinaryResult
        Logit of honoring on the member-pair unit.

    Examples
    --------
    >>> fit_determinants(coded, ddir).summary()  # doctest: +SKIP
    """
    d = determinants_data(coded, data_dir, include_undecidable=include_undecidable, **kw) if data is None else data
    res = fit_binary(d, "honored", list(covariates), link="logit", se="cluster", cluster=cluster)
    res.notes.append(f"scheme {coded['scheme'].iat[0]!r}; unit = alliance-war opportunity (obligated member, "
                     "beneficiary, war, obligation type)")
    return res


def case_determinants_data(fc, data_dir=None, *, nmc: pd.DataFrame | None = None,
                           institutions: pd.DataFrame | None = None, members: pd.DataFrame | None = None,
                           democracy: pd.DataFrame | None = None) -> tuple[pd.DataFrame, list[str]]:
    """Relevant alliance x war cases with the Leeds & Anac (2005) covariates; returns (data, notes).

    Covariates (Leeds & Anac 2005, International Interactions 31:183-202; Leeds 2003, IO 57:801):

    * ``milinst`` -- military institutionalisation 0/1/2 and ``formal`` -- formality 0/1/2 of the
      alliance phase in force at the case's first decided invocation: the Leeds & Anac summary measures
      shipped by ATOP 5.1 in ``atopinst5_1.csv`` (codebook sec. 2.34: built from CONWTIN, MEDARB, MILCON,
      MILAID, INTCOM, SUBORD, ORGAN1/2, BASE, CONTRIB ...);
    * ``cap_change`` -- the largest ``|ln(CINC now / CINC at signature)|`` over the case's obligated members
      whose obligation was decided (NMC); "signature" is the member's first ATOP entry into the alliance;
    * ``polity_change`` -- the largest ``|Polity2 now - Polity2 at signature|`` over the same members
      (peacesciencer ``ccode_democracy``, Polity 2017); if that table is not ingested the variable is
      left out and a note says so (never imputed);
    * ``original_target`` -- a beneficiary of the case was the war's original target.

    The case takes the *largest* change among its obligated members because one member's violation
    violates the case under ``case_outcome="all"``.

    Parameters
    ----------
    fc : FulfillmentCases
    data_dir : path, optional
    nmc, institutions, members, democracy : DataFrame, optional
        Source tables (default: the processed ones).

    Returns
    -------
    (DataFrame, list of str)
        The relevant cases with the covariates, and notes.

    Examples
    --------
    >>> case_determinants_data(fc, ddir)  # doctest: +SKIP
    """
    notes: list[str] = []
    c = fc.cases[fc.cases["relevant"]].reset_index(drop=True)
    p = fc.pairs[fc.pairs["status"].isin(["honored", "violated"])]
    p = merge_checked(p, c[["atopid", "warnum"]], ["atopid", "warnum"], how="inner",
                      what="decided pairs of relevant cases").reset_index(drop=True)
    if members is None:
        members = load("atop_member", data_dir=data_dir, columns=["atopid", "ccode", "entry_date"])
    first = (members.groupby(["atopid", "ccode"], as_index=False)["entry_date"].min()
             .rename(columns={"ccode": "obligated", "entry_date": "_sig"}).astype({"atopid": "int64",
                                                                                  "obligated": "int64"}))
    key = p[["atopid", "obligated"]].astype("int64")
    sig = merge_checked(key, first, ["atopid", "obligated"], what="first entry into the alliance")["_sig"]
    y_sig = pd.to_datetime(sig).dt.year.to_numpy()
    y_now = p["invocation_date"].dt.year.to_numpy()
    cc = p["obligated"].astype("int64").to_numpy()
    nmc = load("nmc_state_year", data_dir=data_dir, columns=["ccode", "year", "cinc"]) if nmc is None else nmc
    p["cap_change"] = _change_since(cc, y_sig, y_now, nmc, "cinc", "log_ratio", what="NMC")
    if democracy is None:
        try:
            democracy = load("peacesciencer_ccode_democracy", data_dir=data_dir)
        except FileNotFoundError:
            notes.append("polity_change unavailable: table peacesciencer_ccode_democracy is not ingested "
                         "(peacesciencer ccode_democracy.rda); the model is fitted without it")
    if democracy is not None:
        p["polity_change"] = _change_since(cc, y_sig, y_now, democracy, "polity2", "difference", what="Polity2")
    agg = {v: (v, "max") for v in ("cap_change", "polity_change") if v in p}
    per_case = p.groupby(["atopid", "warnum"]).agg(**agg).reset_index()
    out = merge_checked(c, per_case, ["atopid", "warnum"], validate="one_to_one", what="case changes since signing")
    # institutions of the phase in force at the first decided invocation
    ph = p.sort_values(["invocation_date", "phase"], kind="stable").drop_duplicates(["atopid", "warnum"])
    out = merge_checked(out, ph[["atopid", "warnum", "phase"]], ["atopid", "warnum"], validate="one_to_one",
                        what="phase at the first decided invocation")
    inst = load("atop_institutions", data_dir=data_dir) if institutions is None else institutions
    have = [v for v in ("milinst", "formal") if v in inst.columns]
    notes.extend(f"{v} unavailable: not a column of the ATOP institutions table" for v in ("milinst", "formal")
                 if v not in have)
    ins = inst[["atopid", "phase", *have]].astype({"atopid": "int64", "phase": "int64"})
    k = out[["atopid", "phase"]].astype("int64")
    got = merge_checked(k, ins, ["atopid", "phase"], what="ATOP institutions")
    for v in have:
        out[v] = got[v].astype("Float64").to_numpy(dtype="float64", na_value=np.nan)
    out["original_target"] = out["original_target"].astype("int8")
    out["honored"] = out["honored"].astype("int8")
    return out, notes


def fit_case_determinants(fc, data_dir=None, *, covariates=CASE_DETERMINANTS, cluster: str = "atopid",
                          data: pd.DataFrame | None = None, **kw) -> BinaryResult:
    """Logit of honoring on the case unit (Leeds & Anac 2005), cluster-robust SEs by alliance (default).

    A covariate that is unavailable (e.g. ``polity_change`` without the peacesciencer table) is dropped with a
    note in ``result.notes``.

    Parameters
    ----------
    fc : FulfillmentCases
    data_dir : path, optional
    covariates : sequence of str
        From :data:`CASE_DETERMINANTS`.
    cluster : str
        Cluster column for the robust errors.
    data : DataFrame, optional
        Precomputed :func:`case_determinants_data`.
    **kw
        Passed to :func:`~alliancestats.models.binary.fit_binary`.

    Returns
    -------
    BinaryResult
        Logit of honoring on the alliance x war case unit.

    Examples
    --------
    >>> fit_case_determinants(build_cases(ddir), ddir).summary()  # doctest: +SKIP
    """
    notes: list[str] = []
    if data is None:
        data, notes = case_determinants_data(fc, data_dir, **kw)
    cov = [v for v in covariates if v in data.columns]
    res = fit_binary(data, "honored", cov, link="logit", se="cluster", cluster=cluster)
    res.notes.extend(notes)
    res.notes.append(f"unit = alliance x war case; rules {fc.rules.name!r}; SEs clustered by {cluster}")
    return res
