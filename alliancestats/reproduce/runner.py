"""``reproduce``: raw release files -> processed Parquet -> standard panels -> every analysis -> report.

Stages, in order (each reports progress and its wall time: a line at its
start and end through ``progress``, and a bar over the stages whose elapsed
time ticks during long stages, shown only when interactive; ``bar=False``,
the CLI's ``-q``, turns it off):

1. ``ingest``: :func:`alliancestats.ingest` of the raw directory into the
   processed directory (default ``<out>/processed``); tables whose source
   hashes and loader code are unchanged are skipped. Nothing in the
   processed directory is ever deleted: tables the current raw files do not
   provide are kept and listed in the stage detail (a ``--processed-dir``
   shared with other work stays intact); synthetic (``--sample``) and real
   tables are never mixed in one processed directory (the run refuses). Any
   failed table stops the run with the table, the file and the line at fault
   (its previous table is kept, stale).
2. ``panels``: the standard panels of :data:`.panels.PANELS`, cached as
   Parquet and rebuilt only when the processed tables or the library change.
3. ``analysis <name>``: every module ``analyses/<name>.py`` (at the project
   root, or ``analyses_dir``) that defines ``run(data_dir, out_dir, *,
   synthetic=False) -> dict``, in name order (names starting with ``_`` are
   helpers and skipped). Each writes into ``<out>/<name>/``. Before each run
   the folder is emptied, the global NumPy/``random`` seeds are set to 0 and
   matplotlib's settings are reset, so an analysis cannot depend on what ran
   before it. An analysis whose code, library code, processed inputs and
   outputs are unchanged since its last run is skipped (fingerprint in
   ``<out>/<name>/.reproduce_stamp.json``). A failing analysis does not stop
   the others; the run then ends with :class:`StageError` naming every
   failed stage and its input.
4. ``report``: ``report.md``, ``report.html``, ``references.bib``.
5. ``manifest``: ``manifest.json`` (sha256 of every input and output).

Nothing written depends on the date, the machine or the output path, so two
runs give byte-identical outputs (``tests/reproduce/test_reproduce.py``).

Two runs into one output directory are serialised by a lock file
(``<out>/.reproduce.lock``); the second waits, then finds every stage up to
date. Freshness checks use the processed tables' data hashes, so a table
rewritten after ingest is noticed (ingest re-creates it; a kept table that
is not re-created stops the run).
"""
from __future__ import annotations

import hashlib
import importlib.util
import json
import random
import shutil
import sys
import threading
import time
import traceback
import warnings
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable

from filelock import FileLock

from .._version import __version__
from ..config import project_root
from ..errors import AllianceStatsError, NoDataError, OptionError, StageError  # noqa: F401 (re-exported: their old home)
from ..store import write_text_atomic
from .fingerprint import code_digest, processed_digest, sha256_file
from .manifest import git_revision, output_files, write_manifest
from .panels import PANELS, build_panel
from .report import AnalysisEntry, dataset_versions, write_report

STAMP = ".reproduce_stamp.json"
PROCESSED = "processed"
LOCK = ".reproduce.lock"

#: Datasets the synthetic sample provides (ingest looks for nothing else in it).
SAMPLE_DATASETS = ("cow_states_2016", "atop_5_1", "nmc_6_0", "cow_contiguity_3_2", "gml_mid_2_1", "cow_war_4_0",
                   "worldbank_wdi_2018", "sipri_milex_2019")


def no_data_message(looked: Iterable[str] = ()) -> str:
    where = "".join(f"\n  (looked in {p})" for p in looked)
    return ("no raw data found." + where + "\nTo reproduce the results:\n"
            "  1. download the releases:   alliancestats download --dest data/raw/real\n"
            "     then run:                alliancestats reproduce --raw-dir data/raw/real\n"
            "  2. or use your own copies:  alliancestats reproduce --raw-dir DIR\n"
            "  3. or run the offline synthetic sample (no downloads, results labelled SYNTHETIC):\n"
            "                              alliancestats reproduce --sample")


@dataclass
class StageResult:
    stage: str
    status: str  # ran | skipped | failed | written (ingest: counts in detail)
    seconds: float
    detail: str = ""


@dataclass
class AnalysisSpec:
    name: str
    path: Path


@dataclass
class ReproduceResult:
    out_dir: Path
    processed_dir: Path
    synthetic: bool
    stages: list[StageResult] = field(default_factory=list)
    results: dict[str, dict] = field(default_factory=dict)
    report: list[Path] = field(default_factory=list)
    manifest: Path | None = None

    def stage(self, name: str) -> StageResult:
        for s in self.stages:
            if s.stage == name:
                return s
        raise KeyError(f"no stage {name!r} in this run; stages: {', '.join(s.stage for s in self.stages)}")

    def summary(self) -> str:
        lines = [f"{'stage':34s} {'status':8s} {'seconds':>8s}  detail"]
        for s in self.stages:
            lines.append(f"{s.stage:34s} {s.status:8s} {s.seconds:8.2f}  {s.detail}")
        total = sum(s.seconds for s in self.stages)
        lines.append(f"total {total:.2f} s; report: {self.out_dir / 'report.html'}")
        return "\n".join(lines)


# --------------------------------------------------------------------------- discovery

def default_analyses_dir() -> Path:
    return project_root() / "analyses"


def discover_analyses(analyses_dir=None) -> list[AnalysisSpec]:
    """``analyses/*.py`` files, by name; helpers (``_name.py``) excluded. ``run`` is checked on import."""
    d = Path(analyses_dir) if analyses_dir is not None else default_analyses_dir()
    if not d.is_dir():
        return []
    return [AnalysisSpec(p.stem, p) for p in sorted(d.glob("*.py")) if not p.name.startswith("_")]


def _import(spec: AnalysisSpec):
    """Import an analysis file afresh (its folder on sys.path for its own helpers)."""
    modname = f"_alliancestats_analysis_{spec.name}"
    ispec = importlib.util.spec_from_file_location(modname, spec.path)
    if ispec is None or ispec.loader is None:
        raise ImportError(f"cannot import {spec.path}")
    mod = importlib.util.module_from_spec(ispec)
    folder = str(spec.path.parent)
    added = folder not in sys.path
    if added:
        sys.path.insert(0, folder)
    try:
        sys.modules[modname] = mod
        ispec.loader.exec_module(mod)
    finally:
        if added:
            sys.path.remove(folder)
    return mod


def _title(mod) -> str:
    doc = (getattr(mod, "__doc__", None) or "").strip()
    return doc.splitlines()[0].strip() if doc else ""


# --------------------------------------------------------------------------- helpers

def _fail_where(err: BaseException, spec_path: Path) -> str:
    """'<analysis file>:<line>' of the innermost frame in the analysis, plus the innermost library frame."""
    tb = traceback.extract_tb(err.__traceback__)
    pkg = Path(__file__).resolve().parent.parent

    def show(f: Path, line) -> str:
        try:
            return f"{f.relative_to(project_root()).as_posix()}:{line}"
        except ValueError:
            return f"{f}:{line}"

    own = [fr for fr in tb if Path(fr.filename).resolve() == spec_path.resolve()]
    lib = [fr for fr in tb if pkg in Path(fr.filename).resolve().parents]
    parts = []
    if own:
        parts.append(show(Path(own[-1].filename).resolve(), own[-1].lineno))
    if lib and (not own or tb.index(lib[-1]) > tb.index(own[-1])):
        parts.append(("via " if parts else "") + show(Path(lib[-1].filename).resolve(), lib[-1].lineno))
    return ", ".join(parts)


def _reset_global_state() -> None:
    """Same starting state for every analysis: global seeds and matplotlib settings."""
    import numpy as np

    random.seed(0)
    np.random.seed(0)
    try:
        import matplotlib

        matplotlib.use("Agg", force=False)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            matplotlib.rcdefaults()
            matplotlib.use("Agg", force=False)
        import matplotlib.pyplot as plt

        plt.close("all")
    except ImportError:  # pragma: no cover
        pass


def _stamp_ok(folder: Path, fingerprint: str) -> bool:
    p = folder / STAMP
    if not p.exists():
        return False
    try:
        st = json.loads(p.read_text(encoding="utf-8"))
    except json.JSONDecodeError:
        return False
    if st.get("fingerprint") != fingerprint:
        return False
    outs = st.get("outputs", {})
    have = {q.relative_to(folder).as_posix() for q in output_files(folder)}
    if set(outs) != have:
        return False
    return all(sha256_file(folder / rel) == h for rel, h in outs.items())


def _write_stamp(folder: Path, fingerprint: str) -> None:
    outs = {q.relative_to(folder).as_posix(): sha256_file(q) for q in sorted(output_files(folder))}
    write_text_atomic(folder / STAMP, json.dumps({"fingerprint": fingerprint, "outputs": outs}, indent=2,
                                                 sort_keys=True) + "\n")


def _empty_dir(folder: Path) -> None:
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)


class _Progress:
    """Stage-level progress: a line per stage start and end (with its wall time) through ``say``, and a
    bar (:func:`alliancestats.progress.tqdm_class`) over the stages whose elapsed time keeps ticking while
    a long stage runs.

    ``show``: None (tqdm's ``disable=None``: shown on a terminal or in a notebook, silent when output goes
    to a file, a pipe or CI), False (never; the CLI's ``-q``) or True.
    """

    def __init__(self, total: int, say: Callable[[str], None], tick: float = 1.0, show: bool | None = None):
        from ..progress import tqdm_class

        self.total, self.say, self.k = total, say, 0
        self.bar = tqdm_class()(total=total, desc="reproduce", unit="stage", dynamic_ncols=True,
                                disable=None if show is None else not show,
                        bar_format="{desc}: {n_fmt}/{total_fmt} stages |{bar}| {elapsed}")
        self._stop = threading.Event()
        self._ticker = None
        if not self.bar.disable:  # refresh the elapsed time even when a stage takes minutes
            self._ticker = threading.Thread(target=self._tick, args=(tick,), daemon=True)
            self._ticker.start()
        self._name, self._t0 = "", 0.0

    def write(self, msg: str) -> None:
        """``say(msg)`` with the bar cleared first and redrawn after, so lines and bar do not overprint."""
        if self.bar.disable:
            self.say(msg)
        else:
            with self.bar.external_write_mode():
                self.say(msg)

    def _tick(self, every: float) -> None:
        while not self._stop.wait(every):
            self.bar.refresh()

    def start(self, name: str) -> None:
        self.k += 1
        self._name, self._t0 = name, time.perf_counter()
        self.write(f"[{self.k}/{self.total}] {name}")
        self.bar.set_description_str(f"reproduce: {name}", refresh=True)

    def done(self, status: str = "done") -> None:
        self.bar.update(1)
        self.write(f"[{self.k}/{self.total}] {self._name}: {status} in {time.perf_counter() - self._t0:.1f} s")

    def close(self) -> None:
        self._stop.set()
        if self._ticker is not None:
            self._ticker.join()
        self.bar.close()


# --------------------------------------------------------------------------- stages

def _stage_ingest(raw_dir: Path, processed: Path, synthetic: bool, force: bool, say) -> tuple[StageResult, list[Path]]:
    from ..raw.run import RawIndex, ingest
    from ..store import tampered_message, verify_table

    t = time.perf_counter()
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            rep = ingest(raw_dir, processed, datasets_=SAMPLE_DATASETS if synthetic else None, force=force,
                         synthetic=True if synthetic else None)
        except AllianceStatsError as err:
            raise StageError("ingest", str(raw_dir), str(err)) from err
    if rep.failed:
        f = rep.failed[0]
        src = ", ".join(sorted(f.sources)) or f.table_id
        more = f" (and {len(rep.failed) - 1} more failed tables)" if len(rep.failed) > 1 else ""
        kept = " (its previous table is kept, stale)" if f.stale else ""
        raise StageError("ingest", f"{f.table_id} from {src}", f"{f.error}{kept}{more}")
    if not rep.report_written:
        raise StageError("ingest", str(processed), rep.notes[-1])
    used = [o for o in rep.tables if o.status in ("written", "skipped") and not o.earlier]
    if not used:
        raise NoDataError(no_data_message([str(raw_dir)]))
    # never delete: tables the raw directory does not provide (another raw dir, a shared --processed-dir)
    # are kept, said here, and checked for tampering like the others
    keep = {o.table_id for o in used}
    others = sorted(p.stem for p in processed.glob("*.parquet") if p.stem not in keep)
    tampered = [name for name in others if verify_table(processed / f"{name}.parquet") is False]
    if tampered:
        raise StageError("ingest", tampered[0], tampered_message(processed / f"{tampered[0]}.parquet"))
    c = rep.counts()
    unknown = sum(1 for w in caught if "not a known" in str(w.message) or "UNVERIFIED" in str(w.message))
    detail = f"{c.get('written', 0)} written, {c.get('skipped', 0)} up to date"
    if others:
        detail += (f"; {len(others)} tables already in {processed} not provided by this raw directory were kept "
                   f"(used as they are): {', '.join(others[:4])}{', ...' if len(others) > 4 else ''}")
    if unknown:
        detail += f"; {unknown} raw files are not verified release copies"
    idx = RawIndex.scan(raw_dir, True if synthetic else None)
    names = {n for o in used for n in o.sources}
    inputs = [p for p in idx.files if p.name in names]
    status = "ran" if c.get("written") else "skipped"
    say(f"ingest: {detail}")
    return StageResult("ingest", status, time.perf_counter() - t, detail), inputs


def _stage_panels(processed: Path, force: bool, say) -> tuple[StageResult, dict]:
    t = time.perf_counter()
    summaries, statuses = {}, []
    for spec in PANELS:
        try:
            status, summary = build_panel(spec, processed, force=force)
        except Exception as err:  # name the panel and the table it needed
            raise StageError("panels", spec.name, f"{type(err).__name__}: {err}") from err
        summaries[spec.name] = summary
        statuses.append(status)
        say(f"panels: {spec.name} {status} ({summary['rows']} rows)")
    status = "ran" if "written" in statuses else "skipped"
    detail = ", ".join(f"{s.name} {st}" for s, st in zip(PANELS, statuses))
    return StageResult("panels", status, time.perf_counter() - t, detail), summaries


def _analysis_fingerprint(spec: AnalysisSpec, processed: Path, synthetic: bool) -> str:
    h = hashlib.sha256()
    for p in sorted(spec.path.parent.glob("*.py")):  # the analysis and its helpers
        h.update(p.name.encode())
        h.update(p.read_bytes())
    h.update(json.dumps([code_digest(), processed_digest(processed), bool(synthetic)]).encode())
    return h.hexdigest()


def _stage_analysis(spec: AnalysisSpec, processed: Path, out: Path, synthetic: bool, force: bool, say):
    t = time.perf_counter()
    stage = f"analysis {spec.name}"
    folder = out / spec.name
    try:
        rel_input = spec.path.resolve().relative_to(project_root()).as_posix()
    except ValueError:
        rel_input = str(spec.path)
    try:
        mod = _import(spec)
    except Exception as err:
        return StageResult(stage, "failed", time.perf_counter() - t, f"import: {err}"), None, "", \
            StageError(stage, rel_input, f"cannot import: {type(err).__name__}: {err}")
    title = _title(mod)
    run = getattr(mod, "run", None)
    if not callable(run):
        say(f"{stage}: no run() function, not an analysis module; ignored")
        return None, None, title, None
    fp = _analysis_fingerprint(spec, processed, synthetic)
    if not force and _stamp_ok(folder, fp):
        res = json.loads((folder / "results.json").read_text(encoding="utf-8")) if (folder / "results.json").exists() else {}
        say(f"{stage}: up to date")
        return StageResult(stage, "skipped", time.perf_counter() - t, "up to date"), res, title, None
    _empty_dir(folder)
    _reset_global_state()
    say(f"{stage}: running")
    try:
        res = run(processed, folder, synthetic=synthetic)
    except Exception as err:
        where = _fail_where(err, spec.path)
        msg = f"{type(err).__name__}: {err}" + (f" [at {where}]" if where else "")
        (folder / STAMP).unlink(missing_ok=True)
        return StageResult(stage, "failed", time.perf_counter() - t, msg), None, title, StageError(stage, rel_input, msg)
    finally:
        try:
            import matplotlib.pyplot as plt

            plt.close("all")
        except ImportError:  # pragma: no cover
            pass
    if not isinstance(res, dict):
        msg = f"run() returned {type(res).__name__}, expected the results dict"
        return StageResult(stage, "failed", time.perf_counter() - t, msg), None, title, StageError(stage, rel_input, msg)
    _write_stamp(folder, fp)
    if (folder / "results.json").exists():  # the written (rounded) results, the same a skipped run returns
        res = json.loads((folder / "results.json").read_text(encoding="utf-8"))
    n = len(output_files(folder))
    return StageResult(stage, "ran", time.perf_counter() - t, f"{n} files"), res, title, None


# --------------------------------------------------------------------------- entry point

def default_out_dir(synthetic: bool) -> Path:
    base = project_root() if (project_root() / "pyproject.toml").exists() else Path.cwd()
    return base / "results" / ("sample" if synthetic else "real")


def default_raw_dir() -> Path | None:
    """``data/raw`` of the checkout when it holds any file outside the synthetic sample, else None."""
    from ..raw.run import RawIndex

    d = project_root() / "data" / "raw"
    if not d.is_dir():
        return None
    idx = RawIndex.scan(d)  # the sample world is recognised by content and does not count
    return d if idx.files and not idx.synthetic else None


def sample_raw_dir() -> Path:
    from ..synth import SAMPLE_DIR

    return SAMPLE_DIR


def reproduce(raw_dir=None, out_dir=None, *, sample: bool = False, only: Iterable[str] | None = None,
              analyses_dir=None, processed_dir=None, force: bool = False,
              progress: Callable[[str], None] | None = None, bar: bool | None = None) -> ReproduceResult:
    """Run the whole pipeline; see the module docstring. Returns a :class:`ReproduceResult`.

    ``sample=True`` reads the committed synthetic sample (``data/raw/sample``;
    regenerated into ``<out>/sample_raw`` when the checkout does not have it)
    and passes ``synthetic=True`` to every analysis. ``only``: analysis names
    to run (ingest and panels always run). Raises :class:`NoDataError` when
    there is nothing to ingest and :class:`StageError` when a stage fails. ``progress``: called with
    each progress line (stage start and end, with its time); ``bar``: the stage bar, None = shown when
    interactive, False = never, True = always.
    """
    say = progress or (lambda msg: None)
    out = Path(out_dir) if out_dir is not None else default_out_dir(sample)
    if sample:
        if raw_dir is not None:
            raise OptionError("pass either raw_dir or sample=True, not both")
    else:
        if raw_dir is None:
            raise NoDataError(no_data_message())
        raw = Path(raw_dir)
        if not raw.is_dir() or not any(p.is_file() for p in raw.rglob("*")):
            raise NoDataError(no_data_message([str(raw)]))
    out.mkdir(parents=True, exist_ok=True)
    # one run at a time per output directory: a second run waits, then finds its stages up to date
    with FileLock(str(out / LOCK)):
        if sample:
            raw = sample_raw_dir()
            if not any(raw.glob("*.csv")):
                from ..synth import generate

                raw = out / "sample_raw"
                generate(raw)
        processed = Path(processed_dir) if processed_dir is not None else out / PROCESSED
        processed.mkdir(parents=True, exist_ok=True)
        return _run(raw, out, processed, bool(sample), only, analyses_dir, force, say, bar)


def _stages(raw: Path, out: Path, processed: Path, sample: bool, specs: list[AnalysisSpec], force: bool,
            progress: _Progress, result: ReproduceResult) -> list[StageError]:
    """Run every stage in order into ``result``; returns the failed analyses (the run goes on past them)."""
    say = progress.write  # lines from inside a stage clear and redraw the bar
    progress.start("ingest")
    st, inputs = _stage_ingest(raw, processed, bool(sample), force, say)
    result.stages.append(st)
    progress.done(st.status)
    progress.start("panels")
    st, panel_summaries = _stage_panels(processed, force, say)
    result.stages.append(st)
    progress.done(st.status)

    entries: list[AnalysisEntry] = []
    failures: list[StageError] = []
    for spec in specs:
        progress.start(f"analysis {spec.name}")
        st, res, title, err = _stage_analysis(spec, processed, out, bool(sample), force, say)
        progress.done(st.status if st is not None else "not an analysis")
        if st is None:  # not an analysis module
            continue
        result.stages.append(st)
        if err is not None:
            failures.append(err)
            say(f"error: {err}")
            entries.append(AnalysisEntry(spec.name, title, "failed", err.detail))
            continue
        result.results[spec.name] = res
        entries.append(AnalysisEntry(spec.name, title, st.status))

    progress.start("report")
    t = time.perf_counter()
    datasets = dataset_versions(processed)
    git = git_revision()
    result.report = write_report(out, analyses=entries, datasets=datasets, panels=panel_summaries,
                                 synthetic=bool(sample), library_version=__version__, git=git)
    result.stages.append(StageResult("report", "ran", time.perf_counter() - t, "report.md, report.html"))
    progress.done("ran")
    progress.start("manifest")
    t = time.perf_counter()
    ds_meta = [{k_: d[k_] for k_ in ("dataset_id", "version", "known_release", "sources", "tables")} for d in datasets]
    result.manifest = write_manifest(out, raw_dir=raw, raw_files=inputs, processed_dir=processed,
                                     synthetic=bool(sample), analyses=[e.name for e in entries], datasets=ds_meta)
    result.stages.append(StageResult("manifest", "ran", time.perf_counter() - t, "manifest.json"))
    progress.done("ran")
    return failures


def _run(raw: Path, out: Path, processed: Path, sample: bool, only, analyses_dir, force: bool,
         say: Callable[[str], None], bar: bool | None = None) -> ReproduceResult:
    """The stages, under the output directory's lock (see :func:`reproduce`)."""
    result = ReproduceResult(out, processed, bool(sample))

    specs = discover_analyses(analyses_dir)
    if only:
        wanted = list(dict.fromkeys(only))
        known = {s.name for s in specs}
        missing = [n for n in wanted if n not in known]
        if missing:
            raise StageError("analyses", ", ".join(missing),
                             f"no such analysis; available: {', '.join(sorted(known)) or '(none)'}")
        specs = [s for s in specs if s.name in wanted]

    progress = _Progress(2 + len(specs) + 2, say, show=bar)
    try:
        failures = _stages(raw, out, processed, sample, specs, force, progress, result)
    finally:
        progress.close()
    if failures:
        if len(failures) == 1:
            raise failures[0]
        msg = "; ".join(str(f) for f in failures)
        raise StageError(failures[0].stage, failures[0].input, msg, failures=failures)
    return result
