"""Whatever arrives, the package and case-file parsers return a result or raise
the project's own error kind (a ``ReviewerError``), never a builtin exception.

Covered: the submission manifest (``parse_json`` + ``validate``), the member
path rules, the streaming tar reader, and the case-file manifest and reader.
Examples are kept modest so the whole module runs in a few seconds.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import json
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reviewer_app.domain import casefile as cf
from reviewer_app.domain import manifest as mf
from reviewer_app.domain import manifest_rules as rules
from reviewer_app.domain.casefile import CaseLimits
from reviewer_app.errors import ReviewerError
from reviewer_app.formats.casefile_reader import CaseFileReader
from reviewer_app.formats.tar_stream import TarStreamReader
from tests.support.packages import DEFAULT_FILES, Member, good_manifest, tar_bytes

FAST = settings(max_examples=120, deadline=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])

JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False)
    | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=12), inner, max_size=5),
    max_leaves=25,
)
GOOD_MANIFEST = good_manifest(dict(DEFAULT_FILES), "fuzz-seed")
GOOD_MANIFEST_BYTES = json.dumps(GOOD_MANIFEST, indent=2).encode()
GOOD_TAR = tar_bytes([Member("manifest.json", GOOD_MANIFEST_BYTES), Member("manifest.json.p7s", b"sig")]
                     + [Member(p, d) for p, d in DEFAULT_FILES.items()])


def _mutate(data: bytes, edits: list[tuple[int, int]], cut: int) -> bytes:
    buf = bytearray(data)
    for at, value in edits:
        buf[at % len(buf)] = value
    return bytes(buf[: max(0, len(buf) - cut)])


EDITS = st.lists(st.tuples(st.integers(0, 1 << 20), st.integers(0, 255)), max_size=8)


# --- the submission manifest --------------------------------------------------


def _manifest_result(data: bytes) -> mf.Manifest | None:
    try:
        return mf.validate(mf.parse_json(data))
    except ReviewerError:
        return None


@FAST
@given(st.binary(max_size=2048))
def test_manifest_any_bytes(data: bytes) -> None:
    _manifest_result(data)


@FAST
@given(EDITS, st.integers(0, 64))
def test_manifest_mutated_bytes(edits: list[tuple[int, int]], cut: int) -> None:
    _manifest_result(_mutate(GOOD_MANIFEST_BYTES, edits, cut))


def _replace_somewhere(obj: Any, path: list[int], value: Any) -> Any:
    """``obj`` with one node (chosen by ``path``) replaced by ``value``."""
    if not path or not isinstance(obj, dict | list) or not obj:
        return value
    if isinstance(obj, dict):
        key = sorted(obj)[path[0] % len(obj)]
        return {**obj, key: _replace_somewhere(obj[key], path[1:], value)}
    i = path[0] % len(obj)
    return [*obj[:i], _replace_somewhere(obj[i], path[1:], value), *obj[i + 1:]]


@FAST
@given(st.lists(st.integers(0, 50), max_size=5), JSON)
def test_manifest_schema_with_any_value_anywhere(path: list[int], value: Any) -> None:
    obj = _replace_somewhere(GOOD_MANIFEST, path, value)
    if isinstance(obj, dict):
        with contextlib.suppress(ReviewerError):
            mf.validate(obj)


@FAST
@given(st.dictionaries(st.text(max_size=20), JSON, max_size=10))
def test_manifest_schema_any_object(obj: dict[str, Any]) -> None:
    obj.setdefault("format", mf.FORMAT_V1)
    with contextlib.suppress(ReviewerError):
        mf.validate(obj)


def test_good_manifest_still_validates() -> None:
    assert _manifest_result(GOOD_MANIFEST_BYTES) is not None


# Found by this module: json.loads raises RecursionError for deep nesting and
# ValueError for integers over 4,300 digits; parse_json lets both escape.
def test_manifest_deep_nesting_is_a_reviewer_error() -> None:
    _manifest_result(b"[" * 100_000)


def test_manifest_huge_integer_is_a_reviewer_error() -> None:
    _manifest_result(b'{"format": ' + b"1" * 5000 + b"}")


# --- member path rules --------------------------------------------------------


@FAST
@given(st.text(max_size=300))
def test_path_rules_any_text(path: str) -> None:
    try:
        out = rules.check_path(path)
    except rules.UnsafePathError:
        return
    assert out and not out.startswith("/") and ".." not in out.split("/")
    assert len(out.encode("utf-8")) <= rules.MAX_PATH_BYTES


@FAST
@given(st.lists(st.sampled_from(["a", "B", ".", "..", "", "./", "\\", "C:", "\x00", "é", "e\u0301",
                                 "/", "\u0085", "x" * 60]), max_size=8))
def test_path_rules_tricky_pieces(pieces: list[str]) -> None:
    with contextlib.suppress(rules.UnsafePathError):
        rules.check_path("/".join(pieces))


@FAST
@given(st.text(max_size=40), st.text(max_size=40))
def test_case_path_rules(a: str, b: str) -> None:
    for path in (a, f"{a}/{b}", f"./{a}"):
        with contextlib.suppress(ReviewerError):
            cf.check_case_path(path)


# --- the tar stream reader ----------------------------------------------------


def _drain_tar(data: bytes) -> int:
    reader = TarStreamReader(io.BytesIO(data))
    count = 0
    try:
        while reader.next() is not None:
            count += 1
            while reader.read(4096):
                pass
    except ReviewerError:
        pass
    return count


@FAST
@given(st.binary(max_size=4096))
def test_tar_any_bytes(data: bytes) -> None:
    _drain_tar(data)


@FAST
@given(EDITS, st.integers(0, 2048))
def test_tar_mutated_real_archive(edits: list[tuple[int, int]], cut: int) -> None:
    _drain_tar(_mutate(GOOD_TAR, edits, cut))


@FAST
@given(st.integers(0, len(GOOD_TAR) // 512 - 1), st.binary(min_size=512, max_size=512))
def test_tar_one_block_replaced(index: int, block: bytes) -> None:
    data = GOOD_TAR[: index * 512] + block + GOOD_TAR[(index + 1) * 512:]
    _drain_tar(data)


def test_good_tar_reads_every_member() -> None:
    assert _drain_tar(GOOD_TAR) == 2 + len(DEFAULT_FILES)


# --- the case-file manifest and reader ----------------------------------------

CASE_SEED: dict[str, Any] = {
    "format": cf.FORMAT_V1, "case_file_id": "0b7c", "exported_at": "2026-11-20T14:03:00Z",
    "exporter": {"username": "riley"},
    "case": {"uuid": "6f1c1d9e-8a86-4ad5-9d4e-3c1f5f0c2a10", "manifest_sha256": "0" * 64},
    "checklist": [], "notes": [], "determination": None, "letters": [],
    "audit": [{"at": "2026-11-20T14:03:00Z", "actor": "riley", "action": "import",
               "hash": "0" * 64, "prev": "0" * 64}],
    "files": [{"path": cf.SUBMISSION_MANIFEST, "sha256": "0" * 64, "size": 1}],
}


def _case_result(data: bytes) -> cf.CaseManifest | None:
    try:
        return cf.validate(cf.parse_json(data))
    except ReviewerError:
        return None


@FAST
@given(st.binary(max_size=2048))
def test_case_manifest_any_bytes(data: bytes) -> None:
    _case_result(data)


@FAST
@given(st.lists(st.integers(0, 50), max_size=4), JSON)
def test_case_manifest_any_value_anywhere(path: list[int], value: Any) -> None:
    obj = _replace_somewhere(CASE_SEED, path, value)
    if isinstance(obj, dict):
        _case_result(json.dumps(obj).encode())


@FAST
@given(st.dictionaries(st.text(max_size=20), JSON, max_size=12))
def test_case_manifest_any_object(obj: dict[str, Any]) -> None:
    obj.setdefault("format", cf.FORMAT_V1)
    with contextlib.suppress(ReviewerError):
        cf.validate(obj)


def test_case_manifest_deep_nesting_is_a_reviewer_error() -> None:
    _case_result(b"[" * 100_000)


def test_case_manifest_huge_integer_is_a_reviewer_error() -> None:
    _case_result(b'{"format": ' + b"1" * 5000 + b"}")


CASE_TAR = tar_bytes([Member(cf.MANIFEST_NAME, json.dumps(CASE_SEED).encode()),
                      Member(cf.SIGNATURE_NAME, b"sig"),
                      Member(cf.SUBMISSION_MANIFEST, b"{}")])


@FAST
@given(EDITS, st.integers(0, 1024))
def test_case_reader_head_mutated(edits: list[tuple[int, int]], cut: int) -> None:
    reader = CaseFileReader(io.BytesIO(_mutate(CASE_TAR, edits, cut)), CaseLimits())
    try:
        head = reader.read_head()
    except ReviewerError:
        return
    assert hashlib.sha256(head.manifest).digest()
