"""Import a submission package (format v1) in one pass, all or nothing.

The encrypted file is read once: age decryption, the tar stream, the manifest's
signature, the schema, then every file hashed as it is written to a private
staging folder. Only when every check passed do the case's rows and folder
appear, together: the rows are flushed, the folder is renamed into the case
store under a pending name (``<uuid>.pending-<pid>``), the transaction
commits (the folder goes if the commit fails), then the folder takes its
final name. A process killed between the rename and the commit leaves a
pending folder that the next opening of the workspace removes; one killed
after the commit, a pending folder that the next opening names.
Any failure or cancel leaves nothing but its audit entry.
"""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from reviewer_app.crypto import age, cms, trust
from reviewer_app.domain.case import (
    Case,
    CaseStatus,
    StoredFile,
    format_reference,
    window_end,
)
from reviewer_app.domain.manifest import Manifest, parse_json, validate
from reviewer_app.domain.permissions import IMPORT_PACKAGE
from reviewer_app.domain.progress import CancelToken, ProgressEvent, ProgressSink, no_progress
from reviewer_app.domain.users import Actor
from reviewer_app.errors import RejectedError, ReviewerError, UsageError
from reviewer_app.formats.private_files import make_dirs, write_private
from reviewer_app.formats.subpkg_reader import CHUNK, Limits, PackageHead, SubmissionReader
from reviewer_app.services.access import require_role
from reviewer_app.services.cases import insert_files, to_case
from reviewer_app.services.intake.support import (
    PolicyValues,
    commit_case_folder,
    next_reference_sequence,
    pending_case_folder,
    place_case_folder,
    policy_values,
    record_rejection,
    remove_case_folder,
    remove_tree,
)
from reviewer_app.services.workspace import Workspace, staging_folder, workstation_identity
from reviewer_app.storage import audit_chain
from reviewer_app.storage.models import CaseRow

IMPORTED = "imported"
ALREADY_IMPORTED = "already-imported"
_PROGRESS_STEP = 4 << 20  # report at most every 4 MiB


@dataclass(frozen=True)
class ImportResult:
    status: str  # "imported" or "already-imported"
    case: Case


def limits_of(ws: Workspace) -> Limits:
    """The workspace's limits (setting ``limits``), else the spec's defaults."""
    configured = ws.setting("limits", {}) or {}
    defaults = Limits()
    return Limits(
        manifest_bytes=int(configured.get("manifest_bytes", defaults.manifest_bytes)),
        members=int(configured.get("members", defaults.members)),
        total_bytes=int(configured.get("total_bytes", defaults.total_bytes)),
    )


def import_package(
    ws: Workspace,
    actor: Actor,
    path: Path,
    *,
    workstation_passphrase: str | None = None,
    identity: age.Identity | None = None,
    progress: ProgressSink = no_progress,
    cancel: CancelToken | None = None,
) -> ImportResult:
    """Import ``path``; RejectedError with a PKG_* code, or the case.

    The workstation key is unlocked with ``workstation_passphrase``, or passed already
    unlocked as ``identity`` (a batch unlocks it once: scrypt takes ~1 s).
    """
    require_role(ws, actor, *IMPORT_PACKAGE.roles, action=IMPORT_PACKAGE.doing)
    cancel = cancel or CancelToken()
    stage = staging_folder(ws, "import")
    try:
        if identity is None:
            identity = workstation_identity(ws, workstation_passphrase or "")
        run = _ImportRun(ws, Path(path), stage, progress, cancel)
        manifest, manifest_sha, signer, count = run.read(identity)
        return _commit(ws, actor, Path(path), stage, manifest, manifest_sha, signer, count)
    except ReviewerError as exc:
        record_rejection(ws, actor, Path(path), exc)
        raise
    except OSError as exc:
        error = ReviewerError("IMPORT_IO", f"reading or storing {Path(path).name} failed: "
                              f"{exc.strerror or exc}")
        record_rejection(ws, actor, Path(path), error)
        raise error from exc
    finally:
        remove_tree(stage)


class _ImportRun:
    """The one pass over the file: decrypt, read, verify, stage."""

    def __init__(self, ws: Workspace, path: Path, stage: Path, progress: ProgressSink,
                 cancel: CancelToken) -> None:
        self.ws, self.path, self.stage = ws, path, stage
        self.progress, self.cancel = progress, cancel
        self._last = -_PROGRESS_STEP
        self._files = 0  # files begun so far, counted once the manifest says how many
        self._declared = 0
        self._current = ""

    def read(self, identity: age.Identity) -> tuple[Manifest, str, cms.SignerInfo, int]:
        try:
            size = self.path.stat().st_size
        except OSError as exc:
            raise UsageError("NO_SUCH_FILE", f"cannot read {self.path}: {exc.strerror}") from None
        make_dirs(self.stage)
        with self.path.open("rb") as raw:
            try:
                reader = age.open_decrypt(raw, [identity])
                return self._read_plaintext(reader, size)
            except age.WorkFactorTooHighError as exc:
                raise RejectedError("PKG_WORK_FACTOR_TOO_HIGH", f"{self.path.name}: {exc}") from None
            except age.NotAgeError as exc:
                raise RejectedError("PKG_NOT_AGE", f"{self.path.name} is not an age v1 encrypted "
                                    f"file ({exc})") from None
            except age.NoMatchingIdentityError:
                raise RejectedError("PKG_NO_MATCHING_IDENTITY",
                                    f"{self.path.name} was not encrypted to this workstation's "
                                    "key (check the recipient: reviewer-app identity)") from None
            except age.AgeCorruptError as exc:
                raise RejectedError("PKG_CORRUPT", f"{self.path.name} is damaged or truncated: "
                                    f"{exc}") from None

    def _tick_for(self, reader: age.AgeReader, size: int) -> Callable[[str], None]:
        def tick(detail: str) -> None:
            self.cancel.raise_if_cancelled()
            if self._declared and detail and detail != self._current:
                self._current = detail  # the reader ticks per chunk with the member's path
                self._files += 1
            done = reader.bytes_consumed
            if done - self._last >= _PROGRESS_STEP:
                self._last = done
                counted = f"file {self._files} of {self._declared} · " if self._files else ""
                self.progress(ProgressEvent("import", done, size, f"{counted}{detail}"))
        return tick

    def _read_plaintext(
        self, reader: age.AgeReader, size: int
    ) -> tuple[Manifest, str, cms.SignerInfo, int]:
        tick = self._tick_for(reader, size)
        package = SubmissionReader(reader, limits_of(self.ws), tick)
        try:
            return self._read_package(reader, package, tick, size)
        finally:
            package.close()

    def _read_package(self, reader: age.AgeReader, package: SubmissionReader,
                      tick: Callable[[str], None], size: int
                      ) -> tuple[Manifest, str, cms.SignerInfo, int]:
        head = package.read_head()
        signer = self._verify(head)
        submission = self.stage / "submission"
        make_dirs(submission / "files")
        write_private(submission / "manifest.json", head.manifest)
        write_private(submission / "manifest.json.p7s", head.signature)
        manifest_sha = hashlib.sha256(head.manifest).hexdigest()
        # Parse the decoded text with the bytes let go: a 16 MiB manifest then
        # never lies in memory twice beside its parsed form (import RSS goal).
        text = _as_text(head.manifest)
        del head
        tree = parse_json(text)
        del text
        manifest = validate(tree)
        del tree
        declared = {entry.path: entry for entry in manifest.files}
        self._declared = len(declared)
        count = package.read_files(declared, submission / "files")
        while reader.read(CHUNK):  # the rest authenticates the last age chunk
            tick("")
        self.progress(ProgressEvent("import", size, size, f"{count} files verified"))
        return manifest, manifest_sha, signer, count

    def _verify(self, head: PackageHead) -> cms.SignerInfo:
        anchors = trust.load_anchors(self.ws.paths.trust_submitters)
        crls = trust.load_crls(self.ws.paths.trust_crl)
        try:
            return cms.verify_detached(head.manifest, head.signature, anchors, crls)
        except cms.SignatureInvalidError as exc:
            raise RejectedError("PKG_SIGNATURE_INVALID",
                                f"manifest.json.p7s does not verify over manifest.json: {exc}") from None
        except cms.SignerUntrustedError as exc:
            raise RejectedError("PKG_SIGNER_UNTRUSTED", f"the manifest's signer is not trusted: "
                                f"{exc}") from None


def _as_text(data: bytes) -> str | bytes:
    """The manifest as text; bytes that are not UTF-8 stay bytes (the parser names the byte)."""
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data


def _commit(ws: Workspace, actor: Actor, path: Path, stage: Path, manifest: Manifest,
            manifest_sha: str, signer: cms.SignerInfo, count: int) -> ImportResult:
    policy = policy_values(ws)
    pending: Path | None = None
    committed = False
    try:
        with ws.uow() as s:
            existing = s.scalar(select(CaseRow).where(CaseRow.package_id == manifest.package_id)
                                .order_by(CaseRow.id).limit(1))
            if existing is not None:
                return _already(s, actor, path, manifest, manifest_sha, existing)
            row = _case_row(s, manifest, manifest_sha, signer, count, policy)
            s.add(row)
            s.flush()  # the case's id, for its file rows
            insert_files(s, row.id, manifest.files)
            audit_chain.append(
                s, actor=actor.username, action="package.imported", case_uuid=row.uuid,
                subject=audit_chain.case_subject(row.uuid), subject_row=row,
                details={"package": path.name, "package_id": manifest.package_id,
                         "reference": row.reference, "manifest_sha256": manifest_sha,
                         "files": count, "signer": signer.subject,
                         "organization_match": row.checks["organization_match"]})
            pending = pending_case_folder(ws, row.store_dir)
            commit_case_folder(stage, pending)  # rows flushed; the commit follows at once
            case = replace(to_case(row), files=tuple(
                StoredFile(f.path, f.size, f.sha256, f.media_type, f.role) for f in manifest.files))
        committed = True
    finally:
        if pending is not None and not committed:
            remove_case_folder(pending)
    assert pending is not None
    place_case_folder(pending)
    return ImportResult(IMPORTED, case)


def _already(s: Session, actor: Actor, path: Path, manifest: Manifest, manifest_sha: str,
             existing: CaseRow) -> ImportResult:
    if existing.manifest_sha256 != manifest_sha:
        raise RejectedError(
            "PKG_CONFLICT", f"package_id {manifest.package_id} was already imported as case "
            f"{existing.reference} with a different manifest (SHA-256 {existing.manifest_sha256}, "
            f"this one {manifest_sha})")
    audit_chain.append(s, actor=actor.username, action="package.already_imported",
                       details={"package": path.name, "package_id": manifest.package_id,
                                "reference": existing.reference})
    return ImportResult(ALREADY_IMPORTED, to_case(existing, with_files=True))


def _case_row(s: Session, manifest: Manifest, manifest_sha: str, signer: cms.SignerInfo,
              count: int, policy: PolicyValues) -> CaseRow:
    received = datetime.now(UTC)
    case_uuid = str(uuid.uuid4())
    sequence = next_reference_sequence(s, policy.office_prefix, received.year)
    org_match = signer.organization.strip().casefold() == \
        manifest.submitter.organization.strip().casefold()
    checks: dict[str, Any] = {
        "signature": {"valid": True, "format": "CMS detached (DER)"},
        "trust": {"trusted": True, "anchor": signer.anchor, "chain": list(signer.chain)},
        "organization_match": org_match,
        "signer_organization": signer.organization,
        "manifest_organization": manifest.submitter.organization,
        "files_verified": count,
        "manifest_sha256": manifest_sha,
        "unknown_keys": manifest.unknown_keys(),
    }
    row = CaseRow(
        uuid=case_uuid, reference=format_reference(policy.office_prefix, received.year, sequence),
        package_id=manifest.package_id, manifest_sha256=manifest_sha,
        status=CaseStatus.RECEIVED.value, received_at=received,
        window_end=window_end(received, policy.review_window_days),
        model_name=manifest.model.name, model_version=manifest.model.version,
        organization=manifest.submitter.organization, store_dir=case_uuid,
        signer=signer.to_json(), checks=checks,
    )
    return row
