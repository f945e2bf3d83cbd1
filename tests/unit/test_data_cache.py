"""The gazetteer a worker reads back is the one the lexicons build, and a table is never read back
for lexicons other than those it was built from."""

import os
import pickle
import subprocess
import sys
from pathlib import Path

from extract import data_cache, gazetteer

REPO = Path(__file__).resolve().parents[2]


def test_the_kept_gazetteer_is_the_built_one(tmp_path):
    env = {**os.environ, "PYTHONPATH": str(REPO), "CONFLICT_DATA_CACHE_DIR": str(tmp_path)}
    code = (
        "import pickle; from extract.gazetteer import gazetteer; print(pickle.dumps(list(gazetteer().items())).hex())"
    )
    first, second = (
        subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True).stdout
        for _ in range(2)
    )
    assert [p.name.split("-")[0] for p in tmp_path.glob("*.pickle")] == ["gazetteer"]
    built = gazetteer._build_gazetteer()
    assert first == second == pickle.dumps(list(built.items())).hex() + "\n"


def test_other_lexicons_build_the_table_again(tmp_path, monkeypatch):
    monkeypatch.setattr(data_cache, "CACHE_DIR", tmp_path)
    calls = []
    assert data_cache.cached("t", lambda: calls.append(1) or {"a": 1}) == {"a": 1}
    assert data_cache.cached("t", lambda: calls.append(1) or {"a": 2}) == {"a": 1}  # read back
    monkeypatch.setattr(data_cache, "_inputs_digest", lambda: "other")
    assert data_cache.cached("t", lambda: calls.append(1) or {"a": 3}) == {"a": 3}
    assert calls == [1, 1] and [p.name for p in tmp_path.glob("t-*.pickle")] == ["t-other.pickle"]


def test_an_unreadable_table_is_built(tmp_path, monkeypatch):
    monkeypatch.setattr(data_cache, "CACHE_DIR", tmp_path)
    (tmp_path / f"t-{data_cache._inputs_digest()}.pickle").write_bytes(b"\x80\x05half")
    assert data_cache.cached("t", lambda: [1, 2]) == [1, 2]
