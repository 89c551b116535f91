"""Binding signing credentials to users: one certificate (and one key) per person.

A credential is bound when an administrator adds a user with it, or binds a
new one to an existing user. The credential is opened with its passphrase at
that moment, so the binding knows the certificate it holds; its identity (the
SHA-256 of the certificate and of its public key, ``CertificateIdentity``) is
kept in the user's credential record. A credential whose certificate or key is
already bound to another user is refused (``CREDENTIAL_BOUND``, exit 5,
audited): otherwise one person's credential could sign as two people.

Signing checks the same thing again with the credential actually opened
(``check_signing_identity``): it must be the one bound to the signer, and
bound to nobody else. Credentials bound before identities were kept (their
record has none) are compared by the bytes of their PKCS#12 file at binding
time, and learn nothing at signing time; the letter's own signatures are still
compared by certificate before countersigning (``services.decision.letters``).
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from reviewer_app.domain.users import Actor, CertificateIdentity, Role
from reviewer_app.errors import NotPermittedError, UsageError
from reviewer_app.formats.private_files import write_private
from reviewer_app.services.workspace import Workspace
from reviewer_app.storage import audit_chain
from reviewer_app.storage.models import UserRow


def pkcs12_identity(data: bytes, passphrase: str) -> CertificateIdentity:
    """Open a PKCS#12 credential (wrong passphrase: WRONG_PASSPHRASE, exit 5) for its identity."""
    from reviewer_app.pdf import signing

    with signing.load_pkcs12_signer(data, passphrase) as loaded:
        return loaded.identity


def _holders(session: Session, identity: CertificateIdentity, data: bytes | None,
             ws: Workspace, *, besides: str) -> list[str]:
    """Other users whose bound credential has ``identity`` (or, unrecorded, the same bytes)."""
    digest = hashlib.sha256(data).hexdigest() if data is not None else None
    holders = []
    for row in session.scalars(select(UserRow).where(UserRow.username != besides)):
        bound = CertificateIdentity.from_record(row.credential)
        same = (bound.same_signer(identity) if bound is not None
                else digest is not None and _file_digest(ws, row.credential) == digest)
        if same:
            holders.append(row.username)
    return holders


def _file_digest(ws: Workspace, record: dict[str, Any] | None) -> str | None:
    if not record or record.get("kind") != "pkcs12":
        return None
    try:
        return hashlib.sha256((ws.root / str(record.get("file", ""))).read_bytes()).hexdigest()
    except OSError:
        return None


def refuse(ws: Workspace, actor: Actor, action: str, code: str, message: str,
           details: dict[str, Any] | None = None) -> NotPermittedError:
    """Audit a refusal (a workstation-local entry) and return the error to raise."""
    with ws.uow() as s:
        audit_chain.append(s, actor=actor.username, action="refused",
                           details={"action": action, "code": code, **(details or {})})
    return NotPermittedError(code, message)


def pkcs12_record(ws: Workspace, actor: Actor, username: str, source: Path,
                  credential_passphrase: str, *, action: str) -> tuple[dict[str, Any], Path]:
    """Check ``source`` may be bound to ``username`` and copy it into the workspace.

    Returns the credential record and the copied file (the caller removes it if
    its own unit of work fails).
    """
    try:
        data = Path(source).read_bytes()
    except OSError as exc:
        raise UsageError("NO_SUCH_FILE", f"cannot read {source}: {exc.strerror}") from exc
    identity = pkcs12_identity(data, credential_passphrase)
    with ws.reader() as s:
        holders = _holders(s, identity, data, ws, besides=username)
    if holders:
        raise refuse(ws, actor, action, "CREDENTIAL_BOUND",
                     f"the certificate of this credential ({identity.subject}) is already "
                     f"bound to {', '.join(holders)}; one certificate signs for one person",
                     {"username": username, "bound_to": holders,
                      "certificate_sha256": identity.cert_sha256})
    name = f"{username}.p12"
    dest = ws.paths.user_keys / name
    tmp = dest.with_suffix(".p12.new")
    write_private(tmp, data)  # 0600 from its creation, whatever the umask
    return ({"kind": "pkcs12", "file": f"keys/users/{name}", **identity.to_record()}, tmp)


def bind_credential(ws: Workspace, actor: Actor, username: str, source: Path,
                    credential_passphrase: str) -> CertificateIdentity:
    """An administrator binds a (new) PKCS#12 credential to an existing user."""
    from reviewer_app.services.access.roles import require_role

    require_role(ws, actor, Role.ADMINISTRATOR, action="binding a signing credential")
    with ws.reader() as s:
        if s.scalar(select(UserRow.id).where(UserRow.username == username)) is None:
            raise UsageError("NO_SUCH_USER", f"there is no user named '{username}'")
    record, tmp = pkcs12_record(ws, actor, username, source, credential_passphrase,
                                action="users.credential")
    try:
        with ws.uow() as s:
            row = s.scalar(select(UserRow).where(UserRow.username == username))
            assert row is not None
            previous = CertificateIdentity.from_record(row.credential)
            row.credential = record
            audit_chain.append(s, actor=actor.username, action="user.credential",
                               subject=audit_chain.user_subject(username), subject_row=row,
                               details={"username": username,
                                        "certificate_sha256": record["certificate_sha256"],
                                        "replaces": previous.cert_sha256 if previous else None})
            tmp.replace(ws.paths.user_keys / f"{username}.p12")
    finally:
        tmp.unlink(missing_ok=True)
    identity = CertificateIdentity.from_record(record)
    assert identity is not None
    return identity


def check_signing_identity(ws: Workspace, actor: Actor, identity: CertificateIdentity, *,
                           action: str) -> None:
    """The opened credential must be the one bound to ``actor`` and bound to nobody else."""
    with ws.reader() as s:
        own = s.scalar(select(UserRow.credential).where(UserRow.username == actor.username))
        holders = _holders(s, identity, None, ws, besides=actor.username)
    bound = CertificateIdentity.from_record(own)
    if holders:
        raise refuse(ws, actor, action, "CREDENTIAL_BOUND",
                     f"the certificate {actor.username} signs with ({identity.subject}) is "
                     f"bound to {', '.join(holders)} as well; one certificate signs for one person",
                     {"bound_to": holders, "certificate_sha256": identity.cert_sha256})
    if bound is not None and bound.cert_sha256 != identity.cert_sha256:
        raise refuse(ws, actor, action, "CREDENTIAL_CHANGED",
                     f"{actor.username}'s credential holds a certificate ({identity.subject}) "
                     "other than the one bound to the account; an administrator must bind it",
                     {"certificate_sha256": identity.cert_sha256,
                      "bound": bound.cert_sha256})


__all__ = ["bind_credential", "check_signing_identity", "pkcs12_identity", "pkcs12_record",
           "refuse"]
