"""The checkpoint text format (docs/audit-checkpoint-v1.md): written, read back, refused."""

from __future__ import annotations

import pytest

from reviewer_app.domain import checkpoint as ck
from reviewer_app.domain.audit import AuditHead

STATION = "age1ph6g7qs3esvdrc4zx3dpchteyrkmy5jvn7ljp0gh8zq529cpd5ks3wpzru"
CP = ck.Checkpoint(STATION, AuditHead(412, "3b" * 32), "2026-12-06T16:59:03Z", "rita")


def test_round_trip() -> None:
    data = ck.body(CP) + ck.armour(b"\x30\x03\x02\x01\x01")
    checkpoint, signed, signature = ck.split(data)
    assert checkpoint == CP and signed == ck.body(CP) and signature == b"\x30\x03\x02\x01\x01"
    assert ck.parse_head_line(ck.head_line(STATION, CP.head)) == (STATION, CP.head)
    assert ck.parse_head_object(ck.head_object(STATION, CP.head)) == (STATION, CP.head)


@pytest.mark.parametrize(("edit", "why"), [
    (lambda b: b.replace(b"v1\n", b"v2\n"), "first line"),
    (lambda b: b.replace(b"seq: 412", b"seq: 0412"), "not a sequence number"),
    (lambda b: b.replace(b"hash: 3b", b"hash: 3B"), "64 lower-case hex"),
    (lambda b: b.replace(b"at: ", b"when: "), "'at:' line"),
    (lambda b: b.replace(b"signer: rita\n", b"signer: rita\nextra: 1\n"), "exactly the lines"),
    (lambda b: b.replace(b"-----BEGIN CMS-----", b"-----BEGIN PKCS7-----"), "BEGIN CMS"),
    (lambda b: b.replace(b"-----END CMS-----", b""), "END CMS"),
    (lambda b: b.replace(b"MAMCAQE=", b"MAM*AQE="), "base64"),
    (lambda b: b.replace(b"rita", "r\u00eeta".encode("latin-1")), "UTF-8"),
    (lambda b: b + b"x" * ck.MAX_CHECKPOINT_BYTES, "larger"),
])
def test_refusals(edit, why: str) -> None:  # type: ignore[no-untyped-def]
    data = edit(ck.body(CP) + ck.armour(b"\x30\x03\x02\x01\x01"))
    with pytest.raises(ck.CheckpointError, match=why):
        ck.split(data)


@pytest.mark.parametrize("value", [
    None, {"workstation": STATION, "seq": 1}, {"workstation": "x", "seq": 1, "hash": "0" * 64},
    {"workstation": STATION, "seq": True, "hash": "0" * 64},
    {"workstation": STATION, "seq": -1, "hash": "0" * 64},
])
def test_head_object_refusals(value: object) -> None:
    with pytest.raises(ck.CheckpointError):
        ck.parse_head_object(value)
