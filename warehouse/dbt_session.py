"""Several dbt commands in one Python process: `python -m warehouse.dbt_session build ARGS --then
source freshness ARGS`. Each dbt process pays ~3 s to start (imports, adapter, manifest) before it
runs a node; the build and the freshness check after it share that cost. The first command decides:
the exit status is its own (dbt's: 1 a failed node, 2 an error) and if it fails nothing after it
runs; a later command's failure is left to its output file (a freshness check never fails a run)."""

from __future__ import annotations

import sys

THEN = "--then"


def commands(argv: list[str]) -> list[list[str]]:
    out: list[list[str]] = [[]]
    for arg in argv:
        if arg == THEN:
            out.append([])
        else:
            out[-1].append(arg)
    return [c for c in out if c]


def main(argv: list[str]) -> int:
    from dbt.cli.main import dbtRunner

    runner = dbtRunner()
    first, *after = commands(argv)
    result = runner.invoke(first)
    if not result.success:
        return 2 if result.exception is not None else 1
    for args in after:
        runner.invoke(args)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
