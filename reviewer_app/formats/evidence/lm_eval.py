"""lm-evaluation-harness results (``results_<date>.json``) and per-sample records.

Current form: ``results[task]`` holds ``"metric,filter"`` keys (``"acc,none"``,
``"acc_stderr,none"``) and an ``alias``; ``groups`` holds group aggregates;
``n-samples[task]`` is ``{original, effective}``; ``higher_is_better[task]``
maps bare metric names to booleans. Old form: ``{"results": {task: {"acc": ...,
"acc_stderr": ...}}, "versions": {...}}``. A stderr may be the string "N/A".
Per-sample records (``samples_<task>_<date>.jsonl``) carry each metric per doc.
"""

from __future__ import annotations

import io
import math
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from reviewer_app.formats.evidence.common import (
    UNREADABLE,
    EvidenceError,
    EvidenceLog,
    MetricValue,
    SampleSummary,
    as_dict,
    as_float,
    as_int,
    as_str,
    guarded,
    preview,
)
from reviewer_app.formats.evidence.json_document import SMALL_JSON, load_document, too_large

FORMAT = "lm-eval-results"
# One per-sample record (a line) read at most: a record is kilobytes.
MAX_LINE_BYTES = SMALL_JSON


@guarded("not readable lm-evaluation-harness results")
def read_lm_eval(path: Path) -> EvidenceLog:
    """A results file is kilobytes: read within ``json_document``'s bounds (an
    absurd one is ``EVIDENCE_TOO_LARGE``; bare NaN read as numbers)."""
    path = Path(path)
    with path.open("rb") as stream:
        data = load_document(stream, path.name, os.fstat(stream.fileno()).st_size)
    if not isinstance(data, dict) or not isinstance(data.get("results"), dict):
        raise EvidenceError(UNREADABLE, f"{path.name} has no 'results' object: not "
                                        "lm-evaluation-harness results")
    return results_to_log(data)


def results_to_log(data: dict[str, Any]) -> EvidenceLog:
    notes: list[str] = []
    n_samples = as_dict(data.get("n-samples"))
    better = as_dict(data.get("higher_is_better"))
    tasks: dict[str, dict[str, Any]] = {}
    for section in ("results", "groups"):
        for task, values in as_dict(data.get(section)).items():
            tasks.setdefault(str(task), as_dict(values))
    metrics: list[MetricValue] = []
    na_stderr = False
    for task, values in tasks.items():
        counts = as_dict(n_samples.get(task))
        n = as_int(counts.get("effective"))
        if n is None:
            n = as_int(counts.get("original"))
        task_better = as_dict(better.get(task))
        for key, raw in values.items():
            name, _, filt = str(key).partition(",")
            if key == "alias" or name.endswith("_stderr"):
                continue
            stderr_key = f"{name}_stderr,{filt}" if filt else f"{name}_stderr"
            stderr_raw = values.get(stderr_key)
            if isinstance(stderr_raw, str):
                na_stderr = True
            value = as_float(raw)
            if value is None and not isinstance(raw, int | float):
                continue  # a non-numeric field (e.g. a sample_len string)
            hib = task_better.get(name)
            metrics.append(MetricValue(task, str(key), value, as_float(stderr_raw), n,
                                       hib if isinstance(hib, bool) else None))
            if value is not None and math.isnan(value):
                notes.append(f"{task}/{key} is NaN in the results")
    if na_stderr:
        notes.append("some standard errors are 'N/A' in the results (not computed)")
    old_form = not any("," in m.name for m in metrics)
    if old_form:
        notes.append("older lm-evaluation-harness results form (no filters, no sample counts)")
    if not metrics:
        notes.append("the results hold no metrics")
    config = as_dict(data.get("config"))
    return EvidenceLog(
        format=FORMAT,
        task=next(iter(tasks)) if len(tasks) == 1 else "",
        model=_model(data, config),
        status="success",
        version=as_str(data.get("lm_eval_version")) or ("old" if old_form else ""),
        metrics=tuple(metrics),
        samples_total=_total(n_samples, tasks),
        notes=tuple(notes),
        tasks=tuple(tasks),
    )


def _model(data: dict[str, Any], config: dict[str, Any]) -> str:
    if as_str(data.get("model_name")):
        return as_str(data.get("model_name"))
    args = config.get("model_args")
    if isinstance(args, dict):
        return as_str(args.get("pretrained"))
    for part in as_str(args).split(","):
        key, _, value = part.partition("=")
        if key.strip() == "pretrained":
            return value.strip()
    return as_str(config.get("model"))


def _total(n_samples: dict[str, Any], tasks: dict[str, Any]) -> int | None:
    if len(tasks) != 1:
        return None
    counts = as_dict(n_samples.get(next(iter(tasks))))
    return as_int(counts.get("effective")) or as_int(counts.get("original"))


def iter_lm_eval_samples(path: Path) -> Iterator[SampleSummary]:
    """Per-sample records, one JSON object a line; scores are the doc's metrics."""
    try:
        with Path(path).open("rb") as stream:
            for number, line in enumerate(iter(lambda: stream.readline(MAX_LINE_BYTES + 1), b""),
                                          start=1):
                if len(line) > MAX_LINE_BYTES:
                    raise too_large(f"{Path(path).name} line {number}", len(line),
                                    MAX_LINE_BYTES)
                if not line.strip():
                    continue
                record = as_dict(load_document(io.BytesIO(line),
                                               f"{Path(path).name} line {number}", len(line)))
                names = [str(m) for m in record.get("metrics") or [] if isinstance(m, str)]
                scores = {m: record.get(m) for m in names}
                first = names[0] if names else ""
                yield SampleSummary(
                    id=as_str(record.get("doc_id"), str(number)), epoch=1,
                    score_value=scores.get(first), scorer=first,
                    answer=preview(record.get("filtered_resps"), 200),
                    input_preview=preview(as_dict(record.get("doc")).get("question")
                                          or record.get("arguments"), 200),
                    target_preview=preview(record.get("target"), 100), scores=scores)
    except EvidenceError:
        raise
    except Exception as exc:  # hostile input: any failure is a rejection
        raise EvidenceError(UNREADABLE, f"{Path(path).name}: {type(exc).__name__}: {exc}") from exc


@guarded("not readable lm-evaluation-harness sample records")
def read_lm_eval_samples(path: Path) -> EvidenceLog:
    """The mean of each metric over the records (the file states no aggregate)."""
    sums: dict[str, float] = {}
    counts: dict[str, int] = {}
    for summary in iter_lm_eval_samples(path):
        for name, raw in summary.scores.items():
            value = as_float(raw)
            if value is not None:
                sums[name] = sums.get(name, 0.0) + value
                counts[name] = counts.get(name, 0) + 1
    metrics = tuple(MetricValue("samples", name, sums[name] / counts[name], None, counts[name])
                    for name in sums)
    return EvidenceLog(format=FORMAT, task="", model="", status="success", version="samples",
                       metrics=metrics, samples_total=max(counts.values(), default=0),
                       notes=("per-sample records: metrics are means computed here",))
