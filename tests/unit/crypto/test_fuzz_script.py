"""The package fuzzer runs, counts its inputs and finds nothing on a short run."""

from __future__ import annotations

import contextlib
import subprocess
import sys
from pathlib import Path

from reviewer_app.crypto import cms
from reviewer_app.errors import ReviewerError
from tests.support.packages import make_test_pki

ROOT = Path(__file__).resolve().parents[3]


def test_fuzz_script_short_run(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, str(ROOT / "fuzz" / "fuzz_packages.py"), "--count", "30", "--seed", "11",
         "--work", str(tmp_path)],
        capture_output=True, text=True, timeout=120, check=False)
    assert "seed 11" in done.stdout
    assert "tried 30 inputs, found 0 problems" in done.stdout, done.stdout + done.stderr
    assert done.returncode == 0
    assert not list(tmp_path.glob("input-*")), "every input is removed once judged"


# Found by fuzz/fuzz_packages.py (seed 2, ~13 in 3,000 inputs): a signer
# certificate that asn1crypto/pyHanko accept lazily but cryptography cannot parse
# makes crypto/cms.py _check_key (x509.load_der_x509_certificate) raise a bare
# ValueError, which import_package lets escape (no PKG_* code, no audit entry).
def test_malformed_signer_certificate_is_a_signature_error() -> None:
    pki = make_test_pki()
    sig = cms.sign_detached(b"manifest", pki.submitter.key, pki.submitter.cert, [pki.intermediate.cert])
    stamp = pki.submitter.cert.not_valid_before_utc.strftime("%y%m%d%H%M%S").encode()
    at = sig.rfind(stamp)  # the signer's own certificate comes last in the SignedData
    bad = sig[:at] + b"x" + sig[at + 1:]
    with contextlib.suppress(ReviewerError, cms.SignatureInvalidError, cms.SignerUntrustedError):
        cms.verify_detached(b"manifest", bad, [pki.ca.cert], [])
