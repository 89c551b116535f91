"""verify-pdf on other people's files: real signed PDFs (pyHanko's test corpus) and
malformed ones must be reported (untrusted or invalid) or rejected, never crash."""

from __future__ import annotations

from pathlib import Path

import pytest

from reviewer_app.errors import RejectedError
from reviewer_app.pdf.verify import verify_pdf_bytes

DATA = Path(__file__).resolve().parents[2] / "data" / "pdf"
SIGNED = sorted((DATA / "signed").glob("*.pdf"))
MALFORMED = sorted((DATA / "malformed").glob("*.pdf"))
OWN_ROOTS = [(DATA / "pki" / "testing-ca_root_root.cert.pem").read_bytes()]


def office_root() -> bytes:
    from tests.support.pki import CertSpec, make_ca

    return make_ca(CertSpec("Unrelated Office CA")).cert_pem()


@pytest.mark.parametrize("path", SIGNED, ids=lambda p: p.name)
def test_foreign_signed_pdfs_are_reported_untrusted_or_invalid(path: Path) -> None:
    report = verify_pdf_bytes(path.read_bytes(), roots=[office_root()], name=path.name)
    assert report.signatures, "every file here carries at least one signature"
    assert not report.ok
    for sig in report.signatures:
        assert not sig.ok and sig.problems


def test_pyhanko_testing_ca_files_validate_against_their_own_root() -> None:
    good = DATA / "signed" / "minimal-two-fields-signed-twice.pdf"
    report = verify_pdf_bytes(good.read_bytes(), roots=OWN_ROOTS, name=good.name)
    assert all(s.intact and s.valid for s in report.signatures)
    econtent = DATA / "signed" / "pdf-sig-with-econtent.pdf"
    broken = verify_pdf_bytes(econtent.read_bytes(), roots=OWN_ROOTS, name=econtent.name)
    assert not broken.ok and "SignatureValidationError" in broken.signatures[0].problems[0]


@pytest.mark.parametrize("path", MALFORMED, ids=lambda p: p.name)
def test_malformed_pdfs_are_rejected_or_reported(path: Path) -> None:
    try:
        report = verify_pdf_bytes(path.read_bytes(), roots=[office_root()], name=path.name)
    except RejectedError as exc:
        assert exc.code == "PDF_INVALID" and exc.exit_code == 3
    else:
        assert not report.ok and report.bottom_line == "The file holds no signatures."


@pytest.mark.parametrize("data", [b"", b"hello, not a pdf", b"\x89PNG\r\n\x1a\n" + b"0" * 50,
                                  b"%PDF-1.7\n" + b"\x00" * 100])
def test_not_a_pdf_is_rejected(data: bytes) -> None:
    with pytest.raises(RejectedError) as err:
        verify_pdf_bytes(data, roots=[office_root()])
    assert err.value.code == "PDF_INVALID"
