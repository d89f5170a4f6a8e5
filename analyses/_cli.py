"""Command line shared by the analysis scripts: ``python analyses/<name>.py --data-dir DIR --out DIR``.

A helper module (the leading ``_`` keeps ``reproduce`` from treating it as an
analysis). Each script calls :func:`main` with its ``run`` function, any
extra options it takes, and a function printing its headline.
"""
from __future__ import annotations

import argparse
from typing import Callable


def main(run: Callable[..., dict], doc: str, argv=None, *, options: tuple[tuple[str, type, object, str], ...] = (),
         headline: Callable[[dict], None] | None = None) -> dict:
    """Parse ``--data-dir``, ``--out``, ``--synthetic`` and ``options`` (flag, type, default, help); run; print.

    ``options`` become keyword arguments of ``run`` (``--n-sims`` -> ``n_sims``).
    Returns the results dict.
    """
    ap = argparse.ArgumentParser(description=(doc or "").strip().splitlines()[0] if doc else None)
    ap.add_argument("--data-dir", required=True, help="processed data directory")
    ap.add_argument("--out", required=True, help="output directory")
    ap.add_argument("--synthetic", action="store_true", help="synthetic sample world (figures stamped SYNTHETIC)")
    for flag, typ, default, text in options:
        ap.add_argument(flag, type=typ, default=default, help=text)
    a = vars(ap.parse_args(argv))
    data_dir, out, synthetic = a.pop("data_dir"), a.pop("out"), a.pop("synthetic")
    res = run(data_dir, out, synthetic=synthetic, **a)
    if headline is not None:
        headline(res)
    return res
