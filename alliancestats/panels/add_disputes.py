"""``add_disputes``: militarized interstate disputes on dyad-years (or state-years).

Sources
-------
- ``"gml"``: Gibler, Miller & Little (2016, ISQ 60:719) MID data 2.1,
  coverage 1816-2010. Columns ``gmlmidonset``, ``gmlmidongoing`` and
  ``gml_*`` attributes.
- ``"cow"``: COW MID 5.0 (Palmer et al. 2022, CMPS 39:470) or 4.3,
  coverage 1816-2014 (5.0). Columns ``cowmidonset``, ``cowmidongoing`` and
  ``cow_*`` attributes.

Dyad-years are built from the participant (MIDB) file, see
:mod:`._event_dyads`: opponents whose participation overlaps (in a common
year by default, or on a common day); onset in the year the dyad's overlap
begins, so a state joining an ongoing dispute starts a new dyadic dispute.

Roles (directed frames; ``1`` = ccode1, ``2`` = ccode2), the codings users need:
- ``<src>_orig1``: ccode1 was an originator of the dispute (MIDB ``orig``).
- ``<src>_sidea1``: ccode1 was on side A (the side that took the first
  militarized action), joiners included.
- ``<src>_init1``: originator on side A: ``sidea1 & orig1``. It places no
  condition on ccode2, so side-B *joiners* are targets here; Leeds (2003)'s
  originator-vs-originator outcome (and the Maoz dyadic alternative) is
  :func:`alliancestats.deterrence.add_initiation`.
- ``<src>_init_joiner1``: on side A, originator or joiner: a state that joined
  side A later still initiated *this dyad's* dispute (Johnson & Leeds 2011's
  joiner variant); equals ``sidea1``.
  ``...2`` likewise for ccode2.

When a dyad-year has several disputes, one is kept by this stable rule: a
dispute with onset that year before ongoing ones; then highest fatality
level, highest hostility level, longest maximum duration, reciprocated
before not, earliest start date, lowest dispute number. ``<src>_n_disputes``
counts disputes ongoing in the dyad-year and ``<src>_n_onsets`` the new ones.
Years outside the source's coverage are NA; inside it, no dispute means 0.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from ._attach import attach, derived, source_key
from ._event_dyads import opposing_pairs, reduce_to_one
from ._frame import carry, data_dir_of, fill_covered, load_table, panel_info, source_coverage
from ..errors import check_option
from ..joins import merge_checked

FAMILIES = {"gml": "gml_mid", "cow": "cow_mid"}
ONSET = {"gml": "gmlmidonset", "cow": "cowmidonset"}
ONGOING = {"gml": "gmlmidongoing", "cow": "cowmidongoing"}

_PART_KEEP = ("sidea", "orig", "hostlev", "fatality", "revstate")
_DISP_KEEP = ("fatality", "hostlev", "maxdur", "recip", "start_date")


def dispute_dyad_years(source: str = "gml", *, data_dir=None, dataset_id: str | None = None,
                       overlap: str = "year") -> pd.DataFrame:
    """All directed dispute dyad-years (one row per dispute, dyad and year) with attributes.

    The building block behind :func:`add_disputes` and ``explain``.

    Parameters
    ----------
    source : {"gml", "cow"}
        GML MID 2.1 (Gibler, Miller & Little 2016; 1816-2010) or COW MID 5.0/4.3.
    data_dir : path, optional
        Folder of processed tables.
    dataset_id : str, optional
        A specific ingested version; default the newest.
    overlap : {"year", "day"}
        When two opposite-side participants form a dyad; see :func:`add_disputes`.

    Returns
    -------
    DataFrame
        ``dispnum``, ``ccode1``, ``ccode2`` (int16), ``year`` (int16),
        ``onset`` (int8), ``start``, the participants' roles and hostility
        (``sidea1``/``2``, ``orig1``/``2``, ``hostlev1``/``2``, ...) and the
        dispute's attributes (``d_fatality``, ``d_hostlev``, ``d_maxdur``,
        ``d_recip``, ``d_start_date``). ``attrs["coverage"]`` holds the
        source's years.

    Examples
    --------
    >>> import alliancestats as als
    >>> dy = als.dispute_dyad_years("gml")  # doctest: +SKIP
    >>> dy[dy.dispnum == 258].head()  # doctest: +SKIP
    """
    return _build(*_load(source, data_dir, dataset_id), overlap)


def _load(source: str, data_dir, dataset_id: str | None) -> tuple[pd.DataFrame, pd.DataFrame]:
    check_option("source", source, tuple(FAMILIES))
    fam = FAMILIES[source]
    part = load_table(f"{fam}_participant", data_dir, dataset_id,
                      columns=["dispnum", "ccode", "start_date", "end_date", "sidea", *_PART_KEEP[1:]])
    return part, load_table(f"{fam}_dispute", data_dir, dataset_id, columns=["dispnum", *_DISP_KEEP])


def _build(part: pd.DataFrame, disp: pd.DataFrame, overlap: str) -> pd.DataFrame:
    cov = source_coverage(part)
    p = part.rename(columns={"start_date": "start", "end_date": "end"})
    dy = opposing_pairs(p, event="dispnum", side="sidea", first=cov[0], last=cov[1],
                        keep=[c for c in _PART_KEEP if c != "sidea"], overlap=overlap)
    d = disp[["dispnum", *_DISP_KEEP]].rename(columns={c: f"d_{c}" for c in _DISP_KEEP})
    d.attrs = {}
    dy = dy.merge(d, on="dispnum", how="left", validate="many_to_one")
    dy.attrs["provenance"] = part.attrs["provenance"]
    dy.attrs["coverage"] = cov
    return dy


def _dyad_table(dy: pd.DataFrame, source: str, directed: bool) -> pd.DataFrame:
    """One row per dyad-year with the columns add_disputes attaches (the dispute kept by the rule above)."""
    pre = source
    dy = dy.copy(deep=False)
    dy.attrs = {}  # pandas deep-copies attrs (the provenance) on every operation
    if not directed:
        # non-directed: fold each pair onto ccode1 < ccode2, roles follow the reordered codes
        flip = dy["ccode1"] > dy["ccode2"]
        dy = dy[~flip].copy()  # each undirected pair appears once per direction; keep one
    order = [("onset", False), ("d_fatality", False), ("d_hostlev", False), ("d_maxdur", False),
             ("d_recip", False), ("d_start_date", True)]
    one = reduce_to_one(dy, event="dispnum", order=order)
    s1, s2 = one["sidea1"].astype("Int8"), one["sidea2"].astype("Int8")
    o1, o2 = one["orig1"].astype("Int8"), one["orig2"].astype("Int8")
    out_cols = pd.DataFrame({
        "ccode1": one["ccode1"], "ccode2": one["ccode2"], "year": one["year"],
        ONSET[source]: (one["n_onsets"] > 0).astype("int8"),
        ONGOING[source]: np.int8(1),
        f"{pre}_dispnum": one["dispnum"].astype("Int32"),
        f"{pre}_n_disputes": one["n_events"].astype("Int16"),
        f"{pre}_n_onsets": one["n_onsets"].astype("Int16"),
        f"{pre}_sidea1": s1, f"{pre}_sidea2": s2,
        f"{pre}_orig1": o1, f"{pre}_orig2": o2,
        f"{pre}_init1": (s1 * o1).astype("Int8"), f"{pre}_init2": (s2 * o2).astype("Int8"),
        f"{pre}_init_joiner1": s1, f"{pre}_init_joiner2": s2,
        f"{pre}_hostlev1": one["hostlev1"].astype("Int8"), f"{pre}_hostlev2": one["hostlev2"].astype("Int8"),
        f"{pre}_hostlev": one["d_hostlev"].astype("Int8"),
        f"{pre}_fatality": one["d_fatality"].astype("Int8"),
        f"{pre}_maxdur": one["d_maxdur"].astype("Int32"),
        f"{pre}_recip": one["d_recip"].astype("Int8"),
    })
    return out_cols


def add_disputes(df: pd.DataFrame, source: str = "gml", *, overlap: str = "year", data_dir=None,
                 dataset_id: str | None = None) -> pd.DataFrame:
    """Attach dispute onset, ongoing, roles and attributes; see the module docstring for the coding.

    Parameters
    ----------
    df : DataFrame
        A state-year or dyad-year panel.
    source : {"gml", "cow"}
        GML MID 2.1 (Gibler, Miller & Little 2016, ISQ 60:719; coverage
        1816-2010; columns ``gmlmid*``, ``gml_*``) or COW MID 5.0 (Palmer et
        al. 2022; 1816-2014; ``cowmid*``, ``cow_*``).
    overlap : {"year", "day"}
        ``"year"`` (default): opposite-side participants whose spells touch a
        common calendar year form a dyad, the rule of GML's and COW's own
        dyad-year files, so results match published work. ``"day"``: they
        must be in the dispute on a common day (stricter: drops pairs such as
        a state that left before its opponent joined in the same year); see
        :func:`._event_dyads.opposing_pairs`.
    data_dir : path, optional
        Folder of processed tables (default: the one recorded on ``df``).
    dataset_id : str, optional
        A specific ingested version; default the newest.

    Returns
    -------
    DataFrame
        ``df`` with, on dyad-years, ``<src>midonset`` and ``<src>midongoing``
        (Int8: 0 inside coverage without a dispute, NA outside),
        ``<src>_n_disputes`` and ``<src>_n_onsets`` (Int16, same rule), and for
        the dispute kept by the rule above ``<src>_dispnum`` (Int32),
        ``<src>_sidea1``/``2``, ``<src>_orig1``/``2``, ``<src>_init1``/``2``,
        ``<src>_init_joiner1``/``2``, ``<src>_hostlev1``/``2``,
        ``<src>_hostlev``, ``<src>_fatality``, ``<src>_recip`` (Int8) and
        ``<src>_maxdur`` (Int32), NA where no dispute; on state-years onset,
        ongoing, ``<src>_n_disputes`` and ``<src>_init``. Rows and their order
        are ``df``'s.

    Examples
    --------
    >>> import alliancestats as als
    >>> ddy = als.create_dyad_years(True, 1816, 2010).pipe(als.add_disputes, source="gml")  # doctest: +SKIP
    >>> ddy["gmlmidonset"].value_counts()  # doctest: +SKIP
    """
    check_option("source", source, tuple(FAMILIES))
    info = panel_info(df)
    part, disp = _load(source, data_dir_of(df, data_dir), dataset_id)
    cov = source_coverage(part)
    ds_id = part.attrs["provenance"]["dataset_id"]
    pre = source
    if info["unit"] == "state_year":
        return _state_year(df, _build(part, disp, overlap), source, cov, ds_id)
    key = source_key(part, disp)
    out_cols = derived(key and ("add_disputes", source, key, overlap, bool(info["directed"])),
                       lambda: _dyad_table(_build(part, disp, overlap), source, bool(info["directed"])))
    fill = {ONSET[source]: "Int8", ONGOING[source]: "Int8", f"{pre}_n_disputes": "Int16", f"{pre}_n_onsets": "Int16"}
    out = attach(df, out_cols, ["ccode1", "ccode2", "year"], what=f"add_disputes({source})", fill=fill, cov=cov)
    return carry(df, out, source=ds_id)


def _state_year(df, dy, source, cov, ds_id):
    """State-years: any dispute onset/ongoing involving the state, and whether it initiated one."""
    pre = source
    dy = dy.assign(_init=((dy["sidea1"] == 1) & (dy["orig1"] == 1) & (dy["onset"] == 1)).astype("int8"))
    g = dy.groupby(["ccode1", "year"], sort=True)
    sy = pd.DataFrame({
        ONSET[source]: g["onset"].max().astype("int8"),
        ONGOING[source]: np.int8(1),
        f"{pre}_n_disputes": g["dispnum"].nunique().astype("Int16"),
        f"{pre}_init": g["_init"].max(),
    }).reset_index().rename(columns={"ccode1": "ccode"})
    out = merge_checked(df, sy, ["ccode", "year"], what=f"add_disputes({source})")
    out = fill_covered(out, [ONSET[source], ONGOING[source], f"{pre}_init"], cov)
    out = fill_covered(out, [f"{pre}_n_disputes"], cov, dtype="Int16")
    return carry(df, out, source=ds_id)
