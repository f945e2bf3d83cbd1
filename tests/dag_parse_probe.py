"""Run as `python -m tests.dag_parse_probe DAGS_FOLDER WAREHOUSE`: parses the DAG folder with
Airflow's DagBag under an audit hook and prints one JSON line: the import errors, the DAGs' task
ids and upstream edges, the processes started and the opens of the warehouse file (and its WAL) while parsing.

A fresh process, so nothing imported before the parse hides its work: the hook sees every
`subprocess.Popen`, `os.system`, exec and spawn, and every Python-level open of that file."""

from __future__ import annotations

import json
import sys

SPAWN_EVENTS = {"subprocess.Popen", "os.system", "os.exec", "os.posix_spawn", "os.spawn", "os.fork"}


def main(dags_folder: str, watched: str) -> None:
    started: list[str] = []
    opened: list[str] = []
    parsing = False

    def hook(event: str, args: tuple) -> None:
        if not parsing:
            return
        if event in SPAWN_EVENTS:
            started.append(f"{event} {args[:2]!r}")
        elif event == "open" and isinstance(args[0], str) and args[0].startswith(watched):
            opened.append(args[0])

    sys.addaudithook(hook)
    from airflow.dag_processing.dagbag import DagBag

    parsing = True
    bag = DagBag(dag_folder=dags_folder)
    parsing = False
    dags = {dag_id: {t.task_id: sorted(t.upstream_task_ids) for t in dag.tasks} for dag_id, dag in bag.dags.items()}
    print(json.dumps({"import_errors": bag.import_errors, "dags": dags, "started": started, "opened": opened}))


if __name__ == "__main__":
    main(*sys.argv[1:])
