"""The DuckDB warehouse: paths, schema, run ledger, publishing and the report."""
