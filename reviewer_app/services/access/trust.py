"""Trust anchors and CRLs: add or remove one (administrators only, audited), list them all.

The window's Settings > Trust anchors and the ``trust`` command call these same
functions. A file is named for removal as ``trust list`` shows it: its kind
(submitter, office, crl) and its file name in that folder, nothing else.
"""

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
class TrustRemoved:
    kind: str  # "submitter", "office" or "crl"
    file: str
    subjects: tuple[str, ...]


KINDS = ("submitter", "office", "crl")


@dataclass(frozen=True)
class TrustListing:
    submitters: tuple[trust.AnchorInfo, ...]
    office: tuple[trust.AnchorInfo, ...]
    crls: tuple[trust.CrlInfo, ...]


def add_trust_file(ws: Workspace, actor: Actor, source: Path, *, office: bool = False) -> TrustAdded:
    """Copy a certificate (PEM/DER) or CRL into the right trust folder."""
    require_role(ws, actor, Role.ADMINISTRATOR, action="adding a trust anchor")
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


def _folder(ws: Workspace, kind: str) -> Path:
    return {"submitter": ws.paths.trust_submitters, "office": ws.paths.trust_office,
            "crl": ws.paths.trust_crl}[kind]


def remove_trust_file(ws: Workspace, actor: Actor, name: str, *, kind: str) -> TrustRemoved:
    """Remove the anchor or CRL file ``name`` of ``kind``; the removal is audited.

    ``name`` is a file name as listed, never a path: anything else is no such
    file (the trust folders are the only place this deletes from). The file is
    deleted inside the unit of work that records it and put back if that fails.
    """
    require_role(ws, actor, Role.ADMINISTRATOR, action="removing a trust anchor")
    if kind not in KINDS:
        raise UsageError("BAD_TRUST_KIND", f"'{kind}' is not a kind of trust file "
                         f"({', '.join(KINDS)})")
    folder = _folder(ws, kind)
    target = folder / name
    plain = name not in ("", ".", "..") and Path(name).name == name and "\\" not in name
    if not plain or name.startswith(".") or not target.is_file():
        raise UsageError("NO_SUCH_TRUST_FILE", f"there is no {kind} trust file named '{name}' "
                         "(see 'reviewer-app trust list')")
    data = target.read_bytes()
    try:
        subjects = (tuple(c.issuer.rfc4514_string() for c in trust.parse_crls(data))
                    if kind == "crl"
                    else tuple(c.subject.rfc4514_string() for c in trust.parse_certificates(data)))
    except trust.TrustFileError:
        subjects = ()  # an unreadable file may still be removed
    try:
        with ws.uow() as s:
            audit_chain.append(s, actor=actor.username, action="trust.remove",
                               subject=audit_chain.file_subject(target.relative_to(ws.root).as_posix()),
                               details={"kind": kind, "file": name,
                                        "sha256": hashlib.sha256(data).hexdigest(),
                                        "subjects": list(subjects)})
            target.unlink()
    except BaseException:
        if not target.exists():
            write_private(target, data)  # the entry was not written: the file stays trusted
        raise
    return TrustRemoved(kind, name, subjects)
