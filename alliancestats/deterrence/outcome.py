"""The dependent variable of deterrence models: dispute initiation on directed dyad-years.

``initiation`` = 1 when ccode1 (the challenger) initiated a militarized
interstate dispute against ccode2 (the target) that began for this dyad in
the year. Every coding choice is an argument of :func:`add_initiation`:

``source`` (which dyads a dispute creates)
    ``"gml"`` (default): cross-side pairs of participants of the Gibler,
    Miller & Little (2016) MID 2.1 participant file, the data Johnson & Leeds
    (2011)'s successors and peacesciencer use; ``"cow"``: the same from COW
    MID 5.0 / 4.3 (Palmer et al. 2022); ``"maoz"``: the dyadic MID records of
    Maoz et al. (COW Dyadic MID 4.03), which list only the dyads that actually
    confronted each other, so a multilateral dispute does not become every
    cross-side pair (MID 4343, Yugoslavia vs 36 OSCE states, gives 36 pairs
    from participants). Onset = the first year of the dyad's dispute (the
    dyadic start date from Maoz; from participants, the year both sides'
    spells first overlap, see :mod:`alliancestats.panels._event_dyads`).
``challenger``
    ``"originator"`` (default; Leeds 2003): ccode1 was on side A and in the
    dispute from its first day (MIDB ``orig``; Maoz ``rolea`` = 1, primary
    initiator); ``"side_a"``: any side-A participant, joiners included
    (Johnson & Leeds 2011's joiner variant; Maoz ``rolea`` in 1, 2).
``target``
    ``"originator"`` (default; Leeds 2003: originator against originator, so
    a state that joined side B later is not a target of the initiation:
    Iraq -> 26 Gulf-coalition joiners in 1990 are not initiations);
    ``"side_b"``: any side-B participant, joiners included (the coding of
    :mod:`alliancestats.panels.add_disputes`'s ``gml_init1``; Maoz ``roleb``
    in 3, 4).

Columns added (NA outside the source's coverage):
``initiation``; ``initiation_date`` (earliest dyadic start of the
initiations in the dyad-year, for day-level pledge timing);
``initiation_dispnum``; ``dispute_carried`` (the two states, in either
direction and any roles, have a dispute under way from an earlier year and
none begins between them this year: Bennett & Stam 2000 and Leeds 2003 drop
these years since no new initiation is possible while one is under way);
``at_war`` (either state was a participant of a COW inter-state war on 1
January; Sarkees & Wayman 2010, coverage 1816-2007); ``world_war`` (the
year is in 1914-1918 or 1939-1945).

:func:`estimation_sample` applies the sample rules (``ongoing``,
``at_war``, ``world_wars``) and reports what each dropped.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from ..errors import JoinError, PanelError, check_option
from ..panels._event_dyads import opposing_pairs
from ..panels._frame import carry, data_dir_of, fill_covered, load_table, panel_info, source_coverage
from ..joins import merge_checked
from ..panels.add_wars import war_spells
from ..spells import spell_years

SOURCES = ("gml", "cow", "maoz")
CHALLENGERS = ("originator", "side_a")
TARGETS = ("originator", "side_b")
WORLD_WAR_YEARS = (*range(1914, 1919), *range(1939, 1946))
OUTCOME_COLUMNS = ("initiation", "initiation_date", "initiation_dispnum", "dispute_carried", "at_war", "world_war")
_KEYS = ["ccode1", "ccode2", "year"]


def _participant_dyads(source: str, data_dir) -> tuple[pd.DataFrame, tuple[int, int], str]:
    """All directed dispute dyad-years from the participant file: roles, onset flag and dyadic start date."""
    fam = {"gml": "gml_mid", "cow": "cow_mid"}[source]
    part = load_table(f"{fam}_participant", data_dir)
    cov = source_coverage(part)
    p = part.rename(columns={"start_date": "start", "end_date": "end"})
    dy = opposing_pairs(p, event="dispnum", side="sidea", first=cov[0], last=cov[1], keep=["orig"], overlap="year")
    s1, o1 = dy["sidea1"].to_numpy(dtype="int8"), dy["orig1"].astype("Int8").fillna(0).to_numpy(dtype="int8")
    o2 = dy["orig2"].astype("Int8").fillna(0).to_numpy(dtype="int8")
    out = pd.DataFrame({
        "ccode1": dy["ccode1"].to_numpy(), "ccode2": dy["ccode2"].to_numpy(), "year": dy["year"].to_numpy(),
        "dispnum": dy["dispnum"].to_numpy(), "onset": dy["onset"].to_numpy(), "start": dy["start"].to_numpy(),
        "chal_orig": (s1 == 1) & (o1 == 1), "chal_sidea": s1 == 1,
        "targ_orig": (s1 == 1) & (o2 == 1), "targ_sideb": s1 == 1,  # side B = the other side of a side-A ccode1
    })
    return out, cov, part.attrs["provenance"]["dataset_id"]


def _maoz_dyads(data_dir) -> tuple[pd.DataFrame, tuple[int, int], str]:
    """Directed dyad-years of the Maoz dyadic MID records (both directions are in the file)."""
    d = load_table("cow_dyadic_mid_dyad_year", data_dir)
    cov = source_coverage(d)
    ra = d["rolea"].astype("Int8").fillna(0).to_numpy()
    rb = d["roleb"].astype("Int8").fillna(0).to_numpy()
    start = d["start_date"].to_numpy(dtype="datetime64[s]")
    year = d["year"].to_numpy(dtype="int16")
    out = pd.DataFrame({
        "ccode1": d["ccode1"].to_numpy(dtype="int16"), "ccode2": d["ccode2"].to_numpy(dtype="int16"), "year": year,
        "dispnum": d["dispnum"].to_numpy(dtype="int64"),
        "onset": (pd.DatetimeIndex(start).year.to_numpy() == year).astype("int8"), "start": start,
        "chal_orig": ra == 1, "chal_sidea": np.isin(ra, (1, 2)),
        "targ_orig": (rb == 3) & np.isin(ra, (1, 2)), "targ_sideb": np.isin(rb, (3, 4)) & np.isin(ra, (1, 2)),
    })
    return out, cov, d.attrs["provenance"]["dataset_id"]


_CACHE: dict = {}
_TABLE_OF = {"gml": "gml_mid_participant", "cow": "cow_mid_participant", "maoz": "cow_dyadic_mid_dyad_year"}


def _file_key(table: str, data_dir) -> tuple:
    """Identity of the processed file a versionless table id resolves to (path, mtime, size)."""
    from ..store import _resolve_table_id, resolve_data_dir

    ddir = resolve_data_dir(data_dir)
    p = ddir / f"{_resolve_table_id(table, ddir)}.parquet"
    st = p.stat() if p.exists() else None
    return (str(p.resolve()), st.st_mtime_ns if st else None, st.st_size if st else None)


def dispute_dyads(data_dir=None, *, source: str = "gml") -> tuple[pd.DataFrame, tuple[int, int], str]:
    """Directed dispute dyad-years of a source with role flags (see module docstring); (table, coverage, dataset id).

    Cached per processed file (read-only: callers must not modify the table).
    """
    check_option("source", source, SOURCES)
    key = (source, *_file_key(_TABLE_OF[source], data_dir))
    if key not in _CACHE:
        if len(_CACHE) >= 6:
            _CACHE.pop(next(iter(_CACHE)))
        _CACHE[key] = _maoz_dyads(data_dir) if source == "maoz" else _participant_dyads(source, data_dir)
    return _CACHE[key]


def initiation_events(data_dir=None, *, source: str = "gml", challenger: str = "originator",
                      target: str = "originator") -> pd.DataFrame:
    """One row per initiated dispute and directed dyad (onset year): ccode1, ccode2, year, dispnum, start.

    Parameters
    ----------
    data_dir : path, optional
    source, challenger, target : str
        As :func:`add_initiation`.

    Returns
    -------
    DataFrame

    Examples
    --------
    >>> initiation_events("/path/to/processed")  # doctest: +SKIP
    """
    check_option("challenger", challenger, CHALLENGERS)
    check_option("target", target, TARGETS)
    dy, _, _ = dispute_dyads(data_dir, source=source)
    c = dy["chal_orig"] if challenger == "originator" else dy["chal_sidea"]
    t = dy["targ_orig"] if target == "originator" else dy["targ_sideb"]
    ev = dy[(dy["onset"] == 1) & c & t][["ccode1", "ccode2", "year", "dispnum", "start"]]
    return ev.sort_values([*_KEYS, "start", "dispnum"], kind="stable").drop_duplicates(["dispnum", *_KEYS])


def add_initiation(df: pd.DataFrame, data_dir=None, *, source: str = "gml", challenger: str = "originator",
                   target: str = "originator") -> pd.DataFrame:
    """Attach ``initiation`` and its companions (module docstring) to a directed dyad-year frame.

    Defaults follow Leeds (2003): originator against originator, GML MID
    participants. ``source`` in {"gml", "cow", "maoz"}, ``challenger`` in
    {"originator", "side_a"}, ``target`` in {"originator", "side_b"}.

    Parameters
    ----------
    df : DataFrame
        A directed dyad-year panel.
    data_dir : path, optional
    source : {"gml", "cow", "maoz"}
    challenger : {"originator", "side_a"}
    target : {"originator", "side_b"}

    Returns
    -------
    DataFrame

    Examples
    --------
    >>> panel = add_initiation(als.create_dyad_years(directed=True, data_dir=ddir), ddir)  # doctest: +SKIP
    """
    info = panel_info(df)
    if info["unit"] != "dyad_year" or not info["directed"]:
        raise PanelError("add_initiation needs a directed dyad-year frame (challenger = ccode1)")
    clash = [c for c in OUTCOME_COLUMNS if c in df.columns]
    if clash:
        raise JoinError(f"add_initiation: the frame already has column(s) {clash}; drop them first")
    ddir = data_dir_of(df, data_dir)
    ev = initiation_events(ddir, source=source, challenger=challenger, target=target)
    dy, cov, ds_id = dispute_dyads(ddir, source=source)
    first = ev.groupby(_KEYS, sort=True).agg(initiation_date=("start", "min"), initiation_dispnum=("dispnum", "min"))
    first = first.reset_index().assign(initiation=np.int8(1)).astype({"ccode1": "int16", "ccode2": "int16",
                                                                       "year": "int16"})
    out = merge_checked(df, first, _KEYS, what="add_initiation")
    out["initiation_dispnum"] = out["initiation_dispnum"].astype("Int32")
    # carried-over disputes: any dispute between the two (either direction: the file has both) under way, none new
    g = dy.groupby(_KEYS, sort=True)["onset"].max().rename("_onset").reset_index()
    g = g.astype({"ccode1": "int16", "ccode2": "int16", "year": "int16"})
    car = merge_checked(df[_KEYS], g, _KEYS, what="add_initiation (ongoing)")["_onset"]
    out["dispute_carried"] = (car.notna() & (car == 0)).astype("int8").to_numpy()
    out = fill_covered(out, ["initiation", "dispute_carried"], cov)
    out = _add_war_flags(out, ddir)
    return carry(df, out, source=ds_id, outcome={"source": source, "challenger": challenger, "target": target})


def _add_war_flags(out: pd.DataFrame, data_dir) -> pd.DataFrame:
    """``at_war``: either state in a COW inter-state war on 1 January; ``world_war``: 1914-18, 1939-45."""
    years = out["year"].to_numpy()
    out["world_war"] = np.isin(years, WORLD_WAR_YEARS).astype("int8")
    try:
        sp, cov, _ = war_spells(data_dir)
    except FileNotFoundError:  # no COW war data (e.g. a world without it): unknown, not 0
        out["at_war"] = pd.array(np.full(len(out), pd.NA), dtype="Int8")
        return out
    sp = sp.dropna(subset=["start", "end", "ccode"])
    # the 1 January rule: from the first 1 January inside the spell to the spell's last year
    y0 = (sp["start"].dt.year.to_numpy() + (sp["start"].dt.day_of_year.to_numpy() > 1)).astype("int64")
    y1 = sp["end"].dt.year.to_numpy().astype("int64")
    idx, yr = spell_years(y0, y1, None, int(y1.max()) if len(y1) else 0)
    sy = pd.DataFrame({"ccode": sp["ccode"].to_numpy()[idx].astype("int16"), "year": yr.astype("int16")})
    sy = sy.drop_duplicates().assign(_w=np.int8(1))
    flags = []
    for side in ("1", "2"):
        r = merge_checked(out[[f"ccode{side}", "year"]], sy.rename(columns={"ccode": f"ccode{side}"}),
                          [f"ccode{side}", "year"], what="add_initiation (at war)")
        flags.append(r["_w"].to_numpy(dtype="int8", na_value=0))
    out["at_war"] = np.maximum(*flags).astype("int8")
    return fill_covered(out, ["at_war"], cov)


SAMPLE_RULES = {"ongoing": ("drop", "keep"), "at_war": ("keep", "drop"), "world_wars": ("keep", "drop")}


def estimation_sample(df: pd.DataFrame, *, ongoing: str = "drop", at_war: str = "keep",
                      world_wars: str = "keep") -> tuple[pd.DataFrame, dict]:
    """Apply the sample rules; returns (frame, {rule: rows dropped}).

    ``ongoing="drop"`` (default; Bennett & Stam 2000, Leeds 2003): drop
    dyad-years with a dispute carried over and no new one. ``at_war="drop"``:
    drop dyad-years where either state is at war on 1 January (entries into
    ongoing wars, such as the world wars' later belligerents, are then not
    counted as initiations against wartime coalitions). ``world_wars="drop"``:
    drop 1914-18 and 1939-45. Rows with a missing outcome are dropped too
    (reported as ``outcome_missing``).

    Parameters
    ----------
    df : DataFrame
        From :func:`~alliancestats.deterrence.design.deterrence_frame`.
    ongoing, at_war, world_wars : {"drop", "keep"}

    Returns
    -------
    (DataFrame, dict)

    Examples
    --------
    >>> s, dropped = estimation_sample(d, at_war="drop")  # doctest: +SKIP
    """
    for k, v in (("ongoing", ongoing), ("at_war", at_war), ("world_wars", world_wars)):
        check_option(k, v, SAMPLE_RULES[k])
    keep = np.ones(len(df), dtype=bool)
    dropped = {}

    def drop(name, mask):
        nonlocal keep
        dropped[name] = int((keep & mask).sum())
        keep &= ~mask

    drop("outcome_missing", df["initiation"].isna().to_numpy())
    if ongoing == "drop":
        drop("dispute_carried_over", df["dispute_carried"].fillna(0).to_numpy(dtype="int8") == 1)
    if at_war == "drop":
        drop("state_at_war_on_1_january", df["at_war"].fillna(0).to_numpy(dtype="int8") == 1)
    if world_wars == "drop":
        drop("world_war_years", df["world_war"].to_numpy(dtype="int8") == 1)
    out = df.loc[keep].reset_index(drop=True)
    out.attrs = df.attrs
    return out, dropped
