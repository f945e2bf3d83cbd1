"""The staging area between the extraction plan, the mapped extraction tasks and their loader.

Mapped extraction tasks run on any worker and never open the DuckDB file, so what they read and
write goes through files: `<root>/extract/<run>/input/<batch>.parquet` (the batch's article bodies,
written by the plan) and `<root>/extract/<run>/<batch>.parquet` (its rows, written by the task).
The root is `CONFLICT_STAGING_URL` (any fsspec URL: a shared mount, `s3://bucket/prefix` with s3fs
installed, ...), by default `$CONFLICT_HOME/staging`. A file is written under a temporary name and
moved into place, so a retried task replaces its own file and a reader never sees half of one.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import uuid
from pathlib import Path

import fsspec
import pyarrow as pa
import pyarrow.parquet as pq

STAGING_ENV = "CONFLICT_STAGING_URL"
META_KEY = b"conflict"


def root_url(home: Path) -> str:
    return (os.environ.get(STAGING_ENV) or (home / "staging").as_posix()).rstrip("/")


def run_url(home: Path, run_id: str) -> str:
    """The run's extraction directory: the run id made path-safe, with a hash so that two ids that
    differ only in their unsafe characters do not share one."""
    safe = re.sub(r"[^A-Za-z0-9._-]+", "_", run_id)[:80]
    return f"{root_url(home)}/extract/{safe}-{hashlib.sha256(run_id.encode()).hexdigest()[:8]}"


def input_url(run: str, batch: int) -> str:
    return f"{run}/input/{batch:05d}.parquet"


def output_url(run: str, batch: int) -> str:
    return f"{run}/{batch:05d}.parquet"


def write_table(url: str, table: pa.Table, meta: dict) -> None:
    fs, path = fsspec.core.url_to_fs(url)
    parent = path.rsplit("/", 1)[0]
    fs.makedirs(parent, exist_ok=True)
    table = table.replace_schema_metadata({META_KEY: json.dumps(meta, default=str).encode()})
    tmp = f"{parent}/.{uuid.uuid4().hex}.tmp"
    with fs.open(tmp, "wb") as fh:
        pq.write_table(table, fh, compression="zstd")
    fs.mv(tmp, path)


def read_table(url: str) -> tuple[pa.Table, dict]:
    """The table and the metadata its writer stored with it."""
    fs, path = fsspec.core.url_to_fs(url)
    with fs.open(path, "rb") as fh:
        table = pq.read_table(fh)
    meta = json.loads((table.schema.metadata or {}).get(META_KEY, b"{}"))
    return table, meta


def exists(url: str) -> bool:
    fs, path = fsspec.core.url_to_fs(url)
    return fs.exists(path)


def remove_tree(url: str) -> None:
    fs, path = fsspec.core.url_to_fs(url)
    if fs.exists(path):
        fs.rm(path, recursive=True)
