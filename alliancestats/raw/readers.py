"""Read raw release files as text tables, with the publishers' quirks handled.

Every reader returns a :class:`RawTable`: all cells as stripped strings, the
physical line (or sheet row) of each record, and the file it came from, so
that conversion errors and rejections can name file, line and column.

Quirks handled here, once: UTF-8 byte-order marks, CR-only (old Mac), CRLF
and LF line endings, latin-1 files (only where the catalog says so), preamble
rows above the header, header rows several lines down, trailing empty header
columns (World Bank), short or long (truncated) records, empty files, and
files that are not the format they claim.
"""
from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable

import numpy as np
import pandas as pd

from ..errors import IngestError


@dataclass
class RawTable:
    """Cells as strings; ``lines[i]`` is the physical line of record ``i``."""

    path: Path
    frame: pd.DataFrame  # str columns, missing cells as ""
    lines: np.ndarray  # int64, 1-based physical line / sheet row
    header_line: int

    def __len__(self) -> int:
        return len(self.frame)

    @property
    def name(self) -> str:
        return self.path.name


def _decode(path: Path, data: bytes, encodings: tuple[str, ...]) -> str:
    if not data.strip():
        raise IngestError(path, "file is empty; expected a CSV with a header row")
    if data[:4] == b"PK\x03\x04" or data[:2] == b"\xd0\xcf" or b"\x00" in data[:4096]:
        raise IngestError(path, "file is binary (zip/xlsx/dta?), not a CSV text file")
    last_err: UnicodeDecodeError | None = None
    for enc in encodings:
        try:
            text = data.decode("utf-8-sig" if enc.lower().replace("-", "") == "utf8" else enc)
            return text
        except UnicodeDecodeError as err:  # try the next declared encoding
            last_err = err
    assert last_err is not None
    line = data[: last_err.start].count(b"\n") + data[: last_err.start].count(b"\r") - data[: last_err.start].count(b"\r\n") + 1
    raise IngestError(
        path,
        f"cannot decode byte 0x{data[last_err.start]:02x} as {'/'.join(encodings)}; expected {encodings[0]} text",
        line=line,
    )


def _locate_bad_byte(path: Path, data: bytes, encoding: str, err: IngestError,
                     header_startswith: str | None, max_preamble: int) -> IngestError:
    """``err`` (an undecodable byte at ``err.line``) with the column it sits in, when found."""
    try:
        text = data.decode("utf-8-sig" if encoding.lower().replace("-", "") == "utf8" else encoding, errors="replace")
        reader = csv.reader(io.StringIO(text, newline=""))
        header = None
        for row in reader:
            cells = [c.strip() for c in row]
            if header is None:
                if header_startswith is None or (cells and cells[0] == header_startswith) or reader.line_num > max_preamble:
                    header = cells
                    if "\ufffd" not in "".join(row):
                        continue
                else:
                    continue
            if reader.line_num >= err.line:
                hit = next((j for j, c in enumerate(row) if "\ufffd" in c), None)
                if hit is not None:
                    name = header[hit] if hit < len(header) and header[hit] else f"field {hit + 1}"
                    return IngestError(path, err.detail, line=err.line, column=name)
                break
    except csv.Error:
        pass
    return err


_ODD_BREAKS = ("\x0b", "\x0c", "\x1c", "\x1d", "\x1e", "\x85", "\u2028", "\u2029")


def _fast_body(text: str, header_line: int, n_raw: int, ncol: int):
    """Parse the records after the header with Arrow's CSV reader, or return None.

    Only taken when every record sits on its own physical line (no quoted
    newlines, no exotic line breaks), so physical line numbers are exact;
    any irregular record (wrong field count, stray quote) returns None and
    the careful csv-module path below produces the precise error.
    """
    import pyarrow as pa
    import pyarrow.compute as pc
    from pyarrow import csv as pacsv

    if any(b in text for b in _ODD_BREAKS):
        return None
    phys = text.splitlines()
    body = phys[header_line:]
    keep = [i for i, ln in enumerate(body) if ln.strip()]
    if not keep:
        return None
    rows = [body[i] for i in keep]
    if any(r.count('"') % 2 for r in rows):
        return None  # a quoted field may span lines
    names = [f"c{i}" for i in range(n_raw)]
    bad = []
    try:
        tab = pacsv.read_csv(
            io.BytesIO("\n".join(rows).encode("utf-8")),
            read_options=pacsv.ReadOptions(column_names=names, block_size=1 << 26),
            parse_options=pacsv.ParseOptions(newlines_in_values=False, invalid_row_handler=lambda r: bad.append(r) or "skip"),
            convert_options=pacsv.ConvertOptions(column_types={n: pa.string() for n in names},
                                                  strings_can_be_null=False, quoted_strings_can_be_null=False),
        )
    except (pa.ArrowInvalid, UnicodeError):
        return None
    if bad or tab.num_rows != len(rows):
        return None
    cols = {}
    for i in range(n_raw):
        col = pc.utf8_trim_whitespace(tab.column(i))
        if i >= ncol:
            if pc.any(pc.not_equal(col, "")).as_py():
                return None  # data beyond the named header: let the careful path report it
            continue
        cols[names[i]] = col.to_pandas(types_mapper={pa.string(): pd.StringDtype("pyarrow", na_value=np.nan)}.get)
    frame = pd.DataFrame(cols)
    lines = np.asarray(keep, dtype=np.int64) + header_line + 1
    return frame, lines


def read_csv(
    path: str | Path,
    *,
    required: Iterable[str] = (),
    encodings: tuple[str, ...] = ("utf-8",),
    header_startswith: str | None = None,
    max_preamble: int = 20,
) -> RawTable:
    """Read a CSV into strings, checking its header and record lengths.

    ``header_startswith``: the header row is the first row whose first cell
    equals this (after stripping); rows above are preamble. ``required``:
    columns that must be present (error names the first missing one).
    Trailing unnamed empty header cells are dropped (World Bank files end each
    row with a comma).
    """
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as err:
        raise IngestError(path, f"cannot read file: {err.strerror}") from err
    try:
        text = _decode(path, data, encodings)
    except IngestError as err:
        if err.line is not None and err.column is None:  # undecodable byte: name its column too
            raise _locate_bad_byte(path, data, encodings[0], err, header_startswith, max_preamble) from None
        raise
    # newline='' semantics: csv handles \r, \n and \r\n, and line_num counts
    # physical lines even with newlines inside quoted fields.
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    header: list[str] | None = None
    header_line = 0
    try:
        for _ in range(max_preamble + 1):
            row = next(reader)
            cells = [c.strip() for c in row]
            if header_startswith is None or (cells and cells[0] == header_startswith):
                header, header_line = cells, reader.line_num
                break
    except StopIteration:
        pass
    except csv.Error as err:
        raise IngestError(path, f"not a valid CSV: {err}", line=reader.line_num) from err
    if header is None:
        want = f"a header row starting with {header_startswith!r}" if header_startswith else "a header row"
        raise IngestError(path, f"expected {want} within the first {max_preamble + 1} lines")
    raw_header = list(header)
    while header and header[-1] == "":
        header.pop()
    ncol = len(header)
    missing = [c for c in required if c not in header]
    if missing:
        raise IngestError(
            path,
            f"expected column '{missing[0]}' in the header, found: {', '.join(header[:12])}"
            + (" ..." if len(header) > 12 else ""),
            line=header_line,
            column=missing[0],
        )
    if len(set(header)) != len(header):
        dup = next(c for c in header if header.count(c) > 1)
        raise IngestError(path, "duplicate column name in header", line=header_line, column=dup)
    fast = _fast_body(text, header_line, len(raw_header), ncol)
    if fast is not None:
        frame, lines = fast
        frame.columns = header
        return RawTable(path, frame, lines, header_line)
    rows: list[list[str]] = []
    lines: list[int] = []
    try:
        for row in reader:
            if not row or (len(row) == 1 and row[0].strip() == ""):
                continue  # blank line
            n = len(row)
            if n != ncol:
                # allow trailing empty cells beyond the named header
                if n > ncol and not any(c.strip() for c in row[ncol:]):
                    row = row[:ncol]
                else:
                    what = "truncated record" if n < ncol else "extra fields"
                    raise IngestError(
                        path,
                        f"{what}: expected {ncol} fields, found {n}",
                        line=reader.line_num,
                        column=header[n] if n < ncol else None,  # the first missing field
                    )
            rows.append(row)
            lines.append(reader.line_num)
    except csv.Error as err:
        raise IngestError(path, f"not a valid CSV: {err}", line=reader.line_num) from err
    if rows:
        cols = list(zip(*rows))
        frame = pd.DataFrame({h: pd.array(c, dtype="str") for h, c in zip(header, cols)})
        frame = frame.apply(lambda s: s.str.strip())
    else:
        frame = pd.DataFrame({h: pd.Series(dtype="str") for h in header})
    return RawTable(path, frame, np.asarray(lines, dtype=np.int64), header_line)


def as_text(s: pd.Series) -> pd.Series:
    """A raw column as text: numeric (Stata) cells as "12"/"4.5", missing as ""."""
    if not pd.api.types.is_numeric_dtype(s.dtype):
        return s
    vals = s.to_numpy(dtype="float64", na_value=np.nan)
    fin = np.isfinite(vals)
    whole = fin & (vals == np.round(vals))
    txt = np.full(len(vals), "", dtype=object)
    txt[whole] = vals[whole].astype("int64").astype(str)
    other = fin & ~whole
    txt[other] = vals[other].astype(str)
    return pd.Series(txt, index=s.index, dtype="str")


def read_dta(path: str | Path, *, required: Iterable[str] = ()) -> RawTable:
    """Read a Stata file: numeric variables as float64 (Stata missing -> NaN), strings stripped.

    :func:`alliancestats.raw.convert.to_number` accepts both numeric and text
    cells, so one column spec serves the CSV and the .dta release.
    """
    path = Path(path)
    try:
        df = pd.read_stata(path, convert_categoricals=False, convert_missing=False)
    except Exception as err:  # pandas raises several types for non-Stata input
        raise IngestError(path, f"not a readable Stata .dta file ({type(err).__name__}: {err})") from err
    missing = [c for c in required if c not in df.columns]
    if missing:
        raise IngestError(path, f"expected variable '{missing[0]}' in the Stata file", column=missing[0])
    # numeric variables stay numeric (float64, Stata missing -> NaN): the converters accept both
    out = {}
    for col in df.columns:
        s = df[col]
        if pd.api.types.is_numeric_dtype(s):
            out[col] = s.astype("float64")
        else:
            out[col] = s.astype("str").fillna("").str.strip()
    frame = pd.DataFrame(out)
    # A .dta has no lines; record i is reported as "row i+1" via line = i + 1.
    return RawTable(path, frame, np.arange(1, len(frame) + 1, dtype=np.int64), 0)


def read_xlsx(
    path: str | Path,
    sheet: str,
    *,
    header_startswith: str | None = None,
    header_contains: str | None = None,
    required: Iterable[str] = (),
    max_preamble: int = 30,
) -> RawTable:
    """Read one worksheet as strings; the header is found by its first cell.

    ``lines`` are 1-based spreadsheet row numbers, so errors point at the
    cell a user would open.
    """
    path = Path(path)
    try:
        raw = pd.read_excel(path, sheet_name=sheet, header=None, dtype=object, engine="openpyxl")
    except ValueError as err:
        raise IngestError(path, f"expected a worksheet named {sheet!r} ({err})") from err
    except Exception as err:  # zipfile.BadZipFile, KeyError, ...
        raise IngestError(path, f"not a readable .xlsx workbook ({type(err).__name__}: {err})") from err
    cells = raw.map(lambda v: "" if v is None or (isinstance(v, float) and np.isnan(v)) else str(v).strip())
    hdr_row = None
    for i in range(min(max_preamble + 1, len(cells))):
        first = cells.iat[i, 0]
        row_vals = list(cells.iloc[i])
        if header_startswith is not None and first == header_startswith:
            hdr_row = i
            break
        if header_contains is not None and header_contains in row_vals:
            hdr_row = i
            break
    if hdr_row is None:
        want = header_startswith or header_contains
        raise IngestError(path, f"sheet {sheet!r}: expected a header row with {want!r} in the first {max_preamble + 1} rows")
    header = list(cells.iloc[hdr_row])
    while header and header[-1] == "":
        header.pop()
    header = [h if h else f"unnamed_{j}" for j, h in enumerate(header)]
    body = cells.iloc[hdr_row + 1 :, : len(header)].copy()
    body.columns = header
    missing = [c for c in required if c not in header]
    if missing:
        raise IngestError(path, f"sheet {sheet!r}: expected column '{missing[0]}'", line=hdr_row + 1, column=missing[0])
    keep = (body != "").any(axis=1).to_numpy()
    lines = np.arange(hdr_row + 2, hdr_row + 2 + len(body), dtype=np.int64)[keep]
    body = body.loc[keep].reset_index(drop=True).astype("str")
    return RawTable(path, body, lines, hdr_row + 1)
