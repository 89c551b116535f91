"""The manifest of a submission package (``frontier-submission/v1``): schema and model.

``parse_json`` turns bytes into a JSON object, ``validate`` into a ``Manifest``.
Checks run in the order the format spec lists: ``format`` first (missing or not
a string: PKG_MANIFEST_INVALID; unknown: PKG_FORMAT_UNSUPPORTED), then the rest
of the schema (PKG_MANIFEST_INVALID, naming the field, e.g.
``release_plan.stages[1].start``), then the paths (PKG_UNSAFE_PATH).
Unknown keys, at any level, are kept in ``extra`` so they can be shown.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from reviewer_app.domain import manifest_rules as rules
from reviewer_app.domain import strict_json
from reviewer_app.domain.manifest_fields import Fields, ManifestInvalidError, describe
from reviewer_app.errors import RejectedError

FORMAT_V1 = "frontier-submission/v1"
SUPPORTED_FORMATS = frozenset({FORMAT_V1})
DOMAINS = ("cyber", "cbrn", "autonomy", "persuasion", "other")
EVIDENCE_FORMATS = ("inspect-eval", "lm-eval-results", "csv", "document")
REGION_POLICIES = ("allowlist", "denylist")
Extra = dict[str, Any]

__all__ = ["FORMAT_V1", "Manifest", "ManifestInvalidError", "parse_json", "validate"]


@dataclass(frozen=True)
class Submitter:
    organization: str
    contact_name: str = ""
    contact_email: str = ""
    extra: Extra = field(default_factory=dict)


@dataclass(frozen=True)
class Model:
    name: str
    version: str
    developer: str = ""
    description: str = ""
    modalities: tuple[str, ...] = ()
    training_compute_flop: float | None = None
    distribution: tuple[str, ...] = ()
    open_weights: bool | None = None
    extra: Extra = field(default_factory=dict)


@dataclass(frozen=True)
class ReleaseStage:
    name: str = ""
    start: date | None = None
    audience: str = ""
    regions: tuple[str, ...] = ()  # ISO codes, or "*" for everywhere
    description: str = ""
    extra: Extra = field(default_factory=dict)


@dataclass(frozen=True)
class ReleasePlan:
    proposed_public_release: date
    stages: tuple[ReleaseStage, ...] = ()
    extra: Extra = field(default_factory=dict)


@dataclass(frozen=True)
class AccessPlan:
    region_policy: str  # allowlist | denylist
    regions: tuple[str, ...]
    foreign_national_access: str = ""
    kyc: str = ""
    notes: str = ""
    extra: Extra = field(default_factory=dict)


@dataclass(frozen=True)
class Safeguard:
    name: str = ""
    description: str = ""
    extra: Extra = field(default_factory=dict)


@dataclass(frozen=True)
class Evaluation:
    id: str = ""
    domain: str = ""
    benchmark: str = ""
    metric: str = ""
    declared_score: float | None = None
    format: str = ""
    evidence: tuple[str, ...] = ()
    extra: Extra = field(default_factory=dict)


@dataclass(frozen=True, slots=True)  # slots: a manifest may list 100,000 of them
class FileEntry:
    path: str  # one leading "./" already removed
    sha256: str
    size: int
    media_type: str = ""
    role: str = ""
    extra: Extra = field(default_factory=dict)


@dataclass(frozen=True)
class Manifest:
    format: str
    package_id: str
    created_at: datetime
    submitter: Submitter
    model: Model
    release_plan: ReleasePlan
    access_plan: AccessPlan
    safeguards: tuple[Safeguard, ...] = ()
    evaluations: tuple[Evaluation, ...] = ()
    files: tuple[FileEntry, ...] = ()
    extra: Extra = field(default_factory=dict)

    def unknown_keys(self) -> dict[str, Extra]:
        """Every level's unknown keys by field path ("" is the top level)."""
        levels: list[tuple[str, Extra]] = [
            ("", self.extra), ("submitter", self.submitter.extra), ("model", self.model.extra),
            ("release_plan", self.release_plan.extra), ("access_plan", self.access_plan.extra),
        ]
        levels += [(f"release_plan.stages[{i}]", s.extra)
                   for i, s in enumerate(self.release_plan.stages)]
        levels += [(f"safeguards[{i}]", s.extra) for i, s in enumerate(self.safeguards)]
        levels += [(f"evaluations[{i}]", e.extra) for i, e in enumerate(self.evaluations)]
        levels += [(f"files[{i}]", f.extra) for i, f in enumerate(self.files)]
        return {path: extra for path, extra in levels if extra}


# --- bytes to JSON -----------------------------------------------------------


def parse_json(data: bytes | str) -> dict[str, Any]:
    """UTF-8 JSON (a leading byte-order mark is ignored) holding one object; ``data``
    may be the text already decoded."""
    obj = strict_json.load(data, "manifest.json", ManifestInvalidError)
    if not isinstance(obj, dict):
        raise ManifestInvalidError("", f"manifest.json must hold a JSON object, found {describe(obj)}")
    return obj


# --- the schema --------------------------------------------------------------


def validate(obj: dict[str, Any]) -> Manifest:
    """The manifest, or the first problem in the spec's order (see the module doc)."""
    fmt = obj.get("format")
    if not isinstance(fmt, str):
        raise ManifestInvalidError("format", f"expected a text such as {FORMAT_V1!r}, found {describe(fmt)}")
    if fmt not in SUPPORTED_FORMATS:
        raise RejectedError("PKG_FORMAT_UNSUPPORTED",
                            f"format {fmt!r} is not a version this importer knows ({FORMAT_V1})")
    manifest = _schema(obj)
    check_paths(manifest)
    return manifest


def _schema(obj: dict[str, Any]) -> Manifest:
    top = Fields(obj, "", ("format", "package_id", "created_at", "submitter", "model",
                           "release_plan", "access_plan", "safeguards", "evaluations", "files"))
    package_id = top.text("package_id", required=True)
    if len(package_id) > 100:
        raise ManifestInvalidError("package_id", f"is {len(package_id)} characters long (at most 100)")
    created_at = top.instant("created_at", required=True)
    submitter = _submitter(top.child("submitter", required=True))
    model = _model(top.child("model", required=True))
    release_plan = _release_plan(top.child("release_plan", required=True))
    access_plan = _access_plan(top.child("access_plan", required=True))
    safeguards = tuple(Safeguard(f.text("name"), f.text("description"), f.extra)
                       for f in top.children("safeguards", ("name", "description")))
    evaluations = tuple(_evaluation(f) for f in top.children("evaluations", _EVAL_KEYS))
    files = tuple(_file(f) for f in top.children("files", _FILE_KEYS, required=True))
    declared = {entry.path for entry in files}
    for i, evaluation in enumerate(evaluations):
        for j, path in enumerate(evaluation.evidence):
            if rules.strip_dot_slash(path) not in declared:
                raise ManifestInvalidError(f"evaluations[{i}].evidence[{j}]",
                                           f"the evidence file {path!r} is not listed in files")
    assert created_at is not None
    return Manifest(FORMAT_V1, package_id, created_at, submitter, model, release_plan,
                    access_plan, safeguards, evaluations, files, top.extra)


def _submitter(f: Fields) -> Submitter:
    return Submitter(f.text("organization", required=True), f.text("contact_name"),
                     f.text("contact_email"), f.extra_of(("organization", "contact_name",
                                                          "contact_email")))


_MODEL_KEYS = ("name", "version", "developer", "description", "modalities",
               "training_compute_flop", "distribution", "open_weights")


def _model(f: Fields) -> Model:
    flop = f.number("training_compute_flop")
    if flop is not None and flop < 0:
        raise ManifestInvalidError(f.at("training_compute_flop"), "must not be negative")
    return Model(f.text("name", required=True), f.text("version", required=True),
                 f.text("developer"), f.text("description"), f.texts("modalities"), flop,
                 f.texts("distribution"), f.boolean("open_weights"), f.extra_of(_MODEL_KEYS))


_STAGE_KEYS = ("name", "start", "audience", "regions", "description")


def _release_plan(f: Fields) -> ReleasePlan:
    proposed = f.date("proposed_public_release", required=True)
    stages = tuple(
        ReleaseStage(s.text("name"), s.date("start"), s.text("audience"),
                     s.regions("regions", allow_star=True), s.text("description"), s.extra)
        for s in f.children("stages", _STAGE_KEYS)
    )
    assert proposed is not None
    return ReleasePlan(proposed, stages, f.extra_of(("proposed_public_release", "stages")))


_ACCESS_KEYS = ("region_policy", "regions", "foreign_national_access", "kyc", "notes")


def _access_plan(f: Fields) -> AccessPlan:
    policy = f.choice("region_policy", REGION_POLICIES, required=True)
    if "regions" not in f.obj:
        raise ManifestInvalidError(f.at("regions"), "is required but missing")
    return AccessPlan(policy, f.regions("regions", allow_star=False),
                      f.text("foreign_national_access"), f.text("kyc"), f.text("notes"),
                      f.extra_of(_ACCESS_KEYS))


_EVAL_KEYS = ("id", "domain", "benchmark", "metric", "declared_score", "format", "evidence")


def _evaluation(f: Fields) -> Evaluation:
    return Evaluation(f.text("id"), f.choice("domain", DOMAINS), f.text("benchmark"),
                      f.text("metric"), f.number("declared_score"),
                      f.choice("format", EVIDENCE_FORMATS), f.texts("evidence"), f.extra)


_FILE_KEYS = ("path", "sha256", "size", "media_type", "role")


_NO_EXTRA: Extra = {}


def _file(f: Fields) -> FileEntry:
    path = f.text("path", required=True)
    sha = f.obj.get("sha256")
    if not rules.is_sha256(sha):
        raise ManifestInvalidError(f.at("sha256"),
                                   f"expected 64 lowercase hexadecimal characters, found {describe(sha)}")
    size = f.obj.get("size")
    if isinstance(size, bool) or not isinstance(size, int) or size < 0:
        raise ManifestInvalidError(f.at("size"),
                                   f"expected a whole number of bytes (0 or more), found {describe(size)}")
    # Entries without unknown keys share one empty dict (an empty dict is 64 bytes).
    return FileEntry(rules.strip_dot_slash(path), str(sha), size, f.text("media_type"),
                     f.text("role"), f.extra or _NO_EXTRA)


# --- paths -------------------------------------------------------------------


def check_paths(manifest: Manifest) -> None:
    """Every ``files[].path`` safe, unique case-insensitively, never also a folder."""
    seen: dict[str, str] = {}
    for i, entry in enumerate(manifest.files):
        path = rules.check_path(entry.path, where=f"files[{i}]")
        key = rules.fold(path)
        if key == path == entry.path:  # share: 100,000 paths would otherwise be held twice
            key = path = entry.path
        if key in seen:
            raise rules.UnsafePathError(
                path, f"it collides with {seen[key]!r} (paths must differ ignoring case)", f"files[{i}]")
        seen[key] = path
    for key, path in seen.items():
        parts = key.split("/")
        for n in range(1, len(parts)):
            prefix = "/".join(parts[:n])
            if prefix in seen:
                raise rules.UnsafePathError(
                    seen[prefix], f"it is a file and also the folder of {path!r}", "files")
