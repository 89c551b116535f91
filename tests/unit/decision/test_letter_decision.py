"""The letter is the decision: a signed letter records the digest of the determination it
renders; deciding again supersedes it; countersigning refuses a letter that no longer
renders the case's determination (re-decided, or the row edited with sqlite3)."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest

from reviewer_app.domain.determination import LETTER_DIGEST_KEY
from reviewer_app.errors import RejectedError
from reviewer_app.pdf import signing
from reviewer_app.services.access.pdf_trust import verify_pdf
from reviewer_app.services.decision import letters
from reviewer_app.services.decision.determination import decide
from reviewer_app.services.workspace.folder import Workspace
from reviewer_app.storage import audit_chain, audit_verify
from tests.support.cases import (
    CREDENTIAL_PASSPHRASE,
    Office,
    office_with_case,
)

REF = "FMR-2026-0001"


@pytest.fixture
def office_ws(tmp_path: Path) -> Iterator[tuple[Workspace, Office]]:
    with office_with_case(tmp_path / "ws") as made:
        yield made


def test_deferral_signed_then_no_objection_decided_cannot_be_countersigned(
        office_ws: tuple[Workspace, Office], tmp_path: Path) -> None:
    ws, office = office_ws
    decide(ws, office.reviewer, REF, "covered_deferral_requested", [], "Needs more evidence.")
    first = letters.sign_letter(ws, office.reviewer, REF, CREDENTIAL_PASSPHRASE)
    decide(ws, office.reviewer, REF, "covered_no_objection", [], "On reflection, fine.")
    with pytest.raises(RejectedError) as refused:
        letters.countersign(ws, office.supervisor, REF, CREDENTIAL_PASSPHRASE,
                            tmp_path / "issued.pdf")
    assert refused.value.code == "LETTER_SUPERSEDED"
    assert not (tmp_path / "issued.pdf").exists()
    (old,) = letters.list_letters(ws, REF)
    assert old.state == "superseded" and old.path.read_bytes()  # kept in the history
    with ws.reader() as s:
        assert audit_verify.verify_chain(s).ok
        found = audit_chain.entries(s)
    assert any(e.action == "letter.supersede" for e in found)
    assert any(e.action == "refused" and e.details.get("code") == "LETTER_SUPERSEDED"
               for e in found)
    # The new decision's letter is signed and countersigned; both carry its digest.
    second = letters.sign_letter(ws, office.reviewer, REF, CREDENTIAL_PASSPHRASE)
    issued = letters.countersign(ws, office.supervisor, REF, CREDENTIAL_PASSPHRASE)
    assert second.version == 2 and issued.state == "countersigned"
    assert first.determination_sha256 and issued.determination_sha256
    assert first.determination_sha256 != issued.determination_sha256
    recorded = {e.info[LETTER_DIGEST_KEY] for e in signing.embedded_signers(
        issued.path.read_bytes())}
    assert recorded == {issued.determination_sha256}
    report = verify_pdf(ws, issued.path)
    assert report.ok and {s.determination_sha256 for s in report.signatures} == recorded
    assert b"release deferral" not in issued.path.read_bytes()  # it renders "no objection"


def test_a_determination_edited_underneath_a_signed_letter_blocks_countersigning(
        office_ws: tuple[Workspace, Office]) -> None:
    ws, office = office_ws
    decide(ws, office.reviewer, REF, "covered_deferral_requested", [], "Needs more evidence.")
    letters.sign_letter(ws, office.reviewer, REF, CREDENTIAL_PASSPHRASE)
    # An insider with database tools flips the outcome; the letter row still says "signed".
    with sqlite3.connect(ws.paths.db) as db:
        db.execute("UPDATE determinations SET outcome = 'covered_no_objection'")
    with pytest.raises(RejectedError) as refused:
        letters.countersign(ws, office.supervisor, REF, CREDENTIAL_PASSPHRASE)
    assert refused.value.code == "DETERMINATION_CHANGED"
    assert letters.list_letters(ws, REF)[-1].state == "signed"
    with ws.reader() as s:
        codes = [e.details.get("code") for e in audit_chain.entries(s) if e.action == "refused"]
    assert codes == ["DETERMINATION_CHANGED"]


def test_a_letter_row_without_a_digest_cannot_be_countersigned(
        office_ws: tuple[Workspace, Office]) -> None:
    """A letter signed before letters recorded their determination (or whose digest was
    blanked with sqlite3) is not countersigned: it must be signed again."""
    ws, office = office_ws
    decide(ws, office.reviewer, REF, "not_covered", [], "Below every threshold.")
    letters.sign_letter(ws, office.reviewer, REF, CREDENTIAL_PASSPHRASE)
    with sqlite3.connect(ws.paths.db) as db:
        db.execute("UPDATE letters SET determination_sha256 = NULL")
    with pytest.raises(RejectedError) as refused:
        letters.countersign(ws, office.supervisor, REF, CREDENTIAL_PASSPHRASE)
    assert refused.value.code == "DETERMINATION_CHANGED"
