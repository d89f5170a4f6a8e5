"""The library's docstring Examples, run as doctests (one test per module).

Examples that need the real releases are marked ``+SKIP`` in the docstring,
with the real values in the text. Run here rather than with pytest's
``--doctest-modules``, which would also import every ``tests/*/conftest.py``
under one module name.
"""
from __future__ import annotations

import doctest
import importlib
import pkgutil

import pytest

import alliancestats

MODULES = sorted(m.name for m in pkgutil.walk_packages(alliancestats.__path__, "alliancestats."))
FLAGS = doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # examples that write files write them here
    mod = importlib.import_module(name)
    tests = [t for t in doctest.DocTestFinder().find(mod, name) if t.examples]
    runner = doctest.DocTestRunner(optionflags=FLAGS)
    for t in tests:
        runner.run(t)
    res = runner.summarize(verbose=False)
    assert res.failed == 0, f"{res.failed} of {res.attempted} doctest examples failed in {name} (output above)"
