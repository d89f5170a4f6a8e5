"""Helpers for hand-made fixture files (importable from any test folder)."""
from __future__ import annotations

from pathlib import Path


def write_text(path: Path, text: str, *, newline: str = "\n", encoding: str = "utf-8", bom: bool = False) -> Path:
    """Write a hand-made fixture file with chosen line endings / encoding."""
    path.parent.mkdir(parents=True, exist_ok=True)
    body = text.strip("\n").replace("\n", newline) + newline
    data = body.encode(encoding)
    if bom:
        data = b"\xef\xbb\xbf" + data
    path.write_bytes(data)
    return path
