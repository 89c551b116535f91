"""verify-pdf says everything it sees of a letter: a countersignature made with the
reviewer's own certificate (made directly with pyHanko, as the attacker would), bytes
appended after the last %%EOF, and a whole-file rewrite by qpdf."""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from reviewer_app.domain.determination import SUPERVISOR_FIELD
from reviewer_app.pdf import signing
from reviewer_app.services.access.pdf_trust import verify_letter_bytes, verify_pdf
from reviewer_app.services.decision import letters
from reviewer_app.services.decision.determination import decide
from reviewer_app.services.workspace.folder import Workspace
from tests.support.cases import CREDENTIAL_PASSPHRASE, make_case, make_office, new_workspace

REF = "FMR-2026-0001"


@dataclass
class Letters:
    ws: Workspace
    signed: bytes
    issued: bytes


@pytest.fixture(scope="module")
def made(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Letters]:
    ws = new_workspace(tmp_path_factory.mktemp("attacks") / "ws")
    office = make_office(ws)
    make_case(ws)
    decide(ws, office.reviewer, REF, "not_covered", [], "Below every threshold.")
    signed = letters.sign_letter(ws, office.reviewer, REF, CREDENTIAL_PASSPHRASE).path.read_bytes()
    issued = letters.countersign(ws, office.supervisor, REF, CREDENTIAL_PASSPHRASE)
    yield Letters(ws, signed, issued.path.read_bytes())
    ws.close()


def test_a_letter_countersigned_with_the_reviewers_own_certificate_fails(made: Letters) -> None:
    with signing.load_pkcs12_signer(made.ws.paths.user_keys / "rita.p12",
                                    CREDENTIAL_PASSPHRASE) as rita:
        forged = signing.countersign(made.signed, rita, field_name=SUPERVISOR_FIELD,
                                     reason="Countersigned")
    report = verify_letter_bytes(made.ws, forged, "forged.pdf")
    assert all(s.intact and s.trusted for s in report.signatures)  # each one alone is fine
    assert report.distinct_certificates is False and not report.ok
    assert report.state == "same_certificate"
    assert "same certificate" in report.signatures[1].problems[0]
    assert "two-person rule" in report.bottom_line


def test_an_honest_letter_has_two_certificates_and_a_signed_one_awaits_the_second(
        made: Letters) -> None:
    issued = verify_letter_bytes(made.ws, made.issued, "issued.pdf")
    assert issued.ok and issued.distinct_certificates is True
    assert not issued.awaiting_countersignature
    signed = verify_letter_bytes(made.ws, made.signed, "signed.pdf")
    assert signed.ok and signed.distinct_certificates is None and signed.awaiting_countersignature
    assert "not countersigned yet" in signed.bottom_line


@pytest.mark.parametrize("junk", [b"%% appended note\n", b"\n1 0 obj (hidden) endobj\n"])
def test_bytes_appended_after_the_last_eof_are_a_change(made: Letters, junk: bytes) -> None:
    report = verify_letter_bytes(made.ws, made.issued + junk, "appended.pdf")
    assert not report.ok and report.state == "modified"
    assert report.appended_bytes == len(junk.rstrip())
    last = report.signatures[-1]
    assert "nothing was changed" not in last.changes_after
    assert "appended" in last.changes_after and last.verdict == "modified"
    # Trailing line ends alone are not content.
    assert verify_letter_bytes(made.ws, made.issued + b"\r\n", "eol.pdf").ok


@pytest.mark.skipif(shutil.which("qpdf") is None, reason="qpdf is not installed")
def test_a_qpdf_rewrite_is_reported_modified_not_untrusted(made: Letters, tmp_path: Path) -> None:
    source, rewritten = tmp_path / "issued.pdf", tmp_path / "rewritten.pdf"
    source.write_bytes(made.issued)
    subprocess.run(["qpdf", str(source), str(rewritten)], check=True, timeout=60)
    report = verify_pdf(made.ws, rewritten)
    assert not report.ok and report.state == "modified"
    assert "modified" in report.bottom_line
    for sig in report.signatures:
        assert sig.verdict == "modified"
        assert not any("trusted office anchor" in p for p in sig.problems), sig.problems
