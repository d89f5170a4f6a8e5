"""The multiverse: grid validation, planning, identical results across backends, resuming, the curve, the CLI."""
from __future__ import annotations

import itertools
import math

import numpy as np
import pandas as pd
import pytest

from alliancestats.cli import main
from alliancestats.deterrence.outcome import SAMPLE_RULES
from alliancestats.errors import OptionError
from alliancestats.multiverse import default_grid, load_grid, make_grid, run_grid, specification_curve
from alliancestats.multiverse import deterrence as mvd
from alliancestats.multiverse.curve import plot_curve
from alliancestats.multiverse.plan import plan
from alliancestats.panels.add_challenger_alliances import PledgeRules

#: 2 panel variants with data (gml: target x location) + 1 without (maoz: not in the sample world)
SMALL = dict(source=["gml", "maoz"], target=["originator", "side_b"], cluster=["dyad", "ndyad"])


def small_grid(**over):
    return make_grid("deterrence", {**SMALL, **over})  # unlisted choices: the module default


# ----------------------------------------------------------------------------------------------- grids

def test_default_grid_covers_every_option_of_the_deterrence_module():
    g = default_grid()
    names = set(mvd.SCHEMA.names)
    # every pledge rule and every sample rule of the deterrence module is a choice
    assert set(PledgeRules.__dataclass_fields__) <= names
    assert set(SAMPLE_RULES) <= names
    assert {"source", "challenger", "target", "dyads", "controls", "estimator", "cluster"} <= names
    # every listed value of every choice is accepted by the module itself
    for name in PledgeRules.__dataclass_fields__:
        for v in mvd.SCHEMA.choice(name).values:
            PledgeRules(**{name: v})
    # the documented size of the full default grid is the product of its value counts
    assert g.size == math.prod(len(v) for v in g.values.values()) == 221_184
    assert len(plan(g.subset(estimator="logit", cluster="dyad", controls="leeds", ongoing="drop", at_war="keep",
                             world_wars="keep", dyads="all"))) == 576  # panel variants


@pytest.mark.parametrize("choices, fixed, needle", [
    ({"sauce": ["gml"]}, {}, "unknown choice(s) 'sauce'; valid choices: source, challenger"),
    ({"source": ["gml", "acd"]}, {}, "'acd' is not a valid value; use one of: 'gml', 'cow', 'maoz'"),
    ({"estimator": ["logit", "ols"]}, {}, "use one of: 'logit', 'probit', 'firth'"),
    ({"reference_day": ["13-45"]}, {}, "is not a day of the year"),
    ({"timing": []}, {}, "has no values"),
    ({"cluster": ["dyad", "dyad"]}, {}, "more than once"),
    ({}, {"variable": "challenger_defense"}, "valid: target_defense"),
    ({"controls": ["target_defense_only"]}, {"variable": "shared_defense"}, "do not include the variable"),
    ({}, {"start": "1816"}, "must be a int"),
    ({}, {"years": 3}, "unknown fixed setting 'years'"),
])
def test_grid_validation_names_the_valid_values(choices, fixed, needle):
    with pytest.raises(OptionError) as err:
        make_grid("deterrence", choices, fixed)
    assert needle in str(err.value)


def test_grid_files(tmp_path):
    with pytest.raises(OptionError, match="unknown multiverse module 'fulfilment'; valid: deterrence"):
        load_grid(module="fulfilment")
    bad = tmp_path / "bad.toml"
    bad.write_text('[grid]\nmodule = "deterrence"\n[choice]\nsource = ["gml"]\n')
    with pytest.raises(OptionError, match=r"unknown section\(s\) \['choice'\]"):
        load_grid(bad)
    bad.write_text('[grid]\nmodule = "deterrence"\n[choices]\nlocation = ["homeland", "everywhere"]\n')
    with pytest.raises(OptionError, match="'everywhere' is not a valid value; use one of: 'homeland', 'unknown'"):
        load_grid(bad)
    good = tmp_path / "good.toml"
    good.write_text('[grid]\nmodule = "deterrence"\n[choices]\nsource = "cow"\ntiming = ["day", "year"]\n'
                    '[fixed]\nend = 1944\n')
    g = load_grid(good)
    assert g.size == 2 and g.values["source"] == ("cow",) and g.fixed["end"] == 1944
    assert g.values["location"] == ("homeland",)  # unlisted: the module default
    # a spec's identity covers the fixed settings: another period is another specification
    s = g.specifications()[0]
    assert g.spec_id(s) != make_grid("deterrence", {"source": "cow"}).spec_id(s)


def test_planner_builds_each_panel_once_and_keeps_fit_groups_whole():
    g = small_grid(estimator=["logit", "probit"])
    tasks = plan(g)
    assert len(tasks) == 4  # source x target panel variants
    assert sorted(sid for t in tasks for sid in t.spec_ids) == sorted(g.spec_id(s) for s in g.specifications())
    for t in tasks:
        assert all({k: s[k] for k in t.panel} == t.panel for s in t.specs)
    split = plan(g, split=3)
    assert len(split) == 4 * 2  # 2 fit groups (estimator) per panel: at most 2 tasks each
    for t in split:  # both clusterings of a fit are in the same task (one fit, two variance estimates)
        fits = {tuple(v for k, v in s.items() if k != "cluster") for s in t.specs}
        assert len(t.specs) == 2 * len(fits)
    done = {sid for sid in tasks[0].spec_ids}
    assert sum(len(t.spec_ids) for t in plan(g, done=done)) == g.size - len(done)


# ----------------------------------------------------------------------------------------------- running

def test_serial_and_dask_two_workers_give_identical_tables(sample_processed, tmp_path, dask_client):
    g = small_grid()
    serial = run_grid(g, sample_processed, tmp_path / "serial", backend="serial")
    dask = run_grid(g, sample_processed, tmp_path / "dask", client=dask_client, workers=2)
    assert dask.backend == "dask" and len(dask.computed) == g.size
    pd.testing.assert_frame_equal(serial.table, dask.table, check_exact=True)
    t = serial.table
    assert len(t) == g.size and t["spec_id"].is_unique
    # gml specifications are estimated; maoz ones record why not (the sample world has no Maoz file)
    assert (t.loc[t["source"] == "gml", "status"] == "ok").all()
    maoz = t[t["source"] == "maoz"]
    assert (maoz["status"] == "error").all() and maoz["error"].str.contains("cow_dyadic_mid").all()
    # the written table is the returned one, sorted
    on_disk = pd.read_parquet(tmp_path / "dask" / "specifications.parquet")
    pd.testing.assert_frame_equal(on_disk, dask.table, check_dtype=False)
    # clustering changes the SE, never the estimate
    ok = t[t["status"] == "ok"]
    assert ok.groupby("target")["estimate"].nunique().eq(1).all()
    assert ok.groupby("target")["std_error"].nunique().eq(2).all()


def test_local_processes_backend_matches_serial(sample_processed, tmp_path):
    g = make_grid("deterrence", {"ongoing": ["drop", "keep"]})  # one panel variant split over two processes
    assert len(plan(g, split=2)) == 2
    serial = run_grid(g, sample_processed, tmp_path / "s", backend="serial")
    procs = run_grid(g, sample_processed, tmp_path / "p", backend="processes", workers=2)
    assert len(list((tmp_path / "p" / "parts").glob("*.parquet"))) == 2
    pd.testing.assert_frame_equal(serial.table, procs.table, check_exact=True)


def test_default_specification_equals_the_robustness_table_default_row(sample_processed, tmp_path):
    from alliancestats.deterrence.robustness import CHOICES, robustness_table

    g = make_grid("deterrence")  # every choice at its default: the deterrence analysis's main model
    assert g.size == 1
    row = run_grid(g, sample_processed, tmp_path / "one").table.iloc[0]
    rob = robustness_table(sample_processed, mvd.CONTROL_SETS["leeds"], choices=CHOICES[:1], log=lambda m: None)
    r = rob.iloc[0]
    assert row["n_obs"] == r["n_obs"] and row["n_events"] == r["n_events"]
    assert row["estimate"] == pytest.approx(r["estimate"], rel=1e-8)
    assert row["std_error"] == pytest.approx(r["std_error"], rel=1e-6)
    assert row["pct_change"] == pytest.approx(r["pct_change"], rel=1e-8)
    # the sample world's true effect (b_D = -0.9, truth.json) lies inside the default specification's interval
    assert row["conf_low"] < -0.9 < row["conf_high"]


def test_interrupted_run_resumes_without_recomputing(sample_processed, tmp_path, monkeypatch):
    calls = []
    real_fit = mvd._fit

    def counting_fit(sample, covs, estimator, cluster):
        calls.append(estimator)
        return real_fit(sample, covs, estimator, cluster)

    monkeypatch.setattr(mvd, "_fit", counting_fit)
    g = small_grid(source=["gml"], ongoing=["drop", "keep"])  # 2 panels x 2 samples x 2 clusters = 8 specs, 4 fits

    class Killed(Exception):
        pass

    def kill_after_first(done, total):
        raise Killed  # the first task's rows are written before the callback: a kill right after them

    out = tmp_path / "store"
    with pytest.raises(Killed):
        run_grid(g, sample_processed, out, backend="serial", progress=kill_after_first)
    parts = {p.name: p.read_bytes() for p in (out / "parts").glob("*.parquet")}
    assert len(parts) == 1
    first = len(calls)
    assert first == 2  # one panel variant: two samples, one fit each (two clusterings)
    res = run_grid(g, sample_processed, out, backend="serial")
    assert res.skipped == 4 and len(res.computed) == 4
    assert len(calls) - first == 2  # only the other panel's fits
    for name, data in parts.items():  # the finished part was not rewritten
        assert (out / "parts" / name).read_bytes() == data
    again = run_grid(g, sample_processed, out, backend="serial")
    assert again.computed == [] and len(calls) == 4
    full = run_grid(g, sample_processed, tmp_path / "fresh", backend="serial")
    pd.testing.assert_frame_equal(res.table, full.table, check_exact=True)
    # a store refuses another multiverse (different fixed settings)
    with pytest.raises(Exception, match="another fixed"):
        run_grid(make_grid("deterrence", {"source": "gml"}, {"end": 1944}), sample_processed, out)


# ----------------------------------------------------------------------------------------------- the curve

def _hand_table():
    """Estimates built from known effects: a=x adds 1.0, b=y subtracts 0.5, c does nothing."""
    rows = []
    for i, (a, b, c) in enumerate(itertools.product(["base", "x"], ["base", "y"], ["p", "q"])):
        est = -0.2 + 1.0 * (a == "x") - 0.5 * (b == "y")
        rows.append({"spec_id": f"s{i}", "a": a, "b": b, "c": c, "status": "ok", "estimate": est,
                     "conf_low": est - 0.1, "conf_high": est + 0.1, "p_value": 0.01 if abs(est) > 0.25 else 0.4,
                     "pct_change": 10 * est})
    rows.append({"spec_id": "s9", "a": "x", "b": "y", "c": "r", "status": "error", "estimate": np.nan,
                 "conf_low": np.nan, "conf_high": np.nan, "p_value": np.nan, "pct_change": np.nan})
    return pd.DataFrame(rows)


def test_curve_shares_and_decomposition_recover_known_effects(tmp_path):
    t = _hand_table()
    s = specification_curve(t, ["a", "b", "c"], refs={"a": "base", "b": "base", "c": "p"})
    assert s.n_specifications == 8 and s.n_not_estimated == 1
    # estimates: -0.2 (x2), -0.7 (x2), 0.8 (x2), 0.3 (x2): 4 positive, 4 negative; |est| > 0.25 significant
    assert s.shares["positive"] == 0.5 and s.shares["negative"] == 0.5
    assert s.shares["positive_significant"] == 0.5 and s.shares["negative_significant"] == 0.25
    assert list(s.curve["estimate"]) == sorted(s.curve["estimate"])
    eff = s.decomposition.set_index(["choice", "value"])["effect"]
    assert eff[("a", "x")] == pytest.approx(1.0) and eff[("b", "y")] == pytest.approx(-0.5)
    assert eff[("c", "q")] == pytest.approx(0.0, abs=1e-12)
    assert list(s.drivers["choice"]) == ["a", "b", "c"]
    assert s.r_squared == pytest.approx(1.0)
    paths = plot_curve(s, tmp_path / "curve")
    assert (tmp_path / "curve.png").stat().st_size > 0 and (tmp_path / "curve.pdf").stat().st_size > 0
    assert len(paths) == 3


def test_cli_multiverse_writes_curve_and_resumes(sample_processed, tmp_path, capsys):
    grid = tmp_path / "g.toml"
    grid.write_text('[grid]\nmodule = "deterrence"\n[choices]\ntarget = ["originator", "side_b"]\n'
                    'ongoing = ["drop", "keep"]\n')
    args = ["multiverse", "deterrence", "--grid", str(grid), "--backend", "serial", "--data-dir",
            str(sample_processed), "--out", str(tmp_path / "out"), "-q"]
    assert main(args) == 0
    out = capsys.readouterr().out
    assert "4 specifications (4 estimated, 0 not): 4 computed now" in out
    for f in ("specification_curve.png", "specification_curve.pdf", "specifications.csv", "drivers.csv",
              "decomposition.csv", "specifications.parquet"):
        assert (tmp_path / "out" / f).exists(), f
    assert main(args) == 0
    assert "0 computed now, 4 already in" in capsys.readouterr().out
    grid.write_text('[grid]\nmodule = "deterrence"\n[choices]\ntarget = ["defender"]\n')
    assert main(args) == 2
    assert "'defender' is not a valid value" in capsys.readouterr().err


def test_analysis_script_writes_deterministic_outputs(sample_processed, tmp_path, monkeypatch):
    import importlib.util
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    spec = importlib.util.spec_from_file_location("mv_analysis", root / "analyses" / "multiverse.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    # the documented subsets are valid grids of the documented sizes
    assert mod.choose_grid(True)[0].size == 16 and mod.choose_grid(False)[0].size == 8
    grid = tmp_path / "g.toml"
    grid.write_text('[grid]\nmodule = "deterrence"\n[choices]\nongoing = ["drop", "keep"]\n'
                    'dyads = ["all", "politically_relevant"]\n')
    monkeypatch.setenv(mod.ENV_GRID, str(grid))
    res = mod.run(sample_processed, tmp_path / "a", synthetic=True, log=lambda m: None)
    assert res["n_specifications"] == 4 and res["full_grid_size"] == 221_184
    assert res["default_specification"]["estimate"] < 0  # the sample world's pacts deter
    assert res["share_target_defense_negative"] == 1.0
    mod.run(sample_processed, tmp_path / "b", synthetic=True, log=lambda m: None)
    for f in ("specification_curve.png", "specification_curve.pdf", "specifications.csv", "drivers.csv",
              "decomposition.csv", "results.json"):
        assert (tmp_path / "a" / f).read_bytes() == (tmp_path / "b" / f).read_bytes(), f
    assert not list((tmp_path / "a").glob("*.parquet"))  # the store stays outside the output folder
