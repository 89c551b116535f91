"""The signature stamp's font is embedded: pdffonts on signed and countersigned letters."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fontTools.ttLib import TTFont

from reviewer_app.domain.determination import REVIEWER_FIELD
from reviewer_app.pdf import signing, stamp
from reviewer_app.pdf.letter import render_letter
from reviewer_app.pdf.verify import verify_pdf_bytes
from reviewer_app.resources import resource_path
from reviewer_app.services.access.pdf_trust import verify_pdf
from tests.support.issued_letter import IssuedLetter, issue_letter
from tests.support.letter_content import content
from tests.support.nss import pdfsig
from tests.support.pki import CertSpec, make_ca, make_leaf
from tests.support.poppler import pdffonts as fonts
from tests.support.poppler import pdftotext as text

REF = "FMR-2026-0001"


@pytest.fixture(scope="module")
def issued(tmp_path_factory: pytest.TempPathFactory) -> Iterator[IssuedLetter]:
    made = issue_letter(tmp_path_factory.mktemp("stamp"))
    yield made
    made.ws.close()


@pytest.mark.parametrize("which", ["signed", "countersigned"])
def test_every_font_of_a_signed_letter_is_embedded(issued: IssuedLetter, which: str) -> None:
    pdf = getattr(issued, which)
    rows = fonts(pdf)
    assert rows and all(emb == "yes" for _name, _type, emb in rows), rows
    assert not any("Courier" in name for name, _type, _emb in rows)
    # The stamps: one embedded subset per signature, besides the letter's own fonts.
    stamps = [name for name, kind, _emb in rows if kind == "CID TrueType"]
    assert len(stamps) == (1 if which == "signed" else 2), rows
    assert all(name.endswith("+DejaVuSans-Identity-H") for name in stamps)


def test_stamps_say_who_signed_and_validate(issued: IssuedLetter) -> None:
    words = text(issued.countersigned)
    assert words.count("Digitally signed by") == 2
    assert "Rita Reviewer" in words and "Sam Supervisor" in words
    for pdf, count in ((issued.signed, 1), (issued.countersigned, 2)):
        report = verify_pdf(issued.ws, pdf)
        assert report.ok and len(report.signatures) == count, report
        checks = pdfsig(pdf, issued.nss)
        assert len(checks) == count and all(c.valid and c.trusted for c in checks), checks


def test_a_name_outside_the_stamp_font_gets_the_whole_font(tmp_path: Path) -> None:
    name = "Արամ Պետրոսյան"  # Armenian: in DejaVu Sans, not in the stamp font
    assert not stamp.covered(name) and stamp.covered("Zoë Łukasz-Ørsted Д")
    ca = make_ca(CertSpec("Font Test CA"))
    leaf = make_leaf(CertSpec(name), ca)
    signer = signing.signer_from_key(leaf.key, leaf.cert, [ca.cert])
    signed = signing.certify_letter(render_letter(content()), signer, field_name=REVIEWER_FIELD,
                                    reason="test")
    pdf = tmp_path / "armenian.pdf"
    pdf.write_bytes(signed)
    rows = fonts(pdf)
    assert all(emb == "yes" for _name, _type, emb in rows), rows
    assert name in text(pdf)
    (check,) = verify_pdf_bytes(signed, roots=[ca.cert_pem()]).signatures
    assert check.ok and check.signer == name


def test_the_stamp_font_keeps_every_glyph_of_its_ranges() -> None:
    with TTFont(resource_path("fonts", stamp.FULL_FONT)) as full_font:
        full = full_font.getBestCmap()
    with TTFont(resource_path("fonts", stamp.STAMP_FONT)) as cut:
        wanted = {cp for lo, hi in stamp.STAMP_RANGES for cp in range(lo, hi + 1) if cp in full}
        assert wanted and wanted <= set(cut.getBestCmap())
        # What makes it fast to subset at every signature: no layout tables, few glyphs.
        assert not {"GSUB", "GPOS", "GDEF", "kern"} & set(cut.keys())
        assert len(cut.getGlyphOrder()) < 2000
