"""Command line: ``alliancestats datasets | ingest | download | panel | reproduce``.

Each subcommand is a thin wrapper over the Python API; exit status is
non-zero when anything failed.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from . import __version__

#: failures printed on the console by ``download`` (the rest, and all detail, go to its log)
MAX_ERROR_LINES = 5


def _cmd_datasets(args) -> int:
    from .raw.run import local_status

    st = local_status(args.data_dir)
    from .raw.catalog import datasets

    cov = {d.dataset_id: (f"{d.coverage[0]}-{d.coverage[1]}" if d.coverage else "") for d in datasets()}
    print(f"{'dataset':26s} {'version':8s} {'coverage':10s} {'tables':>6s} {'ingested':>8s}")
    for ds_id, g in st.groupby("dataset_id", sort=False):
        n_in = int((g["status"] == "ingested").sum())
        print(f"{ds_id:26s} {g['version'].iat[0]:8s} {cov[ds_id]:10s} {len(g):6d} {n_in:8d}")
    if args.verbose:
        print()
        for _, r in st.iterrows():
            rows = "" if r["rows"] is None or r["rows"] != r["rows"] else int(r["rows"])
            note = ""
            if r["status"] == "stale":
                note = "  (last ingest failed; previous table kept, see ingest_report.json)"
            elif r["status"] == "tampered":
                note = "  (data changed after ingest; re-ingest with --force)"
            elif r["verified"] == "no":
                note = "  (unverified: sources are not known release copies)"
            print(f"  {r['table_id']:44s} {r['status']:9s} {rows}{note}".rstrip())
    return 0


def _cmd_ingest(args) -> int:
    import warnings

    from .errors import AllianceStatsError
    from .raw.run import NothingToIngestWarning, UnknownReleaseWarning, ingest

    try:
        with warnings.catch_warnings():
            # the summary prints every warning once, next to its table (nothing found: an error line below)
            warnings.simplefilter("ignore", UnknownReleaseWarning)
            warnings.simplefilter("ignore", NothingToIngestWarning)
            report = ingest(args.raw_dir, args.out, datasets_=args.dataset or None, force=args.force,
                            progress=False if args.quiet else None)
    except AllianceStatsError as err:
        print(f"error: {err}", file=sys.stderr)
        return 2
    except OSError as err:  # e.g. the output directory cannot be created
        print(f"error: {err.filename or ''}: {err.strerror or err}", file=sys.stderr)
        return 2
    print(report.summary())
    if not any(t.status in ("written", "skipped", "failed") for t in report.tables if not t.earlier):
        hint = next((n for n in report.notes if n.startswith("no known release files")), "")
        print(f"error: {hint or f'no known release files found under {args.raw_dir}'}", file=sys.stderr)
        return 1
    for t in report.failed:
        kept = " (previous table kept, marked stale)" if t.stale else ""
        print(f"error: {t.table_id}: {t.error}{kept}", file=sys.stderr)
    if not report.report_written:
        print(f"error: {report.notes[-1]}", file=sys.stderr)
    return 1 if report.failed or not report.report_written else 0


def _cmd_download(args) -> int:
    from .errors import AllianceStatsError
    from .raw.download import download

    try:
        res = download(args.dataset or None, dest=args.dest, base_url=args.base_url,
                       progress=False if args.quiet else None, allow_unknown=args.allow_unknown, strict=False,
                       max_bytes=args.max_bytes, deadline=args.deadline or None)
    except AllianceStatsError as err:  # an unknown dataset id: one clear line
        print(f"error: {err}", file=sys.stderr)
        return 1
    except OSError as err:  # e.g. the destination cannot be created
        print(f"error: {err.filename or ''}: {err.strerror or err}", file=sys.stderr)
        return 1
    for line in res.listing_lines():
        print(line)
    # a few lines on stderr; URLs, status codes and tracebacks are in the log
    for line in res.failure_lines(MAX_ERROR_LINES):
        print(line, file=sys.stderr)
    return 1 if res.failed else 0


def _cmd_reproduce(args) -> int:
    from .errors import AllianceStatsError
    from .reproduce.runner import NoDataError, StageError, default_raw_dir, no_data_message, reproduce

    if args.sample and args.raw_dir is not None:
        print("error: pass either --raw-dir DIR or --sample, not both", file=sys.stderr)
        return 2
    raw = args.raw_dir
    if not args.sample and raw is None:
        raw = default_raw_dir()
        if raw is None:
            print(f"error: {no_data_message()}", file=sys.stderr)
            return 2
    say = (lambda msg: None) if args.quiet else (lambda msg: print(msg, file=sys.stderr, flush=True))
    try:
        res = reproduce(raw, args.out, sample=args.sample, only=args.only or None, analyses_dir=args.analyses_dir,
                        processed_dir=args.processed_dir, force=args.force, progress=say,
                        bar=False if args.quiet else None)
    except NoDataError as err:
        print(f"error: {err}", file=sys.stderr)
        return 2
    except StageError as err:
        for f in err.failures:
            print(f"error: {f}", file=sys.stderr)
        return 1
    except AllianceStatsError as err:
        print(f"error: {err}", file=sys.stderr)
        return 1
    print(res.summary())
    return 0


def _cmd_multiverse(args) -> int:
    from .errors import AllianceStatsError
    from .multiverse import load_grid, run_grid, write_curve_outputs

    try:
        grid = load_grid(args.grid, module=args.module)
        print(grid.describe(), file=sys.stderr)
        out = args.out or Path("multiverse") / args.module
        backend = "dask" if args.scheduler else args.backend
        run = run_grid(grid, args.data_dir, out, backend=backend, workers=args.workers, scheduler=args.scheduler,
                       progress=not args.quiet)
        summary = write_curve_outputs(run, out)
    except AllianceStatsError as err:
        print(f"error: {err}", file=sys.stderr)
        return 2
    print(run.summary())
    print(summary.text())
    print(f"table: {run.store.root / 'specifications.parquet'}; curve: {Path(out) / 'specification_curve.png'}")
    return 0


#: ``panel --with`` names -> verb calls, in pipeline order
PANEL_STEPS = {
    "atop": ("add_alliances", {"source": "atop"}),
    "cow_alliance": ("add_alliances", {"source": "cow"}),
    "challenger": ("add_challenger_alliances", {}),
    "gml": ("add_disputes", {"source": "gml"}),
    "cow_mid": ("add_disputes", {"source": "cow"}),
    "nmc": ("add_capabilities", {}),
    "contiguity": ("add_contiguity", {}),
    "majors": ("add_major_powers", {}),
    "wars": ("add_wars", {}),
    "peace": ("add_peace_years", {}),
}


def _cmd_panel(args) -> int:
    import alliancestats as als
    from .errors import AllianceStatsError

    steps = [s.strip() for s in args.with_.split(",") if s.strip()] if args.with_ else []
    unknown = [s for s in steps if s not in PANEL_STEPS]
    if unknown:
        print(f"error: unknown --with step(s) {unknown}; choose from {', '.join(PANEL_STEPS)}", file=sys.stderr)
        return 2
    try:
        if args.unit == "state":
            df = als.create_state_years(args.start, args.end, data_dir=args.data_dir)
        else:
            df = als.create_dyad_years(not args.non_directed, args.start, args.end, data_dir=args.data_dir)
        for s in steps:
            verb, kw = PANEL_STEPS[s]
            df = getattr(als, verb)(df, **kw)
        if args.politically_relevant:
            df = als.filter_politically_relevant(df)
    except (AllianceStatsError, ValueError, KeyError) as err:
        print(f"error: {err}", file=sys.stderr)
        return 1
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    if out.suffix.lower() == ".csv":
        df.to_csv(out, index=False, lineterminator="\n")
    else:
        df.to_parquet(out, index=False)
    print(f"{len(df):,} rows x {df.shape[1]} columns -> {out}")
    print("cite: " + ", ".join(sorted(set(df.attrs.get("alliancestats", {}).get("sources", [])))))
    return 0


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="alliancestats", description=__doc__.splitlines()[0])
    p.add_argument("--version", action="version", version=f"alliancestats {__version__}")
    sub = p.add_subparsers(dest="cmd", required=True)

    d = sub.add_parser("datasets", help="list supported datasets and their local status")
    d.add_argument("--data-dir", type=Path, default=None, help="processed-data directory")
    d.add_argument("-v", "--verbose", action="store_true", help="list every table")
    d.set_defaults(func=_cmd_datasets)

    i = sub.add_parser("ingest", help="raw release files -> Parquet with provenance")
    i.add_argument("--raw-dir", type=Path, required=True, help="folder holding release files (any layout)")
    i.add_argument("--out", type=Path, default=None, help="output folder (default: processed-data directory)")
    i.add_argument("--dataset", action="append", help="only this dataset id (repeatable)")
    i.add_argument("--force", action="store_true", help="re-ingest even when up to date")
    i.add_argument("-q", "--quiet", action="store_true")
    i.set_defaults(func=_cmd_ingest)

    dl = sub.add_parser("download", help="fetch release files from the publishers' official URLs",
                        description="Fetch release files (verified against the catalog's sha256) into "
                                    "DEST/<dataset_id>/. Failures are listed one line each; their full detail "
                                    "(URLs, HTTP status, tracebacks) is in DEST/download.log. An interrupted "
                                    "download starts over on the next run.")
    dl.add_argument("dataset", nargs="*", help="dataset ids (default: all)")
    dl.add_argument("--dest", type=Path, default=Path("data/raw"), help="where to put raw files")
    dl.add_argument("--base-url", default=None,
                    help="mirror serving the same file names: URL = BASE_URL/<file name> "
                         "(default: $ALLIANCESTATS_MIRROR)")
    dl.add_argument("--allow-unknown", action="store_true",
                    help="keep files whose sha256 the catalog does not know (warn instead of failing)")
    dl.add_argument("--max-bytes", type=int, default=256 << 20,
                    help="size cap for files whose size the catalog does not know (default 256 MiB)")
    dl.add_argument("--deadline", type=float, default=1800.0,
                    help="seconds the whole download may take (default 1800; 0 = no deadline)")
    dl.add_argument("-q", "--quiet", action="store_true")
    dl.set_defaults(func=_cmd_download)

    pn = sub.add_parser("panel", help="build a state-year or dyad-year panel and write it (Parquet or CSV)")
    pn.add_argument("--unit", choices=("dyad", "state"), default="dyad")
    pn.add_argument("--non-directed", action="store_true", help="non-directed dyad-years (ccode1 < ccode2)")
    pn.add_argument("--start", type=int, default=None)
    pn.add_argument("--end", type=int, default=None, help="default: last year of the state-system release")
    pn.add_argument("--with", dest="with_", default="atop,gml,nmc,contiguity,majors,peace",
                    help=f"comma-separated steps, in order: {', '.join(PANEL_STEPS)}")
    pn.add_argument("--politically-relevant", action="store_true", help="keep contiguous or major-power dyads")
    pn.add_argument("--data-dir", type=Path, default=None, help="processed-data directory")
    pn.add_argument("--out", required=True, help="output file (.parquet or .csv)")
    pn.set_defaults(func=_cmd_panel)

    r = sub.add_parser("reproduce", help="regenerate every figure and table from raw data (ingest, panels, "
                                         "analyses, report, manifest)")
    src = r.add_mutually_exclusive_group()
    src.add_argument("--raw-dir", type=Path, default=None,
                     help="folder holding the raw release files (default: data/raw when it holds any)")
    src.add_argument("--sample", action="store_true",
                     help="use the committed synthetic sample world (offline; results labelled SYNTHETIC)")
    r.add_argument("--out", type=Path, default=None, help="output folder (default: results/real or results/sample)")
    r.add_argument("--only", nargs="+", metavar="NAME", help="run only these analyses (ingest and panels always run)")
    r.add_argument("--analyses-dir", type=Path, default=None, help="folder of analysis modules (default: analyses/)")
    r.add_argument("--processed-dir", type=Path, default=None,
                   help="processed Parquet folder (default: <out>/processed); tables the raw folder does not "
                        "provide are kept, never deleted; synthetic and real tables are never mixed in it")
    r.add_argument("--force", action="store_true", help="redo every stage even when up to date")
    r.add_argument("-q", "--quiet", action="store_true", help="no progress lines or bar")
    r.set_defaults(func=_cmd_reproduce)

    mv = sub.add_parser("multiverse", help="run every specification of a grid of coding choices and draw the "
                                           "specification curve (serial, local processes or Dask)")
    mv.add_argument("module", choices=("deterrence",), help="research module whose choices the grid varies")
    mv.add_argument("--grid", type=Path, default=None, help="TOML grid file (default: the module's default grid)")
    mv.add_argument("--scheduler", default=None, help="Dask scheduler address, e.g. tcp://host:8786 (implies dask)")
    mv.add_argument("--workers", type=int, default=None, help="worker processes (default: CPU count)")
    mv.add_argument("--backend", choices=("dask", "processes", "serial"), default="dask",
                    help="dask (LocalCluster unless --scheduler; default), processes, or serial")
    mv.add_argument("--data-dir", type=Path, default=None, help="processed-data directory")
    mv.add_argument("--out", type=Path, default=None,
                    help="results folder; a second run resumes there (default: multiverse/<module>)")
    mv.add_argument("-q", "--quiet", action="store_true", help="no progress bar")
    mv.set_defaults(func=_cmd_multiverse)
    return p


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    return int(args.func(args) or 0)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
