"""The extractor's rules stay readable one by one (issue 17): no function in extract/ over 60 lines."""

import ast
from pathlib import Path

import pytest

EXTRACT = Path(__file__).resolve().parents[2] / "extract"
LIMIT = 60


def long_functions(root: Path, limit: int = LIMIT) -> list[str]:
    found = []
    for path in sorted(root.glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                length = node.end_lineno - node.lineno + 1
                if length > limit:
                    found.append(f"{path.name}:{node.lineno} {node.name} ({length} lines)")
    return found


def test_no_function_in_extract_is_longer_than_sixty_lines():
    assert long_functions(EXTRACT) == []


@pytest.mark.parametrize("limit", [10])
def test_the_check_sees_long_functions(limit):
    assert long_functions(EXTRACT, limit), "a ten-line limit must catch some function"
