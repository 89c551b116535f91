"""The demo shows the evidence assessment at work: one case covered (a declared
score under a cyber threshold that its log crosses), one clean, one incomplete.

Read the way the window and ``case show`` read them: ``evaluate_case`` (the
Evidence page, the checklist's auto-checks, the letter) and ``case_details``.
The thresholds come from the demo workspace's own policy file.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from reviewer_app.domain.assessment import Status
from reviewer_app.formats.policy import load_policy
from reviewer_app.services.case_view import case_details
from reviewer_app.services.cases import list_cases
from reviewer_app.services.demo import ensure_demo
from reviewer_app.services.evidence import CaseEvidence, EvaluationRow, evaluate_case
from reviewer_app.services.workspace import Workspace, open_workspace


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Workspace]:
    root = ensure_demo(tmp_path_factory.mktemp("demo") / "demo").root
    with open_workspace(root) as ws:
        yield ws


def _case_key(ws: Workspace, model: str) -> str:
    return next(c.uuid for c in list_cases(ws) if c.model_name == model)


def _evidence(ws: Workspace, model: str) -> CaseEvidence:
    return evaluate_case(ws, _case_key(ws, model))


def _row(evidence: CaseEvidence, benchmark: str) -> EvaluationRow:
    return next(r for r in evidence.rows if r.benchmark == benchmark)


def test_covered_case_crosses_the_cyber_threshold_its_declaration_stays_under(
        demo: Workspace) -> None:
    rule = load_policy(demo.paths.policy).rule_for("Cybench", "accuracy")
    assert rule is not None and rule.domain == "cyber"
    evidence = _evidence(demo, "Aurora-3")
    a = evidence.assessment
    assert a.covered and a.summary.startswith("Covered frontier model")
    cybench = _row(evidence, "Cybench")
    assert cybench.status is Status.AT_OR_ABOVE and cybench.threshold == rule.covered_at
    # The gap: declared under the threshold, the log (and its samples) over it.
    assert cybench.declared is not None and cybench.score is not None
    assert cybench.declared < rule.covered_at <= cybench.score
    assert cybench.recomputed == pytest.approx(cybench.log_value)
    assert any(f"Cybench accuracy {cybench.score:.4f} reaches the cyber threshold "
               f"{rule.covered_at:g}" in reason for reason in a.reasons)
    flagged = [f for f in evidence.findings if f.evaluation == cybench.evaluation]
    assert [f.code for f in flagged] == ["SCORE_DECLARED_MISMATCH"]
    assert f"{cybench.declared:.4f}" in flagged[0].message
    assert f"{cybench.score:.4f}" in flagged[0].message
    # Cybench alone decides: every other evaluation is below its threshold.
    others = [r for r in evidence.rows if r is not cybench]
    assert others and all(r.status is Status.BELOW for r in others)
    assert a.complete


def test_clean_case_is_below_every_threshold_in_every_domain(demo: Workspace) -> None:
    policy = load_policy(demo.paths.policy)
    evidence = _evidence(demo, "Mariner-1")
    a = evidence.assessment
    assert not a.covered and a.complete
    assert a.summary == "Not a covered frontier model on the evidence given"
    assert {r.domain for r in evidence.rows} == set(policy.domains())
    for row in evidence.rows:
        assert row.status is Status.BELOW, row
        assert row.score is not None and row.threshold is not None
        assert row.score < row.threshold
    assert all(d.status is Status.BELOW for d in a.domains)
    assert evidence.findings == ()  # declarations agree with the logs


def test_incomplete_case_lacks_evidence_for_a_thresholded_benchmark(demo: Workspace) -> None:
    policy = load_policy(demo.paths.policy)
    evidence = _evidence(demo, "Helix-2")
    a = evidence.assessment
    assert not a.covered and not a.complete
    assert a.summary == "Not shown to be covered, but the evidence is incomplete"
    missing = _row(evidence, "LAB-Bench")
    assert policy.rule_for("LAB-Bench", missing.metric) is not None
    assert missing.evidence == () and missing.status is Status.NO_EVIDENCE
    assert [d.status for d in a.domains if d.domain == missing.domain] == [Status.NO_EVIDENCE]
    assert any(r.startswith("LAB-Bench accuracy: no readable score") for r in a.reasons)
    assert all(r.status is Status.BELOW for r in evidence.rows if r is not missing)


def _open_suggestions(details: dict[str, Any]) -> list[str]:
    return [item["suggestion"]["explanation"] for item in details["checklist"]["items"]
            if (item.get("suggestion") or {}).get("status") == "open"]


def test_case_show_and_the_checklist_give_the_same_three_verdicts(demo: Workspace) -> None:
    verdicts = {}
    details = {model: case_details(demo, _case_key(demo, model), date.today())
               for model in ("Aurora-3", "Mariner-1", "Helix-2")}
    for model, shown in details.items():
        verdicts[model] = (shown["assessment"]["covered"], shown["assessment"]["complete"])
        codes = {f["code"] for f in shown["evaluations"]["findings"]}
        assert ("SCORE_DECLARED_MISMATCH" in codes) == (model == "Aurora-3")
    assert verdicts == {"Aurora-3": (True, True), "Mariner-1": (False, True),
                        "Helix-2": (False, False)}
    # The checklist's auto-checks suggest findings from the same evidence: the
    # covered case's threshold and its declared-vs-log gap; nothing for the clean one.
    aurora = _open_suggestions(details["Aurora-3"])
    assert any("Cybench accuracy 0.46 against the threshold 0.4" in s for s in aurora)
    assert any("declared accuracy 0.3800, the log states 0.4600" in s for s in aurora)
    assert _open_suggestions(details["Mariner-1"]) == []
    assert any("LAB-Bench" in s for s in _open_suggestions(details["Helix-2"]))


def test_committed_evidence_is_what_the_generator_makes(tmp_path: Path) -> None:
    """The demo's files are committed; the generator stays their source."""
    import json
    import subprocess
    import sys
    import zipfile

    from reviewer_app.resources import resource_path

    repo = Path(__file__).resolve().parents[3]
    subprocess.run([sys.executable, str(repo / "scripts" / "make_demo_evidence.py"),
                    str(tmp_path)], check=True, capture_output=True)
    committed = resource_path("demo", "evidence")
    made = sorted(p.name for p in tmp_path.iterdir())
    assert made == sorted(p.name for p in committed.iterdir() if p.name != "PROVENANCE.md")
    for name in made:
        if name.endswith(".eval"):
            with zipfile.ZipFile(tmp_path / name) as new, \
                    zipfile.ZipFile(committed / name) as old:
                assert new.namelist() == old.namelist(), name
                for member in new.namelist():
                    assert json.loads(new.read(member)) == json.loads(old.read(member)), member
        else:
            assert (tmp_path / name).read_bytes() == (committed / name).read_bytes(), name
