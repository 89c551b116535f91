"""Determination letters: draft, sign (reviewer), countersign (a second person, supervisor).

States: ``signed`` after the certification signature, ``countersigned`` (the
letter is issued) after the supervisor's approval signature, ``superseded``
when the case was decided again before the letter was countersigned. The
two-person rule is enforced here, not only in the UI: the countersigner must
hold the supervisor role, must not be the user who signed, and must sign with
a certificate different from every earlier signature on the letter.

A letter records the digest of the determination it renders (row and signed
PDF, ``LETTER_DIGEST_KEY``); countersigning refuses a letter whose digest is
not the current determination's. Both signatures are made only by a credential
bound to the signer alone whose chain validates against the office anchors
and CRLs now (``letter_checks``).

Credentials are opened at the moment of use with the passphrase (or PIN) the
caller passes, used once, and closed; nothing is kept.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from reviewer_app.domain.case import Case, CaseStatus
from reviewer_app.domain.determination import LETTER_DIGEST_KEY, REVIEWER_FIELD, SUPERVISOR_FIELD
from reviewer_app.domain.permissions import Action, allowed_roles
from reviewer_app.domain.users import Actor
from reviewer_app.errors import (
    IntegrityError,
    NotPermittedError,
    RejectedError,
    ReviewerError,
    UsageError,
)
from reviewer_app.formats.private_files import make_dirs, write_private
from reviewer_app.pdf import audit_head, signing
from reviewer_app.pdf.letter import render_letter
from reviewer_app.services.access import require_role
from reviewer_app.services.audit import current_head_line
from reviewer_app.services.cases import find_case_row
from reviewer_app.services.decision import letter_checks
from reviewer_app.services.decision.determination import current_digest
from reviewer_app.services.decision.letter_content import letter_content
from reviewer_app.services.workspace import Workspace
from reviewer_app.storage import audit_chain
from reviewer_app.storage.models import CaseRow, LetterRow, UserRow


@dataclass(frozen=True)
class LetterInfo:
    case_reference: str
    version: int
    state: str
    path: Path
    sha256: str
    signed_by: str | None
    signed_at: datetime | None
    countersigned_by: str | None
    countersigned_at: datetime | None
    determination_sha256: str | None = None  # None: signed before letters recorded it


def _info(ws: Workspace, case: CaseRow, row: LetterRow) -> LetterInfo:
    return LetterInfo(case.reference, row.version, row.state, _letters_dir(ws, case) /
                      row.stored_name, row.sha256, row.signed_by, row.signed_at,
                      row.countersigned_by, row.countersigned_at, row.determination_sha256)


def _letters_dir(ws: Workspace, case: CaseRow) -> Path:
    return ws.paths.cases / case.store_dir / "letters"


def _user_row(session: Session, username: str) -> UserRow:
    row = session.scalar(select(UserRow).where(UserRow.username == username))
    if row is None:
        raise UsageError("NO_SUCH_USER", f"there is no user named '{username}'")
    return row


def open_credential(ws: Workspace, credential: dict[str, Any] | None, secret: str,
                    username: str) -> signing.LoadedSigner:
    """The user's signing credential: a PKCS#12 file in the workspace, or a PKCS#11 token."""
    if not credential:
        raise UsageError("NO_CREDENTIAL", f"{username} has no signing credential")
    kind = credential.get("kind")
    if kind == "pkcs12":
        path = (ws.root / str(credential.get("file", ""))).resolve()
        if ws.root not in path.parents:
            raise UsageError("NO_CREDENTIAL", f"{username}'s credential lies outside the workspace")
        return signing.load_pkcs12_signer(path, secret)
    if kind == "pkcs11":
        return signing.load_pkcs11_signer(str(credential["module"]), str(credential["token"]), secret,
                                          str(credential["key_label"]), str(credential["cert_label"]),
                                          owner=username)
    raise UsageError("NO_CREDENTIAL", f"{username}'s credential kind '{kind}' is not supported")


def render_draft(ws: Workspace, case_key: str, *, letter_date: date | None = None) -> bytes:
    """The unsigned letter as it will be signed (for preview and printing)."""
    with ws.reader() as s:
        case = find_case_row(s, case_key)
        content = letter_content(ws, s, case, None, letter_date=letter_date or date.today())
    return render_letter(content).pdf


def _write_atomically(path: Path, data: bytes) -> None:
    make_dirs(path.parent)
    tmp = path.with_suffix(".tmp")
    write_private(tmp, data)  # owner-only, in the store and as a copy out alike
    tmp.replace(path)


def _copy_out(data: bytes, out: Path | None) -> None:
    if out is not None:
        try:
            _write_atomically(out, data)
        except OSError as exc:
            raise UsageError("CANNOT_WRITE", f"cannot write {out}: {exc.strerror}") from exc


def sign_letter(ws: Workspace, actor: Actor, case_key: str, credential_passphrase: str,
                out: Path | None = None) -> LetterInfo:
    """Render and certify-sign a new version of the decided case's letter."""
    require_role(ws, actor, *allowed_roles(Action.SIGN_LETTER), action="sign a letter")
    with ws.reader() as s:
        case = find_case_row(s, case_key)
        if case.status == CaseStatus.ISSUED.value:
            raise RejectedError("ALREADY_ISSUED", f"{case.reference}'s letter is already issued")
        user = _user_row(s, actor.username)
        content = letter_content(ws, s, case, user, letter_date=date.today())
        decision = current_digest(s, case)
        credential, reference = user.credential, case.reference
    with open_credential(ws, credential, credential_passphrase, actor.username) as signer, \
            audit_head.signed_into(signer.signer, current_head_line(ws)):  # witnesses the chain
        letter_checks.check_credential(ws, actor, signer, action="letter.sign", case=reference)
        pdf = signing.certify_letter(render_letter(content), signer, field_name=REVIEWER_FIELD,
                                     reason=f"Determination {content.reference}",
                                     signed_info={LETTER_DIGEST_KEY: str(decision)})
    digest = hashlib.sha256(pdf).hexdigest()
    with ws.uow() as s:
        case = find_case_row(s, case_key)
        if current_digest(s, case) != decision:
            raise RejectedError("DETERMINATION_CHANGED", f"{case.reference} was decided again "
                                "while the letter was being signed; sign again")
        version = 1 + max((v for v in s.scalars(select(LetterRow.version)
                                                .where(LetterRow.case_id == case.id))), default=0)
        name = f"letter-v{version}.pdf"
        _write_atomically(_letters_dir(ws, case) / name, pdf)
        now = datetime.now(UTC)
        row = LetterRow(case_id=case.id, version=version, state="signed", stored_name=name,
                        sha256=digest, signed_by=actor.username, signed_at=now, created_at=now,
                        determination_sha256=decision)
        s.add(row)
        audit_chain.append(s, actor=actor.username, action="letter.sign", case_uuid=case.uuid,
                           subject=audit_chain.letter_subject(case.uuid, version),
                           subject_row=row, details={"version": version, "sha256": digest,
                                                     "determination_sha256": decision})
        info = _info(ws, case, row)
    _copy_out(pdf, out)
    return info


def _refuse(ws: Workspace, actor: Actor, case: CaseRow, code: str, message: str,
            error: type[ReviewerError] = NotPermittedError) -> None:
    with ws.uow() as s:
        # A workstation-local event: kept out of the case's own chain, so that a
        # refusal here does not make this case's history diverge from others'.
        audit_chain.append(s, actor=actor.username, action="refused",
                           details={"action": "letter.countersign", "code": code,
                                    "case": case.reference, "case_uuid": case.uuid})
    raise error(code, message)


def countersign(ws: Workspace, actor: Actor, case_key: str, credential_passphrase: str,
                out: Path | None = None) -> LetterInfo:
    """The supervisor's approval signature on the newest signed letter; the case is issued."""
    require_role(ws, actor, *allowed_roles(Action.COUNTERSIGN_LETTER), action="countersign a letter")
    with ws.reader() as s:
        case = find_case_row(s, case_key)
        row = s.scalar(select(LetterRow).where(LetterRow.case_id == case.id)
                       .order_by(LetterRow.version.desc()).limit(1))
        if row is None or row.state not in ("signed", "countersigned", "superseded"):
            raise RejectedError("NO_SIGNED_LETTER", f"{case.reference} has no signed letter "
                                "(reviewer-app letter CASE -o FILE.pdf)")
        if row.state == "countersigned":
            raise RejectedError("ALREADY_ISSUED", f"{case.reference}'s letter is already issued")
        if row.state == "superseded":
            _refuse(ws, actor, case, "LETTER_SUPERSEDED",
                    f"letter version {row.version} of {case.reference} was superseded by a new "
                    "determination; a new letter must be signed", RejectedError)
        if row.signed_by == actor.username:
            _refuse(ws, actor, case, "TWO_PERSON_RULE",
                    f"{actor.username} signed this letter and cannot also countersign it")
        path = _letters_dir(ws, case) / row.stored_name
        credential = _user_row(s, actor.username).credential
        version, expected, recorded = row.version, row.sha256, row.determination_sha256
        decision, reference = current_digest(s, case), case.reference
    try:
        signed = path.read_bytes()
    except OSError as exc:
        raise IntegrityError("LETTER_MISSING", f"the stored letter {path} is missing") from exc
    if hashlib.sha256(signed).hexdigest() != expected:
        raise IntegrityError("LETTER_CHANGED", f"the stored letter {path} was changed after "
                             "it was signed")
    letter_checks.check_renders_current(ws, actor, signed, recorded, decision, case=reference,
                                        version=version)
    with open_credential(ws, credential, credential_passphrase, actor.username) as signer, \
            audit_head.signed_into(signer.signer, current_head_line(ws)):  # witnesses the chain
        letter_checks.check_second_certificate(ws, actor, signed, signer, case=reference)
        letter_checks.check_credential(ws, actor, signer, action="letter.countersign",
                                       case=reference)
        pdf = signing.countersign(signed, signer, field_name=SUPERVISOR_FIELD,
                                  reason=f"Countersigned {reference}",
                                  signed_info={LETTER_DIGEST_KEY: str(decision)})
    digest = hashlib.sha256(pdf).hexdigest()
    with ws.uow() as s:
        case = find_case_row(s, case_key)
        row = s.scalar(select(LetterRow).where(LetterRow.case_id == case.id,
                                               LetterRow.version == version))
        assert row is not None
        if row.state != "signed" or current_digest(s, case) != decision:
            raise RejectedError("DETERMINATION_CHANGED", f"{reference} was decided again while "
                                "the letter was being countersigned; nothing was issued")
        _write_atomically(path, pdf)
        row.state, row.sha256 = "countersigned", digest
        row.countersigned_by, row.countersigned_at = actor.username, datetime.now(UTC)
        audit_chain.append(s, actor=actor.username, action="letter.countersign",
                           case_uuid=case.uuid, subject=audit_chain.letter_subject(case.uuid, version),
                           subject_row=row, details={"version": version, "sha256": digest})
        previous, case.status = case.status, CaseStatus.ISSUED.value
        audit_chain.append(s, actor=actor.username, action="case.status", case_uuid=case.uuid,
                           subject=audit_chain.case_subject(case.uuid), subject_row=case,
                           details={"from": previous, "to": case.status})
        info = _info(ws, case, row)
    _copy_out(pdf, out)
    return info


def list_letters(ws: Workspace, case_key: str) -> list[LetterInfo]:
    with ws.reader() as s:
        case = find_case_row(s, case_key)
        rows = s.scalars(select(LetterRow).where(LetterRow.case_id == case.id)
                         .order_by(LetterRow.version))
        return [_info(ws, case, r) for r in rows]


def letter_pdf(ws: Workspace, case_key: str, version: int | None = None) -> bytes:
    """The stored letter (newest version by default), e.g. for preview and printing."""
    letters = list_letters(ws, case_key)
    chosen = [x for x in letters if version is None or x.version == version]
    if not chosen:
        raise UsageError("NO_LETTER", f"case {case_key} has no letter"
                         + (f" version {version}" if version else ""))
    try:
        return chosen[-1].path.read_bytes()
    except OSError as exc:
        raise IntegrityError("LETTER_MISSING", f"the stored letter {chosen[-1].path} is "
                             "missing") from exc


def letters_section(ws: Workspace, case: Case) -> list[dict[str, Any]]:
    """The ``letters`` section of ``case show --json``."""
    return [{"version": x.version, "state": x.state, "file": str(x.path), "sha256": x.sha256,
             "signed_by": x.signed_by,
             "signed_at": x.signed_at.isoformat() if x.signed_at else None,
             "countersigned_by": x.countersigned_by,
             "countersigned_at": x.countersigned_at.isoformat() if x.countersigned_at else None,
             "determination_sha256": x.determination_sha256}
            for x in list_letters(ws, case.uuid)]
