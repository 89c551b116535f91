"""Signed letters: certify, countersign, validate with pyHanko AND pdfsig; tamper; two-person rule."""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path

import pytest
from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter

from reviewer_app.errors import NotPermittedError, RejectedError
from reviewer_app.services.access.pdf_trust import verify_pdf
from reviewer_app.services.cases.reading import get_case
from reviewer_app.services.decision import letters
from reviewer_app.services.decision.determination import decide
from reviewer_app.storage import audit_chain, audit_verify
from tests.support.cases import (
    CREDENTIAL_PASSPHRASE,
    make_case,
    make_office,
    new_workspace,
)
from tests.support.issued_letter import IssuedLetter, issue_letter
from tests.support.nss import pdfsig

REF = "FMR-2026-0001"


@pytest.fixture(scope="module")
def issued(tmp_path_factory: pytest.TempPathFactory) -> Iterator[IssuedLetter]:
    made = issue_letter(tmp_path_factory.mktemp("letters"))
    yield made
    made.ws.close()


def pdfsig_ok(pdf: Path, nss: Path) -> bool:
    """pdfsig's verdict: every signature valid and trusted, and one covers the whole file."""
    sigs = pdfsig(pdf, nss)
    return bool(sigs) and all(s.valid and s.trusted for s in sigs) and any(s.total for s in sigs)


def test_signed_letter_validates_with_pyhanko_and_pdfsig(issued: IssuedLetter) -> None:
    report = verify_pdf(issued.ws, issued.signed)
    assert report.ok, report
    (only,) = report.signatures
    assert only.certification and only.signer == "Rita Reviewer" and only.coverage == "ENTIRE_FILE"
    assert pdfsig_ok(issued.signed, issued.nss)


def test_countersigned_letter_has_two_valid_signatures(issued: IssuedLetter) -> None:
    report = verify_pdf(issued.ws, issued.countersigned)
    assert report.ok, report
    first, second = report.signatures
    assert first.certification and not second.certification
    assert first.signer == "Rita Reviewer" and second.signer == "Sam Supervisor"
    assert first.coverage == "ENTIRE_REVISION" and "filled in fields" in first.changes_after
    assert second.coverage == "ENTIRE_FILE"
    sigs = pdfsig(issued.countersigned, issued.nss)
    assert {s.signer for s in sigs} == {"Rita Reviewer", "Sam Supervisor"}
    assert pdfsig_ok(issued.countersigned, issued.nss)
    info = letters.list_letters(issued.ws, REF)[-1]
    assert info.state == "countersigned" and info.countersigned_by == "sam"
    assert get_case(issued.ws, REF).status.value == "issued"
    with issued.ws.reader() as s:
        assert audit_verify.verify_chain(s).ok
        actions = [e.action for e in audit_chain.entries(s)]
    assert "letter.sign" in actions and "letter.countersign" in actions


def _tamper_text(data: bytes) -> bytes:
    at = data.index(b"(Determination FMR-2026-0001)")
    return data[:at + 1] + b"X" + data[at + 2:]


def _tamper_signature(data: bytes) -> bytes:
    """Flip a hex digit in the signature value (the last bytes of the CMS before the padding)."""
    start = data.rindex(b"/Contents <") + len(b"/Contents <")
    end = data.index(b">", start)
    cms_end = start + len(data[start:end].rstrip(b"0"))
    at = cms_end - 20
    flipped = b"0" if data[at:at + 1] != b"0" else b"1"
    return data[:at] + flipped + data[at + 1:]


def _append_update(data: bytes) -> bytes:
    writer = IncrementalPdfFileWriter(io.BytesIO(data))
    page = writer.root["/Pages"]["/Kids"][0].get_object()
    forged = generic.StreamObject(stream_data=b"BT /F1 30 Tf 72 400 Td (FORGED) Tj ET")
    page["/Contents"] = writer.add_object(forged)
    writer.update_container(page)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


@pytest.mark.parametrize("which", ["signed", "countersigned"])
@pytest.mark.parametrize("tamper", [_tamper_text, _tamper_signature, _append_update],
                         ids=["text-byte", "signature-byte", "appended-update"])
def test_tampered_letters_fail_both_validators(issued: IssuedLetter, tmp_path: Path, which: str,
                                               tamper: object) -> None:
    source = issued.signed if which == "signed" else issued.countersigned
    bad = tmp_path / "tampered.pdf"
    bad.write_bytes(tamper(source.read_bytes()))  # type: ignore[operator]
    report = verify_pdf(issued.ws, bad)
    assert not report.ok
    assert not pdfsig_ok(bad, issued.nss)


def test_untrusted_signer_is_reported(issued: IssuedLetter, tmp_path: Path) -> None:
    other = new_workspace(tmp_path / "other")
    try:
        make_office(other)  # a different office CA: our letter is not trusted there
        report = verify_pdf(other, issued.countersigned)
        assert not report.ok
        assert all(s.intact and not s.trusted for s in report.signatures)
    finally:
        other.close()


def test_two_person_rule(tmp_path: Path) -> None:
    ws = new_workspace(tmp_path / "ws")
    try:
        office = make_office(ws)
        make_case(ws)
        decide(ws, office.supervisor, REF, "not_covered", [], "Below every threshold.")
        with pytest.raises(RejectedError) as err:
            letters.countersign(ws, office.supervisor, REF, CREDENTIAL_PASSPHRASE)
        assert err.value.code == "NO_SIGNED_LETTER"
        letters.sign_letter(ws, office.supervisor, REF, CREDENTIAL_PASSPHRASE)
        with pytest.raises(NotPermittedError) as same:  # the signer may not countersign
            letters.countersign(ws, office.supervisor, REF, CREDENTIAL_PASSPHRASE)
        assert same.value.code == "TWO_PERSON_RULE" and same.value.exit_code == 5
        with pytest.raises(NotPermittedError):  # a reviewer may not countersign
            letters.countersign(ws, office.reviewer, REF, CREDENTIAL_PASSPHRASE)
        with pytest.raises(NotPermittedError) as wrong:
            letters.countersign(ws, office.supervisor2, REF, "not the passphrase")
        assert wrong.value.code == "WRONG_PASSPHRASE"
        info = letters.countersign(ws, office.supervisor2, REF, CREDENTIAL_PASSPHRASE)
        assert info.state == "countersigned" and info.countersigned_by == "sue"
        with pytest.raises(RejectedError):
            letters.countersign(ws, office.supervisor2, REF, CREDENTIAL_PASSPHRASE)
        with ws.reader() as s:
            assert audit_verify.verify_chain(s).ok
            refused = [e for e in audit_chain.entries(s) if e.action == "refused"]
        assert len(refused) == 2
    finally:
        ws.close()


def test_letter_needs_a_decision_and_a_right_passphrase(tmp_path: Path) -> None:
    ws = new_workspace(tmp_path / "ws")
    try:
        office = make_office(ws)
        make_case(ws)
        with pytest.raises(RejectedError) as err:
            letters.sign_letter(ws, office.reviewer, REF, CREDENTIAL_PASSPHRASE)
        assert err.value.code == "NOT_DECIDED"
        decide(ws, office.reviewer, REF, "not_covered", [], "Below every threshold.")
        with pytest.raises(NotPermittedError) as wrong:
            letters.sign_letter(ws, office.reviewer, REF, "wrong")
        assert wrong.value.code == "WRONG_PASSPHRASE"
        assert letters.list_letters(ws, REF) == []
        draft = letters.render_draft(ws, REF)
        assert draft.startswith(b"%PDF-")
    finally:
        ws.close()


def test_stored_letter_changed_before_countersigning(tmp_path: Path) -> None:
    from reviewer_app.errors import IntegrityError

    ws = new_workspace(tmp_path / "ws")
    try:
        office = make_office(ws)
        make_case(ws)
        decide(ws, office.reviewer, REF, "not_covered", [], "Below every threshold.")
        info = letters.sign_letter(ws, office.reviewer, REF, CREDENTIAL_PASSPHRASE)
        info.path.write_bytes(_tamper_text(info.path.read_bytes()))
        with pytest.raises(IntegrityError):
            letters.countersign(ws, office.supervisor, REF, CREDENTIAL_PASSPHRASE)
    finally:
        ws.close()
