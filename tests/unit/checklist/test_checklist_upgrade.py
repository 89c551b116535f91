"""Template upgrades: answers carry forward only where an item's text is unchanged."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from reviewer_app.domain.checklist import Status
from reviewer_app.errors import NotPermittedError, UsageError
from reviewer_app.formats.checklist_template import load_template
from reviewer_app.resources import resource_path
from reviewer_app.services.checklist import items as cl
from reviewer_app.services.checklist.templates import default_template
from reviewer_app.services.checklist.upgrade import upgrade_template
from reviewer_app.services.workspace.folder import Workspace
from tests.support.checklist_cases import ADMIN, REVIEWER, add_case, audit_ok, new_workspace

V1 = resource_path("checklists", "frontier-prerelease-v1.toml").read_text(encoding="utf-8")


def _v11() -> str:
    text = V1.replace('version = "1.0"', 'version = "1.1"', 1)
    # PKG-02: guidance reworded; MID-03: severity raised; PKG-05 removed; PKG-06 added.
    text = text.replace("must be explained (a parent company, an agent acting for the developer).",
                        "must be explained in writing by the submitter.")
    mid03 = text.index('id = "MID-03"')
    sev = text.index('severity = "CAT II"', mid03)
    text = text[:sev] + 'severity = "CAT I"' + text[sev + len('severity = "CAT II"'):]
    text = re.sub(r'\[\[sections\.items\]\]\nid = "PKG-05".*?(?=\n\[\[sections\]\])',
                  '[[sections.items]]\nid = "PKG-06"\ntitle = "The package was received '
                  'through the office\'s channel"\nguidance = "Check the intake log."\n'
                  'severity = "CAT III"\nreferences = ["Office review procedure"]\n',
                  text, count=1, flags=re.S)
    return text


@pytest.fixture
def ws(tmp_path: Path) -> Iterator[Workspace]:
    workspace = new_workspace(tmp_path / "ws")
    yield workspace
    workspace.close()


def test_upgrade_carries_forward_resets_adds_and_retires(ws: Workspace) -> None:
    case = add_case(ws)
    cl.get_checklist(ws, case)
    for item in ("PKG-01", "PKG-02", "MID-03", "PKG-05"):
        cl.set_item(ws, REVIEWER, case, item, status="open", details=f"{item} finding")
    (ws.root / "checklists").mkdir()
    (ws.root / "checklists" / "frontier-prerelease-v1.1.toml").write_text(_v11(), encoding="utf-8")
    new = default_template(ws)
    assert new.version == "1.1"

    report = upgrade_template(ws, REVIEWER, case, new)
    assert report.reset == ("PKG-02", "MID-03")
    assert report.added == ("PKG-06",) and report.retired == ("PKG-05",)
    assert len(report.carried) == 36
    audit_ok(ws)

    view = cl.get_checklist(ws, case)
    assert view.template_version == "1.1" and len(view.items()) == 39
    kept = view.item("PKG-01")
    assert kept is not None and kept.status is Status.OPEN and kept.finding_details == "PKG-01 finding"
    changed = view.item("PKG-02")
    assert changed is not None and changed.status is Status.NOT_REVIEWED and changed.finding_details == ""
    last = changed.history[-1].changes
    assert last["status"] == ["open", "not_reviewed"]
    assert last["finding_details"] == ["PKG-02 finding", ""]
    assert "changed this item (guidance)" in last["note"]
    severity = view.item("MID-03")
    assert severity is not None and severity.severity.value == "CAT I"
    assert "(severity)" in severity.history[-1].changes["note"]
    added = view.item("PKG-06")
    assert added is not None and added.status is Status.NOT_REVIEWED
    assert view.item("PKG-05") is None
    retired = {i.item_id: i for i in view.retired}
    assert retired["PKG-05"].status is Status.OPEN  # its answer is kept for the record
    assert "removed in frontier-prerelease 1.1" in retired["PKG-05"].history[-1].changes["note"]
    with pytest.raises(UsageError, match="NO_SUCH_ITEM"):
        cl.set_item(ws, REVIEWER, case, "PKG-05", status="open")


def test_the_same_or_an_older_version_is_refused(ws: Workspace) -> None:
    case = add_case(ws)
    cl.get_checklist(ws, case)
    with pytest.raises(UsageError, match="TEMPLATE_NOT_NEWER"):
        upgrade_template(ws, REVIEWER, case, load_template(
            resource_path("checklists", "frontier-prerelease-v1.toml")))
    audit_ok(ws)


def test_only_reviewers_and_supervisors_upgrade(ws: Workspace) -> None:
    case = add_case(ws)
    with pytest.raises(NotPermittedError):
        upgrade_template(ws, ADMIN, case, default_template(ws))
    audit_ok(ws)
