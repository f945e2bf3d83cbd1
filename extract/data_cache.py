"""Tables the extractor builds from its lexicon files, kept as a pickle per version of those files so
a new worker loads them instead of building them again (the national gazetteer: 8,910 rows from
some 1.3 MB of CSV in ~0.13 s and twice their memory; unpickled in ~0.02 s).

A table is read back only under the sha256 of every lexicon file and every module of the package,
so an edited lexicon or rule is never answered from a stale table; a file that cannot be read or
written (a read-only checkout, a half-written file) means the table is built, as it was before.
Set CONFLICT_DATA_CACHE=0 to always build.
"""

from __future__ import annotations

import hashlib
import os
import pickle
from collections.abc import Callable
from pathlib import Path
from typing import Any

from extract.lexicon import LEXICON_DIR

PACKAGE_DIR = Path(__file__).resolve().parent
CACHE_DIR = Path(os.environ.get("CONFLICT_DATA_CACHE_DIR", PACKAGE_DIR.parent / ".build" / "data"))


def _inputs_digest() -> str:
    digest = hashlib.sha256()
    files = sorted(PACKAGE_DIR.glob("*.py")) + sorted(p for p in LEXICON_DIR.rglob("*") if p.is_file())
    for path in files:
        digest.update(f"{path.relative_to(PACKAGE_DIR)}\0".encode())
        digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()[:32]


def cached(name: str, build: Callable[[], Any]) -> Any:
    """build(), or what it returned for the same lexicons and code, read back from CACHE_DIR."""
    if os.environ.get("CONFLICT_DATA_CACHE", "") == "0":
        return build()
    path = CACHE_DIR / f"{name}-{_inputs_digest()}.pickle"
    try:
        with open(path, "rb") as fh:
            return pickle.load(fh)
    except (OSError, EOFError, pickle.UnpicklingError, AttributeError, ValueError):
        pass
    value = build()
    try:
        CACHE_DIR.mkdir(parents=True, exist_ok=True)
        part = path.with_name(f"{path.name}.{os.getpid()}.part")
        part.write_bytes(pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL))
        os.replace(part, path)  # whole or not at all, for a worker reading it at the same moment
        for old in CACHE_DIR.glob(f"{name}-*.pickle"):  # the tables of earlier lexicons
            if old != path:
                old.unlink(missing_ok=True)
    except OSError:
        pass
    return value
