"""Typed checks of the case manifest's JSON objects (``CASE_MANIFEST_INVALID``).

Each check names the field path (``checklist[3].history[0].at``) in its
message, so a sender can find what was wrong. Values stay JSON values: the
checks only refuse what the merge could not store faithfully.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from reviewer_app.domain import manifest_rules as rules
from reviewer_app.errors import RejectedError

ITEM_STATUSES = ("not_reviewed", "open", "not_a_finding", "not_applicable")


class CaseManifestInvalid(RejectedError):
    def __init__(self, field: str, problem: str) -> None:
        super().__init__("CASE_MANIFEST_INVALID", f"{field}: {problem}" if field else problem)
        self.field = field


def _describe(value: Any) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dict | list):
        return "an object" if isinstance(value, dict) else "a list"
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


class CaseFields:
    """One JSON object at ``path`` with typed getters that raise with the field path."""

    def __init__(self, obj: Any, path: str) -> None:
        if not isinstance(obj, dict):
            raise CaseManifestInvalid(path, f"expected an object, found {_describe(obj)}")
        self.obj: dict[str, Any] = obj
        self.path = path

    def at(self, key: str) -> str:
        return f"{self.path}.{key}" if self.path else key

    def _bad(self, key: str, expected: str) -> CaseManifestInvalid:
        return CaseManifestInvalid(self.at(key), f"expected {expected}, "
                                   f"found {_describe(self.obj.get(key))}")

    def text(self, key: str, *, required: bool = False) -> str:
        value = self.obj.get(key)
        if value is None and not required:
            return ""
        if not isinstance(value, str) or (required and not value.strip()):
            raise self._bad(key, "a text" if not required else "a non-empty text")
        return value

    def optional_text(self, key: str) -> str | None:
        value = self.obj.get(key)
        if value is not None and not isinstance(value, str):
            raise self._bad(key, "a text or null")
        return value

    def instant(self, key: str, *, required: bool = True) -> str:
        value = self.obj.get(key)
        if value is None and not required:
            return ""
        if rules.parse_instant(value) is None:
            raise self._bad(key, "a date and time with an offset (RFC 3339)")
        return str(value)

    def date(self, key: str) -> str:
        value = self.obj.get(key)
        if rules.parse_date(value) is None:
            raise self._bad(key, "a date such as 2026-12-01")
        return str(value)

    def sha256(self, key: str) -> str:
        value = self.obj.get(key)
        if not rules.is_sha256(value):
            raise self._bad(key, "64 lowercase hexadecimal characters")
        return str(value)

    def size(self, key: str) -> int:
        value = self.obj.get(key)
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            raise self._bad(key, "a whole number (0 or more)")
        return value

    def choice(self, key: str, options: tuple[str, ...]) -> str:
        value = self.obj.get(key)
        if value not in options:
            raise self._bad(key, f"one of {', '.join(options)}")
        return str(value)

    def obj_of(self, key: str, *, required: bool = True) -> dict[str, Any]:
        value = self.obj.get(key)
        if value is None and not required:
            return {}
        if not isinstance(value, dict):
            raise self._bad(key, "an object" if required else "an object or null")
        return value

    def list_of(self, key: str) -> list[Any]:
        value = self.obj.get(key)
        if not isinstance(value, list):
            raise self._bad(key, "a list")
        return value


@dataclass(frozen=True)
class Records:
    checklist: tuple[dict[str, Any], ...]
    notes: tuple[dict[str, Any], ...]
    determination: dict[str, Any] | None
    letters: tuple[dict[str, Any], ...]


def check_records(top: CaseFields) -> Records:
    items = tuple(_item(CaseFields(raw, f"checklist[{i}]"))
                  for i, raw in enumerate(top.list_of("checklist")))
    ids = [i["item_id"] for i in items]
    if len(set(ids)) != len(ids):
        raise CaseManifestInvalid("checklist", "an item_id appears twice")
    notes = tuple(_note(CaseFields(raw, f"notes[{i}]")) for i, raw in enumerate(top.list_of("notes")))
    determination = None
    if top.obj.get("determination") is not None:
        determination = _determination(CaseFields(top.obj["determination"], "determination"))
    letters = tuple(_letter(CaseFields(raw, f"letters[{i}]"))
                    for i, raw in enumerate(top.list_of("letters")))
    versions = [letter["version"] for letter in letters]
    if len(set(versions)) != len(versions):
        raise CaseManifestInvalid("letters", "a letter version appears twice")
    return Records(items, notes, determination, letters)


def _item(f: CaseFields) -> dict[str, Any]:
    f.text("item_id", required=True)
    for key in ("template_id", "template_version", "text_hash", "section", "title", "severity",
                "override_justification", "finding_details", "comments",
                "suggestion_explanation"):
        f.text(key)
    if isinstance(f.obj.get("position"), bool) or not isinstance(f.obj.get("position"), int):
        raise f._bad("position", "a whole number")
    f.choice("status", ITEM_STATUSES)
    for key in ("severity_override", "suggested_status", "updated_by"):
        f.optional_text(key)
    if f.obj.get("updated_at") is not None:
        f.instant("updated_at")
    links = f.obj.get("evidence_links")
    if links is not None and not isinstance(links, list):
        raise f._bad("evidence_links", "a list or null")
    for j, raw in enumerate(f.list_of("history")):
        h = CaseFields(raw, f"{f.path}.history[{j}]")
        h.instant("at")
        h.text("actor", required=True)
        h.obj_of("changes")
    return f.obj


def _note(f: CaseFields) -> dict[str, Any]:
    f.instant("at")
    f.text("author", required=True)
    f.text("text")
    return f.obj


def _determination(f: CaseFields) -> dict[str, Any]:
    f.text("outcome", required=True)
    f.text("rationale")
    f.text("decided_by", required=True)
    f.instant("decided_at")
    f.obj_of("extra", required=False)
    return f.obj


def _letter(f: CaseFields) -> dict[str, Any]:
    version = f.obj.get("version")
    if isinstance(version, bool) or not isinstance(version, int) or version < 1:
        raise f._bad("version", "a whole number (1 or more)")
    f.text("state", required=True)
    f.text("stored_name", required=True)
    f.sha256("sha256")
    f.instant("created_at")
    for key in ("signed_by", "countersigned_by"):
        f.optional_text(key)
    for key in ("signed_at", "countersigned_at"):
        if f.obj.get(key) is not None:
            f.instant(key)
    return f.obj
