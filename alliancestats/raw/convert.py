"""Turn raw string cells into typed, canonical columns.

Missing-value codes: COW, GML and ATOP use ``-9`` for missing/unknown, ``-8``
for not applicable and (GML MIDI) ``-7``; some files write literal ``NA`` or
leave cells empty. All of these become ``<NA>`` in the value column. Where a
codebook distinguishes *why* a value is absent, :func:`convert` can add a
companion ``<col>_na`` categorical column ("missing", "not_applicable", ...)
so the distinction survives.

Dates: COW/ATOP split dates into day/month/year integers where day or month
may be unknown (-9). :func:`make_date` builds a proper date with the
*bounding* rule documented there, and a precision column.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Mapping

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from ..errors import IngestError, check_option
from .catalog import LoadResult
from .readers import RawTable, as_text
from .validate import quote

#: Cells that mean "no value" in every source, besides numeric codes.
EMPTY_TOKENS = ("", "NA", "N/A", ".", "NaN", "nan")

COW_NA = {-9: "missing"}

_INT_RANGES = {
    "Int8": (-(2**7), 2**7 - 1),
    "Int16": (-(2**15), 2**15 - 1),
    "Int32": (-(2**31), 2**31 - 1),
    "Int64": (-(2**63), 2**63 - 1),
}


@dataclass(frozen=True)
class Col:
    """How one raw column becomes a canonical one.

    dtype: "Int8"/"Int16"/"Int32"/"Int64" (nullable integers), "Float64",
    "float64", "str", "category", "boolean" (0/1).
    na_codes: numeric codes meaning "no value" (code -> reason).
    keep_na_reason: add ``<name>_na`` with the reason for each NA.
    required: the column must exist in the raw header.
    """

    name: str
    dtype: str = "Int32"
    na_codes: Mapping[int, str] | None = None
    keep_na_reason: bool = False
    required: bool = True


def _first_bad(raw: RawTable, mask: np.ndarray, column: str, expected: str) -> IngestError:
    i = int(np.flatnonzero(mask)[0])
    value = raw.frame[column].iat[i]
    return IngestError(raw.path, f"expected {expected}, found {quote(value)}", line=int(raw.lines[i]), column=column)


def _parse_numbers(s: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """Floats and an "empty cell" mask; unparsable cells come back as NaN with empty False."""
    if pd.api.types.is_numeric_dtype(s.dtype):  # Stata columns arrive numeric
        num = s.to_numpy(dtype="float64", na_value=np.nan, copy=True)
        return num, np.isnan(num)
    empty = s.isin(EMPTY_TOKENS).to_numpy()
    arr = pa.array(s.where(~empty, None), type=pa.string(), from_pandas=True)
    try:
        num = pc.cast(arr, pa.float64()).to_numpy(zero_copy_only=False)
    except pa.ArrowInvalid:  # some cell is not a number: find which, the slow way
        num = pd.to_numeric(s.where(~empty, None), errors="coerce").to_numpy(dtype="float64", na_value=np.nan)
    return np.array(num, dtype="float64"), empty


def to_number(raw: RawTable, column: str, dtype: str = "Int32", na_codes: Mapping[int, str] | None = None,
              keep_na_reason: bool = False) -> tuple[pd.Series, pd.Series | None]:
    """Convert one raw column; return (values, na_reason or None).

    A non-empty cell that is not a number is an error naming file, line and
    column. Integers must be whole numbers and fit ``dtype``.
    """
    num, empty = _parse_numbers(raw.frame[column])
    bad = ~empty & np.isnan(num)
    if bad.any():
        raise _first_bad(raw, bad, column, "a number" if dtype.lower().startswith("float") else "an integer")
    reason = np.where(empty, "missing", None).astype(object)
    if na_codes:
        for code, why in na_codes.items():
            hit = num == code
            reason[hit] = why
            num[hit] = np.nan
    if dtype.startswith("Int") or dtype == "boolean":
        finite = ~np.isnan(num)
        frac = finite & (num != np.round(num))
        if frac.any():
            raise _first_bad(raw, frac, column, "a whole number")
        lo, hi = _INT_RANGES.get(dtype, (0, 1))
        out = finite & ((num < lo) | (num > hi))
        if out.any():
            rng = "0 or 1" if dtype == "boolean" else f"a value between {lo} and {hi}"
            raise _first_bad(raw, out, column, rng)
        values = pd.array(np.where(finite, num, 0).astype("int64"), dtype="Int64")
        values[~finite] = pd.NA
        values = values.astype(dtype)
    elif dtype == "Float64":
        values = pd.array(num, dtype="Float64")
    else:
        values = num
    na_reason = None
    if keep_na_reason:
        na_reason = pd.Categorical(reason, categories=sorted({"missing", *(na_codes or {}).values()}))
    return pd.Series(values, name=column), (None if na_reason is None else pd.Series(na_reason))


def convert(raw: RawTable, spec: Mapping[str, Col], *, source_line: bool = True) -> pd.DataFrame:
    """Build the canonical frame from ``spec`` (raw column -> :class:`Col`).

    Raw columns not in ``spec`` are dropped; optional columns absent from the
    file become all-NA. ``source_line`` adds the raw line of each record.
    """
    out: dict[str, object] = {}
    for rawcol, col in spec.items():
        if rawcol not in raw.frame.columns:
            if col.required:
                raise IngestError(raw.path, f"expected column '{rawcol}'", line=raw.header_line or None, column=rawcol)
            out[col.name] = pd.Series(pd.NA, index=range(len(raw)), dtype="str" if col.dtype in ("str", "category") else col.dtype)
            continue
        if col.dtype in ("str", "category"):
            s = as_text(raw.frame[rawcol])
            s = s.mask(s.isin(EMPTY_TOKENS))
            out[col.name] = s.astype("category") if col.dtype == "category" else s.astype("str")
            continue
        values, reason = to_number(raw, rawcol, col.dtype, col.na_codes, col.keep_na_reason)
        out[col.name] = values.to_numpy() if col.dtype == "float64" else values.array
        if reason is not None:
            out[f"{col.name}_na"] = reason.array
    frame = pd.DataFrame(out, index=pd.RangeIndex(len(raw)))
    if source_line:
        frame["source_line"] = raw.lines.astype("int32")
    return frame


_DAYS = np.array([31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31])


def _days_in_month(year: np.ndarray, month: np.ndarray) -> np.ndarray:
    leap = ((year % 4 == 0) & (year % 100 != 0)) | (year % 400 == 0)
    days = _DAYS[np.clip(month, 1, 12) - 1]
    return np.where((month == 2) & leap, 29, days)


def make_date(
    year: pd.Series,
    month: pd.Series,
    day: pd.Series,
    *,
    bound: str,
    raw: RawTable | None = None,
    columns: tuple[str, str, str] | None = None,
) -> tuple[pd.Series, pd.Series]:
    """Combine split date parts into a date and its precision.

    Rule (bounding convention): an unknown day becomes the first day of the
    month for a start date (``bound="start"``) and the last day of the month
    for an end date (``bound="end"``); an unknown month becomes January or
    December likewise. The resulting interval therefore contains every day on
    which the event may have been under way, which is what panel builders
    need to decide whether an alliance or dispute touched a year. An unknown
    year gives NA. Precision is "day", "month" or "year" (what was known).

    Impossible dates (month 13, 31 April) raise :class:`IngestError` naming
    the line when ``raw``/``columns`` are given.
    """
    check_option("bound", bound, ("start", "end"))
    y = pd.array(year, dtype="Float64").to_numpy(dtype="float64", na_value=np.nan)
    m = pd.array(month, dtype="Float64").to_numpy(dtype="float64", na_value=np.nan)
    d = pd.array(day, dtype="Float64").to_numpy(dtype="float64", na_value=np.nan)
    has_y, has_m, has_d = ~np.isnan(y), ~np.isnan(m), ~np.isnan(d)
    yi = np.where(has_y, y, 2000).astype("int64")
    mi = np.where(has_m, m, 1 if bound == "start" else 12).astype("int64")
    bad_m = has_y & has_m & ((mi < 1) | (mi > 12))
    dim = _days_in_month(yi, mi)
    di = np.where(has_d & has_m, d, 1 if bound == "start" else dim).astype("int64")
    bad_d = has_y & has_m & has_d & ((di < 1) | (di > dim))
    for bad, which, what in ((bad_m, 1, "a month 1-12"), (bad_d, 2, "a day that exists in that month")):
        if bad.any():
            i = int(np.flatnonzero(bad)[0])
            if raw is not None and columns is not None:
                raise IngestError(raw.path, f"expected {what}, found {int(y[i])}-{int(m[i]) if has_m[i] else '?'}-{int(d[i]) if has_d[i] else '?'}",
                                  line=int(raw.lines[i]), column=columns[which])
            raise IngestError("(date parts given without their file)", f"row {i}: expected {what}, found "
                              f"{int(y[i])}-{int(m[i]) if has_m[i] else '?'}-{int(d[i]) if has_d[i] else '?'}")
    mi = np.clip(mi, 1, 12)
    di = np.clip(di, 1, 31)
    months = (yi - 1970) * 12 + (mi - 1)
    dates = months.astype("datetime64[M]").astype("datetime64[D]") + (di - 1).astype("timedelta64[D]")
    dates = dates.astype("datetime64[s]")
    dates[~has_y] = np.datetime64("NaT")
    precision = np.where(~has_y, None, np.where(has_m & has_d, "day", np.where(has_m, "month", "year")))
    prec = pd.Categorical(precision, categories=["day", "month", "year"])
    return pd.Series(dates), pd.Series(prec)


def add_date(frame: pd.DataFrame, prefix: str, parts: tuple[str, str, str], *, bound: str,
             raw: RawTable | None = None, raw_columns: tuple[str, str, str] | None = None) -> pd.DataFrame:
    """Add ``<prefix>_date`` and ``<prefix>_date_precision`` from canonical year/month/day columns."""
    y, m, d = (frame[c] for c in parts)
    dates, prec = make_date(y, m, d, bound=bound, raw=raw, columns=raw_columns or parts)
    frame[f"{prefix}_date"] = dates.to_numpy()
    frame[f"{prefix}_date_precision"] = prec.array
    return frame


def reject(raw: RawTable, mask: np.ndarray | pd.Series, reason: str) -> pd.DataFrame:
    """Rejection records (line, reason) for the raw records selected by ``mask``."""
    mask = np.asarray(mask, dtype=bool)
    return pd.DataFrame({"file": raw.name, "line": raw.lines[mask], "reason": reason})


def no_rejects() -> pd.DataFrame:
    return pd.DataFrame({"file": pd.Series(dtype="str"), "line": pd.Series(dtype="int64"), "reason": pd.Series(dtype="str")})


def duplicate_of_kept(df: pd.DataFrame, keys: list[str]):
    """A :func:`finish_load` rule mask: records repeating the ``keys`` of an earlier record that the
    earlier rules kept. A record whose first copy was rejected for another reason is then kept, not
    lost as the "duplicate" of a record that is not in the table.

    Examples
    --------
    >>> from pathlib import Path
    >>> import numpy as np, pandas as pd
    >>> from alliancestats.raw.readers import RawTable
    >>> raw = RawTable(Path("f.csv"), pd.DataFrame({"k": ["1", "1", "2"]}), np.array([2, 3, 4]), 1)
    >>> df = pd.DataFrame({"k": [1, 1, 2], "d": [-1, 5, 3]})
    >>> res = finish_load(raw, df, [(df["d"] < 0, "negative"), (duplicate_of_kept(df, ["k"]), "duplicate k")])
    >>> res.data["d"].tolist(), res.rejected[["line", "reason"]].values.tolist()
    ([5, 3], [[2, 'negative']])
    """
    def mask(kept: np.ndarray) -> np.ndarray:
        out = np.zeros(len(df), dtype=bool)
        out[kept] = df.loc[kept, keys].duplicated().to_numpy()
        return out
    return mask


def finish_load(raw: RawTable, df: pd.DataFrame, rules=(), *, notes=(), rejected=(),
                rows_read: int | None = None) -> LoadResult:
    """A loader's result: ``df`` without the records its rejection rules select, each rejected once.

    Parameters
    ----------
    raw : RawTable
        The raw records ``df`` was converted from (row ``i`` of ``df`` is
        record ``i`` of ``raw``); rejections name their lines.
    df : DataFrame
        The converted records.
    rules : iterable of (mask, reason)
        In priority order: a record is rejected for the first rule that
        selects it. ``mask`` is a boolean array over ``df``, or a callable
        given the records that earlier rules kept (see :func:`duplicate_of_kept`).
        ``reason`` is one text, or an array with one text per row of ``df``.
    notes : iterable of str
        The loader's notes.
    rejected : iterable of DataFrame
        Rejections made earlier (records that never reached ``df``), listed first.
    rows_read : int, optional
        Raw records read (default ``len(raw)``).

    Returns
    -------
    LoadResult

    Examples
    --------
    >>> from pathlib import Path
    >>> import numpy as np, pandas as pd
    >>> from alliancestats.raw.readers import RawTable
    >>> raw = RawTable(Path("f.csv"), pd.DataFrame({"x": ["1", "1", "-5"]}), np.array([2, 3, 4]), 1)
    >>> df = pd.DataFrame({"x": [1, 1, -5]})
    >>> res = finish_load(raw, df, [(df["x"] < 0, "negative"), (df.duplicated("x"), "duplicate x")])
    >>> res.data["x"].tolist(), res.rejected[["line", "reason"]].values.tolist()
    ([1], [[4, 'negative'], [3, 'duplicate x']])
    """
    drop = np.zeros(len(df), dtype=bool)
    frames = list(rejected)
    for mask, reason in rules:
        mask = np.asarray(mask(~drop) if callable(mask) else mask, dtype=bool) & ~drop
        if mask.any():
            r = reject(raw, mask, reason if isinstance(reason, str) else "")
            if not isinstance(reason, str):
                r["reason"] = np.asarray(reason, dtype=object)[mask]
            frames.append(r)
            drop |= mask
    rej = pd.concat(frames, ignore_index=True) if frames else no_rejects()
    return LoadResult(df.loc[~drop].reset_index(drop=True), len(raw) if rows_read is None else rows_read, rej,
                      list(notes))
