"""Failure alerts: a log line always, and a JSON POST to CONFLICT_ALERT_WEBHOOK when it is set
(from the environment only; never stored in the repository). The DAG's failure callback is the
Airflow notifier in warehouse/notifier.py; this module holds what it sends, without Airflow."""

from __future__ import annotations

import json
import logging
import os
import urllib.request

log = logging.getLogger("conflict_news.alerts")


def post(message: dict) -> None:
    url = os.environ.get("CONFLICT_ALERT_WEBHOOK")
    if not url:
        return
    req = urllib.request.Request(url, data=json.dumps(message).encode(), headers={"Content-Type": "application/json"})
    try:
        urllib.request.urlopen(req, timeout=5).close()
    except OSError as e:  # an alert that cannot be delivered must not mask the real failure
        log.error("alert webhook failed: %s", e)


def failure_message(context) -> dict:
    """What failed, from an Airflow callback context: a task (task-level callback) or a whole run
    that failed or timed out (DAG-level callback, no task instance)."""
    ti = context.get("task_instance") or context.get("ti")
    exc = context.get("exception")
    return {
        "dag_id": getattr(ti, "dag_id", None),
        "task_id": getattr(ti, "task_id", None),
        "run_id": context.get("run_id"),
        "try_number": getattr(ti, "try_number", None),
        "error": f"{type(exc).__name__}: {exc}" if exc else None,
    }


def alert_failure(message: dict) -> None:
    log.error("ALERT task failed: %s", json.dumps(message, ensure_ascii=False))
    post(message)


def alert_held_back(run_id: str, held: list[dict]) -> None:
    """A run published without some articles: name them and why, so a data engineer can fix the rule
    or release them (`warehouse.cli release ARTICLE_ID --why ...`)."""
    message = {
        "run_id": run_id,
        "held_back": len(held),
        "articles": [{k: h[k] for k in ("article_id", "stage", "reasons")} for h in held[:50]],
    }
    log.warning("ALERT articles held back: %s", json.dumps(message, ensure_ascii=False))
    post(message)
