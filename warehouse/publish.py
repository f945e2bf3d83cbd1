"""Publishes a validated snapshot for analysts and rolls it back.

The snapshot is a new DuckDB file holding the marts (and the ops ledger), written beside the
published one, checked, then renamed over it: a reader holding the old file keeps reading it, a
reader opening after sees the new one, nobody sees half. The old snapshot becomes previous.duckdb.
"""
from __future__ import annotations

import os
import shutil
from dataclasses import dataclass
from pathlib import Path

import duckdb

from warehouse.config import Paths
from warehouse.db import scalar

PUBLISHED_SCHEMAS = ("marts", "ops")


@dataclass
class PublishStats:
    tables: dict[str, int]
    path: str


def _tables(con: duckdb.DuckDBPyConnection, catalog: str, schema: str, views: bool = False) -> list[str]:
    kinds = ("BASE TABLE", "VIEW") if views else ("BASE TABLE",)
    return [r[0] for r in con.execute(
        "select table_name from information_schema.tables where table_catalog = ? and table_schema = ? "
        f"and table_type in {kinds!r} order by table_name", [catalog, schema]).fetchall()]


def build_snapshot(warehouse: Path, target: Path) -> dict[str, int]:
    """Copies the published schemas into a fresh file and returns row counts per table."""
    if target.exists():
        target.unlink()
    con = duckdb.connect()
    counts: dict[str, int] = {}
    catalog = "src"
    try:
        con.execute(f"attach '{warehouse}' as src (read_only)")
        con.execute(f"attach '{target}' as snap")
        for schema in PUBLISHED_SCHEMAS:
            con.execute(f"create schema if not exists snap.{schema}")
            for table in _tables(con, catalog, schema, views=(schema == "ops")):  # ops.runs is a view: copied as a table
                # the ledger rows of tasks still running (this publish) are not history yet
                where = " where outcome <> 'running'" if (schema, table) == ("ops", "task_runs") else ""
                con.execute(f'create table snap.{schema}."{table}" as select * from {catalog}.{schema}."{table}"{where}')
                counts[f"{schema}.{table}"] = scalar(con, f'select count(*) from {catalog}.{schema}."{table}"{where}')
        con.execute("detach snap")
        con.execute("detach src")
    finally:
        con.close()
    return counts


def _verify(snapshot: Path, expected: dict[str, int]) -> None:
    con = duckdb.connect(str(snapshot), read_only=True)
    try:
        for name, n in expected.items():
            schema, table = name.split(".", 1)
            got = scalar(con, f'select count(*) from {schema}."{table}"')
            if got != n:
                raise RuntimeError(f"snapshot check failed: {name} has {got} rows, expected {n}")
    finally:
        con.close()


def export_parquet(snapshot: Path, out_dir: Path) -> None:
    """One Parquet file per mart, swapped in as a directory so readers never see a partial export."""
    tmp = out_dir.with_name(out_dir.name + ".tmp")
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir(parents=True)
    con = duckdb.connect(str(snapshot), read_only=True)
    try:
        for table in _tables(con, scalar(con, "select current_database()"), "marts"):
            con.execute(f"copy marts.\"{table}\" to '{tmp / (table + '.parquet')}' (format parquet)")
    finally:
        con.close()
    old = out_dir.with_name(out_dir.name + ".old")
    shutil.rmtree(old, ignore_errors=True)
    if out_dir.exists():
        os.replace(out_dir, old)
    os.replace(tmp, out_dir)
    shutil.rmtree(old, ignore_errors=True)


def publish(paths: Paths) -> PublishStats:
    paths.published_dir.mkdir(parents=True, exist_ok=True)
    staging = paths.published_dir / f".warehouse.{os.getpid()}.duckdb"
    counts = build_snapshot(paths.warehouse, staging)
    _verify(staging, counts)
    if paths.published_warehouse.exists():
        # hard link keeps the current snapshot as previous.duckdb without copying it
        prev_tmp = paths.published_dir / f".previous.{os.getpid()}.duckdb"
        if prev_tmp.exists():
            prev_tmp.unlink()
        os.link(paths.published_warehouse, prev_tmp)
        os.replace(prev_tmp, paths.previous_warehouse)
    os.replace(staging, paths.published_warehouse)
    export_parquet(paths.published_warehouse, paths.published_dir / "parquet")
    return PublishStats(counts, str(paths.published_warehouse))


def rollback(paths: Paths) -> Path:
    """One step back: previous.duckdb becomes the published snapshot again (and the Parquet exports follow)."""
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
    export_parquet(current, paths.published_dir / "parquet")
    return current
