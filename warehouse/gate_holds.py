"""Which articles a failed gate holds back. An error-severity expectation that names its rows
(suites.ROW_NAMES) is tied to those articles: they are held back and the rest of the batch goes on.
One that judges the batch as a whole (the volume band, an empty frame's missing column) is not, and
blocks publishing as before."""

from __future__ import annotations

from expectations.result import ExpectationOutcome, GateResult
from warehouse.holdback import Hold


def check_name(o: ExpectationOutcome) -> str:
    return f"{o.suite}.{o.expectation}({o.column or ''})"


def apply_releases(gate: GateResult, released: set[tuple[str, str]]) -> None:
    """An error whose every article an operator released for that check (`warehouse.cli release`)
    is accepted: it stays on record as a warning."""
    for o in gate.errors:
        ids = o.article_ids
        if ids and all((a, check_name(o)) in released for a in ids):
            o.severity = "warning"
            o.detail += " (accepted: every article released by an operator)"


def holds_for(gate: GateResult, released: set[tuple[str, str]]) -> tuple[list[Hold], bool]:
    """The holds the gate's errors call for (not those an operator released), and whether any error
    is tied to no article."""
    holds, untied = [], False
    for o in gate.errors:
        if not o.rows:
            untied = True
            continue
        for row in o.rows:
            for article_id in str(row.get("article_ids") or "").split(","):
                if article_id and (article_id, check_name(o)) not in released:
                    evidence = f" «{row['evidence']}»" if row.get("evidence") else ""
                    holds.append(Hold(article_id, check_name(o), f"{o.detail.split(';')[0]}{evidence}"))
    return holds, untied
