"""Do two homes hold the same data? A speed change must change no output: run the pipeline with the
code before and after on the same inbox (same run id), then

    python -m benchmarks.compare_warehouses HOME_BEFORE HOME_AFTER

compares every table of the raw, extracted, reference, staging, intermediate and marts schemas
(as multisets of rows: order aside) and the published Parquet and CSV exports. Columns that only say
when a row was written (the `*_at` the run sets, not the article's own dates, and ACLED's `timestamp`) are left out.
Exit status 1 and the differing tables listed when anything differs."""

from __future__ import annotations

import sys
from pathlib import Path

import duckdb

SCHEMAS = ("raw", "extracted", "reference", "staging", "intermediate", "marts")
# when the row was written, not what it says (acled_events.timestamp is ACLED's: the row's last change)
WRITE_TIMES = {"loaded_at", "extracted_at", "updated_at", "quarantined_at", "fetched_at", "last_fetch_at", "timestamp"}


def _tables(con: duckdb.DuckDBPyConnection, db: str) -> dict[str, list[str]]:
    rows = con.execute(
        "select table_schema, table_name, column_name from information_schema.columns "
        "where table_catalog = ? order by table_schema, table_name, ordinal_position",
        [db],
    ).fetchall()
    out: dict[str, list[str]] = {}
    for schema, table, column in rows:
        if schema in SCHEMAS:
            out.setdefault(f"{schema}.{table}", []).append(column)
    return out


def _differs(con: duckdb.DuckDBPyConnection, left: str, right: str, columns: list[str]) -> int:
    cols = ", ".join(f'"{c}"' for c in columns if c not in WRITE_TIMES)
    return con.execute(
        f"select (select count(*) from (select {cols} from {left} except all select {cols} from {right})) + "
        f"(select count(*) from (select {cols} from {right} except all select {cols} from {left}))"
    ).fetchall()[0][0]


def compare(before: Path, after: Path) -> list[str]:
    """The differences between two homes, one line each; empty when they hold the same data."""
    con = duckdb.connect()
    con.execute(f"attach '{before / 'warehouse.duckdb'}' as b (read_only)")
    con.execute(f"attach '{after / 'warehouse.duckdb'}' as a (read_only)")
    tb, ta = _tables(con, "b"), _tables(con, "a")
    problems = [f"{t}: only in {which}" for t, which in [(t, "before") for t in tb.keys() - ta.keys()]]
    problems += [f"{t}: only in after" for t in ta.keys() - tb.keys()]
    for name in sorted(tb.keys() & ta.keys()):
        if tb[name] != ta[name]:
            problems.append(f"{name}: columns differ {tb[name]} vs {ta[name]}")
            continue
        n = _differs(con, f"b.{name}", f"a.{name}", tb[name])
        if n:
            problems.append(f"{name}: {n} rows differ")
    for sub, reader in (("parquet", "read_parquet"), ("exports", "read_csv")):
        files_b = {p.name for p in (before / "published" / sub).glob("*.*")}
        files_a = {p.name for p in (after / "published" / sub).glob("*.*")}
        if files_b != files_a:
            problems.append(f"published/{sub}: files differ {sorted(files_b ^ files_a)}")
        for f in sorted(files_b & files_a):
            lb, la = (f"{reader}('{h / 'published' / sub / f}')" for h in (before, after))
            columns = [d[0] for d in con.execute(f"select * from {lb} limit 0").description]
            n = _differs(con, lb, la, columns)
            if n:
                problems.append(f"published/{sub}/{f}: {n} rows differ")
    return problems


def main() -> None:
    before, after = Path(sys.argv[1]), Path(sys.argv[2])
    problems = compare(before, after)
    for p in problems:
        print(p)
    print("same data" if not problems else f"{len(problems)} differences")
    sys.exit(1 if problems else 0)


if __name__ == "__main__":
    main()
