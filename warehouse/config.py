"""Where runtime state lives. Every path derives from two environment variables (the contract in the README)."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]


@dataclass(frozen=True)
class Paths:
    home: Path
    inbox: Path

    @property
    def warehouse(self) -> Path:
        return self.home / "warehouse.duckdb"

    @property
    def published_dir(self) -> Path:
        return self.home / "published"

    @property
    def published_warehouse(self) -> Path:
        return self.published_dir / "warehouse.duckdb"

    @property
    def previous_warehouse(self) -> Path:
        return self.published_dir / "previous.duckdb"

    @property
    def report_html(self) -> Path:
        return self.published_dir / "report.html"

    @property
    def quarantine_dir(self) -> Path:
        return self.home / "quarantine"

    @property
    def airflow_home(self) -> Path:
        return self.home / "airflow"

    @property
    def dbt_target_dir(self) -> Path:
        return self.home / "dbt" / "target"

    def ensure(self) -> Paths:
        for d in (self.home, self.published_dir, self.quarantine_dir, self.airflow_home):
            d.mkdir(parents=True, exist_ok=True)
        return self


def paths() -> Paths:
    home = Path(os.environ.get("CONFLICT_HOME") or REPO_ROOT / ".conflict").resolve()
    inbox = Path(os.environ.get("CONFLICT_INBOX") or REPO_ROOT / "data" / "sample").resolve()
    return Paths(home=home, inbox=inbox)
