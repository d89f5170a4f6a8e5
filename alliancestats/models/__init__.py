"""Estimators and result objects shared by the analyses."""
from .binary import (BinaryResult, ModelInputError, SeparationError, fit_binary, table_latex, table_markdown,
                     with_se)
from .covariates import add_covariates
from .firth import fit_firth
from .rare_events import fit_relogit
from .simulate import FirstDifference, Quantity, draw_params, first_difference, predicted_probability

__all__ = ["BinaryResult", "ModelInputError", "SeparationError", "fit_binary", "table_latex", "table_markdown",
           "with_se", "add_covariates", "fit_firth", "fit_relogit", "FirstDifference", "Quantity", "draw_params",
           "first_difference", "predicted_probability"]
