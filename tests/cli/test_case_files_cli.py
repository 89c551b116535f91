"""export-case / import-case: the option contract (the full round trip is in tests/e2e)."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from reviewer_app.__main__ import main
from tests.support.tokens import PIN, needs_softhsm

Run = Callable[..., tuple[int, str, str]]


def test_export_needs_recipients_or_a_passphrase(cli: Run, tmp_path: Path) -> None:
    rc, _out, err = cli("export-case", "FMR-2026-0001", "-o", str(tmp_path / "x.case"))
    assert rc == 2 and "RECIPIENT_OR_PASSPHRASE" in err
    secret = tmp_path / "s"
    secret.write_text("case secret")
    rc, _out, err = cli("export-case", "FMR-2026-0001", "-o", str(tmp_path / "x.case"),
                        "--recipient", "age1xyz", "--case-passphrase-file", str(secret))
    assert rc == 2 and "RECIPIENT_OR_PASSPHRASE" in err


def test_an_administrator_may_not_import_case_files(cli: Run, tmp_path: Path) -> None:
    bad = tmp_path / "x.case"
    bad.write_bytes(b"not an age file at all\n")
    pp = tmp_path / "pp"
    pp.write_text("workstation pass")
    rc, _out, err = cli("--passphrase-file", str(pp), "import-case", str(bad))
    assert rc == 5 and "NOT_PERMITTED" in err


# --- a token (PKCS#11, SoftHSM2) as the exporting user's credential ---------------------


@dataclass
class TokenWorld:
    a: Path
    b: Path
    b_recipient: str
    ref: str
    subject: str
    secrets: Path


@pytest.fixture
def token_world(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[TokenWorld]:
    from cryptography.hazmat.primitives import serialization

    from reviewer_app.services.intake.package_import import import_package
    from tests.support import casefiles as F
    from tests.support import pki
    from tests.support.packages import PackageSpec, make_test_pki
    from tests.support.pki import CertSpec
    from tests.support.tokens import add_token_user, make_token, reset_library

    submitters, office = make_test_pki(), F.make_office_pki()
    leaf = pki.make_leaf(CertSpec("Tina On Token", organization="Review Office"), office.ca)
    a = F.make_workstation(tmp_path / "A", submitters, office)
    b = F.make_workstation(tmp_path / "B", submitters, office)
    token = make_token(tmp_path / "hsm", leaf, monkeypatch)
    with a.open() as ws:
        # tina's own case: a case file speaks only for its exporter (and its letters' signers).
        tina = add_token_user(ws, "tina", token, password=F.PASSWORD)
        package = PackageSpec(submitters, a.recipient).build(tmp_path / "p.subpkg")
        ref = import_package(ws, tina, package, identity=a.identity).case.reference
    secrets = tmp_path / "secrets"
    secrets.mkdir()
    (secrets / "pw").write_text(F.PASSWORD)
    (secrets / "pp").write_text(F.PASSPHRASE)
    (secrets / "pin").write_text(PIN + "\n")
    (secrets / "wrong-pin").write_text("0000\n")
    # tina works at A only: B knows her by the certificate its administrator registers.
    (secrets / "tina.pem").write_bytes(leaf.cert.public_bytes(serialization.Encoding.PEM))
    yield TokenWorld(a.root, b.root, b.recipient, ref, leaf.cert.subject.rfc4514_string(), secrets)
    reset_library()


def _as(ws: Path, user: str, secrets: Path, *args: str) -> int:
    return main(["--workspace", str(ws), "--user", user, "--password-file", str(secrets / "pw"),
                 *args])


@needs_softhsm
def test_export_signed_on_a_token_then_import(token_world: TokenWorld, tmp_path: Path,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    w = token_world
    out = tmp_path / "token.case"
    assert _as(w.a, "tina", w.secrets, "export-case", w.ref, "-o", str(out), "--recipient",
               w.b_recipient, "--credential-passphrase-file", str(w.secrets / "pin"),
               "--json") == 0
    exported = json.loads(capsys.readouterr().out)
    assert exported["case"] == w.ref and exported["file"] == str(out)
    assert _as(w.b, "rita", w.secrets, "--passphrase-file", str(w.secrets / "pp"),
               "import-case", str(out), "--json") == 3
    assert "CASE_SIGNER_MISMATCH" in capsys.readouterr().err
    assert _as(w.b, "alice", w.secrets, "remote-users", "add", "tina", "--role", "reviewer",
               "--certificate", str(w.secrets / "tina.pem")) == 0
    capsys.readouterr()
    assert _as(w.b, "rita", w.secrets, "--passphrase-file", str(w.secrets / "pp"),
               "import-case", str(out), "--json") == 0
    imported = json.loads(capsys.readouterr().out)
    assert imported["outcome"] == "created" and imported["sender"] == w.subject


@needs_softhsm
def test_token_pin_wrong_is_exit_5_and_no_file(token_world: TokenWorld, tmp_path: Path,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    w = token_world
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    rc = _as(w.a, "tina", w.secrets, "export-case", w.ref, "-o", str(out_dir / "x.case"),
             "--recipient", w.b_recipient,
             "--credential-passphrase-file", str(w.secrets / "wrong-pin"))
    err = capsys.readouterr().err
    assert rc == 5 and "WRONG_PIN" in err and "0000" not in err
    assert list(out_dir.iterdir()) == []


@needs_softhsm
def test_token_pin_is_asked_as_a_pin(token_world: TokenWorld, tmp_path: Path,
                                     monkeypatch: pytest.MonkeyPatch,
                                     capsys: pytest.CaptureFixture[str]) -> None:
    import getpass
    import io

    w = token_world
    monkeypatch.delenv("REVIEWER_APP_CREDENTIAL_PASSPHRASE", raising=False)
    rc = _as(w.a, "tina", w.secrets, "export-case", w.ref, "-o", str(tmp_path / "x.case"),
             "--recipient", w.b_recipient)
    assert rc == 2
    assert "token PIN" in capsys.readouterr().err  # no terminal: says what it needs, and how
    prompts: list[str] = []

    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    def answer(prompt: str = "") -> str:
        prompts.append(prompt)
        return PIN

    monkeypatch.setattr("sys.stdin", Terminal())
    monkeypatch.setattr(getpass, "getpass", answer)
    assert _as(w.a, "tina", w.secrets, "export-case", w.ref, "-o", str(tmp_path / "x.case"),
               "--recipient", w.b_recipient) == 0
    assert prompts == ["Token PIN: "]
