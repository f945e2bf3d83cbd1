"""The layers point one way: extract <- ingest <- warehouse <- dags. Every import statement of every
module (also those inside functions and under TYPE_CHECKING: a lazy upward import is still a cycle
in the design) is read with ast and checked against the layers its package may use."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
OURS = {"extract", "ingest", "expectations", "warehouse", "dags", "evaluation", "benchmarks", "tests"}
# which of our top-level packages each may import (itself always); expectations (the GX suites and
# the gate) sits beside ingest, below the warehouse tasks that run it
MAY_IMPORT = {
    "extract": set(),
    "ingest": {"extract"},
    "expectations": {"extract", "ingest"},
    "evaluation": {"extract"},
    "warehouse": {"extract", "ingest", "expectations"},
    "dags": {"warehouse"},
    "benchmarks": {"extract", "ingest", "expectations", "warehouse", "tests"},
    "tests": OURS - {"tests"},
}
# tests share the benchmarks' corpus, never a benchmark runner
TESTS_MAY_IMPORT_MODULES = {"benchmarks.corpus"}
# modules a task imports on every run: they must not pull in Great Expectations (seconds to import)
LIGHT_MODULES = ["warehouse.ledger", "warehouse.gate_holds", "warehouse.holdback"]


def imported_modules(path: Path, package: str) -> set[str]:
    """Every module an import statement in the file names, relative imports resolved."""
    tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                parent = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join(parent + ([node.module] if node.module else []))
            else:
                base = node.module or ""
            found.add(base)
            found.update(f"{base}.{alias.name}" for alias in node.names)
    return found


def upward_imports(root: Path) -> list[str]:
    """`file: module` for every import of ours the file's layer may not use."""
    bad = []
    for top in sorted(OURS):
        for path in sorted((root / top).rglob("*.py")):
            rel = path.relative_to(root)
            if "gold" in rel.parts or "fixtures" in rel.parts:
                continue
            package = ".".join(rel.with_suffix("").parts[:-1])
            for module in sorted(imported_modules(path, package)):
                target = module.split(".")[0]
                if target not in OURS or target == top:
                    continue
                if top == "tests" and target == "benchmarks":
                    if (
                        not any(module == m or module.startswith(f"{m}.") for m in TESTS_MAY_IMPORT_MODULES)
                        and module != "benchmarks"
                    ):
                        bad.append(f"{rel}: {module}")
                    continue
                if target not in MAY_IMPORT[top]:
                    bad.append(f"{rel}: {module}")
    return bad


def test_no_module_imports_a_layer_above_it():
    assert upward_imports(REPO) == []


def test_the_walk_sees_an_upward_import(tmp_path):
    """The checker itself: an extract module importing ingest (the content_hash cycle this test was
    written against), a lazy one inside a function, and a test importing a benchmark runner."""
    (tmp_path / "extract").mkdir()
    (tmp_path / "extract" / "article.py").write_text("from ingest.records import content_hash\n")
    (tmp_path / "ingest").mkdir()
    (tmp_path / "ingest" / "load.py").write_text("def f():\n    from warehouse import db\n")
    (tmp_path / "tests").mkdir()
    (tmp_path / "tests" / "test_x.py").write_text(
        "from benchmarks.pipeline import write_corpus\nfrom benchmarks.corpus import write_corpus\n"
    )
    assert upward_imports(tmp_path) == [
        "extract/article.py: ingest.records",
        "extract/article.py: ingest.records.content_hash",
        "ingest/load.py: warehouse",
        "ingest/load.py: warehouse.db",
        "tests/test_x.py: benchmarks.pipeline",
        "tests/test_x.py: benchmarks.pipeline.write_corpus",
    ]


@pytest.mark.parametrize("module", LIGHT_MODULES)
def test_result_types_do_not_import_great_expectations(module):
    code = f"import sys, {module}; print('great_expectations' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
