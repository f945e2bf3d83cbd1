"""The DAG's failure alert as an Airflow notifier: `on_failure_callback=FailureNotifier()` on every
task and on the DAG, the convention Airflow's own providers follow (SlackNotifier, SmtpNotifier)."""

from __future__ import annotations

from airflow.sdk import BaseNotifier

from warehouse.alerts import alert_failure, failure_message


class FailureNotifier(BaseNotifier):
    """Logs the failure and posts it to CONFLICT_ALERT_WEBHOOK when that is set (warehouse/alerts.py)."""

    def notify(self, context) -> None:
        alert_failure(failure_message(context))

    def render_template_fields(self, context, jinja_env=None) -> None:
        # Nothing here is templated, and a DAG-level callback gets a SerializedDAG, which has no
        # template environment: rendering would raise before the alert is sent.
        return None
