"""The bridge between the DuckDB working warehouse and a PostgreSQL warehouse (dbt target `postgres`).

`push_sources` copies the source layer dbt reads (raw articles, extractor output, lexicons) to
PostgreSQL, incrementally by article like the marts: an article whose extraction differs from the
copy (new, re-extracted or withdrawn) has all its rows replaced; the rest are not touched.
`pull_marts` brings the marts dbt built there back into DuckDB's `marts` schema (rows whose
`updated_at` is newer, and removals), where the gate validates them and publication snapshots them,
exactly as for marts built on DuckDB. Everything moves with PostgreSQL's COPY, one transaction per
direction, so nobody sees half a sync.
"""

from __future__ import annotations

import contextlib
import tempfile
from dataclasses import dataclass, field

import duckdb
import pandas as pd

from warehouse.db import scalar, transaction

# Tables replaced as a whole each time: lexicons and the place list are small.
WHOLE = (
    "reference.actors",
    "reference.places",
    "reference.event_types",
    "reference.reporters",
    "reference.admin1",
    "reference.data_sources",
    "reference.outcomes",
    "reference.victim_groups",
    "reference.qualifiers",
    "reference.roles",
    "extracted.places",
)
# Tables whose rows belong to one article (event_actors through its event).
BY_ARTICLE = ("extracted.article_status", "extracted.events", "extracted.casualties", "extracted.event_actors")
PG_TYPES = {
    "VARCHAR": "text",
    "INTEGER": "integer",
    "BIGINT": "bigint",
    "BOOLEAN": "boolean",
    "DATE": "date",
    "TIMESTAMP": "timestamp",
    "DOUBLE": "double precision",
    "HUGEINT": "numeric",
}
DUCK_TYPES = {
    "text": "VARCHAR",
    "character varying": "VARCHAR",
    "integer": "INTEGER",
    "bigint": "BIGINT",
    "boolean": "BOOLEAN",
    "date": "DATE",
    "timestamp without time zone": "TIMESTAMP",
    "double precision": "DOUBLE",
    "numeric": "DOUBLE",
}
INDEXES = {
    "raw.articles": "article_id",
    "extracted.article_status": "article_id",
    "extracted.events": "article_id",
    "extracted.casualties": "article_id",
    "extracted.event_actors": "event_key",
}


@dataclass
class ReplicationStats:
    articles_added: int = 0
    articles_removed: int = 0
    extractions_replaced: int = 0
    rows_copied: dict[str, int] = field(default_factory=dict)


def connect_pg():
    """A PostgreSQL connection (the Airflow connection, warehouse/pg_connection.py) that closes on
    leaving the `with` block (psycopg2's own `with` only ends a transaction)."""
    import psycopg2

    from warehouse.pg_connection import pg_dsn

    return contextlib.closing(psycopg2.connect(pg_dsn()))


def _columns(duck: duckdb.DuckDBPyConnection, table: str) -> list[tuple[str, str]]:
    schema, name = table.split(".")
    return duck.execute(
        "select column_name, data_type from information_schema.columns "
        "where table_schema = ? and table_name = ? order by ordinal_position",
        [schema, name],
    ).fetchall()


def _ensure_tables(duck: duckdb.DuckDBPyConnection, cur) -> None:
    for table in ("raw.articles", *BY_ARTICLE, *WHOLE):
        schema = table.split(".")[0]
        columns = [f'"{c}" {PG_TYPES.get(t, "text")}' for c, t in _columns(duck, table)]
        cur.execute(f"create schema if not exists {schema}")
        cur.execute(f"create table if not exists {table} ({', '.join(columns)})")
        for column in columns:  # a column DuckDB's table gained since PostgreSQL's copy was made
            cur.execute(f"alter table {table} add column if not exists {column}")
        if table in INDEXES:
            cur.execute(
                f"create index if not exists {table.replace('.', '_')}_{INDEXES[table]} on {table} ({INDEXES[table]})"
            )


def _copy(duck: duckdb.DuckDBPyConnection, cur, table: str, select_sql: str, columns: list[str] | None = None) -> int:
    """Streams a DuckDB query into a PostgreSQL table through a CSV file (DuckDB writes the types
    PostgreSQL reads: ISO dates, true/false; NULL as an unquoted \\N, an empty string quoted)."""
    cols = columns or [c for c, _ in _columns(duck, table)]
    with tempfile.NamedTemporaryFile(suffix=".csv") as tmp:
        duck.execute(f"copy ({select_sql}) to '{tmp.name}' (format csv, header false, nullstr '\\N')")
        with open(tmp.name, encoding="utf-8") as fh:
            cur.copy_expert(f"copy {table} ({', '.join(cols)}) from stdin with (format csv, null '\\N')", fh)
        return cur.rowcount


def _keys_from_pg(cur, sql: str, columns: list[str]) -> pd.DataFrame:
    cur.execute(sql)
    return pd.DataFrame(cur.fetchall(), columns=columns)


def push_sources(duck: duckdb.DuckDBPyConnection, pg) -> ReplicationStats:
    """Brings PostgreSQL's source layer level with DuckDB's (pg: an open psycopg2 connection)."""
    stats = ReplicationStats()
    with pg:  # one transaction: commit on success, roll back on any error
        cur = pg.cursor()
        _ensure_tables(duck, cur)
        pg_articles = _keys_from_pg(cur, "select article_id from raw.articles", ["article_id"])
        pg_status = _keys_from_pg(
            cur, "select article_id, extracted_at from extracted.article_status", ["article_id", "extracted_at"]
        )
        duck.register("pg_articles", pg_articles)
        duck.register("pg_status", pg_status.astype({"extracted_at": "datetime64[us]"}))
        added = duck.execute(
            "select article_id from raw.articles a "
            "where not exists (select 1 from pg_articles p where p.article_id = a.article_id)"
        ).df()
        removed = duck.execute(
            "select article_id from pg_articles p "
            "where not exists (select 1 from raw.articles a where a.article_id = p.article_id)"
        ).df()
        # an article's extraction differs when it is new, re-extracted, or gone on either side
        changed = (
            duck.execute("""
            select coalesce(s.article_id, p.article_id) as article_id
            from extracted.article_status s
            full join pg_status p on p.article_id = s.article_id and p.extracted_at = s.extracted_at
            where s.article_id is null or p.article_id is null
        """)
            .df()
            .drop_duplicates()
        )
        duck.register("changed_articles", changed)
        duck.register("added_articles", added)
        duck.register("removed_articles", removed)
        for name in ("changed_articles", "removed_articles"):
            cur.execute(f"create temp table {name} (article_id text primary key) on commit drop")
            _copy(duck, cur, name, f"select article_id from {name}", ["article_id"])

        cur.execute(
            "delete from extracted.event_actors where event_key in (select event_key from extracted.events "
            "where article_id in (select article_id from changed_articles))"
        )
        for table in ("extracted.events", "extracted.casualties", "extracted.article_status"):
            cur.execute(f"delete from {table} where article_id in (select article_id from changed_articles)")
        cur.execute("delete from raw.articles where article_id in (select article_id from removed_articles)")

        copied = stats.rows_copied
        copied["raw.articles"] = _copy(
            duck,
            cur,
            "raw.articles",
            "select a.* from raw.articles a where a.article_id in (select article_id from added_articles)",
        )
        for table in ("extracted.article_status", "extracted.events", "extracted.casualties"):
            copied[table] = _copy(
                duck,
                cur,
                table,
                f"select t.* from {table} t where t.article_id in (select article_id from changed_articles)",
            )
        copied["extracted.event_actors"] = _copy(
            duck,
            cur,
            "extracted.event_actors",
            """
            select ea.* from extracted.event_actors ea
            where ea.event_key in (select event_key from extracted.events
                                   where article_id in (select article_id from changed_articles))""",
        )
        for table in WHOLE:
            cur.execute(f"truncate {table}")
            copied[table] = _copy(duck, cur, table, f"select * from {table}")
        for name in ("pg_articles", "pg_status", "changed_articles", "added_articles", "removed_articles"):
            duck.unregister(name)
        stats.articles_added, stats.articles_removed, stats.extractions_replaced = (
            len(added),
            len(removed),
            len(changed),
        )
    return stats


def _pg_to_duck(pg_cur, duck: duckdb.DuckDBPyConnection, query: str, name: str, columns: list[tuple[str, str]]) -> int:
    """COPY a PostgreSQL query out as CSV and read it into a DuckDB temp table with the given types."""
    with tempfile.NamedTemporaryFile(suffix=".csv") as tmp:
        with open(tmp.name, "w", encoding="utf-8") as fh:
            pg_cur.copy_expert(f"copy ({query}) to stdout with (format csv, null '\\N')", fh)
        types = ", ".join(f"'{c}': '{t}'" for c, t in columns)
        duck.execute(
            f"create or replace temp table {name} as select * from read_csv('{tmp.name}', "
            f"header = false, nullstr = '\\N', quote = '\"', escape = '\"', columns = {{{types}}})"
        )
    return scalar(duck, f"select count(*) from {name}")


def pull_marts(duck: duckdb.DuckDBPyConnection, pg, keys: dict[str, str]) -> dict[str, int]:
    """Makes DuckDB's marts equal to PostgreSQL's; returns rows copied per mart. Incremental marts
    (`keys`: mart -> dbt unique_key) copy only rows rebuilt since DuckDB's newest and drop removed
    keys; the others are copied whole."""
    copied: dict[str, int] = {}
    cur = pg.cursor()
    cur.execute(
        "select table_name, column_name, data_type from information_schema.columns "
        "where table_schema = 'marts' order by table_name, ordinal_position"
    )
    tables: dict[str, list[tuple[str, str]]] = {}
    for table, column, pg_type in cur.fetchall():
        tables.setdefault(table, []).append((column, DUCK_TYPES.get(pg_type, "VARCHAR")))
    duck.execute("create schema if not exists marts")
    with transaction(duck):
        for table, columns in tables.items():
            cols = ", ".join(c for c, _ in columns)
            mine = duck.execute(
                "select column_name, data_type from information_schema.columns where "
                "table_schema = 'marts' and table_name = ? order by ordinal_position",
                [table],
            ).fetchall()
            key = keys.get(table)
            if key and mine == columns:
                newest = scalar(duck, f'select max(updated_at) from marts."{table}"')
                since = f"where updated_at > '{newest}'" if newest else ""
                copied[table] = _pg_to_duck(cur, duck, f'select {cols} from marts."{table}" {since}', "pulled", columns)
                _pg_to_duck(
                    cur,
                    duck,
                    f'select distinct {key} from marts."{table}"',
                    "pg_keys",
                    [c for c in columns if c[0] == key],
                )
                duck.execute(
                    f'delete from marts."{table}" where {key} in (select {key} from pulled) '
                    f"or {key} not in (select {key} from pg_keys)"
                )
                duck.execute(f'insert into marts."{table}" select * from pulled')
            else:
                copied[table] = _pg_to_duck(cur, duck, f'select {cols} from marts."{table}"', "pulled", columns)
                duck.execute(f'create or replace table marts."{table}" as select * from pulled')
        duck.execute("drop table if exists pulled")
        duck.execute("drop table if exists pg_keys")
    return copied
