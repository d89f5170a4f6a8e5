"""COW Dyadic MID 4.03 (Maoz et al.): directed dyad-year militarized disputes.

Zeev Maoz and collaborators, distributed by the Correlates of War Project.
Coverage 1816-2014. One file, ``dyadic_mid_4.03.csv`` (LF, 54 columns, one
row per *directed* dyad, dispute and year: every dyad appears as A-B and as
B-A; a dispute lasting three years gives three rows per direction). The
codebook shipped with it is titled version 4.0/4.01/4.021 (June 2021).

Canonical columns (table ``dyad_year``)
----------------------------------------
Codebook names lowercased, except: ``disno`` -> ``dispnum`` (Int32, the MID
5.01 dispute number), ``statea`` -> ``ccode1``, ``stateb`` -> ``ccode2``
(Int16, COW codes), ``ongo2014`` -> ``ongoing``.

dispnum, dyindex, ccode1, namea, ccode2, nameb, year, strtday, strtmnth,
strtyr, endday, endmnth, endyear, start_date(+_precision),
end_date(+_precision), outcome, settlmnt, fatlev, highact, hihost, recip,
noinit, notarg, sideaa, revstata, revtypea (+revtypea_na), fatleva,
highmcaa, hihosta, orignata, sideab, revstatb, revtypeb (+revtypeb_na),
fatlevb, highmcab, hihostb, orignatb, rolea, roleb, dyad_rolea, dyad_roleb,
war, durindx, duration, cumdurat, mid5hiact, mid5hiacta, mid5hiactb,
severity, severitya, severityb, ongoing, new, change, changetype_1,
changetype_2, source_line.

Meaning, codes, units (Dyadic MID codebook)
-------------------------------------------
- ``dyindex`` (Float64): the codebook's dyad index (dispute number + .001,
  .002, ... per dyad). In this 4.03 CSV it has lost its fraction and equals
  ``dispnum`` in every row, so it does NOT identify dyads; use
  (dispnum, ccode1, ccode2).
- Dates are the *dyadic* start/end. The compilers filled unknown days
  themselves (first day of the month for starts, last day for ends), so the
  parts are never missing and ``*_date_precision`` is always "day" even where
  the underlying day is unknown. ``year``: calendar year of this record;
  start/end dates repeat on every year of the dispute.
- ``outcome``: 0 ongoing (non-final year), 1 victory A, 2 victory B, 3 yield
  A, 4 yield B, 5 stalemate, 6 compromise, 7 released, 8 unclear.
  ``settlmnt``: 1 negotiated, 2 imposed, 3 none, 4 unclear; the codebook's
  0 = missing and -9 = missing both -> NA. ``outcome``, ``settlmnt``,
  ``fatlev``, ``fatleva``, ``fatlevb`` are recorded only in the final year of
  the dyadic dispute (year == endyear); in earlier years the file holds 0,
  which for the fatality levels does NOT mean "no deaths". Take them from
  the final-year row.
- ``fatlev``/``fatleva``/``fatlevb``: 0 none, 1 = 1-25, 2 = 26-100,
  3 = 101-250, 4 = 251-500, 5 = 501-999, 6 = 1000+ deaths; -9 = unknown -> NA.
- ``highact``/``highmcaa``/``highmcab``: Maoz's action scale 1 (none) .. 24
  (use of CBR weapons) (0 in highmcaa/b = no action by that state);
  ``mid5hiact*``: MID 5.01 action scale 0..21. ``hihost``/``hihosta``/
  ``hihostb``: 1 none, 2 threat, 3 display, 4 use of force, 5 war.
- ``recip``: 1 = reciprocated in Maoz's sense (no clear initiator; roles
  random). ``noinit``/``notarg``: number of states on side A/B.
  ``sideaa``/``sideab``: 1 = state on the initiating side.
  ``revstata``/``revstatb``: 1 = revisionist. ``revtypea``/``revtypeb``:
  1 territory, 2 policy, 3 regime, 4 other; 0 = not applicable, -9 = missing
  (both NA; see ``*_na``). ``orignata``/``orignatb``: 1 = in the first
  incident. ``rolea``/``roleb``: 1 primary initiator, 2 joiner on initiator
  side, 3 primary target, 4 joiner on target side. ``dyad_rolea``/
  ``dyad_roleb``: 1 initiator, 2 simultaneous, 3 target of the dyadic MID.
- ``war``: 1 = COW war dyad in this year. ``durindx``: 1 = first year of the
  dispute (select durindx == 1 for onsets). ``duration``: dispute days in
  this calendar year. ``cumdurat``: days from the start to the end of this
  year (or the end date). ``severity*``: Maoz severity 0-100.
- ``ongoing`` (raw ``ongo2014``): 1 = ongoing at the end of coverage;
  literal ``NA`` in 3 rows -> NA. ``new``: 1 = dyadic MID new in this
  version. ``change``: 0 none, 1 UC Davis change, 2 MID 5.01 (Penn State)
  change, 3 Alabama proposed change. ``changetype_1``/``changetype_2``:
  0 none, 1 day, 2 month, 3 year, 4 fatality, 5 fatality A/B, 6 highact,
  7 outcome, 8 revisionist state, 9 revision type, 10 new, 11 recommended drop.

Values outside these ranges are set to NA and each is listed in the ingest
notes; in 4.03 that is ``sideab`` = 1969 (4 rows, dispute 611 PHI-DRV),
``revstata``/``revstatb`` = 6 (2 each), ``recip`` = 2 (4) and ``change`` =
2701 (2).

Duplicates: 16 rows repeat a (dispnum, ccode1, ccode2, year) key because a
dyad had several separate spells in one dispute (e.g. dispute 4182, 652-666);
the rows differ in their dates and are all kept.
"""
from __future__ import annotations

from ..catalog import Dataset, Download, LoadResult, ReleaseFile, TableSpec
from ..convert import COW_NA, Col
from .cow_mid import COW_BASE, REVTYPE_NA, load_table

COVERAGE = (1816, 2014)
SETTLE_NA = {-9: "missing", 0: "missing"}

SPEC = {
    "disno": Col("dispnum", "Int32"),
    "dyindex": Col("dyindex", "Float64"),
    "statea": Col("ccode1", "Int16"),
    "namea": Col("namea", "str"),
    "stateb": Col("ccode2", "Int16"),
    "nameb": Col("nameb", "str"),
    "year": Col("year", "Int16"),
    "strtday": Col("strtday", "Int8", COW_NA),
    "strtmnth": Col("strtmnth", "Int8", COW_NA),
    "strtyr": Col("strtyr", "Int16", COW_NA),
    "endday": Col("endday", "Int8", COW_NA),
    "endmnth": Col("endmnth", "Int8", COW_NA),
    "endyear": Col("endyear", "Int16", COW_NA),
    "outcome": Col("outcome", "Int8", COW_NA),
    "settlmnt": Col("settlmnt", "Int8", SETTLE_NA),
    "fatlev": Col("fatlev", "Int8", COW_NA),
    "highact": Col("highact", "Int8", COW_NA),
    "hihost": Col("hihost", "Int8", COW_NA),
    "recip": Col("recip", "Int8", COW_NA),
    "noinit": Col("noinit", "Int16", COW_NA),
    "notarg": Col("notarg", "Int16", COW_NA),
    "sideaa": Col("sideaa", "Int16", COW_NA),
    "revstata": Col("revstata", "Int16", COW_NA),
    "revtypea": Col("revtypea", "Int8", REVTYPE_NA, keep_na_reason=True),
    "fatleva": Col("fatleva", "Int8", COW_NA),
    "highmcaa": Col("highmcaa", "Int8", COW_NA),
    "hihosta": Col("hihosta", "Int8", COW_NA),
    "orignata": Col("orignata", "Int16", COW_NA),
    "sideab": Col("sideab", "Int16", COW_NA),
    "revstatb": Col("revstatb", "Int16", COW_NA),
    "revtypeb": Col("revtypeb", "Int8", REVTYPE_NA, keep_na_reason=True),
    "fatlevb": Col("fatlevb", "Int8", COW_NA),
    "highmcab": Col("highmcab", "Int8", COW_NA),
    "hihostb": Col("hihostb", "Int8", COW_NA),
    "orignatb": Col("orignatb", "Int16", COW_NA),
    "rolea": Col("rolea", "Int8", COW_NA),
    "roleb": Col("roleb", "Int8", COW_NA),
    "dyad_rolea": Col("dyad_rolea", "Int8", COW_NA),
    "dyad_roleb": Col("dyad_roleb", "Int8", COW_NA),
    "war": Col("war", "Int8", COW_NA),
    "durindx": Col("durindx", "Int16", COW_NA),
    "duration": Col("duration", "Int16", COW_NA),
    "cumdurat": Col("cumdurat", "Int16", COW_NA),
    "mid5hiact": Col("mid5hiact", "Int8", COW_NA),
    "mid5hiacta": Col("mid5hiacta", "Int8", COW_NA),
    "mid5hiactb": Col("mid5hiactb", "Int8", COW_NA),
    "severity": Col("severity", "Int8", COW_NA),
    "severitya": Col("severitya", "Int8", COW_NA),
    "severityb": Col("severityb", "Int8", COW_NA),
    "ongo2014": Col("ongoing", "Int8", COW_NA),
    "new": Col("new", "Int8", COW_NA),
    "change": Col("change", "Int16", COW_NA),
    "changetype_1": Col("changetype_1", "Int8", COW_NA),
    "changetype_2": Col("changetype_2", "Int8", COW_NA),
}

B = (0, 1)
DOMAINS = {
    "strtmnth": (1, 12), "endmnth": (1, 12), "strtday": (1, 31), "endday": (1, 31),
    "outcome": (0, 8), "settlmnt": (1, 4), "fatlev": (0, 6), "fatleva": (0, 6), "fatlevb": (0, 6),
    "highact": (1, 24), "highmcaa": (0, 24), "highmcab": (0, 24),
    "hihost": (1, 5), "hihosta": (1, 5), "hihostb": (1, 5),
    "recip": B, "sideaa": B, "sideab": B, "revstata": B, "revstatb": B, "orignata": B, "orignatb": B,
    "revtypea": (1, 4), "revtypeb": (1, 4), "rolea": (1, 4), "roleb": (1, 4), "dyad_rolea": (1, 3), "dyad_roleb": (1, 3),
    "war": B, "mid5hiact": (0, 21), "mid5hiacta": (0, 21), "mid5hiactb": (0, 21),
    "severity": (0, 100), "severitya": (0, 100), "severityb": (0, 100),
    "ongoing": B, "new": B, "change": (0, 3), "changetype_1": (0, 11), "changetype_2": (0, 11),
}
DATES = (("start", ("strtyr", "strtmnth", "strtday"), "start"), ("end", ("endyear", "endmnth", "endday"), "end"))


def load_dyad_year(files) -> LoadResult:
    return load_table(files["dyadic_mid"], SPEC, coverage=COVERAGE, dates=DATES, domains=DOMAINS, version=None)


COLUMNS = {
    "dispnum": "MID 5.01 dispute number (raw disno)",
    "dyindex": "dyad index (in 4.03 equal to dispnum; not a dyad id)",
    "ccode1": "COW code of state A (raw statea)", "ccode2": "COW code of state B (raw stateb)",
    "namea": "abbreviation of state A", "nameb": "abbreviation of state B",
    "year": "calendar year of the record",
    "start_date": "dyadic start date (days imputed by the compilers)", "end_date": "dyadic end date",
    "outcome": "0 ongoing, 1 victory A .. 8 unclear (final year only)",
    "settlmnt": "1 negotiated .. 4 unclear (final year only; 0/-9 -> NA)",
    "fatlev": "fatality level 0..6 (final year only; 0 in earlier years)",
    "highact": "highest action 1..24 (Maoz scale)", "hihost": "highest hostility 1..5",
    "war": "1 = war dyad this year", "durindx": "year of the dispute, 1 = onset year",
    "duration": "dispute days in this year", "cumdurat": "cumulative dispute days",
    "ongoing": "1 = ongoing at the end of coverage (raw ongo2014)",
    "source_line": "physical line in the raw file",
}

CITATION = """@article{maoz2019dyadic,
  author = {Maoz, Zeev and Johnson, Paul L. and Kaplan, Jasper and Ogunkoya, Fiona and Shreve, Aaron P.},
  title = {The Dyadic Militarized Interstate Disputes ({MIDs}) Dataset Version 3.0: Logic, Characteristics,
           and Comparisons to Alternative Datasets},
  journal = {Journal of Conflict Resolution},
  volume = {63},
  number = {3},
  pages = {811--835},
  year = {2019},
  doi = {10.1177/0022002718784158}
}"""

COW_DYADIC_MID_4_03 = Dataset(
    dataset_id="cow_dyadic_mid_4_03",
    family="cow_dyadic_mid",
    title="COW Dyadic Militarized Interstate Disputes",
    publisher="Zeev Maoz / Correlates of War Project",
    version="4.03",
    coverage=COVERAGE,
    citation=CITATION,
    licence="Free for academic use; cite Maoz et al. (2019) and the Correlates of War Project.",
    homepage="https://correlatesofwar.org/data-sets/mids/",
    files=(
        ReleaseFile("dyadic_mid", "dyadic_mid_4.03.csv",
                    ("92ffe8b0921d6d544ca70b76db5b958713f77317e6ba6dbbf19ea2a557f42df7",), rows=10358,
                    aliases=("dyadic_mid_4.03*.csv", "dyadic mid 4.03*.csv"),
                    signature=tuple(SPEC)),
    ),
    tables=(
        TableSpec("dyad_year", ("dyadic_mid",), load_dyad_year,
                  "directed dyad-years of militarized disputes (both A-B and B-A)", columns=COLUMNS),
    ),
    downloads=(
        Download(f"{COW_BASE}/dyadic_mid_4.03.zip", "dyadic_mid_4.03.zip", {"dyadic_mid_4.03.csv": "dyadic_mid"}),
    ),
)

DATASETS = (COW_DYADIC_MID_4_03,)
