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
from ._attach import attach, expand_spells
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
    tab = load_table(spec["table"], data_dir, dataset_id)
    cov = source_coverage(tab)
    m = tab.rename(columns={spec["start"]: "start", spec["end"]: "end"})
    return spec, m, cov, tab.attrs["provenance"]["dataset_id"]


def alliance_dyad_years(source: str = "atop", *, data_dir=None, dataset_id: str | None = None) -> pd.DataFrame:
    """Directed alliance dyad-years with per-alliance rows (``ccode1, ccode2, year, <id>, obligations``).

    The building block behind :func:`add_alliances` and ``explain``.
    """
    spec, m, cov, _ = _members(source, data_dir, dataset_id)
    return alliance_pairs(m, alliance=spec["id"], obligations=list(spec["obligations"].values()),
                          first=cov[0], last=cov[1], group=list(spec["group"]))


def add_alliances(df: pd.DataFrame, source: str = "atop", *, either: bool = True, data_dir=None,
                  dataset_id: str | None = None) -> pd.DataFrame:
    """Attach alliance obligations from ``source`` ("atop" or "cow"); see module docstring."""
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
        pairs = alliance_pairs(m, alliance=spec["id"], obligations=list(obl.values()),
                               first=cov[0], last=cov[1], group=list(spec["group"]))
        dy = dyad_year_obligations(pairs, alliance=spec["id"], obligations=list(obl.values()))
        dy[f"{pre}_alliance"] = 1
        dy = dy.rename(columns={**out_cols, "n_alliances": f"{pre}_n"})
        val_cols = [*out_cols.values(), f"{pre}_alliance", f"{pre}_n"]
        if info["directed"]:
            if either:
                ei = either_direction(dy, list(out_cols.values()), per_row=True)
                dy = pd.concat([dy, ei.rename(columns={c: f"{c}_either" for c in out_cols.values()})], axis=1)
                val_cols += [f"{c}_either" for c in out_cols.values()]
        else:
            dy = either_direction(dy, val_cols)
        fill = {c: "Int16" if c.endswith("_n") else "Int8" for c in dy.columns if c.startswith(f"{pre}_")}
        out = attach(df, dy, ["ccode1", "ccode2", "year"], what=f"add_alliances({source})", fill=fill, cov=cov)
        return carry(df, out, source=ds_id)
    filled = [c for c in out.columns if c.startswith(f"{pre}_") and c not in df.columns]
    out = fill_covered(out, [c for c in filled if not c.endswith("_n")], cov)
    out = fill_covered(out, [c for c in filled if c.endswith("_n")], cov, dtype="Int16")
    return carry(df, out, source=ds_id)
