"""Threat measure for spill-in models: military spending of recent dispute opponents.

Sandler & Murdoch (1990, "Nash-Cournot or Lindahl behavior? An empirical
test for the NATO allies", QJE 105:875) model an ally's spending as a
function of its income, the spending of its allies (spill-in) and a threat,
which they measure with Soviet/Warsaw Pact spending. A bloc total is the same
for every NATO member in a year and is absorbed by year effects, so the
measure here varies by state and is built from data the project has:

    threat_{i,t} = sum over j in R_i(t) of M_{j,t},
    R_i(t) = { j : i and j were on opposite sides of a militarized
               interstate dispute in any year t-w .. t-1 }

with M the military spending series passed in (e.g. best available current
US$ million) and w = ``window`` (default 5). Dispute dyads come from the
Gibler-Miller-Little MID 2.1 directed dyad-year file (Gibler, Miller & Little
2016; built from its participant file when the dyad-year file is not
ingested), coverage 1816-2010: threat is NA in years whose window reaches past
the coverage, 0 inside the coverage when the state had no dispute opponent
(a real zero), and a rival whose spending is missing in year t is counted in
``threat_n_missing`` (by default threat is NA if any is missing, so the sum
is never silently incomplete; ``missing="skip"`` sums the rivals with data). Opponents that are also allies (Greece-Turkey) count as
threats: the measure is about disputes, not alignments.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from ..raw.catalog import coverage
from ..errors import ModelInputError, check_option
from ..joins import merge_checked
from ..store import load


def rival_sets(dyads: pd.DataFrame, *, window: int = 5) -> pd.DataFrame:
    """``ccode, year, rival``: j is a rival of i in year t if they disputed in t-window..t-1."""
    d = dyads[["ccode1", "ccode2", "year"]].dropna().astype("int64").drop_duplicates()
    lags = np.arange(1, window + 1)
    out = pd.DataFrame({
        "ccode": np.repeat(d["ccode1"].to_numpy(), window),
        "rival": np.repeat(d["ccode2"].to_numpy(), window),
        "year": (d["year"].to_numpy()[:, None] + lags[None, :]).ravel(),
    })
    return out.drop_duplicates().sort_values(["ccode", "year", "rival"]).reset_index(drop=True)


def dispute_dyads(data_dir=None) -> tuple[pd.DataFrame, str]:
    """Directed opponent dyad-years (``ccode1, ccode2, year``) and the dataset id they came from.

    GML's own directed dyad-year file when ingested; otherwise built from the
    GML participant file with the package's opposing-pairs rule (participants
    on opposite sides whose spells share a day;
    :func:`alliancestats.panels._event_dyads.opposing_pairs`).
    """
    from ..errors import MissingDataError
    from ..panels._event_dyads import opposing_pairs

    try:
        dy = load("gml_mid_directed_dyad_year", data_dir=data_dir, columns=["ccode1", "ccode2", "year"])
        return dy, dy.attrs["provenance"]["dataset_id"]
    except MissingDataError:
        p = load("gml_mid_participant", data_dir=data_dir)
        ds = p.attrs["provenance"]["dataset_id"]
        cov = coverage(ds)
        p = p.rename(columns={"start_date": "start", "end_date": "end"})
        dy = opposing_pairs(p, event="dispnum", side="sidea", first=cov[0], last=cov[1])
        return dy[["ccode1", "ccode2", "year"]], ds


def mid_threat(state_years: pd.DataFrame, spending: pd.DataFrame, *, window: int = 5, data_dir=None,
               dyads: pd.DataFrame | None = None, cov: tuple[int, int] | None = None,
               missing: str = "na") -> pd.DataFrame:
    """Add ``threat``, ``threat_n_rivals``, ``threat_n_missing`` to ``state_years`` (``ccode, year``).

    ``spending``: ``ccode, year, value`` (one row per country-year). ``dyads``
    and ``cov`` default to the GML MID directed dyad-year table and its
    coverage. ``missing``: "na" (default) makes threat NA when any rival's
    spending is missing; "skip" sums the rivals with data (``threat_n_missing``
    still says how many were left out).

    Parameters
    ----------
    state_years : DataFrame
        ``ccode, year`` rows to measure.
    spending : DataFrame
        ``ccode, year, value``.
    window : int
        Years of MID history that make a rival.
    data_dir : path, optional
    dyads, cov : optional
        Custom directed dispute dyads and the years they cover.
    missing : {"na", "skip"}

    Returns
    -------
    DataFrame
        ``state_years`` plus ``threat``, ``threat_n_rivals``, ``threat_n_missing`` (NA outside the MID coverage).

    Examples
    --------
    >>> mid_threat(state_years, econ.best("milex_constant_usd_m"), data_dir=ddir)  # doctest: +SKIP
    """
    check_option("missing", missing, ("na", "skip"))
    if dyads is None:
        dyads, ds = dispute_dyads(data_dir)
        if cov is None:
            cov = coverage(ds)
    if cov is None:
        raise ModelInputError("pass cov=(first, last), the years the custom dyads cover")
    sp = spending[["ccode", "year", "value"]].astype({"ccode": "int64", "year": "int64"})
    r = rival_sets(dyads, window=window)
    r = merge_checked(r, sp.rename(columns={"ccode": "rival"}), ["rival", "year"], what="mid_threat(rival spending)")
    r["_na"] = r["value"].isna().astype("int64")
    g = r.groupby(["ccode", "year"], sort=True)
    agg = pd.DataFrame({"threat": g["value"].sum(min_count=1), "threat_n_rivals": g["rival"].size(),
                        "threat_n_missing": g["_na"].sum()}).reset_index()
    out = state_years.copy()
    key = out[["ccode", "year"]].astype("int64")
    m = merge_checked(key, agg, ["ccode", "year"], what="mid_threat(state-years)")
    n_riv = m["threat_n_rivals"].fillna(0).to_numpy(dtype="int64")
    n_mis = m["threat_n_missing"].fillna(0).to_numpy(dtype="int64")
    val = np.where(n_riv == 0, 0.0, m["threat"].to_numpy(dtype="float64"))
    if missing == "na":
        val = np.where(n_mis > 0, np.nan, val)
    else:
        val = np.where((n_riv > 0) & (n_mis == n_riv), np.nan, val)
    yr = key["year"].to_numpy()
    inside = (yr - window >= cov[0]) & (yr - 1 <= cov[1])
    out["threat"] = np.where(inside, val, np.nan)
    out["threat_n_rivals"] = pd.array(np.where(inside, n_riv, 0), dtype="Int64")
    out.loc[~inside, "threat_n_rivals"] = pd.NA
    out["threat_n_missing"] = pd.array(np.where(inside, n_mis, 0), dtype="Int64")
    out.loc[~inside, "threat_n_missing"] = pd.NA
    return out
