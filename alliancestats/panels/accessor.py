"""``df.als`` (also ``df.alliancestats``): a panel's identity and a compact summary, on any DataFrame.

::

    ddy = als.create_dyad_years(directed=True).pipe(als.add_alliances, source="atop")
    ddy.als                      # in a notebook: unit, directedness, years, N, sources and their coverage
    ddy.als.info                 # the record verbs use (unit, directed, data_dir, sources, ...)
    mine = ddy.merge(my_covariates, on=["ccode1", "year"], how="left")   # pandas drops attrs here
    mine.als.restore(like=ddy)   # take the record back from the panel it came from (usually not needed:
                                 # verbs recover it themselves when the rows are unchanged)
    ddy.als.merge(my_covariates, on=["ccode1", "year"])                  # a left join that keeps the record

Importing :mod:`alliancestats` registers the accessor.
"""
from __future__ import annotations

import html
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from ..raw.catalog import get_dataset
from ._frame import UNIT_KEYS, carry, panel_info, set_panel_info


@dataclass
class PanelSummary:
    """What a panel is: unit, directedness, years, rows, units, sources attached and their coverage.

    Made by :func:`panel_summary` (or ``df.als.summary()``); printed as text,
    shown as HTML in notebooks. Fields: ``unit``, ``directed``,
    ``first_year``, ``last_year``, ``n_rows``, ``n_units``, ``n_columns``,
    ``data_dir``, ``sources`` (dataset id, title, coverage, share of rows
    covered) and ``extras`` (the rest of the panel record).
    """

    unit: str
    directed: bool | None
    first_year: int | None
    last_year: int | None
    n_rows: int
    n_units: int
    n_columns: int
    data_dir: str | None
    sources: list[dict] = field(default_factory=list)  # dataset_id, title, coverage, share_covered
    extras: dict = field(default_factory=dict)

    @property
    def title(self) -> str:
        kind = {"state_year": "State-year", "dyad_year": "Dyad-year"}[self.unit]
        if self.unit == "dyad_year":
            kind = ("Directed " if self.directed else "Non-directed ") + kind.lower()
        years = f"{self.first_year}-{self.last_year}" if self.first_year is not None else "no rows"
        what = "states" if self.unit == "state_year" else "dyads"
        return (f"{kind} panel, {years}: {self.n_rows:,} rows, {self.n_units:,} {what}, "
                f"{self.n_columns} columns")

    def _source_rows(self) -> list[list[str]]:
        out = []
        for s in self.sources:
            cov = "-" if s["coverage"] is None else f"{s['coverage'][0]}-{s['coverage'][1]}"
            share = "-" if s["share_covered"] is None else f"{s['share_covered']:.0%}"
            out.append([s["dataset_id"], s["title"], cov, share])
        return out

    def __str__(self) -> str:
        lines = [self.title, f"data folder: {self.data_dir or 'default lookup'}"]
        if self.sources:
            lines.append("sources (coverage; share of rows inside it, NA outside):")
            lines += [f"  {d}: {t} ({c}; {s})" for d, t, c, s in self._source_rows()]
        else:
            lines.append("sources: none attached")
        lines += [f"{k}: {v}" for k, v in sorted(self.extras.items())]
        return "\n".join(lines)

    __repr__ = __str__

    def _repr_html_(self) -> str:
        e = html.escape
        rows = "".join("<tr>" + "".join(f"<td>{e(c)}</td>" for c in r) + "</tr>" for r in self._source_rows())
        src = ("<table><thead><tr><th>source</th><th>dataset</th><th>coverage</th><th>rows covered</th></tr></thead>"
               f"<tbody>{rows}</tbody></table>") if rows else "<p>No sources attached.</p>"
        extra = "".join(f"<li><code>{e(k)}</code>: {e(str(v))}</li>" for k, v in sorted(self.extras.items()))
        return (f'<div class="alliancestats-panel"><p><strong>{e(self.title)}</strong></p>'
                f"<p>Data folder: {e(self.data_dir or 'default lookup')}</p>{src}"
                + (f"<ul>{extra}</ul>" if extra else "") + "</div>")


_CORE = {"unit", "directed", "system", "data_dir", "sources", "start", "end"}


def panel_summary(df: pd.DataFrame) -> PanelSummary:
    """A :class:`PanelSummary` of ``df`` (vectorised: a few passes over the key columns).

    Parameters
    ----------
    df : DataFrame
        A panel (its record is recovered if a merge dropped it, see :func:`panel_info`).

    Returns
    -------
    PanelSummary
        Also ``df.als.summary()``; shown as text or, in notebooks, HTML.

    Examples
    --------
    >>> import pandas as pd
    >>> import alliancestats as als
    >>> sy = als.set_panel_info(pd.DataFrame({"ccode": [2, 2, 20], "year": [1900, 1901, 1901]}),
    ...                         unit="state_year")
    >>> s = als.panel_summary(sy)
    >>> (s.unit, s.first_year, s.last_year, s.n_rows, s.n_units)
    ('state_year', 1900, 1901, 3, 2)
    """
    info = panel_info(df)
    unit = info["unit"]
    years = df["year"]
    first = None if len(df) == 0 else int(years.min())
    last = None if len(df) == 0 else int(years.max())
    keys = list(UNIT_KEYS[unit][:-1])
    n_units = int(df[keys].drop_duplicates().shape[0]) if len(df) else 0
    y = years.to_numpy(dtype="float64", na_value=np.nan)
    sources = []
    for ds in info.get("sources", []):
        try:
            d = get_dataset(ds)
            title, cov = f"{d.title} {d.version}".strip(), d.coverage
        except KeyError:
            title, cov = "", None
        share = None if cov is None or len(df) == 0 else float(np.mean((y >= cov[0]) & (y <= cov[1])))
        sources.append({"dataset_id": ds, "title": title, "coverage": cov, "share_covered": share})
    extras = {k: v for k, v in info.items() if k not in _CORE}
    return PanelSummary(unit, info.get("directed"), first, last, len(df), n_units, df.shape[1],
                        info.get("data_dir"), sources, extras)


class PanelAccessor:
    """``df.als``: the panel record of ``df`` and what can be done with it."""

    def __init__(self, df: pd.DataFrame):
        self._df = df

    @property
    def info(self) -> dict:
        """The panel record (recovered when a merge dropped it; see :func:`panel_info`)."""
        return panel_info(self._df)

    def restore(self, like: pd.DataFrame | None = None, **declare) -> pd.DataFrame:
        """Give the frame its record back: from ``like`` (the panel it came from) or declared (``unit=...``).

        Returns the frame (modified in place), so ``df = df.als.restore(like=ddy)`` chains.
        """
        return set_panel_info(self._df, like=like, **declare)

    def merge(self, right: pd.DataFrame, on=None, how: str = "left", validate: str | None = "many_to_one",
              **kwargs) -> pd.DataFrame:
        """``DataFrame.merge`` that keeps the panel record (a left join, one match per row by default).

        ``validate="many_to_one"`` (default) raises if ``right`` repeats a key,
        which would duplicate panel rows; pass ``validate=None`` to allow it.
        """
        out = self._df.merge(right, on=on, how=how, validate=validate, **kwargs)
        return carry(self._df, out)

    def summary(self) -> PanelSummary:
        """Unit, directedness, years, rows, units, sources attached and the share of rows each covers."""
        return panel_summary(self._df)

    def _repr_html_(self) -> str:
        return self.summary()._repr_html_()

    def __repr__(self) -> str:
        return str(self.summary())


for _name in ("als", "alliancestats"):
    if _name not in getattr(pd.DataFrame, "_accessors", set()):
        pd.api.extensions.register_dataframe_accessor(_name)(PanelAccessor)
