"""The two-person rule against a hostile administrator: one certificate signs for one person.

The attacks: an administrator binds the reviewer's own PKCS#12 credential
(re-exported under another passphrase, or a second office certificate issued
for the same key) to a second supervisor account, which then countersigns the
reviewer's letter. Refused at binding and at countersigning; audited.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.serialization import pkcs12

from reviewer_app.domain.users import SYSTEM, Actor, Role
from reviewer_app.errors import NotPermittedError, UsageError
from reviewer_app.services.access.credentials import bind_credential
from reviewer_app.services.access.users import add_user, create_user, get_user
from reviewer_app.services.decision import letters
from reviewer_app.services.decision.determination import decide
from reviewer_app.services.workspace.folder import Workspace
from reviewer_app.storage import audit_chain, audit_verify
from tests.support.cases import (
    CREDENTIAL_PASSPHRASE,
    Office,
    office_with_case,
)
from tests.support.pki import CertSpec, Issued, make_leaf, to_pkcs12

REF = "FMR-2026-0001"
ADMIN = Actor("ada", Role.ADMINISTRATOR, "Ada Admin")


@pytest.fixture
def office_ws(tmp_path: Path) -> Iterator[tuple[Workspace, Office]]:
    with office_with_case(tmp_path / "ws") as (ws, office):
        with ws.uow() as s:
            create_user(s, actor=SYSTEM, username="ada", role=Role.ADMINISTRATOR,
                        password="pw-ada")
        yield ws, office


def _rita(ws: Workspace) -> tuple[x509.Certificate, object, list[x509.Certificate]]:
    key, cert, chain = pkcs12.load_key_and_certificates(
        (ws.paths.user_keys / "rita.p12").read_bytes(), CREDENTIAL_PASSPHRASE.encode())
    assert cert is not None and key is not None
    return cert, key, list(chain)


def _refusals(ws: Workspace, code: str) -> list[audit_chain.AuditEntry]:
    with ws.reader() as s:
        assert audit_verify.verify_chain(s).ok
        return [e for e in audit_chain.entries(s)
                if e.action == "refused" and e.details.get("code") == code]


def _legacy_bind(ws: Workspace, username: str, p12: Path) -> Actor:
    """What `users add --credential` did before certificates were compared: copy the file."""
    shutil.copyfile(p12, ws.paths.user_keys / f"{username}.p12")
    with ws.uow() as s:
        create_user(s, actor=Actor("ada", Role.ADMINISTRATOR), username=username, role=Role.SUPERVISOR, password="pw-x",
                    display_name="Mallory", credential={"kind": "pkcs12",
                                                        "file": f"keys/users/{username}.p12"})
    return Actor(username, Role.SUPERVISOR, "Mallory")


def test_binding_the_reviewers_credential_to_a_second_account_is_refused(
        office_ws: tuple[Workspace, Office], tmp_path: Path) -> None:
    ws, _office = office_ws
    cert, key, chain = _rita(ws)
    # The same credential re-exported under another passphrase: other bytes, same certificate.
    stolen = tmp_path / "rita-again.p12"
    stolen.write_bytes(to_pkcs12(Issued(cert, key), chain, b"mallory's own"))  # type: ignore[arg-type]
    with pytest.raises(NotPermittedError) as added:
        add_user(ws, ADMIN, username="mallory", role=Role.SUPERVISOR, password="pw-mallory",
                 credential_file=stolen, credential_passphrase="mallory's own")
    assert added.value.code == "CREDENTIAL_BOUND" and "rita" in added.value.message
    assert not (ws.paths.user_keys / "mallory.p12").exists()
    assert not list(ws.paths.user_keys.glob("*.new"))
    with pytest.raises(NotPermittedError) as bound:
        bind_credential(ws, ADMIN, "sue", stolen, "mallory's own")
    assert bound.value.code == "CREDENTIAL_BOUND"
    assert get_user(ws, "sue").credential["certificate_subject"] == "Sue Second"  # type: ignore[index]
    assert len(_refusals(ws, "CREDENTIAL_BOUND")) == 2


def test_a_second_certificate_for_the_same_key_is_the_same_signer(
        office_ws: tuple[Workspace, Office], tmp_path: Path) -> None:
    ws, office = office_ws
    cert, key, chain = _rita(ws)
    # A rogue certificate from the office CA for Rita's key, in another name.
    now = datetime.now(UTC)
    rogue = (x509.CertificateBuilder().subject_name(x509.Name([
        x509.NameAttribute(x509.NameOID.COMMON_NAME, "Mallory Supervisor")]))
        .issuer_name(office.ca.cert.subject).public_key(cert.public_key())
        .serial_number(x509.random_serial_number()).not_valid_before(now - timedelta(days=1))
        .not_valid_after(now + timedelta(days=30))
        .add_extension(x509.KeyUsage(True, True, False, False, False, False, False, False, False),
                       critical=True)
        .sign(office.ca.key, hashes.SHA256()))
    p12 = tmp_path / "mallory.p12"
    p12.write_bytes(to_pkcs12(Issued(rogue, key), chain, b"m"))  # type: ignore[arg-type]
    with pytest.raises(NotPermittedError) as added:
        add_user(ws, ADMIN, username="mallory", role=Role.SUPERVISOR, password="pw-mallory",
                 credential_file=p12, credential_passphrase="m")
    assert added.value.code == "CREDENTIAL_BOUND"
    # Bound the old way anyway: the countersignature is refused by its key.
    mallory = _legacy_bind(ws, "mallory", p12)
    decide(ws, office.reviewer, REF, "not_covered", [], "Below every threshold.")
    letters.sign_letter(ws, office.reviewer, REF, CREDENTIAL_PASSPHRASE)
    with pytest.raises(NotPermittedError) as refused:
        letters.countersign(ws, mallory, REF, "m")
    assert refused.value.code == "TWO_PERSON_RULE"


def test_a_credential_bound_twice_the_old_way_cannot_countersign(
        office_ws: tuple[Workspace, Office]) -> None:
    ws, office = office_ws
    mallory = _legacy_bind(ws, "mallory", ws.paths.user_keys / "rita.p12")
    decide(ws, office.reviewer, REF, "not_covered", [], "Below every threshold.")
    letters.sign_letter(ws, office.reviewer, REF, CREDENTIAL_PASSPHRASE)
    with pytest.raises(NotPermittedError) as refused:
        letters.countersign(ws, mallory, REF, CREDENTIAL_PASSPHRASE)
    assert refused.value.code == "TWO_PERSON_RULE" and "same certificate" in refused.value.message
    assert letters.list_letters(ws, REF)[-1].state == "signed"
    (entry,) = _refusals(ws, "TWO_PERSON_RULE")
    assert entry.actor == "mallory"
    # Nor can the second account sign a letter of its own with Rita's certificate.
    with pytest.raises(NotPermittedError) as own:
        letters.sign_letter(ws, mallory, REF, CREDENTIAL_PASSPHRASE)
    assert own.value.code == "CREDENTIAL_BOUND"
    # A real second person still can.
    assert letters.countersign(ws, office.supervisor, REF, CREDENTIAL_PASSPHRASE).state == \
        "countersigned"


def test_binding_a_new_credential_records_its_certificate(
        office_ws: tuple[Workspace, Office], tmp_path: Path) -> None:
    ws, office = office_ws
    leaf = make_leaf(CertSpec("Sue Second (new card)", organization="Test Review Office"),
                     office.ca)
    p12 = tmp_path / "sue-new.p12"
    p12.write_bytes(to_pkcs12(leaf, [office.ca.cert], b"new pass"))
    with pytest.raises(NotPermittedError) as wrong:
        bind_credential(ws, ADMIN, "sue", p12, "not it")
    assert wrong.value.code == "WRONG_PASSPHRASE"
    with pytest.raises(NotPermittedError) as not_admin:
        bind_credential(ws, office.supervisor, "sue", p12, "new pass")
    assert not_admin.value.code == "NOT_PERMITTED"
    identity = bind_credential(ws, ADMIN, "sue", p12, "new pass")
    assert identity.subject == "Sue Second (new card)"
    decide(ws, office.reviewer, REF, "not_covered", [], "Below every threshold.")
    letters.sign_letter(ws, office.reviewer, REF, CREDENTIAL_PASSPHRASE)
    # The file swapped behind the binding's back: refused, the bound certificate is Sue's new one.
    shutil.copyfile(ws.paths.user_keys / "sam.p12", ws.paths.user_keys / "sue.p12")
    with pytest.raises(NotPermittedError) as swapped:
        letters.countersign(ws, office.supervisor2, REF, CREDENTIAL_PASSPHRASE)
    assert swapped.value.code == "CREDENTIAL_BOUND"
    p12_again = ws.paths.user_keys / "sue.p12"
    p12_again.write_bytes(p12.read_bytes())
    assert letters.countersign(ws, office.supervisor2, REF, "new pass").countersigned_by == "sue"
    with ws.reader() as s:
        actions = [e.action for e in audit_chain.entries(s)]
    assert "user.credential" in actions


def test_a_credential_file_swapped_behind_the_binding_is_refused(
        office_ws: tuple[Workspace, Office], tmp_path: Path) -> None:
    ws, office = office_ws
    other = make_leaf(CertSpec("Someone Else", organization="Test Review Office"), office.ca)
    (ws.paths.user_keys / "rita.p12").write_bytes(
        to_pkcs12(other, [office.ca.cert], CREDENTIAL_PASSPHRASE.encode()))
    decide(ws, office.reviewer, REF, "not_covered", [], "Below every threshold.")
    with pytest.raises(NotPermittedError) as refused:
        letters.sign_letter(ws, office.reviewer, REF, CREDENTIAL_PASSPHRASE)
    assert refused.value.code == "CREDENTIAL_CHANGED" and letters.list_letters(ws, REF) == []
    assert len(_refusals(ws, "CREDENTIAL_CHANGED")) == 1


def test_binding_needs_the_credentials_passphrase(office_ws: tuple[Workspace, Office]) -> None:
    ws, _office = office_ws
    with pytest.raises(UsageError) as err:
        add_user(ws, ADMIN, username="victor", role=Role.SUPERVISOR, password="pw-victor",
                 credential_file=ws.paths.user_keys / "sam.p12")
    assert err.value.code == "NO_CREDENTIAL_PASSPHRASE"
