"""Country-year economics for burden-sharing: military spending, GDP and defense burden.

One tidy long table keyed by COW ``ccode`` and ``year`` holds every series
from every source with its source dataset, unit and flag:

    ccode, year, concept, series, source, unit, value, flag

``concept`` groups series that measure the same thing in the SAME unit (so
that a "best available" value can take any of them); ``series`` names one
source's figure. All values are converted on the way in to the concept's unit
(listed in :data:`CONCEPTS`); the conversion of every series is in
:data:`SERIES`. Country-years a source does not cover have no row (NA in the
wide form, never 0). True zeros (SIPRI: Costa Rica, Iceland, Panama, states
with no armed forces) are kept as 0.

Sources (processed tables; see their loaders' docstrings):

- SIPRI Military Expenditure Database 2025 (SIPRI 2025): constant 2023 US$ m,
  current US$ m, share of GDP (a FRACTION). The 2019 CSV export (current US$ m)
  fills gaps as a lower-precedence vintage.
- NATO (2024), *Defence Expenditure of NATO Countries (2014-2024)*: current
  US$ m, percent of real GDP (divided by 100 here), GDP in current US$ m;
  figures for 2023-2024 are NATO estimates (``flag = "estimate"``).
- World Bank WDI 2018 and 2022: military expenditure in percent of GDP
  (divided by 100), GDP in current US$ (divided by 1e6), population.
- Maddison Project Database 2020 (Bolt & van Zanden 2020): real GDP in 2011
  international (PPP) dollars, ``gdppc * pop`` (divided by 1e6 to millions).
- COW National Material Capabilities 6.0 (Singer, Bremer & Stuckey 1972):
  ``milex`` in thousands of current US$ from 1914 (divided by 1000 here) and
  thousands of current British pounds before 1914 (see below).

NMC before 1914 (pounds sterling)
---------------------------------
NMC records ``milex`` in thousands of current GBP for 1816-1913. The GBP
figures are kept unconverted as concept ``milex_current_gbp_m`` (series
``nmc_milex_gbp``), and converted to US$ only in years when both Britain and
the United States were on a gold standard, so the exchange rate stayed
within the gold points of the mint par:

    $4.8665 per pound = 113.0016 grains of fine gold in the sovereign
                        / 23.22 grains of fine gold in the dollar
                        (US Coinage Act of 18 January 1837).

Years converted: 1837-1861 (US de facto gold standard after the Acts of
1834/1837, until suspension of specie payments in December 1861) and
1879-1913 (resumption of specie payments on 1 January 1879 until the
outbreak of war in 1914). Those rows carry ``flag = "gbp_at_mint_par"``.
1816-1836 (US bimetallic at a different mint ratio) and 1862-1878 (the
greenback era: the dollar floated against gold, the pound cost up to $10 in
greenbacks in 1864) are NOT converted: no documented annual rate is written
down here, so those years stay in the GBP concept only. References:
Officer (1996), *Between the Dollar-Sterling Gold Points*, Cambridge UP;
Friedman & Schwartz (1963), *A Monetary History of the United States*.

"Best available" (precedence)
-----------------------------
:meth:`Economics.best` takes, per country-year, the first series of
:data:`PRECEDENCE` [concept] that has a value. The defaults put the longest
consistent source first and publisher-specific definitions after it:

- milex_current_usd_m: SIPRI 2025 > SIPRI 2019 CSV > NATO > NMC
- milex_constant_usd_m: SIPRI 2025 (2023 prices; NATO's 2015-price series is
  another unit and kept as its own concept)
- burden: SIPRI 2025 share of GDP > NATO share of real GDP > WDI 2022 > WDI
  2018 > derived (SIPRI/NATO current US$ milex / WDI/NATO current US$ GDP,
  :data:`DERIVED_BURDEN_FROM`; fills e.g. Iceland, whose SIPRI spending is a
  true 0 but whose share of GDP is not printed)
- gdp_current_usd_m: WDI 2018 > NATO > SIPRI-implied (current US$ milex /
  share of GDP: SIPRI computes the share from local-currency spending and
  GDP, so the ratio is GDP at SIPRI's market exchange rate)
- gdp_constant_usd_m: SIPRI-implied (constant 2023 US$ milex / share of GDP:
  GDP deflated with SIPRI's CPI deflator at 2023 exchange rates)
- gdp_real_2011_intl_m: Maddison 2020
- population_k: WDI 2018 > Maddison > NMC

Sources differ in definitions (NATO counts pensions and some paramilitary
forces its own way; Maddison GDP is PPP, the others market exchange rates),
so the ``series`` column of every best-available value says where it came
from; restrict ``precedence`` to one series for single-source analyses.

Unmapped country names (rows whose ``ccode`` is NA: territories, aggregates,
entities that are not COW states in that year) are listed in
:attr:`Economics.unmapped`.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable, Mapping, Sequence

import numpy as np
import pandas as pd

from ..errors import DataError, JoinError, OptionError, check_option
from ..joins import merge_checked
from ..spells import spell_years
from ..store import load

#: Harmonized unit of every concept.
CONCEPTS = {
    "milex_current_usd_m": "US$ million, current prices and exchange rates",
    "milex_constant_usd_m": "US$ million, constant 2023 prices and exchange rates",
    "milex_constant2015_usd_m": "US$ million, constant 2015 prices and exchange rates (NATO)",
    "milex_current_gbp_m": "GBP million, current prices (NMC, before 1914)",
    "burden": "fraction of GDP (0.03 = 3 %)",
    "gdp_current_usd_m": "US$ million, current prices and exchange rates",
    "gdp_constant_usd_m": "US$ million, constant 2023 prices and exchange rates (SIPRI deflator)",
    "gdp_real_2011_intl_m": "million 2011 international dollars (PPP)",
    "population_k": "thousand persons",
}

#: US$ per GBP at the mint par (gold standard), and the years it is applied.
GBP_USD_MINT_PAR = 4.8665
GBP_PAR_YEARS = (range(1837, 1862), range(1879, 1914))

NMC_USD_FROM = 1914


@dataclass(frozen=True)
class SeriesSpec:
    """One source series: which table, which rows, how to convert to the concept unit."""

    series: str
    concept: str
    table: str  # processed table id
    select: tuple[str, str] | None  # (column, value) choosing the rows
    scale: float  # multiply the source value by this
    source_unit: str


SERIES: tuple[SeriesSpec, ...] = (
    SeriesSpec("sipri_current_usd_m", "milex_current_usd_m", "sipri_milex_2025_country_year",
               ("series", "current_usd_m"), 1.0, "US$ million, current"),
    SeriesSpec("sipri2019_current_usd_m", "milex_current_usd_m", "sipri_milex_2019_country_year",
               ("series", "current_usd_m"), 1.0, "US$ million, current"),
    SeriesSpec("nato_defexp_usd_current", "milex_current_usd_m", "nato_defexp_2024_country_year",
               ("series", "defexp_usd_current"), 1.0, "US$ million, current"),
    SeriesSpec("sipri_constant_2023_usd_m", "milex_constant_usd_m", "sipri_milex_2025_country_year",
               ("series", "constant_2023_usd_m"), 1.0, "US$ million, constant 2023"),
    SeriesSpec("nato_defexp_usd_const2015", "milex_constant2015_usd_m", "nato_defexp_2024_country_year",
               ("series", "defexp_usd_const2015"), 1.0, "US$ million, constant 2015"),
    SeriesSpec("sipri_share_of_gdp", "burden", "sipri_milex_2025_country_year",
               ("series", "share_of_gdp"), 1.0, "fraction of GDP"),
    SeriesSpec("nato_share_real_gdp", "burden", "nato_defexp_2024_country_year",
               ("series", "defexp_share_real_gdp"), 0.01, "percent of real GDP"),
    SeriesSpec("wdi2022_milex_pct_gdp", "burden", "worldbank_wdi_2022_country_year",
               ("indicator", "MS.MIL.XPND.GD.ZS"), 0.01, "percent of GDP"),
    SeriesSpec("wdi2018_milex_pct_gdp", "burden", "worldbank_wdi_2018_country_year",
               ("indicator", "MS.MIL.XPND.GD.ZS"), 0.01, "percent of GDP"),
    SeriesSpec("wdi2018_gdp_current_usd", "gdp_current_usd_m", "worldbank_wdi_2018_country_year",
               ("indicator", "NY.GDP.MKTP.CD"), 1e-6, "current US$"),
    SeriesSpec("nato_gdp_usd_current", "gdp_current_usd_m", "nato_defexp_2024_country_year",
               ("series", "gdp_usd_current"), 1.0, "US$ million, current"),
    SeriesSpec("wdi2018_population", "population_k", "worldbank_wdi_2018_country_year",
               ("indicator", "SP.POP.TOTL"), 1e-3, "persons"),
    SeriesSpec("maddison_gdp", "gdp_real_2011_intl_m", "maddison_2020_country_year",
               None, 1e-6, "2011 international $"),
    SeriesSpec("maddison_pop", "population_k", "maddison_2020_country_year",
               None, 1.0, "thousand persons"),
)

#: Default "best available" order per concept (first series with a value wins).
PRECEDENCE: dict[str, tuple[str, ...]] = {
    "milex_current_usd_m": ("sipri_current_usd_m", "sipri2019_current_usd_m", "nato_defexp_usd_current",
                            "nmc_milex_usd"),
    "milex_constant_usd_m": ("sipri_constant_2023_usd_m",),
    "milex_constant2015_usd_m": ("nato_defexp_usd_const2015",),
    "milex_current_gbp_m": ("nmc_milex_gbp",),
    "burden": ("sipri_share_of_gdp", "nato_share_real_gdp", "wdi2022_milex_pct_gdp", "wdi2018_milex_pct_gdp",
               "derived_milex_over_gdp"),
    "gdp_current_usd_m": ("wdi2018_gdp_current_usd", "nato_gdp_usd_current", "sipri_implied_gdp_current_usd_m"),
    "gdp_constant_usd_m": ("sipri_implied_gdp_constant_usd_m",),
    "gdp_real_2011_intl_m": ("maddison_gdp",),
    "population_k": ("wdi2018_population", "maddison_pop", "nmc_tpop"),
}

#: Inputs of the derived burden: (milex series, GDP series), each in precedence order.
#: NMC spending and SIPRI-implied GDP are left out on purpose: NMC milex over
#: World Bank GDP mixes definitions and exchange rates (it gives Myanmar
#: 2000-2005 "burdens" above 100 %), and SIPRI-implied GDP exists only where
#: SIPRI's own share does.
DERIVED_BURDEN_FROM = (("sipri_current_usd_m", "sipri2019_current_usd_m", "nato_defexp_usd_current"),
                       ("wdi2018_gdp_current_usd", "nato_gdp_usd_current"))

#: Burden values above 40 % of GDP outside COW wars in the 2025/2018/2022 data, and why
#: (checked on the real data; :meth:`Economics.check_units` lists them).
KNOWN_OUT_OF_RANGE = {
    (93, 1990): "Nicaragua: hyperinflation year (WDI 2018 itself prints 103 %; derived 113 %)",
    (679, 1994): "Yemen: civil war (not a COW inter-state war); derived series only",
    **{(775, y): "Myanmar: official vs market exchange rate (SIPRI US$ at the official rate over World "
                 "Bank GDP); derived series only" for y in range(2000, 2006)},
}

LONG_COLUMNS = ["ccode", "year", "concept", "series", "source", "unit", "value", "flag"]


def _frame(ccode, year, concept, series, source, value, flag, country=None) -> pd.DataFrame:
    n = len(value)
    out = pd.DataFrame({
        "ccode": pd.array(ccode, dtype="Int16"),
        "year": pd.array(year, dtype="Int16"),
        "concept": concept, "series": series, "source": source, "unit": CONCEPTS[concept],
        "value": np.asarray(value, dtype="float64"),
        "flag": pd.array(flag if flag is not None else [None] * n, dtype="string"),
    })
    out["country"] = pd.array(country if country is not None else [None] * n, dtype="string")
    return out


def _from_spec(spec: SeriesSpec, tab: pd.DataFrame) -> pd.DataFrame:
    rows = tab if spec.select is None else tab[tab[spec.select[0]].astype("string") == spec.select[1]]
    col = "gdp" if spec.series == "maddison_gdp" else ("pop" if spec.series == "maddison_pop" else "value")
    rows = rows[rows[col].notna()]
    if "flag" in rows.columns:
        flag = rows["flag"].astype("string")
    elif "estimate" in rows.columns:
        flag = pd.Series(np.where(rows["estimate"].fillna(False).to_numpy(dtype=bool), "estimate", None),
                         index=rows.index, dtype="string")
    else:
        flag = None
    out = _frame(rows["ccode"].array, rows["year"].array, spec.concept, spec.series,
                 tab.attrs.get("provenance", {}).get("dataset_id", spec.table),
                 rows[col].to_numpy(dtype="float64") * spec.scale,
                 None if flag is None else flag.array, rows["country"].array)
    # SIPRI marks zeros printed without an exchange rate as NA + flag: no value, no row
    return out[out["value"].notna()]


def _nmc(tab: pd.DataFrame) -> list[pd.DataFrame]:
    src = tab.attrs.get("provenance", {}).get("dataset_id", "nmc")
    year = tab["year"].to_numpy(dtype="int64")
    milex = tab["milex"].to_numpy(dtype="float64", na_value=np.nan)
    cur = tab["milex_currency"].astype("string").to_numpy(dtype=object)
    usd_year = year >= NMC_USD_FROM
    if np.any((cur == "USD") != usd_year):
        raise DataError("NMC milex_currency disagrees with the 1914 unit break")
    par = np.isin(year, [y for r in GBP_PAR_YEARS for y in r])
    has = ~np.isnan(milex)
    ccode = tab["ccode"].to_numpy(dtype="int64")
    usd = has & (usd_year | par)
    out = [
        _frame(ccode[usd], year[usd], "milex_current_usd_m", "nmc_milex_usd", src,
               np.where(usd_year[usd], milex[usd] / 1000.0, milex[usd] / 1000.0 * GBP_USD_MINT_PAR),
               np.where(usd_year[usd], None, "gbp_at_mint_par")),
    ]
    gbp = has & ~usd_year
    out.append(_frame(ccode[gbp], year[gbp], "milex_current_gbp_m", "nmc_milex_gbp", src, milex[gbp] / 1000.0,
                      None))
    tpop = tab["tpop"].to_numpy(dtype="float64", na_value=np.nan)
    hp = ~np.isnan(tpop)
    out.append(_frame(ccode[hp], year[hp], "population_k", "nmc_tpop", src, tpop[hp], None))
    return out


def _ratio(long: pd.DataFrame, num: str, den: str, concept: str, series: str, source: str,
           scale: float = 1.0) -> pd.DataFrame:
    """num / den per country-year (both present, den > 0); flag carries either input's flag."""
    a = long.loc[long["series"] == num, ["ccode", "year", "value", "flag"]]
    b = long.loc[long["series"] == den, ["ccode", "year", "value", "flag"]]
    j = merge_checked(a.rename(columns={"value": "value_n", "flag": "flag_n"}),
                      b.rename(columns={"value": "value_d", "flag": "flag_d"}), ["ccode", "year"],
                      how="inner", validate="one_to_one", what=f"{series} ({num} / {den})")
    j = j[j["value_d"] > 0].reset_index(drop=True)
    flag = j["flag_n"].fillna(j["flag_d"])
    flag = flag.fillna("derived").where(flag.isna(), flag + ";derived")
    return _frame(j["ccode"].array, j["year"].array, concept, series, source,
                  j["value_n"].to_numpy() / j["value_d"].to_numpy() * scale, flag.array)


def _best(long: pd.DataFrame, concept: str, precedence: Sequence[str]) -> pd.DataFrame:
    rank = {s: i for i, s in enumerate(precedence)}
    sub = long[(long["concept"] == concept) & long["series"].isin(list(rank))].copy()
    sub["_rank"] = sub["series"].map(rank).astype("int64")
    sub = sub.sort_values(["ccode", "year", "_rank"], kind="stable")
    sub = sub.drop_duplicates(["ccode", "year"], keep="first")
    return sub.drop(columns="_rank").reset_index(drop=True)


@dataclass
class Economics:
    """The harmonized country-year economics table and what did not map.

    Attributes
    ----------
    data : DataFrame
        Long table (:data:`LONG_COLUMNS`), only mapped rows (ccode not NA).
    unmapped : DataFrame
        source, series, country, first_year, last_year, n_rows of rows whose
        country did not map to a COW state.
    precedence : dict
        Concept -> series order of :meth:`best` (:data:`PRECEDENCE`).
    sources : dict
        Source table -> what was read (or why not).

    Examples
    --------
    >>> econ = country_year_economics("/path/to/processed")  # doctest: +SKIP
    >>> econ.best("gdp_current_usd_m")  # doctest: +SKIP
    """

    data: pd.DataFrame
    unmapped: pd.DataFrame
    precedence: dict[str, tuple[str, ...]] = field(default_factory=lambda: dict(PRECEDENCE))
    sources: dict[str, str] = field(default_factory=dict)

    def best(self, concept: str, precedence: Sequence[str] | None = None) -> pd.DataFrame:
        """Best available value per country-year: ``ccode, year, value, series, source, unit, flag``."""
        check_option("concept", concept, CONCEPTS)
        order = tuple(precedence) if precedence is not None else self.precedence[concept]
        known = set(self.data.loc[self.data["concept"] == concept, "series"].unique()) | set(
            self.precedence.get(concept, ()))
        bad = [s for s in order if s not in known]
        if bad:
            raise OptionError(f"precedence: {bad} are not series of concept {concept!r}; use some of: "
                              f"{', '.join(sorted(known))}")
        out = _best(self.data, concept, order)
        return out[["ccode", "year", "value", "series", "source", "unit", "flag"]]

    def wide(self, concepts: Sequence[str] = ("milex_current_usd_m", "milex_constant_usd_m", "burden",
                                              "gdp_current_usd_m", "gdp_real_2011_intl_m"),
             precedence: Mapping[str, Sequence[str]] | None = None) -> pd.DataFrame:
        """One row per country-year with the best value of each concept and ``<concept>_series``."""
        precedence = dict(precedence or {})
        parts = []
        for c in concepts:
            b = self.best(c, precedence.get(c)).set_index(["ccode", "year"])
            parts.append(b[["value", "series", "flag"]].rename(
                columns={"value": c, "series": f"{c}_series", "flag": f"{c}_flag"}))
        out = pd.concat(parts, axis=1, join="outer").sort_index().reset_index()
        return out

    def coverage(self) -> pd.DataFrame:
        """Rows, states and first/last year per series."""
        g = self.data.groupby(["concept", "series", "source"], sort=True, observed=True)
        return g.agg(n=("value", "size"), n_states=("ccode", "nunique"), first_year=("year", "min"),
                     last_year=("year", "max")).reset_index()

    def check_units(self, *, max_burden: float = 0.40, wartime: pd.DataFrame | None = None) -> pd.DataFrame:
        """Burden values outside [0, max_burden], with ``wartime`` (at war that year or the year before).

        ``wartime``: frame of (ccode, year) state-years at war (e.g. :func:`war_years`).
        A real-data check passes when every out-of-range row is wartime.
        """
        b = self.data[self.data["concept"] == "burden"]
        bad = b[(b["value"] < 0) | (b["value"] > max_burden)].copy()
        if wartime is not None and len(bad):
            w = wartime[["ccode", "year"]].drop_duplicates()
            w = pd.concat([w, w.assign(year=w["year"] + 1)]).drop_duplicates()
            key = pd.MultiIndex.from_frame(w.astype("int64"))
            bad["wartime"] = pd.MultiIndex.from_frame(bad[["ccode", "year"]].astype("int64")).isin(key)
        else:
            bad["wartime"] = False
        return bad.reset_index(drop=True)

    def summary(self) -> str:
        cov = self.coverage()
        lines = [f"Country-year economics: {len(self.data):,} values, "
                 f"{self.data['ccode'].nunique()} states, {self.data['year'].min()}-{self.data['year'].max()}",
                 cov.to_string(index=False),
                 f"unmapped source names: {len(self.unmapped)} (see .unmapped)"]
        return "\n".join(lines)

    def __repr__(self) -> str:
        return self.summary()


def _unmapped(frames: list[pd.DataFrame]) -> pd.DataFrame:
    rows = pd.concat([f[f["ccode"].isna()] for f in frames], ignore_index=True)
    if rows.empty:
        return pd.DataFrame(columns=["source", "series", "country", "first_year", "last_year", "n_rows"])
    g = rows.groupby(["source", "series", "country"], sort=True, observed=True, dropna=False)
    return g.agg(first_year=("year", "min"), last_year=("year", "max"), n_rows=("value", "size")).reset_index()


def country_year_economics(data_dir=None, *, tables: Mapping[str, str] | None = None,
                           loader: Callable[..., pd.DataFrame] | None = None) -> Economics:
    """Build the harmonized economics table from the processed source tables.

    ``tables`` optionally overrides the processed table id of a source (keys:
    the table ids in :data:`SERIES`, plus ``nmc_6_0_state_year``); a table that
    is not ingested is skipped and listed in ``Economics.sources`` as missing.

    Parameters
    ----------
    data_dir : path, optional
        Folder of processed tables (default: the configured data directory).
    tables : dict, optional
        Source table id -> processed table id to read instead.
    loader : callable, optional
        ``loader(table_id, data_dir=...)`` returning a table (default :func:`alliancestats.store.load`).

    Returns
    -------
    Economics
        ``data`` (long: ccode, year, concept, series, source, unit, value, flag),
        ``unmapped`` country names, ``best(concept)`` for the precedence rule.

    Examples
    --------
    >>> econ = country_year_economics("/path/to/processed")  # doctest: +SKIP
    >>> econ.best("burden").head()  # doctest: +SKIP
    """
    from ..errors import MissingDataError

    load_fn = loader or (lambda tid: load(tid, data_dir=data_dir))
    tables = dict(tables or {})
    cache: dict[str, pd.DataFrame | None] = {}
    sources: dict[str, str] = {}

    def get(tid):
        real = tables.get(tid, tid)
        if real not in cache:
            try:
                cache[real] = load_fn(real)
                sources[tid] = cache[real].attrs.get("provenance", {}).get("dataset_id", real)
            except MissingDataError:
                cache[real] = None
                sources[tid] = "missing"
        return cache[real]

    frames = []
    for spec in SERIES:
        tab = get(spec.table)
        if tab is not None:
            frames.append(_from_spec(spec, tab))
    nmc = get("nmc_6_0_state_year")
    if nmc is not None:
        frames.extend(_nmc(nmc))
    unmapped = _unmapped(frames)
    long = pd.concat([f[f["ccode"].notna()] for f in frames], ignore_index=True)
    dup = long.duplicated(["ccode", "year", "series"], keep=False)
    if dup.any():
        ex = long.loc[dup, ["ccode", "year", "series", "country"]].head(4).to_dict("records")
        raise JoinError(f"two source rows map to the same country-year and series, e.g. {ex}")
    derived = [
        _ratio(long, "sipri_current_usd_m", "sipri_share_of_gdp", "gdp_current_usd_m",
               "sipri_implied_gdp_current_usd_m", sources.get("sipri_milex_2025_country_year", "sipri")),
        _ratio(long, "sipri_constant_2023_usd_m", "sipri_share_of_gdp", "gdp_constant_usd_m",
               "sipri_implied_gdp_constant_usd_m", sources.get("sipri_milex_2025_country_year", "sipri")),
    ]
    long = pd.concat([long, *derived], ignore_index=True)
    # derived burden (lowest precedence): published milex / published GDP, both current US$ m
    m = _best(long, "milex_current_usd_m", DERIVED_BURDEN_FROM[0]).assign(series="_m")
    gd = _best(long, "gdp_current_usd_m", DERIVED_BURDEN_FROM[1]).assign(series="_g")
    der = _ratio(pd.concat([m, gd]), "_m", "_g", "burden", "derived_milex_over_gdp", "derived")
    long = pd.concat([long, der], ignore_index=True)
    long = long.drop(columns="country")
    long["concept"] = pd.Categorical(long["concept"], categories=list(CONCEPTS))
    long = long.sort_values(["concept", "series", "ccode", "year"], kind="stable").reset_index(drop=True)
    long["concept"] = long["concept"].astype("string")
    return Economics(long[LONG_COLUMNS], unmapped, sources=sources)


def war_years(data_dir=None, table: str = "cow_war_participant") -> pd.DataFrame:
    """State-years of COW inter-state war participation (``ccode, year``), both spells.

    Used to flag wartime burdens (e.g. Kuwait 1990-91, Gulf War). COW
    Inter-State War 4.0 (Sarkees & Wayman 2010) ends in 2007.

    Parameters
    ----------
    data_dir : path, optional
    table : str
        Processed COW war participant table.

    Returns
    -------
    DataFrame

    Examples
    --------
    >>> war_years("/path/to/processed").head()  # doctest: +SKIP
    """
    w = load(table, data_dir=data_dir)
    parts = []
    for k in ("1", "2"):
        s, e = f"start_date{k}", f"end_date{k}"
        if s not in w.columns:
            continue
        sp = w[["ccode", s, e]].dropna(subset=[s])
        y0 = sp[s].dt.year.to_numpy(dtype="int64")
        y1 = sp[e].dt.year.fillna(sp[s].dt.year).to_numpy(dtype="int64")
        idx, yrs = spell_years(y0, y1, None, int(y1.max()) if len(y1) else 0)  # the library's spell -> years
        parts.append(pd.DataFrame({"ccode": sp["ccode"].to_numpy(dtype="int64")[idx], "year": yrs}))
    out = pd.concat(parts, ignore_index=True).drop_duplicates().sort_values(["ccode", "year"])
    return out.reset_index(drop=True).astype({"ccode": "int16", "year": "int16"})
