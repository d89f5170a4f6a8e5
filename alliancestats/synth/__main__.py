"""``python -m alliancestats.synth --out data/raw/sample``: write the synthetic sample world."""
from __future__ import annotations

import argparse
import sys

from . import SAMPLE_DIR, generate


def main(argv=None) -> int:
    p = argparse.ArgumentParser(prog="python -m alliancestats.synth", description=__doc__.splitlines()[0])
    p.add_argument("--out", default=str(SAMPLE_DIR), help=f"output folder (default: {SAMPLE_DIR})")
    args = p.parse_args(argv)
    paths = generate(args.out)
    total = sum(p.stat().st_size for p in paths)
    for path in paths:
        print(f"{path.stat().st_size:>9d}  {path.name}")
    print(f"{total:>9d}  bytes in {len(paths)} files under {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
