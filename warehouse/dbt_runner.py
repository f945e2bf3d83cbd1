"""Runs `dbt build` on the working warehouse and summarises run_results.json for the ledger."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from warehouse.config import REPO_ROOT, Paths
from warehouse.dbt_session import THEN

DBT_PROJECT = REPO_ROOT / "dbt_project"


class DbtBuildFailed(RuntimeError):
    pass


def dbt_args(paths: Paths, *args: str) -> list[str]:
    return [
        *args,
        "--project-dir",
        str(DBT_PROJECT),
        "--profiles-dir",
        str(DBT_PROJECT),
        "--target-path",
        str(paths.dbt_target_dir),
        "--log-path",
        str(paths.home / "dbt" / "logs"),
    ]


def dbt_command(paths: Paths, *args: str) -> list[str]:
    return [str(Path(sys.executable).with_name("dbt")), *dbt_args(paths, *args)]


def dbt_env(paths: Paths, target: str | None = None) -> dict[str, str]:
    env = {
        **os.environ,
        "CONFLICT_WAREHOUSE": str(paths.warehouse),
        "DBT_SEND_ANONYMOUS_USAGE_STATS": "false",
        "DBT_USE_COLORS": "false",
    }
    if target:
        env["CONFLICT_DBT_TARGET"] = target
    if env.get("CONFLICT_DBT_TARGET") == "postgres":
        from warehouse.pg_connection import dbt_profile_env

        env.update(dbt_profile_env())
    return env


def prepared_manifest(paths: Paths) -> Path:
    """The manifest the DAG renders its dbt tasks from, read and never made while the DAG file is
    parsed: `warehouse.cli prepare` (run by `make run` and `make serve`) writes it with ensure_manifest."""
    manifest = paths.dbt_target_dir / "manifest.json"
    if not manifest.exists():
        raise FileNotFoundError(f"no dbt manifest at {manifest}: run `python -m warehouse.cli prepare` first")
    return manifest


def ensure_manifest(paths: Paths) -> Path:
    """The manifest the DAG renders its dbt tasks from, re-parsed when any project file is newer."""
    manifest = paths.dbt_target_dir / "manifest.json"
    newest = max(
        f.stat().st_mtime
        for f in DBT_PROJECT.rglob("*")
        if f.is_file() and "target" not in f.parts and "logs" not in f.parts
    )
    if not manifest.exists() or manifest.stat().st_mtime < newest:
        proc = subprocess.run(dbt_command(paths, "parse"), env=dbt_env(paths), capture_output=True, text=True)
        if proc.returncode != 0:
            raise DbtBuildFailed(f"dbt parse failed:\n{proc.stdout[-3000:]}")
    return manifest


def build(paths: Paths, full_refresh: bool = False, target: str | None = None) -> dict:
    """`dbt build`, then `dbt source freshness`, in one dbt process (warehouse/dbt_session.py: one
    start-up for both); the marts are incremental, `full_refresh` rebuilds them from the raw layer.
    `target` picks a profiles.yml output (default: CONFLICT_DBT_TARGET, else duckdb)."""
    args = ["build", "--full-refresh"] if full_refresh else ["build"]
    sources = paths.dbt_target_dir / "sources.json"
    sources.unlink(missing_ok=True)  # a freshness result from an earlier run must not pass for this one's
    session = [sys.executable, "-m", "warehouse.dbt_session", *dbt_args(paths, *args), THEN]
    session += dbt_args(paths, "source", "freshness", "--output", str(sources))
    proc = subprocess.run(session, env=dbt_env(paths, target), capture_output=True, text=True)
    summary = summarise(paths.dbt_target_dir / "run_results.json")
    if proc.returncode != 0:
        failed = "; ".join(summary.get("failed_nodes", [])) or proc.stdout[-3000:]
        raise DbtBuildFailed(f"dbt build failed: {failed}\n{proc.stdout[-4000:]}\n{proc.stderr[-2000:]}")
    summary["source_freshness"] = _freshness_results(sources, proc.stdout)
    return summary


def freshness(paths: Paths, target: str | None = None) -> dict:
    """`dbt source freshness` on the raw tables: a stale landing folder shows as warn, never fails a run."""
    proc = subprocess.run(
        dbt_command(paths, "source", "freshness", "--output", str(paths.dbt_target_dir / "sources.json")),
        env=dbt_env(paths, target),
        capture_output=True,
        text=True,
    )
    return _freshness_results(paths.dbt_target_dir / "sources.json", proc.stdout)


def _freshness_results(path: Path, stdout: str) -> dict:
    if not path.exists():
        return {"error": stdout[-500:]}
    results = json.loads(path.read_text()).get("results", [])
    return {r["unique_id"].split(".", 2)[-1]: r.get("status") for r in results}


def summarise(run_results: Path) -> dict:
    if not run_results.exists():
        return {}
    data = json.loads(run_results.read_text())
    counts: dict[str, int] = {}
    failed = []
    for r in data.get("results", []):
        counts[r["status"]] = counts.get(r["status"], 0) + 1
        if r["status"] in ("error", "fail"):
            failed.append(f"{r['unique_id']}: {(r.get('message') or '')[:300]}")
    return {"statuses": counts, "failed_nodes": failed, "elapsed": data.get("elapsed_time")}
