"""Reading report files. (stub)"""
from __future__ import annotations

import hashlib
from pathlib import Path

from .errors import InputError
from .model import Source


def read_file(path: str | Path) -> tuple[str, Source]:
    p = Path(path)
    if not p.is_file():
        raise InputError(f"{p}: no such file")
    raw = p.read_bytes()
    text = raw.decode("utf-8-sig")
    return text, Source(path=str(p), format="txt", encoding="utf-8",
                        sha256=hashlib.sha256(raw).hexdigest(), chars=len(text))
