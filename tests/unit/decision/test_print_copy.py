"""The print copy of a letter: text kept, signature boxes written out as verified, not the record."""

from __future__ import annotations

import hashlib
import io
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import pytest
from pyhanko.pdf_utils.reader import PdfFileReader

from reviewer_app.errors import RejectedError
from reviewer_app.services.decision.printing import print_copy
from reviewer_app.services.workspace.folder import Workspace
from tests.support.cases import (
    Office,
)
from tests.support.issued_letter import issue_letter
from tests.support.poppler import all_embedded, pdftotext

REF = "FMR-2026-0001"
PRINTED = datetime(2026, 12, 6, 9, 30, tzinfo=UTC)


@dataclass
class Issued:
    ws: Workspace
    office: Office
    draft: bytes
    signed: bytes
    countersigned: bytes


@pytest.fixture(scope="module")
def issued(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Issued]:
    made = issue_letter(tmp_path_factory.mktemp("print"))
    yield Issued(made.ws, made.office, made.draft, made.signed.read_bytes(),
                 made.countersigned.read_bytes())
    made.ws.close()


def signers_of(pdf: bytes) -> list[tuple[str, str, str, datetime]]:
    """Each signature's (name, certificate SHA-256, serial, signing time), read with pyHanko."""
    out = []
    for sig in PdfFileReader(io.BytesIO(pdf), strict=False).embedded_signatures:
        cert = sig.signer_cert
        out.append((cert.subject.native["common_name"], hashlib.sha256(cert.dump()).hexdigest(),
                    format(cert.serial_number, "X"), sig.self_reported_timestamp))
    return out


def printed(tmp_path: Path, ws: Workspace, pdf: bytes) -> tuple[Path, str]:
    out = tmp_path / "copy.pdf"
    out.write_bytes(print_copy(ws, pdf, printed_by="rita", now=PRINTED))
    return out, pdftotext(out)


def pages(pdf: Path) -> int:
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True)
    return int(next(line.split()[-1] for line in info.stdout.splitlines()
                    if line.startswith("Pages:")))


def test_copy_of_an_issued_letter_shows_both_signatures(issued: Issued, tmp_path: Path) -> None:
    copy, words = printed(tmp_path, issued.ws, issued.countersigned)
    letter = tmp_path / "letter.pdf"
    letter.write_bytes(issued.countersigned)
    # The letter's own text is there, page for page.
    assert pages(copy) == pages(letter)
    for line in pdftotext(letter).splitlines():
        if "Digitally signed" not in line and line.strip():
            assert line in words
    # Each box: who, when, which certificate, verified when printed.
    flat = " ".join(words.split())
    found = signers_of(issued.countersigned)
    assert [name for name, *_ in found] == ["Rita Reviewer", "Sam Supervisor"]
    for name, sha256, serial, when in found:
        assert f"Digitally signed by {name}" in flat
        assert f"Signed {when.astimezone(UTC):%Y-%m-%d %H:%M:%S} UTC" in flat
        assert f"Certificate: {name}, serial {serial}, issued by Test Review Office CA" in flat
        groups = [sha256.upper()[i:i + 4] for i in range(0, 64, 4)]
        assert " ".join(groups[:8]) in flat and " ".join(groups[8:]) in flat
    assert flat.count("Verified when printed: intact, certificate trusted by this office") == 2
    # Not the record: every page says so, and the copy carries no signature.
    footer = "Printed copy, 2026-12-06 09:30 UTC, by rita: not the record; the signed PDF is."
    assert flat.count(footer) == pages(copy)
    assert PdfFileReader(io.BytesIO(copy.read_bytes())).embedded_signatures == []
    assert all_embedded(copy)


def test_a_letter_awaiting_countersignature(issued: Issued, tmp_path: Path) -> None:
    copy, words = printed(tmp_path, issued.ws, issued.signed)
    assert "Digitally signed by Rita Reviewer" in words
    assert "Not signed" in words and "Digitally signed by Sam Supervisor" not in words
    assert all_embedded(copy)


def test_a_letter_changed_after_signing_says_so(issued: Issued, tmp_path: Path) -> None:
    tampered = issued.countersigned + b"\n% an edit after the last signature\n"
    _copy, words = printed(tmp_path, issued.ws, tampered)
    flat = " ".join(words.split())
    # The bytes after the last signature fail it (the countersignature); the first still holds.
    assert flat.count("NOT VALID when printed: the letter was changed after this signature") == 1
    assert flat.count("Verified when printed: intact") == 1


def test_a_draft_is_printed_as_unsigned(issued: Issued, tmp_path: Path) -> None:
    copy, words = printed(tmp_path, issued.ws, issued.draft)
    assert "Digitally signed" not in words
    flat = " ".join(words.split())
    assert flat.count("Printed copy of an unsigned letter, 2026-12-06 09:30 UTC, by rita: "
                      "not a record.") == pages(copy)
    assert all_embedded(copy)


def test_not_a_pdf_is_refused(issued: Issued) -> None:
    with pytest.raises(RejectedError) as caught:
        print_copy(issued.ws, b"GIF89a not a letter", printed_by="rita")
    assert caught.value.code == "PDF_INVALID"
