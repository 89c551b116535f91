"""Evidence built by a hostile submitter: every reader stays within its bounds.

Each input is made here the way an attacker would make it (a zip bomb in a
log's header, the same in zstd, a flood of tiny JSON values, one long string,
a bare NaN, an endless line, a forged zip directory). A reader that meets a
bound says ``EVIDENCE_TOO_LARGE``; the case around it still opens. Figures for
the full-size inputs (time, peak memory) are in ``benchmarks/hostile_inputs.py``.
"""

from __future__ import annotations

import json
import math
import os
import struct
import zipfile
from pathlib import Path
from typing import Any

import pytest

from reviewer_app.formats.evidence import EvidenceError, open_samples, read_evidence, zip_members
from reviewer_app.formats.evidence.json_bounded import STRING_CAP
from reviewer_app.formats.evidence.json_document import MAX_WHOLE_BYTES, SMALL_JSON
from reviewer_app.services.evidence.evaluation import evaluate_case
from reviewer_app.services.workspace.folder import Workspace
from tests.support.checklist_cases import add_case, manifest, new_workspace
from tests.support.inspect_logs import _write_zip, write_eval_log

MARK = "\u2026 [truncated: "
OVER_CAP = MAX_WHOLE_BYTES + (1 << 20)


def _members(path: Path) -> list[tuple[str, bytes]]:
    with zipfile.ZipFile(path) as zf:
        return [(info.filename, zf.read(info)) for info in zf.infolist()]


def _eval_with_header(tmp_path: Path, edit: Any, *, zstd: bool = False) -> Path:
    """A real .eval log whose header.json the attacker rewrote (``edit`` gives its bytes)."""
    good = write_eval_log(tmp_path / "good.eval", 20).path
    members = [(name, edit(json.loads(data)) if name == "header.json" else data)
               for name, data in _members(good)]
    path = tmp_path / ("bomb.zstd.eval" if zstd else "bomb.eval")
    _write_zip(path, members, zstd)
    return path


def _inflating_padding(header: dict[str, Any]) -> bytes:
    """The header padded past the whole-read cap with text that still compresses
    within the 5000:1 ratio (2 KiB of noise in every MiB)."""
    pad = "".join(os.urandom(1024).hex().ljust(1 << 20) for _ in range(OVER_CAP >> 20))
    header["eval"]["metadata"] = {"pad": pad}
    return json.dumps(header).encode()


@pytest.mark.parametrize("zstd", [False, True], ids=["deflate", "zstd"])
def test_a_header_bomb_is_too_large_not_read_whole(zstd: bool, tmp_path: Path) -> None:
    path = _eval_with_header(tmp_path, _inflating_padding, zstd=zstd)
    assert path.stat().st_size < OVER_CAP // 100  # small on disk, big once inflated
    with pytest.raises(EvidenceError) as exc:
        read_evidence(path)
    assert exc.value.code == "EVIDENCE_TOO_LARGE", exc.value.message
    assert "header.json" in exc.value.message and f"{MAX_WHOLE_BYTES:,}" in exc.value.message


def test_a_flood_of_tiny_values_in_a_header_is_too_large(tmp_path: Path) -> None:
    def flood(header: dict[str, Any]) -> bytes:  # 4 M empty objects: 12 MB, ~1 GB as dicts
        head = json.dumps(header).encode()
        return head[:-1] + b', "flood": [' + b"{}," * 4_000_000 + b"{}]}"
    path = _eval_with_header(tmp_path, flood)
    with pytest.raises(EvidenceError) as exc:
        read_evidence(path)
    assert exc.value.code == "EVIDENCE_TOO_LARGE", exc.value.message
    assert "MiB of values" in exc.value.message


def test_a_flood_of_tiny_values_in_one_sample_summary_is_too_large(tmp_path: Path) -> None:
    # 148 KB on disk; built whole, the one summary cost 728 MiB (``case show`` recomputes).
    good = write_eval_log(tmp_path / "good.eval", 20).path
    members = []
    for name, data in _members(good):
        if name == "summaries.json":
            first, *rest = json.loads(data)
            head = json.dumps(first).encode()[:-1] + b', "flood": [' + b"{}," * 1_000_000
            data = b"[" + head + b"{}]}, " + json.dumps(rest).encode()[1:]
        members.append((name, data))
    path = tmp_path / "flood.eval"
    _write_zip(path, members, False)
    assert read_evidence(path).metric("accuracy") is not None  # the header still reads
    with open_samples(path) as source, pytest.raises(EvidenceError) as exc:
        source.summaries(0, 10)
    assert exc.value.code == "EVIDENCE_TOO_LARGE" and "summaries.json" in exc.value.message


def test_a_member_beyond_the_absolute_output_bound_is_too_large(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    log = write_eval_log(tmp_path / "s.eval", 3000, zstd=True)  # summaries.json of ~1.5 MB
    monkeypatch.setattr(zip_members, "MAX_MEMBER_BYTES", 1 << 20)  # a small bound for CI
    with open_samples(log.path) as source, pytest.raises(EvidenceError) as exc:
        source.summaries(0, 10)
    assert exc.value.code == "EVIDENCE_TOO_LARGE" and "summaries.json" in exc.value.message


def test_a_forged_central_directory_beyond_the_cap_is_too_large(tmp_path: Path) -> None:
    path = tmp_path / "directory.eval"
    size = zip_members.MAX_DIRECTORY_BYTES + 1
    with path.open("wb") as out:  # a sparse file: the directory claims 32 MiB + 1
        out.write(b"PK\x03\x04")
        out.truncate(size)
        out.seek(size)
        out.write(b"PK\x05\x06" + struct.pack("<HHHHIIH", 0, 0, 1, 1, size, 0, 0))
    with pytest.raises(EvidenceError) as exc:
        read_evidence(path)
    assert exc.value.code == "EVIDENCE_TOO_LARGE" and "central directory" in exc.value.message


# --- Inspect .json logs -------------------------------------------------------------


def _json_log(path: Path, *, model: str = "example/model-7", nan: bool = False) -> Path:
    accuracy = "NaN" if nan else "0.5"
    head = {"version": 2, "status": "success",
            "eval": {"task": "cybench", "model": model, "config": {}}}
    text = json.dumps(head)[:-1] + (
        ', "results": {"total_samples": 2, "completed_samples": 2, "scores": [{"name": "match", '
        '"scorer": "match", "metrics": {"accuracy": {"name": "accuracy", "value": '
        f'{accuracy}}}}}}}]}}, "samples": [' + ", ".join(
            json.dumps({"id": i, "epoch": 1, "input": "q", "target": "A",
                        "scores": {"match": {"value": "C"}}}) for i in (1, 2)) + "]}")
    path.write_text(text)
    return path


def test_a_long_string_in_a_json_log_header_is_cut_while_streaming(tmp_path: Path) -> None:
    path = _json_log(tmp_path / "long.json", model="m" * (4 * STRING_CAP))
    log = read_evidence(path)
    assert log.model.startswith("m" * 100) and MARK in log.model
    assert len(log.model) < STRING_CAP + 100
    assert log.metric("accuracy").value == 0.5  # what follows the long value is still read


def test_a_json_log_with_a_bare_nan_streams_instead_of_being_read_whole(tmp_path: Path) -> None:
    path = _json_log(tmp_path / "nan.json", model="m" * (4 * STRING_CAP), nan=True)
    log = read_evidence(path)
    assert math.isnan(log.metric("accuracy").value)
    assert MARK in log.model  # the bounded reader saw it: nothing was read whole
    assert any("NaN or Infinity" in note for note in log.notes)
    with open_samples(path) as source:
        assert [r.id for r in source.summaries(0, 5)] == ["1", "2"]


# --- lm-evaluation-harness results and records, CSV -----------------------------------


def _results(path: Path, *, padding: int = 0) -> Path:
    results = {"results": {"arc": {"alias": "arc", "acc,none": float("nan"),
                                   "acc_stderr,none": float("inf"),
                                   "acc_norm,none": -float("inf"), "note": "x" * padding}},
               "n-samples": {"arc": {"original": 10, "effective": 10}}}
    path.write_text(json.dumps(results))  # Python writes NaN / Infinity bare
    return path


def test_lm_eval_results_with_bare_nan_beyond_a_small_file_stream(tmp_path: Path) -> None:
    path = _results(tmp_path / "results.json", padding=2 * SMALL_JSON)
    log = read_evidence(path, "lm-eval-results")
    acc = log.metric("acc")
    assert acc is not None and math.isnan(acc.value) and acc.stderr == math.inf
    assert log.metric("acc_norm").value == -math.inf


def test_lm_eval_results_beyond_the_cap_are_too_large(tmp_path: Path) -> None:
    path = _results(tmp_path / "results.json", padding=OVER_CAP)
    with pytest.raises(EvidenceError) as exc:
        read_evidence(path, "lm-eval-results")
    assert exc.value.code == "EVIDENCE_TOO_LARGE", exc.value.message


def test_an_endless_line_of_lm_eval_records_is_too_large(tmp_path: Path) -> None:
    path = tmp_path / "samples_arc.jsonl"
    record = {"doc_id": 1, "metrics": ["acc"], "acc": 1.0, "doc": {"question": "q"}}
    path.write_text(json.dumps(record) + "\n" + json.dumps({**record, "pad": "p" * (2 << 20)}))
    with pytest.raises(EvidenceError) as exc:
        read_evidence(path, "lm-eval-results")
    assert exc.value.code == "EVIDENCE_TOO_LARGE" and "line 2" in exc.value.message


def test_a_csv_beyond_the_cap_or_with_an_endless_line_is_too_large(tmp_path: Path) -> None:
    big = tmp_path / "big.csv"
    with big.open("w") as out:
        out.write("benchmark,metric,score\n")
        out.write("arc,acc,0.5\n" * (OVER_CAP // 12))
    wide = tmp_path / "wide.csv"
    wide.write_text("benchmark,metric,score\narc,acc,0.5" + "," * (1 << 20) + "\n")
    for path in (big, wide):
        with pytest.raises(EvidenceError) as exc:
            read_evidence(path, "csv")
        assert exc.value.code == "EVIDENCE_TOO_LARGE", exc.value.message


# --- the case around a bomb still opens ---------------------------------------------


def test_a_case_whose_evidence_is_a_bomb_still_opens_and_says_why(tmp_path: Path) -> None:
    ws: Workspace = new_workspace(tmp_path / "ws")
    try:
        bomb = _eval_with_header(tmp_path, _inflating_padding)
        good = write_eval_log(tmp_path / "ok.eval", 50, p_correct=0.5)
        evaluations = [
            {"id": "bomb", "domain": "cyber", "benchmark": "Cybench", "metric": "accuracy",
             "declared_score": 0.4, "format": "inspect-eval", "evidence": ["evidence/bomb.eval"]},
            {"id": "fine", "domain": "other", "benchmark": "Cybench", "metric": "accuracy",
             "declared_score": 0.5, "format": "inspect-eval", "evidence": ["evidence/ok.eval"]}]
        data = manifest(evaluations=evaluations, files=[
            {"path": f"evidence/{n}", "sha256": "a" * 64, "size": 10, "role": "evidence"}
            for n in ("bomb.eval", "ok.eval")])
        case = add_case(ws, manifest_data=data)
        files = ws.paths.cases / case / "submission" / "files" / "evidence"
        files.mkdir(parents=True)
        (files / "bomb.eval").write_bytes(bomb.read_bytes())
        (files / "ok.eval").write_bytes(good.path.read_bytes())
        bombed, fine = evaluate_case(ws, case).rows
        assert any("EVIDENCE_TOO_LARGE" in note for note in bombed.notes), bombed.notes
        assert bombed.log_value is None
        assert fine.log_value is not None and fine.recomputed is not None
    finally:
        ws.close()


@pytest.mark.parametrize("step", [1, 2, 3, 5, 7, 8, 9, 64])
def test_bare_nan_and_infinity_are_numbers_however_the_reads_split_them(step: int) -> None:
    import io

    from reviewer_app.formats.evidence.json_bounded import BoundedReader, Budget, build_bounded
    from reviewer_app.formats.evidence.json_stream import events

    raw = (b'{"a": NaN, "b": [-Infinity, Infinity,-Infinity], "c": "NaN Infinity",'
           b' "d": {"e": -1.5e3, "f": -Infinity}, "g": "\\u0000NaN?"}')

    class Dribble:  # a source that hands out ``step`` bytes per read
        def __init__(self) -> None:
            self.stream = io.BytesIO(raw)

        def read(self, _size: int = -1) -> bytes:
            return self.stream.read(step)

    stream = events(BoundedReader(Dribble()))
    value = build_bounded(next(stream), stream, Budget())
    assert math.isnan(value["a"])
    assert value["b"] == [-math.inf, math.inf, -math.inf]
    assert value["c"] == "NaN Infinity" and value["g"] == "\x00NaN?"
    assert value["d"] == {"e": -1500.0, "f": -math.inf}


def test_a_word_that_is_not_nan_stays_invalid_json(tmp_path: Path) -> None:
    path = tmp_path / "results.json"
    path.write_text('{"results": {"arc": {"acc,none": Nope}}, "pad": "' + "x" * (2 << 20) + '"}')
    with pytest.raises(EvidenceError) as exc:
        read_evidence(path, "lm-eval-results")
    assert exc.value.code == "EVIDENCE_UNREADABLE" and "not valid JSON" in exc.value.message


def test_json_rows_are_the_same_when_a_big_sample_stops_the_fast_builder(tmp_path: Path) -> None:
    from reviewer_app.formats.evidence import open_inspect

    def sample(i: int, events: int = 0) -> dict[str, Any]:
        return {"id": i, "epoch": 1, "input": f"q{i}", "target": "A",
                "scores": {"match": {"value": "C" if i % 2 else "I"}},
                "events": [{"event": "model", "text": "e" * 100}] * events}
    head = json.loads(_json_log(tmp_path / "h.json").read_text())
    head["samples"] = [sample(1), sample(2), sample(3, events=20_000), sample(4), sample(5)]
    path = tmp_path / "mixed.json"
    path.write_text(json.dumps(head))
    assert path.stat().st_size > 2 * SMALL_JSON
    with open_inspect(path, index=False) as fast, open_inspect(path) as indexed:
        rows = list(fast.iter_summaries())
        assert [r.id for r in rows] == ["1", "2", "3", "4", "5"]
        assert rows == list(indexed.iter_summaries())
