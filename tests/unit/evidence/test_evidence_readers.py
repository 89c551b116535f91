"""Every real Inspect log and lm-eval results file in tests/data: the metrics we
read equal the ones the file states (read here independently with json,
zipfile and zstandard), plus spot values checked by eye."""

from __future__ import annotations

import json
import math
import struct
import zipfile
from pathlib import Path
from typing import Any

import pytest
import zstandard

from reviewer_app.formats.evidence import EvidenceError, open_samples, read_evidence
from reviewer_app.services.evidence.evaluation import recompute_log

DATA = Path(__file__).resolve().parents[2] / "data"
INSPECT = sorted(p for p in (DATA / "inspect").iterdir() if p.is_file())
LM_EVAL = sorted((DATA / "lm_eval").glob("*.json"))
INVALID = {"log_invalid.txt"}


def _zip_member(path: Path, name: str) -> bytes:
    """A member's bytes, zstd (method 93) decoded by hand as a cross-check."""
    with zipfile.ZipFile(path) as zf:
        info = zf.getinfo(name)
        if info.compress_type != 93:
            return zf.read(name)
    with path.open("rb") as f:
        f.seek(info.header_offset)
        head = f.read(30)
        name_len, extra_len = struct.unpack("<HH", head[26:30])
        f.seek(info.header_offset + 30 + name_len + extra_len)
        packed = f.read(info.compress_size)
    return zstandard.ZstdDecompressor().decompressobj().decompress(packed)


def _raw_log(path: Path) -> dict[str, Any]:
    if path.suffix == ".eval":
        return json.loads(_zip_member(path, "header.json"))
    return json.loads(path.read_text())


def _stated_metrics(node: Any) -> list[tuple[str, float]]:
    """Every ``{name, value}`` metric object anywhere under ``results``."""
    found: list[tuple[str, float]] = []
    if isinstance(node, dict):
        if "name" in node and isinstance(node.get("value"), int | float) \
                and not isinstance(node.get("value"), bool):
            found.append((node["name"], float(node["value"])))
        for value in node.values():
            found.extend(_stated_metrics(value))
    elif isinstance(node, list):
        for value in node:
            found.extend(_stated_metrics(value))
    return found


def _same(a: float | None, b: float | None) -> bool:
    if a is None or b is None:
        return a is b
    return (math.isnan(a) and math.isnan(b)) or a == pytest.approx(b, abs=1e-12)


@pytest.mark.parametrize("path", [p for p in INSPECT if p.name not in INVALID], ids=lambda p: p.name)
def test_inspect_metrics_equal_what_the_log_states(path: Path) -> None:
    raw = _raw_log(path)
    results = raw.get("results") or {}
    stated = [m for m in _stated_metrics(results.get("scores", results.get("scorers", results)))
              if not isinstance(m, tuple) or m[0]]
    if "metrics" in results:
        stated = [(v["name"], float(v["value"])) for v in results["metrics"].values()]
    log = read_evidence(path)
    ours = sorted(((m.name, m.value) for m in log.metrics), key=lambda x: x[0])
    stated.sort(key=lambda x: x[0])
    assert [n for n, _ in ours] == [n for n, _ in stated]
    assert all(_same(a, b) for (_, a), (_, b) in zip(ours, stated, strict=True))
    assert log.status == raw["status"]
    assert log.task == raw["eval"]["task"]
    assert log.model == raw["eval"]["model"]


@pytest.mark.parametrize("path", [p for p in INSPECT if p.name not in INVALID], ids=lambda p: p.name)
def test_inspect_sample_rows_match_the_log(path: Path) -> None:
    if path.suffix == ".eval":
        with zipfile.ZipFile(path) as zf:
            expected = sum(1 for n in zf.namelist() if n.startswith("samples/"))
    else:
        expected = len(json.loads(path.read_text()).get("samples") or [])
    with open_samples(path) as source:
        assert source.sample_count() == expected
        rows = source.summaries(0, expected + 5)
        assert len(rows) == expected
        for row in rows[:3]:
            detail = source.detail(row.id, row.epoch)
            assert (detail.id, detail.epoch) == (row.id, row.epoch)


@pytest.mark.parametrize("path", LM_EVAL, ids=lambda p: p.name)
def test_lm_eval_metrics_equal_what_the_file_states(path: Path) -> None:
    raw = json.loads(path.read_text())
    expected: dict[tuple[str, str], float] = {}
    stderrs: dict[tuple[str, str], Any] = {}
    for section in ("results", "groups"):
        for task, values in (raw.get(section) or {}).items():
            for key, value in values.items():
                name, _, filt = key.partition(",")
                if name.endswith("_stderr"):
                    bare = name[: -len("_stderr")] + ("," + filt if filt else "")
                    stderrs[(task, bare)] = value
                elif key != "alias" and isinstance(value, int | float):
                    expected.setdefault((task, key), float(value))
    log = read_evidence(path)
    ours = {(m.scorer, m.name): m for m in log.metrics}
    assert set(ours) == set(expected)
    for key, value in expected.items():
        assert _same(ours[key].value, value), key
        stderr = stderrs.get(key)
        assert _same(ours[key].stderr, stderr if isinstance(stderr, int | float) else None), key
        n = (raw.get("n-samples") or {}).get(key[0], {}).get("effective")
        assert ours[key].n == n


# --- spot values read by eye --------------------------------------------------


def test_spot_values() -> None:
    log = read_evidence(DATA / "inspect" / "log_streaming.eval")
    assert log.metric("accuracy").value == 0.75
    assert log.metric("accuracy").stderr == 0.25
    log = read_evidence(DATA / "inspect" /
                        "scorer_2025-02-11T15-18-04-05-00_popularity_mj7khqpMM4GBCfVQozKgzB.eval")
    assert log.metric("accuracy").value == 0.8
    llama = read_evidence(DATA / "lm_eval" / "Llama-3.2-1B_results_2025-03-03T00-05-19.750676.json")
    arc = llama.metric("acc", "arc_challenge")
    assert (arc.name, arc.value, arc.n) == ("acc,none", 0.3122866894197952, 1172)
    gemma = read_evidence(DATA / "lm_eval" /
                          "gemma-2b_masakhaner_results_2026-01-16T15-23-47.285735.json")
    assert gemma.metrics[0].stderr is None
    assert any("N/A" in n for n in gemma.notes)
    old = read_evidence(DATA / "lm_eval" / "testdata_arc_challenge-v0-res.json")
    assert old.metric("acc").value == 0.24488054607508533
    assert any("older" in n for n in old.notes)


def test_nan_newer_version_and_status_are_notes_not_crashes() -> None:
    nan = read_evidence(DATA / "inspect" / "log_with_nan.txt")
    assert math.isnan(nan.metric("accuracy").value)
    assert any("NaN" in n for n in nan.notes)
    newer = read_evidence(DATA / "inspect" / "log_version_3.txt")
    assert newer.version == "4" and any("newer" in n for n in newer.notes)
    assert newer.metric("accuracy").value == 1.0
    error = read_evidence(DATA / "inspect" /
                          "2024-08-29T15-11-18+00-00_popularity_5EAmX6wjMFqea6WY7XHzZp.json")
    assert error.status == "error" and any("error" in n for n in error.notes)
    cancelled = read_evidence(DATA / "inspect" / "analysis_2025-05-12T20-28-13-04-00_no-samples.json")
    assert cancelled.status == "cancelled" and any("cancelled" in n for n in cancelled.notes)
    unscored = read_evidence(DATA / "inspect" / "pr4526_postfix_retry-2-then-success.zstd.eval")
    assert unscored.metrics == () and any("no metrics" in n for n in unscored.notes)


def test_invalid_log_is_a_clean_evidence_error() -> None:
    with pytest.raises(EvidenceError) as err:
        read_evidence(DATA / "inspect" / "log_invalid.txt")
    assert err.value.code == "EVIDENCE_UNREADABLE"
    assert "line 2" in err.value.message


@pytest.mark.parametrize(("name", "expected"), [
    ("log_streaming.eval", 0.75),  # two epochs, mean reducer
    ("scorer_2025-02-11T15-18-04-05-00_popularity_mj7khqpMM4GBCfVQozKgzB.eval", 0.8),
    ("analysis_2025-05-12T20-28-13-04-00_popularity.json", 2 / 3),
    ("analysis_2025-05-12T20-28-13-04-00_no-samples.json", 2 / 3),  # from reductions
    ("log_formats.json", 0.0),
    ("mmlu-summary-choices.eval", 0.0),
    ("2024-11-05T13-31-45-05-00_input-task_8zXjbRzCWrL9GXiXo2vus9.json", 1.0),
])
def test_recomputed_accuracy_equals_the_logs(name: str, expected: float) -> None:
    with open_samples(DATA / "inspect" / name) as source:
        result = recompute_log(source)
        assert result.value == pytest.approx(expected)
        assert result.value == pytest.approx(source.log().metric("accuracy").value)
