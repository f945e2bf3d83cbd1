"""A throwaway CeleryExecutor deployment on loopback ports for tests and `make bench`: Debian's
redis-server as the broker, a PostgreSQL server (tests/postgres_server.py) for Airflow's metadata
and Celery's results, and Airflow's API server (the execution API the workers call), scheduler,
DAG processor and Celery workers as separate processes, each in its own process group and working
directory. `stop` ends them all (and anything they left behind, found by this home's marker in
their environment)."""

from __future__ import annotations

import os
import secrets
import shutil
import signal
import socket
import subprocess
import time
import urllib.request
from contextlib import closing, contextmanager
from pathlib import Path

import psycopg2

from tests.helpers import kill_leftovers
from tests.postgres_server import postgres_server
from warehouse.airflow_home import airflow_bin, airflow_env, prepare
from warehouse.config import paths

DAG_ID = "conflict_news"
WRITER_QUEUE = "duckdb_writer"


class RedisUnavailable(RuntimeError):
    pass


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def redis_bin() -> str:
    """redis-server from PATH, installed from Debian (`make system-deps` does the same) if missing
    and this process may install packages."""
    found = shutil.which("redis-server")
    if found:
        return found
    if os.geteuid() == 0 and shutil.which("apt-get"):
        env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
        subprocess.run(["apt-get", "update", "-qq"], env=env, capture_output=True, timeout=600)
        subprocess.run(
            ["apt-get", "install", "-y", "-qq", "--no-install-recommends", "redis-server"],
            env=env,
            capture_output=True,
            timeout=600,
        )
        found = shutil.which("redis-server")
        if found:
            return found
    raise RedisUnavailable(
        "redis-server is not installed and could not be installed from Debian "
        "(needs root and apt-get with access to the Debian mirror)"
    )


def _wait(what: str, ready, timeout: float, procs: list[subprocess.Popen] = ()) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for proc in procs:
            if proc.poll() is not None:
                raise RuntimeError(f"{what}: process {proc.args[:3]} exited with {proc.returncode}")
        try:
            if ready():
                return
        except Exception:  # noqa: BLE001 - not up yet
            pass
        time.sleep(1)
    raise TimeoutError(f"{what} not ready after {timeout:.0f} s")


class Stack:
    def __init__(self, root: Path, home: Path, inbox: Path, pg: dict):
        self.root, self.home, self.inbox, self.pg = root, home, inbox, pg
        self.procs: dict[str, subprocess.Popen] = {}
        self.api_port = _free_port()
        self.redis_port = _free_port()
        self.env: dict[str, str] = {}

    # -- configuration: the environment docs/production.md lists ---------------------------------
    def configure(self, extra: dict[str, str]) -> None:
        pg = self.pg
        meta = (
            f"postgresql+psycopg2://{pg['CONFLICT_PG_USER']}@{pg['CONFLICT_PG_HOST']}:{pg['CONFLICT_PG_PORT']}/airflow"
        )
        base = f"http://127.0.0.1:{self.api_port}"
        self.env = {
            "CONFLICT_HOME": str(self.home),
            "CONFLICT_INBOX": str(self.inbox),
            "AIRFLOW__CORE__EXECUTOR": "CeleryExecutor",
            "AIRFLOW__DATABASE__SQL_ALCHEMY_CONN": meta,
            "AIRFLOW__CELERY__BROKER_URL": f"redis://127.0.0.1:{self.redis_port}/0",
            "AIRFLOW__CELERY__RESULT_BACKEND": "db+" + meta,
            "AIRFLOW__CELERY__WORKER_CONCURRENCY": "1",
            "AIRFLOW__API__BASE_URL": base,
            "AIRFLOW__API__HOST": "127.0.0.1",
            "AIRFLOW__API__PORT": str(self.api_port),
            "AIRFLOW__CORE__EXECUTION_API_SERVER_URL": f"{base}/execution/",
            # every component signs or checks the workers' task tokens with this one key
            "AIRFLOW__API_AUTH__JWT_SECRET": secrets.token_urlsafe(32),
            "AIRFLOW__LOGGING__WORKER_LOG_SERVER_PORT": str(_free_port()),
            "AIRFLOW__LOGGING__TRIGGER_LOG_SERVER_PORT": str(_free_port()),
            "AIRFLOW__SCHEDULER__SCHEDULER_HEARTBEAT_SEC": "2",
            "AIRFLOW__DAG_PROCESSOR__REFRESH_INTERVAL": "30",
            "CONFLICT_SCHEDULE": "",  # triggered runs only: no scheduled run beside the test's
            "CONFLICT_RETRIES": "0",
            "CONFLICT_WRITER_QUEUE": WRITER_QUEUE,
            **extra,
        }
        os.environ.update(self.env)  # prepare() and airflow_env() read the process environment

    def _start(self, name: str, args: list[str], **env: str) -> subprocess.Popen:
        cwd = self.root / name
        cwd.mkdir(parents=True, exist_ok=True)
        log = open(cwd / "output.log", "wb")
        proc = subprocess.Popen(
            args,
            cwd=cwd,
            env={**airflow_env(paths()), "CONFLICT_STACK": str(self.root), **env},
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        log.close()
        self.procs[name] = proc
        return proc

    def log(self, name: str) -> str:
        path = self.root / name / "output.log"
        return path.read_text(errors="replace")[-4000:] if path.exists() else ""

    # -- services --------------------------------------------------------------------------------
    def start_redis(self) -> None:
        proc = self._start(
            "redis",
            [
                redis_bin(),
                "--port",
                str(self.redis_port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                str(self.root / "redis"),
            ],
        )
        import redis

        _wait("redis", lambda: redis.Redis(host="127.0.0.1", port=self.redis_port).ping(), 30, [proc])

    def start_airflow(self) -> None:
        admin = psycopg2.connect(
            host=self.pg["CONFLICT_PG_HOST"],
            port=self.pg["CONFLICT_PG_PORT"],
            user=self.pg["CONFLICT_PG_USER"],
            dbname=self.pg["CONFLICT_PG_DATABASE"],
        )
        admin.autocommit = True  # CREATE DATABASE refuses to run in a transaction
        admin.cursor().execute("create database airflow")
        admin.close()
        prepare(paths())  # migrate the metadata, the writer pool, dbt's manifest
        af = airflow_bin()
        api = self._start(
            "api-server", [af, "api-server", "--host", "127.0.0.1", "--port", str(self.api_port), "--workers", "1"]
        )
        _wait(
            "api-server",
            lambda: (
                urllib.request.urlopen(f"http://127.0.0.1:{self.api_port}/api/v2/monitor/health", timeout=5).status
                == 200
            ),
            300,
            [api],
        )
        self._start("dag-processor", [af, "dag-processor"])
        self._start("scheduler", [af, "scheduler"])

    def start_worker(self, name: str, queues: list[str]) -> None:
        """A Celery worker with its own node name and working directory (its own log, no log server)."""
        self._start(
            name,
            [
                airflow_bin(),
                "celery",
                "worker",
                "--celery-hostname",
                f"{name}@conflict",
                "--queues",
                ",".join(queues),
                "--concurrency",
                "1",
                "--skip-serve-logs",
            ],
        )
        import celery

        app = celery.Celery(broker=self.env["AIRFLOW__CELERY__BROKER_URL"])

        def up() -> bool:
            return f"{name}@conflict" in (app.control.inspect(timeout=2).ping() or {})

        _wait(name, up, 300, [self.procs[name]])

    # -- runs ------------------------------------------------------------------------------------
    def _meta(self):
        return psycopg2.connect(
            host=self.pg["CONFLICT_PG_HOST"],
            port=self.pg["CONFLICT_PG_PORT"],
            user=self.pg["CONFLICT_PG_USER"],
            dbname="airflow",
        )

    def trigger(self, run_id: str, timeout: float = 300) -> None:
        """Once the DAG processor has parsed the DAG, a manual run with this id."""

        def parsed() -> bool:
            with closing(self._meta()) as con:
                cur = con.cursor()
                cur.execute("select count(*) from dag where dag_id = %s and not is_paused", [DAG_ID])
                return cur.fetchone()[0] == 1

        _wait("the DAG in the metadata", parsed, timeout, [self.procs["dag-processor"]])
        subprocess.run(
            [airflow_bin(), "dags", "trigger", DAG_ID, "--run-id", run_id],
            env=airflow_env(paths()),
            check=True,
            capture_output=True,
            text=True,
            timeout=300,
        )

    def wait_run(self, run_id: str, timeout: float = 1800) -> str:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            with closing(self._meta()) as con:
                cur = con.cursor()
                cur.execute("select state from dag_run where dag_id = %s and run_id = %s", [DAG_ID, run_id])
                row = cur.fetchone()
            if row and row[0] in ("success", "failed"):
                return row[0]
            for name, proc in self.procs.items():
                if proc.poll() is not None:
                    raise RuntimeError(f"{name} exited with {proc.returncode} during the run:\n{self.log(name)}")
            time.sleep(2)
        raise TimeoutError(f"run {run_id} not finished after {timeout:.0f} s")

    def task_states(self, run_id: str) -> dict[str, str]:
        with closing(self._meta()) as con:
            cur = con.cursor()
            cur.execute(
                "select task_id, map_index, state from task_instance where dag_id = %s and run_id = %s",
                [DAG_ID, run_id],
            )
            return {f"{t}[{m}]" if m >= 0 else t: s for t, m, s in cur.fetchall()}

    # -- teardown --------------------------------------------------------------------------------
    def stop_one(self, name: str) -> None:
        self._stop([name])

    def _stop(self, names: list[str]) -> None:
        """SIGTERM to every named group at once, then wait for each (SIGKILL after 30 s): the
        workers' warm shutdown, the scheduler's and the API server's run side by side, not in turn."""
        procs = [self.procs.pop(name) for name in names]
        for proc in procs:
            try:
                os.killpg(proc.pid, signal.SIGTERM)
            except ProcessLookupError:
                pass
        deadline = time.monotonic() + 30
        for proc in procs:
            try:
                proc.wait(timeout=max(deadline - time.monotonic(), 0.1))
            except subprocess.TimeoutExpired:
                try:
                    os.killpg(proc.pid, signal.SIGKILL)
                except ProcessLookupError:
                    pass
                proc.wait(timeout=30)

    def stop(self) -> None:
        # the Airflow components before Redis, which the workers still talk to while they shut down
        airflow = [n for n in self.procs if n != "redis"]
        self._stop(airflow)
        self._stop(list(self.procs))
        kill_leftovers(f"CONFLICT_STACK={self.root}".encode())
        for key in self.env:
            os.environ.pop(key, None)


@contextmanager
def celery_stack(root: Path, home: Path, inbox: Path, extra_env: dict[str, str] | None = None):
    """Redis, PostgreSQL and Airflow's services up (no worker yet); everything stopped on exit."""
    saved = dict(os.environ)
    with postgres_server() as pg:
        stack = Stack(root, home, inbox, pg)
        try:
            stack.configure(extra_env or {})
            stack.start_redis()
            stack.start_airflow()
            yield stack
        finally:
            stack.stop()
            os.environ.clear()
            os.environ.update(saved)
