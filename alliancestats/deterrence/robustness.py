"""What drives the sign: the target_defense estimate under each coding choice, one change at a time.

:data:`CHOICES` lists the rows: the default design (Leeds 2003 coding, see
:mod:`.outcome` and :mod:`alliancestats.panels.add_challenger_alliances`)
and, per row, one choice changed from it (a pledge rule is applied to
target_defense; the other pledge variables keep the default coding, so a row
isolates how coding the target's pledges moves their estimate), plus the coding used before issue 10
(all of its choices at once) and the 1816-1944 period. Every row refits the
same logit (SEs clustered by directed dyad) on the same standard panel; only
columns change.
"""
from __future__ import annotations

from typing import Sequence

import numpy as np
import pandas as pd

from ..errors import AllianceStatsError
from ..progress import progress
from ..models import ModelInputError
from .design import PLEDGE_OPTIONS, deterrence_frame, fit_varying, repledge, short_error
from .outcome import estimation_sample

#: the coding before issue 10: joiners as targets, year-overlap timing, co-member pledges counted, every
#: pledge condition left undecided (and counted)
LEGACY = {"target": "side_b", "timing": "year", "intra_alliance": "include", "location": "unknown",
          "provocation": "unknown"}

#: (label, frame options, sample options, years)
CHOICES: tuple[tuple[str, dict, dict, tuple[int, int] | None], ...] = (
    ("default (originator vs originator, GML, day-level pledges, co-member pledges out)", {}, {}, None),
    ("target: any side-B participant (joiners as targets)", {"target": "side_b"}, {}, None),
    ("challenger: any side-A participant (joiner variant)", {"challenger": "side_a"}, {}, None),
    ("dyads: Maoz dyadic MID records", {"source": "maoz"}, {}, None),
    ("dyads: COW MID participants", {"source": "cow"}, {}, None),
    ("pledge timing: any day of the calendar year", {"timing": "year"}, {}, None),
    ("pledge reference day: 1 January", {"reference_day": "01-01"}, {}, None),
    ("co-member (intra-alliance) pledges counted", {"intra_alliance": "include"}, {}, None),
    ("location-limited pledges never count", {"location": "fails"}, {}, None),
    ("undecided pledge conditions not counted", {"conditional": "exclude"}, {}, None),
    ("ATOP wartime alliances left out", {"wartime": "exclude"}, {}, None),
    ("ongoing-dispute years kept", {}, {"ongoing": "keep"}, None),
    ("dyad-years with a state at war on 1 January dropped", {}, {"at_war": "drop"}, None),
    ("world-war years (1914-18, 1939-45) dropped", {}, {"world_wars": "drop"}, None),
    ("years 1816-1944 only", {}, {}, (1816, 1944)),
    ("years 1945-2000 only", {}, {}, (1945, 2000)),
    ("years 1816-1944, world-war years dropped", {}, {"world_wars": "drop"}, (1816, 1944)),
    ("wartime alliances left out and state-at-war dyad-years dropped", {"wartime": "exclude"}, {"at_war": "drop"},
     None),
    ("previous coding (before issue 10: all of its choices)", LEGACY, {}, None),
)


def pct_change(res, data: pd.DataFrame, var: str) -> float:
    """Point estimate of the % change in mean Pr(y) when ``var`` moves 0 -> 1 for every sampled row (logit)."""
    names = list(res.params.index)
    X = np.column_stack([np.ones(len(res.sample_index)) if n == "const" else
                         data.loc[res.sample_index, n].to_numpy(dtype="float64") for n in names])
    j = names.index(var)
    b = res.params.to_numpy()
    X[:, j] = 0.0
    p0 = 1 / (1 + np.exp(-(X @ b)))
    X[:, j] = 1.0
    p1 = 1 / (1 + np.exp(-(X @ b)))
    return float(100 * (p1.mean() / p0.mean() - 1))


def robustness_table(data_dir, covariates: Sequence[str], *, panel: pd.DataFrame | None = None,
                     start: int = 1816, end: int = 2000, choices=CHOICES, var: str = "target_defense",
                     log=print) -> pd.DataFrame:
    """One row per coding choice: N, events, ``var``'s coefficient, SE, p-value and % change (point).

    ``panel``: the standard panel (read once by the caller). A choice that
    cannot be estimated (e.g. a source missing in a sample world) gets its
    error in ``note`` instead of numbers.
    """
    from .design import standard_panel

    panel = panel if panel is not None else standard_panel(data_dir)

    def key_of(fopts, years):
        lo, hi = years or (start, end)
        return (lo, hi, tuple(sorted((k, v) for k, v in fopts.items() if k not in PLEDGE_OPTIONS)))

    # rows that change only pledge rules or the sample share their outcome frame; a frame is kept only while
    # later rows still need it (each is ~0.5 GB on the real panel)
    uses = pd.Series([key_of(f, y) for _, f, _, y in choices]).value_counts().to_dict()
    rows, start_values, frames = [], None, {}
    for label, fopts, sopts, years in progress(choices, desc="deterrence robustness", unit="coding choice"):
        lo, hi = years or (start, end)
        row = {"choice": label, "years": f"{lo}-{hi}"}
        try:
            # a pledge rule is applied to target_defense only: the other pledge variables keep the default
            # coding, so the row isolates how coding the target's pledges moves their estimate
            rules = {k: v for k, v in fopts.items() if k in PLEDGE_OPTIONS}
            key = key_of(fopts, years)
            uses[key] -= 1
            d = frames.pop(key, None)
            if d is None:
                d = deterrence_frame(data_dir, start=lo, end=hi, panel=panel, **dict(key[2]))
            if uses[key] > 0:
                frames[key] = d
            if rules:
                d = repledge(d, variables=[var], **rules)
            s, dropped = estimation_sample(d, **sopts)
            # warm start from the first row's estimates: the same maximum in fewer Newton steps
            res, const = fit_varying(s, "initiation", list(covariates), se="cluster", cluster="dyad",
                                     start=start_values)
            if start_values is None:
                start_values = res.params
            if var not in res.params.index:
                raise ModelInputError(f"{var} does not vary in the sample")
        except (AllianceStatsError, FileNotFoundError, KeyError) as err:
            rows.append({**row, "note": f"not estimated: {short_error(err)}"})
            log(f"robustness: {label}: not estimated ({short_error(err)})")
            continue
        c = res.coef_table().set_index("term").loc[var]
        row.update({"n_obs": res.n_obs, "n_events": res.n_events, "estimate": float(c["estimate"]),
                    "std_error": float(c["std_error"]), "p_value": float(c["p_value"]),
                    "pct_change": pct_change(res, s, var),
                    "share_with_pledge": float(s.loc[res.sample_index, var].astype(float).mean()),
                    "note": "; ".join([f"dropped {n:,} {k.replace('_', ' ')}" for k, n in dropped.items() if n]
                                      + [f"{c} constant in the sample: left out" for c in const])})
        log(f"robustness: {label}: b = {row['estimate']:+.3f} (SE {row['std_error']:.3f}), "
            f"N = {res.n_obs:,}, events = {res.n_events:,}")
        rows.append(row)
    out = pd.DataFrame(rows)
    for c in ("n_obs", "n_events"):
        if c in out:
            out[c] = out[c].astype("Int64")
    return out
