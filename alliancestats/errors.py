"""Exceptions with enough context to find the fault in the raw file."""
from __future__ import annotations


class AllianceStatsError(Exception):
    """Base class of every error the library raises on purpose."""


class IngestError(AllianceStatsError):
    """A raw file is not what its loader expects.

    The message always names the file and, where known, the line (1-based,
    physical line in the file, header included) and the column, followed by
    what was expected and what was found.
    """

    def __init__(self, file, message, *, line=None, column=None):
        self.file = str(file)
        self.line = None if line is None else int(line)
        self.column = column
        self.detail = message
        where = [self.file]
        if self.line is not None:
            where.append(f"line {self.line}")
        if column is not None:
            where.append(f"column '{column}'")
        super().__init__(f"{', '.join(where)}: {message}")


class MissingDataError(AllianceStatsError, FileNotFoundError):
    """A processed table is not there; the message says which command makes it."""


class JoinError(AllianceStatsError):
    """A join would change the row count or match keys more than once."""


class OptionError(AllianceStatsError, ValueError):
    """An option (keyword argument) got a value it does not accept; the message names the valid ones."""


def check_option(name: str, value, valid) -> None:
    """Raise :class:`OptionError` unless ``value`` is one of ``valid``."""
    if value not in valid:
        raise OptionError(f"{name}={value!r} is not a valid value; use one of: {', '.join(map(repr, valid))}")
