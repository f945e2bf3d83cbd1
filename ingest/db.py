"""Statement helpers for a DuckDB connection: the raw loads and every later layer use them."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

import duckdb


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
