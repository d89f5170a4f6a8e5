"""Estimators and result objects shared by the analyses."""
from .binary import (SE_CONVENTIONS, SE_TYPES, BinaryResult, ModelInputError, SeparationError, fit_binary,
                     table_latex, table_markdown, with_se)
from .covariates import add_covariates
from .firth import fit_firth, profile_conf_int
from .rare_events import fit_relogit
from .results import CoefficientResults, Summary
from .separation import SeparationCheck, detect_separation
from .simulate import FirstDifference, Quantity, draw_params, first_difference, predicted_probability
from .tables import ModelTable, compare

__all__ = ["BinaryResult", "ModelInputError", "SeparationError", "fit_binary", "table_latex", "table_markdown",
           "with_se", "add_covariates", "fit_firth", "fit_relogit", "FirstDifference", "Quantity", "draw_params",
           "first_difference", "predicted_probability", "SE_CONVENTIONS", "SE_TYPES", "profile_conf_int",
           "CoefficientResults", "Summary", "SeparationCheck", "detect_separation", "ModelTable", "compare"]
