"""CKLB export: STIG Viewer 3's vocabulary, nothing of ours lost."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from reviewer_app.domain.checklist import EvidenceLink
from reviewer_app.formats.cklb import to_cklb
from reviewer_app.services.checklist import items as cl
from reviewer_app.services.workspace.folder import Workspace
from tests.support.checklist_cases import REVIEWER, add_case, audit_ok, new_workspace


@pytest.fixture
def ws(tmp_path: Path) -> Iterator[Workspace]:
    workspace = new_workspace(tmp_path / "ws")
    yield workspace
    workspace.close()


def test_rules_carry_status_details_comments_and_overrides(ws: Workspace, tmp_path: Path) -> None:
    case = add_case(ws)
    cl.set_item(ws, REVIEWER, case, "ACC-01", status="open", details="KP missing",
                comments="lab notified", severity_override="CAT II", justification="law covers KP",
                evidence_links=[EvidenceLink("documents/system-card.pdf")])
    cl.set_item(ws, REVIEWER, case, "PKG-01", status="not_a_finding")
    cl.set_item(ws, REVIEWER, case, "PKG-04", status="not_applicable")
    out = cl.export_cklb(ws, case, tmp_path / "case.cklb")
    doc = json.loads(out.read_text(encoding="utf-8"))
    assert doc["target_data"]["marking"] == "CUI"
    stig = doc["stigs"][0]
    assert stig["stig_id"] == "frontier-prerelease" and stig["version"] == "1.0"
    rules = {r["rule_id"]: r for r in stig["rules"]}
    assert len(rules) == 39
    acc = rules["ACC-01"]
    assert acc["status"] == "open" and acc["finding_details"] == "KP missing"
    assert acc["comments"] == "lab notified"
    assert acc["severity"] == "high"
    assert acc["overrides"] == {"severity": {"severity": "medium", "reason": "law covers KP"}}
    assert acc["frd_evidence_links"] == [{"path": "documents/system-card.pdf"}]
    assert acc["frd_suggestion"]["explanation"] == "denylist lacks KP (North Korea)"
    for field in ("group_id", "rule_version", "rule_title", "discussion", "check_content", "fix_text"):
        assert field in acc
    assert {r["status"] for r in rules.values()} == {"open", "not_a_finding", "not_applicable",
                                                     "not_reviewed"}
    assert {r["severity"] for r in rules.values()} == {"high", "medium", "low"}
    audit_ok(ws)


def test_uuids_are_stable_across_exports(ws: Workspace) -> None:
    case = add_case(ws)
    first = to_cklb(cl.get_checklist(ws, case))
    cl.set_item(ws, REVIEWER, case, "PKG-01", status="open")
    second = to_cklb(cl.get_checklist(ws, case))
    assert first["id"] == second["id"]
    assert [r["uuid"] for r in first["stigs"][0]["rules"]] == [
        r["uuid"] for r in second["stigs"][0]["rules"]]
