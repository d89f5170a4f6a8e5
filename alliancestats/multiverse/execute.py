"""Run a grid: serially, on local processes, or on a Dask cluster; results stream into a :class:`.store.ResultStore`.

Backends (``backend=``):

- ``"serial"``: in this process.
- ``"processes"``: :class:`concurrent.futures.ProcessPoolExecutor` (spawned
  workers; no extra dependency).
- ``"dask"``: a ``dask.distributed`` :class:`~distributed.Client`: the one
  passed as ``client=``, one connected to ``scheduler="tcp://host:8786"``
  (workers must see the processed data at the same path, or pass
  ``data_dir=None`` and set ``ALLIANCESTATS_DATA_DIR`` on the workers), or a
  :class:`~distributed.LocalCluster` of ``workers`` processes (one thread
  each) started and closed here.

Every backend computes the same rows (see :mod:`.plan`); each finished task
is written at once, and specifications already in the store are skipped,
so an interrupted run picks up where it stopped.
"""
from __future__ import annotations

import os
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

import pandas as pd

from ..errors import OptionError
from ..progress import progress as progress_bar
from .grid import Grid
from .plan import Task, plan, run_task
from .store import ResultStore

BACKENDS = ("serial", "processes", "dask")


@dataclass
class MultiverseRun:
    """What a run did: the sorted table of the grid's specifications and what was computed now."""

    grid: Grid
    store: ResultStore
    table: pd.DataFrame
    computed: list[str] = field(default_factory=list)  # spec ids computed by this run
    skipped: int = 0  # already in the store
    seconds: float = 0.0
    backend: str = "serial"
    workers: int = 1

    def summary(self) -> str:
        ok = int((self.table["status"] == "ok").sum())
        return (f"{len(self.table):,} specifications ({ok:,} estimated, {len(self.table) - ok:,} not): "
                f"{len(self.computed):,} computed now, {self.skipped:,} already in {self.store.root}; "
                f"{self.seconds:.1f} s on {self.backend} x {self.workers}")


def data_key(data_dir) -> str:
    """Identity of the processed data (content digest of its tables), so a store never mixes two data sets."""
    from ..reproduce.fingerprint import processed_digest
    from ..store import resolve_data_dir

    return processed_digest(resolve_data_dir(data_dir))[:16]


def _progress_bar(total: int, enabled: bool):
    if not enabled:
        return None
    return progress_bar(total=total, unit="spec", desc="multiverse", smoothing=0.1)


def run_grid(grid: Grid, data_dir=None, out=None, *, backend: str = "serial", workers: int | None = None,
             scheduler: str | None = None, client=None, progress: bool | Callable = True,
             split: int | None = None) -> MultiverseRun:
    """Compute every specification of ``grid`` not yet in the store at ``out``; return the sorted table.

    Parameters
    ----------
    grid : :class:`.grid.Grid` (e.g. :func:`.grid.load_grid`).
    data_dir : processed-data folder (default: the library's resolution, see README).
    out : store folder (:mod:`.store`); default ``multiverse/<module>`` under the current directory.
    backend : "serial", "processes" or "dask" (module docstring); ``scheduler``/``client`` imply "dask".
    workers : processes (default: the CPU count; "serial" ignores it).
    progress : True (default) for a tqdm bar with ETA, shown on a terminal or in a notebook and quiet when output
        is not interactive or the run takes under 2 s; False for none; or a callable ``f(done, total)``.
    split : tasks per panel variant (default: enough for every worker to have work on a small grid).

    Returns
    -------
    MultiverseRun
        ``table`` (one row per specification) and what was computed now.

    Examples
    --------
    >>> run = run_grid(load_grid(module="deterrence"), "/path/to/processed", "mv_out")  # doctest: +SKIP
    >>> specification_curve(run.table)  # doctest: +SKIP
    """
    from ..store import resolve_data_dir

    if client is not None or scheduler is not None:
        backend = "dask"
    if backend not in BACKENDS:
        raise OptionError(f"backend={backend!r} is not valid; use one of: {', '.join(BACKENDS)}")
    n_workers = 1 if backend == "serial" else int(workers or os.cpu_count() or 1)
    if n_workers < 1:
        raise OptionError(f"workers={workers!r}: give a positive number")
    ddir = resolve_data_dir(data_dir)
    out = Path(out) if out is not None else Path("multiverse") / grid.module
    t0 = time.perf_counter()
    store = ResultStore(out, module=grid.module, fixed=grid.fixed, choices=list(grid.values),
                        data_key=data_key(ddir))
    done = store.finished()
    wanted = {grid.spec_id(s) for s in grid.specifications()}
    n_panels = 1
    for c in grid.schema.choices:
        if c.stage == "panel":
            n_panels *= len(grid.values[c.name])
    if split is None:
        # split a panel variant only when there are fewer variants than workers: each split rebuilds the frame
        split = max(1, -(-n_workers // max(n_panels, 1))) if n_workers > 1 else 1
    tasks = plan(grid, done=frozenset(done), split=split)
    total = sum(len(t.spec_ids) for t in tasks)
    run = MultiverseRun(grid, store, pd.DataFrame(), skipped=len(wanted & done), backend=backend,
                        workers=n_workers)
    if tasks:
        from importlib import import_module

        mod, _ = grid.schema.runner.split(":")
        prep = getattr(import_module(mod), "prepare", None)
        if prep is not None:
            prep(ddir)  # e.g. build the cached standard panel once, before workers read it
        bar = _progress_bar(total, progress is True)
        count = 0

        def finished(task: Task, rows: list[dict]):
            nonlocal count
            store.append(task.task_id, rows)
            run.computed.extend(task.spec_ids)
            count += len(rows)
            if bar is not None:
                bar.update(len(rows))
            elif callable(progress):
                progress(count, total)

        try:
            _EXECUTORS[backend](grid, ddir, tasks, finished, n_workers, scheduler, client)
        finally:
            if bar is not None:
                bar.close()
    store.consolidate()
    table = store.table()
    run.table = table[table["spec_id"].isin(wanted)].reset_index(drop=True)
    run.seconds = time.perf_counter() - t0
    return run


def _serial(grid, ddir, tasks, finished, n_workers, scheduler, client):
    for t in tasks:
        finished(t, run_task(grid.module, str(ddir), grid.fixed, t))


def _processes(grid, ddir, tasks, finished, n_workers, scheduler, client):
    import multiprocessing as mp
    from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait

    with ProcessPoolExecutor(max_workers=n_workers, mp_context=mp.get_context("spawn")) as ex:
        # at most two tasks per worker in flight: an interrupted run loses little, memory stays bounded
        pending, queue = {}, list(tasks)
        while queue or pending:
            while queue and len(pending) < 2 * n_workers:
                t = queue.pop(0)
                pending[ex.submit(run_task, grid.module, str(ddir), grid.fixed, t)] = t
            done, _ = wait(pending, return_when=FIRST_COMPLETED)
            for f in sorted(done, key=lambda f: pending[f].task_id):
                finished(pending.pop(f), f.result())


def _dask(grid, ddir, tasks, finished, n_workers, scheduler, client):
    from dask.distributed import Client, LocalCluster, as_completed

    own_cluster = own_client = None
    if client is None:
        if scheduler is not None:
            client = own_client = Client(scheduler)
        else:
            own_cluster = LocalCluster(n_workers=n_workers, threads_per_worker=1, processes=True,
                                       dashboard_address=None)
            client = own_client = Client(own_cluster)
    try:
        futs = {client.submit(run_task, grid.module, str(ddir), grid.fixed, t, key=f"multiverse-{t.task_id}",
                              pure=False): t for t in tasks}
        for fut in as_completed(futs):
            finished(futs[fut], fut.result())
    finally:
        if own_client is not None:
            own_client.close()
        if own_cluster is not None:
            own_cluster.close()


_EXECUTORS = {"serial": _serial, "processes": _processes, "dask": _dask}
