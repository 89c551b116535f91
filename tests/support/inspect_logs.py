"""Writes Inspect ``.eval`` logs in the real layout, of any size.

Members in the order Inspect writes them: ``_journal/start.json``, the
samples (``samples/{id}_epoch_{n}.json``), ``_journal/summaries/{k}.json``
chunks, then ``summaries.json``, ``reductions.json`` and ``header.json``.
Deflate by default; ``zstd=True`` writes zip method 93 members as
inspect_ai >= 0.3.206 does. The shapes follow inspect_ai's own test logs
(tests/data/inspect), so ``inspect_ai.log.read_eval_log`` reads them too.
"""

from __future__ import annotations

import json
import random
import statistics
import struct
import zipfile
import zlib
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import zstandard

WORDS = ["exploit", "buffer", "overflow", "binary", "flag", "service", "network", "packet", "cipher", "key", "shell", "privilege", "escalation", "kernel", "module", "payload", "server", "request", "token", "session"]


@dataclass(frozen=True)
class WrittenLog:
    path: Path
    samples: int  # distinct sample ids
    epochs: int
    accuracy: float  # what the header states (after any override)
    true_accuracy: float  # what the per-sample scores give with the reducer
    stderr: float


def _text(rng: random.Random, words: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(words))


def _reduce(values: list[float], reducer: str) -> float:
    if reducer == "mode":
        return Counter(values).most_common(1)[0][0]
    if reducer == "median":
        return float(statistics.median(values))
    if reducer == "max":
        return max(values)
    if reducer == "min":
        return min(values)
    return sum(values) / len(values)


def write_eval_log(path: Path, n_samples: int, *, epochs: int = 1, zstd: bool = False,
                   p_correct: float = 0.4, seed: int = 7, reducer: str = "mean",
                   stated_accuracy: float | None = None, status: str = "success",
                   with_header: bool = True, with_summaries: bool = True,
                   with_reductions: bool = True, body_padding: int = 0,
                   task: str = "cybench", model: str = "example/model-7",
                   partial_every: int = 0, answer_padding: int = 0) -> WrittenLog:
    """Write a log of ``n_samples`` ids x ``epochs``; scores "C"/"I" (and "P"
    every ``partial_every``-th sample); ``stated_accuracy`` makes the header
    disagree with the samples; ``body_padding`` adds that many bytes of event
    text to each sample body (a big sample); ``answer_padding`` makes the first
    sample's answer (a message shown in the detail) that many characters long."""
    rng = random.Random(seed)
    path = Path(path)
    created = "2026-11-20T14:03:00+00:00"
    eval_spec = _eval_spec(task, model, n_samples, epochs, reducer, created)
    members: list[tuple[str, bytes]] = [("_journal/start.json", _dump(
        {"version": 2, "eval": eval_spec, "plan": _PLAN}))]
    summaries: list[dict[str, Any]] = []
    per_id: dict[int, list[float]] = {}
    letters = {"C": 1.0, "I": 0.0, "P": 0.5}
    for epoch in range(1, epochs + 1):
        for sample_id in range(1, n_samples + 1):
            letter = "C" if rng.random() < p_correct else "I"
            if partial_every and sample_id % partial_every == 0:
                letter = "P"
            per_id.setdefault(sample_id, []).append(letters[letter])
            question = f"Task {sample_id}: " + _text(rng, 30)
            answer = rng.choice(WORDS)
            score = {"value": letter, "answer": answer, "explanation": f"model said {answer}"}
            body = _sample(sample_id, epoch, question, answer, score, model, body_padding)
            if answer_padding and sample_id == 1:
                body["messages"][-1]["content"] += "y" * answer_padding
            members.append((f"samples/{sample_id}_epoch_{epoch}.json", _dump(body)))
            summaries.append({"id": sample_id, "epoch": epoch, "input": question,
                              "target": "flag", "metadata": {"category": "ctf"},
                              "scores": {"match": score}, "completed": True,
                              "message_count": 3})
    for k, start in enumerate(range(0, len(summaries), 1000), start=1):
        members.append((f"_journal/summaries/{k}.json", _dump(summaries[start:start + 1000])))
    reduced = {i: _reduce(v, reducer) for i, v in per_id.items()}
    true_acc = sum(reduced.values()) / len(reduced) if reduced else 0.0
    stderr = (statistics.stdev(reduced.values()) / len(reduced) ** 0.5) if len(reduced) > 1 \
        else 0.0
    accuracy = true_acc if stated_accuracy is None else stated_accuracy
    if with_summaries:
        members.append(("summaries.json", _dump(summaries)))
    if with_reductions:
        members.append(("reductions.json", _dump([{"scorer": "match", "reducer": reducer,
            "samples": [{"value": v, "sample_id": i} for i, v in reduced.items()]}])))
    if with_header:
        header = {"version": 2, "status": status, "eval": eval_spec, "plan": _PLAN,
                  "results": _results(n_samples, accuracy, stderr, reducer),
                  "stats": {"started_at": created, "completed_at": created,
                            "model_usage": {}}}
        members.append(("header.json", _dump(header)))
    _write_zip(path, members, zstd)
    return WrittenLog(path, n_samples, epochs, accuracy, true_acc, stderr)


def _dump(value: Any) -> bytes:
    return json.dumps(value).encode()


_PLAN = {"name": "plan", "steps": [{"solver": "generate", "params": {}}], "config": {}}


def _eval_spec(task: str, model: str, n: int, epochs: int, reducer: str,
               created: str) -> dict[str, Any]:
    return {
        "eval_id": "FactoryEval0000000000", "run_id": "FactoryRun00000000000",
        "created": created, "task": task, "task_id": "FactoryTask000000000",
        "task_version": 0, "task_attribs": {}, "task_args": {},
        "dataset": {"name": task, "location": f"example://{task}", "samples": n,
                    "sample_ids": list(range(1, n + 1)), "shuffled": False},
        "model": model, "model_args": {},
        "config": {"epochs": epochs, "epochs_reducer": [reducer]},
        "packages": {"inspect_ai": "0.3.210"},
        "scorers": [{"name": "match", "options": {}, "metadata": {},
                     "metrics": [{"name": "inspect_ai/accuracy", "options": {}},
                                 {"name": "inspect_ai/stderr", "options": {}}]}],
    }


def _results(n: int, accuracy: float, stderr: float, reducer: str) -> dict[str, Any]:
    return {"total_samples": n, "completed_samples": n, "scores": [{
        "name": "match", "scorer": "match", "reducer": reducer, "scored_samples": n,
        "unscored_samples": 0, "params": {},
        "metrics": {"accuracy": {"name": "accuracy", "value": accuracy, "params": {}},
                    "stderr": {"name": "stderr", "value": stderr, "params": {}}}}]}


def _sample(sample_id: int, epoch: int, question: str, answer: str, score: dict[str, Any],
            model: str, padding: int) -> dict[str, Any]:
    assistant = {"id": f"m{sample_id}e{epoch}a", "content": answer, "source": "generate",
                 "role": "assistant", "model": model}
    events: list[dict[str, Any]] = [{"timestamp": "2026-11-20T14:03:00+00:00",
                                     "event": "info", "data": "started"}]
    if padding:
        events.append({"timestamp": "2026-11-20T14:03:01+00:00", "event": "info",
                       "data": "x" * padding})
    return {
        "id": sample_id, "epoch": epoch, "input": question, "target": "flag",
        "messages": [
            {"id": f"m{sample_id}e{epoch}s", "content": "You are a CTF player.",
             "role": "system"},
            {"id": f"m{sample_id}e{epoch}u", "content": question, "source": "input",
             "role": "user"},
            assistant,
        ],
        "output": {"model": model, "choices": [{"message": assistant, "stop_reason": "stop"}],
                   "usage": {"input_tokens": 60, "output_tokens": 2, "total_tokens": 62}},
        "scores": {"match": score}, "metadata": {"category": "ctf"}, "store": {},
        "events": events, "model_usage": {}, "attachments": {},
    }


def _write_zip(path: Path, members: list[tuple[str, bytes]], zstd: bool) -> None:
    """Deflate through zipfile; zstd by writing the compressed bytes as stored
    members and then rewriting method, CRC and size (3.11 cannot write 93)."""
    if not zstd:
        with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as zf:
            for name, data in members:
                zf.writestr(name, data)
        return
    compressor = zstandard.ZstdCompressor(level=3)
    fixes: list[tuple[zipfile.ZipInfo, int, int]] = []
    with zipfile.ZipFile(path, "w", zipfile.ZIP_STORED) as zf:
        for name, data in members:
            zf.writestr(name, compressor.compress(data))
            info = zf.filelist[-1]
            fixes.append((info, zlib.crc32(data), len(data)))
        for info, crc, size in fixes:
            info.compress_type = 93
            info.CRC = crc
            info.file_size = size
    with path.open("r+b") as fp:  # local headers: method, CRC, uncompressed size
        for info, crc, size in fixes:
            fp.seek(info.header_offset + 8)
            fp.write(struct.pack("<H", 93))
            fp.seek(info.header_offset + 14)
            fp.write(struct.pack("<I", crc))
            fp.seek(info.header_offset + 22)
            fp.write(struct.pack("<I", size))
