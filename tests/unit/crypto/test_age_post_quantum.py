"""age v1.3's post-quantum hybrid recipient (mlkem768x25519): keys, round trips, refusals,
and a workstation, package and case file that use it end to end.

Interop with the age CLI is not possible here (Debian's age is 1.1.1, before v1.3); the
19 hybrid C2SP vectors in test_age_vectors.py stand for the reference implementation.
"""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from reviewer_app.__main__ import main
from reviewer_app.crypto import age, bech32
from reviewer_app.crypto.age_header import b64decode
from reviewer_app.errors import UsageError
from reviewer_app.services.casefile.exporting import export_case
from reviewer_app.services.casefile.importing import import_case
from reviewer_app.services.intake.package_import import import_package
from reviewer_app.services.kit.pack import build_package
from tests.support import casefiles as F
from tests.support.packages import good_manifest, make_test_pki

ME = age.HybridIdentity.generate()


def stanza_types(path: Path) -> list[str]:
    with path.open("rb") as raw:
        return [s.type for s in age.peek_header(raw).stanzas]


def test_key_strings_round_trip() -> None:
    secret, recipient = str(ME), str(ME.recipient())
    assert secret.startswith("AGE-SECRET-KEY-PQ-1")
    assert recipient.startswith("age1pq1")
    assert len(bech32.decode(recipient)[1]) == 1184 + 32
    assert str(age.parse_identity(secret)) == secret
    assert age.parse_identity(secret).recipient() == ME.recipient()
    assert age.parse_recipient(recipient) == ME.recipient()


@pytest.mark.parametrize("size", [0, 1, age.CHUNK_SIZE, 3 * age.CHUNK_SIZE + 7])
def test_round_trip(size: int) -> None:
    plain = bytes(range(256)) * (size // 256) + b"x" * (size % 256)
    blob = age.encrypt_bytes(plain, [ME.recipient()])
    assert age.decrypt_bytes(blob, [ME]) == plain
    header = age.peek_header(io.BytesIO(blob))
    assert [(s.type, len(b64decode(s.args[0])), len(s.body))
            for s in header.stanzas] == [("mlkem768x25519", 1088 + 32, 32)]


def test_several_recipients_and_the_wrong_keys() -> None:
    other = age.HybridIdentity.generate()
    blob = age.encrypt_bytes(b"to both", [ME.recipient(), other.recipient()])
    assert age.decrypt_bytes(blob, [other]) == b"to both"
    with pytest.raises(age.NoMatchingIdentityError):
        age.decrypt_bytes(blob, [age.HybridIdentity.generate(), age.X25519Identity.generate()])


def test_post_quantum_and_classic_recipients_are_not_mixed() -> None:
    with pytest.raises(age.AgeError, match="cannot be mixed"):
        age.encrypt_bytes(b"x", [ME.recipient(), age.X25519Identity.generate().recipient()])


@pytest.mark.parametrize("mangle", [
    lambda s: s[:-1] + ("q" if s[-1] != "q" else "p"),  # checksum
    lambda s: bech32.encode("age1pq", bech32.decode(s)[1][:-1]),  # one byte short
    lambda s: bech32.encode("age", bech32.decode(s)[1]),  # wrong prefix
])
def test_damaged_recipient_strings_are_refused(mangle: object) -> None:
    assert callable(mangle)
    with pytest.raises(age.AgeKeyError):
        age.parse_recipient(mangle(str(ME.recipient())))


def test_a_tampered_stanza_body_is_no_match() -> None:
    blob = bytearray(age.encrypt_bytes(b"x", [ME.recipient()]))
    body_at = blob.index(b"\n", blob.index(b"-> mlkem768x25519")) + 1
    blob[body_at] = ord("A") if blob[body_at] != ord("A") else ord("B")
    with pytest.raises((age.NoMatchingIdentityError, age.NotAgeError)):
        age.decrypt_bytes(bytes(blob), [ME])


def test_init_post_quantum_makes_a_hybrid_workstation_key(tmp_path: Path,
                                                           capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "pw").write_text("correct horse")
    (tmp_path / "pp").write_text("workstation pass")
    ws = tmp_path / "ws"
    common = ["--workspace", str(ws), "--password-file", str(tmp_path / "pw"),
              "--passphrase-file", str(tmp_path / "pp")]
    assert main([*common, "init", "--admin", "alice", "--post-quantum"]) == 0
    printed = capsys.readouterr().out.strip()
    assert printed.startswith("age1pq1")
    assert main(["--workspace", str(ws), "identity"]) == 0
    assert capsys.readouterr().out.strip() == printed
    # The key file is age's passphrase format holding the PQ secret.
    secret = age.decrypt_bytes((ws / "keys" / "workstation.age").read_bytes(),
                               [age.ScryptIdentity("workstation pass")])
    assert secret.startswith(b"AGE-SECRET-KEY-PQ-1")
    assert str(age.parse_identity(secret.decode().strip()).recipient()) == printed


def test_package_and_case_file_to_a_post_quantum_workstation(tmp_path: Path) -> None:
    submitters, office = make_test_pki(), F.make_office_pki()
    b = F.make_workstation(tmp_path / "B", submitters, office, post_quantum=True)
    assert b.recipient.startswith("age1pq1")
    # The submitter's kit packs to the hybrid recipient.
    folder = tmp_path / "pkg"
    files = {"evidence/results.json": b'{"score": 1}\n'}
    (folder / "evidence").mkdir(parents=True)
    (folder / "evidence" / "results.json").write_bytes(files["evidence/results.json"])
    (folder / "manifest.json").write_text(json.dumps(good_manifest(files), indent=2))
    (tmp_path / "signer.pem").write_bytes(submitters.submitter.cert_pem())
    (tmp_path / "signer.key").write_bytes(submitters.submitter.key_pem())
    (tmp_path / "chain.pem").write_bytes(submitters.intermediate.cert_pem())
    package = tmp_path / "pq.subpkg"
    build_package(folder, package, signer_cert=tmp_path / "signer.pem",
                  signer_key=tmp_path / "signer.key", chain=[tmp_path / "chain.pem"],
                  recipients=[b.recipient])
    assert stanza_types(package) == ["mlkem768x25519"]
    with pytest.raises(UsageError) as mixed:
        build_package(folder, tmp_path / "mixed.subpkg", signer_cert=tmp_path / "signer.pem",
                      signer_key=tmp_path / "signer.key", chain=[tmp_path / "chain.pem"],
                      recipients=[b.recipient, str(age.X25519Identity.generate().recipient())])
    assert mixed.value.code == "PACK_RECIPIENT"
    with b.open() as ws:
        ref = import_package(ws, F.REVIEWER, package, identity=b.identity).case.reference
        # A case file exported to the hybrid recipient opens with the workstation key.
        out = tmp_path / "pq.case"
        export_case(ws, F.REVIEWER, ref, out, recipients=[b.recipient], case_file_passphrase=None,
                    credential_passphrase=F.CREDENTIAL)
        assert stanza_types(out) == ["mlkem768x25519"]
        result = import_case(ws, F.REVIEWER, out, workstation_passphrase=F.PASSPHRASE,
                             case_file_passphrase=None)
        assert result.outcome.value == "up_to_date"
        with pytest.raises(UsageError) as bad:
            export_case(ws, F.REVIEWER, ref, tmp_path / "mixed.case",
                        recipients=[b.recipient, str(age.X25519Identity.generate().recipient())],
                        case_file_passphrase=None, credential_passphrase=F.CREDENTIAL)
        assert bad.value.code == "BAD_RECIPIENT"
