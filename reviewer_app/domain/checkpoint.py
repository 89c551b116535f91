"""Audit checkpoints: the chain head, written so that it can leave the workstation.

A checkpoint (docs/audit-checkpoint-v1.md) is a short text body naming the
workstation and its chain head, followed by a detached CMS signature over
exactly those body bytes, PEM-armoured::

    Frontier Review Desk audit checkpoint v1
    workstation: age1...
    seq: 412
    hash: 3b1f...
    at: 2026-12-06T16:59:03Z
    signer: alice
    -----BEGIN CMS-----
    ...
    -----END CMS-----

Letters carry the same head as one line (``head_line``) in a signed CMS
attribute, case files as an object in their signed manifest.
"""

from __future__ import annotations

import base64
import binascii
import re
from dataclasses import dataclass

from reviewer_app.domain.audit import AuditHead

TITLE = "Frontier Review Desk audit checkpoint v1"
FIELDS = ("workstation", "seq", "hash", "at", "signer")
PEM_BEGIN = "-----BEGIN CMS-----"
PEM_END = "-----END CMS-----"
_HASH = re.compile(r"[0-9a-f]{64}")
_SEQ = re.compile(r"0|[1-9][0-9]{0,17}")
_WORKSTATION = re.compile(r"age1[02-9ac-hj-np-z]{20,200}")
MAX_CHECKPOINT_BYTES = 64 * 1024


class CheckpointError(ValueError):
    """Not a checkpoint of this format (the message says which part)."""


@dataclass(frozen=True)
class Checkpoint:
    workstation: str  # the workstation's age recipient: whose chain this is
    head: AuditHead
    at: str  # RFC 3339, UTC, seconds
    signer: str  # the user name of who signed it


def body(cp: Checkpoint) -> bytes:
    """The signed bytes: UTF-8, LF line ends, the title then one ``key: value`` line per field."""
    lines = [TITLE, f"workstation: {cp.workstation}", f"seq: {cp.head.seq}",
             f"hash: {cp.head.hash}", f"at: {cp.at}", f"signer: {cp.signer}"]
    return ("\n".join(lines) + "\n").encode("utf-8")


def armour(signature_der: bytes) -> bytes:
    text = base64.b64encode(signature_der).decode("ascii")
    lines = [text[i:i + 64] for i in range(0, len(text), 64)]
    return ("\n".join([PEM_BEGIN, *lines, PEM_END]) + "\n").encode("ascii")


def split(data: bytes) -> tuple[Checkpoint, bytes, bytes]:
    """The checkpoint, its signed body bytes and its signature (DER) from a checkpoint file."""
    if len(data) > MAX_CHECKPOINT_BYTES:
        raise CheckpointError("larger than any checkpoint")
    marker = ("\n" + PEM_BEGIN + "\n").encode("ascii")
    at = data.find(marker)
    if at < 0:
        raise CheckpointError(f"no '{PEM_BEGIN}' line")
    signed, armoured = data[:at + 1], data[at + len(marker):]
    end = armoured.find(PEM_END.encode("ascii"))
    if end < 0:
        raise CheckpointError(f"no '{PEM_END}' line")
    try:
        signature = base64.b64decode(b"".join(armoured[:end].split()), validate=True)
    except (binascii.Error, ValueError):
        raise CheckpointError("the signature block is not base64") from None
    return parse_body(signed), signed, signature


def parse_body(signed: bytes) -> Checkpoint:
    try:
        text = signed.decode("utf-8")
    except UnicodeDecodeError:
        raise CheckpointError("the body is not UTF-8") from None
    lines = text.split("\n")
    if lines[-1] != "" or lines[0] != TITLE:
        raise CheckpointError(f"the first line is not '{TITLE}'")
    values: dict[str, str] = {}
    for line, key in zip(lines[1:-1], FIELDS, strict=False):
        name, sep, value = line.partition(": ")
        if name != key or not sep:
            raise CheckpointError(f"expected the '{key}:' line, found {line[:40]!r}")
        values[key] = value
    if len(lines) != len(FIELDS) + 2:
        raise CheckpointError(f"expected exactly the lines {', '.join(FIELDS)}")
    return Checkpoint(values["workstation"], parse_head(values["seq"], values["hash"]),
                      values["at"], values["signer"])


def parse_head(seq: str, hash_: str) -> AuditHead:
    if not _SEQ.fullmatch(seq):
        raise CheckpointError(f"seq {seq[:20]!r} is not a sequence number")
    if not _HASH.fullmatch(hash_):
        raise CheckpointError("hash is not 64 lower-case hex digits")
    return AuditHead(int(seq), hash_)


def head_line(workstation: str, head: AuditHead) -> str:
    """The head as the one line letters sign: ``<workstation> <seq> <hash>``."""
    return f"{workstation} {head.seq} {head.hash}"


def parse_head_line(line: str) -> tuple[str, AuditHead]:
    parts = line.split(" ")
    if len(parts) != 3 or not _WORKSTATION.fullmatch(parts[0]):
        raise CheckpointError("not '<workstation> <seq> <hash>'")
    return parts[0], parse_head(parts[1], parts[2])


def head_object(workstation: str, head: AuditHead) -> dict[str, object]:
    """The head as case files carry it in their manifest (``audit_head``)."""
    return {"workstation": workstation, "seq": head.seq, "hash": head.hash}


def parse_head_object(value: object) -> tuple[str, AuditHead]:
    if not isinstance(value, dict) or set(value) != {"workstation", "seq", "hash"}:
        raise CheckpointError("audit_head is not {workstation, seq, hash}")
    workstation, seq, hash_ = value["workstation"], value["seq"], value["hash"]
    if not isinstance(workstation, str) or not _WORKSTATION.fullmatch(workstation):
        raise CheckpointError("audit_head.workstation is not an age recipient")
    if not isinstance(seq, int) or isinstance(seq, bool) or seq < 0 or not isinstance(hash_, str):
        raise CheckpointError("audit_head.seq or .hash has the wrong type")
    return workstation, parse_head(str(seq), hash_)
