"""`make serve` brings up Airflow's UI/API with auth on; the DAG is listed, scheduled and triggerable."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request

import pytest

from tests.helpers import REPO, kill_leftovers

pytestmark = pytest.mark.slow


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _call(url: str, token: str | None = None, data: dict | None = None):
    req = urllib.request.Request(
        url,
        data=json.dumps(data).encode() if data is not None else None,
        headers={"Content-Type": "application/json", **({"Authorization": f"Bearer {token}"} if token else {})},
    )
    with urllib.request.urlopen(req, timeout=10) as r:
        return r.status, json.loads(r.read() or b"null")


def test_serve_lists_schedules_and_triggers_the_dag(tmp_path):
    port = _free_port()
    home = tmp_path / "home"
    env = {
        **os.environ,
        "CONFLICT_HOME": str(home),
        "PYTHONPATH": str(REPO),
        "AIRFLOW__API__PORT": str(port),
        "CONFLICT_INBOX": str(REPO / "data" / "sample"),
    }
    proc = subprocess.Popen(
        [sys.executable, "-m", "warehouse.cli", "serve"],
        cwd=REPO,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.time() + 240
        token = None
        passwords = home / "airflow" / "simple_auth_manager_passwords.json.generated"
        dags = None
        while time.time() < deadline and dags is None:
            time.sleep(3)
            try:
                if token is None and passwords.exists():
                    password = json.loads(passwords.read_text())["admin"]
                    token = _call(f"{base}/auth/token", data={"username": "admin", "password": password})[1][
                        "access_token"
                    ]
                if token:
                    status, body = _call(f"{base}/api/v2/dags?dag_id_pattern=conflict_news", token)
                    if body and body.get("dags"):
                        dags = body["dags"]
            except (OSError, ValueError, KeyError):
                continue
        assert dags, "the API did not list the DAG in time"
        dag = dags[0]
        assert dag["dag_id"] == "conflict_news" and dag["is_paused"] is False
        assert "hour" in json.dumps(dag).lower() or dag.get("timetable_summary")
        with pytest.raises(urllib.error.HTTPError) as denied:  # auth is on
            _call(f"{base}/api/v2/dags")
        assert denied.value.code in (401, 403)
        status, run = _call(f"{base}/api/v2/dags/conflict_news/dagRuns", token, {"logical_date": None})
        assert status == 200 and run["dag_id"] == "conflict_news"
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
        kill_leftovers(f"CONFLICT_HOME={home}".encode())
