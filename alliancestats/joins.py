"""Keyed joins that validate their cardinality: the one way the library joins tables.

Every join of a source onto a panel (and of one research table onto
another) goes through :func:`merge_checked`: explicit keys, right keys
unique (``many_to_one``; or ``one_to_one`` when asked), the left frame's
rows kept one for one and in order, a :class:`~alliancestats.errors.JoinError`
naming the first offending key instead of silently multiplied or lost rows.

Kept instead of ``DataFrame.merge(validate=...)`` because it is about ten
times faster on the 2 M-row dyad-year panel (one int64 code per key tuple
looked up through a dense position table or a hash index) and keeps the
left frame's row order and index, which ``merge`` does not promise.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from .errors import JoinError, OptionError

__all__ = ["merge_checked"]


def _int_codes(col: pd.Series) -> np.ndarray:
    if col.dtype.kind in "iu":  # plain numpy integers: no NA possible, cheap cast
        return col.to_numpy().astype(np.int64, copy=False)
    return col.to_numpy(dtype="int64", na_value=-1)


def _encode(frames: list[pd.DataFrame], keys: list[str]) -> tuple[list[np.ndarray], int]:
    """Encode integer key columns as one int64 per row (mixed radix), same code in every frame.

    Returns the codes and the size of the code space (every code is below it).
    """
    codes = [np.zeros(len(f), dtype=np.int64) for f in frames]
    size = 1
    for k in keys:
        cols = [_int_codes(f[k]) for f in frames]
        lo = min((int(c.min()) for c in cols if len(c)), default=0)
        hi = max((int(c.max()) for c in cols if len(c)), default=0)
        radix = hi - lo + 2
        size *= radix
        for i, c in enumerate(cols):
            codes[i] = codes[i] * radix + (c - lo + 1)
    return codes, size


#: code spaces up to this size are looked up through a dense position table (state-year keys:
#: ~1,000 codes x ~200 years), larger ones (dyad-year keys) through a hash index
_DENSE_MAX = 1 << 25


def merge_checked(left: pd.DataFrame, right: pd.DataFrame, on: list[str] | str, *, what: str,
                  how: str = "left", validate: str = "many_to_one") -> pd.DataFrame:
    """Join ``right`` onto ``left`` by explicit keys, checking cardinality.

    Parameters
    ----------
    left, right : DataFrame
        ``right``'s key tuples must be unique; its other columns are added to
        ``left`` (a column already in ``left`` is an error, not a suffix).
    on : str or list of str
        Integer key columns present in both frames.
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
    if how not in ("left", "inner"):
        raise OptionError(f"merge_checked: how={how!r} is not a valid value; use one of: 'left', 'inner'")
    if validate not in ("many_to_one", "one_to_one"):
        raise OptionError(f"merge_checked: validate={validate!r} is not a valid value; "
                          "use one of: 'many_to_one', 'one_to_one'")
    on = [on] if isinstance(on, str) else list(on)
    for k in on:
        if k not in left.columns:
            raise JoinError(f"{what}: the frame has no key column {k!r}")
        if k not in right.columns:
            raise JoinError(f"{what}: the source has no key column {k!r}")
    clash = [c for c in right.columns if c in left.columns and c not in on]
    if clash:
        raise JoinError(f"{what}: the frame already has column(s) {clash}; drop them first or rename")
    if right[on].isna().any().any():
        raise JoinError(f"{what}: the source has missing values in join keys {on}")
    (lcode, rcode), size = _encode([left, right], on)
    # dense only when the table is not much larger than the frames (a tiny frame must not allocate 256 MB)
    if size <= _DENSE_MAX and size <= 16 * (len(left) + len(right)) + 4096:
        table = np.full(size, -1, dtype=np.int64)
        table[rcode] = np.arange(len(rcode))
        unique = (table[rcode] == np.arange(len(rcode))).all() and len(np.unique(rcode)) == len(rcode)
        pos = table[lcode]
    else:
        index = pd.Index(rcode)
        unique = index.is_unique
        pos = index.get_indexer(lcode) if unique else None
    if not unique:
        dup = right.loc[pd.Index(rcode).duplicated(keep=False), on].iloc[0].to_dict()
        raise JoinError(f"{what}: join keys {on} are not unique in the source (e.g. {dup})")
    if validate == "one_to_one":
        dup_left = pd.Index(lcode).duplicated(keep=False)
        if dup_left.any():
            dup = left.loc[dup_left, on].iloc[0].to_dict()
            raise JoinError(f"{what}: join keys {on} are not unique in the frame (e.g. {dup}); one_to_one asked")
    if how == "inner":
        hit = pos >= 0
        left, pos = left[hit], pos[hit]
    out = left.copy(deep=False)
    for c in right.columns:
        if c in on:
            continue
        arr = right[c].array
        if isinstance(arr, pd.arrays.NumpyExtensionArray) and arr.dtype.kind in "iub":
            arr = pd.array(arr.to_numpy(), dtype=f"{'Int' if arr.dtype.kind != 'u' else 'UInt'}{arr.dtype.itemsize * 8}") \
                if arr.dtype.kind != "b" else pd.array(arr.to_numpy(), dtype="boolean")
        out[c] = arr.take(pos, allow_fill=True)
    return out
