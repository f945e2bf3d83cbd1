"""The extractor's version: a hash of its code and lexicons. When either changes, every article is
extracted again, so the warehouse never mixes rows from two rule sets."""

from __future__ import annotations

import functools
import hashlib
from pathlib import Path

_ROOT = Path(__file__).parent


@functools.cache
def extractor_version() -> str:
    h = hashlib.sha256()
    files = sorted(_ROOT.glob("*.py")) + sorted((_ROOT / "lexicons").rglob("*"))
    for f in files:
        if f.is_file():
            h.update(f.relative_to(_ROOT).as_posix().encode())
            h.update(f.read_bytes())
    return h.hexdigest()[:12]
