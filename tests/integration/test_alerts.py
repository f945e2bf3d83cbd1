"""The failure notifier posts what failed to a real local webhook, and a webhook that cannot be
reached does not raise over the task's own failure."""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer
from types import SimpleNamespace

from warehouse.notifier import FailureNotifier


def _webhook():
    received: list[dict] = []

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):
            received.append(json.loads(self.rfile.read(int(self.headers["Content-Length"]))))
            self.send_response(204)
            self.end_headers()

        def log_message(self, *args):
            pass

    server = HTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, received


def test_failure_is_posted_to_the_webhook(monkeypatch):
    server, received = _webhook()
    monkeypatch.setenv("CONFLICT_ALERT_WEBHOOK", f"http://127.0.0.1:{server.server_port}/hook")
    ti = SimpleNamespace(dag_id="conflict_news", task_id="validate", try_number=2)
    try:
        FailureNotifier()({"ti": ti, "run_id": "manual__1", "exception": ValueError("gate failed")})
    finally:
        server.shutdown()
    assert received == [
        {
            "dag_id": "conflict_news",
            "task_id": "validate",
            "run_id": "manual__1",
            "try_number": 2,
            "error": "ValueError: gate failed",
        }
    ]


def test_a_run_level_failure_without_webhook_only_logs(monkeypatch, caplog):
    monkeypatch.delenv("CONFLICT_ALERT_WEBHOOK", raising=False)
    FailureNotifier()({"run_id": "manual__2"})  # DAG-level callback: no task instance
    assert "ALERT task failed" in caplog.text and "manual__2" in caplog.text


def test_an_unreachable_webhook_does_not_mask_the_failure(monkeypatch, caplog):
    server, _ = _webhook()
    port = server.server_port
    server.shutdown()
    server.server_close()
    monkeypatch.setenv("CONFLICT_ALERT_WEBHOOK", f"http://127.0.0.1:{port}/hook")
    FailureNotifier()({"run_id": "manual__3"})
    assert "alert webhook failed" in caplog.text
