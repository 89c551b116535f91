"""Issue 7, item 5: a reviewed case goes from workstation A to B and back.

The review is made in A with the real services (package import, checklist,
determination; for the issued case, a signed and countersigned letter); the
case file commands and the views compared run as ``reviewer-app`` subprocesses.
Issue 14: an issued case travels, its letter verified, and stays final.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from reviewer_app.services.casefile.merge import adopt_item, case_differences
from reviewer_app.services.checklist import items as checklist
from reviewer_app.services.decision import letters
from reviewer_app.services.decision.determination import decide
from tests.support import casefiles as F
from tests.support.packages import make_test_pki

# Fields that belong to one workstation (docs/case-file-v1.md, "Workspace-local fields").
LOCAL_CASE_SHOW = {"letters": ("file",)}


class Cli:
    def __init__(self, root: Path, secrets: Path) -> None:
        self.root, self.secrets = root, secrets

    def __call__(self, *args: str, user: str = F.REVIEWER.username, ok: bool = True) -> Any:
        cmd = [sys.executable, "-m", "reviewer_app", "--workspace", str(self.root), "--user", user,
               "--password-file", str(self.secrets / "pw"),
               "--passphrase-file", str(self.secrets / "pp"), *args]
        env = {**os.environ, "REVIEWER_APP_CREDENTIAL_PASSPHRASE": F.CREDENTIAL}
        done = subprocess.run(cmd, capture_output=True, text=True, env=env, timeout=120,
                              check=False)
        if ok:
            assert done.returncode == 0, done.stderr
        if "--json" in args and done.returncode == 0:
            return json.loads(done.stdout)
        return done


def _without_local(details: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = json.loads(json.dumps(details))
    for section, keys in LOCAL_CASE_SHOW.items():
        for entry in out.get(section) or []:
            for key in keys:
                entry.pop(key, None)
    return out


def _reviewed(tmp_path_factory: pytest.TempPathFactory, name: str, *,
              issue: bool) -> dict[str, Any]:
    root = tmp_path_factory.mktemp(name)
    (root / "pw").write_text(F.PASSWORD)
    (root / "pp").write_text(F.PASSPHRASE)
    submitters, office = make_test_pki(), F.make_office_pki()
    a = F.make_workstation(root / "A", submitters, office)
    b = F.make_workstation(root / "B", submitters, office)
    with a.open() as ws:
        ref = F.import_sample_case(ws, submitters, a.recipient, a.identity, root)
        view = checklist.get_checklist(ws, ref)
        items = [i.item_id for i in view.items()]
        for item in view.items():
            if item.severity.value == "CAT I":
                checklist.set_item(ws, F.REVIEWER, ref, item.item_id, status="not_a_finding",
                                   comments="checked against the evidence")
        checklist.set_item(ws, F.REVIEWER, ref, items[1], status="open",
                           details="declared score above the threshold")
        checklist.set_item(ws, F.REVIEWER, ref, items[1], details="declared 0.41, threshold 0.35")
        decide(ws, F.REVIEWER, ref, "covered_no_objection", [], "Reviewed in full.")
        if issue:
            letters.sign_letter(ws, F.REVIEWER, ref, F.CREDENTIAL)
            letters.countersign(ws, F.SUPERVISOR, ref, F.CREDENTIAL)
    return {"root": root, "a": a, "b": b, "ref": ref, "items": items,
            "cli_a": Cli(a.root, root), "cli_b": Cli(b.root, root)}


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    return _reviewed(tmp_path_factory, "roundtrip", issue=False)


def test_a_to_b_to_a_and_divergence(world: dict[str, Any]) -> None:
    root, ref, items = world["root"], world["ref"], world["items"]
    a, b, cli_a, cli_b = world["a"], world["b"], world["cli_a"], world["cli_b"]

    # A -> B: created, the same case on both sides.
    cli_a("export-case", ref, "-o", str(root / "ab.case"), "--recipient", b.recipient,
          "--recipient", a.recipient)
    result = cli_b("import-case", str(root / "ab.case"), "--json")
    assert result["outcome"] == "created" and result["case"] == ref
    shown_a, shown_b = cli_a("case", "show", ref, "--json"), cli_b("case", "show", ref, "--json")
    assert _without_local(shown_a) == _without_local(shown_b)
    assert cli_a("checklist", ref, "--json") == cli_b("checklist", ref, "--json")
    for cli in (cli_a, cli_b):
        assert cli("audit", "verify").returncode == 0
    again = cli_b("import-case", str(root / "ab.case"), "--json")
    assert again["outcome"] == "up_to_date"

    # B changes an item and sends it back: A fast-forwards.
    cli_b("checklist", "set", ref, items[2], "--status", "open", "--comment", "second opinion")
    cli_b("export-case", ref, "-o", str(root / "ba.case"), "--recipient", a.recipient)
    result = cli_a("import-case", str(root / "ba.case"), "--json")
    assert result["outcome"] == "fast_forward" and result["new_entries"] >= 1
    assert cli_a("checklist", ref, "--json") == cli_b("checklist", ref, "--json")
    # The old file from A is now behind A: nothing changes.
    assert cli_a("import-case", str(root / "ab.case"), "--json")["outcome"] == "local_ahead"

    # Both change the same item: divergence, both answers survive.
    cli_a("checklist", "set", ref, items[3], "--status", "open", "--details", "A says open")
    cli_b("checklist", "set", ref, items[3], "--status", "not_applicable", "--comment", "B says n/a")
    cli_a("export-case", ref, "-o", str(root / "ab2.case"), "--recipient", b.recipient)
    result = cli_b("import-case", str(root / "ab2.case"), "--json")
    assert result["outcome"] == "diverged"
    copy_ref = result["case"]
    assert copy_ref == f"{ref}-B" and result["linked_to"] == shown_b["uuid"]
    assert [d["item"] for d in result["differing_items"]] == [items[3]]
    local_item = _item(cli_b("checklist", ref, "--json"), items[3])
    copy_item = _item(cli_b("checklist", copy_ref, "--json"), items[3])
    assert local_item["status"] == "not_applicable" and copy_item["status"] == "open"
    assert cli_b("import-case", str(root / "ab2.case"), "--json")["already_kept"] is True
    assert cli_b("audit", "verify").returncode == 0

    # Adopting A's answer in B is an audited change.
    with b.open() as ws:
        assert [d.item_id for d in case_differences(ws, ref, copy_ref)] == [items[3]]
        assert adopt_item(ws, F.REVIEWER, ref, copy_ref, items[3]) == []
    adopted = _item(cli_b("checklist", ref, "--json"), items[3])
    assert adopted["status"] == "open" and adopted["finding_details"] == "A says open"
    assert cli_b("audit", "verify").returncode == 0


def _item(view: dict[str, Any], item_id: str) -> dict[str, Any]:
    return next(i for i in view["items"] if i["id"] == item_id)


def test_an_issued_case_travels_and_stays_final(tmp_path_factory: pytest.TempPathFactory) -> None:
    world = _reviewed(tmp_path_factory, "issued", issue=True)
    root, ref, items = world["root"], world["ref"], world["items"]
    a, b, cli_a, cli_b = world["a"], world["b"], world["cli_a"], world["cli_b"]
    cli_a("export-case", ref, "-o", str(root / "ab.case"), "--recipient", b.recipient)
    assert cli_b("import-case", str(root / "ab.case"), "--json")["outcome"] == "created"
    with a.open() as ws_a, b.open() as ws_b:
        letters_a, letters_b = letters.list_letters(ws_a, ref), letters.list_letters(ws_b, ref)
        assert [(x.version, x.state, x.sha256) for x in letters_b] == \
            [(x.version, x.state, x.sha256) for x in letters_a]
        assert letters_b[0].state == "countersigned"
    verified = cli_b("verify-pdf", str(letters_b[0].path), "--json")
    assert verified["ok"] is True and len(verified["signatures"]) == 2

    # B changes the issued case and sends it back: A keeps its issued case as it is.
    before = cli_a("checklist", ref, "--json")
    cli_b("checklist", "set", ref, items[2], "--status", "open", "--comment", "reopened")
    cli_b("export-case", ref, "-o", str(root / "ba.case"), "--recipient", a.recipient)
    result = cli_a("import-case", str(root / "ba.case"), "--json")
    assert result["outcome"] == "diverged" and "issued" in result["held_back"]
    assert [d["item"] for d in result["differing_items"]] == [items[2]]
    assert cli_a("checklist", ref, "--json") == before
    assert cli_a("audit", "verify").returncode == 0
