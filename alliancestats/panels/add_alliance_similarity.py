"""``add_alliance_similarity``: similarity of two states' alliance portfolios (S and Kendall's tau-b).

Portfolios (Bueno de Mesquita 1975, JCR 19:187; EUGene, Bennett & Stam
2000, International Interactions 26:179). In each year every state of the
COW system has an *alliance portfolio*: its alliance level with every
system member k (the reference set), on an ordinal scale. EUGene's scale for
the COW alliance data, also used by Signorino & Ritter (1999, ISQ 43:115,
Table 6), is 3 = defense pact, 2 = neutrality or non-aggression pact,
1 = entente, 0 = no alliance, and a state's level with itself is the top
level (3): states are maximally committed to their own defense.

For ATOP (Leeds et al. 2002) the same ordering is applied to ATOP's
obligations (``ATOP_LEVELS``): 3 = a defense obligation; 2 = offense,
neutrality or non-aggression (an obligation short of defending the
partner); 1 = consultation only; 0 = none. ATOP's consultation pacts are
the counterpart of COW ententes, its neutrality and non-aggression pledges of
COW's neutrality/non-aggression class; offense has no COW counterpart and
almost always comes with defense in the data, so offense-only pledges sit
with the other sub-defense obligations. EUGene's own ATOP mapping could not
be consulted here (its documentation was not available); this choice follows
the COW ordering above. ATOP obligations are directed; the portfolio entry
for i and k is the highest level *in either direction* (ATOP's own
non-directed dyad-year definition), so portfolios are symmetric. Levels come
from the member-level file via :func:`alliance_dyad_years` (all alliances in
effect on any day of the year). ``source="cow"`` uses COW Formal Alliances
4.1 (``COW_LEVELS``).

Measures (each pair i, j in a year; reference set K; dmax = 3 = range):

- ``s_unweighted``: Signorino & Ritter's S,
  ``S = 1 - 2 * sum_k |p_ik - p_jk| / (dmax * |K|)``, in [-1, 1];
- ``s_weighted``: the same with each k weighted by its capability share
  ``w_k`` = CINC of k (COW NMC; missing CINC = weight 0):
  ``S_w = 1 - 2 * sum_k w_k |p_ik - p_jk| / (dmax * sum_k w_k)``;
- ``taub``: Kendall's tau-b of the two portfolios over K
  (Bueno de Mesquita 1975; Kendall 1938), from their contingency table:
  ``(n_c - n_d) / sqrt((n_0 - n_1)(n_0 - n_2))`` with concordant / discordant
  pairs n_c, n_d, n_0 = |K|(|K|-1)/2 and n_1, n_2 the pairs tied in each
  portfolio. NaN when a portfolio is constant (cannot happen for a state
  with at least one non-ally, since its own entry is 3).

Scope. ``scope="global"``: K = every COW system member that year (the whole
system, whatever subset of dyads the frame holds). ``scope="regional"``: K =
the system members in the *relevant region* of the dyad, here the union of
the two states' home regions (so (i, j) and (j, i) share it), where a home
region is the COW region block of the state's code: 1-199 Americas,
200-399 Europe, 400-599 Africa, 600-699 Middle East, 700-999 Asia and
Oceania. Columns get the suffix ``_regional``. EUGene's regional option
computes over the "relevant region" of the dyad; that the relevant region is
the union of the two home regions is our documented rule.

Vectorized per year: the portfolio matrix P (n x n), S from threshold
decompositions ``|p - q| = sum_t |1[p >= t] - 1[q >= t]|`` (t = 1..3) as
weighted matrix products, tau-b from the 16 level-by-level products
``E_a diag(m) E_b^T`` (E_a the one-hot matrix of level a, m the reference
mask) that give every pair's 4 x 4 contingency table at once.

Coverage: ATOP 1815-2018 (COW alliances 1816-2012); s_weighted also needs
NMC (1816-2016 for 6.0). Outside either, NA. A state that is not a system
member in the year gets NA.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from ..errors import AllianceStatsError, check_option
from ._covariates import check_measures, frame_years, require_coverage
from ._frame import carry, data_dir_of, load_table, require_dyads, source_coverage
from .add_alliances import SOURCES as ALLIANCE_SOURCES, alliance_dyad_years
from .create_state_years import create_state_years

MEASURES = ("s_unweighted", "s_weighted", "taub")
SCOPES = ("global", "regional")
DMAX = 3
#: ordinal alliance level of each obligation (highest applicable level wins)
ATOP_LEVELS = {"defense": 3, "offense": 2, "neutral": 2, "nonagg": 2, "consul": 1}
COW_LEVELS = {"defense": 3, "neutrality": 2, "nonaggression": 2, "entente": 1}
LEVELS = {"atop": ATOP_LEVELS, "cow": COW_LEVELS}
#: COW region blocks by state code (upper bounds, exclusive)
REGION_BLOCKS = ((200, 1, "Americas"), (400, 2, "Europe"), (600, 3, "Africa"), (700, 4, "Middle East"),
                 (1000, 5, "Asia and Oceania"))


def cow_region(ccode) -> np.ndarray:
    """COW home region (1 Americas, 2 Europe, 3 Africa, 4 Middle East, 5 Asia/Oceania) from the code block."""
    c = np.asarray(ccode, dtype="int64")
    bounds = np.array([b for b, _, _ in REGION_BLOCKS])
    return np.searchsorted(bounds, c, side="right") + 1


def alliance_levels(source: str = "atop", *, data_dir=None, dataset_id: str | None = None) -> pd.DataFrame:
    """Non-directed alliance level per pair-year: ``ccode1 < ccode2, year, level`` (1-3; absent = 0)."""
    check_option("source", source, tuple(LEVELS))
    pairs = alliance_dyad_years(source, data_dir=data_dir, dataset_id=dataset_id)
    lv = np.zeros(len(pairs), dtype="int8")
    for col, level in LEVELS[source].items():
        lv = np.maximum(lv, np.where(pairs[col].to_numpy() == 1, level, 0).astype("int8"))
    a = pairs["ccode1"].to_numpy(dtype="int64")
    b = pairs["ccode2"].to_numpy(dtype="int64")
    out = pd.DataFrame({"ccode1": np.minimum(a, b).astype("int16"), "ccode2": np.maximum(a, b).astype("int16"),
                        "year": pairs["year"].to_numpy(dtype="int16"), "level": lv})
    out = out[out["level"] > 0]
    return out.groupby(["ccode1", "ccode2", "year"], sort=True, as_index=False)["level"].max()


def portfolio_matrix(members: np.ndarray, levels: pd.DataFrame) -> np.ndarray:
    """n x n portfolio of one year: levels between the ``members`` (sorted codes), 3 on the diagonal."""
    n = len(members)
    P = np.zeros((n, n), dtype="int8")
    i = np.searchsorted(members, levels["ccode1"].to_numpy())
    j = np.searchsorted(members, levels["ccode2"].to_numpy())
    ok = (i < n) & (j < n)
    ok[ok] &= (members[i[ok]] == levels["ccode1"].to_numpy()[ok]) & (members[j[ok]] == levels["ccode2"].to_numpy()[ok])
    lv = levels["level"].to_numpy()[ok]
    P[i[ok], j[ok]] = lv
    P[j[ok], i[ok]] = lv
    np.fill_diagonal(P, DMAX)
    return P


def s_score(P: np.ndarray, weights: np.ndarray) -> np.ndarray:
    """All pairs' S (n x n) for portfolio matrix P with reference weights (0 = not in the reference set)."""
    w = np.asarray(weights, dtype="float64")
    total = w.sum()
    dist = np.zeros((P.shape[0], P.shape[0]), dtype="float64")
    for t in range(1, DMAX + 1):
        B = (P >= t).astype("float64")
        Bw = B * w
        rs = Bw.sum(axis=1)
        # sum_k w_k |B_ik - B_jk| = sum_k w_k B_ik + sum_k w_k B_jk - 2 sum_k w_k B_ik B_jk
        dist += rs[:, None] + rs[None, :] - 2.0 * (Bw @ B.T)
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(total > 0, 1.0 - 2.0 * dist / (DMAX * total), np.nan)


def tau_b(P: np.ndarray, mask: np.ndarray) -> np.ndarray:
    """All pairs' Kendall tau-b (n x n) of the portfolios (rows of P) over the reference columns ``mask``."""
    n, K = P.shape
    L = DMAX + 1
    m = np.asarray(mask, dtype="float64")
    # one-hot by level, reference columns only, stacked: rows a*n..(a+1)*n-1 are level a
    E = np.concatenate([(P == a) * m for a in range(L)]).astype("float64")
    # one product gives all 16 level-by-level tables: C[a][b][i, j] = #{k in K: p_ik = a, p_jk = b}
    M = E @ E.T
    C = [[M[a * n:(a + 1) * n, b * n:(b + 1) * n] for b in range(L)] for a in range(L)]
    # n_c - n_d = sum_ab C_ab * (sum_{a'>a, b'>b} C - sum_{a'>a, b'<b} C); R[a][b] = sum_{a'>a} C[a'][b]
    zero = np.zeros((n, n))
    num = np.zeros((n, n))
    R = [zero] * L
    for a in range(L - 2, -1, -1):
        R = [R[b] + C[a + 1][b] for b in range(L)]
        above = [zero] * (L + 1)  # above[b] = sum_{b' >= b} R[b']
        for b in range(L - 1, -1, -1):
            above[b] = above[b + 1] + R[b]
        below = zero  # sum_{b' < b} R[b']
        for b in range(L):
            num += C[a][b] * (above[b + 1] - below)
            below = below + R[b]
    nref = m.sum()
    n0 = nref * (nref - 1) / 2
    counts = E.reshape(L, n, K).sum(axis=2)  # counts[a, i]: how often level a occurs in i's portfolio
    ties = (counts * (counts - 1) / 2).sum(axis=0)  # pairs tied within each portfolio
    with np.errstate(invalid="ignore", divide="ignore"):
        den = np.sqrt(np.outer(n0 - ties, n0 - ties))
        return np.where(den > 0, num / den, np.nan)


def _measure(P, meas, cinc):
    ones = np.ones(P.shape[1])
    if meas == "taub":
        return tau_b(P, ones)
    return s_score(P, cinc if meas == "s_weighted" else ones)


def _year_values(P, members, measures, scope, cinc):
    """{measure: n x n} for one year's portfolio matrix P over ``members``."""
    if scope == "global":
        return {m: _measure(P, m, cinc) for m in measures}
    # regional: each pair of home regions (r1, r2) has its own reference set, the states of r1 and r2; the
    # rows needed are those states too, so each block is the square sub-portfolio of r1 | r2
    regions = cow_region(members)
    out = {m: np.full(P.shape, np.nan) for m in measures}
    present = np.unique(regions)
    for x, r1 in enumerate(present):
        for r2 in present[x:]:
            idx = np.flatnonzero((regions == r1) | (regions == r2))
            sub = P[np.ix_(idx, idx)]
            rr = regions[idx]
            sel = ((rr[:, None] == r1) & (rr[None, :] == r2)) | ((rr[:, None] == r2) & (rr[None, :] == r1))
            ii, jj = np.nonzero(sel)
            for m in measures:
                val = _measure(sub, m, None if cinc is None else cinc[idx])
                out[m][idx[ii], idx[jj]] = val[ii, jj]
    return out


def add_alliance_similarity(df: pd.DataFrame, *, source: str = "atop", measures=MEASURES, scope: str = "global",
                            data_dir=None, dataset_id: str | None = None) -> pd.DataFrame:
    """Attach alliance-portfolio similarity (see the module docstring for the definitions and sources).

    Parameters
    ----------
    df : directed or non-directed dyad-year frame.
    source : ``"atop"`` (default; ATOP member-level obligations) or ``"cow"``.
    measures : any of ``"s_unweighted"``, ``"s_weighted"`` (CINC-weighted,
        NMC loaded internally), ``"taub"``.
    scope : ``"global"`` (reference set = the whole COW system) or
        ``"regional"`` (the union of the two states' home regions); regional
        columns are named ``<measure>_regional``.

    Returns
    -------
    The frame with one float64 column per measure, symmetric in (ccode1,
    ccode2); NaN outside the alliance source's (and, for s_weighted, NMC's)
    coverage and for states outside the system that year.

    Raises
    ------
    OptionError for an unknown source, measure or scope; AllianceStatsError
    for a state-year frame or a frame entirely outside the source's years;
    MissingDataError when the alliance (or NMC) table is not ingested.

    Examples
    --------
    >>> import alliancestats as als
    >>> ddy = als.create_dyad_years(False, 1950, 1960)  # doctest: +SKIP
    >>> ddy = als.add_alliance_similarity(ddy, measures=["s_unweighted", "taub"])  # doctest: +SKIP
    """
    check_option("source", source, tuple(ALLIANCE_SOURCES))
    check_option("scope", scope, SCOPES)
    meas = check_measures("measures", measures, MEASURES)
    require_dyads(df, "add_alliance_similarity")
    ddir = data_dir_of(df, data_dir)
    members_tab = load_table(ALLIANCE_SOURCES[source]["table"], ddir, dataset_id)
    cov = source_coverage(members_tab)
    ds_ids = [members_tab.attrs["provenance"]["dataset_id"]]
    require_coverage(df, cov, verb="add_alliance_similarity", source=f"{source} alliances")
    years = frame_years(df)
    lo, hi = int(max(years.min(), cov[0])), int(min(years.max(), cov[1]))
    levels = alliance_levels(source, data_dir=ddir, dataset_id=dataset_id)
    states = create_state_years(max(lo, 1816), hi, data_dir=ddir)
    cinc = None
    if "s_weighted" in meas:
        nmc = load_table("nmc_state_year", ddir)
        ds_ids.append(nmc.attrs["provenance"]["dataset_id"])
        ncov = source_coverage(nmc)
        cinc = nmc[["ccode", "year", "cinc"]].astype({"ccode": "int64", "year": "int64", "cinc": "float64"})
    cols = {m: (m if scope == "global" else f"{m}_regional") for m in meas}
    result = {m: np.full(len(df), np.nan) for m in meas}
    c1 = df["ccode1"].to_numpy(dtype="int64")
    c2 = df["ccode2"].to_numpy(dtype="int64")
    order = np.argsort(years, kind="stable")
    bounds = np.searchsorted(years[order], np.arange(lo, hi + 2))
    sy_year = states["year"].to_numpy(dtype="int64")
    sy_code = states["ccode"].to_numpy(dtype="int64")
    lv_year = levels["year"].to_numpy(dtype="int64")
    for y in range(lo, hi + 1):
        rows = order[bounds[y - lo]:bounds[y - lo + 1]]
        if not len(rows):
            continue
        members = np.unique(sy_code[sy_year == y])
        if not len(members):
            continue
        P = portfolio_matrix(members, levels[lv_year == y])
        w = None
        if cinc is not None:
            cy = cinc[cinc["year"] == y]
            w = pd.Series(cy["cinc"].to_numpy(), index=cy["ccode"].to_numpy()).reindex(members).fillna(0.0).to_numpy()
            if not ncov[0] <= y <= ncov[1]:
                w = np.zeros(len(members))
        vals = _year_values(P, members, meas, scope, w)
        i = np.searchsorted(members, c1[rows])
        j = np.searchsorted(members, c2[rows])
        i_c, j_c = np.minimum(i, len(members) - 1), np.minimum(j, len(members) - 1)
        ok = (members[i_c] == c1[rows]) & (members[j_c] == c2[rows])
        for m in meas:
            result[m][rows[ok]] = vals[m][i_c[ok], j_c[ok]]
    out = df.copy(deep=False)
    for m in meas:
        out[cols[m]] = result[m]
    out = carry(df, out, source=ds_ids[0], alliance_similarity={"source": source, "scope": scope})
    for extra in ds_ids[1:]:
        out = carry(out, out, source=extra)
    return out


def explain_alliance_similarity(ccode1: int, ccode2: int, year: int, *, source: str = "atop",
                                scope: str = "global", data_dir=None) -> pd.DataFrame:
    """The two portfolios behind one dyad-year's S and tau-b, one row per system member k.

    Columns: ``ccode`` (k), ``region`` (COW home region), ``in_reference``
    (k counts under ``scope``), ``level1``/``level2`` (alliance level of
    ccode1 / ccode2 with k; own level 3), ``cinc`` (k's weight in s_weighted,
    0 when missing) and ``absdiff`` = ``|level1 - level2|``.

    Parameters
    ----------
    ccode1, ccode2 : int
    year : int
    source, scope :
        As in :func:`add_alliance_similarity`.
    data_dir : path, optional
        Folder of processed tables.

    Returns
    -------
    DataFrame
        One row per system member, with the columns above.

    Examples
    --------
    >>> import alliancestats as als
    >>> als.explain_alliance_similarity(2, 200, 1950)  # doctest: +SKIP
    """
    check_option("scope", scope, SCOPES)
    members = np.unique(create_state_years(year, year, data_dir=data_dir)["ccode"].to_numpy(dtype="int64"))
    if not (np.isin(ccode1, members) and np.isin(ccode2, members)):
        raise AllianceStatsError(f"{ccode1} and {ccode2} are not both COW system members in {year}")
    lv = alliance_levels(source, data_dir=data_dir)
    P = portfolio_matrix(members, lv[lv["year"] == year])
    i, j = np.searchsorted(members, [ccode1, ccode2])
    regions = cow_region(members)
    ref = np.ones(len(members), dtype=bool) if scope == "global" else np.isin(regions, regions[[i, j]])
    nmc = load_table("nmc_state_year", data_dir)
    ny = nmc[nmc["year"] == year]
    cinc = pd.Series(ny["cinc"].to_numpy(dtype="float64"), index=ny["ccode"].to_numpy(dtype="int64"))
    return pd.DataFrame({"ccode": members.astype("int16"), "region": regions, "in_reference": ref,
                         "level1": P[i], "level2": P[j], "cinc": cinc.reindex(members).fillna(0.0).to_numpy(),
                         "absdiff": np.abs(P[i].astype(int) - P[j].astype(int))})
