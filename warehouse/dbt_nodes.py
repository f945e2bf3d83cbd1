"""One `dbt build` per run, and the outcome of each of its models for the Airflow task that stands
for it: a data engineer still sees which model failed, and the run pays for one dbt process (dbt's
start-up and project load, 3-5 s here) instead of one per model."""

from __future__ import annotations

import json
import subprocess
from dataclasses import dataclass
from pathlib import Path

from warehouse.config import Paths
from warehouse.dbt_runner import DbtBuildFailed, dbt_command, dbt_env, summarise

PROJECT = "conflict_news"
TESTS = "tests"  # the key of the one task that stands for every data test
MODEL_OK = {"success"}
TEST_OK = {"pass", "warn"}


@dataclass(frozen=True)
class ModelGraph:
    """The project's models (unique_id -> (name, parent model ids)) as the manifest declares them."""

    models: dict[str, tuple[str, tuple[str, ...]]]

    def leaves(self) -> list[str]:
        parents = {p for _, ps in self.models.values() for p in ps}
        return [uid for uid in self.models if uid not in parents]


def model_graph(manifest: Path) -> ModelGraph:
    nodes = json.loads(manifest.read_text(encoding="utf-8"))["nodes"]
    models = {uid: n for uid, n in nodes.items() if n["resource_type"] == "model" and n["package_name"] == PROJECT}
    # an ephemeral model is inlined into its children and never runs alone: it gets no task, and its
    # children wait for its own parents instead
    ephemeral = {uid for uid, n in models.items() if n.get("config", {}).get("materialized") == "ephemeral"}

    def parents(uid: str) -> set[str]:
        out = set()
        for p in models[uid]["depends_on"]["nodes"]:
            if p in ephemeral:
                out |= parents(p)
            elif p in models:
                out.add(p)
        return out

    return ModelGraph(
        {uid: (n["name"], tuple(sorted(parents(uid)))) for uid, n in sorted(models.items()) if uid not in ephemeral}
    )


def node_results(run_results: Path) -> dict[str, dict]:
    data = json.loads(run_results.read_text(encoding="utf-8"))
    return {
        r["unique_id"]: {"status": r["status"], "message": (r.get("message") or "")[:500]}
        for r in data.get("results", [])
    }


def build(paths: Paths) -> dict:
    """`dbt build` of the whole project in one process. A model or test that fails is an outcome
    (its task fails); dbt failing to run at all (no run_results.json) is an error here."""
    results = paths.dbt_target_dir / "run_results.json"
    results.unlink(missing_ok=True)
    proc = subprocess.run(dbt_command(paths, "build"), env=dbt_env(paths), capture_output=True, text=True)
    if not results.exists():
        raise DbtBuildFailed(
            f"dbt build did not run (exit {proc.returncode}):\n{proc.stdout[-3000:]}\n{proc.stderr[-2000:]}"
        )
    return {"returncode": proc.returncode, "nodes": node_results(results), **summarise(results)}


def outcome(built: dict, unique_id: str) -> str:
    """The status of one model, or of every test when unique_id is TESTS; raises when it failed."""
    nodes = built["nodes"]
    if unique_id == TESTS:
        bad = {uid: r for uid, r in nodes.items() if uid.startswith("test.") and r["status"] not in TEST_OK}
        if bad:
            raise DbtBuildFailed(
                "dbt tests failed: " + "; ".join(f"{u}: {r['status']} {r['message']}" for u, r in sorted(bad.items()))
            )
        return f"{sum(uid.startswith('test.') for uid in nodes)} tests passed"
    result = nodes.get(unique_id)
    if result is None:
        raise DbtBuildFailed(f"{unique_id} is not in this run's dbt build")
    if result["status"] not in MODEL_OK:
        raise DbtBuildFailed(f"{unique_id}: {result['status']} {result['message']}")
    return result["status"]


def build_task(run_id: str, try_number: int = 1) -> dict:
    """The DAG's `dbt.build` task: the one dbt build, its outcome per node for the model tasks."""
    from warehouse.config import paths
    from warehouse.ledger import record_task

    p = paths().ensure()
    with record_task(p.warehouse, run_id, "dbt.build", try_number) as rec:
        built = build(p)
        rec.rows_loaded = built["statuses"].get("success", 0)
        rec.detail = {k: v for k, v in built.items() if k != "nodes"}
    return built
