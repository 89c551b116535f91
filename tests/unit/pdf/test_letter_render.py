"""The letter as ReportLab draws it: parts, markings, embedded fonts, overflow."""

from __future__ import annotations

import subprocess
from pathlib import Path

from reviewer_app.domain.determination import (
    REVIEWER_FIELD,
    SUPERVISOR_FIELD,
)
from reviewer_app.pdf.letter import render_letter
from tests.support.letter_content import content


def pdf_text(tmp_path: Path, pdf: bytes) -> tuple[str, int]:
    f = tmp_path / "letter.pdf"
    f.write_bytes(pdf)
    text = subprocess.run(["pdftotext", "-layout", str(f), "-"], capture_output=True, text=True,
                          check=True).stdout
    info = subprocess.run(["pdfinfo", str(f)], capture_output=True, text=True, check=True).stdout
    pages = int(next(line.split()[-1] for line in info.splitlines() if line.startswith("Pages:")))
    return text, pages


def test_letter_has_every_part_in_order(tmp_path: Path) -> None:
    rendered = render_letter(content())
    text, pages = pdf_text(tmp_path, rendered.pdf)
    order = ["Office of Frontier Model Review", "FMR-2026-0042", "Attn: Jordan Lee",
             "RE: Determination on Example-7", "November 2, 2026", "Findings", "[CAT I] CY-01",
             "Determination", "subject to conditions", "Conditions", "Condition text 2",
             "Rationale", "Review of this determination", "Point of contact", "Reviewer",
             "Annex A. Checklist summary", "Annex B. Benchmark evidence",
             "Scores against thresholds"]
    at = 0
    for part in order:  # each part is found after the one before it
        found = text.find(part, at)
        assert found >= 0, f"{part!r} missing or out of order"
        at = found + len(part)
    assert "Controlled by: Department X" in text and "NOFORN" in text
    assert "at or over threshold" in text  # the chart's legend reads without colour
    # A CUI banner at the top and bottom of every page, and "Page x of y".
    for page in range(1, pages + 1):
        assert f"Page {page} of {pages}" in text
    banners = [line.strip() for line in text.splitlines() if line.strip() == "CUI"]
    assert len(banners) == 2 * pages
    assert "DEMO" not in text
    assert {f.name for f in rendered.fields} == {REVIEWER_FIELD, SUPERVISOR_FIELD}


def test_demo_letters_say_so_on_every_page(tmp_path: Path) -> None:
    text, pages = pdf_text(tmp_path, render_letter(content(demo=True)).pdf)
    assert text.count("DEMO — NOT A REAL DETERMINATION") >= pages


def test_fonts_are_embedded(tmp_path: Path) -> None:
    f = tmp_path / "l.pdf"
    f.write_bytes(render_letter(content()).pdf)
    out = subprocess.run(["pdffonts", str(f)], capture_output=True, text=True, check=True).stdout
    rows = out.splitlines()[2:]
    assert rows and all("DejaVu" in r for r in rows), out
    assert all(r.split()[-5] == "yes" for r in rows), out  # the "emb" column


def test_long_content_flows_over_pages_and_nothing_is_cut(tmp_path: Path) -> None:
    long_org = "The Extraordinarily Long-Named Frontier Artificial Intelligence Laboratory " * 4
    rendered = render_letter(content(conditions=40, items=500, evidence=70, organization=long_org))
    text, pages = pdf_text(tmp_path, rendered.pdf)
    assert pages > 5
    assert "Condition text 40" in text
    assert "IT-0500" in text and "Item title 500" in text
    assert "Bench-70" in text
    assert f"Page {pages} of {pages}" in text
    assert "Laboratory" in text
