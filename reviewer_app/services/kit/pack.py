"""The submitter's kit: build a package from a folder (``reviewer-app pack``).

Reads ``DIR/manifest.json``, fills in ``files`` with every file under DIR (size,
SHA-256, media type; entries already there keep their extra keys), validates
the result against the schema, signs it (detached CMS, DER) and streams the
tar, in the mandatory member order, through age encryption into the output.
"""

from __future__ import annotations

import hashlib
import json
import mimetypes
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from cryptography import x509
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa

from reviewer_app.crypto import age, cms, trust
from reviewer_app.domain.manifest import FORMAT_V1, parse_json, validate
from reviewer_app.domain.manifest_rules import MANIFEST_NAME, SIGNATURE_NAME, check_path
from reviewer_app.domain.progress import CancelToken, ProgressEvent, ProgressSink, no_progress
from reviewer_app.errors import NotPermittedError, ReviewerError, UsageError
from reviewer_app.formats.subpkg_writer import SourceFile, write_tar

_MEDIA_TYPES = {".eval": "application/zip", ".json": "application/json",
                ".jsonl": "application/jsonl", ".csv": "text/csv", ".pdf": "application/pdf",
                ".md": "text/markdown", ".txt": "text/plain"}


@dataclass(frozen=True)
class PackResult:
    path: Path
    package_id: str
    manifest_sha256: str
    files: int
    bytes: int


def media_type(path: str) -> str:
    suffix = Path(path).suffix.lower()
    return _MEDIA_TYPES.get(suffix) or mimetypes.guess_type(path)[0] or "application/octet-stream"


def _hash(path: Path, cancel: CancelToken) -> str:
    h = hashlib.sha256()
    with path.open("rb") as f:
        while chunk := f.read(1 << 20):
            cancel.raise_if_cancelled()
            h.update(chunk)
    return h.hexdigest()


def _collect(folder: Path) -> list[tuple[str, Path]]:
    found: list[tuple[str, Path]] = []
    for item in sorted(folder.rglob("*")):
        rel = item.relative_to(folder).as_posix()
        if rel in (MANIFEST_NAME, SIGNATURE_NAME) or item.is_dir():
            continue
        if item.is_symlink() or not item.is_file():
            raise UsageError("PACK_NOT_A_FILE", f"{rel} is not a regular file (links are not packed)")
        found.append((check_path(rel, where="file"), item))
    return found


def fill_manifest(folder: Path, obj: dict[str, Any], cancel: CancelToken) -> tuple[dict[str, Any], list[SourceFile]]:
    """The manifest with ``files`` describing exactly the files under ``folder``."""
    on_disk = _collect(folder)
    listed = {str(e.get("path", "")).removeprefix("./"): e for e in obj.get("files") or []
              if isinstance(e, dict)}
    missing = sorted(set(listed) - {p for p, _ in on_disk})
    if missing:
        raise UsageError("PACK_FILE_MISSING", f"manifest.files lists {missing[0]!r}, which is not in {folder}")
    evidence = {p for ev in obj.get("evaluations") or [] if isinstance(ev, dict)
                for p in ev.get("evidence") or []}
    entries, sources = [], []
    for rel, path in on_disk:
        size = path.stat().st_size
        entry = dict(listed.get(rel, {}))
        entry.update(path=rel, sha256=_hash(path, cancel), size=size)
        entry.setdefault("media_type", media_type(rel))
        entry.setdefault("role", "evidence" if rel in evidence else "document")
        entries.append(entry)
        sources.append(SourceFile(rel, path, size))
    filled = dict(obj)
    filled.setdefault("format", FORMAT_V1)
    filled.setdefault("package_id", str(uuid.uuid4()))
    filled.setdefault("created_at", datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"))
    filled["files"] = entries
    return filled, sources


def _load_key(data: bytes, key_passphrase: Callable[[], str] | None) -> Any:
    """The PEM private key; an encrypted one is opened with the passphrase, asked only then."""
    try:
        return serialization.load_pem_private_key(data, password=None)
    except TypeError:  # encrypted: it needs its passphrase
        if key_passphrase is None:
            raise UsageError("PACK_SIGNER", "the signer's key is encrypted; give its passphrase "
                             "(--passphrase-file F or REVIEWER_APP_PASSPHRASE)") from None
        secret = key_passphrase()
    try:
        return serialization.load_pem_private_key(data, password=secret.encode("utf-8"))
    except ValueError:
        raise NotPermittedError("WRONG_PASSPHRASE",
                                "the passphrase of the signer's key is wrong") from None


def _load_signer(cert_path: Path, key_path: Path, chain: Sequence[Path],
                 key_passphrase: Callable[[], str] | None = None) -> tuple[
        x509.Certificate, rsa.RSAPrivateKey | ec.EllipticCurvePrivateKey, list[x509.Certificate]]:
    try:
        cert = trust.parse_certificates(cert_path.read_bytes())[0]
        key = _load_key(key_path.read_bytes(), key_passphrase)
        extra = [c for p in chain for c in trust.parse_certificates(p.read_bytes())]
    except (OSError, ValueError, IndexError, TypeError, trust.TrustFileError) as exc:
        raise UsageError("PACK_SIGNER", f"cannot load the signer's certificate or key: {exc}") from None
    if not isinstance(key, rsa.RSAPrivateKey | ec.EllipticCurvePrivateKey):
        raise UsageError("PACK_SIGNER", "the signer's key must be RSA or ECDSA")
    return cert, key, extra


def build_package(
    folder: Path,
    out: Path,
    *,
    signer_cert: Path,
    signer_key: Path,
    recipients: Sequence[str],
    chain: Sequence[Path] = (),
    key_passphrase: Callable[[], str] | None = None,
    progress: ProgressSink = no_progress,
    cancel: CancelToken | None = None,
) -> PackResult:
    cancel = cancel or CancelToken()
    if not recipients:
        raise UsageError("PACK_NO_RECIPIENT", "name at least one --recipient age1...")
    try:
        age_recipients = [age.parse_recipient(r) for r in recipients]
    except age.AgeKeyError as exc:
        raise UsageError("PACK_RECIPIENT", f"not an age recipient: {exc}") from None
    if age.mixes_post_quantum(age_recipients):
        raise UsageError("PACK_RECIPIENT", age.MIXED_RECIPIENTS)
    try:
        obj = parse_json((folder / MANIFEST_NAME).read_bytes())
    except OSError as exc:
        raise UsageError("PACK_NO_MANIFEST", f"cannot read {folder / MANIFEST_NAME}: {exc.strerror}") from None
    filled, sources = fill_manifest(folder, obj, cancel)
    manifest = (json.dumps(filled, indent=2, ensure_ascii=False) + "\n").encode("utf-8")
    validate(parse_json(manifest))
    cert, key, extra = _load_signer(signer_cert, signer_key, chain, key_passphrase)
    signature = cms.sign_detached(manifest, key, cert, extra)
    total = sum(s.size for s in sources)

    def tick(written: int) -> None:
        cancel.raise_if_cancelled()
        progress(ProgressEvent("pack", min(written, total), total, out.name))

    part = out.with_name(out.name + ".part")
    try:
        with part.open("wb") as raw, age.open_encrypt(raw, age_recipients) as enc:
            write_tar(enc, manifest, signature, sources, mtime=datetime.now(UTC).timestamp(), tick=tick)
        part.replace(out)
    except OSError as exc:
        raise ReviewerError("PACK_IO", f"writing {out} failed: {exc.strerror or exc}") from None
    finally:
        part.unlink(missing_ok=True)
    return PackResult(out, str(filled["package_id"]), hashlib.sha256(manifest).hexdigest(),
                      len(sources), out.stat().st_size)
