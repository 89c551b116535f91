"""Cases: what the office holds about one imported submission."""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta


class CaseStatus(enum.StrEnum):
    RECEIVED = "received"
    IN_REVIEW = "in_review"
    DECIDED = "decided"
    ISSUED = "issued"


@dataclass(frozen=True, slots=True)  # slots: a case may hold 100,000 files
class StoredFile:
    """One file of a submission as it lies verified in the case store."""

    path: str
    size: int
    sha256: str
    media_type: str = ""
    role: str = ""


@dataclass(frozen=True)
class Case:
    """A case as services hand it out (never an ORM row)."""

    id: int
    uuid: str
    reference: str
    package_id: str
    status: CaseStatus
    received_at: datetime
    window_end: date
    model_name: str
    model_version: str
    organization: str
    manifest_sha256: str
    linked_to: str | None = None
    files: tuple[StoredFile, ...] = field(default_factory=tuple)

    def days_left(self, today: date) -> int:
        """Days until the review window ends (negative once overdue)."""
        return (self.window_end - today).days


def window_end(received_at: datetime, review_window_days: int) -> date:
    """The last day of the review window: received + the policy's window."""
    return (received_at + timedelta(days=review_window_days)).date()


def format_reference(prefix: str, year: int, sequence: int) -> str:
    """Office reference such as ``FMR-2026-0007``."""
    return f"{prefix}-{year}-{sequence:04d}"
