"""An issued case on two workstations, and the tools an attacker edits case files with.

Workstation A reviews a case (three open findings), sends it to B while in
review, then decides "deferral" and signs the letter (sent again), has it
countersigned and sends it once more: B holds the issued case. Everything is real (services, PKI, PDFs).
The helpers below do what a person with a case file, a text editor and a
certificate would do: edit the manifest, recompute the case chain's hashes,
swap a member, and sign again.
"""

from __future__ import annotations

import hashlib
import shutil
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from reviewer_app.domain import casefile as cf
from reviewer_app.domain.audit import GENESIS_HASH
from reviewer_app.domain.determination import SUPERVISOR_FIELD
from reviewer_app.domain.users import SYSTEM, Actor, Role
from reviewer_app.pdf import signing
from reviewer_app.services.access.users import create_user
from reviewer_app.services.casefile.exporting import export_case
from reviewer_app.services.casefile.importing import import_case
from reviewer_app.services.checklist import items as checklist
from reviewer_app.services.decision import letters
from reviewer_app.services.decision.determination import decide
from reviewer_app.services.workspace.folder import Workspace, open_workspace
from tests.support import casefiles as F
from tests.support import pki
from tests.support.packages import Member, SubmitterPki, make_test_pki
from tests.support.pki import CertSpec, Issued

DEFERRAL = "covered_deferral_requested"


@dataclass
class IssuedWorld:
    root: Path
    submitters: SubmitterPki
    office: F.OfficePki
    a: F.Workstation
    b: F.Workstation
    ref: str
    uuid: str
    findings: list[str]
    review_file: Path  # A -> B while in review
    signed_file: Path  # A -> B once rita signed the letter
    issued_file: Path  # A -> B once issued
    other_file: Path  # A -> B: another case, another submission
    b_review: Path  # B after the review file
    b_signed: Path  # B after the file with the letter rita signed
    reviewer_signed_pdf: bytes  # the letter as rita signed it, before sam countersigned
    issued_outcome: str  # what B reported for the issued file

    def workspace(self, source: Path, dest: Path) -> Workspace:
        """A fresh copy of a workstation's folder, opened."""
        shutil.copytree(source, dest)
        return open_workspace(dest)

    def spec(self, path: Path, signer: Issued | None = None) -> F.CaseFileSpec:
        members = F.read_members(path, [self.b.identity])
        return F.CaseFileSpec(members, signer or self.office.reviewer, [self.office.ca.cert],
                              [self.b.recipient])


def _review(ws: Workspace, ref: str) -> list[str]:
    view = checklist.get_checklist(ws, ref)
    items = view.items()
    findings = [i.item_id for i in items[:3]]
    for item in items:
        if item.item_id in findings:
            checklist.set_item(ws, F.REVIEWER, ref, item.item_id, status="open",
                               details=f"finding on {item.item_id}")
        elif item.severity.value == "CAT I":
            checklist.set_item(ws, F.REVIEWER, ref, item.item_id, status="not_a_finding",
                               comments="checked")
    return findings


def _export(ws: Workspace, ref: str, dest: Path, recipient: str) -> Path:
    return export_case(ws, F.REVIEWER, ref, dest, recipients=[recipient], case_file_passphrase=None,
                       credential_passphrase=F.CREDENTIAL).path


def make_issued_world(root: Path) -> IssuedWorld:
    submitters, office = make_test_pki(), F.make_office_pki()
    a = F.make_workstation(root / "A", submitters, office)
    b = F.make_workstation(root / "B", submitters, office)
    with a.open() as ws:
        ref = F.import_sample_case(ws, submitters, a.recipient, a.identity, root)
        (root / "other").mkdir()
        other = F.import_sample_case(ws, submitters, a.recipient, a.identity, root / "other")
        case_uuid = checklist.get_checklist(ws, ref).case_uuid
        findings = _review(ws, ref)
        review_file = _export(ws, ref, root / "review.case", b.recipient)
        other_file = _export(ws, other, root / "other.case", b.recipient)
        decide(ws, F.REVIEWER, ref, DEFERRAL, [], "Deferral requested pending further review.")
        signed = letters.sign_letter(ws, F.REVIEWER, ref, F.CREDENTIAL)
        reviewer_signed = signed.path.read_bytes()
        signed_file = _export(ws, ref, root / "signed.case", b.recipient)
        letters.countersign(ws, F.SUPERVISOR, ref, F.CREDENTIAL)
        issued_file = _export(ws, ref, root / "issued.case", b.recipient)
    with b.open() as ws:
        import_case(ws, F.REVIEWER, review_file, workstation_passphrase=None, case_file_passphrase=None,
                    identities=[b.identity])
    shutil.copytree(b.root, root / "B-review")
    with b.open() as ws:
        import_case(ws, F.REVIEWER, signed_file, workstation_passphrase=None, case_file_passphrase=None,
                    identities=[b.identity])
    shutil.copytree(b.root, root / "B-signed")
    with b.open() as ws:  # the letter signed here arrives countersigned
        outcome = import_case(ws, F.REVIEWER, issued_file, workstation_passphrase=None,
                              case_file_passphrase=None, identities=[b.identity]).outcome.value
    return IssuedWorld(root, submitters, office, a, b, ref, case_uuid, findings, review_file,
                       signed_file, issued_file, other_file, root / "B-review", root / "B-signed",
                       reviewer_signed, outcome)


# --- the attacker's tools ------------------------------------------------------------


def rechain(obj: dict[str, Any]) -> None:
    """Recompute every case_prev_hash / case_hash, as anyone reading the spec can."""
    prev, case_uuid = GENESIS_HASH, obj["case"]["uuid"]
    for raw in obj["audit"]:
        entry = cf.CaseAuditEntry(raw["at"], raw["actor"], raw["action"], raw["subject"],
                                  raw.get("subject_digest"), raw["details"], prev, "")
        raw["case_prev_hash"], raw["case_hash"] = prev, cf.case_entry_hash(prev, entry, case_uuid)
        prev = raw["case_hash"]


def append_entry(obj: dict[str, Any], actor: str, action: str, subject: str | None,
                 details: dict[str, Any]) -> None:
    obj["audit"].append({"at": datetime.now(UTC).isoformat(), "actor": actor, "action": action,
                         "subject": subject, "subject_digest": None, "details": details,
                         "case_prev_hash": "", "case_hash": ""})
    rechain(obj)


def rewrite_as_no_objection(obj: dict[str, Any], actor: str) -> None:
    """The forged supervisor decision: "no objection", and every finding cleared."""
    later = "2099-01-01T00:00:00+00:00"
    obj["determination"].update(outcome="covered_no_objection", decided_by=actor,
                                extra={"outcome_label": "Covered; no objection"})
    for item in obj["checklist"]:
        if item["status"] == "open":
            item.update(status="not_a_finding", finding_details="", updated_at=later,
                        updated_by=actor)
    append_entry(obj, actor, "determination.record", f"determination:{obj['case']['uuid']}",
                 {"outcome": "covered_no_objection", "conditions": 0})


def claim_exporter(obj: dict[str, Any], username: str, signer: Issued) -> None:
    obj["exporter"].update(username=username, certificate_sha256=F.fingerprint(signer))


def swap_member(members: list[Member], name: str, data: bytes) -> list[Member]:
    for member in members:
        if member.name == name:
            member.data = data
    return members


def redeclare_letter(obj: dict[str, Any], version: int, data: bytes) -> None:
    digest = hashlib.sha256(data).hexdigest()
    for letter in obj["letters"]:
        if letter["version"] == version:
            letter["sha256"] = digest
            path = cf.LETTERS + letter["stored_name"]
    for entry in obj["files"]:
        if entry["path"] == path:
            entry["size"], entry["sha256"] = len(data), digest


def sign_again_as(pdf: bytes, signer: Issued, chain: list[Any]) -> bytes:
    """The letter with one more signature in the supervisor's field, by ``signer``."""
    loaded = signing.signer_from_key(signer.key, signer.cert, chain)
    return signing.countersign(pdf, loaded, field_name=SUPERVISOR_FIELD,
                               reason="Countersigned")


def office_person(office: F.OfficePki, name: str) -> Issued:
    """A certificate the office CA issued for someone (a rogue one, or a real remote person)."""
    return pki.make_leaf(CertSpec(name, organization="Review Office"), office.ca)


def add_local_signer(ws: Workspace, username: str, role: Role, issued: Issued,
                     office: F.OfficePki) -> Actor:
    """A user of ``ws`` whose PKCS#12 credential is ``issued``."""
    p12 = ws.paths.user_keys / f"{username}.p12"
    p12.write_bytes(pki.to_pkcs12(issued, [office.ca.cert], F.CREDENTIAL.encode()))
    with ws.uow() as s:
        create_user(s, actor=SYSTEM, username=username, role=role, password=F.PASSWORD,
                    display_name=username, credential={
                        "kind": "pkcs12", "file": f"keys/users/{username}.p12",
                        "certificate_sha256": F.fingerprint(issued)})
    return Actor(username, role, username)
