"""The attacks on letters through ``main([...])``, as an administrator or insider would run them:
re-binding the reviewer's credential, a same-certificate countersignature, a revoked
supervisor after ``trust add`` of a CRL, appended bytes and a qpdf rewrite."""

from __future__ import annotations

import json
import shutil
import subprocess
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.serialization import pkcs12

from reviewer_app.__main__ import main
from reviewer_app.domain.determination import SUPERVISOR_FIELD
from reviewer_app.domain.users import SYSTEM, Role
from reviewer_app.pdf import signing
from reviewer_app.services.access.users import create_user
from tests.support.cases import CREDENTIAL_PASSPHRASE, make_case, make_office, new_workspace
from tests.support.pki import CertSpec, make_crl, make_leaf, to_pkcs12

REF = "FMR-2026-0001"


@pytest.fixture
def ws_root(tmp_path: Path) -> Iterator[Path]:
    ws = new_workspace(tmp_path / "ws")
    office = make_office(ws)
    with ws.uow() as s:
        create_user(s, actor=SYSTEM, username="ada", role=Role.ADMINISTRATOR, password="pw-ada")
    make_case(ws)
    make_case(ws, reference="FMR-2026-0002")
    _key, sam, _chain = pkcs12.load_key_and_certificates(
        (ws.paths.user_keys / "sam.p12").read_bytes(), CREDENTIAL_PASSPHRASE.encode())
    assert sam is not None
    hour_ago = datetime.now(UTC) - timedelta(hours=1)
    (tmp_path / "sam-revoked.crl").write_bytes(make_crl(office.ca, [sam.serial_number],
                                                        revoked_at=hour_ago))
    victor = make_leaf(CertSpec("Victor Supervisor", organization="Test Review Office"), office.ca)
    (tmp_path / "victor.p12").write_bytes(to_pkcs12(victor, [office.ca.cert],
                                                    CREDENTIAL_PASSPHRASE.encode()))
    ws.close()
    for name in ("rita", "sam", "sue", "ada"):
        (tmp_path / f"pw-{name}").write_text(f"pw-{name}")
    (tmp_path / "cred").write_text(CREDENTIAL_PASSPHRASE)
    (tmp_path / "rationale.txt").write_text("Below every threshold.\n")
    yield tmp_path / "ws"


def run(root: Path, user: str, *args: str) -> int:
    secrets = root.parent
    return main(["--workspace", str(root), "--user", user, "--password-file",
                 str(secrets / f"pw-{user}"), *args])


def _signed(root: Path, ref: str = REF) -> Path:
    tmp = root.parent
    assert run(root, "rita", "decide", ref, "--outcome", "not_covered", "--rationale-file",
               str(tmp / "rationale.txt")) == 0
    out = tmp / f"{ref}-signed.pdf"
    assert run(root, "rita", "letter", ref, "-o", str(out), "--credential-passphrase-file",
               str(tmp / "cred")) == 0
    return out


def test_an_administrator_cannot_bind_the_reviewers_credential_twice(
        ws_root: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    rita_p12 = ws_root / "keys" / "users" / "rita.p12"
    cred = ["--credential-passphrase-file", str(tmp_path / "cred")]
    assert run(ws_root, "ada", "users", "add", "mallory", "--role", "supervisor",
               "--credential", str(rita_p12), "--new-password-file", str(tmp_path / "pw-ada"),
               *cred) == 5
    assert "CREDENTIAL_BOUND" in capsys.readouterr().err
    assert run(ws_root, "ada", "users", "credential", "sue", str(rita_p12), *cred) == 5
    assert "CREDENTIAL_BOUND" in capsys.readouterr().err
    assert run(ws_root, "ada", "users", "list", "--json") == 0
    listed = {u["username"]: u for u in json.loads(capsys.readouterr().out)}
    assert "mallory" not in listed
    assert listed["sue"]["certificate_sha256"] != listed["rita"]["certificate_sha256"]
    assert run(ws_root, "ada", "audit", "list", "--json") == 0
    refused = [e for e in json.loads(capsys.readouterr().out) if e["action"] == "refused"]
    assert [e["details"]["code"] for e in refused] == ["CREDENTIAL_BOUND"] * 2
    assert run(ws_root, "ada", "audit", "verify") == 0


def test_an_administrator_binds_a_persons_own_credential(
        ws_root: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    cred = ["--credential-passphrase-file", str(tmp_path / "cred")]
    (tmp_path / "pw-victor").write_text("pw-victor")
    assert run(ws_root, "ada", "users", "add", "victor", "--role", "supervisor",
               "--credential", str(tmp_path / "victor.p12"), "--new-password-file",
               str(tmp_path / "pw-victor"), *cred) == 0
    assert run(ws_root, "ada", "users", "credential", "victor", str(tmp_path / "victor.p12"),
               *cred) == 0  # binding one's own certificate again is no conflict
    capsys.readouterr()
    assert run(ws_root, "ada", "users", "list", "--json") == 0
    victor = next(u for u in json.loads(capsys.readouterr().out) if u["username"] == "victor")
    assert victor["credential"] == "pkcs12" and len(victor["certificate_sha256"]) == 64
    _signed(ws_root)
    assert run(ws_root, "victor", "countersign", REF, "-o", str(tmp_path / "i.pdf"), *cred) == 0


def test_verify_pdf_exits_4_on_a_countersignature_by_the_same_certificate(
        ws_root: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    signed = _signed(ws_root)
    with signing.load_pkcs12_signer(ws_root / "keys" / "users" / "rita.p12",
                                    CREDENTIAL_PASSPHRASE) as rita:
        forged = signing.countersign(signed.read_bytes(), rita, field_name=SUPERVISOR_FIELD,
                                     reason="Countersigned")
    (tmp_path / "forged.pdf").write_bytes(forged)
    capsys.readouterr()
    assert run(ws_root, "sue", "verify-pdf", str(tmp_path / "forged.pdf")) == 4
    out = capsys.readouterr().out
    assert "BROKEN: two signatures by the same certificate" in out
    assert run(ws_root, "sue", "verify-pdf", str(tmp_path / "forged.pdf"), "--json") == 4
    report = json.loads(capsys.readouterr().out)
    assert report["distinct_certificates"] is False and report["state"] == "same_certificate"


def test_a_revoked_supervisor_is_refused_and_verify_pdf_names_the_certificate(
        ws_root: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    cred = ["--credential-passphrase-file", str(tmp_path / "cred")]
    _signed(ws_root)
    issued = tmp_path / "issued.pdf"
    assert run(ws_root, "sam", "countersign", REF, "-o", str(issued), *cred) == 0
    _signed(ws_root, "FMR-2026-0002")
    assert run(ws_root, "ada", "trust", "add", str(tmp_path / "sam-revoked.crl")) == 0
    capsys.readouterr()
    assert run(ws_root, "sam", "countersign", "FMR-2026-0002", "-o", str(tmp_path / "x.pdf"),
               *cred) == 5
    assert "CREDENTIAL_REVOKED" in capsys.readouterr().err
    assert not (tmp_path / "x.pdf").exists()
    assert run(ws_root, "sue", "verify-pdf", str(issued)) == 4
    out = capsys.readouterr().out
    assert "the certificate of Sam Supervisor was revoked on" in out
    assert "before this signature was made" in out
    assert run(ws_root, "sue", "countersign", "FMR-2026-0002", "-o", str(tmp_path / "y.pdf"),
               *cred) == 0
    assert run(ws_root, "ada", "audit", "verify") == 0


def test_appended_bytes_and_a_qpdf_rewrite_are_modified(
        ws_root: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    signed = _signed(ws_root)
    appended = tmp_path / "appended.pdf"
    appended.write_bytes(signed.read_bytes() + b"% a later note\n")
    capsys.readouterr()
    assert run(ws_root, "sue", "verify-pdf", str(appended), "--json") == 4
    report = json.loads(capsys.readouterr().out)
    assert report["state"] == "modified" and report["appended_bytes"] == len(b"% a later note")
    assert "nothing was changed" not in report["signatures"][-1]["changes_after"]
    if shutil.which("qpdf") is None:
        pytest.skip("qpdf is not installed")
    rewritten = tmp_path / "rewritten.pdf"
    subprocess.run(["qpdf", str(signed), str(rewritten)], check=True, timeout=60)
    assert run(ws_root, "sue", "verify-pdf", str(rewritten)) == 4
    out = capsys.readouterr().out
    assert "modified" in out and "does not chain" not in out
