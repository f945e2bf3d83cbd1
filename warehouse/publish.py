"""Publishes a validated snapshot for analysts and rolls it back.

The snapshot is a new DuckDB file holding the marts (and the ops ledger), written beside the
published one, checked, then renamed over it: a reader holding the old file keeps reading it, a
reader opening after sees the new one, nobody sees half. The old snapshot becomes previous.duckdb.

The new file starts as a byte copy of the published one; only the mart rows rebuilt since (their
`updated_at` is newer) and the rows gone from the warehouse are changed in it, so the cost of a
publication follows new data. Without a published snapshot, or when a mart's columns changed, the
whole mart is copied.
"""

from __future__ import annotations

import json
import os
import shutil
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import duckdb

from warehouse.config import Paths
from warehouse.db import connect, scalar

PUBLISHED_SCHEMAS = ("marts", "ops")
# The snapshot is written in the storage format of the oldest DuckDB analysts open it with: `make sql`
# runs DuckDB's shell from PyPI (duckdb-cli), whose newest release is 1.5.
SNAPSHOT_STORAGE = "v1.5.0"
# Above this share of rows rebuilt, a fresh file is cheaper than patching a copy (and has no dead
# blocks from the deleted rows).
REWRITE_SHARE = 0.3


@dataclass
class PublishStats:
    tables: dict[str, int]
    path: str
    patched: list[str]  # marts changed in place in a copy of the last snapshot; the rest were copied whole


def _tables(con: duckdb.DuckDBPyConnection, catalog: str, schema: str, views: bool = False) -> list[str]:
    kinds = ("BASE TABLE", "VIEW") if views else ("BASE TABLE",)
    return [
        r[0]
        for r in con.execute(
            "select table_name from information_schema.tables where table_catalog = ? and table_schema = ? "
            f"and table_type in {kinds!r} order by table_name",
            [catalog, schema],
        ).fetchall()
    ]


def mart_keys(manifest: Path) -> dict[str, str]:
    """Each incremental mart's key (the dbt model's `unique_key`), read from the dbt manifest."""
    if not manifest.exists():
        return {}
    nodes = json.loads(manifest.read_text())["nodes"].values()
    return {
        n["name"]: n["config"]["unique_key"]
        for n in nodes
        if n["resource_type"] == "model"
        and n["config"].get("materialized") == "incremental"
        and n.get("schema") == "marts"
        and isinstance(n["config"].get("unique_key"), str)
    }


def _columns(con: duckdb.DuckDBPyConnection, catalog: str, schema: str, table: str) -> list[tuple[str, str]]:
    return con.execute(
        "select column_name, data_type from information_schema.columns where table_catalog = ? "
        "and table_schema = ? and table_name = ? order by ordinal_position",
        [catalog, schema, table],
    ).fetchall()


def _apply_changes(con: duckdb.DuckDBPyConnection, table: str, key: str) -> None:
    """Brings snap.marts.<table> level with src: rows rebuilt since its newest row, and rows gone."""
    t_src, t_snap = f'src.marts."{table}"', f'snap.marts."{table}"'
    con.execute(f"""
        create temp table changed_keys as
        select distinct {key} as k from {t_src}
        where updated_at > (select coalesce(max(updated_at), timestamp '1900-01-01') from {t_snap})
        union
        select s.{key} from {t_snap} s where not exists (select 1 from {t_src} w where w.{key} = s.{key})
    """)
    con.execute(f"delete from {t_snap} where {key} in (select k from changed_keys)")
    con.execute(f"insert into {t_snap} select * from {t_src} where {key} in (select k from changed_keys)")
    con.execute("drop table changed_keys")


def _storage_version(db: Path) -> str | None:
    """The storage format a DuckDB file was written in (e.g. v1.5.0); a copy keeps its file's."""
    con = connect()
    try:
        con.execute(f"attach '{db}' as probe (read_only)")
        tag = scalar(con, "select tags['storage_version'] from duckdb_databases() where database_name = 'probe'")
        return tag.rstrip("+") if tag else None
    except duckdb.Error:
        return None
    finally:
        con.close()


def _changed_share(warehouse: Path, base: Path, keys: dict[str, str]) -> float:
    """Rows rebuilt since the published snapshot, as a share of its keyed mart rows (1.0 if unknown)."""
    con = connect()
    try:
        con.execute(f"attach '{warehouse}' as src (read_only)")
        con.execute(f"attach '{base}' as base (read_only)")
        if not set(keys) <= set(_tables(con, "base", "marts")) & set(_tables(con, "src", "marts")):
            return 1.0
        changed = total = 0
        for table in keys:
            n, newest = con.execute(f'select count(*), max(updated_at) from base.marts."{table}"').fetchall()[0]
            total += n
            changed += scalar(
                con, f'select count(*) from src.marts."{table}" where updated_at > ?', [newest or datetime(1900, 1, 1)]
            )
        return changed / total if total else 1.0
    except duckdb.Error:
        return 1.0  # an old snapshot without updated_at: copy whole
    finally:
        con.close()


def build_snapshot(
    warehouse: Path, target: Path, base: Path | None = None, keys: dict[str, str] | None = None
) -> tuple[dict[str, int], list[str]]:
    """Writes the published schemas into `target` (starting from a copy of `base` when given, and
    then changing only what changed); returns row counts per table and the marts patched in place."""
    if target.exists():
        target.unlink()
    keys = keys or {}
    if (
        base is not None
        and base.exists()
        and _storage_version(base) == SNAPSHOT_STORAGE
        and _changed_share(warehouse, base, keys) <= REWRITE_SHARE
    ):
        shutil.copyfile(base, target)
    else:
        base = None
    con = connect()
    counts: dict[str, int] = {}
    patched: list[str] = []
    try:
        con.execute(f"attach '{warehouse}' as src (read_only)")
        con.execute(f"attach '{target}' as snap (storage_version '{SNAPSHOT_STORAGE}')")
        snap_tables = {(s, t) for s in PUBLISHED_SCHEMAS for t in _tables(con, "snap", s)}
        for schema in PUBLISHED_SCHEMAS:
            con.execute(f"create schema if not exists snap.{schema}")
            for table in _tables(con, "src", schema, views=(schema == "ops")):  # ops.runs is a view: copied as a table
                # the ledger rows of tasks still running (this publish) are not history yet
                where = " where outcome <> 'running'" if (schema, table) == ("ops", "task_runs") else ""
                incremental = (
                    base is not None
                    and schema == "marts"
                    and table in keys
                    and (schema, table) in snap_tables
                    and _columns(con, "src", schema, table) == _columns(con, "snap", schema, table)
                )
                if incremental:
                    _apply_changes(con, table, keys[table])
                    patched.append(table)
                else:
                    con.execute(
                        f'create or replace table snap.{schema}."{table}" as '
                        f'select * from src.{schema}."{table}"{where}'
                    )
                snap_tables.discard((schema, table))
                counts[f"{schema}.{table}"] = scalar(con, f'select count(*) from src.{schema}."{table}"{where}')
        for schema, table in snap_tables:  # a mart dropped from the project leaves the snapshot too
            con.execute(f'drop table snap.{schema}."{table}"')
        con.execute("detach snap")
        con.execute("detach src")
    finally:
        con.close()
    return counts, patched


def _verify(snapshot: Path, expected: dict[str, int]) -> None:
    con = connect(snapshot, read_only=True)
    try:
        for name, n in expected.items():
            schema, table = name.split(".", 1)
            got = scalar(con, f'select count(*) from {schema}."{table}"')
            if got != n:
                raise RuntimeError(f"snapshot check failed: {name} has {got} rows, expected {n}")
    finally:
        con.close()


# Marts also published as CSV, for tools that read ACLED's and UCDP GED's files.
CSV_EXPORTS = ("acled_events", "ged_events")


def _swap_dir(tmp: Path, out_dir: Path) -> None:
    """Puts a freshly written directory in place, so readers never see a partial export."""
    old = out_dir.with_name(out_dir.name + ".old")
    shutil.rmtree(old, ignore_errors=True)
    if out_dir.exists():
        os.replace(out_dir, old)
    os.replace(tmp, out_dir)
    shutil.rmtree(old, ignore_errors=True)


def _fresh_dir(out_dir: Path) -> Path:
    tmp = out_dir.with_name(out_dir.name + ".tmp")
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir(parents=True)
    return tmp


def export_parquet(snapshot: Path, out_dir: Path) -> None:
    """One Parquet file per mart, swapped in as a directory so readers never see a partial export."""
    tmp = _fresh_dir(out_dir)
    con = connect(snapshot, read_only=True)
    try:
        # under the memory cap: no ordering buffer, and row groups small enough for article bodies
        con.execute("set preserve_insertion_order = false")
        for table in _tables(con, scalar(con, "select current_database()"), "marts"):
            con.execute(
                f"copy marts.\"{table}\" to '{tmp / (table + '.parquet')}' (format parquet, row_group_size 20000)"
            )
    finally:
        con.close()
    _swap_dir(tmp, out_dir)


def export_csv(snapshot: Path, out_dir: Path) -> None:
    """The ACLED- and GED-shaped marts as CSV the way those projects publish theirs: UTF-8, a header,
    ISO dates, empty fields for NULL; rows in date order."""
    tmp = _fresh_dir(out_dir)
    con = connect(snapshot, read_only=True)
    try:
        present = set(_tables(con, scalar(con, "select current_database()"), "marts"))
        for table in CSV_EXPORTS:
            if table not in present:
                continue
            order = "event_date, event_id_cnty" if table == "acled_events" else "date_start, id"
            con.execute(
                f"copy (select * from marts.\"{table}\" order by {order}) to '{tmp / (table + '.csv')}' "
                "(format csv, header true)"
            )
    finally:
        con.close()
    _swap_dir(tmp, out_dir)


def export_all(snapshot: Path, published_dir: Path) -> None:
    export_parquet(snapshot, published_dir / "parquet")
    export_csv(snapshot, published_dir / "exports")


def publish(paths: Paths) -> PublishStats:
    paths.published_dir.mkdir(parents=True, exist_ok=True)
    staging = paths.published_dir / f".warehouse.{os.getpid()}.duckdb"
    counts, patched = build_snapshot(
        paths.warehouse, staging, base=paths.published_warehouse, keys=mart_keys(paths.dbt_target_dir / "manifest.json")
    )
    _verify(staging, counts)
    if paths.published_warehouse.exists():
        # hard link keeps the current snapshot as previous.duckdb without copying it
        prev_tmp = paths.published_dir / f".previous.{os.getpid()}.duckdb"
        if prev_tmp.exists():
            prev_tmp.unlink()
        os.link(paths.published_warehouse, prev_tmp)
        os.replace(prev_tmp, paths.previous_warehouse)
    os.replace(staging, paths.published_warehouse)
    export_all(paths.published_warehouse, paths.published_dir)
    return PublishStats(counts, str(paths.published_warehouse), patched)


def rollback(paths: Paths) -> Path:
    """One step back: previous.duckdb becomes the published snapshot again (and the exports follow)."""
    if not paths.previous_warehouse.exists():
        raise FileNotFoundError(f"no previous snapshot at {paths.previous_warehouse}")
    current = paths.published_warehouse
    tmp = paths.published_dir / f".rollback.{os.getpid()}.duckdb"
    os.link(paths.previous_warehouse, tmp)
    if current.exists():
        swap = paths.published_dir / f".swap.{os.getpid()}.duckdb"
        os.link(current, swap)
        os.replace(tmp, current)
        os.replace(swap, paths.previous_warehouse)
    else:
        os.replace(tmp, current)
    export_all(current, paths.published_dir)
    return current
