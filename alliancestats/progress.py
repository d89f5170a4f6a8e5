"""The library's progress bars: tqdm's, quiet when not interactive and for short runs.

One module for every bar the library shows (ingest, downloads, simulations,
bootstraps, refits, multiverse grids, reproduce stages).

Long computations (simulations, bootstraps, refits, profile likelihoods,
sensitivity and multiverse grids) report through :func:`progress`: a widget
in notebooks, a text bar in terminals, nothing when output is not
interactive (logs, CI, ``reproduce`` redirected to a file: tqdm's
``disable=None``), and nothing for runs that finish within
:data:`PROGRESS_DELAY` seconds (tqdm's ``delay``), so quick calls never
flash a bar. Ingest, downloads and ``reproduce`` build their bars from
:func:`tqdm_class` directly: their ``progress=True`` forces a bar even when
output is not interactive, which :func:`progress` does not offer.
"""
from __future__ import annotations

from functools import cache

__all__ = ["PROGRESS_DELAY", "progress", "tqdm_class"]

#: seconds before a bar appears: operations shorter than this show none
PROGRESS_DELAY = 2.0


@cache
def tqdm_class():
    """``tqdm.auto.tqdm`` when ipywidgets is installed, else the text bar ``tqdm.std.tqdm``.

    Why not ``tqdm.auto`` always: in a Jupyter kernel without ipywidgets it
    prints ``TqdmWarning: IProgress not found`` into every cell that shows a
    bar; the text bar works there without one.
    """
    try:
        import ipywidgets  # noqa: F401
    except ImportError:
        from tqdm.std import tqdm
    else:
        from tqdm.auto import tqdm
    return tqdm


def progress(iterable=None, *, total: int | None = None, desc: str = "", unit: str = "it", show: bool = True,
             **tqdm_kwargs):
    """A bar (:func:`tqdm_class`) over ``iterable`` (or a manual bar of ``total``) with the library's defaults.

    Parameters
    ----------
    iterable : iterable, optional
        What to loop over (the bar counts its items).
    total : int, optional
        Number of items (default ``len(iterable)`` when it has one).
    desc, unit : str
        Label and unit of the bar.
    show : bool
        False turns the bar off (e.g. when the caller knows the work is small).
    **tqdm_kwargs
        Other tqdm options (``unit_scale``, ``smoothing``, ``leave``, ...).

    Returns
    -------
    tqdm.tqdm
        Iterate over it, or call ``update(n)`` / ``close()`` for a manual bar.

    Examples
    --------
    >>> sum(x for x in progress(range(5), desc="demo"))  # no bar: short and not interactive
    10
    """
    return tqdm_class()(iterable, total=total, desc=desc, unit=unit, disable=None if show else True, delay=PROGRESS_DELAY,
                        dynamic_ncols=True, **tqdm_kwargs)
