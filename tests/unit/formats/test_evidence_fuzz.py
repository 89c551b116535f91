"""Whatever bytes arrive, the evidence readers raise only EvidenceError."""

from __future__ import annotations

import contextlib
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reviewer_app.formats.evidence import EvidenceError, open_samples, read_evidence

DATA = Path(__file__).resolve().parents[2] / "data"
SEEDS = [
    (DATA / "inspect" / "log_streaming.eval").read_bytes(),
    (DATA / "inspect" / "pr4526_postfix_retry-2-then-success.zstd.eval").read_bytes(),
    (DATA / "inspect" / "log_formats.json").read_bytes(),
    (DATA / "lm_eval" / "testdata_arc_challenge-v2.0-res.json").read_bytes(),
]
FORMATS = ["", "inspect-eval", "lm-eval-results", "csv", "nonsense"]


def _mutate(data: bytes, edits: list[tuple[int, int]], cut: int) -> bytes:
    buf = bytearray(data)
    for at, value in edits:
        buf[at % len(buf)] = value
    return bytes(buf[: max(1, len(buf) - cut)])


def _exercise(path: Path, fmt: str) -> None:
    with contextlib.suppress(EvidenceError):
        read_evidence(path, fmt)
    with contextlib.suppress(EvidenceError), open_samples(path) as source:
        rows = source.summaries(0, 5)
        source.filter(score="C", text="a")
        if rows:
            source.detail(rows[0].id, rows[0].epoch)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(seed=st.sampled_from(SEEDS), fmt=st.sampled_from(FORMATS),
       edits=st.lists(st.tuples(st.integers(0, 1 << 20), st.integers(0, 255)), max_size=6),
       cut=st.integers(0, 64))
def test_mutated_files_raise_only_evidence_error(tmp_path: Path, seed: bytes, fmt: str,
                                                 edits: list[tuple[int, int]], cut: int) -> None:
    path = tmp_path / "evidence.bin"
    path.write_bytes(_mutate(seed, edits, cut))
    _exercise(path, fmt)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.binary(max_size=300), fmt=st.sampled_from(FORMATS))
def test_random_bytes_raise_only_evidence_error(tmp_path: Path, data: bytes, fmt: str) -> None:
    path = tmp_path / "random.bin"
    path.write_bytes(data)
    _exercise(path, fmt)
