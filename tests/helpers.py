"""Helpers the tests share (imported, never collected): the repository's paths, one real DAG run
through the CLI, the marts read back for comparison, the ingest's bad-input landing folder, and the
clean-up of processes that left their group."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import duckdb

REPO = Path(__file__).resolve().parents[1]
SAMPLE = REPO / "data" / "sample" / "shaam_2017-07.txt"


def _dag_env(home: Path, inbox: Path, extra_env: dict[str, str]) -> dict[str, str]:
    return {
        **os.environ,
        "CONFLICT_HOME": str(home),
        "CONFLICT_INBOX": str(inbox),
        "CONFLICT_RETRIES": "0",
        "PYTHONPATH": str(REPO),
        **extra_env,
    }


def run_dag(home: Path, inbox: Path, **extra_env: str) -> subprocess.CompletedProcess:
    """One real DAG run (`airflow dags test`) against this home and inbox; no retries, so a failure
    shows at once."""
    return subprocess.run(
        [sys.executable, "-m", "warehouse.cli", "run"],
        cwd=REPO,
        env=_dag_env(home, inbox, extra_env),
        text=True,
        capture_output=True,
        timeout=900,
    )


@contextmanager
def background_dag(home: Path, inbox: Path, **extra_env: str) -> Iterator[Callable[[], subprocess.CompletedProcess]]:
    """The same run as run_dag, started in the background so a test can do other work beside it:
    its environment is taken now, before the caller changes os.environ. Yields a function that waits
    for the run and returns it as run_dag would; a run still going when the block ends is killed."""
    proc = subprocess.Popen(
        [sys.executable, "-m", "warehouse.cli", "run"],
        cwd=REPO,
        env=_dag_env(home, inbox, extra_env),
        text=True,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        start_new_session=True,
    )

    def finish() -> subprocess.CompletedProcess:
        out, err = proc.communicate(timeout=900)
        return subprocess.CompletedProcess(proc.args, proc.returncode, out, err)

    try:
        yield finish
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.communicate()
        kill_leftovers(f"CONFLICT_HOME={home}".encode())


def marts_snapshot(db: Path) -> dict[str, list[tuple]]:
    """Every marts table as sorted rows (loaded_at included: a rerun must not reload anything)."""
    con = duckdb.connect(str(db), read_only=True)
    try:
        tables = [
            r[0]
            for r in con.execute(
                "select table_name from information_schema.tables where table_schema = 'marts' order by 1"
            ).fetchall()
        ]
        return {t: sorted(con.execute(f'select * from marts."{t}"').fetchall(), key=repr) for t in tables}
    finally:
        con.close()


def mart_rows(db: Path, audit: frozenset[str] = frozenset({"updated_at"})) -> dict[str, tuple[list[str], list[tuple]]]:
    """Every marts table as (columns, sorted rows), leaving out the audit columns (`updated_at` says
    when a row was rebuilt, which differs by design between builds that agree on content)."""
    con = duckdb.connect(str(db), read_only=True)
    try:
        out = {}
        for (t,) in con.execute(
            "select table_name from information_schema.tables where table_schema = 'marts' order by 1"
        ).fetchall():
            cols = [
                c
                for (c,) in con.execute(
                    "select column_name from information_schema.columns where "
                    "table_schema = 'marts' and table_name = ? order by ordinal_position",
                    [t],
                ).fetchall()
                if c not in audit
            ]
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


GOOD = "قتل 12 مدنياً بينهم ثلاثة أطفال جراء غارات جوية روسية على مدينة أريحا بريف إدلب الجنوبي، بحسب الدفاع المدني."


def jsonl(path: Path, rows: list) -> None:
    path.write_text(
        "\n".join(r if isinstance(r, str) else json.dumps(r, ensure_ascii=False) for r in rows) + "\n", encoding="utf-8"
    )


def bad_inbox(inbox: Path) -> None:
    (inbox / "latin1.txt").write_bytes("قتل 5 مدنيين".encode() + b"\xff\xfe bad bytes")
    (inbox / "empty.txt").write_text("   \n\n", encoding="utf-8")
    (inbox / "english.txt").write_text(
        "Five civilians were killed in an air strike on Idlib today.\n", encoding="utf-8"
    )
    jsonl(
        inbox / "feed_2017-07-27.jsonl",
        [
            {
                "id": "ok-1",
                "url": "https://example.org/1",
                "title": "غارات",
                "published_at": "2017-07-27T09:00:00Z",
                "source": "wire",
                "text": GOOD,
            },
            "{not json",
            {"id": "no-text", "published_at": "2017-07-27"},
            {"id": "future", "published_at": "2999-01-01", "text": GOOD + " مرة أخرى"},
            {"id": "bad-date", "published_at": "yesterday", "text": GOOD + " ثالثة"},
            {"id": "english", "text": "Clashes continued in Daraa today, activists said, with no casualties reported."},
            ["an", "array"],
        ],
    )
