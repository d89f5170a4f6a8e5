"""Every public name at top level has a docstring: ``help(als.add_contiguity)`` must say something (issue 13).

The API reference (docs/api.rst) is generated from these docstrings, so an
empty one is an empty page as well as an empty ``help()``.
"""
from __future__ import annotations

import inspect

import alliancestats as als


def test_top_level_names_have_docstrings():
    empty = [name for name in als.__all__
             if (inspect.isfunction(obj := getattr(als, name)) or inspect.isclass(obj))
             and not (inspect.getdoc(obj) or "").strip()]
    assert not empty, f"public names without a docstring (help() shows nothing): {empty}"


def test_the_api_reference_lists_every_public_subpackage():
    from pathlib import Path

    api = (Path(__file__).resolve().parents[2] / "docs" / "api.rst").read_text(encoding="utf-8")
    for mod in ("alliancestats", "alliancestats.deterrence", "alliancestats.models", "alliancestats.fulfillment",
                "alliancestats.burden", "alliancestats.multiverse"):
        assert f"\n   {mod}\n" in api, mod
