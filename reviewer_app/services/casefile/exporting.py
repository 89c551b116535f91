"""Export a case as a signed, encrypted case file (format v1, docs/case-file-v1.md).

One pass: the case manifest is built from the database and signed with the
exporting user's credential (a PKCS#12 file or a PKCS#11 token, opened with
its passphrase or PIN for this export only: ``export_credential``), then the tar stream (manifest, signature,
submission, letters) is written through age encryption into a temporary file
next to the target, which is renamed only when everything was written. A
cancelled or failed export leaves no file behind.
"""

from __future__ import annotations

import hashlib
import os
import secrets
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, BinaryIO, cast

from cryptography.hazmat.primitives import serialization

from reviewer_app import __version__
from reviewer_app.crypto import age, cms, trust
from reviewer_app.domain import casefile as cf
from reviewer_app.domain.permissions import EXPORT_CASE_FILE
from reviewer_app.domain.progress import CancelToken, ProgressEvent, ProgressSink, no_progress
from reviewer_app.domain.users import Actor
from reviewer_app.errors import ReviewerError, UsageError
from reviewer_app.formats.casefile_writer import CaseFileWriter
from reviewer_app.formats.file_sink import CacheLimitedWriter
from reviewer_app.services.access import Credential, load_credential, require_role
from reviewer_app.services.audit import current_head_object
from reviewer_app.services.cases import find_case_row
from reviewer_app.services.cases import records as case_records
from reviewer_app.services.workspace import Workspace, workstation_recipient
from reviewer_app.storage import audit_chain
from reviewer_app.storage.models import CaseRow, UserRow

_PROGRESS_STEP = 4 << 20


@dataclass(frozen=True)
class ExportResult:
    path: Path
    reference: str
    case_uuid: str
    size: int
    entries: int  # audit entries of the case carried
    head: str  # the case chain's newest hash


def _recipients(recipients: Sequence[str] | None, passphrase: str | None) -> list[age.Recipient]:
    if bool(recipients) == bool(passphrase):
        raise UsageError("RECIPIENT_OR_PASSPHRASE",
                         "give one or more recipients (age1...) or a passphrase, not both")
    if passphrase:
        return [age.ScryptRecipient(passphrase)]
    out: list[age.Recipient] = []
    for text in recipients or ():
        try:
            out.append(age.parse_recipient(text.strip()))
        except age.AgeKeyError:
            raise UsageError("BAD_RECIPIENT", f"{text!r} is not an age recipient "
                             "(age1... or age1pq1...)") from None
    if age.mixes_post_quantum(out):
        raise UsageError("BAD_RECIPIENT", age.MIXED_RECIPIENTS)
    return out


def export_case(ws: Workspace, actor: Actor, case_key: str, out_path: Path, *,
                recipients: list[str] | None, case_file_passphrase: str | None,
                credential_passphrase: str, progress: ProgressSink = no_progress,
                cancel: CancelToken | None = None) -> ExportResult:
    """``credential_passphrase`` opens the exporting user's credential: a PKCS#12 file's
    passphrase, or a PKCS#11 token's PIN."""
    require_role(ws, actor, *EXPORT_CASE_FILE.roles, action=EXPORT_CASE_FILE.doing)
    cancel = cancel or CancelToken()
    wrapped = _recipients(recipients, case_file_passphrase)
    out_path = Path(out_path)
    with ws.reader() as s:
        case = find_case_row(s, case_key)
        user = s.get(UserRow, _user_id(s, actor.username))
        assert user is not None
        with load_credential(ws, user, credential_passphrase) as credential:
            plan = _plan(ws, s, case, user, credential)
            signature = credential.sign(plan.manifest)
    _self_check(ws, plan.manifest, signature)
    tmp = out_path.parent / f".{out_path.name}.{secrets.token_hex(6)}.partial"
    try:
        _write(tmp, wrapped, plan, signature, progress, cancel)
        tmp.replace(out_path)
    except OSError as exc:
        raise UsageError("CANNOT_WRITE", f"cannot write {out_path}: {exc.strerror or exc}") from exc
    finally:
        tmp.unlink(missing_ok=True)
    size = out_path.stat().st_size
    with ws.uow() as s:
        # Outside the case's own chain (no case_uuid): an export changes nothing in the case,
        # and the receiving side must see the same history as this one.
        audit_chain.append(s, actor=actor.username, action="case.export", details={
            "case": plan.case_uuid, "reference": plan.reference, "file": out_path.name,
            "case_file_id": plan.case_file_id, "bytes": size, "entries": plan.entries,
            "head": plan.head, "to": ["passphrase"] if case_file_passphrase else list(recipients or [])})
    return ExportResult(out_path, plan.reference, plan.case_uuid, size, plan.entries, plan.head)


def _user_id(session: Any, username: str) -> int:
    from sqlalchemy import select

    uid = session.scalar(select(UserRow.id).where(UserRow.username == username))
    if uid is None:
        raise UsageError("NO_SUCH_USER", f"there is no user named '{username}'")
    return int(uid)


@dataclass(frozen=True)
class _Plan:
    manifest: bytes
    members: list[tuple[str, Path, int, str]]  # tar path, source, size, sha256
    case_uuid: str
    reference: str
    case_file_id: str
    entries: int
    head: str
    total: int


def _plan(ws: Workspace, s: Any, case: CaseRow, user: UserRow, credential: Credential) -> _Plan:
    store = ws.paths.cases / case.store_dir
    sub = store / "submission"
    members: list[tuple[str, Path, int, str]] = []
    for name, source in ((cf.SUBMISSION_MANIFEST, sub / "manifest.json"),
                         (cf.SUBMISSION_SIGNATURE, sub / "manifest.json.p7s")):
        try:
            data = source.read_bytes()
        except OSError as exc:
            raise ReviewerError("STORE_FILE_MISSING", f"{source} cannot be read") from exc
        members.append((name, source, len(data), hashlib.sha256(data).hexdigest()))
    for f in case.files:
        members.append((cf.SUBMISSION_FILES + f.path, sub / "files" / f.path, f.size, f.sha256))
    body = case_records.records(s, case)
    for letter in body["letters"]:
        source = store / "letters" / letter["stored_name"]
        size = source.stat().st_size if source.exists() else -1
        members.append((cf.LETTERS + letter["stored_name"], source, size, letter["sha256"]))
    audit = case_records.audit_of(s, case.uuid)
    if not audit:
        raise ReviewerError("CASE_NO_HISTORY", f"{case.reference} has no audit entries to carry")
    fingerprint = hashlib.sha256(credential.cert.public_bytes(serialization.Encoding.DER)).hexdigest()
    templates = sorted({(i["template_id"], i["template_version"]) for i in body["checklist"]})
    policy = ws.paths.policy.read_bytes() if ws.paths.policy.exists() else b""
    case_file_id = str(uuid.uuid4())
    manifest: dict[str, Any] = {
        "format": cf.FORMAT_V1,
        "case_file_id": case_file_id,
        "exported_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "exporter": {"username": user.username, "display_name": user.display_name,
                     "title": user.title, "role": user.role,
                     "workstation": workstation_recipient(ws),
                     "certificate_sha256": fingerprint},
        **body,
        "audit": [e.to_json() for e in audit],
        # The workstation's chain head, signed with the manifest: the file witnesses the chain.
        "audit_head": current_head_object(ws),
        "versions": {"app": __version__,
                     "policy": {"sha256": hashlib.sha256(policy).hexdigest(),
                                "name": _policy_name(policy)},
                     "templates": [{"id": t, "version": v} for t, v in templates]},
        "files": [{"path": p, "size": n, "sha256": h} for p, _src, n, h in members],
    }
    return _Plan(cf.encode(manifest), members, case.uuid, case.reference, case_file_id,
                 len(audit), audit[-1].case_hash, sum(max(m[2], 0) for m in members))


def _policy_name(policy: bytes) -> str:
    import tomllib

    try:
        return str(tomllib.loads(policy.decode("utf-8")).get("name", ""))
    except (UnicodeDecodeError, tomllib.TOMLDecodeError):
        return ""


def _self_check(ws: Workspace, manifest: bytes, signature: bytes) -> None:
    """Refuse to send a file the receiving office would reject for its sender."""
    anchors = trust.load_anchors(ws.paths.trust_office)
    try:
        cms.verify_detached(manifest, signature, anchors, trust.load_crls(ws.paths.trust_crl))
    except (cms.SignatureInvalidError, cms.SignerUntrustedError) as exc:
        raise UsageError("CREDENTIAL_UNTRUSTED", "your credential does not chain to an office "
                         f"anchor of this workspace, so no office would accept it: {exc}") from None


def _write(tmp: Path, recipients: list[age.Recipient], plan: _Plan, signature: bytes,
           progress: ProgressSink, cancel: CancelToken) -> None:
    done = 0
    last = -_PROGRESS_STEP

    def tick(n: int) -> None:
        nonlocal done, last
        cancel.raise_if_cancelled()
        done += n
        if done - last >= _PROGRESS_STEP:
            last = done
            progress(ProgressEvent("export", done, plan.total, plan.reference))

    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
    with os.fdopen(os.open(tmp, flags, 0o600), "wb") as raw:
        # A multi-GB case file need not fill the page cache (formats/file_sink.py).
        writer = age.open_encrypt(cast(BinaryIO, CacheLimitedWriter(raw)), recipients)
        tar = CaseFileWriter(cast(BinaryIO, writer), mtime=int(datetime.now(UTC).timestamp()))
        tar.add_bytes(cf.MANIFEST_NAME, plan.manifest)
        tar.add_bytes(cf.SIGNATURE_NAME, signature)
        for path, source, size, sha in plan.members:
            cancel.raise_if_cancelled()
            tar.add_file(path, source, size, sha, tick)
        tar.close()
        writer.close()
        raw.flush()
        os.fsync(raw.fileno())
    progress(ProgressEvent("export", plan.total, plan.total, "done"))
