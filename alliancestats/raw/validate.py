"""Content validation of every ingested table, declared as data (one :class:`Schema` per table).

The loaders check *form* (a cell is an integer, a date exists); this module
checks *content* against a schema per table (:mod:`.schemas`), after the
loader and before anything is written. Rules, each vectorised:

1. ``finite``: every float column holds finite numbers or NA (a cell such as
   ``1e400`` parses to +inf; no table has a reason to hold one).
2. ``ranges``: declared columns lie in ``[lo, hi]`` (NA passes), optionally
   only for rows of given series (``Range.when``), e.g. SIPRI's share of GDP.
3. ``years``: declared year columns lie within the dataset's coverage in
   the catalog (widened by ``Schema.year_slack`` where a release documents
   it, e.g. ATOP alliances signed before 1815).
4. ``codes``: declared country-code columns hold COW state codes: codes
   of the state system (the ``states`` table of the newest COW State System
   release ingested into the same directory) or of :data:`NON_SYSTEM_CODES`.
   Without a state-system table in the output directory the rule is skipped
   and the table's report notes say so.
5. ``duplicates``: a raw record whose values (every column but
   ``source_line``/``source_file``) equal an earlier record's is an *exact
   duplicate*: the later copy is rejected ("exact duplicate of line N").
6. ``key``: the declared key is unique among the remaining rows; a key that
   repeats with *different* values fails the table (which copy is right
   cannot be decided by a rule).

Policy for violations of rules 1-5: in a table whose raw records map 1:1 to
rows, the record is rejected and goes to ``<table>.rejected.csv`` with a
reason quoting the value (truncated); in a reshaped table (a wide sheet
written long, ``TableSpec.one_to_one=False``) a violation fails the table
with file, line, column and value, because rejecting the raw record would
also drop its good cells. A failed table keeps its previous Parquet.

Why a small schema of our own rather than pandera: pandera expresses these
checks, but its failure cases would still have to be mapped back to raw
records (file, line), turned into reasons with the value quoted, and folded
into the written-or-rejected accounting of :mod:`.run`, with the
keep-the-first-copy rule for duplicates; that glue is as long as the checks
themselves, and pandera would add pydantic/typeguard imports to every CLI
call for about twenty vectorised comparisons. The schemas stay data
(:mod:`.schemas`), visible and testable.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Mapping

import numpy as np
import pandas as pd

from ..errors import IngestError
from .catalog import LoadResult

#: Codes that appear in the releases but are not COW state-system members, with why.
NON_SYSTEM_CODES: Mapping[int, str] = {
    8152: ("Annam, ATOP 5.0/5.1 (ATOPID 1320, France-Annam 1874-1883): 'a member of the state-system according "
           "to Gleditsch and Ward, but not according to COW, and thus has no 3 digit COW country code' "
           "(ATOP 5.1 codebook, dyad-year section)"),
}

#: Longest quoted value in a reason or error message.
QUOTE_LIMIT = 80

SOURCE_COLUMNS = ("source_line", "source_file")


def quote(value, limit: int = QUOTE_LIMIT) -> str:
    """``repr(value)``, cut to ``limit`` characters with the original length said (a 10 MB cell stays readable)."""
    text = repr(value)
    if len(text) <= limit:
        return text
    return f"{text[:limit]}... ({len(str(value))} characters)"


@dataclass(frozen=True)
class Range:
    """``lo <= column <= hi`` (None: unbounded), for rows whose ``when[0]`` is one of ``when[1]``."""

    column: str
    lo: float | None = None
    hi: float | None = None
    when: tuple[str, tuple[str, ...]] | None = None
    why: str = ""


@dataclass(frozen=True)
class Schema:
    """Content rules of one table; see the module docstring for their meaning and order."""

    codes: tuple[str, ...] = ()
    years: tuple[str, ...] = ()
    ranges: tuple[Range, ...] = ()
    key: tuple[str, ...] = ()
    duplicates: bool = True
    #: (years before, years after) the catalog coverage still accepted, documented per table
    year_slack: tuple[int, int] = (0, 0)
    notes: tuple[str, ...] = field(default=())


@dataclass
class Context:
    """What validation needs besides the table: coverage, the state system, the file a 1-file table came from."""

    coverage: tuple[int, int] | None = None
    state_codes: frozenset[int] | None = None
    state_table: str | None = None
    file_name: str | None = None


def _num(s: pd.Series) -> np.ndarray:
    return pd.to_numeric(s, errors="coerce").to_numpy(dtype="float64", na_value=np.nan)


def _checks(schema: Schema, data: pd.DataFrame, ctx: Context, notes: list[str]):
    """Yield (mask, column, describe(value) -> reason) for every rule, in order."""
    for col in data.columns:
        if col in SOURCE_COLUMNS or not pd.api.types.is_float_dtype(data[col].dtype):
            continue
        v = _num(data[col])
        yield np.isinf(v), col, lambda x, c=col: f"{c} {x} is not a finite number"
    for r in schema.ranges:
        if r.column not in data.columns:
            continue
        v = _num(data[r.column])
        bad = np.zeros(len(v), dtype=bool)
        if r.lo is not None:
            bad |= v < r.lo
        if r.hi is not None:
            bad |= v > r.hi
        if r.when is not None and r.when[0] in data.columns:
            bad &= data[r.when[0]].astype("object").isin(r.when[1]).to_numpy()
        lo = "-inf" if r.lo is None else f"{r.lo:g}"
        hi = "inf" if r.hi is None else f"{r.hi:g}"
        yield bad, r.column, lambda x, r=r, lo=lo, hi=hi: (
            f"{r.column} {x} is outside [{lo}, {hi}]" + (f" ({r.why})" if r.why else ""))
    if ctx.coverage is not None:
        first, last = ctx.coverage[0] - schema.year_slack[0], ctx.coverage[1] + schema.year_slack[1]
        for col in schema.years:
            if col in data.columns:
                v = _num(data[col])
                yield (v < first) | (v > last), col, lambda x, c=col: (
                    f"{c} {x} is outside the release coverage {first}-{last}")
    if schema.codes:
        if ctx.state_codes is None:
            notes.append("state-system code check skipped: no COW State System table in the output directory "
                         "(ingest cow_states_2016 first)")
        else:
            allowed = np.asarray(sorted(set(ctx.state_codes) | set(NON_SYSTEM_CODES)), dtype="float64")
            for col in schema.codes:
                if col in data.columns:
                    v = _num(data[col])
                    yield ~np.isnan(v) & ~np.isin(v, allowed), col, lambda x, c=col: (
                        f"{c} {x} is not a COW state code (not in {ctx.state_table} nor the documented non-system codes)")


def _fmt(x) -> str:
    if isinstance(x, (float, np.floating)) and float(x).is_integer():
        return str(int(x))
    return quote(x) if isinstance(x, str) else str(x)


def validate(table_id: str, schema: Schema, res: LoadResult, ctx: Context, *, one_to_one: bool) -> LoadResult:
    """Apply ``schema`` to a loader result: violating records move to ``rejected`` (or the table fails)."""
    data = res.data
    if not len(data):
        return res
    notes: list[str] = []
    multi = "source_file" in data.columns
    n = len(data)
    bad = np.zeros(n, dtype=bool)
    reason = np.full(n, None, dtype=object)
    lines = data["source_line"].to_numpy()

    def fail(i: int, column: str | None, text: str):
        f = data["source_file"].iat[i] if multi else (ctx.file_name or table_id)
        raise IngestError(f, text + " (content rule; see alliancestats.raw.schemas)", line=int(lines[i]), column=column)

    for mask, col, describe in _checks(schema, data, ctx, notes):
        new = np.asarray(mask, dtype=bool) & ~bad
        if not new.any():
            continue
        idx = np.flatnonzero(new)
        if not one_to_one:
            fail(int(idx[0]), col, describe(_fmt(data[col].iat[idx[0]])))
        vals = data[col].to_numpy(dtype=object)[idx]
        reason[idx] = [describe(_fmt(x)) for x in vals]
        bad[idx] = True
    values = [c for c in data.columns if c not in SOURCE_COLUMNS]
    if schema.duplicates and values:
        dup = data.duplicated(subset=values, keep="first").to_numpy() & ~bad
        if dup.any():
            h = pd.util.hash_pandas_object(data[values], index=False).to_numpy()
            first = pd.Series(lines).groupby(h, sort=False).transform("first").to_numpy()
            idx = np.flatnonzero(dup)
            if not one_to_one:
                fail(int(idx[0]), None, f"exact duplicate of the row from line {int(first[idx[0]])}")
            reason[idx] = [f"exact duplicate of line {int(first[i])}" for i in idx]
            bad[idx] = True
    if schema.key and all(k in data.columns for k in schema.key):
        rest = data.loc[~bad, list(schema.key)]
        clash = rest.duplicated(keep=False).to_numpy()
        if clash.any():
            pos = np.flatnonzero(~bad)[clash]
            key_vals = ", ".join(f"{k}={_fmt(data[k].iat[pos[0]])}" for k in schema.key)
            same = rest.iloc[np.flatnonzero(clash)].apply(tuple, axis=1) == tuple(data[list(schema.key)].iloc[pos[0]])
            other = [int(lines[p]) for p, s in zip(pos, same) if s]
            fail(int(pos[0]), schema.key[0],
                 f"key ({key_vals}) repeats with different values on lines {', '.join(map(str, other[:5]))}; "
                 f"declared unique ({', '.join(schema.key)})")
    if not bad.any():
        if notes:
            res.notes = [*res.notes, *notes]
        return res
    rej_rows = data.loc[bad]
    rej = pd.DataFrame({"line": rej_rows["source_line"].to_numpy().astype("int64"), "reason": reason[bad]})
    rej.insert(0, "file", rej_rows["source_file"].to_numpy() if multi else (ctx.file_name or ""))
    old = res.rejected
    if "file" not in old.columns:
        old = old.assign(file=ctx.file_name or "")[["file", *[c for c in old.columns if c != "file"]]]
    rejected = pd.concat([old, rej], ignore_index=True) if len(old) else rej
    counts = pd.Series(reason[bad]).str.split(" ").str[0].value_counts()
    notes.append(f"content rules rejected {int(bad.sum())} records ("
                 + ", ".join(f"{k}: {v}" for k, v in counts.sort_index().items()) + ")")
    return LoadResult(data.loc[~bad].reset_index(drop=True), res.rows_read, rejected, [*res.notes, *notes])
