"""COW Inter-State War 4.0 (Sarkees & Wayman 2010) and the directed dyadic inter-state war file.

Coverage 1816-2007 (95 inter-state wars). Files as shipped:
``Inter-StateWarData_v4.0.csv`` (one record per state participant; old-Mac
CR-only line endings) and ``directed_dyadic_war.csv`` (directed dyad-years of
inter-state war, CRLF, May 2018 release built by the dyadic MID team, Maoz et
al.; empty cells = missing).

Missing codes (codebook ``Inter-StateWars_Codebook``): ``-9`` unknown,
``-8`` not applicable (no second spell of fighting; no transformation),
``-7`` war ongoing as of 31 Dec 2007 (end-date fields). All become NA; the
``*_na`` columns keep the reason ("missing", "not_applicable", "ongoing").

Table ``participant`` (Inter-StateWarData_v4.0.csv)
----------------------------------------------------
warnum (Int16), warname (str), wartype (Int8; 1 = inter-state), ccode
(Int16), statename (str), side (Int8, 1 or 2: the side the state fought on),
first spell of fighting ``start_month1, start_day1, start_year1, end_month1,
end_day1, end_year1`` and second spell after a break ``start_month2 ...
end_year2`` (Int8 months/days, Int16 years, raw parts as shipped), with
``start_year1_na, end_year1_na, start_year2_na, end_year2_na`` (why a year is
NA; "not_applicable" = no second spell), dates ``start_date1, end_date1,
start_date2, end_date2`` (+ ``_precision``: "day", "month" or "year"; start
dates use the first possible day, end dates the last possible day when day
or month is unknown), trans_from (Int16, number of the war this one was
transformed from), trans_from2 (Int16, a second such war: the file lists
"404, 410" for the Spanish-American war; NA otherwise), trans_from_na,
where_fought (Int8 region code), initiator (Int8), outcome (Int8),
trans_to (Int16) + trans_to_na, bat_death (Int32, battle-related combatant
deaths of the state) + bat_death_na, version (Int16, 4), source_line.

Codes (codebook): ``initiator`` 1 = the state initiated the war, 2 = it did
not. ``outcome`` 1 winner, 2 loser, 3 compromise/tied, 4 transformed into
another type of war, 5 ongoing as of 12/31/2007, 6 stalemate, 7 conflict
continues at below-war level, 8 changed sides. ``where_fought`` 1 W.
Hemisphere, 2 Europe, 4 Africa, 6 Middle East, 7 Asia, 9 Oceania, 11 Europe &
Middle East, 12 Europe & Asia, 13 W. Hemisphere & Asia, 14 Europe, Africa &
Middle East, 15 Europe, Africa, Middle East & Asia, 16 Africa, Middle East,
Asia & Oceania, 17 Asia & Oceania, 18 Africa & Middle East, 19 all but the W.
Hemisphere. A state that changed sides has two records (key: warnum, ccode,
side; e.g. Italy, Romania, Bulgaria and France in World War II).

Table ``directed_dyad_year`` (directed_dyadic_war.csv)
-------------------------------------------------------
warnum (Int16), dispnum (Int16; ``disno``, the MID number), dyindex (Float64;
MID dyad index ``disno + k/1000``), ccode1 (``statea``), ccode2 (``stateb``),
the dyad's war start/end parts ``warstrtmnth, warstrtday, warstrtyr,
warendmnth, warenday, warendyr`` (as shipped, except the errata below) plus ``start_date``/``end_date``
(+ ``_precision``), year (Int16), warolea/waroleb (Int8: role of state A/B in
the war: 1 primary initiator, 2 joiner on the initiator's side, 3 primary
target, 4 joiner on the target's side), wardyadrolea/wardyadroleb (Int8: 1
initiator of the dyadic war, 2 simultaneous, 3 target), outcomea (Int8:
values 1, 2, 3 -- in the file 1 and 3 mirror each other across the two
directions of a dyad and 2 is symmetric, i.e. 1 = state A won, 2 = neither,
3 = state A lost; the release we hold ships no codebook for this file),
batdtha/batdthb (Int32, battle deaths of A/B), batdths (Int32, their sum),
changes_1/changes_2 (Int8, change codes as in the dyadic MID codebook),
durindx (Int8, duration index as shipped; see the warning below), correction (str, NA unless
a documented erratum was applied), source_line. Both directions of every
dyad are present; ``(warnum, ccode1, ccode2, year)`` is unique in 4.0.

Warnings for the dyadic file. (1) ``batdtha``/``batdthb`` are each state's
deaths in the whole war, repeated in every dyad and year (the USA has 405400
in each of its World War II dyads): never sum them over dyads or years.
(2) ``durindx`` is meant to number the years of a dyadic war (1 = first) but
in the May 2018 file it disagrees with the order of ``year`` in about 760 of
1364 records (USA-Japan 1941-1945 has 2, 4, 3, 1, 5); find onsets with
``year == start_date.year`` instead. The loader reports the count in its
notes. (3) Battle deaths in this file are the dyadic team's, not the participant file's
``bat_death``, and sometimes differ from it (e.g. war 4, Russia-Ottoman
Empire, has A/B deaths 80000/50000 where the participant file gives Russia
50000 and the Ottoman Empire 80000). Use the participant table for state
totals.

Errata: two impossible values in the May 2018 file are corrected, each only
when the record matches the published values exactly, and flagged in
``correction`` and in the load notes: war 106 USA-Austria-Hungary (both
directions) has day and month swapped (start month 24, day 10; end month 3,
day 11 -> 24 Oct 1918 to 3 Nov 1918, the Vittorio Veneto offensive and the
Villa Giusti armistice, consistent with ``year`` 1918 and ``durindx`` 1); war
106 Italy-Bulgaria has end year 19118 (-> 1918; its rows run 1916-1918). Any
other impossible date part raises :class:`IngestError`.

Rejections: a record whose end date precedes its start date, and (dyadic
file) a ``year`` outside the dyad's war years or an exact repeat of the key
``(warnum, dispnum, dyindex, ccode1, ccode2, year)``. None in 4.0.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from ...errors import IngestError
from ..validate import quote
from ..catalog import Dataset, Download, LoadResult, ReleaseFile, TableSpec
from ..convert import COW_NA, Col, convert, duplicate_of_kept, finish_load, make_date
from ..readers import RawTable, read_csv

COW_BASE = "https://correlatesofwar.org/wp-content/uploads"

WAR_NA = {-9: "missing", -8: "not_applicable", -7: "ongoing"}

_SPELL_PARTS = ("StartMonth{n}", "StartDay{n}", "StartYear{n}", "EndMonth{n}", "EndDay{n}", "EndYear{n}")


def _snake(raw_name: str) -> str:
    # StartMonth1 -> start_month1
    out = "".join("_" + ch.lower() if ch.isupper() else ch for ch in raw_name).lstrip("_")
    return out


def _participant_spec() -> dict[str, Col]:
    spec = {
        "WarNum": Col("warnum", "Int16"),
        "WarName": Col("warname", "str"),
        "WarType": Col("wartype", "Int8"),
        "ccode": Col("ccode", "Int16"),
        "StateName": Col("statename", "str"),
        "Side": Col("side", "Int8"),
    }
    for n in (1, 2):
        for part in _SPELL_PARTS:
            name = part.format(n=n)
            is_year = "Year" in part
            spec[name] = Col(_snake(name), "Int16" if is_year else "Int8", WAR_NA, keep_na_reason=is_year)
    spec.update({
        "TransFrom": Col("trans_from", "Int16", WAR_NA, keep_na_reason=True),
        "TransFrom[2]": Col("trans_from2", "Int16", WAR_NA),
        "WhereFought": Col("where_fought", "Int8"),
        "Initiator": Col("initiator", "Int8"),
        "Outcome": Col("outcome", "Int8"),
        "TransTo": Col("trans_to", "Int16", WAR_NA, keep_na_reason=True),
        "BatDeath": Col("bat_death", "Int32", WAR_NA, keep_na_reason=True),
        "Version": Col("version", "Int16"),
    })
    return spec


PARTICIPANT_COLUMNS = {
    "warnum": "COW war number",
    "warname": "war name",
    "wartype": "1 = inter-state war",
    "ccode": "COW country code of the participant",
    "statename": "state name",
    "side": "side the state fought on (1 or 2)",
    "start_month1 .. end_year2": "raw date parts of spells 1 and 2 (NA: unknown / no second spell)",
    "start_date1, end_date1, start_date2, end_date2": "spell dates (+ _precision), bounding rule",
    "trans_from, trans_from2": "war(s) this war was transformed from",
    "where_fought": "region code (see module docs)",
    "initiator": "1 = initiated the war, 2 = did not",
    "outcome": "1 win, 2 loss, 3 compromise, 4 transformed, 5 ongoing, 6 stalemate, 7 below war level, 8 changed sides",
    "trans_to": "war this war transformed into",
    "bat_death": "battle-related combatant deaths of the state",
    "version": "data version (4)",
    "source_line": "line in the raw file",
}

DYAD_COLUMNS = {
    "warnum": "COW war number",
    "dispnum": "MID dispute number (disno)",
    "dyindex": "MID dyad index (disno + k/1000)",
    "ccode1": "COW code of state A (statea)",
    "ccode2": "COW code of state B (stateb)",
    "warstrtmnth .. warendyr": "raw war start/end parts of the dyad",
    "start_date, end_date": "dyadic war dates (+ _precision)",
    "year": "year",
    "warolea, waroleb": "1 primary initiator, 2 initiator-side joiner, 3 primary target, 4 target-side joiner",
    "wardyadrolea, wardyadroleb": "1 dyadic initiator, 2 simultaneous, 3 dyadic target",
    "outcomea": "1 A won, 2 neither, 3 A lost (inferred, see module docs)",
    "batdtha, batdthb, batdths": "battle deaths of A, of B, of the dyad",
    "changes_1, changes_2": "change codes",
    "durindx": "year index of the dyadic war (1 = first)",
    "correction": "erratum applied to this record, if any",
    "source_line": "line in the raw file",
}


def _split_trans_from(raw: RawTable) -> None:
    """``TransFrom`` may list two war numbers ("404, 410"): split into two cells."""
    parts = raw.frame["TransFrom"].str.split(",", expand=True, regex=False)
    if parts.shape[1] > 2:
        bad = parts.iloc[:, 2].notna().to_numpy()
        i = int(np.flatnonzero(bad)[0])
        raise IngestError(raw.path, f"expected at most two war numbers, found {quote(raw.frame['TransFrom'].iat[i])}",
                          line=int(raw.lines[i]), column="TransFrom")
    first = parts.iloc[:, 0].str.strip()
    second = parts.iloc[:, 1].fillna("").str.strip() if parts.shape[1] == 2 else pd.Series("", index=raw.frame.index)
    raw.frame["TransFrom"] = first.astype("str")
    raw.frame["TransFrom[2]"] = second.astype("str")


def _dates(df, raw, name, parts, raw_parts, bound):
    """Add ``name`` and ``name_precision`` from canonical (year, month, day) columns (bounding rule)."""
    y, m, d = (df[c] for c in parts)
    dates, prec = make_date(y, m, d, bound=bound, raw=raw, columns=raw_parts)
    df[name] = dates.to_numpy()
    df[f"{name}_precision"] = prec.array


def load_participant(files) -> LoadResult:
    spec = _participant_spec()
    raw = read_csv(files["participant"], required=[k for k in spec if k != "TransFrom[2]"])
    _split_trans_from(raw)
    df = convert(raw, spec)
    rules = []
    for n in (1, 2):
        _dates(df, raw, f"start_date{n}", (f"start_year{n}", f"start_month{n}", f"start_day{n}"),
               (f"StartYear{n}", f"StartMonth{n}", f"StartDay{n}"), "start")
        _dates(df, raw, f"end_date{n}", (f"end_year{n}", f"end_month{n}", f"end_day{n}"),
               (f"EndYear{n}", f"EndMonth{n}", f"EndDay{n}"), "end")
        rules.append(((df[f"end_date{n}"] < df[f"start_date{n}"]).fillna(False).to_numpy(),
                      f"spell {n} of the war ends before it starts"))
    rules.append((duplicate_of_kept(df, ["warnum", "ccode", "side"]), "repeats an earlier war-state-side record"))
    # order: identifiers, spell parts with their dates, the rest
    date_cols = [c for n in (1, 2) for c in (f"start_date{n}", f"start_date{n}_precision",
                                                f"end_date{n}", f"end_date{n}_precision")]
    rest = [c for c in df.columns if c not in date_cols]
    at = rest.index("trans_from")
    df = df[rest[:at] + date_cols + rest[at:]]
    df = df[[c for c in df.columns if c != "source_line"] + ["source_line"]]
    return finish_load(raw, df, rules)


#: Documented corrections to ``directed_dyadic_war.csv`` (May 2018). Each
#: applies only to records whose raw cells equal every ``match`` value.
DYAD_ERRATA = (
    ({"warnum": "106", "statea": "2", "stateb": "300", "warstrtyr": "1918", "warstrtmnth": "24", "warstrtday": "10",
      "warendyr": "1918", "warendmnth": "3", "warenday": "11"},
     {"warstrtmnth": "10", "warstrtday": "24", "warendmnth": "11", "warenday": "3"},
     "day and month swapped in source (start month 24 day 10, end month 3 day 11): read as 24 Oct 1918 - 3 Nov 1918"),
    ({"warnum": "106", "statea": "300", "stateb": "2", "warstrtyr": "1918", "warstrtmnth": "24", "warstrtday": "10",
      "warendyr": "1918", "warendmnth": "3", "warenday": "11"},
     {"warstrtmnth": "10", "warstrtday": "24", "warendmnth": "11", "warenday": "3"},
     "day and month swapped in source (start month 24 day 10, end month 3 day 11): read as 24 Oct 1918 - 3 Nov 1918"),
    ({"warnum": "106", "statea": "325", "stateb": "355", "warstrtyr": "1916", "warendyr": "19118"},
     {"warendyr": "1918"},
     "end year 19118 in source: read as 1918"),
)


def _apply_errata(raw: RawTable) -> tuple[np.ndarray, list[str]]:
    correction = np.full(len(raw), None, dtype=object)
    notes = []
    for match, new, why in DYAD_ERRATA:
        hit = np.ones(len(raw), dtype=bool)
        for col, val in match.items():
            hit &= (raw.frame[col] == val).to_numpy()
        if not hit.any():
            continue
        for col, val in new.items():
            raw.frame.loc[hit, col] = val
        correction[hit] = why
        lines = ", ".join(str(x) for x in raw.lines[hit])
        notes.append(f"corrected lines {lines}: {why}")
    return correction, notes


def load_directed_dyad_year(files) -> LoadResult:
    spec = {
        "warnum": Col("warnum", "Int16"),
        "disno": Col("dispnum", "Int16"),
        "dyindex": Col("dyindex", "Float64"),
        "statea": Col("ccode1", "Int16"),
        "stateb": Col("ccode2", "Int16"),
        "warstrtmnth": Col("warstrtmnth", "Int8", COW_NA),
        "warstrtday": Col("warstrtday", "Int8", COW_NA),
        "warstrtyr": Col("warstrtyr", "Int16", COW_NA),
        "warendmnth": Col("warendmnth", "Int8", COW_NA),
        "warenday": Col("warenday", "Int8", COW_NA),
        "warendyr": Col("warendyr", "Int16", COW_NA),
        "year": Col("year", "Int16"),
        "warolea": Col("warolea", "Int8", COW_NA),
        "waroleb": Col("waroleb", "Int8", COW_NA),
        "wardyadrolea": Col("wardyadrolea", "Int8", COW_NA),
        "wardyadroleb": Col("wardyadroleb", "Int8", COW_NA),
        "outcomea": Col("outcomea", "Int8", COW_NA),
        "batdtha": Col("batdtha", "Int32", COW_NA),
        "batdthb": Col("batdthb", "Int32", COW_NA),
        "changes_1": Col("changes_1", "Int8", COW_NA),
        "changes_2": Col("changes_2", "Int8", COW_NA),
        "batdths": Col("batdths", "Int32", COW_NA),
        "durindx": Col("durindx", "Int8"),
    }
    raw = read_csv(files["dyadic"], required=spec)
    correction, notes = _apply_errata(raw)
    df = convert(raw, spec)
    _dates(df, raw, "start_date", ("warstrtyr", "warstrtmnth", "warstrtday"),
           ("warstrtyr", "warstrtmnth", "warstrtday"), "start")
    _dates(df, raw, "end_date", ("warendyr", "warendmnth", "warenday"), ("warendyr", "warendmnth", "warenday"), "end")
    df["correction"] = pd.array(correction, dtype="str")
    df = df[[c for c in df.columns if c != "source_line"] + ["source_line"]]
    res = finish_load(raw, df, [
        ((df["end_date"] < df["start_date"]).fillna(False).to_numpy(), "the dyad's war ends before it starts"),
        (((df["year"] < df["warstrtyr"]) | (df["year"] > df["warendyr"])).fillna(False).to_numpy(),
         "year lies outside the dyad's war start and end years"),
        (duplicate_of_kept(df, ["warnum", "dispnum", "dyindex", "ccode1", "ccode2", "year"]),
         "repeats an earlier record with the same war, dyad index, states and year"),
    ], notes=notes)
    kept = res.data
    order = kept.groupby(["warnum", "dyindex", "ccode1", "ccode2"], dropna=False)["year"].rank(method="first")
    off = int((order != kept["durindx"].astype("float64")).fillna(True).sum())
    if off:
        res.notes.append(f"durindx differs from the order of year within the dyad's war in {off} of {len(kept)} "
                         "records; do not use it as a year index")
    return res


CITATION = """@book{sarkees2010resort,
  author = {Sarkees, Meredith Reid and Wayman, Frank Whelon},
  title = {Resort to War: A Data Guide to Inter-State, Extra-State, Intra-State, and Non-State Wars, 1816-2007},
  publisher = {CQ Press},
  address = {Washington, DC},
  year = {2010}
}
@article{maoz2019dyadic,
  author = {Maoz, Zeev and Johnson, Paul L. and Kaplan, Jasper and Ogunkoya, Fiona and Shreve, Aaron P.},
  title = {The Dyadic Militarized Interstate Disputes ({MIDs}) Dataset Version 3.0: Logic, Characteristics, and Comparisons to Alternative Datasets},
  journal = {Journal of Conflict Resolution},
  volume = {63},
  number = {3},
  pages = {811--835},
  year = {2019}
}"""

COW_WAR_4_0 = Dataset(
    dataset_id="cow_war_4_0",
    family="cow_war",
    title="COW Inter-State War Data",
    publisher="Correlates of War Project",
    version="4.0",
    coverage=(1816, 2007),
    citation=CITATION,
    licence="Free for academic use; cite the Correlates of War Project and Sarkees & Wayman (2010); "
            "for the directed dyadic file also Maoz et al. (2019).",
    homepage="https://correlatesofwar.org/data-sets/cow-war/",
    files=(
        ReleaseFile("participant", "Inter-StateWarData_v4.0.csv",
                    ("2535e30b145141c331a07d12d91e498ad8bdd3db32ba8d3bd88c4fda54817731",), rows=337,
                    aliases=("inter-statewardata*.csv",),
                    signature=("WarNum", "WarName", "WarType", "ccode", "StateName", "Side", "StartMonth1", "StartDay1",
                               "StartYear1", "EndMonth1", "EndDay1", "EndYear1", "StartMonth2", "StartDay2",
                               "StartYear2", "EndMonth2", "EndDay2", "EndYear2", "TransFrom", "WhereFought",
                               "Initiator", "Outcome", "TransTo", "BatDeath", "Version")),
        ReleaseFile("dyadic", "directed_dyadic_war.csv",
                    ("aa2eb5244a0cb0b579867e50eb02e4297fb29250e67120fb132e3c0618dceda0",), rows=1364,
                    aliases=("directed*dyadic*war*.csv",),
                    signature=("warnum", "disno", "dyindex", "statea", "stateb", "warstrtmnth", "warstrtday",
                               "warstrtyr", "warendmnth", "warenday", "warendyr", "year", "warolea", "waroleb",
                               "wardyadrolea", "wardyadroleb", "outcomea", "batdtha", "batdthb", "changes_1",
                               "changes_2", "batdths", "durindx")),
    ),
    tables=(
        TableSpec("participant", ("participant",), load_participant,
                  "inter-state war participants, one row per war, state and side", columns=PARTICIPANT_COLUMNS),
        TableSpec("directed_dyad_year", ("dyadic",), load_directed_dyad_year,
                  "directed dyad-years of inter-state war (both directions)", columns=DYAD_COLUMNS),
    ),
    downloads=(
        Download(f"{COW_BASE}/Inter-StateWarData_v4.0.csv", "Inter-StateWarData_v4.0.csv", {"": "participant"}),
        Download(f"{COW_BASE}/directed_dyadic_war.csv", "directed_dyadic_war.csv", {"": "dyadic"}),
    ),
    notes="Directed dyadic war file: three documented errata applied (see cow_war module docs).",
)

DATASETS = (COW_WAR_4_0,)
