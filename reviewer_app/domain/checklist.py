"""Checklists: templates, item statuses and severities, and what a case's checklist shows.

The vocabulary is DISA STIG Viewer's, which reviewers already know: four
statuses, severities high/medium/low shown as CAT I/II/III, finding details
and comments per item, and a severity override that needs a justification.
"""

from __future__ import annotations

import enum
import hashlib
import json
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any


class Status(enum.StrEnum):
    NOT_REVIEWED = "not_reviewed"
    OPEN = "open"
    NOT_A_FINDING = "not_a_finding"
    NOT_APPLICABLE = "not_applicable"

    @property
    def label(self) -> str:
        return _STATUS_LABELS[self]

    @classmethod
    def parse(cls, text: str) -> Status:
        """Accept the stored value, the label, or STIG Viewer's spelling (NotAFinding)."""
        key = text.strip().lower().replace(" ", "_").replace("-", "_")
        key = {"notafinding": "not_a_finding", "not_afinding": "not_a_finding"}.get(key, key)
        return cls(key)


_STATUS_LABELS = {
    Status.NOT_REVIEWED: "Not reviewed",
    Status.OPEN: "Open",
    Status.NOT_A_FINDING: "Not a finding",
    Status.NOT_APPLICABLE: "Not applicable",
}


class Severity(enum.StrEnum):
    """Stored as its CAT label; ``cklb`` gives the high/medium/low word."""

    CAT_I = "CAT I"
    CAT_II = "CAT II"
    CAT_III = "CAT III"

    @property
    def cklb(self) -> str:
        return _SEVERITY_WORDS[self]

    @property
    def rank(self) -> int:
        """1 for the most severe, for sorting."""
        return {Severity.CAT_I: 1, Severity.CAT_II: 2, Severity.CAT_III: 3}[self]

    @classmethod
    def parse(cls, text: str) -> Severity:
        """``CAT I``/``CAT_I``/``I``/``high`` all name the same severity."""
        key = text.strip().upper().replace("_", " ")
        if key in _BY_WORD:
            return _BY_WORD[key]
        if not key.startswith("CAT "):
            key = f"CAT {key}"
        return cls(key)


_SEVERITY_WORDS = {Severity.CAT_I: "high", Severity.CAT_II: "medium", Severity.CAT_III: "low"}
_BY_WORD = {word.upper(): sev for sev, word in _SEVERITY_WORDS.items()}


@dataclass(frozen=True)
class Item:
    id: str
    title: str
    guidance: str
    severity: Severity
    references: tuple[str, ...] = ()
    auto_check: str | None = None
    fix: str = ""


@dataclass(frozen=True)
class Section:
    id: str
    title: str
    items: tuple[Item, ...]


@dataclass(frozen=True)
class Template:
    id: str
    version: str
    title: str
    description: str
    sections: tuple[Section, ...]

    def items(self) -> list[tuple[Section, Item]]:
        return [(s, i) for s in self.sections for i in s.items]

    def item(self, item_id: str) -> Item | None:
        return next((i for _s, i in self.items() if i.id == item_id), None)


def text_hash(item: Item) -> str:
    """What a reviewer answered: title, guidance and severity. Answers carry
    forward to a new template version only while this hash is unchanged."""
    payload = json.dumps([item.title.strip(), item.guidance.strip(), item.severity.value],
                         ensure_ascii=False)
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class EvidenceLink:
    """Where the evidence for an answer lies: a package file, or one Inspect
    sample (log path + sample id + epoch) that the evidence page opens at."""

    path: str
    sample_id: str | None = None
    epoch: int | None = None
    note: str = ""

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"path": self.path}
        if self.sample_id is not None:
            out["sample_id"] = self.sample_id
        if self.epoch is not None:
            out["epoch"] = self.epoch
        if self.note:
            out["note"] = self.note
        return out

    @classmethod
    def from_json(cls, value: dict[str, Any]) -> EvidenceLink:
        epoch = value.get("epoch")
        sample = value.get("sample_id")
        return cls(path=str(value["path"]), sample_id=None if sample is None else str(sample),
                   epoch=None if epoch is None else int(epoch), note=str(value.get("note", "")))


@dataclass(frozen=True)
class Suggestion:
    """An auto-check's proposal; a person accepts it or answers otherwise."""

    status: Status
    explanation: str


@dataclass(frozen=True)
class HistoryEntry:
    at: datetime
    actor: str
    changes: dict[str, Any]  # {"field": [old, new], ...}, optional "note"


@dataclass(frozen=True)
class ItemState:
    """One item of one case's checklist, as the UI and the CLI show it."""

    item_id: str
    section: str
    title: str
    position: int
    status: Status
    severity: Severity  # the effective one (override applied)
    template_severity: Severity
    severity_override: Severity | None = None
    override_justification: str = ""
    finding_details: str = ""
    comments: str = ""
    evidence_links: tuple[EvidenceLink, ...] = ()
    suggestion: Suggestion | None = None
    guidance: str = ""
    references: tuple[str, ...] = ()
    auto_check: str | None = None
    fix: str = ""
    updated_at: datetime | None = None
    updated_by: str | None = None
    history: tuple[HistoryEntry, ...] = ()
    retired: bool = False  # removed by a template upgrade; kept for its history


@dataclass(frozen=True)
class SectionView:
    title: str
    items: tuple[ItemState, ...]


@dataclass(frozen=True)
class ChecklistProgress:
    total: int
    by_status: dict[Status, int]

    @property
    def reviewed(self) -> int:
        return self.total - self.by_status.get(Status.NOT_REVIEWED, 0)

    @property
    def share(self) -> float:
        return self.reviewed / self.total if self.total else 1.0


@dataclass(frozen=True)
class ChecklistView:
    case_uuid: str
    case_reference: str
    template_id: str
    template_version: str
    template_title: str
    sections: tuple[SectionView, ...]
    retired: tuple[ItemState, ...] = field(default_factory=tuple)

    def items(self) -> list[ItemState]:
        return [i for s in self.sections for i in s.items]

    def item(self, item_id: str) -> ItemState | None:
        return next((i for i in self.items() if i.item_id == item_id), None)

    @property
    def progress(self) -> ChecklistProgress:
        items = self.items()
        counts = {s: 0 for s in Status}
        for i in items:
            counts[i.status] += 1
        return ChecklistProgress(total=len(items), by_status=counts)
