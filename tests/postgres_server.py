"""A throwaway local PostgreSQL server (Debian's package) for tests: its own data directory, a free
port on 127.0.0.1, fsync off, stopped and removed afterwards."""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
from contextlib import contextmanager
from pathlib import Path

import psycopg2


def _bindir() -> Path:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/pg_ctl"), key=lambda p: int(p.split("/")[4]))
    if not found:
        raise RuntimeError("PostgreSQL server binaries not found: `make system-deps` installs Debian's postgresql")
    return Path(found[-1]).parent


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def postgres_server(user: str = "conflict", database: str = "conflict"):
    """Yields the environment that points dbt and the replicator at the server: the Airflow connection
    AIRFLOW_CONN_CONFLICT_POSTGRES, and its parts as CONFLICT_PG_* for the tests' own connections."""
    bindir = _bindir()
    root = Path(tempfile.mkdtemp(prefix="conflict-pg-"))
    # initdb refuses to run as root: run the server as Debian's postgres user, owning its directory
    as_owner: list[str] = []
    if os.geteuid() == 0:
        pw = pwd.getpwnam("postgres")
        os.chown(root, pw.pw_uid, pw.pw_gid)
        as_owner = ["runuser", "-u", "postgres", "--"]
    data, port = root / "data", _free_port()
    try:
        subprocess.run(
            [
                *as_owner,
                str(bindir / "initdb"),
                "-D",
                str(data),
                "-A",
                "trust",
                "-U",
                user,
                "-E",
                "UTF8",
                "--locale",
                "C.UTF-8",
            ],
            check=True,
            capture_output=True,
            text=True,
        )
        subprocess.run(
            [
                *as_owner,
                str(bindir / "pg_ctl"),
                "-D",
                str(data),
                "-l",
                str(root / "server.log"),
                "-w",
                "-o",
                f"-p {port} -k {root} -c listen_addresses=127.0.0.1 -c fsync=off",
                "start",
            ],
            check=True,
            capture_output=True,
            text=True,
        )
        con = psycopg2.connect(host="127.0.0.1", port=port, user=user, dbname="postgres")
        con.autocommit = True
        con.cursor().execute(f"create database {database}")
        con.close()
        yield {
            "CONFLICT_PG_HOST": "127.0.0.1",
            "CONFLICT_PG_PORT": str(port),
            "CONFLICT_PG_USER": user,
            "CONFLICT_PG_DATABASE": database,
            "CONFLICT_PG_PASSWORD": "",
            "AIRFLOW_CONN_CONFLICT_POSTGRES": f"postgresql://{user}@127.0.0.1:{port}/{database}",
        }
    finally:
        subprocess.run(
            [*as_owner, str(bindir / "pg_ctl"), "-D", str(data), "-m", "immediate", "stop"], capture_output=True
        )
        shutil.rmtree(root, ignore_errors=True)
