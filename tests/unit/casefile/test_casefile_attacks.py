"""Issue 14: case files made by an attacker, against an issued case and a case in review.

Each file is what a person would make with the spec, a text editor and a
certificate: a rogue office certificate, a hand-edited manifest with its
case chain recomputed, a swapped letter, another case's submission. Each
import must change nothing (files and every table) but write one
``case.rejected`` entry, or keep the received version beside the local case.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from reviewer_app.errors import RejectedError
from reviewer_app.services.access.users import set_active
from reviewer_app.services.audit.trail import audit_entries, verify_audit
from reviewer_app.services.casefile.importing import CaseImportResult, import_case
from reviewer_app.services.checklist import items as checklist
from reviewer_app.services.decision import letters
from reviewer_app.services.decision.determination import get_determination
from reviewer_app.services.workspace.folder import Workspace, open_workspace
from reviewer_app.storage import audit_chain
from reviewer_app.storage.models import UserRow
from tests.support import casefile_attacks as X
from tests.support import casefiles as F
from tests.support.packages import Member


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> X.IssuedWorld:
    return X.make_issued_world(tmp_path_factory.mktemp("attacks"))


def _import(ws: Workspace, path: Path, world: X.IssuedWorld) -> CaseImportResult:
    return import_case(ws, F.REVIEWER, path, workstation_passphrase=None, case_file_passphrase=None,
                       identities=[world.b.identity])


def refused(ws: Workspace, path: Path, world: X.IssuedWorld, *codes: str) -> RejectedError:
    before, actions = F.snapshot(ws), F.audit_actions(ws)
    with pytest.raises(RejectedError) as info:
        _import(ws, path, world)
    assert info.value.code in codes, info.value.message
    assert F.snapshot(ws) == before
    assert F.audit_actions(ws) == [*actions, "case.rejected"]
    assert verify_audit(ws).ok
    return info.value


def _forged_decision(actor: str, exporter: str, signer: Any) -> Any:
    def edit(obj: dict[str, Any]) -> None:
        X.rewrite_as_no_objection(obj, actor)
        X.claim_exporter(obj, exporter, signer)
    return edit


def test_the_legitimate_issued_file_fast_forwards_the_case_in_review(world: X.IssuedWorld) -> None:
    # The letter signed on B arrives countersigned (the same PDF plus sam's signature), and
    # sam's entries come with sam's countersignature.
    assert world.issued_outcome == "fast_forward"
    with open_workspace(world.b.root) as ws:
        (letter,) = letters.list_letters(ws, world.ref)
        assert (letter.state, letter.countersigned_by) == ("countersigned", "sam")
        assert letter.path.read_bytes().startswith(world.reviewer_signed_pdf)


def test_a_disabled_exporter_is_refused(world: X.IssuedWorld, tmp_path: Path) -> None:
    with world.workspace(world.b_review, tmp_path / "B") as ws:
        set_active(ws, F.ADMIN, "rita", False)
        error = refused(ws, world.issued_file, world, "CASE_SIGNER_MISMATCH")
        assert "disabled" in error.message


def test_an_exporter_whose_record_names_no_certificate_is_refused(world: X.IssuedWorld,
                                                                 tmp_path: Path) -> None:
    """A credential bound before certificates were recorded: nothing here says whose it is."""
    with world.workspace(world.b_review, tmp_path / "B") as ws:
        with ws.uow() as s:
            row = s.scalar(select(UserRow).where(UserRow.username == "rita"))
            assert row is not None
            row.credential = {"kind": "pkcs12", "file": "keys/users/rita.p12"}
            audit_chain.append(s, actor="alice", action="user.credential",
                               subject=audit_chain.user_subject("rita"), subject_row=row)
        error = refused(ws, world.issued_file, world, "CASE_SIGNER_MISMATCH")
        assert "names no certificate" in error.message


@pytest.mark.parametrize(("signed_by", "countersigned_by", "says"), [
    ("sam", "rita", "first signature is not made with the certificate on record here for 'sam'"),
    ("rita", "rita", "countersigned by 'rita', who is no supervisor"),
])
def test_letter_record_naming_other_signers(world: X.IssuedWorld, tmp_path: Path, signed_by: str,
                                            countersigned_by: str, says: str) -> None:
    def edit(obj: dict[str, Any]) -> None:
        obj["letters"][0].update(signed_by=signed_by, countersigned_by=countersigned_by)
    spec = world.spec(world.issued_file).variant(edit_manifest=edit)
    with world.workspace(world.b_signed, tmp_path / "B") as ws:
        error = refused(ws, spec.build(tmp_path / "x.case"), world, "CASE_SIGNER_MISMATCH")
        assert says in error.message


def test_a_letter_superseded_elsewhere_arrives_superseded(world: X.IssuedWorld,
                                                          tmp_path: Path) -> None:
    """A new decision on the other side retires the signed letter: same PDF, state only."""
    def edit(obj: dict[str, Any]) -> None:
        obj["letters"][0]["state"] = "superseded"
        X.append_entry(obj, "rita", "letter.supersede", f"letter:{world.uuid}/1", {"version": 1})
    spec = world.spec(world.signed_file).variant(edit_manifest=edit)
    with world.workspace(world.b_signed, tmp_path / "B") as ws:
        result = _import(ws, spec.build(tmp_path / "x.case"), world)
        assert (result.outcome.value, result.held_back) == ("fast_forward", "")
        assert letters.list_letters(ws, world.ref)[0].state == "superseded"


def test_a_letter_signed_here_is_not_replaced(world: X.IssuedWorld, tmp_path: Path) -> None:
    """Not final yet, but a letter is changed only by countersigning it: kept beside."""
    def edit(obj: dict[str, Any]) -> None:
        obj["letters"][0]["stored_name"] = "letter-v1-b.pdf"
        for entry in obj["files"]:
            if entry["path"] == "letters/letter-v1.pdf":
                entry["path"] = "letters/letter-v1-b.pdf"
        X.append_entry(obj, "rita", "letter.sign", f"letter:{world.uuid}/1", {"version": 1})

    def rename(members: list[Member]) -> list[Member]:
        for member in members:
            if member.name == "letters/letter-v1.pdf":
                member.name = "letters/letter-v1-b.pdf"
        return members
    spec = world.spec(world.signed_file).variant(edit_manifest=edit, edit_members=rename)
    with world.workspace(world.b_signed, tmp_path / "B") as ws:
        before = letters.list_letters(ws, world.ref)[0]
        result = _import(ws, spec.build(tmp_path / "x.case"), world)
        assert result.outcome.value == "diverged"
        assert result.held_back == "the file replaces letter version 1"
        assert letters.list_letters(ws, world.ref)[0] == before


def test_rogue_office_certificate_claiming_to_be_the_supervisor(world: X.IssuedWorld,
                                                                 tmp_path: Path) -> None:
    mallory = X.office_person(world.office, "Mallory Insider")
    spec = world.spec(world.issued_file, signer=mallory).variant(
        edit_manifest=_forged_decision("sam", "sam", mallory))
    with world.workspace(world.b.root, tmp_path / "B") as ws:
        error = refused(ws, spec.build(tmp_path / "x.case"), world, "CASE_SIGNER_MISMATCH")
        assert "not the certificate on record here for its exporter 'sam'" in error.message
        assert _outcome(ws, world.ref) == X.DEFERRAL


def test_rogue_office_certificate_for_a_person_who_is_no_user(world: X.IssuedWorld,
                                                               tmp_path: Path) -> None:
    mallory = X.office_person(world.office, "Mallory Insider")
    spec = world.spec(world.issued_file, signer=mallory).variant(
        edit_manifest=_forged_decision("mallory", "mallory", mallory))
    with world.workspace(world.b.root, tmp_path / "B") as ws:
        error = refused(ws, spec.build(tmp_path / "x.case"), world, "CASE_SIGNER_MISMATCH")
        assert "'mallory' is neither a user" in error.message
        rejection = ws_last_details(ws)
        assert rejection["code"] == "CASE_SIGNER_MISMATCH"


def ws_last_details(ws: Workspace) -> dict[str, Any]:
    return dict(audit_entries(ws)[-1].details)


def _outcome(ws: Workspace, ref: str) -> str:
    determination = get_determination(ws, ref)
    assert determination is not None
    return determination.outcome.key


def test_reviewer_appends_a_fake_supervisor_decision(world: X.IssuedWorld, tmp_path: Path) -> None:
    """rita's own valid credential, one appended "sam" entry: sam signed nothing after it."""
    spec = world.spec(world.issued_file).variant(
        edit_manifest=_forged_decision("sam", "rita", world.office.reviewer))
    with world.workspace(world.b.root, tmp_path / "B") as ws:
        error = refused(ws, spec.build(tmp_path / "x.case"), world, "CASE_SIGNER_MISMATCH")
        assert "determination.record by 'sam'" in error.message


def test_reviewer_rewrites_the_issued_decision_in_her_own_name(world: X.IssuedWorld,
                                                                tmp_path: Path) -> None:
    """Her own entry is hers to send, but an issued case is final: kept beside, reported."""
    spec = world.spec(world.issued_file).variant(
        edit_manifest=_forged_decision("rita", "rita", world.office.reviewer))
    with world.workspace(world.b.root, tmp_path / "B") as ws:
        result = _import(ws, spec.build(tmp_path / "x.case"), world)
        assert result.outcome.value == "diverged" and result.local_uuid == world.uuid
        assert "issued on this workstation" in result.held_back
        assert {d.record for d in result.differing_records} == {"determination"}
        assert {d.item_id for d in result.differing_items} == set(world.findings)
        assert _outcome(ws, world.ref) == X.DEFERRAL
        local = checklist.get_checklist(ws, world.ref)
        assert {i.item_id for i in local.items() if i.status.value == "open"} >= set(world.findings)
        assert _outcome(ws, result.reference) == "covered_no_objection"
        assert verify_audit(ws).ok


def test_countersigned_letter_swapped_for_one_the_reviewer_signed_twice(world: X.IssuedWorld,
                                                                        tmp_path: Path) -> None:
    twice = X.sign_again_as(world.reviewer_signed_pdf, world.office.reviewer, [world.office.ca.cert])

    def edit(obj: dict[str, Any]) -> None:
        X.redeclare_letter(obj, 1, twice)
        X.append_entry(obj, "rita", "letter.countersign", f"letter:{world.uuid}/1",
                       {"version": 1, "sha256": obj["letters"][0]["sha256"]})
    spec = world.spec(world.issued_file).variant(
        edit_manifest=edit, edit_members=lambda m: X.swap_member(m, "letters/letter-v1.pdf", twice))
    with world.workspace(world.b.root, tmp_path / "B") as ws:
        stored = letters.list_letters(ws, world.ref)[0]
        kept = stored.path.read_bytes()
        error = refused(ws, spec.build(tmp_path / "x.case"), world,
                        "CASE_SIGNER_MISMATCH", "CASE_LETTER_INVALID")
        assert "letter version 1" in error.message
        assert stored.path.read_bytes() == kept


def test_letter_said_countersigned_but_signed_once(world: X.IssuedWorld, tmp_path: Path) -> None:
    once = world.reviewer_signed_pdf

    def edit(obj: dict[str, Any]) -> None:
        X.redeclare_letter(obj, 1, once)
    spec = world.spec(world.issued_file).variant(
        edit_manifest=edit, edit_members=lambda m: X.swap_member(m, "letters/letter-v1.pdf", once))
    with world.workspace(world.b_review, tmp_path / "B") as ws:
        error = refused(ws, spec.build(tmp_path / "x.case"), world, "CASE_LETTER_INVALID")
        assert "holds 1" in error.message


def test_letter_changed_after_signing_is_refused_with_its_reason(world: X.IssuedWorld,
                                                                tmp_path: Path) -> None:
    pdf = world.spec(world.issued_file).members
    original = next(m.data for m in pdf if m.name == "letters/letter-v1.pdf")
    at = original.index(b"Deferral") if b"Deferral" in original else len(original) // 3
    forged = original[:at] + bytes([original[at] ^ 0x01]) + original[at + 1:]

    def edit(obj: dict[str, Any]) -> None:
        X.redeclare_letter(obj, 1, forged)
    spec = world.spec(world.issued_file).variant(
        edit_manifest=edit, edit_members=lambda m: X.swap_member(m, "letters/letter-v1.pdf", forged))
    fresh = F.make_workstation(tmp_path / "fresh", world.submitters, world.office)
    spec = spec.variant(recipients=[fresh.recipient])
    with fresh.open() as ws:
        error = refused_fresh(ws, spec.build(tmp_path / "x.case"), fresh)
        assert "fails verification" in error.message or "not a readable" in error.message


def refused_fresh(ws: Workspace, path: Path, station: F.Workstation) -> RejectedError:
    before, actions = F.snapshot(ws), F.audit_actions(ws)
    with pytest.raises(RejectedError) as info:
        import_case(ws, F.REVIEWER, path, workstation_passphrase=None, case_file_passphrase=None,
                    identities=[station.identity])
    assert info.value.code == "CASE_LETTER_INVALID", info.value.message
    assert F.snapshot(ws) == before
    assert F.audit_actions(ws) == [*actions, "case.rejected"]
    return info.value


def test_case_a_id_with_case_b_submission(world: X.IssuedWorld, tmp_path: Path) -> None:
    review = world.spec(world.review_file).manifest()
    other = world.spec(world.other_file)

    def edit(obj: dict[str, Any]) -> None:
        obj["case"].update(uuid=world.uuid, reference=world.ref)
        obj["audit"] = review["audit"]
        X.append_entry(obj, "rita", "checklist.set", None, {"note": "B's submission"})
    spec = other.variant(edit_manifest=edit)
    with world.workspace(world.b_review, tmp_path / "B") as ws:
        error = refused(ws, spec.build(tmp_path / "x.case"), world, "CASE_SUBMISSION_MISMATCH")
        assert "package_id" in error.message


def test_future_dated_answer_without_an_entry_does_not_win(world: X.IssuedWorld,
                                                           tmp_path: Path) -> None:
    """The sender's own updated_at says "newer"; the chain says nobody changed the item."""
    target, other = world.findings[0], world.findings[1]

    def edit(obj: dict[str, Any]) -> None:
        for item in obj["checklist"]:
            if item["item_id"] == target:
                item.update(status="not_a_finding", finding_details="",
                            updated_at="2099-01-01T00:00:00+00:00")
        X.append_entry(obj, "rita", "checklist.set", f"item:{world.uuid}/{other}",
                       {"item": other, "changes": {}})
    spec = world.spec(world.review_file).variant(edit_manifest=edit)
    with world.workspace(world.b_review, tmp_path / "B") as ws:
        result = _import(ws, spec.build(tmp_path / "x.case"), world)
        assert result.outcome.value == "diverged"
        assert f"item {target}" in result.held_back
        state = {i.item_id: i for i in checklist.get_checklist(ws, world.ref).items()}
        assert state[target].status.value == "open"
        assert verify_audit(ws).ok
