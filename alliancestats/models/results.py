"""The statsmodels-style results API shared by every coefficient-based result.

:class:`CoefficientResults` gives any result that holds a coefficient vector
``params`` (``pd.Series``), its covariance ``cov`` (``pd.DataFrame``) and a
sample size ``n_obs`` the attributes a statsmodels user already knows:

``bse``, ``tvalues``, ``pvalues``, ``conf_int(alpha)``, ``cov_params()``,
``nobs``, ``coef_table(level)``, ``summary()`` and ``_repr_html_``.

Inference is on the standard normal (``use_t = False``, maximum-likelihood
models: the statistic is a z) or on Student's t with ``df_resid`` degrees of
freedom (``use_t = True``), as statsmodels' ``use_t`` switch.

:class:`Summary` is what ``summary()`` returns: a ``str`` (so existing code
that prints, writes or concatenates the summary keeps working unchanged)
with ``as_text()``, ``as_html()``, ``as_latex()`` and ``_repr_html_`` (so a
notebook shows a table, not the escaped text).

Display is one implementation for every result (:class:`TableResults`):
``summary()`` builds a :class:`Summary` from ``_summary_title()``,
``_summary_head()``, ``_summary_table()`` and ``notes``; ``__repr__``,
``_repr_html_``, ``to_markdown()`` and ``to_latex()`` render it.
:class:`CoefficientResults` is the table of coefficients (binary models,
burden panel models); fulfillment's ``RatesResult`` is a table of rates with
their intervals (:mod:`alliancestats.fulfillment.rates`).
"""
from __future__ import annotations

import html

import numpy as np
import pandas as pd
from scipy import stats

from ..errors import OptionError
from .tables import table_latex, table_markdown


class Summary(str):
    """A model summary: plain text that also renders as HTML and LaTeX.

    Parameters
    ----------
    title : str
        First line (the HTML caption).
    head : list of str
        Lines describing the sample and the estimator.
    table : pandas.DataFrame
        The coefficient (or other) table.
    notes : list of str
        Notes printed under the table.
    digits : int
        Decimals of the float columns.

    Notes
    -----
    A subclass of ``str`` whose value is :meth:`as_text`: ``print(s)``,
    ``str(s)``, ``s + "..."`` and ``open(...).write(s)`` behave as before
    the object existed.
    """

    def __new__(cls, title: str, head: list[str], table: pd.DataFrame, notes: list[str] | None = None,
                digits: int = 4):
        notes = list(notes or [])
        body = table.to_string(index=False, float_format=lambda v: f"{v:.{digits}f}")
        obj = super().__new__(cls, "\n".join([title, *head, "", body] + [f"note: {n}" for n in notes]))
        obj.title, obj.head, obj.table, obj.notes, obj.digits = title, list(head), table, notes, digits
        return obj

    def __getnewargs__(self):  # copy/pickle rebuild from the parts, not from the text
        return self.title, self.head, self.table, self.notes, self.digits

    def as_text(self) -> str:
        """The plain-text summary."""
        return str.__str__(self)

    def __str__(self) -> str:
        return self.as_text()

    def __repr__(self) -> str:  # the text itself, not a quoted string with \n escapes
        return self.as_text()

    def as_html(self) -> str:
        """An HTML fragment: caption, header lines, the table (values escaped)."""
        tab = self.table.to_html(index=False, border=0, float_format=lambda v: f"{v:.{self.digits}f}",
                                 classes="alliancestats-table", escape=True)
        head = "".join(f"<p>{html.escape(h)}</p>" for h in self.head)
        notes = "".join(f"<p><em>note:</em> {html.escape(n)}</p>" for n in self.notes)
        return (f'<div class="alliancestats-summary"><p><strong>{html.escape(self.title)}</strong></p>'
                f"{head}{tab}{notes}</div>")

    def _repr_html_(self) -> str:
        return self.as_html()

    def as_latex(self) -> str:
        """A booktabs table with the header lines and notes as the table note."""
        return table_latex(self.table, caption=self.title, note="; ".join([*self.head, *self.notes]),
                           digits=self.digits)


class TableResults:
    """Mixin: the display of every result -- ``summary()`` (a :class:`Summary`), ``__repr__``,
    ``_repr_html_``, ``to_markdown()``, ``to_latex()`` -- from a title, header lines, a table and ``notes``.

    Subclasses provide ``notes`` and override :meth:`_summary_table` (and the
    title and header); ``summary_digits`` sets the decimals shown.
    """

    summary_digits: int = 4

    def _summary_title(self) -> str:
        return type(self).__name__

    def _summary_head(self) -> list[str]:
        return []

    def _summary_table(self) -> pd.DataFrame:
        raise NotImplementedError

    def summary(self) -> Summary:
        """Header, table and notes; prints as text, renders as HTML (notebooks) and LaTeX."""
        return Summary(self._summary_title(), self._summary_head(), self._summary_table(), list(self.notes),
                       digits=self.summary_digits)

    def __repr__(self) -> str:  # readable in a terminal
        return self.summary().as_text()

    def _repr_html_(self) -> str:  # a table in a notebook
        return self.summary().as_html()

    def to_markdown(self) -> str:
        """The summary's table as a Markdown pipe table."""
        return table_markdown(self._summary_table(), digits=self.summary_digits)

    def to_latex(self) -> str:
        """The summary as a booktabs table (title as caption, header lines and notes as the note)."""
        return self.summary().as_latex()


class CoefficientResults(TableResults):
    """Mixin: statsmodels' results attributes from ``params``, ``cov`` and ``n_obs``.

    Subclasses provide ``params``, ``cov``, ``n_obs``, ``notes`` and may
    override ``use_t`` (with a ``df_resid`` attribute), :meth:`_summary_title`
    and :meth:`_summary_head`.
    """

    use_t: bool = False

    # ----- coefficients and inference
    @property
    def bse(self) -> pd.Series:
        """Standard errors, sqrt(diag(cov))."""
        return pd.Series(np.sqrt(np.diag(self.cov.to_numpy())), index=self.params.index)

    def cov_params(self) -> pd.DataFrame:
        """The covariance matrix of the coefficients (statsmodels' name)."""
        return self.cov

    @property
    def nobs(self) -> int:
        """Number of observations in the estimation sample."""
        return int(self.n_obs)

    @property
    def _stat_name(self) -> str:
        return "t" if self.use_t else "z"

    def _dist(self):
        return stats.t(self.df_resid) if self.use_t else stats.norm()

    @property
    def tvalues(self) -> pd.Series:
        """params / bse (a z statistic for maximum-likelihood models, as statsmodels' ``tvalues``)."""
        return self.params / self.bse

    @property
    def pvalues(self) -> pd.Series:
        """Two-sided p-values of params / bse against N(0, 1) (or t(df_resid) when ``use_t``)."""
        return pd.Series(2 * self._dist().sf(np.abs(self.tvalues.to_numpy())), index=self.params.index)

    def _wald_interval(self, alpha: float) -> pd.DataFrame:
        if not 0 < alpha < 1:
            raise OptionError(f"alpha={alpha!r}: use a number in (0, 1)")
        q = self._dist().ppf(1 - alpha / 2)
        return pd.DataFrame({0: self.params - q * self.bse, 1: self.params + q * self.bse})

    def conf_int(self, alpha: float = 0.05) -> pd.DataFrame:
        """Wald (1 - alpha) intervals: DataFrame indexed by term, columns 0 (lower) and 1 (upper), as statsmodels."""
        return self._wald_interval(alpha)

    def coef_table(self, level: float = 0.95) -> pd.DataFrame:
        """Tidy table: term, estimate, std_error, z (or t), p_value, conf_low, conf_high."""
        ci = self.conf_int(1 - level)
        return pd.DataFrame({
            "term": self.params.index,
            "estimate": self.params.to_numpy(),
            "std_error": self.bse.to_numpy(),
            self._stat_name: self.tvalues.to_numpy(),
            "p_value": self.pvalues.to_numpy(),
            "conf_low": ci[0].to_numpy(),
            "conf_high": ci[1].to_numpy(),
        })

    def coefficients_dict(self) -> dict:
        """``{term: {estimate, std_error, p_value, conf_low, conf_high}}`` for results.json."""
        return {r.term: {"estimate": r.estimate, "std_error": r.std_error, "p_value": r.p_value,
                         "conf_low": r.conf_low, "conf_high": r.conf_high} for r in self.coef_table().itertuples()}

    # ----- display (TableResults renders it)
    def _summary_head(self) -> list[str]:
        return [f"N = {self.nobs:,}"]

    def _summary_table(self) -> pd.DataFrame:
        return self.coef_table()
