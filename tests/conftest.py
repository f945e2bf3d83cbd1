"""Shared fixtures: an isolated CONFLICT_HOME and inbox per test (the helpers they use are in
tests/helpers.py)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.helpers import SAMPLE


def pytest_sessionstart(session):
    """Tests run the extractor as the pipeline does: compiled from the current sources (a no-op when
    `make` has just built it; before collection, so in-process tests import the compiled copies)."""
    from extract.native_build import build

    build()


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
