"""Alliance-year membership from member-level alliance data (ATOP, COW), with named alliances.

``alliance_years`` lists the members of each alliance in each year:

    alliance, ccode, year

built from ATOP 5.1 ``atop_member`` (Leeds, Ritter, Mitchell & Long 2002;
entry/exit dates, one row per member and phase) or COW Formal Alliances 4.1
``cow_alliance_member`` (Gibler 2009). Phases of one ATOP alliance are merged
(NATO's phase 1 ends and phase 2 begins on 1951-06-19: members in both are
listed once).

Membership rule (``rule=``):

- ``"year_end"`` (default here): a state is a member in year t if it is a
  member on 31 December of t (entry <= 31 Dec t and exit missing or >= 31 Dec
  t). Each territory is then counted once per year, which is what burden
  shares need: in 1990 West Germany (260, left 3 Oct) is out and unified
  Germany (255) is in, matching SIPRI's "Germany" (260 to 1989, 255 from
  1990).
- ``"any_day"``: a member on any day of t (the convention of
  :func:`alliancestats.add_alliances` and the state-year panels).

A missing exit date means the membership was in effect at the end of the
source's coverage (ATOP: 31 Dec 2018; COW: 2012). Years after the coverage
are never filled by assumption; :func:`named_alliance_years` can extend a
named alliance past it only where :data:`NAMED` documents the changes
(``after_coverage``) up to a ``checked_through`` year.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

import pandas as pd

from ..errors import ModelInputError, OptionError, UnknownIdError, check_option
from ..spells import expand_spells
from ..raw.catalog import coverage
from ..store import load

_SPEC = {
    "atop": {"table": "atop_member", "id": "atopid", "start": "entry_date", "end": "exit_date"},
    "cow": {"table": "cow_alliance_member", "id": "version4id", "start": "start_date", "end": "end_date"},
}


@dataclass(frozen=True)
class NamedAlliance:
    """A named alliance or alliance system: the ids whose members form it."""

    label: str
    ids: tuple[int, ...]
    source: str = "atop"
    note: str = ""
    #: (ccode, entry date) of accessions after the source's coverage, from the alliance's own records
    after_coverage: tuple[tuple[int, str], ...] = ()
    #: last year through which membership after the source's coverage has been checked (None: not checked)
    checked_through: int | None = None
    #: (ccode, date the state became a party): replaces the source's entry date where the source dates
    #: an accession by the signature of the accession protocol
    accession: tuple[tuple[int, str], ...] = ()


#: Named alliances (ATOP 5.1 ids; checked against the member lists and begin dates).
NAMED: dict[str, NamedAlliance] = {
    "nato": NamedAlliance(
        "NATO", (3180,), note="North Atlantic Treaty, Washington, 4 Apr 1949 (COW 4.1 version4id 227)",
        after_coverage=((343, "2020-03-27"), (375, "2023-04-04"), (380, "2024-03-07")),
        checked_through=2024,
        # ATOP dates NATO enlargements by the signature of the accession protocol (e.g. the 2004 entrants
        # on 26 Mar 2003); members pay, and count, from the day they became parties (NATO, "Member countries")
        accession=((350, "1952-02-18"), (640, "1952-02-18"), (260, "1955-05-06"), (230, "1982-05-30"),
                   (290, "1999-03-12"), (310, "1999-03-12"), (316, "1999-03-12"),
                   (317, "2004-03-29"), (349, "2004-03-29"), (355, "2004-03-29"), (360, "2004-03-29"),
                   (366, "2004-03-29"), (367, "2004-03-29"), (368, "2004-03-29"),
                   (339, "2009-04-01"), (344, "2009-04-01"), (341, "2017-06-05"))),
    "rio": NamedAlliance("Rio Treaty", (3075,), note="Inter-American Treaty of Reciprocal Assistance, 2 Sep 1947"),
    "warsaw_pact": NamedAlliance("Warsaw Pact", (3285,), note="Warsaw Treaty, 14 May 1955 - 1991"),
    "anzus": NamedAlliance("ANZUS", (3215,), note="Australia, New Zealand, United States, 1 Sep 1951"),
    "seato": NamedAlliance("SEATO", (3260,), note="Southeast Asia Collective Defense Treaty (Manila Pact), 8 Sep 1954"),
    "us_japan": NamedAlliance("US-Japan", (3220, 3375),
                              note="Security Treaty 8 Sep 1951 (3220), replaced by the Treaty of Mutual "
                                   "Cooperation and Security 19 Jan 1960 (3375)"),
    "us_philippines": NamedAlliance("US-Philippines", (3210,), note="Mutual Defense Treaty, 30 Aug 1951"),
    "us_rok": NamedAlliance("US-South Korea", (3240,), note="Mutual Defense Treaty, 1 Oct 1953"),
    "us_roc": NamedAlliance("US-Taiwan", (3270,), note="Sino-American Mutual Defense Treaty, 2 Dec 1954 - 1980"),
    "us_asia_bilaterals": NamedAlliance(
        "US bilateral treaties in Asia", (3210, 3220, 3375, 3240, 3270),
        note="hub-and-spoke system: the United States and every state with a bilateral US defense treaty "
             "in effect (Philippines, Japan, South Korea, Taiwan)"),
}

#: Post-2018 NATO accessions (NATO, "Member countries"): North Macedonia 27 Mar 2020,
#: Finland 4 Apr 2023, Sweden 7 Mar 2024. No member has left NATO.


def _members(source: str, data_dir, dataset_id: str | None = None) -> tuple[pd.DataFrame, tuple[int, int]]:
    spec = _SPEC[source]
    tid = spec["table"] if dataset_id is None else f"{dataset_id}_member"
    tab = load(tid, data_dir=data_dir, columns=[spec["id"], "ccode", spec["start"], spec["end"]])
    ds = tab.attrs.get("provenance", {}).get("dataset_id")
    try:
        cov = coverage(ds)
    except KeyError:
        cov = (1815, 2018) if source == "atop" else (1816, 2012)
    m = tab.rename(columns={spec["id"]: "alliance", spec["start"]: "start", spec["end"]: "end"})
    return m, cov


def spell_years(spells: pd.DataFrame, *, last: int, rule: str = "year_end", first: int | None = None) -> pd.DataFrame:
    """Expand membership spells (``alliance, ccode, start, end``; NA end = in effect at ``last``) to years.

    The years a spell counts for follow ``rule`` (see
    :func:`alliancestats.spells.expand_spells`, the library's one
    spell -> years rule): ``"year_end"`` (default here: a member on 31
    December, so each territory is counted once per year) or ``"any_day"``
    (the ATOP/COW yearly-file rule the panels use). Returns unique
    ``alliance, ccode, year`` sorted.
    """
    sp = spells.dropna(subset=["start", "ccode"]).reset_index(drop=True)
    my = expand_spells(sp, "start", "end", ["alliance", "ccode"], first, last, rule=rule)
    out = pd.DataFrame({"alliance": my["alliance"].to_numpy(), "ccode": my["ccode"].to_numpy(dtype="int64"),
                        "year": my["year"].to_numpy(dtype="int64")})
    out = out.drop_duplicates().sort_values(["alliance", "ccode", "year"], kind="stable").reset_index(drop=True)
    return out.astype({"ccode": "int16", "year": "int16"})


def alliance_years(ids: Sequence[int] | None = None, *, source: str = "atop", rule: str = "year_end",
                   data_dir=None, dataset_id: str | None = None) -> pd.DataFrame:
    """Members of each alliance in each year: ``alliance`` (ATOP atopid / COW version4id), ``ccode``, ``year``.

    ``ids``: restrict to these alliances (default all). Years run from entry
    to exit, at most to the end of the source's coverage.
    """
    check_option("source", source, tuple(_SPEC))
    m, cov = _members(source, data_dir, dataset_id)
    if ids is not None:
        missing = sorted(set(int(i) for i in ids) - set(m["alliance"].dropna().astype(int)))
        if missing:
            raise UnknownIdError(f"{source}: no alliance with id {missing}")
        m = m[m["alliance"].isin([int(i) for i in ids])]
    out = spell_years(m, last=cov[1], rule=rule, first=cov[0])
    out["alliance"] = out["alliance"].astype("int32")
    out.attrs["coverage"] = cov
    return out


def named_alliance_years(name: str, *, rule: str = "year_end", extend_to: int | None = None, data_dir=None,
                         dataset_id: str | None = None) -> pd.DataFrame:
    """Members per year of a named alliance (:data:`NAMED`): ``alliance`` (the name), ``ccode``, ``year``.

    For alliance systems with several ids (``us_asia_bilaterals``,
    ``us_japan``) a state is listed when it is a member of any of them.
    ``extend_to``: continue past the source's coverage (ATOP ends 2018) using
    the documented accessions, only up to the alliance's ``checked_through``
    year; raises otherwise.
    """
    key = name.lower()
    if key not in NAMED:
        raise UnknownIdError(f"unknown alliance {name!r}; named: {', '.join(NAMED)}")
    na = NAMED[key]
    m, cov = _members(na.source, data_dir, dataset_id)
    m = m[m["alliance"].isin(list(na.ids))].copy()
    if na.accession:
        acc = pd.Series({c: pd.Timestamp(d) for c, d in na.accession})
        date = m["ccode"].astype("int64").map(acc)
        first_spell = m["start"] == m.groupby("ccode")["start"].transform("min")
        late = date.notna() & first_spell & (m["start"] < date)
        gap = (date[late] - m.loc[late, "start"]).dt.days
        if (gap > 800).any():  # a protocol is ratified within about two years; more means a wrong row
            raise ModelInputError(f"{na.label}: accession date far from the source's entry date for "
                             f"{sorted(m.loc[late][gap > 800]['ccode'].astype(int))}")
        m.loc[late, "start"] = date[late].astype(m["start"].dtype)
    last = cov[1]
    if extend_to is not None and extend_to > cov[1]:
        if na.checked_through is None or extend_to > na.checked_through:
            raise OptionError(f"{na.label}: membership after {cov[1]} is documented only through "
                              f"{na.checked_through}; cannot extend to {extend_to} (pass extend_to <= "
                              f"{na.checked_through or cov[1]})")
        last = int(extend_to)
        add = pd.DataFrame({"alliance": na.ids[0], "ccode": [c for c, _ in na.after_coverage],
                            "start": pd.to_datetime([d for _, d in na.after_coverage]).astype(m["start"].dtype),
                            "end": pd.NaT})
        add["end"] = add["end"].astype(m["end"].dtype)
        m = pd.concat([m, add], ignore_index=True)
    out = spell_years(m.assign(alliance=key), last=last, rule=rule, first=cov[0])
    out = out.drop_duplicates(["ccode", "year"]).reset_index(drop=True)
    out.attrs["coverage"] = (cov[0], last)
    return out
