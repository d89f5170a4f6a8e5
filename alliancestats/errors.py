"""Every public exception of the library, in one place (as pandas.errors).

All derive from :class:`AllianceStatsError`, so ``except AllianceStatsError``
catches every error the library raises on purpose. The same condition raises
the same class in every verb:

- an option (keyword) with a value it does not accept: :class:`OptionError`
  (via :func:`check_option`), also a ``ValueError``;
- data or a specification that cannot give a meaningful estimate (too few
  rows, a model variable not in the data, unequal lengths, an outcome that
  is not 0/1): :class:`ModelInputError`, also a ``ValueError``; separated
  data: :class:`SeparationError`;
- a model that was specified correctly but cannot be fitted (singular
  design, no convergence, no variation left after the fixed effects):
  :class:`EstimationError`;
- a join that would duplicate or lose rows, or a table that is not unique
  on the keys a join needs: :class:`JoinError`;
- an input table that lacks a column the verb needs or holds values its
  codebook rules out: :class:`DataError`;
- a frame that is not the kind of panel a verb needs (state-year vs
  dyad-year, directed vs not): :class:`PanelError`;
- a processed table that is not there: :class:`MissingDataError`;
- a raw file that is not what its loader expects: :class:`IngestError`;
- an identifier the library does not know (dataset id, alliance id or name):
  :class:`UnknownIdError`, also a ``KeyError`` and an :class:`OptionError`;
- a processed table whose data no longer match their recorded hash:
  :class:`TamperedTableError`; a versionless id that resolves only to tables
  from unverified files: :class:`UnverifiedTableError`;
- a download that failed or did not match the catalog hash: :class:`DownloadError`;
- a ``reproduce`` stage that failed: :class:`StageError`; a ``reproduce`` run
  without data: :class:`NoDataError`.

Warnings: :class:`UnknownReleaseWarning`, :class:`UnverifiedReleaseWarning`,
:class:`NothingToIngestWarning`.
"""
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


class DataError(AllianceStatsError, ValueError):
    """An input table lacks a column the verb needs or holds values its codebook rules out."""


class PanelError(AllianceStatsError):
    """The frame is not the kind of panel the verb needs (unit, directedness, years); the message says which."""


class ModelInputError(AllianceStatsError, ValueError):
    """The data or specification cannot give a meaningful estimate (the message says what to change)."""


class SeparationError(ModelInputError):
    """Perfect or quasi-complete separation: plain ML estimates do not exist."""


class EstimationError(ModelInputError):
    """A correctly specified model cannot be fitted on these data (singular design, no convergence).

    A :class:`ModelInputError` (code that catches that keeps catching this): the remedy is in the data
    or the specification (drop a collinear covariate, use ``fit_firth`` under separation).
    """


class OptionError(AllianceStatsError, ValueError):
    """An option (keyword argument) got a value it does not accept; the message names the valid ones."""


def check_option(name: str, value, valid) -> None:
    """Raise :class:`OptionError` unless ``value`` is one of ``valid``."""
    if value not in valid:
        raise OptionError(f"{name}={value!r} is not a valid value; use one of: {', '.join(map(repr, valid))}")


class UnknownIdError(OptionError, KeyError):
    """An identifier the library does not know: a dataset id, an alliance id or name.

    Also a ``KeyError`` (a failed lookup), so code written against the plain
    ``KeyError`` these lookups raised before keeps working. The message
    names the closest known identifiers where there are any.
    """

    __str__ = AllianceStatsError.__str__  # not KeyError's repr-quoting


class TamperedTableError(AllianceStatsError):
    """A processed table's data no longer match the hash its provenance recorded at ingest."""


class UnverifiedTableError(MissingDataError):
    """A versionless table id would resolve only to tables made from unverified (no catalog hash) files."""


class DownloadError(AllianceStatsError):
    """A download failed or a file did not match the catalog hash.

    ``result`` (when set) is the :class:`~alliancestats.raw.download.DownloadResult` of the whole call.
    """

    result = None


class UnknownReleaseWarning(UserWarning):
    """A file matched by name has a hash that no known release has."""


class UnverifiedReleaseWarning(UnknownReleaseWarning):
    """A file was ingested although the catalog has no hash to verify it against."""


class NothingToIngestWarning(UserWarning):
    """No release file of the requested datasets was recognised under the raw directory."""


class StageError(AllianceStatsError):
    """A stage failed; ``stage`` and ``input`` say where, the message says what."""

    def __init__(self, stage: str, input: str, message: str, *, failures: list["StageError"] | None = None):
        self.stage, self.input, self.detail = stage, input, message
        self.failures = failures or [self]
        super().__init__(f"stage '{stage}' failed (input: {input}): {message}")


class NoDataError(AllianceStatsError):
    """No raw data to reproduce from; the message says how to get some."""
