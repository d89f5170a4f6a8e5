"""The one spell -> years rule (expand_spells), both membership rules, computed by hand.

West Germany (260) in NATO from 6 May 1955 to 3 Oct 1990, unified Germany (255)
from 3 Oct 1990 with no exit (in effect at the end of the data, 1992), and a
spell ending on 31 Dec 1991 (the last day of the year counts under both rules).
"""
from __future__ import annotations

import pandas as pd
import pytest

from alliancestats.burden.membership import spell_years
from alliancestats.errors import OptionError
from alliancestats.spells import expand_spells


def _spells():
    return pd.DataFrame({
        "alliance": [3180, 3180, 3180],
        "ccode": [260, 255, 2],
        "start": pd.to_datetime(["1955-05-06", "1990-10-03", "1949-08-24"]),
        "end": pd.to_datetime(["1990-10-03", None, "1991-12-31"]),
    })


def _years(out, ccode):
    return out.loc[out["ccode"] == ccode, "year"].tolist()


def test_any_day_counts_every_year_touched():
    out = expand_spells(_spells(), "start", "end", ["alliance", "ccode"], 1950, 1992)
    assert _years(out, 260) == list(range(1955, 1991))  # 1990 counts: a member until 3 October
    assert _years(out, 255) == [1990, 1991, 1992]  # open end runs to the last year of the data
    assert _years(out, 2) == list(range(1950, 1992))  # clipped to first=1950
    assert out["year"].dtype == "int16"


def test_year_end_counts_years_in_effect_on_31_december():
    out = expand_spells(_spells(), "start", "end", ["alliance", "ccode"], 1950, 1992, rule="year_end")
    assert _years(out, 260) == list(range(1955, 1990))  # out on 31 Dec 1990
    assert _years(out, 255) == [1990, 1991, 1992]  # in on 31 Dec 1990: each territory once in 1990
    assert _years(out, 2) == list(range(1950, 1992))  # an exit on 31 Dec still counts that year


def test_first_none_and_unknown_rule():
    out = expand_spells(_spells(), "start", "end", ["ccode"], None, 1992)
    assert _years(out, 2)[0] == 1949
    with pytest.raises(OptionError, match="rule='calendar'.*'any_day', 'year_end'"):
        expand_spells(_spells(), "start", "end", ["ccode"], 1950, 1992, rule="calendar")


def test_burden_membership_uses_the_same_rule():
    sp = _spells()
    for rule in ("any_day", "year_end"):
        got = spell_years(sp, last=1992, rule=rule, first=1950)
        want = expand_spells(sp, "start", "end", ["alliance", "ccode"], 1950, 1992, rule=rule)
        want = want.sort_values(["alliance", "ccode", "year"]).reset_index(drop=True)
        assert got["ccode"].tolist() == want["ccode"].tolist() and got["year"].tolist() == want["year"].tolist()
