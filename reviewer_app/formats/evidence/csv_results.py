"""The package spec's CSV evidence: a header row, then ``benchmark, metric,
score`` and optionally ``n`` and ``stderr``; one row per reported score."""

from __future__ import annotations

import csv
import io
import math
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from reviewer_app.formats.evidence.common import (
    UNREADABLE,
    EvidenceError,
    EvidenceLog,
    MetricValue,
    as_float,
    guarded,
)
from reviewer_app.formats.evidence.json_document import MAX_WHOLE_BYTES, too_large

FORMAT = "csv"
REQUIRED = ("benchmark", "metric", "score")
MAX_ROWS = 100_000
# A row of scores is short; a longer line (a flood of empty cells) is refused.
MAX_LINE_CHARS = 64 << 10


@guarded("not a readable evidence CSV")
def read_csv_results(path: Path) -> EvidenceLog:
    """Streamed line by line (never read whole); files over ``MAX_WHOLE_BYTES``
    are ``EVIDENCE_TOO_LARGE`` (100,000 rows of scores are a few MiB)."""
    path = Path(path)
    size = path.stat().st_size
    if size > MAX_WHOLE_BYTES:
        raise too_large(path.name, size)
    with path.open(encoding="utf-8-sig", newline="") as text:
        try:
            return _read(path, csv.reader(_lines(text, path.name)))
        except UnicodeDecodeError as exc:
            raise EvidenceError(UNREADABLE, f"{path.name} is not UTF-8 text: {exc}") from exc


def _lines(text: io.TextIOBase, name: str) -> Iterator[str]:
    for number, line in enumerate(iter(lambda: text.readline(MAX_LINE_CHARS + 1), ""), start=1):
        if len(line) > MAX_LINE_CHARS:
            raise too_large(f"{name} line {number}", len(line), MAX_LINE_CHARS)
        yield line


def _read(path: Path, reader: Any) -> EvidenceLog:
    header = next(reader, None)
    if header is None:
        raise EvidenceError(UNREADABLE, f"{path.name} is empty (a header row is required)")
    columns = [h.strip().lower() for h in header]
    missing = [c for c in REQUIRED if c not in columns]
    if missing:
        raise EvidenceError(UNREADABLE, f"{path.name} line 1: missing column(s) "
                                        f"{', '.join(missing)} (header: {', '.join(columns)})")
    index = {name: columns.index(name) for name in (*REQUIRED, "n", "stderr") if name in columns}
    metrics: list[MetricValue] = []
    notes: list[str] = []
    for row in reader:
        line = reader.line_num
        if not any(cell.strip() for cell in row):
            continue
        if len(metrics) >= MAX_ROWS:
            raise EvidenceError(UNREADABLE, f"{path.name} has more than {MAX_ROWS} rows")

        def cell(name: str, row: list[str] = row) -> str:
            i = index.get(name)
            return row[i].strip() if i is not None and i < len(row) else ""

        score = as_float(cell("score"))
        if score is None:
            raise EvidenceError(UNREADABLE, f"{path.name} line {line}: score "
                                            f"{cell('score')!r} is not a number")
        if math.isnan(score):
            notes.append(f"line {line}: the score is NaN")
        n_text = cell("n")
        n = None
        if n_text:
            if not n_text.isdigit():
                raise EvidenceError(UNREADABLE, f"{path.name} line {line}: n {n_text!r} is not "
                                                "a whole number")
            n = int(n_text)
        stderr_text = cell("stderr")
        stderr = as_float(stderr_text) if stderr_text else None
        if stderr_text and stderr is None:
            notes.append(f"line {line}: stderr {stderr_text!r} is not a number (ignored)")
        if not cell("benchmark") or not cell("metric"):
            raise EvidenceError(UNREADABLE, f"{path.name} line {line}: benchmark and metric "
                                            "must not be empty")
        metrics.append(MetricValue(cell("benchmark"), cell("metric"), score, stderr, n))
    if not metrics:
        notes.append("the CSV holds no scores")
    benchmarks = tuple(dict.fromkeys(m.scorer for m in metrics))
    return EvidenceLog(format=FORMAT, task=benchmarks[0] if len(benchmarks) == 1 else "",
                       model="", status="success", version="1", metrics=tuple(metrics),
                       samples_total=None, notes=tuple(notes), tasks=benchmarks)
