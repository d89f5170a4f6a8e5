"""Gibler-Miller-Little (GML) MID data 2.1: corrected MIDs, 1816-2010.

Gibler, Miller and Little (2016, International Studies Quarterly) re-examined
every COW MID 4.01 dispute and corrected, merged or dropped cases; version
2.1 of their data. Files as shipped (LF line endings, quoted headers and
strings; literal ``NA`` cells):

=========================  ===========================  =======================
table                      file                         unit
=========================  ===========================  =======================
``dispute``                ``gml-mida-2.1.csv``         dispute
``participant``            ``gml-midb-2.1.csv``         state spell in a dispute
``incident``               ``gml-midi-2.1.csv``         incident (1992-2010)
``incident_participant``   ``gml-midip-2.1.csv``        state in an incident
``directed_dyad_year``     ``gml-ddy-disputes-2.1.csv`` directed dyad-year (A-B and B-A)
``dyad_year``              ``gml-ndy-disputes-2.1.csv`` non-directed dyad-year (ccode1 < ccode2)
=========================  ===========================  =======================

Header quirks handled: ``gml-midb`` names its dispute number ``dispnum``
(not ``dispnum3``) and orders ``ccode`` before ``stabb``; ``gml-midip`` has
a column literally named ``inside a`` (-> ``insidea``; ``insidea`` is also
accepted). GML dropped the version-4 incident numbers.

Canonical columns
-----------------
The MIDA/B/I/IP tables use the COW MID names of
:mod:`alliancestats.raw.sources.cow_mid` (``dispnum`` = dispnum3,
``incidnum`` = incidnum3, dates -> ``start_date``/``end_date`` with
precision, ``ongo2010`` -> ``ongoing``, link1..3 str):

dispute: dispnum, dispnum4, stday, stmon, styear, endday, endmon, endyear,
start_date(+_precision), end_date(+_precision), outcome, settle, fatality,
fatalpre, maxdur, mindur, hiact, hostlev, recip, numa, numb, ongoing, link1,
link2, link3, version, source_line.

participant: dispnum, dispnum4, stabb, ccode, date parts and dates, sidea,
revstate, revtype1 (+_na), revtype2 (+_na), fatality, fatalpre, hiact,
hostlev, orig, version, source_line.

incident: dispnum, incidnum, date parts and dates, duration, tbi, fatality,
fatalpre, action, hostlev, numa, revtype1 (+_na), revtype2 (+_na), version,
source_line.

incident_participant: dispnum, incidnum, stabb, ccode, date parts and
dates, insidea, sidea, fatality, fatalpre, action, hostlev, revtype1 (+_na),
revtype2 (+_na), version, source_line.

directed_dyad_year and dyad_year (same columns): dispnum, ccode1, ccode2,
year, sidea1, sidea2, revstate1, revstate2, revtype11, revtype12, revtype21,
revtype22 (each + ``_na``; ``revtype<k><s>`` = revision type k of state s),
fatality1, fatality2, fatalpre1, fatalpre2, hiact1, hiact2, hostlev1,
hostlev2, orig1, orig2 (suffix 1/2 = the state's own MIDB value for ccode1/
ccode2), midongoing (1 = dispute under way in this year), midonset (1 =
first year of the dispute), then the dispute-level (MIDA) values hiact,
hostlev, mindur, maxdur, outcome, settle, fatality, fatalpre, stmon, endmon,
recip, numa, numb, ongoing (raw ongo2010), version, source_line. The
dyad-year files carry start/end months only, so they have no dates.

Codes and units
---------------
As in the COW MID 4 codebook (see cow_mid): ``-9`` = missing/unknown -> NA
everywhere (``fatality`` -9 = fatality level unknown, not zero); literal
``NA`` -> NA; ``revtype*`` 0 = not applicable and -9 = missing -> NA with the
reason in ``*_na``. ``fatality`` levels 0-6 (0 none .. 6 >999 deaths),
``fatalpre`` persons, ``hiact``/``action`` 0-21, ``hostlev`` 1-5 (no
militarized action, threat, display, use of force, war), ``sidea`` 1 = side
A, ``orig`` 1 = originator, durations in days, ``version`` the string
``"gml-2.1"``.

``tbi`` (days since the previous incident) is negative when incidents
overlap: GML MIDI has values from -1017 to 1064, so ``-7`` and ``-8`` there
are real gaps, not missing codes, and are kept; only ``-9`` is treated as
missing (877 cells; a handful of genuine -9-day gaps cannot be told apart).

Known errors in 2.1, set to NA and listed in the ingest notes: dispute 3514
has end month 19 (``endmon`` NA, so ``end_date`` falls back to year
precision: 1941-12-31) in MIDA and in its dyad-year rows; ``fatality``
holds a typed-in label in 10 MIDI and 11 MIDIP rows (4251500 = "4: 251-500"
for incident 4349004, 1125 = "1: 1-25" elsewhere); incident 4273168 has
start year 10 in MIDIP (``styear`` and ``start_date`` NA); incident 4345003
ends on 29 February 2002 (``endday`` NA, ``end_date`` 2002-02-28 at month
precision); ``hostlev`` 0 in 6 MIDIP rows. End dates before start dates
(8 MIDB, 6 MIDIP rows) are kept as published and noted. One MIDB row
(dispute 4455, ROK) is ``NA`` in most codes and is kept.

Duplicate keys are kept: repeated (dispnum, ccode) participant spells (19
extra rows), and (dispnum, ccode1, ccode2, year) repeated in 2 ddy / 1 ndy
rows.
"""
from __future__ import annotations

from ..catalog import Dataset, Download, LoadResult, ReleaseFile, TableSpec
from ..convert import COW_NA, Col
from .cow_mid import (DATE_PARTS, DISPUTE_DOC, INCIDENT_DOC, INCIDENT_PARTICIPANT_DOC, PARTICIPANT_DOC, REVTYPE_NA,
                      load_table)

COVERAGE = (1816, 2010)
VERSION_DOC = {"version": "dataset version, the string 'gml-2.1'"}


def _revtype(name: str) -> Col:
    return Col(name, "Int8", REVTYPE_NA, keep_na_reason=True)


DISPUTE = {
    "dispnum3": Col("dispnum", "Int32"), "dispnum4": Col("dispnum4", "Int32", COW_NA), **DATE_PARTS,
    "outcome": Col("outcome", "Int8", COW_NA), "settle": Col("settle", "Int8", COW_NA),
    "fatality": Col("fatality", "Int32", COW_NA), "fatalpre": Col("fatalpre", "Int32", COW_NA),
    "maxdur": Col("maxdur", "Int16", COW_NA), "mindur": Col("mindur", "Int16", COW_NA),
    "hiact": Col("hiact", "Int8", COW_NA), "hostlev": Col("hostlev", "Int8", COW_NA),
    "recip": Col("recip", "Int8", COW_NA), "numa": Col("numa", "Int16", COW_NA), "numb": Col("numb", "Int16", COW_NA),
    "ongo2010": Col("ongoing", "Int8", COW_NA),
}
PARTICIPANT = {
    "dispnum": Col("dispnum", "Int32"), "dispnum4": Col("dispnum4", "Int32", COW_NA),
    "stabb": Col("stabb", "str"), "ccode": Col("ccode", "Int16"), **DATE_PARTS,
    "sidea": Col("sidea", "Int8", COW_NA), "revstate": Col("revstate", "Int8", COW_NA),
    "revtype1": _revtype("revtype1"), "revtype2": _revtype("revtype2"),
    "fatality": Col("fatality", "Int32", COW_NA), "fatalpre": Col("fatalpre", "Int32", COW_NA),
    "hiact": Col("hiact", "Int8", COW_NA), "hostlev": Col("hostlev", "Int8", COW_NA), "orig": Col("orig", "Int8", COW_NA),
}
INCIDENT = {
    "dispnum3": Col("dispnum", "Int32"), "incidnum3": Col("incidnum", "Int32"), **DATE_PARTS,
    "duration": Col("duration", "Int16", COW_NA),
    "tbi": Col("tbi", "Int16", COW_NA),  # -7/-8 are real negative gaps here, only -9 is missing
    "fatality": Col("fatality", "Int32", COW_NA), "fatalpre": Col("fatalpre", "Int32", COW_NA),
    "action": Col("action", "Int8", COW_NA), "hostlev": Col("hostlev", "Int8", COW_NA), "numa": Col("numa", "Int16", COW_NA),
    "revtype1": _revtype("revtype1"), "revtype2": _revtype("revtype2"),
}
INCIDENT_PARTICIPANT = {
    "dispnum3": Col("dispnum", "Int32"), "incidnum3": Col("incidnum", "Int32"),
    "stabb": Col("stabb", "str"), "ccode": Col("ccode", "Int16"), **DATE_PARTS,
    "inside a": Col("insidea", "Int8", COW_NA), "sidea": Col("sidea", "Int8", COW_NA),
    "fatality": Col("fatality", "Int32", COW_NA), "fatalpre": Col("fatalpre", "Int32", COW_NA),
    "action": Col("action", "Int8", COW_NA), "hostlev": Col("hostlev", "Int8", COW_NA),
    "revtype1": _revtype("revtype1"), "revtype2": _revtype("revtype2"),
}
DYAD_YEAR = {
    "dispnum": Col("dispnum", "Int32"), "ccode1": Col("ccode1", "Int16"), "ccode2": Col("ccode2", "Int16"),
    "year": Col("year", "Int16"),
    **{f"{v}{s}": Col(f"{v}{s}", "Int8", COW_NA) for v in ("sidea", "revstate") for s in (1, 2)},
    **{f"revtype{k}{s}": _revtype(f"revtype{k}{s}") for k in (1, 2) for s in (1, 2)},
    **{f"fatality{s}": Col(f"fatality{s}", "Int32", COW_NA) for s in (1, 2)},
    **{f"fatalpre{s}": Col(f"fatalpre{s}", "Int32", COW_NA) for s in (1, 2)},
    **{f"{v}{s}": Col(f"{v}{s}", "Int8", COW_NA) for v in ("hiact", "hostlev", "orig") for s in (1, 2)},
    "midongoing": Col("midongoing", "Int8", COW_NA), "midonset": Col("midonset", "Int8", COW_NA),
    "hiact": Col("hiact", "Int8", COW_NA), "hostlev": Col("hostlev", "Int8", COW_NA),
    "mindur": Col("mindur", "Int16", COW_NA), "maxdur": Col("maxdur", "Int16", COW_NA),
    "outcome": Col("outcome", "Int8", COW_NA), "settle": Col("settle", "Int8", COW_NA),
    "fatality": Col("fatality", "Int32", COW_NA), "fatalpre": Col("fatalpre", "Int32", COW_NA),
    "stmon": Col("stmon", "Int8", COW_NA), "endmon": Col("endmon", "Int8", COW_NA),
    "recip": Col("recip", "Int8", COW_NA), "numa": Col("numa", "Int16", COW_NA), "numb": Col("numb", "Int16", COW_NA),
    "ongo2010": Col("ongoing", "Int8", COW_NA),
}

B = (0, 1)
DYAD_DOMAINS = {
    **{f"{v}{s}": B for v in ("sidea", "revstate", "orig") for s in (1, 2)},
    **{f"revtype{k}{s}": (1, 4) for k in (1, 2) for s in (1, 2)},
    **{f"fatality{s}": (0, 6) for s in (1, 2)},
    **{f"hiact{s}": (0, 21) for s in (1, 2)},
    **{f"hostlev{s}": (1, 5) for s in (1, 2)},
    "midongoing": B, "midonset": B, "hiact": (0, 21), "hostlev": (1, 5), "outcome": (1, 9), "settle": (1, 4),
    "fatality": (0, 6), "stmon": (1, 12), "endmon": (1, 12), "recip": B, "ongoing": B,
}


def load_dispute(files) -> LoadResult:
    return load_table(files["mida"], DISPUTE, coverage=COVERAGE, links=("link1", "link2", "link3"))


def load_participant(files) -> LoadResult:
    return load_table(files["midb"], PARTICIPANT, coverage=COVERAGE, alternatives={"dispnum": "dispnum3"})


def load_incident(files) -> LoadResult:
    return load_table(files["midi"], INCIDENT, coverage=COVERAGE)


def load_incident_participant(files) -> LoadResult:
    return load_table(files["midip"], INCIDENT_PARTICIPANT, coverage=COVERAGE, alternatives={"inside a": "insidea"})


def _dyad_year(path) -> LoadResult:
    return load_table(path, DYAD_YEAR, coverage=COVERAGE, dates=(), domains=DYAD_DOMAINS)


def load_directed_dyad_year(files) -> LoadResult:
    return _dyad_year(files["ddy"])


def load_dyad_year(files) -> LoadResult:
    return _dyad_year(files["ndy"])


DYAD_DOC = {
    "dispnum": "GML dispute number", "ccode1": "COW code of state 1", "ccode2": "COW code of state 2",
    "year": "calendar year", "sidea1": "state 1 on side A", "revtype11": "revision type 1 of state 1 (NA: see _na)",
    "fatality1": "fatality level of state 1, 0..6", "hostlev1": "hostility level of state 1, 1..5",
    "orig1": "state 1 originator", "midongoing": "1 = dispute under way this year", "midonset": "1 = onset year",
    "hiact": "dispute highest action 0..21", "hostlev": "dispute hostility level 1..5",
    "fatality": "dispute fatality level 0..6 (NA = unknown)", "stmon": "dispute start month",
    "endmon": "dispute end month", "ongoing": "1 = ongoing after 2010 (ongo2010)", **VERSION_DOC,
    "source_line": "physical line in the raw file",
}

CITATION = """@article{gibler2016analysis,
  author = {Gibler, Douglas M. and Miller, Steven V. and Little, Erin K.},
  title = {An Analysis of the Militarized Interstate Dispute ({MID}) Dataset, 1816--2001},
  journal = {International Studies Quarterly},
  volume = {60},
  number = {4},
  pages = {719--730},
  year = {2016},
  doi = {10.1093/isq/sqw045}
}"""

_MIDA = ("dispnum3", "dispnum4", "stday", "stmon", "styear", "endday", "endmon", "endyear", "outcome", "settle",
         "fatality", "fatalpre", "maxdur", "mindur", "hiact", "hostlev", "recip", "numa", "numb", "link1", "link2",
         "link3", "ongo2010", "version")
_MIDB = ("dispnum", "dispnum4", "ccode", "stabb", "stday", "stmon", "styear", "endday", "endmon", "endyear", "sidea",
         "revstate", "revtype1", "revtype2", "fatality", "fatalpre", "hiact", "hostlev", "orig", "version")
_MIDI = ("dispnum3", "incidnum3", "stday", "stmon", "styear", "endday", "endmon", "endyear", "duration", "tbi",
         "fatality", "fatalpre", "action", "hostlev", "numa", "revtype1", "revtype2", "version")
_MIDIP = ("dispnum3", "incidnum3", "stabb", "ccode", "stday", "stmon", "styear", "endday", "endmon", "endyear",
          "inside a", "sidea", "fatality", "fatalpre", "action", "hostlev", "revtype1", "revtype2", "version")
_DY = tuple(k for k in DYAD_YEAR) + ("version",)

_ZIP = {f"gml-{k}-2.1.csv": k for k in ("mida", "midb", "midi", "midip")}
_ZIP.update({"gml-ddy-disputes-2.1.csv": "ddy", "gml-ndy-disputes-2.1.csv": "ndy"})

GML_MID_2_1 = Dataset(
    dataset_id="gml_mid_2_1",
    family="gml_mid",
    title="Gibler-Miller-Little Militarized Interstate Disputes",
    publisher="Douglas M. Gibler, Steven V. Miller, Erin K. Little (University of Alabama)",
    version="2.1",
    coverage=COVERAGE,
    citation=CITATION,
    licence="Free for academic use; cite Gibler, Miller and Little (2016).",
    homepage="https://internationalconflict.ua.edu/data-download/",
    files=(
        ReleaseFile("mida", "gml-mida-2.1.csv", ("d95a829342a63bd3bd33aafa7e8db44e601df4b53c3af07d5420e881e2c0c644",),
                    rows=2199, aliases=("gml-mida-2.1*.csv", "gml_mida_2.1*.csv"), signature=_MIDA),
        ReleaseFile("midb", "gml-midb-2.1.csv", ("3bf3ceaaa380c9db4c760e954037a67f74c79bd5623a5e3880b67d6348fae38a",),
                    rows=5300, aliases=("gml-midb-2.1*.csv", "gml_midb_2.1*.csv"), signature=_MIDB),
        ReleaseFile("midi", "gml-midi-2.1.csv", ("3231b849841810852a32f617190980fd8f7c89945d83a773a5b9db5386835573",),
                    rows=3185, aliases=("gml-midi-2.1*.csv", "gml_midi_2.1*.csv"), signature=_MIDI),
        ReleaseFile("midip", "gml-midip-2.1.csv", ("ff1af14500cc4ec1228f809f313b594c743061360615b260d83545961b2a128b",),
                    rows=6921, aliases=("gml-midip-2.1*.csv", "gml_midip_2.1*.csv"), signature=_MIDIP),
        ReleaseFile("ddy", "gml-ddy-disputes-2.1.csv",
                    ("c906b774c5d5fbacabfd7d9d37ea1df452e5b264944a8ac9bcf85f7d022ec176",), rows=10338,
                    aliases=("gml-ddy-disputes-2.1*.csv", "gml_ddy_disputes_2.1*.csv"), signature=_DY),
        ReleaseFile("ndy", "gml-ndy-disputes-2.1.csv",
                    ("251731e6c9e87cb9d71875b00e2650354c1f6ca3f29daae2b473e622bfaa23c1",), rows=5169,
                    aliases=("gml-ndy-disputes-2.1*.csv", "gml_ndy_disputes_2.1*.csv"), signature=_DY),
    ),
    tables=(
        TableSpec("dispute", ("mida",), load_dispute, "disputes (gml-mida), one row per dispute",
                  columns={**DISPUTE_DOC, **VERSION_DOC}),
        TableSpec("participant", ("midb",), load_participant,
                  "dispute participants (gml-midb), one row per state and participation spell",
                  columns={**PARTICIPANT_DOC, **VERSION_DOC}),
        TableSpec("incident", ("midi",), load_incident, "incidents (gml-midi), disputes from 1992 on",
                  columns={**INCIDENT_DOC, "tbi": "days since the previous incident; negative = overlap", **VERSION_DOC}),
        TableSpec("incident_participant", ("midip",), load_incident_participant,
                  "incident participants (gml-midip), one row per state and incident",
                  columns={**INCIDENT_PARTICIPANT_DOC, **VERSION_DOC}),
        TableSpec("directed_dyad_year", ("ddy",), load_directed_dyad_year,
                  "directed dispute dyad-years (gml-ddy), both A-B and B-A", columns=DYAD_DOC),
        TableSpec("dyad_year", ("ndy",), load_dyad_year,
                  "non-directed dispute dyad-years (gml-ndy), ccode1 < ccode2", columns=DYAD_DOC),
    ),
    downloads=(
        # The short link the authors circulate for the 2.1 zip (files at the archive root).
        Download("http://bit.ly/gml_mid_21", "gml-mid-2.1.zip", _ZIP),
    ),
)

DATASETS = (GML_MID_2_1,)
