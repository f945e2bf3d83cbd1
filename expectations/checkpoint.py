"""The publish gate: one GX checkpoint over every suite, run on the batch's DataFrames. Results are
returned as plain rows for ops.validations and the report."""
from __future__ import annotations

import logging
from dataclasses import dataclass, field

import great_expectations as gx
import pandas as pd

from expectations import suites

log = logging.getLogger(__name__)


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


def _context():
    context = gx.get_context(mode="ephemeral")
    try:
        context.variables.progress_bars = {"globally": False}
    except Exception:  # older/newer config shapes: progress bars are cosmetic
        pass
    return context


def run_gate(frames: dict[str, pd.DataFrame]) -> GateResult:
    context = _context()
    source = context.data_sources.add_pandas("run_batch")
    result = GateResult()
    for name, build in suites.ALL.items():
        df = frames[name]
        suite = context.suites.add(build())
        batch_def = source.add_dataframe_asset(name).add_batch_definition_whole_dataframe("batch")
        vd = context.validation_definitions.add(gx.ValidationDefinition(name=f"{name}_batch", data=batch_def, suite=suite))
        checkpoint = context.checkpoints.add(gx.Checkpoint(name=f"{name}_gate", validation_definitions=[vd]))
        run = checkpoint.run(batch_parameters={"dataframe": df})
        for vr in run.run_results.values():
            for r in vr.results:
                cfg = r.expectation_config
                kwargs = cfg.kwargs
                res = r.result or {}
                unexpected = res.get("partial_unexpected_list") or []
                detail = f"{cfg.type}({kwargs.get('column', '')})"
                if not r.success:
                    detail += f": {res.get('unexpected_count')} of {res.get('element_count')} unexpected"
                    if unexpected:
                        detail += f", e.g. {unexpected[:3]!r}"
                result.outcomes.append(ExpectationOutcome(
                    suite=name, expectation=cfg.type, column=kwargs.get("column"),
                    severity=(cfg.meta or {}).get("severity", "error"), success=bool(r.success),
                    element_count=res.get("element_count"), unexpected_count=res.get("unexpected_count"),
                    detail=detail))
    for o in result.errors:
        log.error("expectation failed [%s] %s", o.suite, o.detail)
    for o in result.warnings:
        log.warning("expectation warning [%s] %s", o.suite, o.detail)
    return result
