"""People of the office who work elsewhere, and the certificates that speak for anyone.

A case file is accepted only from a person this workspace knows, signing with
the certificate this workspace has on record for them (docs/case-file-v1.md,
section 2.1): a local user whose credential record names its certificate
(``credential.certificate_sha256``), or a *remote user* an administrator
registered here with their certificate. Registering, and removing, is an
administrator's audited act; a registry row that no audit entry describes as
it is (added or changed with database tools) speaks for nobody.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from cryptography import x509
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat
from sqlalchemy import select
from sqlalchemy.orm import Session

from reviewer_app.crypto import trust
from reviewer_app.domain.users import Actor, Role
from reviewer_app.errors import UsageError
from reviewer_app.services.access.roles import require_role
from reviewer_app.services.workspace import Workspace
from reviewer_app.storage import audit_chain
from reviewer_app.storage.models import AuditRow, RemoteUserRow, UserRow

_SHA256 = re.compile(r"[0-9a-f]{64}")
# Roles a remote person may hold: the ones that export case files and sign letters.
REMOTE_ROLES = (Role.REVIEWER, Role.SUPERVISOR)


@dataclass(frozen=True)
class RemoteUser:
    username: str
    role: Role
    display_name: str
    title: str
    certificate_sha256: str
    subject: str
    added_by: str
    added_at: str

    def to_json(self) -> dict[str, Any]:
        return {"username": self.username, "role": self.role.value,
                "display_name": self.display_name, "title": self.title,
                "certificate_sha256": self.certificate_sha256, "subject": self.subject,
                "added_by": self.added_by, "added_at": self.added_at}


@dataclass(frozen=True)
class KnownSigner:
    """Who a certificate must belong to for ``username`` to be believed here."""

    username: str
    kind: str  # "local" (a user of this workspace) or "remote" (registered by an administrator)
    role: str
    certificate_sha256: str | None  # None: known, but no certificate on record
    problem: str = ""  # why nothing signed by this person can be accepted ("" when fine)


def _info(row: RemoteUserRow) -> RemoteUser:
    return RemoteUser(row.username, Role(row.role), row.display_name, row.title,
                      row.certificate_sha256, row.subject, row.added_by,
                      row.added_at.isoformat(timespec="seconds"))


def _read_certificate(path: Path) -> x509.Certificate:
    try:
        certs = trust.parse_certificates(Path(path).read_bytes())
    except OSError as exc:
        raise UsageError("NO_SUCH_FILE", f"cannot read {path}: {exc.strerror}") from None
    except trust.TrustFileError as exc:
        raise UsageError("BAD_CERTIFICATE", f"{path}: {exc}") from None
    if len(certs) != 1:
        raise UsageError("BAD_CERTIFICATE", f"{path} must hold exactly one certificate "
                         f"(it holds {len(certs)})")
    if trust.describe_certificate(certs[0]).is_ca:
        raise UsageError("BAD_CERTIFICATE", f"{path} is a CA certificate, not a person's")
    return certs[0]


def _key_sha256(cert: x509.Certificate) -> str:
    """SHA-256 of the certificate's SubjectPublicKeyInfo: a second certificate for one key
    is the same signer (the credential records keep it as ``public_key_sha256``)."""
    spki = cert.public_key().public_bytes(Encoding.DER, PublicFormat.SubjectPublicKeyInfo)
    return hashlib.sha256(spki).hexdigest()


def holders(session: Session) -> dict[str, str]:
    """Certificate and public-key SHA-256 -> the person (local or remote) they belong to."""
    out: dict[str, str] = {}
    for row in session.scalars(select(UserRow)):
        record = row.credential if isinstance(row.credential, dict) else {}
        for key in ("certificate_sha256", "public_key_sha256"):
            value = record.get(key)
            if isinstance(value, str) and _SHA256.fullmatch(value):
                out[value] = row.username
    for remote in session.scalars(select(RemoteUserRow)):
        out[remote.certificate_sha256] = remote.username
        for cert in trust.parse_certificates(remote.certificate.encode("ascii")):
            out[_key_sha256(cert)] = remote.username
    return out


def add_remote_user(ws: Workspace, actor: Actor, *, username: str, role: Role,
                    certificate_file: Path, display_name: str = "",
                    title: str = "") -> RemoteUser:
    """An administrator registers a person of another workstation by their certificate."""
    require_role(ws, actor, Role.ADMINISTRATOR, action="registering a remote user")
    if role not in REMOTE_ROLES:
        raise UsageError("BAD_ROLE", "a remote user is a reviewer or a supervisor")
    if not username or len(username) > 64 or \
            not username.replace("-", "").replace("_", "").replace(".", "").isalnum():
        raise UsageError("BAD_USERNAME", f"'{username}' is not a valid user name (letters, "
                         "digits, . _ -)")
    cert = _read_certificate(certificate_file)
    der = cert.public_bytes(Encoding.DER)
    fingerprint = hashlib.sha256(der).hexdigest()
    with ws.uow() as s:
        if s.scalar(select(UserRow.id).where(UserRow.username == username)) is not None:
            raise UsageError("USER_EXISTS", f"'{username}' is a user of this workstation: their "
                             "own credential record speaks for them")
        if s.scalar(select(RemoteUserRow.id).where(RemoteUserRow.username == username)):
            raise UsageError("USER_EXISTS", f"a remote user named '{username}' is already "
                             "registered (remove them first to change the certificate)")
        known = holders(s)
        owner = known.get(fingerprint) or known.get(_key_sha256(cert))
        if owner is not None:
            raise UsageError("CERTIFICATE_IN_USE", f"this certificate, or its key, already "
                             f"belongs to '{owner}'; one certificate speaks for one person")
        row = RemoteUserRow(username=username, role=role.value, display_name=display_name,
                            title=title, certificate_sha256=fingerprint,
                            certificate=cert.public_bytes(Encoding.PEM).decode("ascii"),
                            subject=cert.subject.rfc4514_string(), added_by=actor.username,
                            added_at=datetime.now(UTC))
        s.add(row)
        s.flush()
        audit_chain.append(s, actor=actor.username, action="remote_user.add",
                           subject=audit_chain.remote_user_subject(username), subject_row=row,
                           details={"username": username, "role": role.value,
                                    "certificate_sha256": fingerprint, "subject": row.subject})
        return _info(row)


def remove_remote_user(ws: Workspace, actor: Actor, username: str) -> None:
    require_role(ws, actor, Role.ADMINISTRATOR, action="removing a remote user")
    with ws.uow() as s:
        row = s.scalar(select(RemoteUserRow).where(RemoteUserRow.username == username))
        if row is None:
            raise UsageError("NO_SUCH_USER", f"there is no remote user named '{username}'")
        details = {"username": username, "certificate_sha256": row.certificate_sha256}
        s.delete(row)
        s.flush()
        audit_chain.append(s, actor=actor.username, action="remote_user.remove",
                           subject=audit_chain.remote_user_subject(username), subject_row=None,
                           details=details)


def list_remote_users(ws: Workspace) -> list[RemoteUser]:
    with ws.reader() as s:
        return [_info(r) for r in s.scalars(select(RemoteUserRow).order_by(RemoteUserRow.username))]


def known_signer(session: Session, username: str) -> KnownSigner | None:
    """The person ``username`` names here, and the certificate that must speak for them."""
    user = session.scalar(select(UserRow).where(UserRow.username == username))
    if user is not None:
        credential = user.credential if isinstance(user.credential, dict) else {}
        fingerprint = credential.get("certificate_sha256")
        if not isinstance(fingerprint, str) or not _SHA256.fullmatch(fingerprint):
            return KnownSigner(username, "local", user.role, None,
                               f"'{username}''s credential record here names no certificate")
        problem = "" if user.active else f"'{username}''s account here is disabled"
        return KnownSigner(username, "local", user.role, fingerprint, problem)
    remote = session.scalar(select(RemoteUserRow).where(RemoteUserRow.username == username))
    if remote is None:
        return None
    subject = audit_chain.remote_user_subject(username)
    recorded = session.scalar(select(AuditRow.subject_digest).where(AuditRow.subject == subject)
                              .order_by(AuditRow.seq.desc()).limit(1))
    if recorded is None or recorded != audit_chain.row_digest(remote):
        # Written with database tools, not by an administrator through the application.
        return KnownSigner(username, "remote", remote.role, None,
                           f"the remote user '{username}' was changed outside the application")
    return KnownSigner(username, "remote", remote.role, remote.certificate_sha256)
