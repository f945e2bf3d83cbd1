"""Connections to the working warehouse. Only the Airflow tasks in the duckdb_writer pool write to it."""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from pathlib import Path

import duckdb

# the statement helpers live with the first layer that writes (ingest); re-exported for the warehouse
from ingest.db import scalar, transaction  # noqa: F401

SCHEMA_SQL = Path(__file__).with_name("schema.sql")


def memory_limit() -> str:
    """DuckDB's buffer cap for every pipeline connection (dbt's profile reads the same variable):
    big joins spill to disk instead of growing with the corpus."""
    return os.environ.get("CONFLICT_DUCKDB_MEMORY", "1GB")


def connect(path: Path | None = None, read_only: bool = False) -> duckdb.DuckDBPyConnection:
    """A connection to the warehouse file (or in memory when path is None) under the memory cap."""
    if path is not None and not read_only:
        path.parent.mkdir(parents=True, exist_ok=True)
    con = duckdb.connect(str(path) if path else ":memory:", read_only=read_only)
    # SET, not a connect-time config: a process may already hold this file open with the defaults
    con.execute(f"set memory_limit = '{memory_limit()}'")
    return con


def apply_schema(con: duckdb.DuckDBPyConnection) -> None:
    con.execute(SCHEMA_SQL.read_text(encoding="utf-8"))


@contextlib.contextmanager
def writer(path: Path) -> Iterator[duckdb.DuckDBPyConnection]:
    con = connect(path)
    try:
        apply_schema(con)
        yield con
    finally:
        con.close()
