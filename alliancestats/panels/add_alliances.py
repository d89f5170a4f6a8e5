"""``add_alliances``: ATOP or COW alliance obligations on state-years or dyad-years.

Data
----
- ATOP 5.1 (Leeds, Ritter, Mitchell & Long 2002, International Interactions
  28:237; codebook v5.1, 2022), member-level file, coverage 1815-2018.
  Columns: ``atop_alliance`` (the two are members of a common alliance),
  ``atop_defense``, ``atop_offense``, ``atop_neutral``, ``atop_nonagg``,
  ``atop_consul``, ``atop_n`` (number of alliances in effect).
- COW Formal Alliances 4.1 (Gibler 2009), member-level file, coverage
  1816-2012. Columns: ``cow_alliance``, ``cow_defense``, ``cow_neutrality``,
  ``cow_nonaggression``, ``cow_entente``, ``cow_n``.

In directed frames ``atop_defense`` means *ccode1 has a defense obligation
toward ccode2* (ATOP's directed dyad-year definition); with ``either=True``
(default) ``atop_defense_either`` gives the highest pledge in either
direction. Non-directed frames carry the either-direction value, which is
ATOP's dyad-year definition ("1 if either state has a defensive obligation
toward the other"). State-year frames get 1 if the state holds the
obligation in any alliance in effect that year.

Years outside the source's coverage are NA, not 0. How the dyads are built
from member-level data is documented in :mod:`._alliance_dyads`.
"""
from __future__ import annotations

import pandas as pd

from ._alliance_dyads import alliance_pairs, dyad_year_obligations, either_direction
from ._attach import attach, derived, source_key
from ..spells import expand_spells
from ._frame import carry, data_dir_of, fill_covered, load_table, panel_info, source_coverage
from ..errors import check_option
from ..joins import merge_checked

SOURCES = {
    "atop": {
        "table": "atop_member", "id": "atopid", "group": ("phase",), "prefix": "atop",
        "start": "entry_date", "end": "exit_date",
        "obligations": {"defense": "defense", "offense": "offense", "neutral": "neutral",
                        "nonagg": "nonagg", "consul": "consul"},
    },
    "cow": {
        "table": "cow_alliance_member", "id": "version4id", "group": (), "prefix": "cow",
        "start": "start_date", "end": "end_date",
        "obligations": {"defense": "defense", "neutrality": "neutrality",
                        "nonaggression": "nonaggression", "entente": "entente"},
    },
}


def _members(source: str, data_dir, dataset_id: str | None):
    spec = SOURCES[source]
    cols = [spec["id"], *spec["group"], "ccode", spec["start"], spec["end"], *spec["obligations"].values()]
    tab = load_table(spec["table"], data_dir, dataset_id, columns=cols)  # ATOP's member file has 111 columns
    cov = source_coverage(tab)
    m = tab.rename(columns={spec["start"]: "start", spec["end"]: "end"})
    return spec, m, cov, tab.attrs["provenance"]["dataset_id"]


def alliance_dyad_years(source: str = "atop", *, data_dir=None, dataset_id: str | None = None) -> pd.DataFrame:
    """Directed alliance dyad-years with per-alliance rows (``ccode1, ccode2, year, <id>, obligations``).

    The building block behind :func:`add_alliances` and ``explain`` (rules in
    :mod:`._alliance_dyads`: members on any day of the year, pairs that
    overlap on a day, obligations by direction).

    Parameters
    ----------
    source : {"atop", "cow"}
        ATOP 5.1 member-level file (alliance id ``atopid``) or COW Formal
        Alliances 4.1 (``version4id``).
    data_dir : path, optional
        Folder of processed tables.
    dataset_id : str, optional
        A specific ingested version (e.g. ``"atop_5_0"``); default the newest.

    Returns
    -------
    DataFrame
        One row per ordered pair, alliance and year: ``ccode1``, ``ccode2``
        (int16), ``year`` (int16), the alliance id and the obligation columns
        (int8: ccode1 holds the obligation toward ccode2).

    Examples
    --------
    >>> import alliancestats as als
    >>> pairs = als.alliance_dyad_years("atop")  # doctest: +SKIP
    >>> pairs[(pairs.ccode1 == 2) & (pairs.ccode2 == 200) & (pairs.year == 1950)]  # doctest: +SKIP
    """
    spec, m, cov, _ = _members(source, data_dir, dataset_id)
    return alliance_pairs(m, alliance=spec["id"], obligations=list(spec["obligations"].values()),
                          first=cov[0], last=cov[1], group=list(spec["group"]))


def _dyad_table(m, spec, cov, out_cols, directed: bool, either: bool) -> pd.DataFrame:
    """The source's dyad-year table as add_alliances attaches it (keys, obligations, count, either)."""
    pre = spec["prefix"]
    obl = spec["obligations"]
    pairs = alliance_pairs(m, alliance=spec["id"], obligations=list(obl.values()),
                           first=cov[0], last=cov[1], group=list(spec["group"]))
    dy = dyad_year_obligations(pairs, alliance=spec["id"], obligations=list(obl.values()))
    dy[f"{pre}_alliance"] = 1
    dy = dy.rename(columns={**out_cols, "n_alliances": f"{pre}_n"})
    val_cols = [*out_cols.values(), f"{pre}_alliance", f"{pre}_n"]
    if not directed:
        return either_direction(dy, val_cols)
    if either:
        ei = either_direction(dy, list(out_cols.values()), per_row=True)
        dy = pd.concat([dy, ei.rename(columns={c: f"{c}_either" for c in out_cols.values()})], axis=1)
    return dy


def add_alliances(df: pd.DataFrame, source: str = "atop", *, either: bool = True, data_dir=None,
                  dataset_id: str | None = None) -> pd.DataFrame:
    """Attach alliance obligations from ``source``; see the module docstring for the coding.

    Parameters
    ----------
    df : DataFrame
        A state-year or dyad-year panel (``create_state_years`` /
        ``create_dyad_years``).
    source : {"atop", "cow"}
        ATOP 5.1 (Leeds et al. 2002; coverage 1815-2018; columns ``atop_*``)
        or COW Formal Alliances 4.1 (Gibler 2009; 1816-2012; ``cow_*``).
    either : bool, default True
        Directed frames: also ``<col>_either``, the highest pledge in either
        direction (ATOP's non-directed dyad-year definition).
    data_dir : path, optional
        Folder of processed tables (default: the one recorded on ``df``).
    dataset_id : str, optional
        A specific ingested version (e.g. ``"atop_5_0"``); default the newest.

    Returns
    -------
    DataFrame
        ``df`` with, for ATOP, ``atop_defense``, ``atop_offense``,
        ``atop_neutral``, ``atop_nonagg``, ``atop_consul`` (Int8),
        ``atop_n`` (Int16: alliances in effect), ``atop_alliance`` (Int8) and,
        directed with ``either=True``, ``atop_*_either`` (Int8); for COW the
        ``cow_*`` equivalents. 0 inside the source's coverage when no alliance
        is in effect, NA outside it. Rows and their order are ``df``'s.

    Examples
    --------
    >>> import alliancestats as als
    >>> ddy = als.create_dyad_years(directed=True, start=1816, end=2016)  # doctest: +SKIP
    >>> ddy = als.add_alliances(ddy, source="atop")  # doctest: +SKIP
    >>> int(ddy["atop_alliance"].sum())  # doctest: +SKIP
    250494
    """
    check_option("source", source, tuple(SOURCES))
    info = panel_info(df)
    spec, m, cov, ds_id = _members(source, data_dir_of(df, data_dir), dataset_id)
    pre = spec["prefix"]
    obl = spec["obligations"]
    out_cols = {raw: f"{pre}_{name}" for name, raw in obl.items()}
    if info["unit"] == "state_year":
        sy = expand_spells(m, "start", "end", ["ccode", spec["id"], *obl.values()], cov[0], cov[1])
        sy["ccode"] = sy["ccode"].astype("int16")
        g = sy.groupby(["ccode", "year"], sort=True)
        agg = g[list(obl.values())].max().astype("Int8").rename(columns=out_cols)
        agg[f"{pre}_alliance"] = 1
        agg[f"{pre}_n"] = g[spec["id"]].nunique()
        agg = agg.reset_index()
        out = merge_checked(df, agg, ["ccode", "year"], what=f"add_alliances({source})")
    else:
        key = source_key(m)
        dy = derived(key and ("add_alliances", source, key, bool(info["directed"]), bool(either)),
                     lambda: _dyad_table(m, spec, cov, out_cols, bool(info["directed"]), either))
        fill = {c: "Int16" if c.endswith("_n") else "Int8" for c in dy.columns if c.startswith(f"{pre}_")}
        out = attach(df, dy, ["ccode1", "ccode2", "year"], what=f"add_alliances({source})", fill=fill, cov=cov)
        return carry(df, out, source=ds_id)
    filled = [c for c in out.columns if c.startswith(f"{pre}_") and c not in df.columns]
    out = fill_covered(out, [c for c in filled if not c.endswith("_n")], cov)
    out = fill_covered(out, [c for c in filled if c.endswith("_n")], cov, dtype="Int16")
    return carry(df, out, source=ds_id)
