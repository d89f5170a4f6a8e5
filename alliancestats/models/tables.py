"""Tables for papers: one-model writers and the side-by-side multi-model table.

:func:`compare` puts several fitted models next to each other, as R's
``stargazer``/``modelsummary`` and statsmodels' ``summary_col`` do: one
column per model, each coefficient with its standard error in parentheses
on the line below, then the number of observations, events, log-likelihood
and standard-error type. Rendered as Markdown, LaTeX (booktabs) or HTML, and
displayed as HTML in notebooks.
"""
from __future__ import annotations

import html
from typing import Mapping

import numpy as np
import pandas as pd
from scipy import stats


def _latex_escape(s) -> str:
    return str(s).replace("\\", r"\textbackslash{}").replace("_", r"\_").replace("%", r"\%").replace(
        "&", r"\&").replace("#", r"\#").replace("$", r"\$")


def _latex_stars(cell: str) -> str:
    """'0.123**' -> '0.123$^{**}$' (superscript significance marks)."""
    bare = cell.rstrip("*")
    n = len(cell) - len(bare)
    return bare + (f"$^{{{'*' * n}}}$" if n else "")


def _cell(v, digits: int, text=str) -> str:
    """One table cell: floats to ``digits`` decimals; a missing value (None, NaN, NA) blank, as a
    published figure not seen in a source must be; anything else through ``text``."""
    if v is None or v is pd.NA or v is pd.NaT or (isinstance(v, (float, np.floating)) and np.isnan(v)):
        return ""
    return f"{v:.{digits}f}" if isinstance(v, (float, np.floating)) else text(v)


def table_markdown(df: pd.DataFrame, digits: int = 4) -> str:
    """A GitHub-flavoured Markdown table (no optional dependency needed).

    Parameters
    ----------
    df : DataFrame
    digits : int

    Returns
    -------
    str
        A pipe table, one line per row, ending in a newline.

    Examples
    --------
    >>> import pandas as pd
    >>> print(table_markdown(pd.DataFrame({"term": ["x"], "estimate": [0.5]}), digits=2))
    | term | estimate |
    |---|---|
    | x | 0.50 |
    <BLANKLINE>
    """
    cols = list(df.columns)
    esc = lambda s: str(s).replace("|", r"\|")  # noqa: E731  (a "|" in a cell would split the column)
    lines = ["| " + " | ".join(map(esc, cols)) + " |", "|" + "|".join("---" for _ in cols) + "|"]
    lines += ["| " + " | ".join(_cell(v, digits, esc) for v in row) + " |" for row in df.itertuples(index=False)]
    return "\n".join(lines) + "\n"


def table_latex(df: pd.DataFrame, caption: str = "", note: str = "", digits: int = 4) -> str:
    """A booktabs LaTeX table.

    Parameters
    ----------
    df : DataFrame
    caption, note : str
    digits : int

    Returns
    -------
    str
        A ``table`` environment with a booktabs ``tabular`` and the note under it.

    Examples
    --------
    >>> import pandas as pd
    >>> "toprule" in table_latex(pd.DataFrame({"a": [1.0]}))
    True
    """
    esc = lambda s: str(s).replace("_", r"\_").replace("%", r"\%").replace("&", r"\&")  # noqa: E731
    cols = list(df.columns)
    out = [r"\begin{table}[ht]", r"\centering"]
    if caption:
        out.append(rf"\caption{{{esc(caption)}}}")
    out += [r"\begin{tabular}{l" + "r" * (len(cols) - 1) + "}", r"\toprule",
            " & ".join(esc(c) for c in cols) + r" \\", r"\midrule"]
    out += [" & ".join(_cell(v, digits, esc) for v in row) + r" \\" for row in df.itertuples(index=False)]
    out += [r"\bottomrule", r"\end{tabular}"]
    if note:
        out.append(rf"\par\footnotesize {esc(note)}")
    out.append(r"\end{table}")
    return "\n".join(out) + "\n"


#: significance thresholds of ``stars=True`` (stargazer's defaults): * p < .1, ** p < .05, *** p < .01
STARS = ((0.01, "***"), (0.05, "**"), (0.1, "*"))


def _pvalues(res) -> pd.Series:
    if hasattr(res, "pvalues"):
        return res.pvalues
    z = res.params / res.bse
    return pd.Series(2 * stats.norm.sf(np.abs(z.to_numpy())), index=res.params.index)


class ModelTable:
    """Side-by-side coefficient table built by :func:`compare`.

    Rows: each term (its label) with the estimate, then ``(SE)`` on the next
    row; then N, events, log-likelihood and SE type. Columns: the models.
    """

    def __init__(self, results: Mapping[str, object], labels: Mapping[str, str] | None = None,
                 stars: bool = False, digits: int = 3):
        if not results:
            from ..errors import ModelInputError
            raise ModelInputError("compare: pass at least one fitted model, e.g. {'Logit': res}")
        self.results = dict(results)
        self.labels = {"const": "Constant", **(labels or {})}
        self.stars = stars
        self.digits = digits

    def _label(self, term: str) -> str:
        return self.labels.get(term, term)

    def _cells(self) -> tuple[list[tuple[str, str]], list[list[str]], int]:
        """(row keys (label, kind), cell strings by row, number of coefficient rows)."""
        terms: list[str] = []
        for res in self.results.values():
            terms += [t for t in res.params.index if t not in terms]
        d = self.digits
        keys, rows = [], []
        for t in terms:
            est, se = [], []
            for res in self.results.values():
                if t not in res.params.index:
                    est.append("")
                    se.append("")
                    continue
                mark = ""
                if self.stars:
                    p = float(_pvalues(res)[t])
                    mark = next((s for cut, s in STARS if p < cut), "")
                est.append(f"{res.params[t]:.{d}f}{mark}")
                se.append(f"({res.bse[t]:.{d}f})")
            keys += [(self._label(t), "estimate"), (self._label(t), "se")]
            rows += [est, se]
        n_coef = len(rows)

        def stat(fn):
            out = []
            for res in self.results.values():
                try:
                    v = fn(res)
                except AttributeError:
                    v = None
                out.append("" if v is None else v)
            return out

        keys.append(("N", ""))
        rows.append(stat(lambda r: f"{int(getattr(r, 'nobs', None) or r.n_obs):,}"))
        if any(getattr(r, "n_events", None) is not None for r in self.results.values()):
            keys.append(("Events", ""))
            rows.append(stat(lambda r: None if getattr(r, "n_events", None) is None else f"{int(r.n_events):,}"))
        if any(getattr(r, "llf", None) is not None for r in self.results.values()):
            keys.append(("Log-likelihood", ""))
            rows.append(stat(lambda r: None if getattr(r, "llf", None) is None else f"{r.llf:.{d}f}"))
        keys.append(("SE type", ""))
        rows.append(stat(_se_label))
        return keys, rows, n_coef

    def to_frame(self) -> pd.DataFrame:
        """The table as strings: index (label, 'estimate' | 'se' | ''), one column per model."""
        keys, rows, _ = self._cells()
        return pd.DataFrame(rows, index=pd.MultiIndex.from_tuples(keys, names=["term", "row"]),
                            columns=list(self.results))

    def _star_note(self) -> str:
        return "* p < 0.1, ** p < 0.05, *** p < 0.01" if self.stars else ""

    def to_markdown(self) -> str:
        """GitHub-flavoured Markdown."""
        keys, rows, _ = self._cells()
        lines = ["| | " + " | ".join(self.results) + " |", "|---|" + "---:|" * len(self.results)]
        for (lab, kind), row in zip(keys, rows):
            lines.append("| " + ("" if kind == "se" else lab) + " | " + " | ".join(row) + " |")
        note = "Standard errors in parentheses." + (" " + self._star_note() if self.stars else "")
        return "\n".join(lines) + "\n\n" + note + "\n"

    def to_latex(self, caption: str = "") -> str:
        """A booktabs table (needs ``\\usepackage{booktabs}``)."""
        keys, rows, n_coef = self._cells()
        m = len(self.results)
        out = [r"\begin{table}[ht]", r"\centering"]
        if caption:
            out.append(rf"\caption{{{_latex_escape(caption)}}}")
        out += [r"\begin{tabular}{l" + "c" * m + "}", r"\toprule",
                " & " + " & ".join(_latex_escape(c) for c in self.results) + r" \\", r"\midrule"]
        for i, ((lab, kind), row) in enumerate(zip(keys, rows)):
            if i == n_coef:
                out.append(r"\midrule")
            cells = [_latex_stars(_latex_escape(c)) for c in row]
            out.append(("" if kind == "se" else _latex_escape(lab)) + " & " + " & ".join(cells) + r" \\")
        note = "Standard errors in parentheses." + (" " + self._star_note() if self.stars else "")
        out += [r"\bottomrule", r"\end{tabular}", rf"\par\footnotesize {_latex_escape(note)}", r"\end{table}"]
        return "\n".join(out) + "\n"

    def to_html(self) -> str:
        """An HTML table (escaped; models as columns)."""
        keys, rows, n_coef = self._cells()
        e = html.escape
        head = "<tr><th></th>" + "".join(f"<th>{e(str(c))}</th>" for c in self.results) + "</tr>"
        body = []
        for i, ((lab, kind), row) in enumerate(zip(keys, rows)):
            style = ' style="border-top: 1px solid"' if i == n_coef else ""
            body.append(f"<tr{style}><th>{'' if kind == 'se' else e(lab)}</th>"
                        + "".join(f"<td>{e(c)}</td>" for c in row) + "</tr>")
        note = "Standard errors in parentheses." + (" " + self._star_note() if self.stars else "")
        return ('<table class="alliancestats-compare"><thead>' + head + "</thead><tbody>" + "".join(body)
                + f'</tbody><tfoot><tr><td colspan="{len(self.results) + 1}">{e(note)}</td></tr></tfoot></table>')

    def _repr_html_(self) -> str:
        return self.to_html()

    def __repr__(self) -> str:
        return self.to_frame().to_string()


def _se_label(res) -> str:
    se = getattr(res, "se_type", "")
    if getattr(res, "cluster", None) and getattr(res, "n_clusters", None):
        return f"{se} ({res.n_clusters:,} clusters)"
    return str(se)


def compare(results: Mapping[str, object], labels: Mapping[str, str] | None = None, stars: bool = False,
            digits: int = 3) -> ModelTable:
    """Side-by-side table of fitted models (models as columns, SEs in parentheses).

    Parameters
    ----------
    results : dict of str -> result
        Column name -> fitted model (``BinaryResult`` or any object with
        ``params``, ``bse``, ``n_obs``/``nobs``, and optionally ``n_events``,
        ``llf``, ``se_type``, ``pvalues``).
    labels : dict of str -> str, optional
        Readable names for variables (``{"target_defense": "Target has defense pact"}``);
        the intercept ``const`` shows as "Constant" unless relabelled.
    stars : bool
        Mark estimates with ``*`` p < 0.1, ``**`` p < 0.05, ``***`` p < 0.01 (stargazer's convention).
    digits : int
        Decimals.

    Returns
    -------
    ModelTable
        With ``to_markdown()``, ``to_latex()``, ``to_html()``, ``to_frame()``
        and notebook display.

    Examples
    --------
    >>> tab = compare({"Logit": a, "Firth": b}, labels={"capshare1": "Capability share"})  # doctest: +SKIP
    >>> print(tab.to_markdown())  # doctest: +SKIP
    """
    return ModelTable(results, labels, stars, digits)
