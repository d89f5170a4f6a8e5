"""The planner: specifications grouped so each panel variant is built once and shared by its model variants.

Specifications with the same ``"panel"``-stage choices share one estimation
frame; within it, those with the same sample and model (all but the
clustering) share one fit. A :class:`Task` is a panel variant with a list
of its specifications, whole fit groups only; a panel variant is split into
at most ``split`` tasks so a grid with fewer panel variants than workers
still keeps every worker busy (each such task rebuilds the frame, or finds
it in its worker's cache).

Tasks and their specifications come out in a fixed order (sorted by
content), and every row depends only on its own specification
(:func:`alliancestats.multiverse.deterrence.run_task`), so results do not
depend on the backend, the number of workers or the order tasks finish in.
"""
from __future__ import annotations

import hashlib
import importlib
from dataclasses import dataclass

from .grid import Grid


@dataclass(frozen=True)
class Task:
    task_id: str
    panel: dict  # the panel-stage choices
    spec_ids: tuple[str, ...]
    specs: tuple[dict, ...]  # full specifications (every choice)


def plan(grid: Grid, *, done: set[str] | frozenset = frozenset(), split: int = 1) -> list[Task]:
    """Tasks computing every specification of ``grid`` whose id is not in ``done``."""
    schema = grid.schema
    stage = {c.name: c.stage for c in schema.choices}
    panel_names = [n for n in grid.values if stage[n] == "panel"]
    fit_names = [n for n in grid.values if n != "cluster"]  # rows sharing everything but the clustering
    groups: dict[tuple, dict] = {}
    for spec in grid.specifications():
        sid = grid.spec_id(spec)
        if sid in done:
            continue
        g = groups.setdefault(tuple(str(spec[k]) for k in panel_names), {})
        g.setdefault(tuple(str(spec[k]) for k in fit_names), []).append((sid, spec))
    tasks = []
    for pk in sorted(groups):
        fits = [sorted(groups[pk][fk], key=lambda t: t[0]) for fk in sorted(groups[pk])]
        n = max(1, min(split, len(fits)))
        panel = {k: fits[0][0][1][k] for k in panel_names}
        for j in range(n):
            part = [row for f in fits[j::n] for row in f]
            ids = tuple(sid for sid, _ in part)
            tid = hashlib.sha256("".join(ids).encode()).hexdigest()[:16]
            tasks.append(Task(tid, panel, ids, tuple(spec for _, spec in part)))
    return tasks


def run_task(module: str, data_dir, fixed: dict, task: Task) -> list[dict]:
    """Compute one task (in any process): rows with ``spec_id`` and the choices, from the module's runner.

    BLAS is held to one thread so a sum is added in the same order on every
    backend (bit-identical results), and so processes do not oversubscribe cores.
    """
    from threadpoolctl import threadpool_limits

    from .grid import get_schema

    mod, attr = get_schema(module).runner.split(":")
    fn = getattr(importlib.import_module(mod), attr)
    with threadpool_limits(limits=1):
        rows = fn(data_dir, fixed, task.panel, list(task.specs))
    return [{"spec_id": sid, **spec, **row} for sid, spec, row in zip(task.spec_ids, task.specs, rows)]
