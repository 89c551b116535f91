"""Witnesses of the audit chain: signed checkpoints, letters and case files.

What leaves the workstation carries its chain head (docs/audit-checkpoint-v1.md):
a checkpoint is nothing else, a letter signature carries it as a signed CMS
attribute, a case file in its signed manifest (``audit_head``). Given such
files back, ``verify_with_witnesses`` proves that the chain still holds each
witnessed entry, unchanged, at its place (``storage.audit_verify``).

A witness is read only after its signature verifies against this workspace's
office anchors (``WITNESS_INVALID`` otherwise, exit 3); heads of other
workstations are not this chain's (``WITNESS_OTHER_WORKSTATION``).
"""

from __future__ import annotations

import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import BinaryIO, cast

from reviewer_app.crypto import age, cms, trust
from reviewer_app.domain import casefile as cf
from reviewer_app.domain import checkpoint as ck
from reviewer_app.domain.audit import GENESIS_HASH, AuditHead, AuditReport, Witness
from reviewer_app.domain.users import Actor
from reviewer_app.errors import RejectedError, ReviewerError, UsageError
from reviewer_app.services.workspace import Workspace, workstation_recipient
from reviewer_app.storage import audit_chain

CHECKPOINT = "checkpoint"
LETTER = "letter"
CASE_FILE = "case file"


def current_head(ws: Workspace) -> AuditHead:
    """The chain's newest entry as the workspace records it (no SQLAlchemy needed)."""
    value = ws.setting(audit_chain.HEAD_KEY) or {}
    return AuditHead(int(value.get("seq", 0)), str(value.get("hash", GENESIS_HASH)))


def current_head_line(ws: Workspace) -> str:
    """What a letter signature carries: ``<workstation> <seq> <hash>``."""
    return ck.head_line(workstation_recipient(ws), current_head(ws))


def current_head_object(ws: Workspace) -> dict[str, object]:
    """What a case file's manifest carries as ``audit_head``."""
    return ck.head_object(workstation_recipient(ws), current_head(ws))


@dataclass(frozen=True)
class CheckpointWritten:
    path: Path
    checkpoint: ck.Checkpoint


def write_checkpoint(ws: Workspace, actor: Actor, credential_secret: str,
                     out: Path) -> CheckpointWritten:
    """Sign the current head with the acting user's credential and write it to ``out``.

    The checkpoint names the head before its own ``audit.checkpoint`` entry, which
    follows it in the chain.
    """
    from sqlalchemy import select

    from reviewer_app.services.access import load_credential
    from reviewer_app.storage.models import UserRow

    with ws.reader() as s:
        user = s.scalar(select(UserRow).where(UserRow.username == actor.username))
        if user is None:
            raise UsageError("NO_SUCH_USER", f"there is no user named '{actor.username}'")
        checkpoint = ck.Checkpoint(workstation_recipient(ws), current_head(ws),
                                   datetime.now(UTC).isoformat(timespec="seconds")
                                   .replace("+00:00", "Z"), actor.username)
        body = ck.body(checkpoint)
        with load_credential(ws, user, credential_secret) as credential:
            signature = credential.sign(body)
    _check_signature(ws, body, signature, out.name, own=True)
    out = Path(out)
    tmp = out.parent / f".{out.name}.{secrets.token_hex(6)}.partial"
    try:
        tmp.write_bytes(body + ck.armour(signature))
        tmp.replace(out)
    except OSError as exc:
        raise UsageError("CANNOT_WRITE", f"cannot write {out}: {exc.strerror or exc}") from exc
    finally:
        tmp.unlink(missing_ok=True)
    with ws.uow() as s:
        audit_chain.append(s, actor=actor.username, action="audit.checkpoint",
                           details={"seq": checkpoint.head.seq, "hash": checkpoint.head.hash,
                                    "file": out.name})
    return CheckpointWritten(out, checkpoint)


def _check_signature(ws: Workspace, body: bytes, signature: bytes, name: str, *,
                     own: bool = False) -> cms.SignerInfo:
    anchors = trust.load_anchors(ws.paths.trust_office)
    try:
        return cms.verify_detached(body, signature, anchors, trust.load_crls(ws.paths.trust_crl))
    except (cms.SignatureInvalidError, cms.SignerUntrustedError) as exc:
        if own:
            raise UsageError("CREDENTIAL_UNTRUSTED", "your credential does not chain to an office "
                             f"anchor of this workspace, so no one could verify the checkpoint: "
                             f"{exc}") from None
        raise RejectedError("WITNESS_INVALID", f"{name}: its signature does not verify against "
                            f"this workspace's office anchors: {exc}") from None


def read_witnesses(ws: Workspace, path: Path, *,
                   identities: Sequence[age.Identity] = ()) -> list[Witness]:
    """This workstation's heads that ``path`` (a checkpoint, letter or case file) witnesses."""
    path = Path(path)
    try:
        with path.open("rb") as f:
            start = f.read(64)
    except OSError as exc:
        raise UsageError("NO_SUCH_FILE", f"cannot read {path}: {exc.strerror}") from None
    if start.startswith(b"%PDF-"):
        found = _letter_heads(ws, path)
        kind = LETTER
    elif start.startswith(ck.TITLE.encode("utf-8")):
        found = [_checkpoint_head(ws, path)]
        kind = CHECKPOINT
    elif start.startswith((b"age-encryption.org/v1", b"-----BEGIN AGE ENCRYPTED FILE-----")):
        found = [_case_file_head(ws, path, identities)]
        kind = CASE_FILE
    else:
        raise RejectedError("WITNESS_UNKNOWN", f"{path.name} is not a checkpoint, a signed letter "
                            "or a case file")
    mine = workstation_recipient(ws)
    ours = [Witness(path.name, kind, head, station) for station, head in found if station == mine]
    if not ours:
        others = ", ".join(sorted({station for station, _ in found})) or "none"
        raise RejectedError("WITNESS_OTHER_WORKSTATION", f"{path.name} witnesses no head of this "
                            f"workstation ({mine}); it names: {others}")
    return ours


def _checkpoint_head(ws: Workspace, path: Path) -> tuple[str, AuditHead]:
    try:
        checkpoint, body, signature = ck.split(path.read_bytes())
    except ck.CheckpointError as exc:
        raise RejectedError("WITNESS_INVALID", f"{path.name}: {exc}") from None
    _check_signature(ws, body, signature, path.name)
    return checkpoint.workstation, checkpoint.head


def _letter_heads(ws: Workspace, path: Path) -> list[tuple[str, AuditHead]]:
    from reviewer_app.pdf import audit_head
    from reviewer_app.services.access import verify_pdf

    report = verify_pdf(ws, path)
    if not report.ok:
        raise RejectedError("WITNESS_INVALID", f"{path.name}: its signatures do not verify "
                            f"({report.bottom_line})")
    try:
        lines = audit_head.heads_in(path.read_bytes())
        return [ck.parse_head_line(line) for _field, line in lines]
    except (ValueError, ck.CheckpointError) as exc:
        raise RejectedError("WITNESS_INVALID", f"{path.name}: {exc}") from None


def _case_file_head(ws: Workspace, path: Path,
                    identities: Sequence[age.Identity]) -> tuple[str, AuditHead]:
    from reviewer_app.formats.casefile_reader import CaseFileReader

    if not identities:
        raise UsageError("NO_SECRET", f"{path.name} is a case file: the workstation passphrase "
                         "(or the case file's passphrase) is needed to read it")
    try:
        with path.open("rb") as raw:
            reader = age.open_decrypt(raw, list(identities))
            tar = CaseFileReader(cast(BinaryIO, reader), cf.CaseLimits())
            try:
                head = tar.read_head()
            finally:
                tar.close()
    except age.AgeError as exc:
        raise RejectedError("WITNESS_INVALID", f"{path.name} cannot be opened here: {exc}") from None
    except ReviewerError as exc:
        raise RejectedError("WITNESS_INVALID", f"{path.name}: {exc.message}") from None
    _check_signature(ws, head.manifest, head.signature, path.name)
    try:
        return ck.parse_head_object(cf.parse_json(head.manifest).get("audit_head"))
    except (ck.CheckpointError, ReviewerError) as exc:
        raise RejectedError("WITNESS_INVALID", f"{path.name}: {exc}") from None


def record_received_head(ws: Workspace, actor: Actor, manifest: dict[str, object],
                         file_name: str) -> AuditHead | None:
    """Keep the sender's chain head that an imported case file witnesses (``witness.received``).

    Each workstation so holds the others' heads in its own chain: the sender's
    office can ask for them (``audit list --json``) to check its chain against.
    A manifest without a head (an older exporter) records nothing.
    """
    try:
        station, head = ck.parse_head_object(manifest.get("audit_head"))
    except ck.CheckpointError:
        return None
    with ws.uow() as s:
        audit_chain.append(s, actor=actor.username, action="witness.received",
                           details={"workstation": station, "seq": head.seq, "hash": head.hash,
                                    "file": file_name,
                                    "case_file_id": manifest.get("case_file_id")})
    return head


def verify_with_witnesses(ws: Workspace, witnesses: Sequence[Witness]) -> AuditReport:
    from reviewer_app.storage.audit_verify import verify_chain

    with ws.reader() as s:
        return verify_chain(s, ws.root, witnesses)
