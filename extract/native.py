"""Cython-compiled copies of the extractor's modules: built by `python -m extract.native_build`
(`make setup` runs it) and imported in place of the .py files only while they were compiled from
exactly the current source.

Compiling the unchanged Python removes the interpreter's per-line cost from the per-word and
per-token loops, which is where the extractor spends its time (the regex scans already run in C).
The output is the same: tests/unit/test_native.py extracts the gold sets and the sample both ways.

A compiled module is used only when its stamp (the sha256 of the .py it was compiled from) equals
the sha256 of the .py now on disk, so an edited module is read from source until the next build,
never from a stale binary. Without a C compiler, or with CONFLICT_PURE_PYTHON=1, everything runs
from source.
"""

from __future__ import annotations

import hashlib
import importlib.machinery
import importlib.util
import os
import sys
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
BUILD_DIR = Path(os.environ.get("CONFLICT_NATIVE_DIR", PACKAGE_DIR.parent / ".build" / "native"))
# The per-article, per-sentence and per-token code. Left as source: the package itself, this
# loader, and the modules that find their files beside their own __file__ (lexicon, version).
MODULES = (
    "actor_context",
    "article",
    "casualties",
    "dates",
    "entities",
    "events",
    "keys",
    "matcher",
    "numbers",
    "places",
    "segment",
    "text",
    "tokens",
)
_SUFFIX = importlib.machinery.EXTENSION_SUFFIXES[0]  # e.g. .cpython-311-x86_64-linux-gnu.so


def _source_hash(name: str) -> str:
    return hashlib.sha256((PACKAGE_DIR / f"{name}.py").read_bytes()).hexdigest()


def binary_path(name: str) -> Path:
    return BUILD_DIR / f"{name}{_SUFFIX}"


def stamp_path(name: str) -> Path:
    # one stamp per binary (the suffix names the interpreter's ABI): a build by another Python must
    # not make this one's older binary look current
    return BUILD_DIR / f"{name}{_SUFFIX}.sha256"


def is_current(name: str) -> bool:
    """Whether the compiled module exists and was built from the source now on disk."""
    stamp = stamp_path(name)
    return binary_path(name).is_file() and stamp.is_file() and stamp.read_text().strip() == _source_hash(name)


def disabled() -> bool:
    return os.environ.get("CONFLICT_PURE_PYTHON", "") not in ("", "0")


class _CompiledFinder:
    """Serves extract.<module> from its compiled copy when that copy is current."""

    @staticmethod
    def find_spec(fullname: str, path=None, target=None):
        package, _, name = fullname.rpartition(".")
        if package != __package__ or name not in MODULES or not is_current(name):
            return None
        return importlib.util.spec_from_file_location(fullname, binary_path(name))


def install() -> None:
    if not disabled() and not any(isinstance(f, _CompiledFinder) for f in sys.meta_path):
        sys.meta_path.insert(0, _CompiledFinder())


def compiled_modules() -> list[str]:
    """The extract modules imported from compiled copies in this process (for logs and benchmarks)."""
    return sorted(
        name
        for name in MODULES
        if str(getattr(sys.modules.get(f"{__package__}.{name}"), "__file__", "")).endswith(_SUFFIX)
    )
