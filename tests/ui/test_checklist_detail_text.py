"""The checklist detail shows guidance as paragraphs and history in words: no raw
JSON (``status: "not_reviewed" -> "open"``), no lines broken where the template
file wrapped them."""

from __future__ import annotations

from pathlib import Path

from reviewer_app.domain.checklist import EvidenceLink
from reviewer_app.services.checklist.items import ensure_checklist, set_item
from reviewer_app.ui.pages.checklist_detail import ItemDetail
from tests.support.checklist_cases import REVIEWER, add_case, new_workspace

DETAILS = "The manifest signature\nchains to the anchor \"Demo CA\" [checked]."


def test_history_and_guidance_read_as_text(qtbot, tmp_path: Path):
    ws = new_workspace(tmp_path / "ws")
    case = add_case(ws)
    ensure_checklist(ws, REVIEWER, case)
    set_item(ws, REVIEWER, case, "PKG-01", status="open", details=DETAILS,
             severity_override="CAT II", justification="the anchor is a test one",
             evidence_links=[EvidenceLink("manifest.json")])
    item = set_item(ws, REVIEWER, case, "PKG-01", status="not_a_finding", comments="")
    detail = ItemDetail()
    qtbot.addWidget(detail)
    detail.show_item(item)

    guidance = detail.guidance.text()
    assert "\n" not in guidance, "a paragraph of the template shown as broken lines"
    assert guidance.startswith("Confirm the import's signature check: the detached CMS signature")

    entries = [detail.history.item(i).text() for i in range(detail.history.count())]
    assert len(entries) == 2
    newest, first = entries
    assert "Status: Open \u2192 Not a finding" in newest
    assert "Status: Not reviewed \u2192 Open" in first
    assert "Severity override: none \u2192 CAT II" in first
    assert "Evidence links: none \u2192 1 (manifest.json)" in first
    assert "Finding details: \u201cThe manifest signature chains to the anchor" in first
    for text in entries:
        assert "\n" not in text
        assert '"not_reviewed"' not in text and "null" not in text and "{" not in text
    ws.close()
