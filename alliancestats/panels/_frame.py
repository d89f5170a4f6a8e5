"""What every panel verb shares: the frame's recorded identity and validated joins.

A panel frame records what it is in ``DataFrame.attrs["alliancestats"]``:
``unit`` ("state_year" or "dyad_year"), ``directed`` (dyad-years only),
``system``, ``data_dir`` and the ``sources`` attached so far. Verbs read that
record; they never guess directedness from the codes (peacesciencer's
``add_*`` functions infer it from whether ccode1 < ccode2 holds everywhere,
which fails on subsets).

pandas keeps ``attrs`` through filtering, ``.loc``/``.query``, ``copy``,
``assign``, ``reset_index``, sorting and ``pd.concat`` of slices of one
panel, but drops them in ``merge``/``join`` (and in ``concat`` of frames
with different records). :func:`panel_info` recovers the record of such a
frame, in this order, only where the answer is certain:

1. the same dyad-years (or state-years) and at least the columns of a panel
   this session built or declared: its full record (a left join of a user
   table keeps the rows and adds columns, so ``df.merge(user_table,
   on=[...], how="left")`` recovers everything); not if two such panels
   differ (data folder, sources);
2. from the columns: ``ccode1``/``ccode2``/``year`` is a dyad-year frame,
   ``ccode``/``year`` a state-year frame; a dyad-year frame is *directed* if
   some row has ccode1 > ccode2 (a non-directed frame never has one); the
   data folder and the list of attached sources cannot be recovered (a
   warning says so);
3. otherwise (all rows ccode1 < ccode2: directed or not cannot be told; key
   rows repeated by a merge) an error saying what to do:
   ``set_panel_info(df, like=original)`` or ``df.als.restore(like=original)``.
"""
from __future__ import annotations

import copy
import warnings
import weakref
from collections import OrderedDict
from typing import Iterable, Sequence

import numpy as np
import pandas as pd

from ..errors import OptionError, PanelError
from ..joins import _int_codes, _key_values
from ..raw.catalog import get_dataset
from ..store import load

ATTR = "alliancestats"


#: unit -> key columns of one row
UNIT_KEYS = {"state_year": ("ccode", "year"), "dyad_year": ("ccode1", "ccode2", "year")}
#: fingerprint of the key rows -> [(columns, panel record)] of the panels built or declared this session
_RECENT: OrderedDict[tuple, list[tuple[frozenset, dict]]] = OrderedDict()
_RECENT_MAX = 64  # fingerprints kept (least recently used dropped)
_PER_ROWS_MAX = 32  # records kept per fingerprint (one per verb of a chain)
#: what must agree between candidate records for a recovery to be certain
_CORE_FIELDS = ("unit", "directed", "system", "data_dir", "sources")


def _unit_of_columns(df: pd.DataFrame) -> str | None:
    cols = set(df.columns)
    if {"ccode1", "ccode2", "year"} <= cols:
        return "dyad_year"
    if {"ccode", "year"} <= cols:
        return "state_year"
    return None


def _owner(col: pd.Series):
    """The ndarray that owns a plain numpy column's memory (None for extension arrays)."""
    nd = getattr(col.array, "_ndarray", None)
    if not isinstance(nd, np.ndarray) or nd.dtype.kind not in "iu":
        return None, None
    owner = nd
    while isinstance(owner.base, np.ndarray):
        owner = owner.base
    return nd, owner


#: (identity of the key arrays) -> (weak references to their owners, fingerprint); see _fingerprint_cached
_FP_CACHE: dict[tuple, tuple[list, tuple]] = {}
_FP_CACHE_MAX = 256


def fingerprint(df: pd.DataFrame, unit: str) -> tuple | None:
    """Order-free fingerprint of a frame's key rows: row count and sums of per-row hashes (uint64, wrapping).

    Two frames with the same multiset of (ccode1, ccode2, year) rows have
    the same fingerprint whatever their row order or other columns; a
    different set of rows gives a different one except with probability
    about 2^-64 per comparison. Each row's keys are packed into one word and
    mixed by the splitmix64 finalizer (Steele, Lea & Flood 2014).

    A verb's output shares its input's key arrays (pandas' copy-on-write),
    so the fingerprint is computed once per chain: it is cached under the
    identity of the key arrays, checked by weak references to the arrays
    that own their memory (copy-on-write keeps shared arrays unchanged).
    """
    keys = UNIT_KEYS[unit]
    if any(k not in df.columns for k in keys):
        return None
    cols = [df[k] for k in keys]
    owned = [_owner(c) for c in cols]
    token = None
    if all(o is not None for _, o in owned):
        token = (unit, len(df)) + tuple((id(o), nd.__array_interface__["data"][0], nd.strides, nd.dtype.str)
                                        for nd, o in owned)
        hit = _FP_CACHE.get(token)
        if hit is not None and all(r() is o for r, (_, o) in zip(hit[0], owned)):
            return hit[1]
    mix = np.zeros(len(df), dtype=np.uint64)
    with np.errstate(over="ignore"):
        for c in cols:  # pack the keys (21 bits each) in place, casting on the fly
            mix <<= np.uint64(21)
            np.bitwise_xor(mix, _key_values(c), out=mix, dtype=np.uint64, casting="unsafe")
        mix ^= mix >> np.uint64(30)
        mix *= np.uint64(0xBF58476D1CE4E5B9)
        mix ^= mix >> np.uint64(27)
        mix *= np.uint64(0x94D049BB133111EB)
        mix ^= mix >> np.uint64(31)
        total = int(mix.sum(dtype=np.uint64))
        mix *= mix | np.uint64(1)
        fp = (unit, len(df), total, int(mix.sum(dtype=np.uint64)))
    if token is not None:
        try:
            refs = [weakref.ref(o) for _, o in owned]
        except TypeError:
            return fp
        if len(_FP_CACHE) >= _FP_CACHE_MAX:  # drop entries whose arrays are gone, then the oldest
            for t in [t for t, (rs, _) in _FP_CACHE.items() if any(r() is None for r in rs)]:
                del _FP_CACHE[t]
            while len(_FP_CACHE) >= _FP_CACHE_MAX:
                del _FP_CACHE[next(iter(_FP_CACHE))]
        _FP_CACHE[token] = (refs, fp)
    return fp


def _remember(df: pd.DataFrame, info: dict) -> None:
    fp = fingerprint(df, info["unit"])
    if fp is None:
        return
    entries = _RECENT.setdefault(fp, [])
    entries.append((frozenset(map(str, df.columns)), copy.deepcopy(info)))
    del entries[:-_PER_ROWS_MAX]
    _RECENT.move_to_end(fp)
    while len(_RECENT) > _RECENT_MAX:
        _RECENT.popitem(last=False)


def _lookup(df: pd.DataFrame, unit: str) -> dict | None:
    """The record of a session panel with the same key rows whose columns ``df`` all has, if only one fits.

    Among the panels with these rows, the one with the most columns that
    ``df`` contains is the one ``df`` was made from (a merge adds columns and
    keeps the panel's); two such panels with different records (other data
    folder, other sources) make the answer uncertain: None.
    """
    entries = _RECENT.get(fingerprint(df, unit) or (), [])
    cols = frozenset(map(str, df.columns))
    fits = [(c, i) for c, i in entries if c <= cols]
    if not fits:
        return None
    most = max(len(c) for c, _ in fits)
    best = [i for c, i in fits if len(c) == most]
    cores = {tuple(repr(i.get(k)) for k in _CORE_FIELDS) for i in best}
    return copy.deepcopy(best[-1]) if len(cores) == 1 else None


def _what_to_do() -> str:
    return ("restore it from the panel it came from with als.set_panel_info(df, like=original) (or "
            "df.als.restore(like=original)), or declare it with set_panel_info(df, unit='dyad_year', "
            "directed=True|False, data_dir=...)")


def _recover(df: pd.DataFrame) -> dict:
    """The record of a frame whose attrs were dropped (by merge/join): see the module docstring."""
    unit = _unit_of_columns(df)
    if unit is None:
        raise PanelError(
            "this frame carries no panel record (attrs['alliancestats']) and has no ccode/year or "
            "ccode1/ccode2/year columns; build it with create_state_years()/create_dyad_years(), or "
            + _what_to_do())
    found = _lookup(df, unit)
    if found is not None:  # the same key rows and columns as a panel of this session: its record, whole
        return found
    keys = list(UNIT_KEYS[unit])
    dup = df.duplicated(subset=keys)
    if dup.any():
        ex = df.loc[dup, keys].iloc[0].to_dict()
        raise PanelError(
            f"this frame lost its panel record and {int(dup.sum()):,} rows repeat a {unit.replace('_', '-')} "
            f"(e.g. {ex}): a merge matched some rows more than once. Make the joined table unique on its keys "
            f"(merge(..., validate='many_to_one') finds them), then " + _what_to_do())
    directed = None
    if unit == "dyad_year":
        c1, c2 = _int_codes(df["ccode1"]), _int_codes(df["ccode2"])
        if (c1 > c2).any():
            directed = True  # non-directed frames never hold a row with ccode1 > ccode2
        else:
            raise PanelError(
                "this frame carries no panel record (pandas' merge/join drop DataFrame.attrs) and every row has "
                "ccode1 < ccode2, so it may be a non-directed panel or a directed one filtered to one direction: "
                "that is not guessed. To go on, " + _what_to_do())
    warnings.warn(
        f"panel record recovered from the columns: {unit.replace('_', '-')}s"
        + (", directed (some rows have ccode1 > ccode2)" if directed else "")
        + "; the data folder and the list of attached sources were lost with the attrs, so verbs use the "
        "default data folder and cite() lists only sources attached from now on. To keep them, "
        + _what_to_do(), UserWarning, stacklevel=4)
    return {"unit": unit, "directed": directed, "system": "cow", "data_dir": None, "sources": [],
            "recovered": "columns"}


def panel_info(df: pd.DataFrame) -> dict:
    """The frame's identity record (recovered if a merge dropped it; see the module docstring).

    A recovered record is stored back on ``df.attrs`` so later verbs carry it.

    Parameters
    ----------
    df : DataFrame
        A panel, or a frame made from one (merge, join, filter, ...).

    Returns
    -------
    dict
        ``unit``, ``directed``, ``system``, ``data_dir``, ``sources`` and what
        verbs added (``start``, ``end``, ``peace_years``, ...).

    Raises
    ------
    AllianceStatsError
        When the record cannot be recovered with certainty (the message says
        how to restore it).

    Examples
    --------
    >>> import pandas as pd
    >>> import alliancestats as als
    >>> d = als.set_panel_info(pd.DataFrame({"ccode1": [2, 20], "ccode2": [20, 2], "year": [1900, 1900]}),
    ...                        unit="dyad_year", directed=True)
    >>> info = als.panel_info(d)
    >>> info["unit"], info["directed"]
    ('dyad_year', True)
    """
    info = df.attrs.get(ATTR)
    if info and "unit" in info:
        return info
    info = _recover(df)
    df.attrs[ATTR] = info
    return info


def set_panel_info(df: pd.DataFrame, *, unit: str | None = None, directed: bool | None = None, data_dir=None,
                   system: str = "cow", like: pd.DataFrame | None = None, **extra) -> pd.DataFrame:
    """Declare what a frame is (for frames built outside the library, or whose record a merge dropped).

    Parameters
    ----------
    df : DataFrame
        Modified in place (its ``attrs``) and returned.
    unit : {"state_year", "dyad_year"}
    directed : bool
        Required for dyad-years.
    data_dir, system, **extra
        Stored in the record (``data_dir``: where verbs find processed tables).
    like : DataFrame, optional
        Take the whole record (unit, directedness, data folder, sources
        attached, ...) from this panel, e.g. the one ``df`` was merged from:
        ``set_panel_info(df.merge(mine, on=["ccode1", "year"]), like=ddy)``.

    Returns
    -------
    DataFrame
        ``df`` itself, with the record in ``attrs["alliancestats"]``.

    Raises
    ------
    AllianceStatsError
        When the frame lacks the unit's key columns, or a non-directed frame
        has a row with ccode1 >= ccode2.

    Examples
    --------
    >>> import pandas as pd
    >>> import alliancestats as als
    >>> mine = pd.DataFrame({"ccode1": [2], "ccode2": [20], "year": [1950]})
    >>> d = als.set_panel_info(mine, unit="dyad_year", directed=False)
    >>> d.attrs["alliancestats"]["directed"]
    False
    """
    if like is not None:
        info = copy.deepcopy(panel_info(like))
        info.update(extra)
        unit, directed = info["unit"], info.get("directed")
    else:
        if unit not in UNIT_KEYS:
            raise OptionError(f"unit={unit!r} is not a valid value; use one of: 'state_year', 'dyad_year'")
        if unit == "dyad_year" and directed is None:
            raise PanelError("a dyad-year frame must say whether it is directed (directed=True or False)")
        info = {"unit": unit, "directed": directed, "system": system,
                "data_dir": None if data_dir is None else str(data_dir), "sources": [], **extra}
    missing = [k for k in UNIT_KEYS[unit] if k not in df.columns]
    if missing:
        raise PanelError(f"a {unit.replace('_', '-')} frame needs columns {list(UNIT_KEYS[unit])}; "
                                 f"missing {missing}")
    if unit == "dyad_year" and not directed:
        if (_int_codes(df["ccode1"]) >= _int_codes(df["ccode2"])).any():
            raise PanelError("non-directed dyad-years must have ccode1 < ccode2 on every row")
    df.attrs[ATTR] = info
    _remember(df, info)
    return df


def carry(src: pd.DataFrame, out: pd.DataFrame, *, source: str | None = None, **updates) -> pd.DataFrame:
    """Copy ``src``'s panel record to ``out``, noting a newly attached source."""
    info = copy.deepcopy(panel_info(src))
    if source and source not in info.setdefault("sources", []):
        info["sources"].append(source)
    info.update(updates)
    out.attrs = {**src.attrs, ATTR: info}
    _remember(out, info)
    return out


def require_dyads(df: pd.DataFrame, verb: str = "this verb") -> bool:
    """Raise :class:`PanelError` unless ``df`` is a dyad-year panel; returns whether it is directed."""
    info = panel_info(df)
    if info["unit"] != "dyad_year":
        raise PanelError(f"{verb} needs a dyad-year frame (create_dyad_years()); this one is {info['unit']}")
    return bool(info["directed"])


def data_dir_of(df: pd.DataFrame, data_dir=None):
    """An explicit ``data_dir`` wins; else the one recorded on the frame; else the default lookup."""
    if data_dir is not None:
        return data_dir
    return panel_info(df).get("data_dir")


def load_table(family_table: str, data_dir, dataset_id: str | None = None, columns: Sequence[str] | None = None) -> pd.DataFrame:
    """Load a processed table by versionless id, or by explicit dataset id."""
    tid = f"{dataset_id}_{family_table.split('_', 1)[1]}" if dataset_id else family_table
    return load(tid, data_dir=data_dir, columns=list(columns) if columns else None)


def source_coverage(frame_or_id) -> tuple[int, int]:
    """Temporal coverage of the dataset a loaded table came from (from the catalog)."""
    if isinstance(frame_or_id, pd.DataFrame):
        ds_id = frame_or_id.attrs["provenance"]["dataset_id"]
    else:
        ds_id = frame_or_id
    cov = get_dataset(ds_id).coverage
    assert cov is not None, ds_id
    return cov


def year_bounds(years: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """1 January and 31 December of each year, as datetime64[s]."""
    y = (np.asarray(years, dtype="int64") - 1970).astype("datetime64[Y]")
    jan1 = y.astype("datetime64[D]").astype("datetime64[s]")
    dec31 = ((y + 1).astype("datetime64[D]") - np.timedelta64(1, "D")).astype("datetime64[s]")
    return jan1, dec31


def outside(years: pd.Series, cov: tuple[int, int]) -> np.ndarray:
    """Mask of years outside a source's coverage (values there must be NA, not 0)."""
    y = years.to_numpy()
    return (y < cov[0]) | (y > cov[1])


def fill_covered(df: pd.DataFrame, cols: Iterable[str], cov: tuple[int, int], value=0,
                 dtype: str = "Int8") -> pd.DataFrame:
    """Fill NA with ``value`` inside coverage; set NA outside it.

    Use for event indicators (no record in a covered year means "no event").
    """
    out_mask = outside(df["year"], cov)
    for c in cols:
        if c in df.columns:
            arr = df[c].array
            if not isinstance(arr, pd.arrays.IntegerArray) or str(arr.dtype) != dtype:
                arr = pd.array(df[c], dtype=dtype)
            data = arr.to_numpy(dtype=arr.dtype.numpy_dtype, na_value=value)
        else:
            data = np.full(len(df), value, dtype=pd.array([], dtype=dtype).dtype.numpy_dtype)
        df[c] = pd.arrays.IntegerArray(data, out_mask.copy())
    return df

