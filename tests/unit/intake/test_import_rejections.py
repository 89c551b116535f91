"""One package per rejection code of the package spec (and per way of earning it).

Each case checks: the exact code, a plain message naming the problem, the
audit entry, and that nothing is left behind (no case row, no staged file, no
case folder).
"""

from __future__ import annotations

import subprocess
import tarfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.serialization import pkcs7

from reviewer_app.crypto import age
from reviewer_app.errors import RejectedError
from reviewer_app.services.intake.package_import import import_package
from reviewer_app.services.workspace.folder import Workspace
from tests.support import pki
from tests.support.import_checks import assert_nothing_left
from tests.support.import_fixtures import set_limits
from tests.support.packages import Member, PackageSpec, SubmitterPki, file_entries
from tests.support.workspaces import REVIEWER, WorkspaceTemplate

Obj = dict[str, Any]


def edit(fn: Callable[[Obj], None]) -> dict[str, Any]:
    return {"edit_manifest": fn}


def members(fn: Callable[[list[Member]], list[Member]]) -> dict[str, Any]:
    return {"edit_members": fn}


def _del(path: str) -> Callable[[Obj], None]:
    def run(obj: Obj) -> None:
        *parents, last = path.split(".")
        for p in parents:
            obj = obj[p]
        del obj[last]
    return run


def _set(fn: Callable[[Obj], Any]) -> Callable[[Obj], None]:
    return lambda obj: fn(obj) and None


def _flip(offset_from_end: int) -> Callable[[bytes], bytes]:
    def run(data: bytes) -> bytes:
        b = bytearray(data)
        b[len(b) - offset_from_end] ^= 0x01
        return bytes(b)
    return run


def _with_files(files: dict[str, bytes]) -> dict[str, Any]:
    return {"files": files}


def _extra_member(member: Member) -> dict[str, Any]:
    return members(lambda ms: [*ms, member])


def _declare_and_add(path: str, data: bytes = b"x") -> dict[str, Any]:
    """A manifest entry and a member under ``path`` (a manifest-level path check)."""
    def run(obj: Obj) -> None:
        obj["files"] += file_entries({path: data})
    return {"edit_manifest": run, "edit_members": lambda ms: [*ms, Member(path, data)]}


def _attached_signature(t: SubmitterPki) -> Callable[[bytes], bytes]:
    def sign(manifest: bytes) -> bytes:
        return (pkcs7.PKCS7SignatureBuilder().set_data(manifest)
                .add_signer(t.submitter.cert, t.submitter.key, hashes.SHA256())
                .sign(serialization.Encoding.DER, [pkcs7.PKCS7Options.Binary]))
    return sign


def _pem_signature(t: SubmitterPki) -> Callable[[bytes], bytes]:
    def sign(manifest: bytes) -> bytes:
        return (pkcs7.PKCS7SignatureBuilder().set_data(manifest)
                .add_signer(t.submitter.cert, t.submitter.key, hashes.SHA256())
                .sign(serialization.Encoding.PEM, [pkcs7.PKCS7Options.DetachedSignature,
                                                    pkcs7.PKCS7Options.Binary]))
    return sign


def _openssl_sha1_signature(t: SubmitterPki, tmp: Path) -> Callable[[bytes], bytes]:
    def sign(manifest: bytes) -> bytes:
        (tmp / "m.json").write_bytes(manifest)
        (tmp / "s.crt").write_bytes(t.submitter.cert_pem())
        (tmp / "s.key").write_bytes(t.submitter.key_pem())
        subprocess.run(["openssl", "cms", "-sign", "-binary", "-md", "sha1", "-in", tmp / "m.json",
                        "-signer", tmp / "s.crt", "-inkey", tmp / "s.key", "-outform", "DER",
                        "-out", tmp / "m.p7s"], check=True, capture_output=True)
        return (tmp / "m.p7s").read_bytes()
    return sign


@dataclass(frozen=True)
class Defect:
    code: str
    says: str  # a fragment the message must contain
    knobs: Callable[[SubmitterPki, Path], dict[str, Any]]
    limits: dict[str, int] | None = None


def k(**knobs: Any) -> Callable[[SubmitterPki, Path], dict[str, Any]]:
    return lambda _pki, _tmp: knobs


OTHER_KEY = str(age.X25519Identity.generate().recipient())
BIG = b" " * (16 * 1024 * 1024)

DEFECTS: dict[str, Defect] = {
    # --- age layer
    "not-age": Defect("PKG_NOT_AGE", "not an age v1", k(edit_ciphertext=lambda c: b"PK\x03\x04" + c)),
    "wrong-key": Defect("PKG_NO_MATCHING_IDENTITY", "not encrypted to this workstation",
                        k(recipients=[OTHER_KEY])),
    "truncated-ciphertext": Defect("PKG_CORRUPT", "damaged or truncated", k(edit_ciphertext=lambda c: c[:-40])),
    "flipped-byte": Defect("PKG_CORRUPT", "damaged or truncated", k(edit_ciphertext=_flip(300))),
    # --- tar layer
    "not-a-tar": Defect("PKG_NOT_TAR", "not a valid tar", k(edit_plaintext=lambda p: b"hello " * 400)),
    "tar-ends-early": Defect("PKG_NOT_TAR", "ends", k(edit_plaintext=lambda p: p[:1500])),
    "manifest-not-first": Defect("PKG_MANIFEST_MISSING", "first member must be the file manifest.json",
                                 k(edit_members=lambda ms: [ms[1], ms[0], *ms[2:]])),
    "signature-not-second": Defect("PKG_SIGNATURE_MISSING", "manifest.json.p7s",
                                   k(edit_members=lambda ms: [ms[0], *ms[2:], ms[1]])),
    "manifest-over-16-mib": Defect("PKG_TOO_LARGE", "16,777,216",
                                   k(manifest_bytes=b"{}" + BIG)),
    # --- signature and signer
    "signature-over-other-bytes": Defect("PKG_SIGNATURE_INVALID", "does not verify",
                                         k(sign_over=b'{"format": "something else"}')),
    "pem-signature": Defect("PKG_SIGNATURE_INVALID", "PEM",
                            lambda t, _tmp: {"sign_with": _pem_signature(t)}),
    "attached-content": Defect("PKG_SIGNATURE_INVALID", "detached",
                               lambda t, _tmp: {"sign_with": _attached_signature(t)}),
    "sha1-digest": Defect("PKG_SIGNATURE_INVALID", "sha1",
                          lambda t, tmp: {"sign_with": _openssl_sha1_signature(t, tmp)}),
    "rsa-1024": Defect("PKG_SIGNATURE_INVALID", "1024",
                       lambda t, _tmp: {"signer": t.rsa_1024}),
    "untrusted-signer": Defect("PKG_SIGNER_UNTRUSTED", "does not chain",
                               lambda t, _tmp: {"signer": t.stranger, "chain": []}),
    "expired-signer": Defect("PKG_SIGNER_UNTRUSTED", "expired", lambda t, _tmp: {"signer": t.expired}),
    "no-digital-signature-usage": Defect("PKG_SIGNER_UNTRUSTED", "digitalSignature",
                                         lambda t, _tmp: {"signer": t.non_repudiation_only}),
    # --- manifest
    "invalid-json": Defect("PKG_MANIFEST_INVALID", "not valid JSON", k(manifest_bytes=b'{"format": ')),
    "not-utf8": Defect("PKG_MANIFEST_INVALID", "not UTF-8", k(manifest_bytes=b'{"format": "\xff"}')),
    "duplicate-json-key": Defect("PKG_MANIFEST_INVALID", "appears twice",
                                 k(manifest_bytes=b'{"format": "a", "format": "frontier-submission/v1"}')),
    "missing-format": Defect("PKG_MANIFEST_INVALID", "format", k(**edit(_del("format")))),
    "unknown-format": Defect("PKG_FORMAT_UNSUPPORTED", "frontier-submission/v2",
                             k(**edit(_set(lambda o: o.update(format="frontier-submission/v2"))))),
    "missing-required-field": Defect("PKG_MANIFEST_INVALID", "model.name: is required",
                                     k(**edit(_del("model.name")))),
    "bad-date": Defect("PKG_MANIFEST_INVALID", "release_plan.stages[1].start",
                       k(**edit(_set(lambda o: o["release_plan"]["stages"][1].update(start="2026-13-01"))))),
    "bad-instant": Defect("PKG_MANIFEST_INVALID", "created_at",
                          k(**edit(_set(lambda o: o.update(created_at="2026-11-20 14:03"))))),
    "bad-country-code": Defect("PKG_MANIFEST_INVALID", "access_plan.regions[1]",
                               k(**edit(_set(lambda o: o["access_plan"].update(regions=["CN", "UK"]))))),
    "bad-region-policy": Defect("PKG_MANIFEST_INVALID", "access_plan.region_policy",
                                k(**edit(_set(lambda o: o["access_plan"].update(region_policy="some"))))),
    "evidence-not-in-files": Defect("PKG_MANIFEST_INVALID", "evaluations[0].evidence[0]",
                                    k(**edit(_set(lambda o: o["evaluations"][0].update(
                                        evidence=["evidence/missing.eval"]))))),
    "bad-sha256-format": Defect("PKG_MANIFEST_INVALID", "files[0].sha256",
                                k(**edit(_set(lambda o: o["files"][0].update(sha256="ABC"))))),
    # --- manifest paths
    "dot-dot-path": Defect("PKG_UNSAFE_PATH", "'..' segment", k(**_declare_and_add("../evil.txt"))),
    "absolute-path": Defect("PKG_UNSAFE_PATH", "absolute", k(**_declare_and_add("/etc/cron.d/x"))),
    "backslash-path": Defect("PKG_UNSAFE_PATH", "backslash", k(**_declare_and_add("evidence\\x.json"))),
    "drive-letter": Defect("PKG_UNSAFE_PATH", "drive letter", k(**_declare_and_add("C:/x.json"))),
    "control-character": Defect("PKG_UNSAFE_PATH", "control character", k(**_declare_and_add("a\x01b"))),
    "not-nfc": Defect("PKG_UNSAFE_PATH", "NFC", k(**_declare_and_add("cafe\u0301.txt"))),
    "path-too-long": Defect("PKG_UNSAFE_PATH", "241 bytes", k(**_declare_and_add("a/" * 120 + "b"))),
    "case-insensitive-duplicate": Defect(
        "PKG_UNSAFE_PATH", "ignoring case",
        k(files={"evidence/Results.json": b"1", "evidence/results.json": b"2"})),
    # --- members
    "member-dot-dot": Defect("PKG_UNSAFE_PATH", "'..' segment", k(**_extra_member(Member("../x", b"x")))),
    "member-absolute": Defect("PKG_UNSAFE_PATH", "absolute", k(**_extra_member(Member("/x", b"x")))),
    "symlink": Defect("PKG_UNSUPPORTED_MEMBER", "symbolic link",
                      k(**_extra_member(Member("evidence/link", kind=tarfile.SYMTYPE, linkname="/etc/passwd")))),
    "hard-link": Defect("PKG_UNSUPPORTED_MEMBER", "hard link",
                        k(**_extra_member(Member("evidence/hard", kind=tarfile.LNKTYPE,
                                                 linkname="manifest.json")))),
    "fifo": Defect("PKG_UNSUPPORTED_MEMBER", "FIFO", k(**_extra_member(Member("evidence/fifo", kind=tarfile.FIFOTYPE)))),
    "undeclared-member": Defect("PKG_FILE_UNDECLARED", "'evidence/extra.bin' is not listed",
                                k(**_extra_member(Member("evidence/extra.bin", b"surprise")))),
    "member-twice": Defect("PKG_FILE_UNDECLARED", "appears twice", k(edit_members=lambda ms: [*ms, ms[2]])),
    "missing-file": Defect("PKG_FILE_MISSING", "'documents/system-card.pdf'",
                           k(edit_members=lambda ms: ms[:-1])),
    "size-mismatch": Defect("PKG_FILE_MISMATCH", "the manifest says",
                            k(**edit(_set(lambda o: o["files"][1].update(size=o["files"][1]["size"] + 1))))),
    "hash-mismatch": Defect("PKG_FILE_MISMATCH", "SHA-256 expected",
                            k(edit_members=lambda ms: [*ms[:2], Member(ms[2].name, ms[2].data[::-1]), *ms[3:]])),
    "too-many-members": Defect("PKG_TOO_LARGE", "more than 2 files", k(), limits={"members": 2}),
    "too-many-bytes": Defect("PKG_TOO_LARGE", "more than 1,000 bytes", k(), limits={"total_bytes": 1000}),
}


@pytest.mark.parametrize("name", list(DEFECTS))
def test_each_defect_is_rejected_with_its_code_and_leaves_nothing(
        name: str, ws: Workspace, spec: PackageSpec, test_pki: SubmitterPki, ws_template: WorkspaceTemplate,
        tmp_path: Path) -> None:
    defect = DEFECTS[name]
    knobs = defect.knobs(test_pki, tmp_path)
    sign_with = knobs.pop("sign_with", None)
    package = spec.variant(**knobs)
    if sign_with is not None:
        package.signature = sign_with(package.manifest())
    path = package.build(tmp_path / f"{name}.subpkg")
    if defect.limits:
        set_limits(ws, **defect.limits)

    with pytest.raises(RejectedError) as exc:
        import_package(ws, REVIEWER, path, identity=ws_template.identity)

    assert exc.value.code == defect.code, exc.value.message
    assert defect.says in exc.value.message
    assert_nothing_left(ws, defect.code)


def test_a_revoked_signer_is_untrusted(ws: Workspace, spec: PackageSpec, test_pki: SubmitterPki,
                                       ws_template: WorkspaceTemplate, tmp_path: Path) -> None:
    crl = pki.make_crl(test_pki.intermediate, [test_pki.submitter.cert.serial_number])
    (ws.paths.trust_crl / "issuing.crl").write_bytes(crl)
    with pytest.raises(RejectedError) as exc:
        import_package(ws, REVIEWER, spec.build(tmp_path / "r.subpkg"), identity=ws_template.identity)
    assert exc.value.code == "PKG_SIGNER_UNTRUSTED" and "revoked" in exc.value.message
    assert_nothing_left(ws, "PKG_SIGNER_UNTRUSTED")


def test_hash_mismatch_names_path_and_both_hashes(ws: Workspace, spec: PackageSpec,
                                                  ws_template: WorkspaceTemplate, tmp_path: Path) -> None:
    import hashlib

    spec.edit_members = lambda ms: [*ms[:2], Member(ms[2].name, b"Z" * len(ms[2].data)), *ms[3:]]
    with pytest.raises(RejectedError) as exc:
        import_package(ws, REVIEWER, spec.build(tmp_path / "h.subpkg"), identity=ws_template.identity)
    name, data = next(iter(spec.files.items()))
    assert name in exc.value.message
    assert hashlib.sha256(data).hexdigest() in exc.value.message
    assert hashlib.sha256(b"Z" * len(data)).hexdigest() in exc.value.message


# --- several defects: the first in stream order wins -------------------------

ORDER: dict[str, tuple[str, dict[str, Any]]] = {
    "signature-missing-before-manifest-size": (
        "PKG_SIGNATURE_MISSING", {"manifest_bytes": b"{}" + BIG, "edit_members": lambda ms: [ms[0], *ms[2:]]}),
    "signature-before-schema": ("PKG_SIGNATURE_INVALID", {"manifest_bytes": b"[]", "sign_over": b"x"}),
    "format-before-schema": ("PKG_FORMAT_UNSUPPORTED", {"edit_manifest": lambda o: o.update(
        format="v9", model=None)}),
    "schema-before-paths": ("PKG_MANIFEST_INVALID", {"edit_manifest": lambda o: (
        o["files"].append({"path": "../x", "sha256": "0" * 64, "size": 1}), o.pop("model"))}),
    "type-before-declared": ("PKG_UNSUPPORTED_MEMBER", {"edit_members": lambda ms: [
        *ms[:2], Member("undeclared-link", kind=tarfile.SYMTYPE, linkname="x"), *ms[2:]]}),
    "declared-before-missing": ("PKG_FILE_UNDECLARED", {"edit_members": lambda ms: [
        *ms[:2], Member("nope.bin", b"1")]}),
    "mismatch-before-conflict-and-missing": ("PKG_FILE_MISMATCH", {"edit_members": lambda ms: [
        *ms[:2], Member(ms[2].name, b"")]}),
}


@pytest.mark.parametrize("name", list(ORDER))
def test_the_first_defect_in_stream_order_is_reported(name: str, ws: Workspace, spec: PackageSpec,
                                                      ws_template: WorkspaceTemplate, tmp_path: Path) -> None:
    code, knobs = ORDER[name]
    with pytest.raises(RejectedError) as exc:
        import_package(ws, REVIEWER, spec.variant(**knobs).build(tmp_path / "o.subpkg"),
                       identity=ws_template.identity)
    assert exc.value.code == code, exc.value.message


def test_a_manifest_just_at_the_limit_is_accepted(ws: Workspace, spec: PackageSpec,
                                                  ws_template: WorkspaceTemplate, tmp_path: Path) -> None:
    body = spec.manifest()
    spec.manifest_bytes = body + b" " * (16 * 1024 * 1024 - len(body))
    result = import_package(ws, REVIEWER, spec.build(tmp_path / "edge.subpkg"),
                            identity=ws_template.identity)
    assert result.status == "imported"
