"""The installed package cannot be shadowed by the clone's own folder (issue 13).

Starting Python in the folder that *contains* a clone named ``alliancestats``
puts that folder first on ``sys.path``. With setuptools' default editable
install (a meta-path finder consulted after the path finder) the clone root,
which has no ``__init__.py``, was imported as an empty namespace package and
``alliancestats.create_dyad_years`` raised ``AttributeError``. pyproject.toml
maps ``package-dir = {"" = "."}`` so that ``pip install -e .`` writes a static
``.pth`` entry instead; the path finder then prefers the regular package.
"""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import alliancestats

PROJECT = Path(alliancestats.__file__).resolve().parent.parent


def _import_from(cwd: Path) -> subprocess.CompletedProcess:
    code = ("import alliancestats, pathlib; alliancestats.create_dyad_years; "
            "print(pathlib.Path(alliancestats.__file__).resolve())")
    return subprocess.run([sys.executable, "-c", code], cwd=cwd, capture_output=True, text=True, timeout=120)


def test_import_next_to_a_clone_named_alliancestats(tmp_path):
    # The failure scenario: the working directory holds a folder named like the
    # package whose root is the project (no __init__.py at that level).
    (tmp_path / "alliancestats").symlink_to(PROJECT, target_is_directory=True)
    assert not (tmp_path / "alliancestats" / "__init__.py").exists()
    res = _import_from(tmp_path)
    assert res.returncode == 0, res.stderr
    assert Path(res.stdout.strip()) == PROJECT / "alliancestats" / "__init__.py"

