"""Revocation, offline, on both paths: a certificate revoked in a CRL the administrator
added with ``trust add`` signs nothing, and ``verify-pdf`` fails a letter it signed,
naming the certificate and when it was revoked. A stale CRL is not trusted either."""

from __future__ import annotations

import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.serialization import pkcs12
from sqlalchemy import select

from reviewer_app.domain.users import Actor, Role
from reviewer_app.errors import NotPermittedError
from reviewer_app.services.access.pdf_trust import verify_pdf
from reviewer_app.services.access.trust import add_trust_file
from reviewer_app.services.decision import letters
from reviewer_app.services.decision.determination import decide
from reviewer_app.services.workspace.folder import Workspace
from reviewer_app.storage import audit_chain, audit_verify
from reviewer_app.storage.models import UserRow
from tests.support.cases import (
    CREDENTIAL_PASSPHRASE,
    Office,
    office_with_case,
)
from tests.support.pki import CertSpec, make_ca, make_crl, make_leaf, to_pkcs12

REF = "FMR-2026-0001"
ADMIN = Actor("system", Role.ADMINISTRATOR)


@pytest.fixture
def office_ws(tmp_path: Path) -> Iterator[tuple[Workspace, Office]]:
    with office_with_case(tmp_path / "ws") as (ws, office):
        decide(ws, office.reviewer, REF, "not_covered", [], "Below every threshold.")
        yield ws, office


def _serial(ws: Workspace, username: str) -> int:
    _key, cert, _chain = pkcs12.load_key_and_certificates(
        (ws.paths.user_keys / f"{username}.p12").read_bytes(), CREDENTIAL_PASSPHRASE.encode())
    assert cert is not None
    return cert.serial_number


def _add_crl(ws: Workspace, tmp_path: Path, crl: bytes, name: str = "office.crl") -> None:
    (tmp_path / name).write_bytes(crl)
    add_trust_file(ws, ADMIN, tmp_path / name)


def test_a_revoked_supervisor_cannot_countersign(office_ws: tuple[Workspace, Office],
                                                 tmp_path: Path) -> None:
    ws, office = office_ws
    letters.sign_letter(ws, office.reviewer, REF, CREDENTIAL_PASSPHRASE)
    _add_crl(ws, tmp_path, make_crl(office.ca, [_serial(ws, "sam")]))
    with pytest.raises(NotPermittedError) as refused:
        letters.countersign(ws, office.supervisor, REF, CREDENTIAL_PASSPHRASE)
    assert refused.value.code == "CREDENTIAL_REVOKED"
    assert "Sam Supervisor" in refused.value.message and "revoked on" in refused.value.message
    assert letters.list_letters(ws, REF)[-1].state == "signed"
    with ws.reader() as s:
        assert audit_verify.verify_chain(s).ok
        (entry,) = [e for e in audit_chain.entries(s) if e.action == "refused"]
    assert entry.actor == "sam" and entry.details["code"] == "CREDENTIAL_REVOKED"
    # Sue's certificate is not revoked: she may.
    assert letters.countersign(ws, office.supervisor2, REF, CREDENTIAL_PASSPHRASE).state == \
        "countersigned"


def test_a_revoked_reviewer_cannot_sign(office_ws: tuple[Workspace, Office],
                                        tmp_path: Path) -> None:
    ws, office = office_ws
    _add_crl(ws, tmp_path, make_crl(office.ca, [_serial(ws, "rita")]))
    with pytest.raises(NotPermittedError) as refused:
        letters.sign_letter(ws, office.reviewer, REF, CREDENTIAL_PASSPHRASE, tmp_path / "s.pdf")
    assert refused.value.code == "CREDENTIAL_REVOKED"
    assert letters.list_letters(ws, REF) == [] and not (tmp_path / "s.pdf").exists()


def test_a_stale_crl_lets_nobody_sign_and_says_why(office_ws: tuple[Workspace, Office],
                                                   tmp_path: Path) -> None:
    ws, office = office_ws
    letters.sign_letter(ws, office.reviewer, REF, CREDENTIAL_PASSPHRASE)
    signed = letters.list_letters(ws, REF)[-1].path
    _add_crl(ws, tmp_path, _stale_crl(office))
    with pytest.raises(NotPermittedError) as refused:
        letters.countersign(ws, office.supervisor, REF, CREDENTIAL_PASSPHRASE)
    assert refused.value.code == "CREDENTIAL_UNTRUSTED"
    report = verify_pdf(ws, signed)
    assert not report.ok and "out of date" in report.signatures[0].problems[0]


def _stale_crl(office: Office) -> bytes:
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.serialization import Encoding

    then = datetime.now(UTC) - timedelta(days=40)
    return (x509.CertificateRevocationListBuilder().issuer_name(office.ca.cert.subject)
            .last_update(then).next_update(then + timedelta(days=30))
            .sign(office.ca.key, hashes.SHA256()).public_bytes(Encoding.DER))


def test_verify_pdf_fails_a_letter_countersigned_before_the_revocation_was_known(
        office_ws: tuple[Workspace, Office], tmp_path: Path) -> None:
    ws, office = office_ws
    letters.sign_letter(ws, office.reviewer, REF, CREDENTIAL_PASSPHRASE)
    issued = letters.countersign(ws, office.supervisor, REF, CREDENTIAL_PASSPHRASE)
    assert verify_pdf(ws, issued.path).ok
    # Later the office learns Sam's key was compromised an hour before he countersigned.
    compromised = datetime.now(UTC) - timedelta(hours=1)
    _add_crl(ws, tmp_path, make_crl(office.ca, [_serial(ws, "sam")], revoked_at=compromised))
    report = verify_pdf(ws, issued.path)
    assert not report.ok and report.state == "revoked"
    rita, sam = report.signatures
    assert rita.ok and not sam.ok and sam.verdict == "revoked"
    assert sam.revoked_at is not None and abs(sam.revoked_at - compromised) < timedelta(seconds=1)
    (problem,) = sam.problems
    assert "Sam Supervisor" in problem and f"{compromised:%Y-%m-%d %H:%M}" in problem
    assert "before this signature was made" in problem


def test_a_revocation_after_the_claimed_signing_time_fails_too(
        office_ws: tuple[Workspace, Office], tmp_path: Path) -> None:
    """Without a trusted timestamp the signing time is the signer's claim: a thief with the
    key can backdate it, so a revoked certificate's signature fails whenever it was revoked."""
    ws, office = office_ws
    letters.sign_letter(ws, office.reviewer, REF, CREDENTIAL_PASSPHRASE)
    issued = letters.countersign(ws, office.supervisor, REF, CREDENTIAL_PASSPHRASE)
    time.sleep(1.1)  # CRL times have whole seconds: revoke in a later second than the signing
    later = datetime.now(UTC)
    _add_crl(ws, tmp_path, make_crl(office.ca, [_serial(ws, "sam")], revoked_at=later))
    report = verify_pdf(ws, issued.path)
    (problem,) = report.signatures[1].problems
    assert not report.ok and "after the signing time the signature claims" in problem


def test_a_credential_from_a_foreign_ca_cannot_sign(office_ws: tuple[Workspace, Office],
                                                   tmp_path: Path) -> None:
    """An account whose credential (bound before identities were kept) was issued by a CA
    that is no office anchor of this workspace signs nothing."""
    ws, office = office_ws
    rogue_ca = make_ca(CertSpec("Rogue CA"))
    rogue = make_leaf(CertSpec("Rita Reviewer", organization="Test Review Office"), rogue_ca)
    (ws.paths.user_keys / "rita.p12").write_bytes(
        to_pkcs12(rogue, [rogue_ca.cert], CREDENTIAL_PASSPHRASE.encode()))
    with ws.uow() as s:
        row = s.scalar(select(UserRow).where(UserRow.username == "rita"))
        assert row is not None
        row.credential = {"kind": "pkcs12", "file": "keys/users/rita.p12"}
    with pytest.raises(NotPermittedError) as refused:
        letters.sign_letter(ws, office.reviewer, REF, CREDENTIAL_PASSPHRASE)
    assert refused.value.code == "CREDENTIAL_UNTRUSTED"
    assert "does not chain to an office trust anchor" in refused.value.message
