"""Sphinx configuration: API reference from the numpydoc docstrings, vignettes as MyST text notebooks.

Build: ``python -m sphinx docs docs/_build/html`` (the vignettes run on the
synthetic sample world, about a minute). ``-D nb_execution_mode=off`` builds
without running them; tests/docs/test_docs.py builds with ``-W`` from
notebooks it has already executed.
"""
from __future__ import annotations

import alliancestats

project = "alliancestats"
author = "alliancestats contributors"
copyright = "alliancestats contributors (MIT licence)"
version = release = alliancestats.__version__

extensions = [
    "sphinx.ext.autodoc",
    "sphinx.ext.autosummary",
    "sphinx.ext.mathjax",
    "numpydoc",
    "myst_nb",
]

templates_path = ["_templates"]
exclude_patterns = ["_build", "**.ipynb_checkpoints", "Thumbs.db", ".DS_Store"]
source_suffix = {".rst": "restructuredtext", ".md": "myst-nb", ".ipynb": "myst-nb"}
root_doc = "index"

# API reference: one page per public name; a module's __all__ decides what is public.
autosummary_generate = True
autosummary_ignore_module_all = False
autosummary_imported_members = False
autodoc_default_options = {"members": False}
autodoc_typehints = "none"          # the signatures show the annotations; numpydoc sections describe them
numpydoc_show_class_members = False  # class pages list no member stubs (dataclass fields are in the docstring)
numpydoc_class_members_toctree = False

# Vignettes: executed on the sample world at build time unless their outputs are already stored
# (tests build from notebooks they executed, with -D nb_execution_mode=off).
nb_execution_mode = "auto"
nb_execution_timeout = 600
nb_execution_raise_on_error = True
nb_merge_streams = True
myst_enable_extensions = ["dollarmath"]
myst_heading_anchors = 3

html_theme = "alabaster"  # ships with Sphinx: no theme dependency
# wide enough for regression tables and the chained verbs without horizontal scrolling
html_theme_options = {"page_width": "1280px", "sidebar_width": "240px", "body_max_width": "none"}
html_title = f"alliancestats {release}"
html_static_path: list[str] = []
