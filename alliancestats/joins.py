"""Keyed joins that validate their cardinality: the one way the library joins tables.

Every join of a source onto a panel (and of one research table onto
another) goes through :func:`merge_checked`: explicit keys, right keys
unique (``many_to_one``; or ``one_to_one`` when asked), the left frame's
rows kept one for one and in order, a :class:`~alliancestats.errors.JoinError`
naming the first offending key instead of silently multiplied or lost rows.

Kept instead of ``DataFrame.merge(validate=...)`` because it is much
faster on the 2 M-row dyad-year panel and keeps the left frame's row order
and index, which ``merge`` does not promise: each key tuple becomes one
int64 code (mixed radix, so codes sort like the key tuples), looked up
through a dense position table when the code space is small (state-year
keys: a (year, state) position array) and by binary search of sorted codes
otherwise (dyad-year keys; when the frame's codes are already sorted, as a
panel's are, the source's codes are searched in the frame's instead, which
costs O(source log frame)). :func:`join_positions` exposes that lookup for
verbs that gather many columns at once; :func:`assemble` adds new columns
to a frame without copying the frame's own (pandas copies every array on
``df[c] = array``).
"""
from __future__ import annotations

import copy

import numpy as np
import pandas as pd

from .errors import JoinError, check_option

__all__ = ["merge_checked", "join_positions", "assemble"]


def _plain_int(col: pd.Series) -> bool:
    """A numpy integer column (pandas' nullable Int* also report kind "i", but may hold NA)."""
    return isinstance(col.dtype, np.dtype) and col.dtype.kind in "iu"


def _int_codes(col: pd.Series, na_value: int = -1) -> np.ndarray:
    """A key column as int64 (a cheap cast for numpy integers; NA as ``na_value`` otherwise)."""
    if _plain_int(col):
        return col.to_numpy().astype(np.int64, copy=False)
    return col.to_numpy(dtype="int64", na_value=na_value)


def _key_values(col: pd.Series, na_value: int = -1) -> np.ndarray:
    """A key column as integers, without a copy when it is a plain numpy integer column (never written to)."""
    return col.to_numpy() if _plain_int(col) else col.to_numpy(dtype="int64", na_value=na_value)


def _key_columns(cols: list[pd.Series]) -> list[np.ndarray]:
    """One key column of each frame as integers that are equal where the values are equal.

    Integer (and boolean) keys are used as they are; any other key (alliance
    names, dates) is replaced by codes of its values factorized over all the
    frames together, so callers never build integer stand-ins themselves.
    An NA key (possible in the frame only: the source's are refused by
    ``_check_keys``) gets a value below every real one, so it matches nothing.
    """
    if all(c.dtype.kind in "iub" for c in cols):
        if all(_plain_int(c) or not c.hasnans for c in cols):
            return [_key_values(c) for c in cols]
        real = [int(c.min()) for c in cols if c.notna().any()]
        na = min(real, default=0) - 1
        return [_key_values(c, na) for c in cols]
    codes = pd.factorize(pd.concat(cols, ignore_index=True))[0].astype(np.int64)
    return np.split(codes, np.cumsum([len(c) for c in cols])[:-1])


def _encode(frames: list[pd.DataFrame], keys: list[str]) -> tuple[list[np.ndarray], int]:
    """Encode key columns as one integer per row (mixed radix), same code in every frame.

    Returns the codes and the size of the code space (every code is below it).
    The codes are int32 when the code space fits (dyad-year keys do: about
    1,000 x 1,000 x 200 codes), else int64: half the memory traffic on a
    2 M-row panel, for the encoding, the sortedness check and the lookup.
    """
    cols = [_key_columns([f[k] for f in frames]) for k in keys]  # may be the frames' own memory: never written to
    bounds = []
    size, extreme = 1, 0
    for per_frame in cols:
        lo = min((int(c.min()) for c in per_frame if len(c)), default=0)
        hi = max((int(c.max()) for c in per_frame if len(c)), default=0)
        bounds.append((lo, hi - lo + 2))
        size *= hi - lo + 2
        extreme = max(extreme, abs(lo), abs(hi))
    # int32 only when every intermediate (code * radix + raw key) stays far from its range
    dtype = np.int32 if size < 2**30 and extreme < 2**30 and size * 2 + extreme < 2**31 else np.int64
    codes: list[np.ndarray] = []
    for i in range(len(frames)):
        code = np.zeros(len(frames[i]), dtype=dtype) if not keys else None
        for (lo, radix), per_frame in zip(bounds, cols):  # in place: one pass per operation, no temporaries
            c = per_frame[i]
            if code is None:
                code = c.astype(dtype)  # always a new array
            else:
                code *= radix
                np.add(code, c, out=code, casting="unsafe")
            code -= lo - 1
        codes.append(code)
    return codes, size


#: code spaces up to this size are looked up through a dense position table (state-year keys:
#: ~1,000 codes x ~200 years), larger ones (dyad-year keys) by binary search of sorted codes
_DENSE_MAX = 1 << 25


def _check_keys(left: pd.DataFrame, right: pd.DataFrame, on: list[str], what: str) -> None:
    for k in on:
        if k not in left.columns:
            raise JoinError(f"{what}: the frame has no key column {k!r}")
        if k not in right.columns:
            raise JoinError(f"{what}: the source has no key column {k!r}")
    if right[on].isna().any().any():
        raise JoinError(f"{what}: the source has missing values in join keys {on}")


def _not_unique(right: pd.DataFrame, rcode: np.ndarray, on: list[str], what: str) -> JoinError:
    dup = right.loc[pd.Index(rcode).duplicated(keep=False), on].iloc[0].to_dict()
    return JoinError(f"{what}: join keys {on} are not unique in the source (e.g. {dup})")


def join_positions(left: pd.DataFrame, right: pd.DataFrame, on: list[str] | str, *, what: str) -> np.ndarray:
    """For each row of ``left``, the position of the ``right`` row with the same keys (-1: none).

    The lookup behind :func:`merge_checked`, for callers that gather many
    columns at once. Checks what ``merge_checked`` checks on the source:
    key columns present in both frames, no missing key in ``right``, key
    tuples unique in ``right`` (:class:`~alliancestats.errors.JoinError`
    otherwise).

    Parameters
    ----------
    left, right : DataFrame
    on : str or list of str
        Key columns present in both frames (integer keys are used as they are; others, e.g.
        alliance names or dates, are factorized over both frames together).
    what : str
        What is being joined, named in every error message.

    Returns
    -------
    ndarray of int64
        ``len(left)`` positions into ``right`` (``-1`` where no row matches).

    Examples
    --------
    >>> import pandas as pd
    >>> from alliancestats.joins import join_positions
    >>> panel = pd.DataFrame({"ccode": [2, 2, 20], "year": [1900, 1901, 1900]})
    >>> cinc = pd.DataFrame({"ccode": [20, 2], "year": [1900, 1900]})
    >>> join_positions(panel, cinc, ["ccode", "year"], what="capabilities").tolist()
    [1, -1, 0]
    """
    on = [on] if isinstance(on, str) else list(on)
    _check_keys(left, right, on, what)
    (lcode, rcode), size = _encode([left, right], on)
    n = len(lcode)
    # dense only when the table is not much larger than the frames (a tiny frame must not allocate 256 MB)
    if size <= _DENSE_MAX and size <= 16 * (n + len(rcode)) + 4096:
        table = np.full(size, -1, dtype=np.int64)
        table[rcode] = np.arange(len(rcode))
        if not (table[rcode] == np.arange(len(rcode))).all():
            raise _not_unique(right, rcode, on, what)
        return table[lcode]
    order = np.argsort(rcode, kind="stable")
    rs = rcode[order]
    if len(rs) > 1 and (rs[1:] == rs[:-1]).any():
        raise _not_unique(right, rcode, on, what)
    if n > 1 and bool((lcode[1:] > lcode[:-1]).all()):
        # the frame's codes are sorted and unique (a panel in its own order): search the source's keys in
        # the frame's, O(len(right) log len(left)), and scatter
        j = np.searchsorted(lcode, rs)
        hit = j < n
        hit[hit] = lcode[j[hit]] == rs[hit]
        pos = np.full(n, -1, dtype=np.int64)
        pos[j[hit]] = order[hit]
        return pos
    if not len(rs):
        return np.full(n, -1, dtype=np.int64)
    i = np.minimum(np.searchsorted(rs, lcode), len(rs) - 1)
    return np.where(rs[i] == lcode, order[i], -1)


def assemble(left: pd.DataFrame, columns: dict, *, what: str | None = None) -> pd.DataFrame:
    """``left`` with ``columns`` (name -> array of ``len(left)``) added at the end, in one step.

    ``left``'s own columns are not copied (pandas' copy-on-write shares
    them), nor are the new arrays; the result keeps ``left``'s index and a
    copy of its ``attrs``. A name already in ``left`` is a
    :class:`~alliancestats.errors.JoinError`.
    """
    clash = [c for c in columns if c in left.columns]
    if clash:
        raise JoinError(f"{what + ': ' if what else ''}the frame already has column(s) {clash}; "
                        "drop them first or rename")
    if not columns:
        out = left.copy(deep=False)
    else:
        new = pd.DataFrame(columns, index=left.index, copy=False)
        out = pd.concat([left, new], axis=1)
    out.attrs = copy.deepcopy(left.attrs)
    return out


def take_column(arr, pos: np.ndarray, hit: np.ndarray | None = None, at: np.ndarray | None = None):
    """``arr[pos]`` with NA where ``pos`` is -1; numpy integers and booleans become pandas' masked types.

    Plain numpy and pandas' masked arrays are gathered in numpy with the NA
    value appended at the end (so ``-1`` picks it); other arrays through
    their own ``take``. ``hit`` (``np.flatnonzero(pos >= 0)``, optional):
    when few rows match, as when a dyad-year source meets the full panel,
    the result starts as NA and only the matched rows are written; ``at``
    (``pos[hit]``, optional) saves recomputing it for every column.
    """
    arr = arr.array if isinstance(arr, pd.Series) else arr
    sparse = hit is not None and 4 * len(hit) < len(pos)
    if isinstance(arr, pd.arrays.NumpyExtensionArray) and arr.dtype.kind in "iubf":
        nd = arr.to_numpy()
        if nd.dtype.kind == "f":
            if sparse:
                out = np.full(len(pos), np.nan, dtype=nd.dtype)
                out[hit] = nd[pos[hit] if at is None else at]
                return out
            return np.append(nd, np.array(np.nan, dtype=nd.dtype))[pos]
        data, mask = nd, None  # to the nullable type of the same width, NA where unmatched
    elif isinstance(arr, (pd.arrays.IntegerArray, pd.arrays.FloatingArray, pd.arrays.BooleanArray)):
        data, mask = arr._data, arr._mask
    else:
        return arr.take(pos, allow_fill=True)
    if sparse:
        out_data = np.zeros(len(pos), dtype=data.dtype)
        out_mask = np.ones(len(pos), dtype=bool)
        at = pos[hit] if at is None else at
        out_data[hit] = data[at]
        out_mask[hit] = False if mask is None else mask[at]
    else:
        out_data = np.append(data, np.zeros(1, dtype=data.dtype))[pos]
        out_mask = (pos < 0) if mask is None else np.append(mask, True)[pos]
    if isinstance(arr, (pd.arrays.IntegerArray, pd.arrays.FloatingArray, pd.arrays.BooleanArray)):
        return type(arr)(out_data, out_mask)
    return _masked(out_data, out_mask)


def _masked(data: np.ndarray, mask: np.ndarray):
    if data.dtype.kind == "b":
        return pd.arrays.BooleanArray(data, mask)
    return pd.arrays.IntegerArray(data, mask)


def merge_checked(left: pd.DataFrame, right: pd.DataFrame, on: list[str] | str, *, what: str,
                  how: str = "left", validate: str = "many_to_one") -> pd.DataFrame:
    """Join ``right`` onto ``left`` by explicit keys, checking cardinality.

    Parameters
    ----------
    left, right : DataFrame
        ``right``'s key tuples must be unique; its other columns are added to
        ``left`` (a column already in ``left`` is an error, not a suffix).
    on : str or list of str
        Key columns present in both frames (integer keys are used as they are; others, e.g.
        alliance names or dates, are factorized over both frames together).
    what : str
        What is being joined, named in every error message.
    how : {"left", "inner"}
        ``"left"`` keeps every row of ``left`` (unmatched rows get NA);
        ``"inner"`` keeps the matched rows only. Rows keep ``left``'s order and index.
    validate : {"many_to_one", "one_to_one"}
        ``"one_to_one"`` also requires ``left``'s key tuples to be unique.

    Returns
    -------
    DataFrame
        ``left``'s columns, then ``right``'s non-key columns; numpy integer
        and boolean columns of ``right`` become pandas' nullable types
        (``Int8``..., ``boolean``) so unmatched rows can be NA.

    Raises
    ------
    JoinError
        A key column is missing, a key is NA in ``right``, a key tuple repeats
        where it must be unique, or a column would be duplicated.

    Examples
    --------
    >>> import pandas as pd
    >>> from alliancestats.joins import merge_checked
    >>> panel = pd.DataFrame({"ccode": [2, 2, 20], "year": [1900, 1901, 1900]})
    >>> cinc = pd.DataFrame({"ccode": [2, 20], "year": [1900, 1900], "cinc": [0.1, 0.02]})
    >>> merge_checked(panel, cinc, ["ccode", "year"], what="capabilities")
       ccode  year  cinc
    0      2  1900  0.10
    1      2  1901   NaN
    2     20  1900  0.02
    """
    check_option("merge_checked: how", how, ("left", "inner"))
    check_option("merge_checked: validate", validate, ("many_to_one", "one_to_one"))
    on = [on] if isinstance(on, str) else list(on)
    _check_keys(left, right, on, what)
    clash = [c for c in right.columns if c in left.columns and c not in on]
    if clash:
        raise JoinError(f"{what}: the frame already has column(s) {clash}; drop them first or rename")
    pos = join_positions(left, right, on, what=what)
    if validate == "one_to_one":
        (lcode,), _ = _encode([left], on)
        dup_left = pd.Index(lcode).duplicated(keep=False)
        if dup_left.any():
            dup = left.loc[dup_left, on].iloc[0].to_dict()
            raise JoinError(f"{what}: join keys {on} are not unique in the frame (e.g. {dup}); one_to_one asked")
    if how == "inner":
        hit = pos >= 0
        left, pos = left[hit], pos[hit]
    return assemble(left, {c: take_column(right[c], pos) for c in right.columns if c not in on})
