"""The README runs as written on a fresh clone (issue 13).

A "fresh clone" is a temporary copy of what git tracks that the examples use
(the package, the synthetic sample world in data/raw/sample, pyproject.toml),
with Python started in it, as a user who has just cloned the repository and
installed it would. The README's ```python blocks run there unchanged, with
no ``ALLIANCESTATS_DATA_DIR``: processed data go to the copy's own
data/processed. Its shell commands are each either run as written (the cheap
ones), parsed by the real command-line parser (downloads need the network),
or named with the test that covers them; a command the README gains that is
in none of these lists fails :func:`test_every_readme_command_is_checked`.
"""
from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import alliancestats as als
from alliancestats.cli import build_parser

PROJECT = Path(__file__).resolve().parents[2]
README = (PROJECT / "README.md").read_text(encoding="utf-8")

#: run as written in the fresh clone, in this order
RUN = (
    "alliancestats ingest --raw-dir ~/data/releases --out data/processed",  # HOME = a folder holding the sample
    "alliancestats datasets -v",
    "alliancestats panel --start 1816 --end 2010 --with atop,gml,nmc,contiguity,majors,peace --out ddy.parquet",
    "alliancestats panel --unit state --with atop,gml,wars --out sy.csv",
)
#: need the network or real data (or run above in another form): parsed by the CLI's own parser, dataset ids checked against the catalog
PARSE = (
    "alliancestats datasets",  # named in prose; `datasets -v` runs above
    "alliancestats download --dest data/raw/real",
    "alliancestats download atop_5_1 gml_mid_2_1 cow_states_2016 --dest data/raw",
    "alliancestats download --base-url https://mirror.example.edu/alliance-data",
    "alliancestats reproduce --raw-dir data/raw/real --out results/real",
)
#: covered elsewhere (the command and where it is checked)
COVERED = {
    "python3 -m venv .venv && . .venv/bin/activate && pip install -e \".[test]\"": ".ci/run (CI installs so)",
    "python -m pytest -q": ".ci/run (CI runs it)",
    "alliancestats reproduce --sample --out results/sample": "tests/reproduce/test_reproduce.py",
    "alliancestats reproduce --sample": "tests/reproduce/test_reproduce.py",
    "alliancestats reproduce": "tests/reproduce (the command named in prose)",
    "alliancestats multiverse deterrence --workers N [--scheduler tcp://host:8786] --out DIR":
        "tests/multiverse (a usage pattern with placeholders)",
    "python tests/benchmarks/bench_ingest.py": "benchmarks run on demand",
}


def python_blocks(text: str) -> list[str]:
    return re.findall(r"^```python\n(.*?)^```", text, flags=re.S | re.M)


def shell_commands(text: str) -> list[str]:
    """Commands in the README: indented code lines outside fences and inline `alliancestats ...` / `python ...`."""
    cmds, fenced = [], False
    lines = text.splitlines()
    for i, line in enumerate(lines):
        if line.startswith("```"):
            fenced = not fenced
            continue
        if fenced:
            continue
        if line.startswith("    ") and line.strip() and (i == 0 or lines[i - 1].strip() == "" or
                                                         lines[i - 1].startswith("    ")):
            cmds.append(line.strip().split("  #")[0].strip())
    # inline commands in prose: `alliancestats ...` and `python tests/...`
    for m in re.finditer(r"`((?:alliancestats|python) [^`]+)`", text):
        cmds.append(m.group(1).strip())
    return list(dict.fromkeys(c for c in cmds if c))


def test_the_readme_states_the_python_requirement_and_links_the_docs():
    assert re.search(r"Python 3\.\d+ or newer", README)
    assert "python -m sphinx docs docs/_build/html" in README
    assert "peacesciencer" in README and "docs/vignettes/peacesciencer.md" in README


def test_every_readme_command_is_checked():
    known = set(RUN) | set(PARSE) | set(COVERED)
    unchecked = [c for c in shell_commands(README) if c not in known
                 and c != "python -m sphinx docs docs/_build/html"]  # built by test_docs.py (with -W)
    assert not unchecked, f"README commands no test checks (add them to RUN, PARSE or COVERED): {unchecked}"
    missing = [c for c in (*RUN, *PARSE) if c not in shell_commands(README)]
    assert not missing, f"commands listed here that the README no longer has: {missing}"


@pytest.mark.parametrize("cmd", PARSE)
def test_network_commands_parse(cmd):
    argv = shlex.split(cmd)[1:]
    args = build_parser().parse_args(argv)  # SystemExit on an unknown option
    ids = {d.dataset_id for d in als.datasets()}
    unknown = [d for d in getattr(args, "dataset", None) or [] if d not in ids]
    assert not unknown, f"{cmd}: unknown dataset ids {unknown}"


@pytest.fixture(scope="module")
def fresh_clone(tmp_path_factory) -> Path:
    """The package, the sample world and pyproject.toml copied as a clone has them (no data/processed)."""
    root = tmp_path_factory.mktemp("clone") / "alliancestats-clone"
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc")
    shutil.copytree(PROJECT / "alliancestats", root / "alliancestats", ignore=ignore)
    shutil.copytree(PROJECT / "data" / "raw" / "sample", root / "data" / "raw" / "sample", ignore=ignore)
    (root / "data" / "processed").mkdir()
    for name in ("pyproject.toml", "README.md"):
        shutil.copy2(PROJECT / name, root / name)
    return root


def _env(clone: Path, home: Path | None = None) -> dict:
    """The user's environment, with the clone as the installed package (an editable install of the clone
    resolves there; PYTHONPATH does the same for the console script, which does not start in the cwd)."""
    env = {k: v for k, v in os.environ.items() if k != "ALLIANCESTATS_DATA_DIR"}
    env["PYTHONPATH"] = os.pathsep.join([str(clone), *filter(None, [env.get("PYTHONPATH")])])
    if home is not None:
        env["HOME"] = str(home)
    return env


def test_readme_python_block_runs_as_written(fresh_clone):
    blocks = python_blocks(README)
    assert blocks, "the README has no ```python block"
    for i, block in enumerate(blocks):
        script = fresh_clone / f"readme_block_{i}.py"
        script.write_text(block, encoding="utf-8")
        # `python script.py` puts the clone first on sys.path: the clone's package and data/processed are used
        res = subprocess.run([sys.executable, script.name], cwd=fresh_clone, env=_env(fresh_clone), capture_output=True,
                             text=True, timeout=600)
        assert res.returncode == 0, f"README python block {i} failed:\n{res.stderr[-4000:]}"
    assert any((fresh_clone / "data" / "processed").glob("*.parquet")), "the block's ingest wrote nothing"
    assert "@" in res.stdout  # als.cite(...) printed BibTeX


def test_readme_shell_commands_run_as_written(fresh_clone, tmp_path):
    home = tmp_path / "home"
    (home / "data").mkdir(parents=True)
    shutil.copytree(PROJECT / "data" / "raw" / "sample", home / "data" / "releases")
    exe = Path(sys.executable).parent / "alliancestats"  # the console script of this environment
    for cmd in RUN:
        line = cmd.replace("alliancestats", shlex.quote(str(exe)), 1)
        res = subprocess.run(["bash", "-c", line], cwd=fresh_clone, env=_env(fresh_clone, home), capture_output=True,
                             text=True, timeout=600)
        assert res.returncode == 0, f"{cmd} failed:\n{res.stdout[-2000:]}\n{res.stderr[-4000:]}"
    assert (fresh_clone / "ddy.parquet").stat().st_size > 0
    assert (fresh_clone / "sy.csv").stat().st_size > 0
