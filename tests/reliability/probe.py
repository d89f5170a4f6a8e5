"""Reliability probe (issue 14): hostile and careless inputs against ingest, reproduce and download.

Run it yourself (it is not part of the default test suite; a few minutes)::

    ALLIANCESTATS_REAL_DATA=/path/to/raw python tests/reliability/probe.py
    python tests/reliability/probe.py --raw-dir /path/to/raw [--quick] [--verbose]

Every case copies (symlinks) the raw release files into a temporary
directory, damages one thing, and runs the public entry points
(``alliancestats.cli.main`` in-process, a subprocess for ``ulimit -f`` and
concurrent runs, ``alliancestats.raw.download.download`` against a server on
127.0.0.1 that the probe starts and stops). Nothing outside the temporary
directory is written; the raw directory is only read.

Each case ends in one of:

- ``clean error``: a non-zero exit with a one-line error, no traceback;
- ``handled``: exit 0 and the bad input was dealt with visibly (the bad
  records rejected with a reason, the file labelled unverified, a tampered
  table re-created, stale temp files removed, a download completed);
- ``silent``: exit 0 (or a success) and the bad input got through or the
  damage went unnoticed;
- ``traceback``: an exception escaped the entry point.

``tables lost`` counts processed tables that existed before a case and are
missing, emptied or overwritten by foreign data after it. Targets: 0 silent,
0 tracebacks, 0 tables lost. The same script runs against older checkouts
(``PYTHONPATH=<checkout> python probe.py``) to give the "before" figures.
"""
from __future__ import annotations

import argparse
import contextlib
import inspect
import io
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import traceback
import warnings
import zipfile
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler
from pathlib import Path

import pandas as pd
import pyarrow.parquet as pq

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # tests/: the shared helpers, whatever the cwd
from _util import LoopbackServer  # noqa: E402

#: raw sub-folders (of the MANIFEST layout) each probed dataset reads, and its dataset id
SOURCES = {
    "cow_states_2016": ["cow_states_2016"],
    "atop_5_1": ["atop_5.1"],
    "cow_mid_5_0": ["cow_mid_5.0"],
    "nmc_6_0": ["cow_nmc_6.0"],
    "cow_contiguity_3_2": ["cow_contiguity_3.2"],
    "cow_alliance_4_1": ["cow_alliance_4.1"],
    "cow_war_4_0": ["cow_war_4.0"],
    "maddison_2020": ["maddison_2020"],
    "sipri_milex_2019": ["sipri_milex"],
    "sipri_milex_2025": ["sipri_milex"],
    "gml_mid_2_1": ["gml_mid_2.1"],  # the reproduce panels need it
}
STATES = "cow_states_2016/states2016.csv"


@dataclass
class Result:
    name: str
    outcome: str
    lost: int = 0
    detail: str = ""


@dataclass
class Probe:
    raw: Path
    work: Path
    verbose: bool = False
    results: list[Result] = field(default_factory=list)
    good: Path | None = None

    # ------------------------------------------------------------------ plumbing

    def cli(self, *argv: str) -> tuple[int | None, str, str, str | None]:
        """(exit code, stdout, stderr, traceback text or None) of ``alliancestats <argv>`` in-process."""
        from alliancestats import cli

        out, err = io.StringIO(), io.StringIO()
        tb = None
        rc = None
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
                try:
                    rc = cli.main(list(argv))
                except SystemExit as e:
                    rc = e.code if isinstance(e.code, int) else 2
                except BaseException:  # noqa: BLE001 - counting what escapes is the point
                    tb = traceback.format_exc()
        return rc, out.getvalue(), err.getvalue(), tb

    def raw_tree(self, name: str, datasets: list[str]) -> Path:
        """A raw dir of symlinks to the files the datasets read (plus the state system)."""
        d = self.work / "raw" / name
        folders = {"cow_states_2016", *(f for ds in datasets for f in SOURCES[ds])}
        for folder in sorted(folders):
            src = self.raw / folder
            if not src.is_dir():
                continue
            for p in src.iterdir():
                if p.is_file():
                    (d / folder).mkdir(parents=True, exist_ok=True)
                    (d / folder / p.name).symlink_to(p)
        return d

    def out_copy(self, name: str) -> Path:
        d = self.work / "out" / name
        shutil.copytree(self.good, d)
        return d

    @staticmethod
    def tables(out: Path) -> dict[str, int]:
        rows = {}
        for p in out.glob("*.parquet"):
            try:
                rows[p.stem] = pq.ParquetFile(p).metadata.num_rows
            except Exception:  # noqa: BLE001 - a broken file counts as lost
                rows[p.stem] = -1
        return rows

    @staticmethod
    def lost(before: dict[str, int], after: dict[str, int]) -> int:
        return sum(1 for t, n in before.items() if n > 0 and (t not in after or after[t] <= 0 or after[t] < n // 2))

    @staticmethod
    def replace(path: Path, data: bytes | str) -> None:
        path.unlink()
        path.write_bytes(data.encode() if isinstance(data, str) else data)

    def add(self, r: Result) -> None:
        self.results.append(r)
        if self.verbose:
            print(f"  {r.outcome:12s} lost={r.lost} {r.name}: {r.detail[:160]}", flush=True)

    # ------------------------------------------------------------------ ingest cases

    def ingest_case(self, name: str, ds: str, mutate, bad_present=None, broken: bool = True,
                    extra: tuple[str, ...] = ()) -> None:
        """Damage the raw tree, ingest ``ds`` into a copy of the good output, classify."""
        raw = self.raw_tree(name, [ds])
        try:
            mutate(raw)
        except Exception as e:  # noqa: BLE001
            self.add(Result(name, "not tried", 0, f"could not build the case: {e}"))
            return
        out = self.out_copy(name)
        before = self.tables(out)
        rc, so, se, tb = self.cli("ingest", "--raw-dir", str(raw), "--out", str(out), "--dataset", ds, "-q", *extra)
        after = self.tables(out)
        lost = self.lost(before, after)
        if tb:
            self.add(Result(name, "traceback", lost, tb.strip().splitlines()[-1]))
            return
        if rc != 0:
            one_line = all(ln.startswith("error: ") or ln.startswith("  ") for ln in se.strip().splitlines())
            self.add(Result(name, "clean error" if one_line else "traceback", lost, se.strip()[:300]))
            return
        present = bad_present(out) if bad_present else broken
        self.add(Result(name, "silent" if present else "handled", lost, so.strip().splitlines()[-1] if so else ""))

    def csv_cases(self) -> None:
        files = {
            "atop_5_1": "atop_5.1/atop5_1m.csv",
            "cow_states_2016": STATES,
            "nmc_6_0": "cow_nmc_6.0/NMC-60-abridged.csv",
            "cow_mid_5_0": "cow_mid_5.0/MIDB 5.0.csv",
            "cow_contiguity_3_2": "cow_contiguity_3.2/contdird.csv",
        }
        for ds, rel in files.items():
            text = (self.raw / rel).read_bytes().decode("utf-8", "replace")
            nl = "\r\n" if "\r\n" in text else ("\r" if "\r" in text and "\n" not in text else "\n")
            lines = text.split(nl)
            header = lines[0]
            body = [ln for ln in lines[1:] if ln.strip()]

            def put(content):
                return lambda raw, rel=rel: self.replace(raw / rel, content)

            short = Path(rel).name
            self.ingest_case(f"{short}: empty file", ds, put(b""))
            self.ingest_case(f"{short}: header only", ds, put(header + nl))
            self.ingest_case(f"{short}: cut mid-record", ds, put(text[: int(len(text) * 0.6)].rstrip(nl)[:-3]))
            self.ingest_case(f"{short}: first column missing", ds,
                             put(nl.join(",".join(ln.split(",")[1:]) for ln in [header, *body]) + nl))
            self.ingest_case(f"{short}: binary garbage", ds, put(b"PK\x03\x04" + os.urandom(2000)))
            cells = body[1].split(",")
            num = next(i for i, c in enumerate(cells) if c.strip().lstrip("-").replace(".", "", 1).isdigit())
            self.ingest_case(f"{short}: text in a numeric cell", ds,
                             put(nl.join([header, body[0], ",".join(["zz" if i == num else c for i, c in enumerate(cells)]),
                                          *body[2:]]) + nl))
            self.ingest_case(f"{short}: 10 MB bad cell", ds,
                             put(nl.join([header, body[0], ",".join(["9x" * 5_000_000 if i == num else c
                                                                     for i, c in enumerate(cells)]), *body[2:]]) + nl))

            def second_copy(raw, rel=rel, body=body, header=header, nl=nl):
                d = raw / "backup"
                d.mkdir()
                (d / Path(rel).name).write_text(nl.join([header, *body[1:]]) + nl)

            self.ingest_case(f"{short}: two different copies in the tree", ds, second_copy,
                             bad_present=lambda out: True)
            self.ingest_case(f"{short}: exact duplicate row", ds, put(nl.join([header, *body, body[0]]) + nl),
                             bad_present=lambda out, ds=ds: _has_duplicates(out, ds))

    def value_cases(self) -> None:
        def edit(rel: str, col: str, value: str, row: int = 0):
            def m(raw):
                p = raw / rel
                df = pd.read_csv(p, dtype=str, keep_default_na=False, encoding="latin-1")
                df.loc[row, col] = value
                self.replace(p, df.to_csv(index=False))
            return m

        def has(ds_table: str, col: str, pred):
            def check(out):
                p = out / f"{ds_table}.parquet"
                if not p.exists():
                    return False
                s = pq.read_table(p, columns=[col]).column(col).to_pandas()
                return bool(pred(pd.to_numeric(s, errors="coerce")).any())
            return check

        atop, nmc = "atop_5.1/atop5_1m.csv", "cow_nmc_6.0/NMC-60-abridged.csv"
        cases = [
            ("ATOP member ccode 999", "atop_5_1", edit(atop, "ccode", "999"), has("atop_5_1_member", "ccode", lambda s: s == 999)),
            ("ATOP member entry year 2990", "atop_5_1", edit(atop, "yrent", "2990"), has("atop_5_1_member", "yrent", lambda s: s == 2990)),
            ("states end year 2999", "cow_states_2016", edit(STATES, "endyear", "2999"), has("cow_states_2016_states", "endyear", lambda s: s == 2999)),
            ("MID participant ccode 999", "cow_mid_5_0", edit("cow_mid_5.0/MIDB 5.0.csv", "ccode", "999"), has("cow_mid_5_0_participant", "ccode", lambda s: s == 999)),
            ("NMC ccode 999", "nmc_6_0", edit(nmc, "ccode", "999"), has("nmc_6_0_state_year", "ccode", lambda s: s == 999)),
            ("NMC year 2999", "nmc_6_0", edit(nmc, "year", "2999"), has("nmc_6_0_state_year", "year", lambda s: s == 2999)),
            ("NMC milper -500", "nmc_6_0", edit(nmc, "milper", "-500"), has("nmc_6_0_state_year", "milper", lambda s: s < 0)),
            ("NMC cinc 7.5", "nmc_6_0", edit(nmc, "cinc", "7.5"), has("nmc_6_0_state_year", "cinc", lambda s: s > 1)),
            ("NMC milex 1e400", "nmc_6_0", edit(nmc, "milex", "1e400"), has("nmc_6_0_state_year", "milex", lambda s: s == float("inf"))),
            ("contiguity ccode 999", "cow_contiguity_3_2", edit("cow_contiguity_3.2/contdird.csv", "state1no", "999"),
             has("cow_contiguity_3_2_directed_dyad_year", "ccode1", lambda s: s == 999)),
        ]
        for name, ds, m, check in cases:
            self.ingest_case(name, ds, m, bad_present=check)

        # SIPRI 2019 CSV: a year header written '1952 (est.)'
        def est(raw):
            p = raw / "sipri_milex/sipri-milex-data.csv"
            b = p.read_bytes().replace(b",1952,", b",1952 (est.),", 1)
            self.replace(p, b)

        def lost_1952(out):
            df = pq.read_table(out / "sipri_milex_2019_country_year.parquet", columns=["year"]).to_pandas()
            return not (df["year"] == 1952).any()
        self.ingest_case("SIPRI header '1952 (est.)'", "sipri_milex_2019", est, bad_present=lost_1952)

        try:
            import openpyxl  # noqa: F401
        except ImportError:
            return

        def xlsx_edit(rel, sheet, find_row, col_pick, value):
            def m(raw):
                import openpyxl

                p = raw / rel
                for twin in p.parent.glob(p.stem + ".dta"):  # Maddison also ships a .dta of the same release
                    twin.unlink()
                wb = openpyxl.load_workbook(p)
                ws = wb[sheet]
                r = find_row(ws)
                ws.cell(row=r, column=col_pick(ws, r)).value = value
                tmp = self.work / f"edit{time.monotonic_ns()}.xlsx"
                wb.save(tmp)
                self.replace(p, tmp.read_bytes())
            return m

        def maddison_row(ws):
            return 3

        def pop_col(ws, r):
            return [c.value for c in ws[1]].index("pop") + 1

        self.ingest_case("Maddison population -5000", "maddison_2020",
                         xlsx_edit("maddison_2020/mpd2020.xlsx", "Full data", maddison_row, pop_col, -5000),
                         bad_present=has("maddison_2020_country_year", "pop", lambda s: s < 0))

        def france_row(ws):
            for row in ws.iter_rows(min_row=1, max_row=ws.max_row):
                if row[0].value == "France":
                    return row[0].row
            raise ValueError("no France row")

        def y1990(ws, r):
            for row in ws.iter_rows(min_row=1, max_row=r):
                for c in row:
                    if str(c.value).strip() == "1990":
                        return c.column
            raise ValueError("no 1990 column")

        def neg_share(out):
            df = pq.read_table(out / "sipri_milex_2025_country_year.parquet", columns=["series", "value"]).to_pandas()
            return bool(((df["series"] == "share_of_gdp") & (df["value"] < 0)).any())
        self.ingest_case("SIPRI share of GDP -0.035", "sipri_milex_2025",
                         xlsx_edit("sipri_milex/SIPRI-Milex-data-1949-2024_2.xlsx", "Share of GDP", france_row, y1990,
                                   -0.035), bad_present=neg_share)

    def identity_cases(self) -> None:
        # a known release file under another file's name
        def swap(raw):
            d = raw / "cow_alliance_4.1"
            self.replace(d / "alliance_v4.1_by_directed.csv", (d / "alliance_v4.1_by_dyad.csv").read_bytes())

        def wrong_rows(out):
            return pq.ParquetFile(out / "cow_alliance_4_1_directed.parquet").metadata.num_rows < 6000
        self.ingest_case("known release under another file's name", "cow_alliance_4_1", swap, bad_present=wrong_rows)

        # a doctored NMC 7.0 (no catalog hash) becoming the default version
        def nmc7(raw):
            src = (raw / "cow_nmc_6.0/NMC-60-abridged.csv").read_text()
            (raw / "cow_nmc_6.0/NMC-70-abridged.csv").write_text(src.replace(",2021\n", ",2024\n").replace(
                "USA,2,1816,3823", "USA,2,1816,99999"))

        def default_is_doctored(out):
            import alliancestats as als

            try:
                df = als.load("nmc_state_year", data_dir=out)
            except Exception:  # noqa: BLE001 - refusing the unverified default is the right answer
                return False
            return df.attrs["provenance"].get("dataset_id") == "nmc_7_0"
        raw_ds = "nmc_7_0"
        SOURCES.setdefault(raw_ds, ["cow_nmc_6.0"])
        self.ingest_case("unverified NMC 7.0 becomes the default", raw_ds, nmc7, bad_present=default_is_doctored)

        # a synthetic marker dropped into a real raw tree
        def marker(raw):
            (raw / ".alliancestats-synthetic").write_text("oops")

        def labelled_synthetic(out):
            from alliancestats.store import read_meta

            return bool((read_meta(out / "cow_war_4_0_participant.parquet") or {}).get("synthetic"))
        self.ingest_case("marker file labels real data synthetic", "cow_war_4_0", marker, bad_present=labelled_synthetic,
                         extra=("--force",))

    def tamper_case(self) -> None:
        name = "processed table rewritten with its metadata"
        out = self.out_copy("tamper")
        p = out / "cow_war_4_0_participant.parquet"
        t = pq.read_table(p)
        n = t.num_rows
        pq.write_table(t.slice(0, n // 2).replace_schema_metadata(t.schema.metadata), p)
        raw = self.raw_tree("tamper", ["cow_war_4_0"])
        rc, so, se, tb = self.cli("ingest", "--raw-dir", str(raw), "--out", str(out), "--dataset", "cow_war_4_0", "-q")
        if tb:
            self.add(Result(name, "traceback", 0, tb.splitlines()[-1]))
            return
        ok = pq.ParquetFile(p).metadata.num_rows == n
        self.add(Result(name, "handled" if ok else ("clean error" if rc else "silent"), 0, so[-200:]))

    def litter_case(self) -> None:
        out = self.out_copy("litter")
        (out / ".cow_war_4_0_participant.parquet.k1ll3d.tmp").write_bytes(b"PAR1 half a file")
        raw = self.raw_tree("litter", ["cow_war_4_0"])
        rc, so, se, tb = self.cli("ingest", "--raw-dir", str(raw), "--out", str(out), "--dataset", "cow_war_4_0", "-q")
        left = list(out.glob(".*.tmp"))
        outcome = "traceback" if tb else ("silent" if left else ("handled" if rc == 0 else "clean error"))
        self.add(Result("stale temp file of a killed write", outcome, 0, f"{len(left)} temp files left"))

    def ulimit_case(self) -> None:
        try:
            import resource
        except ImportError:
            return
        out = self.out_copy("ulimit")
        raw = self.raw_tree("ulimit", ["atop_5_1"])
        before = self.tables(out)
        report = out / "ingest_report.json"

        def limit():
            resource.setrlimit(resource.RLIMIT_FSIZE, (50_000, 50_000))

        p = subprocess.run([sys.executable, "-c", "import sys; from alliancestats.cli import main; sys.exit(main(sys.argv[1:]))",
                            "ingest", "--raw-dir", str(raw), "--out", str(out), "--dataset", "atop_5_1", "--force", "-q"],
                           capture_output=True, text=True, timeout=600, preexec_fn=limit, env=_child_env())
        lost = self.lost(before, self.tables(out))
        claims = False
        if report.exists():
            try:
                claims = "failed" not in json.loads(report.read_text()).get("status_counts", {})
            except ValueError:
                claims = False
        if "Traceback" in p.stderr:
            outcome = "traceback"
        elif p.returncode == 0 or claims:
            outcome = "silent"
        else:
            outcome = "clean error"
        self.add(Result("ulimit -f 50 kB during ingest --force", outcome, lost, p.stderr.strip()[-200:]))

    def unreadable_case(self) -> None:
        if hasattr(os, "geteuid") and os.geteuid() == 0:
            self.add(Result("unreadable raw file", "not tried", 0, "running as root: chmod 000 does not stop root"))
            return
        raw = self.raw_tree("unreadable", ["cow_war_4_0"])
        f = raw / "cow_war_4.0" / "Inter-StateWarData_v4.0.csv"
        data = f.read_bytes()
        f.unlink()
        f.write_bytes(data)
        f.chmod(0)
        out = self.out_copy("unreadable")
        before = self.tables(out)
        rc, so, se, tb = self.cli("ingest", "--raw-dir", str(raw), "--out", str(out), "--dataset", "cow_war_4_0", "-q")
        outcome = "traceback" if tb else ("clean error" if rc else "silent")
        self.add(Result("unreadable raw file", outcome, self.lost(before, self.tables(out)), se.strip()[:200]))

    # ------------------------------------------------------------------ reproduce cases

    def reproduce_cases(self) -> None:
        empty = self.work / "no_analyses"
        empty.mkdir(exist_ok=True)
        for name, args in (
            ("reproduce --sample --processed-dir <real dir>", ["--sample"]),
            ("reproduce partial raw dir --processed-dir <real dir>",
             ["--raw-dir", str(self.raw_tree("partial", ["cow_war_4_0"]))]),
        ):
            proc = self.out_copy("repro_" + name.split()[1])
            before = self.tables(proc)
            before_meta = {p.stem: p.read_bytes() for p in proc.glob("*.parquet")}
            rc, so, se, tb = self.cli("reproduce", *args, "--out", str(self.work / ("rout_" + name.split()[1])),
                                      "--processed-dir", str(proc), "--analyses-dir", str(empty), "-q")
            after = self.tables(proc)
            from alliancestats.store import read_meta

            overwritten = sum(1 for t in before if t in after and (proc / f"{t}.parquet").read_bytes() != before_meta[t]
                              and (read_meta(proc / f"{t}.parquet") or {}).get("synthetic"))
            lost = self.lost(before, after) + overwritten
            outcome = "traceback" if tb else ("clean error" if rc else ("silent" if lost else "handled"))
            self.add(Result(name, outcome, lost, (se or so).strip()[-200:]))

        # two runs into one output directory at once
        out = self.work / "race_out"
        cmd = [sys.executable, "-c", "import sys; from alliancestats.cli import main; sys.exit(main(sys.argv[1:]))",
               "reproduce", "--sample", "--out", str(out), "--analyses-dir", str(empty), "-q"]
        for k in range(2):
            shutil.rmtree(out, ignore_errors=True)
            procs = [subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=_child_env())
                     for _ in range(2)]
            res = [p.communicate(timeout=900) for p in procs]
            codes = [p.returncode for p in procs]
            errs = " | ".join(e.strip()[-150:] for _, e in res if e.strip())
            if any("Traceback" in e for _, e in res):
                outcome = "traceback"
            elif all(c == 0 for c in codes):
                outcome = "handled"
            else:
                outcome = "clean error"
            self.add(Result(f"two reproduce runs into one directory (pair {k + 1})", outcome, 0, errs))

    # ------------------------------------------------------------------ download cases

    def download_cases(self) -> None:
        from alliancestats.raw import download as dl
        from alliancestats.raw.catalog import Dataset, Download, ReleaseFile

        sig = inspect.signature(dl.download).parameters
        www = self.work / "www"
        www.mkdir()
        small = b"a,b\n1,2\n"
        import hashlib

        h = hashlib.sha256(small).hexdigest()
        buf = io.BytesIO()
        with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
            zf.writestr("data/small.csv", b"0" * 60_000_000)
        (www / "bomb.zip").write_bytes(buf.getvalue())
        (www / "big.csv").write_bytes(b"1" * 40_000_000)
        inner = io.BytesIO()
        with zipfile.ZipFile(inner, "w") as zf:
            zf.writestr("NMC-70-abridged.csv", small)
        outer = io.BytesIO()
        with zipfile.ZipFile(outer, "w") as zf:
            zf.writestr("NMCv7/NMC-v7-abridged.zip", inner.getvalue())
        (www / "NMCv7.zip").write_bytes(outer.getvalue())
        srv = _Server(www)
        extra = {"deadline": 3.0} if "deadline" in sig else {}
        if "max_bytes" in sig:
            extra["max_bytes"] = 20_000_000
        try:
            def ds(url, filename, members, sha=(h,)):
                return Dataset("probe_1", "P", "T", "1", None, "", "", files=(ReleaseFile("f", "small.csv", sha),),
                               tables=(), downloads=(Download(url, filename, members),))

            cases = [
                ("zip bomb (60 MB member)", ds(f"{srv.url}/bomb.zip", "bomb.zip", {"data/small.csv": "f"}), 20_000_000),
                ("40 MB body for a small known file", ds(f"{srv.url}/big.csv", "big.csv", {"": "f"}), 20_000_000),
                ("trickling server (1 byte / 50 ms)", ds(f"{srv.url}/trickle.csv", "trickle.csv", {"": "f"}, ()), None),
                ("nested-zip member (NMC 7.0 notation)",
                 ds(f"{srv.url}/NMCv7.zip", "NMCv7.zip", {"NMCv7/NMC-v7-abridged.zip!NMC-70-abridged.csv": "f"}), None),
            ]
            for name, d, cap in cases:
                dest = self.work / "dl" / name.split()[0]
                watcher = _SizeWatcher(dest)
                t0 = time.monotonic()
                tb = None
                try:
                    with warnings.catch_warnings():
                        warnings.simplefilter("ignore")
                        res = dl.download(catalog=[d], dest=dest, strict=False, timeout=5, **extra)
                except Exception:  # noqa: BLE001
                    tb = traceback.format_exc()
                took = time.monotonic() - t0
                peak = watcher.stop()
                if tb:
                    outcome = "traceback"
                elif "trickling" in name:
                    outcome = "silent" if took > 10 else "clean error"
                elif "nested" in name:
                    outcome = "handled" if not res.failed else "clean error"
                else:
                    outcome = "silent" if peak > cap else ("clean error" if res.failed else "silent")
                self.add(Result(f"download: {name}", outcome, 0, f"{took:.1f} s, peak {peak} bytes on disk"))
        finally:
            srv.stop()

    # ------------------------------------------------------------------ main

    def prepare(self, datasets: list[str]) -> None:
        self.good = self.work / "good"
        raw = self.raw_tree("good", datasets)
        rc, so, se, tb = self.cli("ingest", "--raw-dir", str(raw), "--out", str(self.good), *sum(
            (["--dataset", d] for d in datasets), []), "-q")
        if tb or not any(self.good.glob("*.parquet")):
            raise SystemExit(f"probe: the good baseline did not ingest: {tb or se}")

    def summary(self) -> str:
        tried = [r for r in self.results if r.outcome != "not tried"]
        count = lambda o: sum(1 for r in tried if r.outcome == o)  # noqa: E731
        lines = [
            f"cases tried:           {len(tried)}",
            f"clean errors:          {count('clean error')}",
            f"handled (rejected / labelled / repaired / done): {count('handled')}",
            f"silent acceptances:    {count('silent')}   (target 0)",
            f"tracebacks:            {count('traceback')}   (target 0)",
            f"tables lost:           {sum(r.lost for r in tried)}   (target 0)",
        ]
        bad = [r for r in tried if r.outcome in ("silent", "traceback") or r.lost]
        if bad:
            lines.append("failing cases:")
            lines += [f"  {r.outcome:10s} lost={r.lost:<3d} {r.name}: {r.detail[:140]}" for r in bad]
        skipped = [r for r in self.results if r.outcome == "not tried"]
        lines += [f"not tried: {r.name} ({r.detail})" for r in skipped]
        return "\n".join(lines)


def _has_duplicates(out: Path, ds: str) -> bool:
    for p in out.glob(f"{ds}_*.parquet"):
        df = pq.read_table(p).to_pandas()
        cols = [c for c in df.columns if c not in ("source_line", "source_file")]
        try:
            if df.duplicated(subset=cols).any():
                return True
        except TypeError:
            continue
    return False


def _child_env() -> dict:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join([str(Path(__import__("alliancestats").__file__).parent.parent),
                                         env.get("PYTHONPATH", "")])
    return env


class _SizeWatcher:
    """Largest total size of the files under ``root`` seen while a download runs (sampled every 5 ms)."""

    def __init__(self, root: Path):
        self.root, self.peak, self.running = root, 0, True
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.thread.start()

    def _run(self):
        while self.running:
            try:
                total = sum(p.stat().st_size for p in self.root.rglob("*") if p.is_file())
            except OSError:
                total = 0
            self.peak = max(self.peak, total)
            time.sleep(0.005)

    def stop(self) -> int:
        self.running = False
        self.thread.join(2)
        return self.peak


class _Server(LoopbackServer):
    """Files of a folder on 127.0.0.1; ``/trickle.csv`` sends one byte every 50 ms (at most 400 bytes)."""

    def __init__(self, root: Path):
        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *a):
                pass

            def do_GET(self):
                name = self.path.lstrip("/")
                if name == "trickle.csv":
                    self.send_response(200)
                    self.send_header("Content-Length", "400")
                    self.end_headers()
                    for _ in range(400):  # bounded
                        try:
                            self.wfile.write(b"x")
                            self.wfile.flush()
                        except OSError:
                            return
                        time.sleep(0.05)
                    return
                f = root / name
                if not f.is_file():
                    self.send_error(404)
                    return
                data = f.read_bytes()
                self.send_response(200)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                try:
                    for i in range(0, len(data), 1 << 16):
                        self.wfile.write(data[i:i + (1 << 16)])
                except OSError:
                    pass

        self.start(Handler)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--raw-dir", type=Path, default=os.environ.get("ALLIANCESTATS_REAL_DATA"),
                    help="raw release files in the MANIFEST layout (default: $ALLIANCESTATS_REAL_DATA)")
    ap.add_argument("--quick", action="store_true", help="skip the reproduce and download cases")
    ap.add_argument("-v", "--verbose", action="store_true", help="print every case as it ends")
    ap.add_argument("--json", type=Path, help="also write every case's outcome here")
    a = ap.parse_args(argv)
    if not a.raw_dir or not Path(a.raw_dir).is_dir():
        print("probe: pass --raw-dir or set ALLIANCESTATS_REAL_DATA (raw release files, MANIFEST layout)",
              file=sys.stderr)
        return 2
    import alliancestats

    print(f"alliancestats {alliancestats.__version__} from {Path(alliancestats.__file__).parent}")
    with tempfile.TemporaryDirectory(prefix="als_probe_") as tmp:
        pr = Probe(Path(a.raw_dir), Path(tmp), a.verbose)
        pr.prepare(list(SOURCES))
        pr.csv_cases()
        pr.value_cases()
        pr.identity_cases()
        pr.tamper_case()
        pr.litter_case()
        pr.ulimit_case()
        pr.unreadable_case()
        if not a.quick:
            pr.reproduce_cases()
            pr.download_cases()
        print(pr.summary())
        if a.json:
            a.json.write_text(json.dumps([r.__dict__ for r in pr.results], indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
