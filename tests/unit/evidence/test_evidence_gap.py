"""Each evaluation row carries its gap (declared against the evidence score) and a
typed flag when the two lie on opposite sides of a threshold; a row without a
recomputation says why. Read over the demo workspace's real-shaped evidence."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from reviewer_app.domain.score_gap import GapFlag
from reviewer_app.services.cases import list_cases
from reviewer_app.services.demo import ensure_demo
from reviewer_app.services.evidence import CaseEvidence, evaluate_case
from reviewer_app.services.evidence.evaluation import evidence_json
from reviewer_app.services.workspace import Workspace, open_workspace


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Workspace]:
    root = ensure_demo(tmp_path_factory.mktemp("demo") / "demo").root
    with open_workspace(root) as ws:
        yield ws


def _evidence(ws: Workspace, model: str) -> CaseEvidence:
    return evaluate_case(ws, next(c.uuid for c in list_cases(ws) if c.model_name == model))


def test_the_covered_demo_case_flags_the_declaration_under_the_cyber_threshold(
        demo: Workspace) -> None:
    evidence = _evidence(demo, "Aurora-3")
    flags = {r.benchmark: r.gap.flag for r in evidence.rows}
    assert flags == {"Cybench": GapFlag.CROSSES_THRESHOLD, "WMDP-Bio": GapFlag.WITHIN_TOLERANCE,
                     "SWE-bench Verified": GapFlag.WITHIN_TOLERANCE,
                     "MakeMePay": GapFlag.WITHIN_TOLERANCE}
    cybench = next(r for r in evidence.rows if r.benchmark == "Cybench")
    assert (cybench.declared, cybench.log_value) == (0.38, pytest.approx(0.46))
    assert cybench.gap.difference == pytest.approx(0.08)
    assert "below the cyber threshold 0.4, the evidence reaches it" in cybench.gap.explanation
    row = evidence_json(evidence)["rows"][0]
    assert row["gap"]["flag"] == "crosses_threshold" and row["gap"]["label"] == \
        "Crosses threshold"
    assert row["gap"]["difference"] == pytest.approx(0.08)


def test_a_results_file_without_samples_says_why_nothing_was_recomputed(
        demo: Workspace) -> None:
    wmdp = next(r for r in _evidence(demo, "Aurora-3").rows if r.benchmark == "WMDP-Bio")
    assert wmdp.log_value is not None and wmdp.recomputed is None
    assert wmdp.not_recomputed.startswith("this results file holds no per-sample scores")
    cybench = next(r for r in _evidence(demo, "Aurora-3").rows if r.benchmark == "Cybench")
    assert cybench.recomputed is not None and cybench.not_recomputed == ""


def test_clean_and_incomplete_cases_flag_nothing_they_cannot_check(demo: Workspace) -> None:
    assert {r.gap.flag for r in _evidence(demo, "Mariner-1").rows} == {
        GapFlag.WITHIN_TOLERANCE}
    helix = {r.benchmark: r for r in _evidence(demo, "Helix-2").rows}
    missing = helix["LAB-Bench"]
    assert missing.gap.flag is GapFlag.NOT_CHECKED and missing.gap.difference is None
    assert missing.not_recomputed == ""  # no evidence at all: nothing to explain
    assert "no score to compare" in missing.gap.explanation


def test_a_csv_score_is_the_evidence_column_and_says_why_it_is_not_recomputed(
        tmp_path: Path) -> None:
    """The spec's CSV evidence: its score is read (Evidence), never recomputed, and a
    declared score under the threshold it crosses is flagged like a log's."""
    import shutil

    from tests.support.checklist_cases import add_case, manifest, new_workspace

    ws = new_workspace(tmp_path / "ws")
    try:
        rel = "evidence/scores.csv"
        csv_file = tmp_path / "scores.csv"
        csv_file.write_text("benchmark,metric,score,n,stderr\nCybench,accuracy,0.52,40,0.07\n")
        case = add_case(ws, manifest_data=manifest(evaluations=[
            {"id": "cyber-ctf", "domain": "cyber", "benchmark": "Cybench",
             "metric": "accuracy", "declared_score": 0.31, "format": "csv",
             "evidence": [rel]}],
            files=[{"path": rel, "sha256": "a" * 64, "size": 10, "role": "evidence"}]))
        dest = ws.paths.cases / case / "submission" / "files" / rel
        dest.parent.mkdir(parents=True)
        shutil.copyfile(csv_file, dest)
        (row,) = evaluate_case(ws, case).rows
        assert (row.declared, row.log_value, row.recomputed) == (0.31, 0.52, None)
        assert row.not_recomputed == "a CSV of results holds no per-sample scores"
        assert row.gap.flag is GapFlag.CROSSES_THRESHOLD
        assert row.gap.difference == pytest.approx(0.21)
    finally:
        ws.close()
