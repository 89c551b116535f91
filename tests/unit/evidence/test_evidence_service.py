"""evaluate_case over a hand-placed case: real logs, declared scores, thresholds,
findings, and ``case show --json``."""

from __future__ import annotations

import json
import os
import shutil
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from reviewer_app.domain.assessment import Status
from reviewer_app.errors import RejectedError
from reviewer_app.services.case_view import case_details
from reviewer_app.services.evidence.evaluation import case_file, evaluate_case, open_log
from reviewer_app.services.workspace.folder import Workspace
from tests.support.checklist_cases import add_case, manifest, new_workspace
from tests.support.inspect_logs import write_eval_log

DATA = Path(__file__).resolve().parents[2] / "data"
LLAMA = "Llama-3.2-1B_results_2025-03-03T00-05-19.750676.json"


@pytest.fixture
def ws(tmp_path: Path) -> Workspace:
    workspace = new_workspace(tmp_path / "ws")
    yield workspace
    workspace.close()


def _case(ws: Workspace, evaluations: list[dict[str, Any]], files: dict[str, Path]) -> str:
    """A valid manifest naming every evidence path, stored as the importer would."""
    paths = sorted({p for ev in evaluations for p in ev["evidence"]})
    data = manifest(evaluations=evaluations, files=[
        {"path": p, "sha256": "a" * 64, "size": 10, "role": "evidence"} for p in paths])
    case_uuid = add_case(ws, manifest_data=data)
    root = ws.paths.cases / case_uuid / "submission" / "files"
    for rel, src in files.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(src, root / rel)
    return case_uuid


def test_rows_findings_and_assessment(ws: Workspace, tmp_path: Path) -> None:
    log = write_eval_log(tmp_path / "cy.eval", 200, p_correct=0.5, zstd=True,
                         stated_accuracy=0.30)  # header disagrees with its samples
    case = _case(ws, [
        {"id": "cyber-ctf", "domain": "cyber", "benchmark": "Cybench", "metric": "accuracy",
         "declared_score": 0.30, "format": "inspect-eval", "evidence": ["evidence/cy.eval"]},
        {"id": "arc", "domain": "other", "benchmark": "arc_challenge", "metric": "acc",
         "declared_score": 0.3122866894197952, "format": "lm-eval-results",
         "evidence": ["evidence/results.json"]},
    ], {"evidence/cy.eval": log.path, "evidence/results.json": DATA / "lm_eval" / LLAMA})
    result = evaluate_case(ws, case)
    cy, arc = result.rows
    assert cy.log_value == pytest.approx(0.30)
    assert cy.recomputed == pytest.approx(log.true_accuracy)
    assert (cy.n, cy.threshold, cy.status) == (200, 0.40, Status.BELOW)
    assert (arc.log_value, arc.n, arc.status) == (0.3122866894197952, 1172, Status.NO_THRESHOLD)
    mismatch = [f for f in result.findings if f.code == "SCORE_LOG_MISMATCH"]
    assert len(mismatch) == 1
    assert "0.3000" in mismatch[0].message and f"{log.true_accuracy:.4f}" in mismatch[0].message
    assert "200 sample(s)" in mismatch[0].message
    assert not [f for f in result.findings if f.code == "SCORE_DECLARED_MISMATCH"]
    domains = {d.domain: d.status for d in result.assessment.domains}
    assert domains["cyber"] is Status.BELOW and domains["cbrn"] is Status.NO_EVIDENCE
    assert not result.assessment.covered and not result.assessment.complete


def test_declared_score_off_and_threshold_crossed(ws: Workspace, tmp_path: Path) -> None:
    log = write_eval_log(tmp_path / "cy.eval", 50, p_correct=0.9)
    case = _case(ws, [{"id": "cyber-ctf", "domain": "cyber", "benchmark": "Cybench",
                       "metric": "accuracy", "declared_score": 0.41, "format": "inspect-eval",
                       "evidence": ["evidence/cy.eval"]}], {"evidence/cy.eval": log.path})
    result = evaluate_case(ws, case)
    assert result.rows[0].status is Status.AT_OR_ABOVE
    assert result.assessment.covered
    declared = [f for f in result.findings if f.code == "SCORE_DECLARED_MISMATCH"]
    assert declared and "0.4100" in declared[0].message and "50 sample(s)" in declared[0].message


def test_unreadable_and_missing_evidence_are_notes(ws: Workspace) -> None:
    case = _case(ws, [
        {"id": "bad", "domain": "cyber", "benchmark": "Cybench", "metric": "accuracy",
         "declared_score": 0.1, "format": "inspect-eval", "evidence": ["evidence/bad.txt"]},
        {"id": "gone", "domain": "cbrn", "benchmark": "WMDP-Bio", "metric": "acc",
         "declared_score": 0.1, "format": "lm-eval-results", "evidence": ["evidence/x.json"]},
    ], {"evidence/bad.txt": DATA / "inspect" / "log_invalid.txt"})
    result = evaluate_case(ws, case)
    assert [r.status for r in result.rows] == [Status.NO_EVIDENCE, Status.NO_EVIDENCE]
    assert "not valid JSON" in " ".join(result.rows[0].notes)
    assert {"EVIDENCE_UNUSABLE", "SCORE_UNVERIFIED"} <= {f.code for f in result.findings}


def test_no_evaluations_is_a_finding(ws: Workspace) -> None:
    result = evaluate_case(ws, _case(ws, [], {}))
    assert [f.code for f in result.findings] == ["NO_EVALUATIONS"]
    assert not result.assessment.complete


def test_case_show_json_has_evaluations_and_assessment(ws: Workspace) -> None:
    case = _case(ws, [{"id": "nan", "domain": "cyber", "benchmark": "Cybench",
                       "metric": "accuracy", "declared_score": 0.5, "format": "inspect-eval",
                       "evidence": ["evidence/nan.json"]}],
                 {"evidence/nan.json": DATA / "inspect" / "log_with_nan.txt"})
    details = case_details(ws, case, date(2026, 11, 25))
    text = json.dumps(details, allow_nan=False)  # NaN never reaches the JSON
    rows = details["evaluations"]["rows"]
    assert rows[0]["declared"] == 0.5 and rows[0]["log_value"] is None
    assert rows[0]["threshold"] == 0.4 and rows[0]["status"] == "no_evidence"
    assert details["assessment"]["covered"] is False
    assert details["evaluations"]["assessment"]["examples_only"] is True
    assert "SCORE_NAN" in text


def test_case_file_stays_inside_the_case(ws: Workspace) -> None:
    case = _case(ws, [], {})
    with pytest.raises(RejectedError):
        case_file(ws, case, "../../manifest.json")


def test_open_log_for_the_ui(tmp_path: Path) -> None:
    log = write_eval_log(tmp_path / "u.eval", 120)
    with open_log(log.path) as source:
        assert source.sample_count() == 120
        rows = source.summaries(60, 20)
        assert [r.id for r in rows] == [str(i) for i in range(61, 81)]
        assert source.detail("61", 1).input.startswith("Task 61:")


def test_kept_on_the_workspace_while_its_files_are_unchanged(ws: Workspace, tmp_path: Path) -> None:
    low = write_eval_log(tmp_path / "low.eval", 60, p_correct=0.2)
    high = write_eval_log(tmp_path / "high.eval", 60, p_correct=0.9)
    case = _case(ws, [{"id": "cyber-ctf", "domain": "cyber", "benchmark": "Cybench",
                       "metric": "accuracy", "declared_score": 0.2, "format": "inspect-eval",
                       "evidence": ["evidence/cy.eval"]}], {"evidence/cy.eval": low.path})
    first = evaluate_case(ws, case)
    assert evaluate_case(ws, case) is first  # read once, asked twice
    details = case_details(ws, case, date(2026, 11, 25))
    assert details["evaluations"]["rows"][0]["recomputed"] == first.rows[0].recomputed

    policy = ws.paths.policy
    stamp = policy.stat().st_mtime_ns + 5_000_000_000
    os.utime(policy, ns=(stamp, stamp))  # the policy changed: evaluated again
    again = evaluate_case(ws, case)
    assert again is not first and again == first

    stored = case_file(ws, case, "evidence/cy.eval")
    shutil.copyfile(high.path, stored)  # the stored log replaced behind the app's back
    changed = evaluate_case(ws, case)
    assert changed.rows[0].recomputed == pytest.approx(high.true_accuracy)
    assert changed.rows[0].recomputed != first.rows[0].recomputed
