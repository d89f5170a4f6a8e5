"""Estimators and result objects shared by the analyses."""
from .binary import BinaryResult, ModelInputError, SeparationError, fit_binary, table_latex, table_markdown

__all__ = ["BinaryResult", "ModelInputError", "SeparationError", "fit_binary", "table_latex", "table_markdown"]
