"""Trust anchors and CRLs: add one (administrators only, audited), list them all."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from reviewer_app.crypto import trust
from reviewer_app.domain.users import Actor, Role
from reviewer_app.errors import RejectedError, UsageError
from reviewer_app.formats.private_files import write_private
from reviewer_app.services.access.roles import require_role
from reviewer_app.services.workspace import Workspace
from reviewer_app.storage import audit_chain


@dataclass(frozen=True)
class TrustAdded:
    kind: str  # "submitter", "office" or "crl"
    file: str
    subjects: tuple[str, ...]
    already_present: bool = False


@dataclass(frozen=True)
class TrustListing:
    submitters: tuple[trust.AnchorInfo, ...]
    office: tuple[trust.AnchorInfo, ...]
    crls: tuple[trust.CrlInfo, ...]


def add_trust_file(ws: Workspace, actor: Actor, source: Path, *, office: bool = False) -> TrustAdded:
    """Copy a certificate (PEM/DER) or CRL into the right trust folder."""
    require_role(ws, actor, Role.ADMINISTRATOR, action="add a trust anchor")
    try:
        data = Path(source).read_bytes()
    except OSError as exc:
        raise UsageError("NO_SUCH_FILE", f"cannot read {source}: {exc.strerror}") from None
    try:
        kind = trust.classify(data)
    except trust.TrustFileError as exc:
        raise RejectedError("TRUST_FILE_INVALID", f"{Path(source).name}: {exc}") from None
    if kind == "crl":
        folder, label = ws.paths.trust_crl, "crl"
        subjects = tuple(c.issuer.rfc4514_string() for c in trust.parse_crls(data))
    else:
        folder, label = (ws.paths.trust_office, "office") if office else (ws.paths.trust_submitters, "submitter")
        subjects = tuple(c.subject.rfc4514_string() for c in trust.parse_certificates(data))
    digest = hashlib.sha256(data).hexdigest()
    for existing in folder.iterdir():
        if existing.is_file() and hashlib.sha256(existing.read_bytes()).hexdigest() == digest:
            return TrustAdded(label, existing.name, subjects, already_present=True)
    target = folder / Path(source).name
    if target.exists():
        target = folder / f"{target.stem}-{digest[:8]}{target.suffix}"
    write_private(target, data)
    with ws.uow() as s:
        audit_chain.append(s, actor=actor.username, action="trust.add",
                           subject=audit_chain.file_subject(target.relative_to(ws.root).as_posix()),
                           subject_file=target,
                           details={"kind": label, "file": target.name, "sha256": digest,
                                    "subjects": list(subjects)})
    return TrustAdded(label, target.name, subjects)


def list_trust(ws: Workspace) -> TrustListing:
    return TrustListing(tuple(trust.describe_anchors(ws.paths.trust_submitters)),
                        tuple(trust.describe_anchors(ws.paths.trust_office)),
                        tuple(trust.describe_crls(ws.paths.trust_crl)))
