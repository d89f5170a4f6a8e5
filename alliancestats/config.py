"""Where processed data live.

Lookup order for every function that reads processed tables:
1. the ``data_dir=`` argument;
2. the environment variable ``ALLIANCESTATS_DATA_DIR``;
3. the project's ``data/processed/`` (next to the package in a checkout),
   else ``./data/processed`` in the working directory.
"""
from __future__ import annotations

import os
from pathlib import Path

ENV_DATA_DIR = "ALLIANCESTATS_DATA_DIR"
ENV_REAL_DATA = "ALLIANCESTATS_REAL_DATA"

_PROJECT_ROOT = Path(__file__).resolve().parent.parent


def project_root() -> Path:
    return _PROJECT_ROOT


def resolve_data_dir(data_dir: str | os.PathLike | None = None) -> Path:
    """The processed-data folder: ``data_dir``, else ``$ALLIANCESTATS_DATA_DIR``, else ``data/processed``.

    Parameters
    ----------
    data_dir : path, optional
        An explicit folder; returned as a :class:`~pathlib.Path` when given.

    Returns
    -------
    Path
        The project's ``data/processed`` in a checkout, else
        ``./data/processed`` of the working directory, unless the argument
        or the environment variable names another folder.

    Examples
    --------
    >>> from alliancestats import resolve_data_dir
    >>> str(resolve_data_dir("/tmp/processed"))
    '/tmp/processed'
    """
    if data_dir is not None:
        return Path(data_dir)
    env = os.environ.get(ENV_DATA_DIR)
    if env:
        return Path(env)
    checkout = _PROJECT_ROOT / "data" / "processed"
    if (_PROJECT_ROOT / "pyproject.toml").exists():
        return checkout
    return Path.cwd() / "data" / "processed"
