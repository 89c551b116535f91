"""Import a case file from another workstation (format v1, docs/case-file-v1.md).

One pass over the encrypted file: age, the tar stream, the case manifest and
its sender's signature (office anchors), the schema, then every member hashed
as it is staged; the submission is verified again as a package would be
(its developer's signature against the submitter anchors, every hash). Only
then does ``case_merge`` change the workspace, in one transaction. Any
rejection leaves the workspace as it was, but for its ``case.rejected`` entry.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO, cast

from reviewer_app.crypto import age, cms, trust
from reviewer_app.domain import casefile as cf
from reviewer_app.domain.casefile_provenance import RecordDifference
from reviewer_app.domain.manifest import Manifest, parse_json, validate
from reviewer_app.domain.merge import ItemDifference, MergeOutcome
from reviewer_app.domain.permissions import IMPORT_CASE_FILE
from reviewer_app.domain.progress import CancelToken, ProgressEvent, ProgressSink, no_progress
from reviewer_app.domain.users import Actor
from reviewer_app.errors import RejectedError, ReviewerError, UsageError
from reviewer_app.formats.casefile_reader import CHUNK, CaseFileReader
from reviewer_app.formats.private_files import make_dirs
from reviewer_app.services.access import require_role
from reviewer_app.services.audit import record_received_head
from reviewer_app.services.casefile import merge as case_merge
from reviewer_app.services.casefile import provenance as case_provenance
from reviewer_app.services.intake import remove_tree
from reviewer_app.services.workspace import Workspace, staging_folder, workstation_identity
from reviewer_app.storage import audit_chain

_PROGRESS_STEP = 4 << 20


@dataclass(frozen=True)
class CaseImportResult:
    outcome: MergeOutcome
    case_uuid: str  # where the received version lives (the linked copy when diverged)
    reference: str
    local_uuid: str | None  # diverged: the local case the copy is linked to
    differing_items: tuple[ItemDifference, ...]
    new_entries: int
    sender: str  # the signer's subject
    already_kept: bool = False
    differing_records: tuple[RecordDifference, ...] = ()
    held_back: str = ""  # why a fast-forward became a linked copy ("" when both sides changed)

    def message(self) -> str:
        if self.outcome is MergeOutcome.DIVERGED and self.held_back:
            return (f"{self.held_back}: the received version is kept beside it as "
                    f"{self.reference} ({len(self.differing_items)} items and "
                    f"{len(self.differing_records)} records differ)")
        return {
            MergeOutcome.CREATED: f"{self.reference}: created as received",
            MergeOutcome.FAST_FORWARD: f"{self.reference}: brought up to date "
                                       f"({self.new_entries} new audit entries)",
            MergeOutcome.UP_TO_DATE: f"{self.reference}: already up to date; nothing changed",
            MergeOutcome.LOCAL_AHEAD: f"{self.reference}: this workstation already has everything "
                                      "in the file and more; nothing changed",
            MergeOutcome.DIVERGED: f"both sides changed the case: the received version is kept "
                                   f"beside it as {self.reference} "
                                   f"({len(self.differing_items)} items differ)",
        }[self.outcome]


def case_file_needs_passphrase(path: Path) -> bool:
    """True when the file is encrypted to a passphrase (ask for it, not the workstation's).
    Binary or ASCII-armored alike."""
    try:
        with Path(path).open("rb") as raw:
            header = age.peek_header(raw)
    except (OSError, age.AgeError):
        return False
    return any(s.type == "scrypt" for s in header.stanzas)


def import_case(ws: Workspace, actor: Actor, path: Path, *, workstation_passphrase: str | None,
                case_file_passphrase: str | None, progress: ProgressSink = no_progress,
                cancel: CancelToken | None = None,
                identities: list[age.Identity] | None = None) -> CaseImportResult:
    """``identities``: keys already unlocked (a batch unlocks the workstation key once)."""
    require_role(ws, actor, *IMPORT_CASE_FILE.roles, action=IMPORT_CASE_FILE.doing)
    path = Path(path)
    identities = list(identities or [])
    if workstation_passphrase is not None:
        identities.append(workstation_identity(ws, workstation_passphrase))
    if case_file_passphrase:
        identities.append(age.ScryptIdentity(case_file_passphrase))
    if not identities:
        raise UsageError("NO_SECRET", "the workstation passphrase or the case file's passphrase "
                         "is needed to open a case file")
    stage = staging_folder(ws, "case")
    try:
        read = _Run(ws, path, stage, progress, cancel or CancelToken()).read(identities)
        origin = {"file": path.name, "case_file_id": read.manifest.case_file_id,
                  "exported_at": read.manifest.exported_at,
                  "exporter": read.manifest.exporter.get("username"),
                  "sender": read.sender.subject,
                  "sender_certificate_sha256": read.sender.fingerprint_sha256}
        done = case_merge.merge(ws, actor, read.manifest, read.submission, stage, origin,
                                read.provenance)
        record_received_head(ws, actor, read.manifest.raw, path.name)  # the sender's chain head
    except ReviewerError as exc:
        _record_rejection(ws, actor, path, exc)
        raise
    except OSError as exc:
        error = ReviewerError("CASE_IO", f"reading or storing {path.name} failed: "
                              f"{exc.strerror or exc}")
        _record_rejection(ws, actor, path, error)
        raise error from exc
    finally:
        remove_tree(stage)
    return CaseImportResult(done.outcome, done.case_uuid, done.reference, done.local_uuid,
                            tuple(done.differences), done.new_entries, read.sender.subject,
                            done.already_kept, tuple(done.records), done.held_back)


def _record_rejection(ws: Workspace, actor: Actor, path: Path, error: ReviewerError) -> None:
    action = "case.import_cancelled" if error.code == "CANCELLED" else "case.rejected"
    with ws.uow() as s:
        audit_chain.append(s, actor=actor.username, action=action,
                           details={"file": path.name, "code": error.code,
                                    "message": error.message})


@dataclass(frozen=True)
class _Read:
    manifest: cf.CaseManifest
    submission: Manifest
    sender: cms.SignerInfo
    provenance: case_provenance.Provenance


class _Run:
    """The one pass over the file: decrypt, read, verify, stage."""

    def __init__(self, ws: Workspace, path: Path, stage: Path, progress: ProgressSink,
                 cancel: CancelToken) -> None:
        self.ws, self.path, self.stage = ws, path, stage
        self.progress, self.cancel = progress, cancel
        self._last = -_PROGRESS_STEP
        self._submission: Manifest | None = None

    def read(self, identities: list[age.Identity]) -> _Read:
        try:
            size = self.path.stat().st_size
            raw = self.path.open("rb")
        except OSError as exc:
            raise RejectedError("CASE_NOT_AGE", f"cannot read {self.path}: {exc.strerror}") from None
        name = self.path.name
        with raw:
            try:
                reader = age.open_decrypt(raw, identities)
                return self._plaintext(reader, size)
            except age.WorkFactorTooHighError as exc:
                raise RejectedError("CASE_WORK_FACTOR_TOO_HIGH", f"{name}: {exc}") from None
            except age.KeyDerivationError as exc:
                raise ReviewerError("SCRYPT_FAILED", str(exc)) from None
            except age.NotAgeError as exc:
                raise RejectedError("CASE_NOT_AGE", f"{name} is not an age v1 encrypted file "
                                    f"({exc})") from None
            except age.NoMatchingIdentityError:
                raise RejectedError("CASE_NO_MATCHING_IDENTITY", f"{name} was not encrypted to "
                                    "this workstation's key, or the passphrase is wrong") from None
            except age.AgeCorruptError as exc:
                raise RejectedError("CASE_CORRUPT", f"{name} is damaged or truncated: {exc}") from None

    def _plaintext(self, reader: age.AgeReader, size: int) -> _Read:
        def tick(detail: str, _n: int) -> None:
            self.cancel.raise_if_cancelled()
            done = reader.bytes_consumed
            if done - self._last >= _PROGRESS_STEP:
                self._last = done
                self.progress(ProgressEvent("import", done, size, detail))

        limits = cf.CaseLimits(**(self.ws.setting("case_file_limits", {}) or {}))
        tar = CaseFileReader(cast(BinaryIO, reader), limits, tick)
        try:
            return self._read_case(reader, tar, limits, size)
        finally:
            tar.close()

    def _read_case(self, reader: age.AgeReader, tar: CaseFileReader, limits: cf.CaseLimits,
                   size: int) -> _Read:
        head = tar.read_head()
        sender = self._verify_sender(head.manifest, head.signature)
        manifest = cf.validate(cf.parse_json(head.manifest), limits)
        if manifest.exporter.get("certificate_sha256") not in (None, sender.fingerprint_sha256):
            raise RejectedError("CASE_MANIFEST_INVALID", "exporter.certificate_sha256 is not the "
                                "certificate that signed the case manifest")
        # Before any member is staged: a valid office certificate is not enough, it must
        # be the one on record here for the person the file names as its exporter.
        exporter = case_provenance.check_exporter(self.ws, manifest, sender)
        make_dirs(self.stage)
        tar.read_members(manifest, self.stage, lambda p, _t: self._after(manifest, p))
        while reader.read(CHUNK):  # the rest authenticates the last age chunk
            self.cancel.raise_if_cancelled()
        signings = case_provenance.check_letters(self.ws, manifest, self.stage)
        self.progress(ProgressEvent("import", size, size, "verified"))
        assert self._submission is not None  # read_members saw both leading members
        return _Read(manifest, self._submission, sender,
                     case_provenance.Provenance(exporter, signings))

    def _verify_sender(self, data: bytes, signature: bytes) -> cms.SignerInfo:
        anchors = trust.load_anchors(self.ws.paths.trust_office)
        try:
            return cms.verify_detached(data, signature, anchors, trust.load_crls(self.ws.paths.trust_crl))
        except cms.SignatureInvalidError as exc:
            raise RejectedError("CASE_SIGNATURE_INVALID", f"{cf.SIGNATURE_NAME} does not verify "
                                f"over {cf.MANIFEST_NAME}: {exc}") from None
        except cms.SignerUntrustedError as exc:
            raise RejectedError("CASE_SENDER_UNTRUSTED", "the sender is not trusted by this "
                                f"workstation's office anchors: {exc}") from None

    def _after(self, manifest: cf.CaseManifest, path: str) -> None:
        if path == cf.SUBMISSION_SIGNATURE:
            self._submission = verify_submission(self.ws, self.stage / "submission", manifest)


def _invalid(problem: str) -> RejectedError:
    return RejectedError("CASE_SUBMISSION_INVALID", f"the submission no longer verifies: {problem}")


def verify_submission(ws: Workspace, folder: Path, m: cf.CaseManifest) -> Manifest:
    """The developer's signature (submitter anchors, now) and the declared files, as on import."""
    data = (folder / "manifest.json").read_bytes()
    signature = (folder / "manifest.json.p7s").read_bytes()
    anchors = trust.load_anchors(ws.paths.trust_submitters)
    try:
        cms.verify_detached(data, signature, anchors, trust.load_crls(ws.paths.trust_crl))
    except (cms.SignatureInvalidError, cms.SignerUntrustedError) as exc:
        raise _invalid(f"the developer's signature: {exc}") from None
    try:
        submission = validate(parse_json(data))
    except RejectedError as exc:
        raise _invalid(f"its manifest.json: {exc.message}") from None
    if submission.package_id != m.case.get("package_id"):
        raise _invalid("its package_id is not the case's")
    if hashlib.sha256(data).hexdigest() != m.case.get("manifest_sha256"):
        raise _invalid("its manifest.json is not the one the case was opened from")
    declared = {p: (f.size, f.sha256) for p, f in m.submission_files().items()}
    signed = {f.path: (f.size, f.sha256) for f in submission.files}
    if declared != signed:
        odd = sorted(set(declared.items()) ^ set(signed.items()))
        raise _invalid(f"its files differ from what the developer signed (first: {odd[0][0]!r})")
    return submission


def result_json(result: CaseImportResult) -> dict[str, Any]:
    return {"outcome": result.outcome.value, "case": result.reference, "uuid": result.case_uuid,
            "linked_to": result.local_uuid, "new_entries": result.new_entries,
            "sender": result.sender, "already_kept": result.already_kept,
            "message": result.message(), "held_back": result.held_back or None,
            "differing_items": [d.to_json() for d in result.differing_items],
            "differing_records": [d.to_json() for d in result.differing_records]}
