"""``add_capital_distance``: great-circle distance between two states' capitals.

Two sources (``source=``):

``"capitals"`` (default)
    peacesciencer's dated capitals (``cow_capitals``, Miller 2022, release
    1.2): each COW state's capital with the dates it held that role and its
    coordinates, so moves are reflected (Brazil 1960, Pakistan 1959/1967,
    Nigeria 1991, Russia 1918, Japan 1869, ...). The capital of a state in
    a year is chosen by ``capital_rule``:

    - ``"longest"`` (default): the capital held for the most days of that
      calendar year (a tie goes to the later one). Brazil 1960 is Brasilia
      (from 21 April), Nigeria 1991 is Lagos (Abuja from 12 December). A
      state's first year always has its first capital, even when the spell
      starts mid-year.
    - ``"january1"``: the capital in effect on 1 January; NA when the state
      had none that day (a capital first recorded later in the year).

    The distance is the haversine great-circle distance on a sphere of mean
    Earth radius R = 6371.0 km (IUGG mean radius):
    ``d = 2 R asin(sqrt(sin^2((phi2-phi1)/2) + cos(phi1) cos(phi2) sin^2((lambda2-lambda1)/2)))``
    with latitudes phi and longitudes lambda in radians. The spherical
    approximation differs from the WGS84 ellipsoid by at most about 0.5%.
    Coverage 1816-2024; a state without a capital record that year gives NA.
    Known quirk of the source, kept as shipped: peacesciencer's coordinates
    for Brasilia (-10.33, -53.20) are Brazil's geographic centre, several
    hundred km from the city, so Brazil's distances from 1960 on are off by
    up to that much. On 2010 dyads the two sources agree within 34 km at the
    median; the larger gaps are capital moves capdist.csv ignores (Abuja,
    Astana, Naypyidaw, Dodoma) and Samoa, whose capdist.csv coordinates
    disagree with Apia's.

``"capdist"``
    Gleditsch's ``capdist.csv`` (Gleditsch & Ward 2001): ``kmdist``, whole
    km, one fixed capital per state (no moves), no years. Code mapping COW ->
    file: this copy numbers every state it shares with COW by the COW code,
    including where Gleditsch & Ward's (1999) list differs (it has Germany
    255/Berlin and West Germany 260/Bonn as distinct states, Serbia/Yugoslavia
    as 345 rather than G&W's 340, unified Yemen as 679 rather than G&W's
    678), so the mapping is the identity on COW codes; the file's
    G&W-only states (563, 564, 711, 815) match no COW state. COW states the
    file lacks (German and Italian states before unification, 347, 626, 946,
    947, 955, 970) give NA. See :mod:`alliancestats.raw.sources.gleditsch`.
    The file gives 0 km for Congo (484) - DR Congo (490), whose capitals
    face each other across the river (about 7 km apart by the dated
    coordinates): take logs as ``log(capdist + 1)`` or handle the zero.

Either way the column is ``capdist`` (km, float64), symmetric in (a, b), on
directed or non-directed dyad-year frames; a dyad where either capital is
unknown is NA.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from ..errors import check_option
from ..spells import spell_years
from ._covariates import dyad_lookup, frame_years, require_coverage
from ._frame import carry, data_dir_of, load_table, require_dyads, source_coverage, year_bounds
from ..joins import merge_checked

#: Mean Earth radius (IUGG), km.
EARTH_RADIUS_KM = 6371.0
SOURCES = ("capitals", "capdist")
CAPITAL_RULES = ("longest", "january1")


def haversine_km(lat1, lng1, lat2, lng2, radius: float = EARTH_RADIUS_KM) -> np.ndarray:
    """Great-circle distance (km) between points given in decimal degrees; NaN in, NaN out."""
    p1, p2 = np.radians(lat1), np.radians(lat2)
    dphi = p2 - p1
    dlmb = np.radians(np.asarray(lng2, dtype="float64") - np.asarray(lng1, dtype="float64"))
    h = np.sin(dphi / 2) ** 2 + np.cos(p1) * np.cos(p2) * np.sin(dlmb / 2) ** 2
    return 2 * radius * np.arcsin(np.sqrt(np.clip(h, 0.0, 1.0)))


def capital_years(capitals: pd.DataFrame, first: int, last: int, rule: str = "longest") -> pd.DataFrame:
    """One capital per state-year (``ccode, year, capital, lat, lng``) under ``rule`` (see module docstring)."""
    check_option("capital_rule", rule, CAPITAL_RULES)
    cap = capitals.dropna(subset=["ccode", "stdate", "enddate"]).reset_index(drop=True)
    st = cap["stdate"].to_numpy().astype("datetime64[s]")
    en = cap["enddate"].to_numpy().astype("datetime64[s]")
    idx, years = spell_years(st.astype("datetime64[Y]").astype("int64") + 1970,
                             en.astype("datetime64[Y]").astype("int64") + 1970, first, last)
    jan1, dec31 = year_bounds(years)
    lo = np.maximum(st[idx], jan1)
    hi = np.minimum(en[idx], dec31)
    days = (hi - lo).astype("timedelta64[D]").astype("int64") + 1
    out = pd.DataFrame({"ccode": cap["ccode"].to_numpy(dtype="int64")[idx].astype("int16"),
                        "year": years.astype("int16"), "days": days, "start": st[idx],
                        "on_jan1": st[idx] <= jan1,
                        "capital": cap["capital"].to_numpy()[idx],
                        "lat": cap["lat"].to_numpy(dtype="float64")[idx],
                        "lng": cap["lng"].to_numpy(dtype="float64")[idx]})
    if rule == "january1":
        out = out[out["on_jan1"].to_numpy()]
    # most days first; a tie goes to the later capital
    out = out.sort_values(["ccode", "year", "days", "start"], ascending=[True, True, False, False], kind="stable")
    out = out.drop_duplicates(["ccode", "year"], keep="first")
    return out[["ccode", "year", "capital", "lat", "lng"]].reset_index(drop=True)


def _from_capitals(df, data_dir, dataset_id, rule):
    tab = load_table("peacesciencer_cow_capitals", data_dir, dataset_id)
    cov = source_coverage(tab)
    require_coverage(df, cov, verb="add_capital_distance", source="peacesciencer cow_capitals",
                     fix='use source="capdist" (fixed capitals, no years)')
    years = frame_years(df)
    cy = capital_years(tab, int(max(years.min(), cov[0])), int(min(years.max(), cov[1])), rule)
    coords = []
    for side in ("1", "2"):
        left = pd.DataFrame({"ccode": df[f"ccode{side}"].to_numpy(dtype="int64"), "year": years})
        got = merge_checked(left, cy[["ccode", "year", "lat", "lng"]], ["ccode", "year"],
                            what=f"add_capital_distance (side {side})")
        coords.append((got["lat"].to_numpy(dtype="float64", na_value=np.nan),
                       got["lng"].to_numpy(dtype="float64", na_value=np.nan)))
    (la1, lo1), (la2, lo2) = coords
    return haversine_km(la1, lo1, la2, lo2), tab.attrs["provenance"]["dataset_id"]


def _from_capdist(df, data_dir, dataset_id):
    tab = load_table("gleditsch_capdist_dyad", data_dir, dataset_id)
    # ordered pairs as shipped; the table is symmetric, so look up (min, max) among the ordered rows
    a = tab["numa"].to_numpy(dtype="int64")
    b = tab["numb"].to_numpy(dtype="int64")
    # both directions of a pair carry the same kmdist in the file (checked in the real-data tests): one per pair
    t = pd.DataFrame({"ccode1": np.minimum(a, b), "ccode2": np.maximum(a, b), "kmdist": tab["kmdist"].to_numpy(
        dtype="float64", na_value=np.nan)}).drop_duplicates(["ccode1", "ccode2"])
    # no years in the file: the same distance in every year (a constant year key keeps the shared lookup)
    t["year"] = 0
    keys = pd.DataFrame({"ccode1": df["ccode1"].to_numpy(), "ccode2": df["ccode2"].to_numpy(),
                         "year": np.zeros(len(df), dtype="int64")})
    vals = dyad_lookup(keys, t, ["kmdist"], what="add_capital_distance (capdist)")
    return vals["kmdist"], tab.attrs["provenance"]["dataset_id"]


def add_capital_distance(df: pd.DataFrame, *, source: str = "capitals", capital_rule: str = "longest",
                         data_dir=None, dataset_id: str | None = None) -> pd.DataFrame:
    """Attach ``capdist``: great-circle km between the two states' capitals (see the module docstring).

    Parameters
    ----------
    df : directed or non-directed dyad-year frame.
    source : ``"capitals"`` (default; dated capitals, haversine with R = 6371 km)
        or ``"capdist"`` (Gleditsch's fixed-capital file, whole km).
    capital_rule : ``"longest"`` (default) or ``"january1"``; only for
        ``source="capitals"``.

    Returns
    -------
    DataFrame
        ``df`` with ``capdist`` (float64 km; NaN where a capital is unknown
        or outside the source's years), symmetric in (ccode1, ccode2).

    Raises
    ------
    OptionError for an unknown source or rule; AllianceStatsError for a
    state-year frame or when no year of the frame is covered; MissingDataError
    when the table is not ingested (``cow_capitals.rda`` / ``capdist.csv``).

    Examples
    --------
    >>> import alliancestats as als
    >>> ddy = als.create_dyad_years(True, 1816, 2016).pipe(als.add_capital_distance)  # doctest: +SKIP
    """
    check_option("source", source, SOURCES)
    check_option("capital_rule", capital_rule, CAPITAL_RULES)
    require_dyads(df, "add_capital_distance")
    ddir = data_dir_of(df, data_dir)
    if source == "capitals":
        dist, ds_id = _from_capitals(df, ddir, dataset_id, capital_rule)
    else:
        dist, ds_id = _from_capdist(df, ddir, dataset_id)
    out = df.copy(deep=False)
    out["capdist"] = dist
    return carry(df, out, source=ds_id, capdist={"source": source,
                                                 "capital_rule": capital_rule if source == "capitals" else None})


def explain_capital_distance(ccode1: int, ccode2: int, year: int, *, capital_rule: str = "longest",
                             data_dir=None) -> pd.DataFrame:
    """The capitals behind ``capdist`` for one dyad-year: each state's capital spells that year and the one used.

    Parameters
    ----------
    ccode1, ccode2 : int
    year : int
    capital_rule : {"longest", "january1"}
        As in :func:`add_capital_distance`.
    data_dir : path, optional
        Folder of processed tables.

    Returns
    -------
    DataFrame
        The capital spells of both states that touch ``year``, with ``used``
        (the spell the rule picked).

    Examples
    --------
    >>> import alliancestats as als
    >>> als.explain_capital_distance(2, 365, 1950)  # doctest: +SKIP
    """
    tab = load_table("peacesciencer_cow_capitals", data_dir)
    cy = capital_years(tab, int(year), int(year), capital_rule)
    rows = tab[tab["ccode"].isin([ccode1, ccode2]) & (tab["stdate"].dt.year <= year)
               & (tab["enddate"].dt.year >= year)].copy()
    used = cy.set_index("ccode")["capital"]
    rows["used"] = [used.get(c) == cap for c, cap in zip(rows["ccode"], rows["capital"])]
    return rows.drop(columns=["source_line"]).reset_index(drop=True)
