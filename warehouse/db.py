"""Connections to the working warehouse. Only the Airflow tasks in the duckdb_writer pool write to it."""
from __future__ import annotations

import contextlib
from pathlib import Path
from typing import Iterator

import duckdb

SCHEMA_SQL = Path(__file__).with_name("schema.sql")


def connect(path: Path, read_only: bool = False) -> duckdb.DuckDBPyConnection:
    if not read_only:
        path.parent.mkdir(parents=True, exist_ok=True)
    return duckdb.connect(str(path), read_only=read_only)


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


@contextlib.contextmanager
def transaction(con: duckdb.DuckDBPyConnection) -> Iterator[duckdb.DuckDBPyConnection]:
    """All or nothing: a load killed half-way leaves no partial rows, and the rerun converges."""
    con.execute("begin transaction")
    try:
        yield con
    except BaseException:
        con.execute("rollback")
        raise
    else:
        con.execute("commit")


def scalar(con: duckdb.DuckDBPyConnection, sql: str, params: list | dict | None = None):
    """First column of the first row. Fetches everything: DuckDB 2 refuses new work on a connection
    whose previous result was only partly read."""
    rows = con.execute(sql, params or []).fetchall()
    return rows[0][0] if rows else None
