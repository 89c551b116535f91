"""decide, letter, countersign and verify-pdf through ``main([...])``: exit codes and --json."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from reviewer_app.__main__ import main
from tests.support.cases import (
    CREDENTIAL_PASSPHRASE,
    DEFAULT_ITEMS,
    make_case,
    make_office,
    new_workspace,
)

REF = "FMR-2026-0001"


@pytest.fixture
def ws_root(tmp_path: Path) -> Iterator[Path]:
    ws = new_workspace(tmp_path / "ws")
    make_office(ws)
    items = (*DEFAULT_ITEMS, ("CY-07", "Cyber", "Exploit uplift", "CAT I", "not_reviewed", ""))
    make_case(ws, items=items)
    make_case(ws, reference="FMR-2026-0002")
    ws.close()
    for name in ("rita", "sam", "sue"):
        (tmp_path / f"pw-{name}").write_text(f"pw-{name}")
    (tmp_path / "cred").write_text(CREDENTIAL_PASSPHRASE)
    (tmp_path / "rationale.txt").write_text("The cyber score is over the threshold.\n")
    yield tmp_path / "ws"


def run(root: Path, user: str, *args: str) -> int:
    secrets = root.parent
    return main(["--workspace", str(root), "--user", user, "--password-file",
                 str(secrets / f"pw-{user}"), *args])


def test_decide_sign_countersign_verify(ws_root: Path, tmp_path: Path,
                                        capsys: pytest.CaptureFixture[str]) -> None:
    cred = ["--credential-passphrase-file", str(tmp_path / "cred")]
    rationale = ["--rationale-file", str(tmp_path / "rationale.txt")]
    # CAT I not reviewed: refused, and the item is named.
    assert run(ws_root, "rita", "decide", REF, "--outcome", "not_covered", *rationale) == 3
    assert "CY-07" in capsys.readouterr().err
    ref = "FMR-2026-0002"
    assert run(ws_root, "rita", "decide", ref, "--outcome", "covered_with_conditions",
               "--condition", "staged_access@2027-02-01:Vetted partners first",
               "--condition", "reporting_duty:Report incidents in 72 hours", *rationale) == 0
    assert run(ws_root, "rita", "decide", ref, "--outcome", "nope", *rationale) == 2
    assert run(ws_root, "rita", "decide", ref, "--outcome", "not_covered",
               "--condition", "bogus:x", *rationale) == 2
    signed, issued = tmp_path / "signed.pdf", tmp_path / "issued.pdf"
    assert run(ws_root, "rita", "letter", ref, "-o", str(signed), "--credential-passphrase-file",
               str(tmp_path / "pw-rita")) == 5  # wrong credential passphrase
    assert run(ws_root, "rita", "letter", ref, "-o", str(signed), *cred) == 0
    assert run(ws_root, "rita", "countersign", ref, "-o", str(issued), *cred) == 5  # a reviewer
    capsys.readouterr()
    assert run(ws_root, "sam", "verify-pdf", str(signed), "--json") == 0
    report = json.loads(capsys.readouterr().out)
    assert report["ok"] and len(report["signatures"]) == 1
    assert run(ws_root, "sam", "countersign", ref, "-o", str(issued), *cred) == 0
    capsys.readouterr()
    assert run(ws_root, "sue", "verify-pdf", str(issued), "--json") == 0
    report = json.loads(capsys.readouterr().out)
    assert [s["signer"] for s in report["signatures"]] == ["Rita Reviewer", "Sam Supervisor"]
    assert all(s["intact"] and s["trusted"] for s in report["signatures"])
    # Tampered: exit 4. Not a PDF: exit 3.
    bad = tmp_path / "bad.pdf"
    data = issued.read_bytes()
    at = data.index(b"(Determination ")
    bad.write_bytes(data[:at + 1] + b"X" + data[at + 2:])
    assert run(ws_root, "sue", "verify-pdf", str(bad)) == 4
    assert "SIGNATURE_INVALID" in capsys.readouterr().err
    (tmp_path / "note.pdf").write_text("not a pdf")
    assert run(ws_root, "sue", "verify-pdf", str(tmp_path / "note.pdf")) == 3
    assert "PDF_INVALID" in capsys.readouterr().err
    capsys.readouterr()
    assert run(ws_root, "sue", "case", "show", ref, "--json") == 0
    shown = json.loads(capsys.readouterr().out)
    assert shown["status"] == "issued"
    if "letters" in shown:  # the sections appear once services.decision.letters is imported
        assert shown["letters"][0]["state"] == "countersigned"


def test_same_supervisor_cannot_sign_and_countersign(ws_root: Path, tmp_path: Path) -> None:
    cred = ["--credential-passphrase-file", str(tmp_path / "cred")]
    ref = "FMR-2026-0002"
    assert run(ws_root, "sam", "decide", ref, "--outcome", "not_covered", "--rationale-file",
               str(tmp_path / "rationale.txt")) == 0
    assert run(ws_root, "sam", "letter", ref, "-o", str(tmp_path / "s.pdf"), *cred) == 0
    assert run(ws_root, "sam", "countersign", ref, "-o", str(tmp_path / "i.pdf"), *cred) == 5
    assert run(ws_root, "sue", "countersign", ref, "-o", str(tmp_path / "i.pdf"), *cred) == 0


def test_the_credential_secret_never_falls_back_to_the_workstation_passphrase(
        ws_root: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    """One rule for every signing command (docs/cli.md, Secrets): letter and countersign
    read the credential's secret as export-case does, never from the workstation's sources."""
    ref = "FMR-2026-0002"
    assert run(ws_root, "rita", "decide", ref, "--outcome", "not_covered", "--rationale-file",
               str(tmp_path / "rationale.txt")) == 0
    monkeypatch.setenv("REVIEWER_APP_PASSPHRASE", CREDENTIAL_PASSPHRASE)
    capsys.readouterr()
    assert run(ws_root, "rita", "letter", ref, "-o", str(tmp_path / "a.pdf")) == 2
    assert "NO_SECRET" in capsys.readouterr().err and not (tmp_path / "a.pdf").exists()
    monkeypatch.setenv("REVIEWER_APP_CREDENTIAL_PASSPHRASE", "wrong")
    assert run(ws_root, "rita", "letter", ref, "-o", str(tmp_path / "b.pdf")) == 5
    monkeypatch.setenv("REVIEWER_APP_CREDENTIAL_PASSPHRASE", CREDENTIAL_PASSPHRASE)
    assert run(ws_root, "rita", "letter", ref, "-o", str(tmp_path / "c.pdf")) == 0
    monkeypatch.delenv("REVIEWER_APP_CREDENTIAL_PASSPHRASE")
    capsys.readouterr()
    assert run(ws_root, "sam", "countersign", ref, "-o", str(tmp_path / "d.pdf")) == 2
    assert "NO_SECRET" in capsys.readouterr().err
