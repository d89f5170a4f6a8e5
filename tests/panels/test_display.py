"""Notebook display of what a user sees: explain() output (text and HTML)."""
from __future__ import annotations

from html.parser import HTMLParser

import pandas as pd

import alliancestats as als
from alliancestats.panels import _frame


class _Tags(HTMLParser):
    def __init__(self):
        super().__init__()
        self.stack, self.bad, self.text = [], [], []

    def handle_starttag(self, tag, attrs):
        if tag not in ("br", "img", "hr"):
            self.stack.append(tag)

    def handle_endtag(self, tag):
        if not self.stack or self.stack.pop() != tag:
            self.bad.append(tag)

    def handle_data(self, data):
        self.text.append(data)


def _balanced(h: str) -> _Tags:
    p = _Tags()
    p.feed(h)
    assert p.bad == [] and p.stack == [], (p.bad, p.stack)
    return p


def test_explain_displays_as_text_and_html(mini_world):
    ex = als.explain(None, 2, 200, 1902, data_dir=mini_world)
    assert repr(ex) == ex.summary() and repr(ex).startswith("Dyad-year 2 -> 200, 1902")
    h = ex._repr_html_()
    text = " ".join(_balanced(h).text)
    assert "gml disputes" in text and "atop alliances" in text
    # the dispute numbers and the alliance id behind the row, as table cells
    assert "<td>10</td>" in h and "<td>11</td>" in h and "<td>1001</td>" in h
    assert h.count("<table") == sum(1 for t in ex.sections.values() if not t.empty)


def test_explain_on_a_merged_panel_uses_its_data_folder(mini_world):
    _frame._RECENT.clear()  # other tests built the same rows from other folders: that would be ambiguous
    ddy = als.create_dyad_years(True, 1900, 1902, data_dir=mini_world)
    mine = pd.DataFrame({"ccode1": [2], "year": [1902], "x": [1.0]})
    merged = ddy.merge(mine, on=["ccode1", "year"], how="left")
    assert not merged.attrs
    ex = als.explain(merged, 2, 200, 1902)  # no data_dir given: the recovered record's folder
    assert set(ex.sections["gml disputes"]["dispnum"]) == {10, 11}


def test_panel_summary_html_is_balanced(mini_world):
    ddy = als.create_dyad_years(True, 1900, 1902, data_dir=mini_world).pipe(als.add_contiguity)
    text = " ".join(_balanced(ddy.als._repr_html_()).text)
    assert "Directed dyad-year panel, 1900-1902" in text and "cow_contiguity_3_2" in text
