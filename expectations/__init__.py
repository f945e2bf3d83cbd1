"""Great Expectations (GX Core 1.x) suites and the checkpoint that gates publishing.

GX's SQL datasource returns empty metrics on DuckDB (upstream GX issue 10738), so each suite
validates the run's batch as a pandas DataFrame read from DuckDB (see batch.py).
"""
