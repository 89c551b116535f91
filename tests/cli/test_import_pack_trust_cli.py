"""``trust add/list``, ``import --json`` and ``pack`` through the command line."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.cli.conftest import PASSPHRASE
from tests.support.import_fixtures import test_pki
from tests.support.packages import DEFAULT_FILES, PackageSpec, SubmitterPki, good_manifest

__all__ = ["test_pki"]


@pytest.fixture
def trusted(cli, tmp_path: Path, test_pki: SubmitterPki, monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    """The workspace trusts the test PKI; returns its recipient."""
    monkeypatch.setenv("REVIEWER_APP_PASSPHRASE", PASSPHRASE)
    (tmp_path / "ca.pem").write_bytes(test_pki.ca.cert_pem())
    rc, out, err = cli("trust", "add", str(tmp_path / "ca.pem"))
    assert rc == 0, err
    assert "Test Submitter Root CA" in out
    rc, out, _ = cli("identity")
    return out.strip()


def test_trust_list_shows_both_kinds_and_crls(cli, trusted: str, tmp_path: Path,  # type: ignore[no-untyped-def]
                                              test_pki: SubmitterPki) -> None:
    from tests.support import pki

    (tmp_path / "office.pem").write_bytes(test_pki.other_ca.cert_pem())
    (tmp_path / "x.crl").write_bytes(pki.make_crl(test_pki.intermediate, [1]))
    assert cli("trust", "add", "--office", str(tmp_path / "office.pem"))[0] == 0
    assert cli("trust", "add", str(tmp_path / "x.crl"))[0] == 0
    rc, out, _ = cli("trust", "list", "--json")
    doc = json.loads(out)
    assert rc == 0
    assert [a["subject"] for a in doc["submitters"]] == [test_pki.ca.cert.subject.rfc4514_string()]
    assert "Untrusted Root CA" in doc["office"][0]["subject"]
    assert doc["crls"][0]["revoked"] == 1


def test_trust_add_refuses_a_file_that_is_no_certificate(cli, trusted: str, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    (tmp_path / "junk.pem").write_text("hello")
    rc, _, err = cli("trust", "add", str(tmp_path / "junk.pem"))
    assert rc == 3 and "TRUST_FILE_INVALID" in err


def test_import_json_reports_each_package_and_exit_3_if_any_rejected(
        cli, trusted: str, tmp_path: Path, test_pki: SubmitterPki) -> None:  # type: ignore[no-untyped-def]
    spec = PackageSpec(test_pki, trusted)
    good = spec.build(tmp_path / "good.subpkg")
    bad = spec.variant(package_id="other", edit_ciphertext=lambda c: c[:-20]).build(tmp_path / "bad.subpkg")
    rc, out, err = cli("import", "--json", str(good), str(bad))
    doc = json.loads(out)
    assert rc == 3
    assert doc[0]["path"] == str(good) and doc[0]["status"] == "imported"
    assert doc[0]["case_id"].startswith("FMR-")
    assert doc[1] == {"path": str(bad), "status": "rejected", "code": "PKG_CORRUPT",
                      "message": doc[1]["message"]}
    rc, out, _ = cli("import", "--json", str(good))
    assert rc == 0 and json.loads(out)[0]["status"] == "already-imported"
    rc, out, err = cli("import", str(bad))
    assert rc == 3 and err.startswith("error: PKG_CORRUPT:")


def _kit_folder(tmp_path: Path) -> Path:
    folder = tmp_path / "kit"
    for rel, data in DEFAULT_FILES.items():
        (folder / rel).parent.mkdir(parents=True, exist_ok=True)
        (folder / rel).write_bytes(data)
    manifest = good_manifest(DEFAULT_FILES)
    del manifest["files"]  # the kit fills them in
    (folder / "manifest.json").write_text(json.dumps(manifest))
    return folder


def _pki_files(tmp_path: Path, test_pki: SubmitterPki) -> dict[str, Path]:
    files = {"cert": test_pki.submitter.cert_pem(), "key": test_pki.submitter.key_pem(),
             "chain": test_pki.intermediate.cert_pem(), "ca": test_pki.ca.cert_pem()}
    out = {}
    for name, data in files.items():
        out[name] = tmp_path / f"{name}.pem"
        out[name].write_bytes(data)
    return out


def test_pack_output_imports(cli, trusted: str, tmp_path: Path, test_pki: SubmitterPki) -> None:  # type: ignore[no-untyped-def]
    pem = _pki_files(tmp_path, test_pki)
    out_file = tmp_path / "kit.subpkg"
    rc, out, err = cli("pack", str(_kit_folder(tmp_path)), "-o", str(out_file), "--signer-cert",
                       str(pem["cert"]), "--signer-key", str(pem["key"]), "--chain", str(pem["chain"]),
                       "--recipient", trusted)
    assert rc == 0, err
    rc, out, err = cli("import", "--json", str(out_file))
    assert rc == 0, err
    assert json.loads(out)[0]["status"] == "imported"


@pytest.mark.skipif(not (shutil.which("age") and shutil.which("openssl")), reason="needs age and openssl")
def test_pack_output_opens_with_age_and_verifies_with_openssl(
        cli, tmp_path: Path, test_pki: SubmitterPki) -> None:  # type: ignore[no-untyped-def]
    from reviewer_app.crypto import age

    key = age.X25519Identity.generate()
    (tmp_path / "key.txt").write_text(str(key) + "\n")
    pem = _pki_files(tmp_path, test_pki)
    out_file = tmp_path / "kit.subpkg"
    rc, _, err = cli("pack", str(_kit_folder(tmp_path)), "-o", str(out_file), "--signer-cert",
                     str(pem["cert"]), "--signer-key", str(pem["key"]), "--chain", str(pem["chain"]),
                     "--recipient", str(key.recipient()))
    assert rc == 0, err
    unpacked = tmp_path / "unpacked"
    unpacked.mkdir()
    subprocess.run(f"age -d -i {tmp_path / 'key.txt'} {out_file} | tar -xf - -C {unpacked}",
                   shell=True, check=True)
    listing = subprocess.run(f"age -d -i {tmp_path / 'key.txt'} {out_file} | tar -tf -", shell=True,
                             check=True, capture_output=True, text=True).stdout.split()
    assert listing[:2] == ["manifest.json", "manifest.json.p7s"]
    verify = subprocess.run(
        ["openssl", "cms", "-verify", "-binary", "-inform", "DER", "-in", unpacked / "manifest.json.p7s",
         "-content", unpacked / "manifest.json", "-CAfile", pem["ca"], "-purpose", "any",
         "-out", "/dev/null"], capture_output=True, text=True)
    assert verify.returncode == 0, verify.stderr
    assert "Verification successful" in verify.stderr
    for rel, data in DEFAULT_FILES.items():
        assert (unpacked / rel).read_bytes() == data


def test_pack_with_an_encrypted_signer_key(cli, trusted: str, tmp_path: Path,  # type: ignore[no-untyped-def]
                                           test_pki: SubmitterPki) -> None:
    """A submitter's key kept encrypted at rest: its passphrase as any secret, asked only then."""
    from cryptography.hazmat.primitives import serialization

    pem = _pki_files(tmp_path, test_pki)
    key = serialization.load_pem_private_key(pem["key"].read_bytes(), password=None)
    pem["key"].write_bytes(key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
        serialization.BestAvailableEncryption(b"kit secret")))
    args = ["pack", str(_kit_folder(tmp_path)), "-o", str(tmp_path / "kit.subpkg"),
            "--signer-cert", str(pem["cert"]), "--signer-key", str(pem["key"]),
            "--chain", str(pem["chain"]), "--recipient", trusted]
    wrong, right = tmp_path / "wrong", tmp_path / "right"
    wrong.write_text("not it\n")
    right.write_text("kit secret\n")
    rc, _, err = cli("--passphrase-file", str(wrong), *args)
    assert rc == 5 and err.startswith("error: WRONG_PASSPHRASE:") and "kit secret" not in err
    assert not (tmp_path / "kit.subpkg").exists()
    rc, _, err = cli("--passphrase-file", str(right), *args)
    assert rc == 0, err
    rc, out, err = cli("import", "--json", str(tmp_path / "kit.subpkg"))
    assert rc == 0 and json.loads(out)[0]["status"] == "imported", err
