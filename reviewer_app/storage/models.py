"""Declarative models: the whole workspace schema.

Rows never leave ``storage``/``services``: services turn them into domain
dataclasses. Subjects named in the audit trail use stable keys (case UUIDs and
item ids), never local integer ids, so case files can carry them between
workstations.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from reviewer_app.storage.types import ISODate, JSONText, UTCDateTime


class Base(DeclarativeBase):
    pass


# Column.info key for columns added after the first schema (0001): the value the
# migration gives existing rows. Row digests leave such a column out while it holds
# that value, so rows audited before the upgrade keep their digests
# (storage/audit_chain.row_digest).
DIGEST_NEUTRAL = "digest_neutral"


class UserRow(Base):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    username: Mapped[str] = mapped_column(String(64), unique=True)
    role: Mapped[str] = mapped_column(String(20))
    display_name: Mapped[str] = mapped_column(String(200), default="")
    title: Mapped[str] = mapped_column(String(200), default="")
    password_hash: Mapped[str] = mapped_column(String(200))
    # {"kind": "pkcs12", "file": "keys/users/x.p12"} or
    # {"kind": "pkcs11", "module": ..., "token": ..., "key_label": ..., "cert_label": ...}
    credential: Mapped[Any] = mapped_column(JSONText, nullable=True)
    failed_logins: Mapped[int] = mapped_column(Integer, default=0)
    last_failed_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    active: Mapped[int] = mapped_column(Integer, default=1)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    # When the account was locked (idle lock / too many failed logins); None: not locked.
    locked_at: Mapped[datetime | None] = mapped_column(
        UTCDateTime, nullable=True, info={DIGEST_NEUTRAL: None}
    )


class CaseRow(Base):
    __tablename__ = "cases"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    uuid: Mapped[str] = mapped_column(String(36), unique=True)
    reference: Mapped[str] = mapped_column(String(40), unique=True)
    package_id: Mapped[str] = mapped_column(String(100), index=True)
    manifest_sha256: Mapped[str] = mapped_column(String(64))
    status: Mapped[str] = mapped_column(String(20))
    received_at: Mapped[datetime] = mapped_column(UTCDateTime)
    window_end: Mapped[date] = mapped_column(ISODate)
    model_name: Mapped[str] = mapped_column(String(300))
    model_version: Mapped[str] = mapped_column(String(300))
    organization: Mapped[str] = mapped_column(String(300))
    # Folder name under store/cases/ (workspace-local).
    store_dir: Mapped[str] = mapped_column(String(100))
    # Signer certificate facts and the import's checks (signature, trust, org match).
    signer: Mapped[Any] = mapped_column(JSONText, nullable=True)
    checks: Mapped[Any] = mapped_column(JSONText, nullable=True)
    # CUI marking fields: banner, controlled_by, category, dissemination, poc.
    cui: Mapped[Any] = mapped_column(JSONText, nullable=True)
    # The UUID of the case this one is a diverged copy of (case-file merge).
    linked_to: Mapped[str | None] = mapped_column(String(36), nullable=True)
    origin: Mapped[Any] = mapped_column(JSONText, nullable=True)
    extra: Mapped[Any] = mapped_column(JSONText, nullable=True)
    # Triage order in the case table: higher first; 0 is "normal" (revision 0002).
    priority: Mapped[int] = mapped_column(
        Integer, default=0, server_default="0", info={DIGEST_NEUTRAL: 0}
    )

    files: Mapped[list[CaseFileRow]] = relationship(
        back_populates="case", cascade="all, delete-orphan", order_by="CaseFileRow.path"
    )


class CaseFileRow(Base):
    __tablename__ = "case_files"
    __table_args__ = (UniqueConstraint("case_id", "path"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    path: Mapped[str] = mapped_column(String(260))
    size: Mapped[int] = mapped_column(Integer)
    sha256: Mapped[str] = mapped_column(String(64))
    media_type: Mapped[str] = mapped_column(String(100), default="")
    role: Mapped[str] = mapped_column(String(40), default="")

    case: Mapped[CaseRow] = relationship(back_populates="files")


class ChecklistItemRow(Base):
    __tablename__ = "checklist_items"
    __table_args__ = (UniqueConstraint("case_id", "item_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    item_id: Mapped[str] = mapped_column(String(100))
    template_id: Mapped[str] = mapped_column(String(100))
    template_version: Mapped[str] = mapped_column(String(40))
    text_hash: Mapped[str] = mapped_column(String(64))
    # Copied from the template so queries (CAT I items, letters) need no template.
    section: Mapped[str] = mapped_column(String(200), default="")
    title: Mapped[str] = mapped_column(Text, default="")
    severity: Mapped[str] = mapped_column(String(10), default="CAT II")  # CAT I / II / III
    position: Mapped[int] = mapped_column(Integer, default=0)
    status: Mapped[str] = mapped_column(String(20), default="not_reviewed")
    severity_override: Mapped[str | None] = mapped_column(String(10), nullable=True)
    override_justification: Mapped[str] = mapped_column(Text, default="")
    finding_details: Mapped[str] = mapped_column(Text, default="")
    comments: Mapped[str] = mapped_column(Text, default="")
    evidence_links: Mapped[Any] = mapped_column(JSONText, nullable=True)
    suggested_status: Mapped[str | None] = mapped_column(String(20), nullable=True)
    suggestion_explanation: Mapped[str] = mapped_column(Text, default="")
    updated_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    updated_by: Mapped[str | None] = mapped_column(String(64), nullable=True)

    history: Mapped[list[ChecklistHistoryRow]] = relationship(
        cascade="all, delete-orphan", order_by="ChecklistHistoryRow.id"
    )


class ChecklistHistoryRow(Base):
    __tablename__ = "checklist_history"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    item_row_id: Mapped[int] = mapped_column(
        ForeignKey("checklist_items.id", ondelete="CASCADE"), index=True
    )
    at: Mapped[datetime] = mapped_column(UTCDateTime)
    actor: Mapped[str] = mapped_column(String(64))
    # {"field": [old, new], ...} plus optional "note" (e.g. template upgrade).
    changes: Mapped[Any] = mapped_column(JSONText)


class NoteRow(Base):
    __tablename__ = "notes"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime)
    author: Mapped[str] = mapped_column(String(64))
    text: Mapped[str] = mapped_column(Text)


class DeterminationRow(Base):
    __tablename__ = "determinations"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), unique=True)
    outcome: Mapped[str] = mapped_column(String(60))
    conditions: Mapped[Any] = mapped_column(JSONText)
    rationale: Mapped[str] = mapped_column(Text)
    decided_by: Mapped[str] = mapped_column(String(64))
    decided_at: Mapped[datetime] = mapped_column(UTCDateTime)
    extra: Mapped[Any] = mapped_column(JSONText, nullable=True)


class LetterRow(Base):
    __tablename__ = "letters"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    version: Mapped[int] = mapped_column(Integer, default=1)
    state: Mapped[str] = mapped_column(String(20))  # draft, signed, countersigned, superseded
    stored_name: Mapped[str] = mapped_column(String(200))
    sha256: Mapped[str] = mapped_column(String(64))
    signed_by: Mapped[str | None] = mapped_column(String(64), nullable=True)
    signed_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    countersigned_by: Mapped[str | None] = mapped_column(String(64), nullable=True)
    countersigned_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    # domain.determination.determination_digest of what the letter renders (0003).
    determination_sha256: Mapped[str | None] = mapped_column(
        String(64), nullable=True, info={DIGEST_NEUTRAL: None}
    )


class AuditRow(Base):
    __tablename__ = "audit_log"
    __table_args__ = (Index("ix_audit_case", "case_uuid"), Index("ix_audit_subject", "subject"))

    seq: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    at: Mapped[str] = mapped_column(String(40))
    actor: Mapped[str] = mapped_column(String(64))
    action: Mapped[str] = mapped_column(String(60))
    case_uuid: Mapped[str | None] = mapped_column(String(36), nullable=True)
    subject: Mapped[str | None] = mapped_column(String(200), nullable=True)
    subject_digest: Mapped[str | None] = mapped_column(String(64), nullable=True)
    details: Mapped[str] = mapped_column(Text)  # canonical JSON, hashed as stored
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64))
    # A second chain per case, independent of this workstation's sequence, so
    # two workstations can tell whether one's case history is a prefix of the other's.
    case_prev_hash: Mapped[str | None] = mapped_column(String(64), nullable=True)
    case_hash: Mapped[str | None] = mapped_column(String(64), nullable=True)


class SettingRow(Base):
    __tablename__ = "settings"

    key: Mapped[str] = mapped_column(String(100), primary_key=True)
    value: Mapped[Any] = mapped_column(JSONText)


class RemoteUserRow(Base):
    """A person of the office who works at another workstation and has no account here.

    An administrator registers their certificate (``reviewer-app remote-users add``),
    so that case files they export, and letters they sign, are accepted here
    (docs/case-file-v1.md, section 2.1). Revision 0003.
    """

    __tablename__ = "remote_users"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    username: Mapped[str] = mapped_column(String(64), unique=True)
    role: Mapped[str] = mapped_column(String(20))
    display_name: Mapped[str] = mapped_column(String(200), default="")
    title: Mapped[str] = mapped_column(String(200), default="")
    certificate_sha256: Mapped[str] = mapped_column(String(64), unique=True)
    certificate: Mapped[str] = mapped_column(Text)  # PEM, as registered
    subject: Mapped[str] = mapped_column(String(500))
    added_by: Mapped[str] = mapped_column(String(64))
    added_at: Mapped[datetime] = mapped_column(UTCDateTime)
