"""Shared fixtures: an isolated CONFLICT_HOME and inbox per test (the helpers they use are in
tests/helpers.py)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.helpers import SAMPLE

# The integration files by their measured time, longest first (benchmarks/RESULTS.md, "Test suite
# time"): under pytest-xdist (`make test`) the longest start first, so none of them is left to run
# alone at the end while the other workers sit idle. Files not named keep their order, after these.
LONGEST_FIRST = [
    "test_celery.py",
    "test_dag.py",
    "test_postgres.py",
    "test_reliability.py",
    "test_dag_quarantine.py",
    "test_feeds.py",
    "test_locations_mart.py",
    "test_serve.py",
    "test_exports.py",
    "test_report.py",
    "test_incremental_marts.py",
    "test_mapped_extract.py",
]


def pytest_sessionstart(session):
    """Tests run the extractor as the pipeline does: compiled from the current sources (a no-op when
    `make` has just built it; before collection, so in-process tests import the compiled copies).
    Under xdist the controller builds it before it starts the workers, which then find it current."""
    if hasattr(session.config, "workerinput"):
        return
    from extract.native_build import build

    build()


def pytest_collection_modifyitems(config, items):
    """Longest files first; a stable sort, so every xdist worker collects the same order."""
    rank = {name: i for i, name in enumerate(LONGEST_FIRST)}
    items.sort(
        key=lambda item: rank.get(item.path.name, len(rank)) if "integration" in item.path.parts else len(rank) + 1
    )


@pytest.fixture
def home(tmp_path, monkeypatch) -> Path:
    h = tmp_path / "home"
    monkeypatch.setenv("CONFLICT_HOME", str(h))
    return h


@pytest.fixture
def inbox(tmp_path, monkeypatch) -> Path:
    d = tmp_path / "inbox"
    d.mkdir()
    monkeypatch.setenv("CONFLICT_INBOX", str(d))
    return d


@pytest.fixture
def sample_inbox(inbox) -> Path:
    shutil.copy(SAMPLE, inbox / SAMPLE.name)
    return inbox
