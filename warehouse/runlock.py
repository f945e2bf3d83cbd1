"""One run at a time per CONFLICT_HOME.

DuckDB takes one writer process at a time and a run is many processes (Airflow's tasks, dbt), so a
run holds a lease on the home from its first task to its last: a `make run` beside a scheduled run
waits for it instead of failing on DuckDB's file lock. The lease is a small JSON file written under a
`filelock` lock; a lease whose holder is gone (a dead CLI process, a run older than the DAG's
timeout) is taken over.

- `make run` (warehouse.cli) takes the lease for its whole `airflow dags test` and passes its token to
  the run's tasks in CONFLICT_RUN_LEASE, so they know the lease is theirs.
- A scheduled run's tasks take it under their Airflow run id; the last task and the DAG's
  success/failure callbacks give it back.
"""

from __future__ import annotations

import json
import os
import socket
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

from filelock import FileLock

LEASE_ENV = "CONFLICT_RUN_LEASE"


class RunLockTimeout(RuntimeError):
    pass


def _files(home: Path) -> tuple[Path, FileLock]:
    home.mkdir(parents=True, exist_ok=True)
    return home / "run.lease.json", FileLock(str(home / "run.lease.lock"), timeout=60)


def _now() -> datetime:
    return datetime.now(UTC).replace(microsecond=0)


def _max_age_seconds() -> int:
    return 60 * int(os.environ.get("CONFLICT_RUN_TIMEOUT_MINUTES", "180"))


def _stale(lease: dict) -> bool:
    if lease.get("pid") and lease.get("host") == socket.gethostname():
        try:
            os.kill(int(lease["pid"]), 0)
        except ProcessLookupError:
            return True
        except PermissionError:
            pass
    touched = datetime.fromisoformat(lease.get("touched") or lease["since"])
    return (_now() - touched).total_seconds() > _max_age_seconds()


def holder(home: Path) -> dict | None:
    path, _ = _files(home)
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (FileNotFoundError, ValueError):
        return None


def acquire(
    home: Path,
    token: str,
    pid: int | None = None,
    timeout: float | None = None,
    on_wait: Callable[[str], None] = print,
    poll: float = 2.0,
) -> None:
    """Takes (or renews) the lease for `token`; waits while another live run holds it, telling
    `on_wait` which run and since when, and raises RunLockTimeout after `timeout` seconds."""
    if timeout is None:
        timeout = float(os.environ.get("CONFLICT_RUN_LOCK_TIMEOUT_SECONDS", "1800"))
    path, guard = _files(home)
    deadline = time.monotonic() + timeout
    told = None
    while True:
        with guard:
            lease = holder(home)
            if lease is None or lease.get("token") == token or _stale(lease):
                now = _now().isoformat()
                mine = lease if lease and lease.get("token") == token else {"token": token, "since": now}
                mine.update(touched=now, host=socket.gethostname(), **({"pid": pid} if pid else {}))
                tmp = path.with_suffix(".tmp")
                tmp.write_text(json.dumps(mine), encoding="utf-8")
                tmp.replace(path)
                return
        message = f"run «{lease['token']}» holds {home} since {lease['since']}"
        if time.monotonic() >= deadline:
            raise RunLockTimeout(f"{message}; gave up after waiting {timeout:.0f} s")
        if message != told:
            on_wait(f"waiting: {message}")
            told = message
        time.sleep(poll)


def release(home: Path, token: str) -> None:
    path, guard = _files(home)
    with guard:
        lease = holder(home)
        if lease and lease.get("token") == token:
            path.unlink(missing_ok=True)


def hold_for_task(home: Path, run_id: str, on_wait: Callable[[str], None]) -> None:
    """A DAG task's share: nothing to do under `make run`'s lease, else the run's own lease."""
    inherited = os.environ.get(LEASE_ENV)
    if inherited and (holder(home) or {}).get("token") == inherited:
        return
    acquire(home, run_id, on_wait=on_wait)
