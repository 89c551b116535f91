"""A case's benchmark evidence: read, recompute, compare, assess.

``evaluate_case`` reads the case's manifest (``evaluations[]``) and each
evidence file in the case store, recomputes the headline metric where the
log has per-sample scores, compares log, recomputation and declaration
within the policy's tolerance, and assesses the scores against the policy's
thresholds. ``open_log`` gives the UI a lazy sample table over one log.

A result is kept on the workspace (``ws.memo``) while every file it was read
from is unchanged (policy, stored manifest, evidence files: size and
modification time): a case's evidence is read once by its pages, its
checklist's auto-checks, its letter and ``case show`` (which asked twice),
instead of once each (a 100,000-sample log takes about a second).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from reviewer_app.domain.assessment import Assessment, ScoredEvaluation, Status, assess
from reviewer_app.domain.policy import Policy
from reviewer_app.domain.recompute import Finding, Recomputed, compare_scores, recompute_mean
from reviewer_app.domain.score_gap import NOT_CHECKED, ScoreGap, score_gap
from reviewer_app.errors import RejectedError
from reviewer_app.formats.evidence import (
    EvidenceError,
    EvidenceLog,
    MetricValue,
    SampleSource,
    open_inspect,
    open_samples,
    read_evidence,
)
from reviewer_app.formats.evidence.lm_eval import iter_lm_eval_samples
from reviewer_app.formats.policy import load_policy
from reviewer_app.services.cases import find_case_row
from reviewer_app.services.workspace import Workspace

# Metrics that are a plain mean of per-sample values (so can be recomputed).
MEAN_METRICS = frozenset({"accuracy", "mean", "acc", "exact_match", "pass", "resolved"})


@dataclass(frozen=True)
class EvaluationRow:
    """One evaluation of the manifest, with what the evidence says about it."""

    evaluation: str
    domain: str
    benchmark: str
    metric: str
    declared: float | None
    log_value: float | None
    recomputed: float | None
    n: int | None
    stderr: float | None
    threshold: float | None
    direction: str
    status: Status
    evidence: tuple[str, ...]
    format: str
    notes: tuple[str, ...] = ()
    gap: ScoreGap = NOT_CHECKED  # declared against the evidence score and the threshold
    not_recomputed: str = ""  # why ``recomputed`` is None, when the evidence has a value

    @property
    def score(self) -> float | None:
        """The score judged against the threshold: the log's, else recomputed."""
        return self.log_value if self.log_value is not None else self.recomputed

    @property
    def warnings(self) -> tuple[str, ...]:
        return self.notes


@dataclass(frozen=True)
class CaseEvidence:
    rows: tuple[EvaluationRow, ...]
    assessment: Assessment
    findings: tuple[Finding, ...]
    policy_name: str
    tolerance: float


def case_store(ws: Workspace, case_key: str) -> Path:
    with ws.reader() as s:
        return ws.paths.cases / find_case_row(s, case_key).store_dir


def case_file(ws: Workspace, case_key: str, rel_path: str) -> Path:
    """Where a file of the submission lies in the case store (never outside it)."""
    files = (case_store(ws, case_key) / "submission" / "files").resolve()
    target = (files / rel_path).resolve()
    if not target.is_relative_to(files):
        raise RejectedError("EVIDENCE_PATH", f"'{rel_path}' points outside the case's files")
    return target


def read_manifest(ws: Workspace, case_key: str) -> dict[str, Any]:
    path = case_store(ws, case_key) / "submission" / "manifest.json"
    try:
        data = json.loads(path.read_bytes())
    except (OSError, ValueError) as exc:
        raise RejectedError("CASE_MANIFEST_UNREADABLE",
                            f"the case's stored manifest cannot be read: {exc}") from exc
    if not isinstance(data, dict):
        raise RejectedError("CASE_MANIFEST_UNREADABLE", "the case's manifest is not an object")
    return data


def evaluate_case(ws: Workspace, case_key: str, *, policy: Policy | None = None
                  ) -> CaseEvidence:
    if policy is not None:  # a policy handed in is not the workspace's: nothing to keep
        return _evaluate_case(ws, case_key, policy)
    key = _memo_key(ws, case_key)
    kept = ws.memo.get(key) if key is not None else None
    if isinstance(kept, CaseEvidence):
        return kept
    result = _evaluate_case(ws, case_key, load_policy(ws.paths.policy))
    if key is not None:
        ws.remember(key, result)
    return result


def _memo_key(ws: Workspace, case_key: str) -> tuple[Any, ...] | None:
    """What the evaluation depends on, by size and modification time; None: do not keep."""
    try:
        store = case_store(ws, case_key)
        manifest = store / "submission" / "manifest.json"
        paths = [ws.paths.policy, manifest]
        for ev in read_manifest(ws, case_key).get("evaluations") or []:
            if isinstance(ev, dict):
                paths += [case_file(ws, case_key, p) for p in ev.get("evidence") or []
                          if isinstance(p, str)]
        stats = []
        for path in paths:
            st = path.stat()
            stats.append((str(path), st.st_size, st.st_mtime_ns))
    except (RejectedError, OSError):
        return None
    return ("evidence", str(store), tuple(stats))


def _evaluate_case(ws: Workspace, case_key: str, policy: Policy) -> CaseEvidence:
    manifest = read_manifest(ws, case_key)
    evaluations = manifest.get("evaluations")
    rows: list[EvaluationRow] = []
    findings: list[Finding] = []
    if not isinstance(evaluations, list) or not evaluations:
        findings.append(Finding("NO_EVALUATIONS", "the submission lists no evaluations",
                                severity="high"))
        evaluations = []
    for ev in evaluations:
        if isinstance(ev, dict):
            row, found = _evaluate(ws, case_key, ev, policy)
            rows.append(row)
            findings.extend(found)
    assessment = assess(policy, [ScoredEvaluation(r.evaluation, r.domain, r.benchmark,
                                                  r.metric, r.score) for r in rows])
    by_id = {e.evaluation: e for e in assessment.evaluations}
    rows = [_with_gap(_with_status(r, by_id.get(r.evaluation)), policy) for r in rows]
    return CaseEvidence(tuple(rows), assessment, tuple(findings), policy.name,
                        policy.score_tolerance)


def _with_status(row: EvaluationRow, judged: Any) -> EvaluationRow:
    if judged is None:
        return row
    return replace(row, status=judged.status, threshold=judged.threshold,
                   direction=judged.direction)


def _with_gap(row: EvaluationRow, policy: Policy) -> EvaluationRow:
    rule = policy.rule_for(row.benchmark, row.metric)
    return replace(row, gap=score_gap(row.declared, row.score, rule, policy.score_tolerance))


def _number(value: Any) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return float(value)


def _evaluate(ws: Workspace, case_key: str, ev: dict[str, Any], policy: Policy
              ) -> tuple[EvaluationRow, list[Finding]]:
    ident = str(ev.get("id") or ev.get("benchmark") or "?")
    benchmark, metric = str(ev.get("benchmark") or ""), str(ev.get("metric") or "")
    fmt = str(ev.get("format") or "")
    paths = tuple(str(p) for p in ev.get("evidence") or [] if isinstance(p, str))
    declared = _number(ev.get("declared_score"))
    notes: list[str] = []
    chosen: MetricValue | None = None
    log: EvidenceLog | None = None
    recomputed: Recomputed | None = None
    for rel in paths:
        if fmt == "document":
            continue
        try:
            path = case_file(ws, case_key, rel)
            log = read_evidence(path, fmt)
            notes.extend(f"{rel}: {n}" for n in log.notes)
            chosen = pick_metric(log, benchmark, metric)
            if chosen is None:
                notes.append(f"{rel}: no metric '{metric}' for '{benchmark}' in the evidence")
                continue
            recomputed = recompute_file(path, log, chosen)
            if recomputed is not None:
                notes.extend(f"{rel}: {n}" for n in recomputed.notes)
            break
        except EvidenceError as exc:  # unreadable (EVIDENCE_TOO_LARGE...): said, case opens
            notes.append(f"{rel}: {exc.code}: {exc.message}")
    if not paths:
        notes.append("no evidence file is named for this evaluation")
    findings = compare_scores(evaluation=ident, metric=metric,
                              log_value=chosen.value if chosen else None,
                              recomputed=recomputed, declared=declared,
                              tolerance=policy.score_tolerance)
    if chosen is None and paths and fmt != "document":
        findings.append(Finding("EVIDENCE_UNUSABLE", f"{ident}: the evidence gives no "
                                f"readable {metric} for {benchmark}", ident))
    n = chosen.n if chosen and chosen.n is not None else (recomputed.samples if recomputed
                                                          else None)
    row = EvaluationRow(
        evaluation=ident, domain=str(ev.get("domain") or "other"), benchmark=benchmark,
        metric=metric, declared=declared, log_value=chosen.value if chosen else None,
        recomputed=recomputed.value if recomputed else None, n=n,
        stderr=chosen.stderr if chosen else None, threshold=None, direction="",
        status=Status.NO_EVIDENCE, evidence=paths, format=log.format if log else fmt,
        notes=tuple(notes),
        not_recomputed=why_not_recomputed(log, chosen) if recomputed is None else "")
    return row, findings


def why_not_recomputed(log: EvidenceLog | None, metric: MetricValue | None) -> str:
    """Why a value the evidence states was not recomputed ("" when there is none)."""
    if log is None or metric is None:
        return ""
    if metric.name.split(",")[0] not in MEAN_METRICS:
        return f"'{metric.name}' is not a plain mean of per-sample scores"
    if log.format.startswith("inspect"):
        return "the log holds no per-sample scores"
    if log.format == "csv":
        return "a CSV of results holds no per-sample scores"
    return "this results file holds no per-sample scores (an lm-eval samples .jsonl does)"


def pick_metric(log: EvidenceLog, benchmark: str, metric: str) -> MetricValue | None:
    """The log's value for the manifest's metric. Inspect logs name scorers, not
    benchmarks; lm-eval and CSV name tasks, matched loosely to the benchmark."""
    def norm(s: str) -> str:
        return "".join(c for c in s.casefold() if c.isalnum())

    named = [m for m in log.metrics
             if m.name == metric or norm(m.name.split(",")[0]) == norm(metric)]
    if len(named) <= 1 or log.format.startswith("inspect"):
        return named[0] if named else None
    exact = [m for m in named if norm(m.scorer) == norm(benchmark)]
    if exact:
        return exact[0]
    tasks = {m.scorer for m in named}
    return named[0] if len(tasks) == 1 else None


def recompute_file(path: Path, log: EvidenceLog, metric: MetricValue) -> Recomputed | None:
    """Recompute ``metric`` from the file's per-sample scores, where it has them."""
    base = metric.name.split(",")[0]
    if base not in MEAN_METRICS:
        return None
    if log.format.startswith("inspect"):
        with open_inspect(path, index=False) as reader:  # one pass: no sample index
            return recompute_reader(reader, metric.scorer, log.reducer)
    if log.format == "lm-eval-results" and path.suffix.lower() == ".jsonl":
        triples = ((s.id, 1, s.scores.get(base)) for s in iter_lm_eval_samples(path))
        return recompute_mean(triples)
    return None


def recompute_reader(reader: Any, scorer: str, reducer: str) -> Recomputed | None:
    """From sample summaries; else from the log's per-sample reductions."""
    triples = ((s.id, s.epoch, s.scores.get(scorer) if s.scores else s.score_value)
               for s in reader.iter_summaries())
    result = recompute_mean(triples, reducer)
    if result.samples:
        return result
    for reduction in reader.reductions() or []:
        if reduction.get("scorer") in (scorer, None):
            samples = reduction.get("samples") or []
            triples = ((str(x.get("sample_id")), 1, x.get("value"))
                       for x in samples if isinstance(x, dict))
            found = recompute_mean(triples)
            if found.samples:
                note = "the log holds no sample scores: recomputed from its per-sample reductions"
                return Recomputed(found.value, found.samples, found.scores, found.unscored,
                                  reducer, (*found.notes, note))
    return None


def recompute_log(source: SampleSource, scorer: str | None = None) -> Recomputed:
    """Recompute a log's headline accuracy (for the benchmark and the UI)."""
    log = source.log()
    metric = next((m for m in log.metrics if scorer in (None, m.scorer)), None)
    result = recompute_reader(source.reader, metric.scorer if metric else "", log.reducer)
    return result or Recomputed(None, 0, 0, 0, log.reducer, ("nothing to recompute",))


def open_log(path: Path | str) -> SampleSource:
    """A lazy sample table over an Inspect log, for the UI's sample browser."""
    return open_samples(Path(path))


# --- ``case show --json`` -------------------------------------------------------


def _json_number(value: float | None) -> float | None:
    return None if value is None or value != value else value  # NaN is not JSON


def evidence_json(result: CaseEvidence) -> dict[str, Any]:
    a = result.assessment
    return {
        "policy": result.policy_name,
        "tolerance": result.tolerance,
        "rows": [{
            "id": r.evaluation, "domain": r.domain, "benchmark": r.benchmark,
            "metric": r.metric, "declared": _json_number(r.declared),
            "log_value": _json_number(r.log_value), "recomputed": _json_number(r.recomputed),
            "n": r.n, "stderr": _json_number(r.stderr), "threshold": r.threshold,
            "direction": r.direction, "status": r.status.value, "status_label": r.status.label,
            "format": r.format, "evidence": list(r.evidence), "notes": list(r.notes),
            "gap": {"flag": r.gap.flag.value, "label": r.gap.flag.label,
                    "difference": _json_number(r.gap.difference),
                    "explanation": r.gap.explanation},
            "not_recomputed": r.not_recomputed,
        } for r in result.rows],
        "findings": [{"code": f.code, "evaluation": f.evaluation, "severity": f.severity,
                      "message": f.message} for f in result.findings],
        "assessment": assessment_json(a),
    }


def assessment_json(a: Assessment) -> dict[str, Any]:
    return {
        "covered": a.covered, "complete": a.complete, "summary": a.summary,
        "examples_only": a.examples_only, "reasons": list(a.reasons),
        "domains": [{"domain": d.domain, "status": d.status.value,
                     "status_label": d.status.label, "evaluations": list(d.evaluations),
                     "thresholded": d.thresholded} for d in a.domains],
    }


def evaluations_section(ws: Workspace, case: Any) -> dict[str, Any]:
    """The ``evaluations`` section: rows, findings and the assessment."""
    try:
        return evidence_json(evaluate_case(ws, case.uuid))
    except RejectedError as exc:
        return {"error": f"{exc.code}: {exc.message}"}


def assessment_section(ws: Workspace, case: Any) -> dict[str, Any] | None:
    """The ``assessment`` section (the overall verdict alone)."""
    try:
        return assessment_json(evaluate_case(ws, case.uuid).assessment)
    except RejectedError as exc:
        return {"error": f"{exc.code}: {exc.message}"}
