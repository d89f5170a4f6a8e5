"""Country crosswalk: COW ``ccode`` <-> ISO 3166 alpha-3 and the names sources use.

The mapping is a hand-written table shipped with the package
(``alliancestats/raw/data/country_crosswalk.csv``), one row per
(kind, key, source, ccode, year range):

``kind``
    ``iso3`` (ISO 3166-1 alpha-3 code, plus the World Bank's ``XKX`` for
    Kosovo and the ISO 3166-3 codes of dissolved states: ``SUN`` USSR,
    ``CSK`` Czechoslovakia, ``YUG`` Yugoslavia, ``DDR`` East Germany, ``YMD``
    South Yemen) or ``name`` (a country name as a source spells it).
``source``
    empty = applies to every source; ``sipri``, ``nato``, ``worldbank``,
    ``maddison`` = only that source. A source-specific row *replaces* the
    generic rows of the same key for that source.
``ccode``
    COW state number; empty = explicitly not a COW state (territories such as
    Puerto Rico or Hong Kong, the European Union), so reports can say why.
``first_year``/``last_year``
    years in which the key denotes that COW state (empty = unbounded).

Year rule (why some codes are bounded): a code maps to a COW state only in
years when the source's entity *is* that state, not a part or a superset of
it. ISO codes name present-day territories, and World Bank / Maddison series
back-cast them. So ``RUS`` maps to 365 only from 1992 (before that COW 365 is
the USSR, ``SUN``), ``DEU`` is unmapped 1946-1989 (COW has West Germany 260
and East Germany 265), ``CZE``/``SVK`` from 1993 and ``CSK`` to 1992, ``SRB``
from 2006 and ``YUG`` to 1991 (1992-2005 COW 345 is Serbia and Montenegro),
``YEM`` from 1990, ``VNM`` from 1976 (COW 816 is North Vietnam before),
``PAK`` from 1972 (COW 770 included Bangladesh before). SIPRI names follow
SIPRI's own entities: "Germany" is West Germany (260) to 1989 and 255 from
1990, "USSR" 365 to 1991, "Russia" 365 from 1992, "Serbia" 345 from 1992 (it
covers Serbia and Montenegro to 2005), "Yugoslavia" 345 to 1991.

Without ``year`` the lookups ignore the year bounds (a key with one ccode maps
to it); pass ``year`` for country-year data, as every loader does.

Names are matched case-insensitively, ignoring accents and repeated spaces.
Functions return ``Int16`` Series (NA = unmapped) aligned with the input;
``report=True`` also returns a frame of what did not map and why.
"""
from __future__ import annotations

import unicodedata
from functools import cache
from importlib import resources

import numpy as np
import pandas as pd

from ..errors import check_option

SOURCES = ("sipri", "nato", "worldbank", "maddison")

#: Reasons given in unmapped reports.
NOT_LISTED = "not in crosswalk"
NOT_A_STATE = "not a COW state"
OUT_OF_YEARS = "no COW state for this code in these years"


def normalize_name(s: pd.Series) -> pd.Series:
    """Casefold, strip accents and collapse whitespace (vectorized over unique values)."""
    s = pd.Series(s, dtype="str")
    uniq = pd.unique(s.dropna())
    def norm(v: str) -> str:
        v = unicodedata.normalize("NFKD", v)
        v = "".join(ch for ch in v if not unicodedata.combining(ch))
        return " ".join(v.replace("\u2019", "'").casefold().split())
    m = {u: norm(u) for u in uniq}
    return s.map(m).astype("str")


@cache
def crosswalk() -> pd.DataFrame:
    """The crosswalk table, typed and checked (no overlapping year ranges)."""
    path = resources.files("alliancestats.raw").joinpath("data/country_crosswalk.csv")
    with path.open("r", encoding="utf-8", newline="") as fh:
        df = pd.read_csv(fh, dtype="str", keep_default_na=False)
    out = pd.DataFrame({
        "kind": df["kind"].astype("str"),
        "key": df["key"].astype("str"),
        "source": df["source"].astype("str"),
        "ccode": pd.to_numeric(df["ccode"].replace("", None)).astype("Int16"),
        "first_year": pd.to_numeric(df["first_year"].replace("", None)).astype("Int16"),
        "last_year": pd.to_numeric(df["last_year"].replace("", None)).astype("Int16"),
        "note": df["note"].astype("str"),
    })
    out["norm"] = np.where(out["kind"] == "name", normalize_name(out["key"]), out["key"].str.upper())
    lo = out["first_year"].fillna(-32768).astype("int64")
    hi = out["last_year"].fillna(32767).astype("int64")
    # overlapping ranges for one (kind, key, source) would make a lookup ambiguous
    tmp = out.assign(lo=lo, hi=hi, i=np.arange(len(out)))
    pairs = tmp.merge(tmp, on=["kind", "norm", "source"])
    clash = pairs[(pairs.i_x < pairs.i_y) & (pairs.lo_x <= pairs.hi_y) & (pairs.lo_y <= pairs.hi_x)]
    if len(clash):
        raise RuntimeError(f"country crosswalk has overlapping rows for {clash['norm'].iloc[0]!r}")
    return out


def _lookup(keys: pd.Series, kind: str, source: str | None, year) -> tuple[pd.Series, pd.DataFrame]:
    keys = pd.Series(keys).reset_index(drop=True)
    cw = crosswalk()
    cw = cw[cw["kind"] == kind]
    if source is not None:
        check_option("source", source, SOURCES)
    if kind == "name":
        norm = normalize_name(keys.astype("str").where(keys.notna()))
    else:
        norm = keys.astype("str").str.strip().str.upper().where(keys.notna())
    # source-specific rows replace generic rows of the same key
    specific = cw[cw["source"] == (source or "")] if source else cw.iloc[0:0]
    generic = cw[(cw["source"] == "") & ~cw["norm"].isin(specific["norm"])]
    table = pd.concat([specific, generic], ignore_index=True)
    n = len(keys)
    if year is None:
        yr = np.full(n, np.nan)
    else:
        yr = pd.Series(year).reset_index(drop=True).astype("Float64").to_numpy(dtype="float64", na_value=np.nan)
        if len(yr) == 1 and n != 1:
            yr = np.repeat(yr, n)
    frame = pd.DataFrame({"norm": norm, "yr": yr, "pos": np.arange(n)})
    uniq = frame.drop_duplicates(["norm", "yr"]).dropna(subset=["norm"])
    m = uniq.merge(table[["norm", "ccode", "first_year", "last_year"]], on="norm", how="left")
    listed = m["norm"].isin(table["norm"])
    lo = m["first_year"].astype("Float64").fillna(-np.inf).to_numpy(dtype="float64")
    hi = m["last_year"].astype("Float64").fillna(np.inf).to_numpy(dtype="float64")
    y = m["yr"].to_numpy(dtype="float64")
    in_range = np.isnan(y) | ((y >= lo) & (y <= hi))
    hit = m[in_range & listed.to_numpy()]
    if year is None:
        # without a year, a key maps when all its rows agree on one ccode
        agree = hit.groupby("norm")["ccode"].nunique(dropna=False) == 1
        hit = hit[hit["norm"].isin(agree[agree].index)]
    hit = hit.drop_duplicates(["norm", "yr"])
    res = frame.merge(hit[["norm", "yr", "ccode"]], on=["norm", "yr"], how="left").sort_values("pos")
    ccode = pd.Series(res["ccode"].to_numpy(), dtype="Int16")
    # report
    miss = frame.assign(ccode=ccode.to_numpy(), key=keys.to_numpy())
    miss = miss[miss["ccode"].isna() & miss["norm"].notna()]
    nonstate = set(table.loc[table["ccode"].isna(), "norm"])
    reason = np.where(~miss["norm"].isin(table["norm"]), NOT_LISTED,
                      np.where(miss["norm"].isin(nonstate), NOT_A_STATE, OUT_OF_YEARS))
    miss = miss.assign(reason=reason)
    rep = (miss.groupby(["key", "reason"], dropna=False)
           .agg(rows=("pos", "size"), first_year=("yr", "min"), last_year=("yr", "max"))
           .reset_index())
    rep["first_year"] = rep["first_year"].astype("Float64").astype("Int16")
    rep["last_year"] = rep["last_year"].astype("Float64").astype("Int16")
    return ccode, rep.sort_values(["reason", "key"]).reset_index(drop=True)


def iso3_to_ccode(iso3, year=None, *, source: str | None = None, report: bool = False):
    """Map ISO3 codes to COW ccodes (Int16, NA when unmapped).

    ``year``: a scalar or a Series aligned with ``iso3``; applies the year
    bounds explained in the module docstring. ``source``: use that source's
    special rows too (e.g. Maddison's "Sudan (Former)"). ``report=True``
    returns ``(ccodes, unmapped)`` where ``unmapped`` has key, reason, rows,
    first_year, last_year.
    """
    cc, rep = _lookup(pd.Series(iso3), "iso3", source, year)
    return (cc, rep) if report else cc


def name_to_ccode(names, source: str | None = None, year=None, *, report: bool = False):
    """Map country names as ``source`` spells them to COW ccodes (Int16, NA when unmapped)."""
    cc, rep = _lookup(pd.Series(names), "name", source, year)
    return (cc, rep) if report else cc


def ccode_to_iso3(ccode, year=None) -> pd.Series:
    """Map COW ccodes to ISO3 codes (str, NA when none), the inverse of :func:`iso3_to_ccode`.

    A ccode with several codes (365: ``SUN`` to 1991, ``RUS`` from 1992)
    needs ``year``; without it the ISO3 whose range is open-ended towards the
    present is used.
    """
    cw = crosswalk()
    cw = cw[(cw["kind"] == "iso3") & (cw["source"] == "") & cw["ccode"].notna()]
    cw = cw[~cw["key"].isin(["ROM", "ZAR", "TMP", "KSV", "YAR"])]  # old aliases
    cc = pd.Series(ccode).reset_index(drop=True).astype("Int16")
    n = len(cc)
    if year is None:
        cur = cw[cw["last_year"].isna()].drop_duplicates("ccode")
        return pd.Series(cc.map(dict(zip(cur["ccode"], cur["key"]))).to_numpy(), dtype="str")
    yr = pd.Series(year).reset_index(drop=True).astype("Float64").to_numpy(dtype="float64", na_value=np.nan)
    if len(yr) == 1 and n != 1:
        yr = np.repeat(yr, n)
    frame = pd.DataFrame({"ccode": cc, "yr": yr, "pos": np.arange(n)})
    m = frame.merge(cw[["ccode", "key", "first_year", "last_year"]], on="ccode", how="left")
    lo = m["first_year"].astype("Float64").fillna(-np.inf).to_numpy(dtype="float64")
    hi = m["last_year"].astype("Float64").fillna(np.inf).to_numpy(dtype="float64")
    y = m["yr"].to_numpy(dtype="float64")
    ok = (y >= lo) & (y <= hi)
    m = m[ok].drop_duplicates("pos")
    out = frame[["pos"]].merge(m[["pos", "key"]], on="pos", how="left").sort_values("pos")
    return pd.Series(out["key"].to_numpy(), dtype="str")


def unmapped_notes(rep: pd.DataFrame, what: str) -> list[str]:
    """Human-readable LoadResult notes from an unmapped report."""
    notes = []
    for reason, g in rep.groupby("reason", sort=True):
        items = [
            f"{k} ({int(a)}-{int(b)}, {r} rows)" if pd.notna(a) else f"{k} ({r} rows)"
            for k, a, b, r in zip(g["key"], g["first_year"], g["last_year"], g["rows"])
        ]
        notes.append(f"ccode NA for {len(g)} {what} ({reason}): " + "; ".join(items))
    return notes
