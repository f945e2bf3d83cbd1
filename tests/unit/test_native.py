"""The compiled extractor (extract/native.py) gives the same rows as the source, and a compiled
module is never used once its source has changed."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from extract import native
from extract.native_build import build

REPO = Path(__file__).resolve().parents[2]

# Segments the sample corpus and extracts every article of every gold set (with and without a
# publication date), printing the modules it ran compiled and then every row as JSON.
_DUMP = r"""
import dataclasses, json, sys
from datetime import date
import yaml
from evaluation.score import GOLD_DIR, _date, _gold_articles
from extract.article import extract_article
from extract.segment import segment
from extract.native import compiled_modules

lines = (GOLD_DIR.parents[1] / "data" / "sample" / "shaam_2017-07.txt").read_text(encoding="utf-8").splitlines()
texts = [("\n".join(p for _, p in a), date(2017, 7, 27)) for a in segment(lines)]
for path in sorted(GOLD_DIR.glob("*.yml")):
    for g, text in _gold_articles(yaml.safe_load(path.read_text(encoding="utf-8"))):
        texts += [(text, _date(g.get("published_at"))), (text, None)]
print(json.dumps(compiled_modules()))
for i, (text, published) in enumerate(texts):
    x = extract_article(str(i), text, published)
    print(json.dumps(dataclasses.asdict(x), default=str, ensure_ascii=False))
"""


def _dump(**env) -> tuple[list[str], list[str]]:
    out = subprocess.run(
        [sys.executable, "-c", _DUMP],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, "PYTHONPATH": str(REPO), **env},
    ).stdout.splitlines()
    return json.loads(out[0]), out[1:]


@pytest.fixture(scope="module")
def compiled_build():
    build()  # conftest built them at session start; again in case a source changed since
    assert all(native.is_current(name) for name in native.MODULES)


def test_compiled_extractor_gives_the_same_rows_as_the_source(compiled_build):
    compiled, compiled_rows = _dump()
    source, source_rows = _dump(CONFLICT_PURE_PYTHON="1")
    assert compiled == sorted(native.MODULES) and source == []
    assert len(compiled_rows) > 200  # the sample's articles and every gold article, twice
    assert compiled_rows == source_rows


def test_a_stale_compiled_module_is_not_used(compiled_build, tmp_path):
    stale = tmp_path / "native"
    shutil.copytree(native.BUILD_DIR, stale)
    (stale / native.stamp_path("casualties").name).write_text("0" * 64 + "\n")  # as if casualties.py was edited since
    # ... and another Python then built it from the current source: its stamp vouches for its own binary only
    (stale / "casualties.cpython-399-x86_64-linux-gnu.so.sha256").write_text(native._source_hash("casualties") + "\n")
    probe = (
        "import json, extract.article, extract.casualties, extract.numbers\n"
        "from extract.native import compiled_modules\n"
        "print(json.dumps([compiled_modules(), extract.casualties.__file__]))"
    )
    out = subprocess.run(
        [sys.executable, "-c", probe],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, "PYTHONPATH": str(REPO), "CONFLICT_NATIVE_DIR": str(stale)},
    ).stdout
    compiled, casualties_file = json.loads(out)
    assert casualties_file == str(REPO / "extract" / "casualties.py")
    assert "casualties" not in compiled and {"article", "numbers"} <= set(compiled)
