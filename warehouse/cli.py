"""Command line for the Makefile: `run` (one end-to-end DAG run with `dag.test()`, warehouse/dag_run.py),
`rollback`, `serve` (Airflow UI + scheduler on the same home), and operator tools (`withdraw`,
`load`, `postgres-build`)."""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from datetime import UTC, datetime

from warehouse.airflow_home import airflow_bin, airflow_env, prepare
from warehouse.config import paths

DAG_ID = "conflict_news"


def run_once(logical_date: str | None = None) -> int:
    from warehouse.runlock import LEASE_ENV, RunLockTimeout, acquire, release

    p = paths().ensure()
    logical = logical_date or datetime.now(UTC).replace(microsecond=0).isoformat()
    token = f"make-run {logical} pid {os.getpid()}"
    try:
        acquire(p.home, token, pid=os.getpid(), on_wait=lambda m: print(m, flush=True))
    except RunLockTimeout as exc:
        print(f"not started: {exc}", file=sys.stderr)
        return 3
    states_file = p.airflow_home / "last_run_states.json"
    states_file.unlink(missing_ok=True)
    try:
        prepare(p, pool=False)  # warehouse.dag_run sets the pool in the Airflow process it starts anyway
        proc = subprocess.run(
            [sys.executable, "-m", "warehouse.dag_run", DAG_ID, logical, str(states_file)],
            env={**airflow_env(p), LEASE_ENV: token},
            text=True,
            capture_output=True,
        )
    finally:
        release(p.home, token)
    log_file = p.airflow_home / "last_dags_test.log"
    log_file.write_text(proc.stdout + proc.stderr, encoding="utf-8")
    # this run's own states, as the process that ran it wrote them (none if it died first)
    run = json.loads(states_file.read_text(encoding="utf-8")) if states_file.exists() else {}
    states = run.get("tasks", {})
    failed = {t: s for t, s in states.items() if s not in ("success", "skipped")}
    print(f"DAG run {run.get('run_id', '?')}: " + ", ".join(f"{t}={s}" for t, s in states.items()))
    if proc.returncode != 0 or not states or failed:
        print(f"FAILED tasks: {failed or 'unknown'}; full log: {log_file}", file=sys.stderr)
        print(proc.stdout[-3000:], proc.stderr[-3000:], file=sys.stderr)
        return 1
    summary = json.loads((p.published_dir / "summary.json").read_text(encoding="utf-8"))
    t = summary["totals"]
    print(f"Published warehouse: {p.published_warehouse}")
    print(f"Report:              {p.report_html}")
    print(
        f"Summary: {t['articles']} articles, {t['events']} events, {t['casualty_rows']} casualty rows, "
        f"validation {summary['validation']}"
    )
    if summary.get("unchanged_since"):
        print(f"Nothing new: the snapshot is unchanged since run {summary['unchanged_since']}")
    return 0


def serve() -> int:
    """`airflow standalone` on $CONFLICT_HOME/airflow: the DAG is unpaused, so scheduled runs happen on
    their own. Airflow's simple auth manager is on; it generates the admin password on first start
    (printed once, kept only under $CONFLICT_HOME/airflow, never in the repository)."""
    p = paths().ensure()
    prepare(p)
    env = airflow_env(p)
    env.setdefault("AIRFLOW__CORE__SIMPLE_AUTH_MANAGER_USERS", "admin:admin")
    port = env.get("AIRFLOW__API__PORT", "8080")
    print(
        f"Airflow UI: http://localhost:{port}  (user admin; password in "
        f"{p.airflow_home / 'simple_auth_manager_passwords.json.generated'})",
        flush=True,
    )
    os.execve(airflow_bin(), [airflow_bin(), "standalone"], env)
    return 0  # not reached


def _rollback(args) -> int:
    from warehouse.publish import rollback

    print(f"Restored {rollback(paths())}")
    return 0


def _withdraw(args) -> int:
    from warehouse.db import writer
    from warehouse.withdraw import withdraw

    with writer(paths().warehouse) as con:
        withdraw(con, args.article_id, args.why)
    print(f"withdrew {args.article_id}; the next run rebuilds the marts without it")
    return 0


def _release(args) -> int:
    from warehouse.db import writer
    from warehouse.holdback import release

    with writer(paths().warehouse) as con:
        n = release(con, args.article_id, args.why)
    print(f"released {args.article_id} ({n} holds); the next run extracts and validates it again")
    return 0


def _held(args) -> int:
    from warehouse.db import writer

    with writer(paths().warehouse) as con:
        print(
            con.sql(
                "select article_id, stage, reason, left(detail, 200) as detail, batch_id, quarantined_at "
                "from raw.quarantine where stage in ('extract', 'gate') and released_at is null "
                "order by quarantined_at"
            )
        )
    return 0


def _load(args) -> int:
    from ingest.load import load_inbox
    from warehouse.db import writer

    p = paths().ensure()
    with writer(p.warehouse) as con:
        stats = load_inbox(
            con,
            p.inbox,
            args.batch_id,
            p.quarantine_dir,
            on_committed=lambda f: print(f"committed {f.path.name}", flush=True),
        )
    print(json.dumps(stats.as_dict()))
    return 0


def _postgres_build(args) -> int:
    from warehouse import dbt_runner
    from warehouse.db import writer
    from warehouse.postgres_sync import connect_pg, push_sources

    p = paths()
    with writer(p.warehouse) as con, connect_pg() as pg:
        print(json.dumps(push_sources(con, pg).__dict__))
    print(json.dumps(dbt_runner.build(p, target="postgres")))
    return 0


def _prepare(args) -> int:
    prepare(paths())
    return 0


def _parser() -> argparse.ArgumentParser:
    """Each sub-command names the function that runs it (`func`)."""
    parser = argparse.ArgumentParser(prog="conflict")
    sub = parser.add_subparsers(dest="cmd", required=True)
    r = sub.add_parser("run", help="run the DAG once end to end")
    r.add_argument("--logical-date")
    r.set_defaults(func=lambda a: run_once(a.logical_date))
    sub.add_parser("rollback", help="restore the previous published snapshot").set_defaults(func=_rollback)
    wd = sub.add_parser("withdraw", help="move an article to quarantine (e.g. after it failed validation)")
    rl = sub.add_parser("release", help="bring back an article held back at extract or by the gate")
    for p, func in ((wd, _withdraw), (rl, _release)):
        p.add_argument("article_id")
        p.add_argument("--why", required=True)
        p.set_defaults(func=func)
    sub.add_parser("held", help="list the articles held back, with their reasons").set_defaults(func=_held)
    ld = sub.add_parser("load", help="load the inbox into raw.* without Airflow (one transaction per file)")
    ld.add_argument("--batch-id", default="manual")
    ld.set_defaults(func=_load)
    sub.add_parser("prepare", help="prepare Airflow's home").set_defaults(func=_prepare)
    sub.add_parser(
        "postgres-build",
        help="replicate the source layer to PostgreSQL (the Airflow connection "
        "conflict_postgres) and build the marts there with dbt",
    ).set_defaults(func=_postgres_build)
    sub.add_parser("serve", help="Airflow UI, scheduler and triggerer on the same home (auth on)").set_defaults(
        func=lambda a: serve()
    )
    return parser


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
