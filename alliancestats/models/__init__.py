"""Estimators and result objects shared by the analyses."""
from .binary import BinaryResult, ModelInputError, SeparationError, fit_binary, table_latex, table_markdown

__all__ = ["BinaryResult", "ModelInputError", "SeparationError", "fit_binary", "table_latex", "table_markdown"]
from .covariates import add_covariates  # noqa: E402
from .firth import fit_firth  # noqa: E402
from .rare_events import fit_relogit  # noqa: E402
from .simulate import FirstDifference, Quantity, draw_params, first_difference, predicted_probability  # noqa: E402

__all__ += ["add_covariates", "fit_firth", "fit_relogit", "FirstDifference", "Quantity", "draw_params",
            "first_difference", "predicted_probability"]
