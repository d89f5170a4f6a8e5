"""``explain``: where each value of one dyad-year came from."""
from __future__ import annotations

import html
from dataclasses import dataclass, field

import pandas as pd

from ..errors import MissingDataError
from ._frame import data_dir_of, panel_info


@dataclass
class Explanation:
    ccode1: int
    ccode2: int
    year: int
    sections: dict[str, pd.DataFrame] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)

    def summary(self) -> str:
        lines = [f"Dyad-year {self.ccode1} -> {self.ccode2}, {self.year}"]
        for name, tab in self.sections.items():
            lines.append(f"\n[{name}]")
            lines.append("  (none)" if tab.empty else tab.to_string(index=False))
        lines += [f"note: {n}" for n in self.notes]
        return "\n".join(lines)

    def __str__(self) -> str:
        return self.summary()

    def __repr__(self) -> str:  # the readable text in a terminal, not the dataclass fields
        return self.summary()

    def _repr_html_(self) -> str:
        """Notebook display: one small table per source, then the notes (values escaped)."""
        e = html.escape
        parts = [f'<div class="alliancestats-explain"><p><strong>Dyad-year {self.ccode1} &rarr; {self.ccode2}, '
                 f"{self.year}</strong></p>"]
        for name, tab in self.sections.items():
            parts.append(f"<p><em>{e(name)}</em></p>")
            parts.append("<p>(none)</p>" if tab.empty else tab.to_html(index=False, border=0, escape=True,
                                                                       na_rep="NA", classes="alliancestats-table"))
        parts += [f"<p>note: {e(n)}</p>" for n in self.notes]
        return "".join(parts) + "</div>"


def explain(df: pd.DataFrame | None, ccode1: int, ccode2: int, year: int, *, data_dir=None) -> Explanation:
    """The source records behind the panel values of one (directed) dyad-year.

    Lists the alliances (ATOP ids / COW ids with each direction's
    obligations), disputes (GML / COW dispute numbers with sides and roles)
    and wars behind the values, for every source whose processed table exists.

    Parameters
    ----------
    df : DataFrame or None
        The panel the values came from (its data folder is used); ``None``
        with ``data_dir``.
    ccode1, ccode2 : int
        The (directed) dyad.
    year : int
    data_dir : path, optional
        Folder of processed tables (default: the one recorded on ``df``).

    Returns
    -------
    Explanation
        One table per source (``sections``) and notes; ``.summary()`` prints them.

    Examples
    --------
    >>> import alliancestats as als
    >>> ddy = als.create_dyad_years(True, 1816, 2016).pipe(als.add_alliances)  # doctest: +SKIP
    >>> print(als.explain(ddy, 2, 365, 1950).summary())  # doctest: +SKIP
    """
    from .add_alliances import alliance_dyad_years
    from .add_disputes import dispute_dyad_years
    from .add_wars import war_spells

    if df is not None:
        panel_info(df)  # recovers the record (and its data folder) of a frame a merge stripped
    ddir = data_dir_of(df, data_dir) if df is not None else data_dir
    ex = Explanation(int(ccode1), int(ccode2), int(year))
    sel = lambda t: t[(t["ccode1"] == ccode1) & (t["ccode2"] == ccode2) & (t["year"] == year)]  # noqa: E731
    for src in ("atop", "cow"):
        try:
            both = alliance_dyad_years(src, data_dir=ddir)
        except MissingDataError:
            ex.notes.append(f"{src} alliances not ingested")
            continue
        fwd = sel(both).assign(direction="1->2")
        rev = both[(both["ccode1"] == ccode2) & (both["ccode2"] == ccode1) & (both["year"] == year)].assign(direction="2->1")
        ex.sections[f"{src} alliances"] = pd.concat([fwd, rev], ignore_index=True)
    for src in ("gml", "cow"):
        try:
            dy = dispute_dyad_years(src, data_dir=ddir)
        except MissingDataError:
            ex.notes.append(f"{src} disputes not ingested")
            continue
        ex.sections[f"{src} disputes"] = sel(dy).reset_index(drop=True)
    try:
        sp, _, _ = war_spells(ddir)
        y = pd.Timestamp(f"{year}-12-31"), pd.Timestamp(f"{year}-01-01")
        w = sp[sp["ccode"].isin([ccode1, ccode2]) & (sp["start"] <= y[0]) & (sp["end"] >= y[1])]
        ex.sections["cow wars (participants active that year)"] = w.reset_index(drop=True)
    except MissingDataError:
        ex.notes.append("COW wars not ingested")
    return ex
