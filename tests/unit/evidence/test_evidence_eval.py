""".eval logs written by the factory: zstd and deflate, crashed runs, big
samples, damaged archives, the lazy sample table, .json logs streamed."""

from __future__ import annotations

import json
import math
import zipfile
from pathlib import Path

import pytest

from reviewer_app.formats.evidence import (
    EvidenceError,
    inspect_eval,
    open_samples,
    read_evidence,
)
from reviewer_app.formats.evidence.inspect_eval import InspectEvalReader
from reviewer_app.formats.evidence.inspect_json import InspectJsonReader
from reviewer_app.services.evidence.evaluation import recompute_log
from tests.support.inspect_logs import write_eval_log


@pytest.mark.parametrize("zstd", [False, True], ids=["deflate", "zstd"])
def test_factory_log_reads_and_recomputes(tmp_path: Path, zstd: bool) -> None:
    written = write_eval_log(tmp_path / "a.eval", 40, epochs=3, zstd=zstd, partial_every=5)
    if zstd:
        with zipfile.ZipFile(written.path) as zf:
            assert {i.compress_type for i in zf.infolist()} == {93}
    log = read_evidence(written.path)
    assert log.metric("accuracy").value == pytest.approx(written.accuracy)
    assert log.samples_total == 40
    with open_samples(written.path) as source:
        assert source.sample_count() == 120
        assert recompute_log(source).value == pytest.approx(written.true_accuracy)
        rows = source.summaries(100, 50)
        assert len(rows) == 20
        detail = source.detail(rows[0].id, rows[0].epoch)
        assert detail.scores[0].value == rows[0].score_value
        assert detail.messages[-1]["role"] == "assistant"


@pytest.mark.parametrize("reducer", ["mode", "median", "max", "min"])
def test_epoch_reducer_from_the_log(tmp_path: Path, reducer: str) -> None:
    written = write_eval_log(tmp_path / "r.eval", 30, epochs=3, reducer=reducer, seed=3)
    with open_samples(written.path) as source:
        assert source.log().reducer == reducer
        assert recompute_log(source).value == pytest.approx(written.true_accuracy)


def test_crashed_log_falls_back_to_the_start_journal(tmp_path: Path) -> None:
    written = write_eval_log(tmp_path / "c.eval", 5, with_header=False, with_summaries=False,
                             with_reductions=False)
    log = read_evidence(written.path)
    assert log.status == "started"
    assert any("no header.json" in n for n in log.notes)
    assert log.metrics == ()
    with open_samples(written.path) as source:  # rows from the journal's summaries
        assert source.sample_count() == 5
        assert source.summaries(0, 5)[0].score_value in ("C", "I")


def test_no_summaries_at_all_gives_rows_from_member_names(tmp_path: Path) -> None:
    path = tmp_path / "bare.eval"
    write_eval_log(tmp_path / "full.eval", 3)
    with zipfile.ZipFile(tmp_path / "full.eval") as src, zipfile.ZipFile(path, "w") as dst:
        for name in src.namelist():
            if "summaries" not in name:
                dst.writestr(name, src.read(name))
    with open_samples(path) as source:
        rows = source.summaries(0, 10)
        assert sorted(r.id for r in rows) == ["1", "2", "3"]
        assert rows[0].score_value is None
        assert source.detail(rows[0].id, 1).scores


def test_big_sample_body_is_streamed_without_events(tmp_path: Path, monkeypatch: pytest.MonkeyPatch
                                                    ) -> None:
    written = write_eval_log(tmp_path / "big.eval", 2, body_padding=300_000)
    monkeypatch.setattr(inspect_eval, "SAMPLE_WHOLE_LIMIT", 100_000)
    with InspectEvalReader(written.path) as reader:
        detail = reader.sample("1", 1)
        assert detail.notes and "events" in detail.notes[0]
        assert detail.scores[0].scorer == "match"


def test_large_summaries_member_is_streamed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch
                                            ) -> None:
    written = write_eval_log(tmp_path / "s.eval", 300, zstd=True)
    with open_samples(written.path) as source:
        assert len(source.summaries(250, 100)) == 50
        assert recompute_log(source).value == pytest.approx(written.true_accuracy)


def test_score_and_text_filters(tmp_path: Path) -> None:
    written = write_eval_log(tmp_path / "f.eval", 50, partial_every=10)
    with open_samples(written.path) as source:
        rows = source.summaries(0, 50)
        partial = source.filter(score="P")
        assert [rows[i].id for i in partial] == ["10", "20", "30", "40", "50"]
        assert source.filter(text="Task 17:") == [16]
        assert source.filter(score="P", text="task 20:") == [19]


def test_missing_sample_is_an_evidence_error(tmp_path: Path) -> None:
    written = write_eval_log(tmp_path / "m.eval", 2)
    with open_samples(written.path) as source, pytest.raises(EvidenceError) as err:
        source.detail("99", 1)
    assert err.value.code == "EVIDENCE_NO_SUCH_SAMPLE"


def _flip_byte(path: Path, member: str) -> None:
    with zipfile.ZipFile(path) as zf:
        info = zf.getinfo(member)
    with path.open("r+b") as f:
        f.seek(info.header_offset + 26)
        name_len, extra_len = int.from_bytes(f.read(2), "little"), int.from_bytes(f.read(2), "little")
        at = info.header_offset + 30 + name_len + extra_len + info.compress_size // 2
        f.seek(at)
        byte = f.read(1)
        f.seek(at)
        f.write(bytes([byte[0] ^ 0xFF]))


@pytest.mark.parametrize("zstd", [False, True], ids=["deflate", "zstd"])
def test_damaged_member_is_an_evidence_error(tmp_path: Path, zstd: bool) -> None:
    written = write_eval_log(tmp_path / "d.eval", 3, zstd=zstd)
    _flip_byte(written.path, "header.json")
    with pytest.raises(EvidenceError):
        read_evidence(written.path)


@pytest.mark.parametrize("cut", [10, 200, -30])
def test_truncated_or_foreign_files_are_evidence_errors(tmp_path: Path, cut: int) -> None:
    written = write_eval_log(tmp_path / "t.eval", 3)
    data = written.path.read_bytes()
    bad = tmp_path / "bad.eval"
    bad.write_bytes(data[:cut] if cut > 0 else data[:cut] + b"garbage")
    with pytest.raises(EvidenceError):
        read_evidence(bad, "inspect-eval")


def test_not_a_zip_is_an_evidence_error(tmp_path: Path) -> None:
    bad = tmp_path / "x.eval"
    bad.write_bytes(b"PK\x03\x04 definitely not a zip")
    with pytest.raises(EvidenceError) as err:
        read_evidence(bad)
    assert "zip" in err.value.message


# --- .json logs ---------------------------------------------------------------


def _json_log(path: Path, samples: int, *, samples_first: bool) -> None:
    header = {"version": 2, "status": "success",
              "eval": {"task": "t", "model": "m", "config": {}},
              "plan": {}, "stats": {}}
    results = {"total_samples": samples, "completed_samples": samples, "scores": [
        {"name": "match", "scorer": "match", "params": {}, "metrics": {
            "accuracy": {"name": "accuracy", "value": 0.5, "params": {}}}}]}
    body = [{"id": i, "epoch": 1, "input": f"q{i}", "target": "a",
             "messages": [{"role": "user", "content": "x" * 1000}],
             "events": [{"event": "info", "data": "y" * 1000}],
             "scores": {"match": {"value": "C" if i % 2 else "I", "answer": "a"}}}
            for i in range(samples)]
    doc = {**header, "samples": body, "results": results} if samples_first else \
        {**header, "results": results, "samples": body}
    path.write_text(json.dumps(doc))


@pytest.mark.parametrize("samples_first", [False, True])
def test_json_log_header_skips_samples(tmp_path: Path, samples_first: bool) -> None:
    path = tmp_path / "log.json"
    _json_log(path, 200, samples_first=samples_first)
    log = read_evidence(path)
    assert log.metric("accuracy").value == 0.5
    with open_samples(path) as source:
        assert source.sample_count() == 200
        assert recompute_log(source).value == pytest.approx(0.5)
        assert source.detail("7", 1).input == "q7"


def test_json_header_does_not_read_past_samples(tmp_path: Path) -> None:
    path = tmp_path / "log.json"
    _json_log(path, 50, samples_first=False)
    # Break the file after the samples start: the header must still read.
    text = path.read_text()
    cut = text.index('"samples"') + 200
    path.write_text(text[:cut])
    reader = InspectJsonReader(path)
    assert reader.log().metric("accuracy").value == 0.5


def test_json_log_with_nan_in_samples_streams_at_any_size(tmp_path: Path) -> None:
    path = tmp_path / "nan.json"
    _json_log(path, 4, samples_first=False)
    path.write_text(path.read_text().replace('"value": "C"', '"value": NaN'))
    with open_samples(path) as source:
        assert source.sample_count() == 4
        rows = source.summaries(0, 4)
        nans = [r for r in rows if isinstance(r.score_value, float) and math.isnan(r.score_value)]
        assert nans, "a bare NaN is read as the number NaN"
        assert any("NaN or Infinity" in n for n in source.log().notes)
