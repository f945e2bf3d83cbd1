"""Shared fixtures: an isolated CONFLICT_HOME per test and a helper that runs the real DAG with
`airflow dags test` in a subprocess (the same path `make run` takes)."""
from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

REPO = Path(__file__).resolve().parents[1]
SAMPLE = REPO / "data" / "sample" / "shaam_2017-07.txt"


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


def run_dag(home: Path, inbox: Path, **extra_env: str) -> subprocess.CompletedProcess:
    """One real DAG run (`airflow dags test`) against this home and inbox; no retries, so a failure
    shows at once."""
    env = {**os.environ, "CONFLICT_HOME": str(home), "CONFLICT_INBOX": str(inbox), "CONFLICT_RETRIES": "0",
           "PYTHONPATH": str(REPO), **extra_env}
    return subprocess.run([sys.executable, "-m", "warehouse.cli", "run"], cwd=REPO, env=env, text=True,
                          capture_output=True, timeout=900)


def marts_snapshot(db: Path) -> dict[str, list[tuple]]:
    """Every marts table as sorted rows (loaded_at included: a rerun must not reload anything)."""
    con = duckdb.connect(str(db), read_only=True)
    try:
        tables = [r[0] for r in con.execute(
            "select table_name from information_schema.tables where table_schema = 'marts' order by 1").fetchall()]
        return {t: sorted(con.execute(f'select * from marts."{t}"').fetchall(), key=repr) for t in tables}
    finally:
        con.close()


@pytest.fixture
def sample_inbox(inbox) -> Path:
    shutil.copy(SAMPLE, inbox / SAMPLE.name)
    return inbox


def mart_rows(db: Path, audit: frozenset[str] = frozenset({"updated_at"})) -> dict[str, tuple[list[str], list[tuple]]]:
    """Every marts table as (columns, sorted rows), leaving out the audit columns (`updated_at` says
    when a row was rebuilt, which differs by design between builds that agree on content)."""
    con = duckdb.connect(str(db), read_only=True)
    try:
        out = {}
        for (t,) in con.execute("select table_name from information_schema.tables "
                                "where table_schema = 'marts' order by 1").fetchall():
            cols = [c for (c,) in con.execute("select column_name from information_schema.columns where "
                                              "table_schema = 'marts' and table_name = ? order by ordinal_position",
                                              [t]).fetchall() if c not in audit]
            out[t] = (cols, sorted(con.execute(f'select {", ".join(cols)} from marts."{t}"').fetchall(), key=repr))
        return out
    finally:
        con.close()


def kill_leftovers(marker: bytes) -> None:
    """Processes a test started that left their process group (daemonised children, Airflow's
    components): found by a marker in their environment, then killed."""
    for entry in os.listdir("/proc"):
        if not entry.isdigit() or int(entry) == os.getpid():
            continue
        try:
            with open(f"/proc/{entry}/environ", "rb") as fh:
                if marker in fh.read().split(b"\0"):
                    os.kill(int(entry), signal.SIGKILL)
        except (OSError, ProcessLookupError):
            continue
