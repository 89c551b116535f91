"""Case file format v1 (``frontier-case/v1``): the signed case manifest and its rules.

Pure: bytes in, a checked ``CaseManifest`` out, or a ``RejectedError`` with a
``CASE_*`` code in the order ``docs/case-file-v1.md`` gives. The records of the
case (checklist items, notes, determination, letters) stay plain JSON objects
after their keys and types were checked: the merge copies them column by
column, and unknown keys are kept (forward compatibility).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from reviewer_app.domain import manifest_rules as rules
from reviewer_app.domain import strict_json
from reviewer_app.domain.audit import GENESIS_HASH, canonical_json, chain_hash
from reviewer_app.domain.casefile_schema import CaseFields, CaseManifestInvalid, check_records
from reviewer_app.errors import RejectedError

FORMAT_V1 = "frontier-case/v1"
SUPPORTED_FORMATS = frozenset({FORMAT_V1})
MANIFEST_NAME = "case-manifest.json"
SIGNATURE_NAME = "case-manifest.json.p7s"
SUBMISSION_MANIFEST = "submission/manifest.json"
SUBMISSION_SIGNATURE = "submission/manifest.json.p7s"
SUBMISSION_FILES = "submission/files/"
LETTERS = "letters/"
_UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")


@dataclass(frozen=True)
class CaseLimits:
    manifest_bytes: int = 64 * 1024 * 1024
    members: int = 100_000
    total_bytes: int = 1 << 40


@dataclass(frozen=True)
class DeclaredFile:
    path: str
    size: int
    sha256: str


@dataclass(frozen=True)
class CaseAuditEntry:
    """One entry of the case's own chain, as it travels (no workstation sequence)."""

    at: str
    actor: str
    action: str
    subject: str | None
    subject_digest: str | None
    details: dict[str, Any]
    case_prev_hash: str
    case_hash: str

    def to_json(self) -> dict[str, Any]:
        return {"at": self.at, "actor": self.actor, "action": self.action,
                "subject": self.subject, "subject_digest": self.subject_digest,
                "details": self.details, "case_prev_hash": self.case_prev_hash,
                "case_hash": self.case_hash}


@dataclass(frozen=True)
class CaseManifest:
    format: str
    case_file_id: str
    exported_at: str
    exporter: dict[str, Any]
    case: dict[str, Any]
    checklist: tuple[dict[str, Any], ...]
    notes: tuple[dict[str, Any], ...]
    determination: dict[str, Any] | None
    letters: tuple[dict[str, Any], ...]
    audit: tuple[CaseAuditEntry, ...]
    versions: dict[str, Any]
    files: tuple[DeclaredFile, ...]
    raw: dict[str, Any] = field(default_factory=dict, compare=False)

    @property
    def uuid(self) -> str:
        return str(self.case["uuid"])

    @property
    def chain(self) -> list[str]:
        return [e.case_hash for e in self.audit]

    def submission_files(self) -> dict[str, DeclaredFile]:
        """Declared submission files by their path inside the submission."""
        n = len(SUBMISSION_FILES)
        return {f.path[n:]: f for f in self.files if f.path.startswith(SUBMISSION_FILES)}


def case_entry_content(at: str, actor: str, action: str, case_uuid: str, subject: str | None,
                       details: dict[str, Any]) -> dict[str, Any]:
    """What one per-case chain hash covers (the same as ``storage.audit_chain``)."""
    return {"at": at, "actor": actor, "action": action, "case": case_uuid,
            "subject": subject, "details": details}


def case_entry_hash(prev: str, entry: CaseAuditEntry, case_uuid: str) -> str:
    return chain_hash(prev, case_entry_content(entry.at, entry.actor, entry.action, case_uuid,
                                               entry.subject, entry.details))


# --- bytes to JSON -------------------------------------------------------------


def parse_json(data: bytes) -> dict[str, Any]:
    # Case-manifest errors name no field for syntax problems (duplicate keys included).
    obj = strict_json.load(data, MANIFEST_NAME, lambda _field, msg: CaseManifestInvalid("", msg))
    if not isinstance(obj, dict):
        raise CaseManifestInvalid("", f"{MANIFEST_NAME} must hold a JSON object")
    return obj


def encode(manifest: dict[str, Any]) -> bytes:
    """The bytes the exporter signs: canonical JSON (any JSON is accepted on import)."""
    return (canonical_json(manifest) + "\n").encode("utf-8")


# --- the schema ----------------------------------------------------------------


def validate(obj: dict[str, Any], limits: CaseLimits | None = None) -> CaseManifest:
    """Format first, then the schema, then the paths (the spec's order)."""
    limits = limits or CaseLimits()
    fmt = obj.get("format")
    if not isinstance(fmt, str):
        raise CaseManifestInvalid("format", f"expected a text such as {FORMAT_V1!r}")
    if fmt not in SUPPORTED_FORMATS:
        raise RejectedError("CASE_FORMAT_UNSUPPORTED",
                            f"format {fmt!r} is not a version this importer knows ({FORMAT_V1})")
    top = CaseFields(obj, "")
    case_file_id = top.text("case_file_id", required=True)
    exported_at = top.instant("exported_at")
    exporter = top.obj_of("exporter")
    CaseFields(exporter, "exporter").text("username", required=True)
    case = top.obj_of("case")
    _check_case(case)
    records = check_records(top)
    audit = _audit(top.list_of("audit"), str(case["uuid"]))
    files = _files(top.list_of("files"), limits)
    versions = top.obj_of("versions", required=False) or {}
    manifest = CaseManifest(fmt, case_file_id, exported_at, exporter, case, records.checklist,
                            records.notes, records.determination, records.letters, audit,
                            versions, files, obj)
    _check_consistency(manifest)
    _check_paths(manifest)
    return manifest


def _check_case(case: dict[str, Any]) -> None:
    f = CaseFields(case, "case")
    uuid = f.text("uuid", required=True)
    if not _UUID.fullmatch(uuid):
        raise CaseManifestInvalid("case.uuid", f"expected a lowercase UUID, found {uuid!r}")
    for key in ("reference", "package_id", "model_name", "model_version", "organization"):
        f.text(key, required=True)
    f.sha256("manifest_sha256")
    f.choice("status", ("received", "in_review", "decided", "issued"))
    f.instant("received_at")
    f.date("window_end")
    for key in ("signer", "checks", "cui", "extra"):
        f.obj_of(key, required=False)
    f.text("linked_to")


def _audit(items: list[Any], case_uuid: str) -> tuple[CaseAuditEntry, ...]:
    out: list[CaseAuditEntry] = []
    prev = GENESIS_HASH
    if not items:
        raise CaseManifestInvalid("audit", "a case file carries at least one audit entry")
    for i, raw in enumerate(items):
        f = CaseFields(raw, f"audit[{i}]")
        subject = f.text("subject") or None
        digest = f.obj.get("subject_digest")
        if digest is not None:
            f.sha256("subject_digest")
        entry = CaseAuditEntry(f.instant("at"), f.text("actor", required=True),
                               f.text("action", required=True), subject, digest,
                               f.obj_of("details"), f.sha256("case_prev_hash"),
                               f.sha256("case_hash"))
        if entry.case_prev_hash != prev or case_entry_hash(prev, entry, case_uuid) != entry.case_hash:
            raise CaseManifestInvalid(f"audit[{i}]", "the entry breaks the case's chain of hashes")
        prev = entry.case_hash
        out.append(entry)
    return tuple(out)


def _files(items: list[Any], limits: CaseLimits) -> tuple[DeclaredFile, ...]:
    out: list[DeclaredFile] = []
    total = 0
    if len(items) > limits.members:
        raise CaseManifestInvalid("files", f"lists {len(items):,} files; the limit is "
                                  f"{limits.members:,}")
    for i, raw in enumerate(items):
        f = CaseFields(raw, f"files[{i}]")
        entry = DeclaredFile(f.text("path", required=True), f.size("size"), f.sha256("sha256"))
        total += entry.size
        out.append(entry)
    if total > limits.total_bytes:
        raise CaseManifestInvalid("files", f"add up to {total:,} bytes; the limit is "
                                  f"{limits.total_bytes:,}")
    return tuple(out)


def _check_consistency(m: CaseManifest) -> None:
    paths = [f.path for f in m.files]
    if paths[:2] != [SUBMISSION_MANIFEST, SUBMISSION_SIGNATURE]:
        raise CaseManifestInvalid("files", f"must start with {SUBMISSION_MANIFEST} and "
                                  f"{SUBMISSION_SIGNATURE}")
    if m.files[0].sha256 != m.case["manifest_sha256"]:
        raise CaseManifestInvalid("files[0].sha256", "differs from case.manifest_sha256")
    by_path = {f.path: f for f in m.files}
    for i, letter in enumerate(m.letters):
        entry = by_path.get(LETTERS + str(letter["stored_name"]))
        if entry is None or entry.sha256 != letter["sha256"]:
            raise CaseManifestInvalid(f"letters[{i}]", "is not listed in files with its sha256")
    for i, path in enumerate(paths[2:], start=2):
        if not (path.startswith(SUBMISSION_FILES) or path.startswith(LETTERS)):
            raise CaseManifestInvalid(f"files[{i}].path",
                                      f"{path!r} is neither under {SUBMISSION_FILES} nor {LETTERS}")


def _check_paths(m: CaseManifest) -> None:
    seen: dict[str, str] = {}
    for i, entry in enumerate(m.files):
        path = check_case_path(entry.path, where=f"files[{i}]")
        if path != entry.path:
            raise unsafe(entry.path, "it must be written without a leading './'", f"files[{i}]")
        key = rules.fold(path)
        if key in seen:
            raise unsafe(path, f"it collides with {seen[key]!r} (paths must differ ignoring case)",
                         f"files[{i}]")
        seen[key] = path


def unsafe(path: str, reason: str, where: str = "") -> RejectedError:
    place = f"{where} " if where else ""
    return RejectedError("CASE_UNSAFE_PATH", f"{place}path {path!r} is unsafe: {reason}")


def check_case_path(path: str, *, where: str = "") -> str:
    """The package format's path rules, reported as ``CASE_UNSAFE_PATH``."""
    try:
        return rules.check_path(path, where=where)
    except rules.UnsafePathError as exc:
        raise RejectedError("CASE_UNSAFE_PATH", exc.message) from None
