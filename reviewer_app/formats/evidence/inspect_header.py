"""An Inspect log header (``header.json`` or a ``.json`` log minus its samples).

The shape of ``results`` changed several times while ``version`` stayed 2:

* to May 2024: ``results.scorer`` + ``results.metrics``;
* then ``results.scorers[]`` (each with its own ``metrics``);
* from Aug 2024: ``total_samples``, ``completed_samples``, ``scores[]`` with
  ``{name, scorer, params, metrics}``; later ``scored_samples`` and ``reducer``.

Metric objects were ``{name, value, options}`` and became ``{name, value,
params}``; both are read. A ``stderr`` (or ``std``) metric is listed and also
attached to the other metrics of the same scorer.
"""

from __future__ import annotations

import math
from typing import Any

from reviewer_app.formats.evidence.common import (
    UNSUPPORTED_VERSION,
    EvidenceError,
    EvidenceLog,
    MetricValue,
    as_dict,
    as_float,
    as_int,
    as_list,
    as_str,
)

# Versions this reader knows. A later one is read as far as it goes, with a note.
KNOWN_VERSIONS = (1, 2)
# Inspect writes a "stray" 3 in a few builds; its shape is that of 2.
TOLERATED_VERSIONS = (3,)
_STDERR_NAMES = ("stderr", "std", "bootstrap_std", "bootstrap_stderr")


def header_to_log(header: dict[str, Any], fmt: str, notes: list[str]) -> EvidenceLog:
    """The headline of an Inspect log from its header fields."""
    version = header.get("version")
    version_int = as_int(version)
    if version_int is None:
        raise EvidenceError(UNSUPPORTED_VERSION,
                            f"the log has no usable 'version' field (found {version!r})")
    if version_int not in KNOWN_VERSIONS + TOLERATED_VERSIONS:
        if version_int > max(KNOWN_VERSIONS):
            notes.append(f"log format version {version_int} is newer than this reader knows "
                         f"(up to {max(KNOWN_VERSIONS)}); read what could be read")
        else:
            raise EvidenceError(UNSUPPORTED_VERSION,
                                f"log format version {version_int} is not supported")
    status = as_str(header.get("status"), "unknown")
    if status in ("error", "cancelled", "started"):
        word = {"error": "ended with an error", "cancelled": "was cancelled",
                "started": "never finished (status 'started')"}[status]
        notes.append(f"the run {word}; its results may cover only part of the samples")
    error = as_dict(header.get("error"))
    if error.get("message"):
        notes.append(f"the run reported an error: {as_str(error.get('message'))[:300]}")
    eval_ = as_dict(header.get("eval"))
    results = as_dict(header.get("results"))
    metrics = list(_metrics(results))
    if not results:
        notes.append("the log holds no results")
    elif not metrics:
        notes.append("the log's results hold no metrics (nothing was scored)")
    for m in metrics:
        if m.value is not None and math.isnan(m.value):
            notes.append(f"{m.scorer}/{m.name} is NaN in the log")
    total = as_int(results.get("completed_samples"))
    if total is None:
        total = as_int(results.get("total_samples"))
    return EvidenceLog(
        format=fmt,
        task=as_str(eval_.get("task")),
        model=as_str(eval_.get("model")),
        status=status,
        version=str(version_int),
        metrics=tuple(metrics),
        samples_total=total,
        reducer=_reducer(eval_, results),
        notes=tuple(notes),
    )


def _reducer(eval_: dict[str, Any], results: dict[str, Any]) -> str:
    for score in as_list(results.get("scores")):
        reducer = as_str(as_dict(score).get("reducer"))
        if reducer:
            return reducer
    reducers = as_dict(eval_.get("config")).get("epochs_reducer")
    if isinstance(reducers, list) and reducers:
        return as_str(reducers[0], "mean")
    return as_str(reducers, "mean") or "mean"


def _metrics(results: dict[str, Any]) -> list[MetricValue]:
    n = as_int(results.get("scored_samples"))
    if n is None:
        n = as_int(results.get("completed_samples"))
    if isinstance(results.get("scores"), list):  # Aug 2024 on
        out: list[MetricValue] = []
        for score in results["scores"]:
            score = as_dict(score)
            name = as_str(score.get("name")) or as_str(score.get("scorer"))
            scored = as_int(score.get("scored_samples"))
            out.extend(_scorer_metrics(name, score.get("metrics"), scored if scored is not None
                                       else n))
        return out
    if isinstance(results.get("scorers"), list):  # mid 2024
        out = []
        for scorer in results["scorers"]:
            scorer = as_dict(scorer)
            out.extend(_scorer_metrics(as_str(scorer.get("name")), scorer.get("metrics"), n))
        return out
    if "metrics" in results:  # to May 2024
        scorer = as_str(as_dict(results.get("scorer")).get("name"))
        return _scorer_metrics(scorer, results.get("metrics"), n)
    return []


def _scorer_metrics(scorer: str, metrics: Any, n: int | None) -> list[MetricValue]:
    """Metrics of one scorer; a dict ``{key: metric}`` or a list of metrics."""
    items: list[tuple[str, dict[str, Any]]] = []
    if isinstance(metrics, dict):
        items = [(str(k), as_dict(v)) for k, v in metrics.items()]
    elif isinstance(metrics, list):
        items = [(as_str(as_dict(v).get("name")), as_dict(v)) for v in metrics]
    values: dict[str, float | None] = {}
    for key, metric in items:
        name = as_str(metric.get("name")) or key
        values[name] = as_float(metric.get("value"))
    stderr = next((values[s] for s in _STDERR_NAMES if s in values), None)
    # Every metric is listed (so nothing the log states is lost); the headline
    # ones also carry the scorer's stderr.
    return [MetricValue(scorer, k, v, None if k in _STDERR_NAMES else stderr, n)
            for k, v in values.items()]
