"""What the publish gate returns: plain rows for ops.validations, the holds and the report. Kept apart
from the checkpoint so the ledger and the holds read a result without importing Great Expectations."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class ExpectationOutcome:
    suite: str
    expectation: str
    column: str | None
    severity: str
    success: bool
    element_count: int | None
    unexpected_count: int | None
    detail: str
    mostly: float | None = None  # the share of rows that must pass, when not all must
    # the rows that failed, by name (suites.ROW_NAMES: article ids, evidence); empty when the
    # expectation judges the batch as a whole (or passed)
    rows: list[dict] = field(default_factory=list)

    @property
    def article_ids(self) -> set[str]:
        return {a for r in self.rows for a in str(r.get("article_ids") or "").split(",") if a}


@dataclass
class GateResult:
    outcomes: list[ExpectationOutcome] = field(default_factory=list)

    @property
    def errors(self) -> list[ExpectationOutcome]:
        return [o for o in self.outcomes if not o.success and o.severity == "error"]

    @property
    def warnings(self) -> list[ExpectationOutcome]:
        return [o for o in self.outcomes if not o.success and o.severity == "warning"]

    @property
    def passed(self) -> bool:
        return not self.errors

    @classmethod
    def combine(cls, parts: list[GateResult]) -> GateResult:
        """One result for a batch validated in parts: counts add up, and an expectation fails if it
        failed on any part, or, with `mostly`, if the whole batch's share fails (every expectation
        here is row-wise, and uniqueness keys never span parts)."""
        merged: dict[tuple, ExpectationOutcome] = {}
        for part in parts:
            for o in part.outcomes:
                key = (o.suite, o.expectation, o.column)
                m = merged.get(key)
                if m is None:
                    merged[key] = ExpectationOutcome(**{**o.__dict__, "rows": list(o.rows)})
                    continue
                m.rows = m.rows + o.rows
                m.element_count = (m.element_count or 0) + (o.element_count or 0)
                m.unexpected_count = (m.unexpected_count or 0) + (o.unexpected_count or 0)
                if not o.success and m.success:
                    m.detail = o.detail
                if m.mostly is not None and m.element_count:
                    m.success = m.unexpected_count / m.element_count <= 1 - m.mostly
                else:
                    m.success = m.success and o.success
        return cls(list(merged.values()))
