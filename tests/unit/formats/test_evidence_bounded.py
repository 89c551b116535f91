"""Sample details stay bounded: long strings are cut with a marker while
streaming (``json_bounded.BoundedReader``) or after parsing, in ``.eval`` and
``.json`` logs alike."""

from __future__ import annotations

import io
import json
import random
import zipfile
from pathlib import Path
from typing import Any

import ijson
import pytest

from reviewer_app.formats.evidence import inspect_eval, open_samples
from reviewer_app.formats.evidence.inspect_eval import InspectEvalReader
from reviewer_app.formats.evidence.json_bounded import (
    STRING_CAP,
    BoundedReader,
    Budget,
    bound_value,
)
from tests.support.inspect_logs import write_eval_log

MARK = "\u2026 [truncated: "
BIG = 30_000_000  # characters of one answer: streamed (over SAMPLE_WHOLE_LIMIT)


def _through(raw: bytes, cap: int, read: int = 7) -> Any:
    class Dribble:  # a source that hands out a few bytes per read (splits every token)
        def __init__(self) -> None:
            self.stream = io.BytesIO(raw)

        def read(self, _size: int = -1) -> bytes:
            return self.stream.read(read)

    return next(ijson.items(BoundedReader(Dribble(), cap=cap), "", use_float=True))


def test_big_answer_in_an_eval_sample_is_cut_with_a_marker(tmp_path: Path) -> None:
    written = write_eval_log(tmp_path / "big.eval", 2, answer_padding=BIG)
    with zipfile.ZipFile(written.path) as zf:
        assert zf.getinfo("samples/1_epoch_1.json").file_size > inspect_eval.SAMPLE_WHOLE_LIMIT
    with open_samples(written.path) as source:
        detail = source.detail("1", 1)
        answer = detail.messages[-1]["content"]
        assert len(answer) < STRING_CAP + 100
        head, _, tail = answer.partition(MARK)
        assert head.endswith("y") and len(head) <= STRING_CAP
        more = int(tail.split(" ")[0].replace(",", ""))
        assert len(head.encode()) + more == len(written_answer(written.path))
        assert any("cut at 64 KiB" in note for note in detail.notes)
        assert detail.scores[0].scorer == "match"  # what follows the big value is still read
        assert source.detail("2", 1).notes == ()  # a small sample is untouched


def written_answer(path: Path) -> str:
    with zipfile.ZipFile(path) as zf:
        body = json.loads(zf.read("samples/1_epoch_1.json"))
    text: str = body["messages"][-1]["content"]
    return text


def test_small_sample_with_a_long_string_is_cut_after_parsing(tmp_path: Path) -> None:
    written = write_eval_log(tmp_path / "mid.eval", 1, answer_padding=200_000)
    with InspectEvalReader(written.path) as reader:
        detail = reader.sample("1", 1)
    answer = detail.messages[-1]["content"]
    assert answer.startswith(written_answer(written.path)[:STRING_CAP])
    assert answer.endswith(" bytes more]") and MARK in answer
    assert detail.output["choices"][0]["message"]["content"] == answer


def test_big_answer_in_a_json_log_is_cut(tmp_path: Path) -> None:
    body = {"id": 1, "epoch": 1, "input": "q", "target": "t",
            "messages": [{"role": "assistant", "content": "z" * 5_000_000}],
            "events": [{"data": "e" * 3_000_000}],
            "scores": {"match": {"value": "C"}}}
    log = {"version": 2, "status": "success", "eval": {"task": "t", "model": "m"},
           "results": {"scores": []}, "samples": [body, {**body, "id": 2, "messages": []}]}
    path = tmp_path / "big.json"
    path.write_text(json.dumps(log))
    with open_samples(path) as source:
        rows = source.summaries(0, 2)
        assert [r.id for r in rows] == ["1", "2"]
        detail = source.detail("1", 1)
    content = detail.messages[0]["content"]
    assert MARK in content and len(content) < STRING_CAP + 100
    assert any("cut at 64 KiB" in note for note in detail.notes)
    assert detail.scores[0].value == "C"


def test_the_whole_detail_is_held_to_a_budget() -> None:
    budget = Budget(chars=1000)
    value = bound_value({"messages": [{"content": "m" * 100} for _ in range(50)]}, budget)
    kept = value["messages"]
    assert len(kept) < 50 and kept[-1].endswith("more items not shown]")
    assert budget.cut and any("left out" in n for n in budget.notes())


@pytest.mark.parametrize("ensure_ascii", [True, False])
def test_reader_cuts_only_long_strings_and_keeps_text_valid(ensure_ascii: bool) -> None:
    rng = random.Random(5)
    alphabet = ["a", "\u00e9", "\u20ac", "\U0001f600", '"', "\\", "\n", "\u2028"]
    for _ in range(400):
        strings = ["".join(rng.choice(alphabet) for _ in range(rng.randint(0, 40)))
                   for _ in range(rng.randint(1, 4))]
        cap = rng.choice([1, 4, 9, 20])
        raw = json.dumps({"k": strings, "n": 1}, ensure_ascii=ensure_ascii).encode()
        got = _through(raw, cap)
        assert got["n"] == 1
        for original, seen in zip(strings, got["k"], strict=True):
            if seen == original:
                continue
            head, _, tail = seen.partition(MARK)
            assert tail.endswith(" bytes more]")
            assert original.startswith(head)  # cut on a character, never inside an escape
            assert len(json.dumps(head, ensure_ascii=ensure_ascii)) - 2 <= cap


@pytest.mark.parametrize("bad", [b'{"a": "x\\q\\uZZZZ long text"}', b'{"a": "never closed'])
def test_malformed_strings_still_fail_to_parse(bad: bytes) -> None:
    with pytest.raises(ijson.JSONError):
        _through(bad, 4)


# --- .json logs: a byte-offset index from the first pass ---------------------------------

DATA = Path(__file__).resolve().parents[2] / "data" / "inspect"


def _log_with(samples: list[dict[str, Any]], path: Path) -> Path:
    doc = {"version": 2, "status": "success", "eval": {"task": "t", "model": "m",
                                                        "dataset": {"samples": len(samples)}},
           "plan": {"steps": [[1], {"k": "]"}]}, "results": {"scores": []},
           "samples": samples, "reductions": [{"scorer": "match", "samples": []}]}
    path.write_text(json.dumps(doc))
    return path


def test_json_details_seek_to_the_sample_after_the_first_pass(tmp_path: Path) -> None:
    samples = [{"id": i, "epoch": 1, "input": f"question {i} with ] and }} inside",
                "messages": [{"role": "user", "content": [{"type": "text", "text": "{["}]}],
                "scores": {"match": {"value": "C"}}} for i in range(1, 41)]
    path = _log_with(samples, tmp_path / "log.json")
    with open_samples(path) as source:
        assert source.sample_count() == 40  # the first pass, which leaves the index
        assert source.detail("3", 1).input == "question 3 with ] and } inside"
        # Break the text before sample 30: a reader streaming from the start
        # could no longer reach it; a seek does not pass there.
        raw = path.read_bytes()
        at = raw.index(b'"question 5 with')
        path.write_bytes(raw[:at] + b"!" + raw[at + 1:])
        assert source.detail("30", 1).input == "question 30 with ] and } inside"
        assert source.detail("40", 1).messages[0]["content"][0]["text"] == "{["


@pytest.mark.parametrize("path", sorted(DATA.glob("*.json")), ids=lambda p: p.name)
def test_indexed_details_equal_streamed_ones_on_real_logs(path: Path) -> None:
    from reviewer_app.formats.evidence.inspect_json import InspectJsonReader

    with InspectJsonReader(path) as reader:
        rows = list(reader.iter_summaries())
        indexed = [reader.sample(r.id, r.epoch, i) for i, r in enumerate(rows)]
        assert reader._spans is not None or not rows  # NaN logs stream and index too
        reader._spans = None  # the slow path: stream from the start each time
        streamed = [reader.sample(r.id, r.epoch, i) for i, r in enumerate(rows)]
    assert indexed == streamed
