"""Signing a letter with a key on a PKCS#11 token (SoftHSM2), validated like any other."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from cryptography.hazmat.primitives import serialization

from reviewer_app.domain.determination import REVIEWER_FIELD
from reviewer_app.errors import NotPermittedError
from reviewer_app.pdf import signing
from reviewer_app.pdf.letter import render_letter
from reviewer_app.pdf.verify import verify_pdf_bytes
from tests.support.letter_content import content
from tests.support.nss import nss_db, pdfsig
from tests.support.pki import CertSpec, make_ca, make_leaf

MODULE = "/usr/lib/softhsm/libsofthsm2.so"
PIN = "1234"

pytestmark = pytest.mark.skipif(
    not (Path(MODULE).exists() and shutil.which("softhsm2-util") and shutil.which("pkcs11-tool")),
    reason="SoftHSM2 and OpenSC are needed",
)


@pytest.fixture
def token(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A fresh SoftHSM2 token 'letters' holding a key and certificate labelled 'rita'."""
    (tmp_path / "tokens").mkdir()
    conf = tmp_path / "softhsm2.conf"
    conf.write_text(f"directories.tokendir = {tmp_path / 'tokens'}\nobjectstore.backend = file\n")
    monkeypatch.setenv("SOFTHSM2_CONF", str(conf))
    ca = make_ca(CertSpec("Token Office CA", organization="Token Office"))
    leaf = make_leaf(CertSpec("Rita On Token", organization="Token Office"), ca)
    (tmp_path / "ca.pem").write_bytes(ca.cert_pem())
    (tmp_path / "key.pem").write_bytes(leaf.key_pem())
    (tmp_path / "cert.der").write_bytes(leaf.cert.public_bytes(serialization.Encoding.DER))
    run = lambda *a: subprocess.run(a, check=True, capture_output=True, timeout=60)  # noqa: E731
    run("softhsm2-util", "--init-token", "--free", "--label", "letters", "--pin", PIN,
        "--so-pin", "5678")
    run("softhsm2-util", "--import", str(tmp_path / "key.pem"), "--token", "letters",
        "--label", "rita", "--id", "01", "--pin", PIN)
    run("pkcs11-tool", "--module", MODULE, "--token-label", "letters", "--login", "--pin", PIN,
        "--write-object", str(tmp_path / "cert.der"), "--type", "cert", "--label", "rita",
        "--id", "01")
    return tmp_path


def test_letter_signed_on_a_token_validates(token: Path) -> None:
    with signing.load_pkcs11_signer(MODULE, "letters", PIN, "rita", "rita",
                                    chain_files=(token / "ca.pem",)) as signer:
        pdf = signing.certify_letter(render_letter(content()), signer,
                                     field_name=REVIEWER_FIELD, reason="test")
    report = verify_pdf_bytes(pdf, roots=[(token / "ca.pem").read_bytes()])
    assert report.ok, report
    assert report.signatures[0].signer == "Rita On Token"
    (token / "letter.pdf").write_bytes(pdf)
    sigs = pdfsig(token / "letter.pdf", nss_db(token / "nss", token / "ca.pem"))
    assert len(sigs) == 1 and sigs[0].valid and sigs[0].trusted and sigs[0].total


def test_wrong_pin_is_not_permitted(token: Path) -> None:
    with pytest.raises(NotPermittedError) as info:
        signing.load_pkcs11_signer(MODULE, "letters", "0000", "rita", "rita", owner="rita")
    assert info.value.code == "WRONG_PIN"  # letters word it as case files do
    assert "rita's token 'letters'" in info.value.message and "0000" not in info.value.message
