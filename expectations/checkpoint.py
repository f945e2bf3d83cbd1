"""The publish gate: one GX checkpoint over every suite, run on the batch's DataFrames. Results are
returned as plain rows for ops.validations and the report."""

from __future__ import annotations

import logging
from pathlib import Path

import great_expectations as gx
import pandas as pd
from great_expectations.data_context.types.resource_identifiers import ExpectationSuiteIdentifier

from expectations import suites
from expectations.result import ExpectationOutcome, GateResult

log = logging.getLogger(__name__)


def _plain(value):
    """numpy scalars as Python values, so details read «5», not «np.int64(5)»."""
    return value.item() if hasattr(value, "item") else value


DOCS_SITE = "published"


def _context(project_root: Path | None, docs_dir: Path | None):
    """Ephemeral for tests; a file context under $CONFLICT_HOME/gx when results and Data Docs are kept."""
    if project_root is None:
        return gx.get_context(mode="ephemeral")
    context = gx.get_context(mode="file", project_root_dir=str(project_root))
    if docs_dir is not None and DOCS_SITE not in context.get_site_names():
        context.add_data_docs_site(
            site_name=DOCS_SITE,
            site_config={
                "class_name": "SiteBuilder",
                "store_backend": {"class_name": "TupleFilesystemStoreBackend", "base_directory": str(docs_dir)},
                "site_index_builder": {"class_name": "DefaultSiteIndexBuilder"},
            },
        )
    return context


def run_gate(
    frames: dict[str, pd.DataFrame],
    project_root: Path | None = None,
    docs_dir: Path | None = None,
    history: pd.DataFrame | None = None,
) -> GateResult:
    """Validates each suite on its DataFrame through one checkpoint per suite (the suites and
    checkpoints are rebuilt from code every run, so the code is the only definition)."""
    context = _context(project_root, docs_dir)
    source = context.data_sources.add_or_update_pandas("run_batch")
    result = GateResult()
    # Data Docs once for all the suites, not a checkpoint action each: every build re-renders the
    # site index and recompiles its templates (about 1.3 s a build, most of the gate's time)
    documented: list = []
    for name, build in suites.ALL.items():
        if name not in frames:
            continue
        df = frames[name]
        suite = context.suites.add_or_update(build(history) if name == "volume" else build())
        try:
            asset = source.get_asset(name)
        except LookupError:
            asset = source.add_dataframe_asset(name)
        try:
            batch_def = asset.get_batch_definition("batch")
        except (KeyError, LookupError):
            batch_def = asset.add_batch_definition_whole_dataframe("batch")
        vd = context.validation_definitions.add_or_update(
            gx.ValidationDefinition(name=f"{name}_batch", data=batch_def, suite=suite)
        )
        names = [c for c in suites.ROW_NAMES.get(name, []) if c in df.columns]
        # COMPLETE with the naming columns: a failure lists its rows' articles and sentences, in
        # ops.validations and in the Data Docs, so the articles can be held back and read
        result_format = (
            {"result_format": "COMPLETE", "unexpected_index_column_names": names}
            if names
            else {"result_format": "SUMMARY"}
        )
        checkpoint = context.checkpoints.add_or_update(
            gx.Checkpoint(name=f"{name}_gate", validation_definitions=[vd], actions=[], result_format=result_format)
        )
        run = checkpoint.run(batch_parameters={"dataframe": df})
        documented += [*run.run_results, ExpectationSuiteIdentifier(name=suite.name)]
        for vr in run.run_results.values():
            for r in vr.results:
                cfg = r.expectation_config
                kwargs = cfg.kwargs
                res = r.result or {}
                unexpected = res.get("partial_unexpected_list") or []
                rows = (
                    [
                        {k: _plain(v) for k, v in row.items() if k in names}
                        for row in (res.get("unexpected_index_list") or [])
                    ]
                    if not r.success
                    else []
                )
                detail = f"{cfg.type}({kwargs.get('column', '')})"
                if not r.success:
                    detail += f": {res.get('unexpected_count')} of {res.get('element_count')} unexpected"
                    if unexpected:
                        detail += f", e.g. {[_plain(u) for u in unexpected[:3]]!r}"
                    if rows:
                        detail += "; rows: " + "; ".join(
                            " ".join(f"{k}={str(v)[:160]}" for k, v in row.items()) for row in rows[:5]
                        )
                result.outcomes.append(
                    ExpectationOutcome(
                        suite=name,
                        expectation=cfg.type,
                        column=kwargs.get("column"),
                        severity=(cfg.meta or {}).get("severity", "error"),
                        success=bool(r.success),
                        element_count=res.get("element_count"),
                        unexpected_count=res.get("unexpected_count"),
                        detail=detail,
                        mostly=kwargs.get("mostly"),
                        rows=rows,
                    )
                )
    if docs_dir and documented:
        context.build_data_docs(site_names=[DOCS_SITE], resource_identifiers=documented, build_index=True)
    for o in result.errors:
        log.error("expectation failed [%s] %s", o.suite, o.detail)
    for o in result.warnings:
        log.warning("expectation warning [%s] %s", o.suite, o.detail)
    return result
