"""The PostgreSQL warehouse as an Airflow connection (id `conflict_postgres`, or CONFLICT_PG_CONN_ID):
whatever Airflow resolves it from, an `AIRFLOW_CONN_CONFLICT_POSTGRES=postgresql://user:pass@host:port/db`
variable, the metadata database (`airflow connections add`) or a secrets backend. The replicator
connects with it, and dbt's postgres target reads it through env_var: dbt_env() hands dbt the
connection's fields, the password as DBT_ENV_SECRET_PG_PASSWORD so dbt scrubs it from its logs."""

from __future__ import annotations

import os


def conn_id() -> str:
    return os.environ.get("CONFLICT_PG_CONN_ID", "conflict_postgres")


def pg_connection():
    from airflow.sdk import Connection

    return Connection.get(conn_id())


def pg_dsn() -> str:
    c = pg_connection()
    return (
        f"host={c.host or 'localhost'} port={c.port or 5432} user={c.login or ''} "
        f"dbname={c.schema or ''} password={c.password or ''}"
    )


def dbt_profile_env() -> dict[str, str]:
    """The variables dbt_project/profiles.yml's postgres output reads, from the connection."""
    c = pg_connection()
    return {
        "DBT_PG_HOST": c.host or "localhost",
        "DBT_PG_PORT": str(c.port or 5432),
        "DBT_PG_USER": c.login or "",
        "DBT_PG_DBNAME": c.schema or "",
        "DBT_ENV_SECRET_PG_PASSWORD": c.password or "",
    }
