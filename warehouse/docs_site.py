"""The data dictionary as a website: `dbt docs generate --static` (one HTML file with the manifest and
the catalog built in, so it opens offline from disk), published as published/docs/index.html."""

from __future__ import annotations

import shutil
import subprocess

from warehouse.config import Paths
from warehouse.dbt_runner import DbtBuildFailed, dbt_command, dbt_env
from warehouse.publish import _fresh_dir, _swap_dir


def _docs_target(paths: Paths):
    # its own target directory: the DAG renders its tasks from the build's manifest.json
    return paths.home / "dbt" / "docs"


def generate(paths: Paths) -> None:
    """Builds the static docs page from the project and the warehouse's catalog. Opens the warehouse
    (the report task runs in the writer pool, so no other writer is running)."""
    cmd = dbt_command(paths, "docs", "generate", "--static")
    cmd[cmd.index("--target-path") + 1] = str(_docs_target(paths))
    proc = subprocess.run(cmd, env=dbt_env(paths), capture_output=True, text=True)
    if proc.returncode != 0:
        raise DbtBuildFailed(f"dbt docs generate failed:\n{proc.stdout[-3000:]}\n{proc.stderr[-2000:]}")


def publish_docs(paths: Paths) -> str:
    """Generates the docs and swaps them in as published/docs/ (index.html, manifest.json and
    catalog.json for tools that read them); returns the page's path."""
    generate(paths)
    target = _docs_target(paths)
    out = paths.published_dir / "docs"
    tmp = _fresh_dir(out)
    shutil.copyfile(target / "static_index.html", tmp / "index.html")
    for name in ("manifest.json", "catalog.json"):
        shutil.copyfile(target / name, tmp / name)
    _swap_dir(tmp, out)
    return str(out / "index.html")
