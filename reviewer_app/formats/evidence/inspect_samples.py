"""Inspect samples and sample summaries, from their JSON objects.

Per-sample ``scores`` is ``{scorer: {value, answer, explanation, metadata}}``;
a value is "C"/"I"/"P"/"N", a number, a bool, a string, a list or a dict.
Sample ids may be numbers or strings; they are kept as text here.
"""

from __future__ import annotations

from typing import Any

from reviewer_app.formats.evidence.common import (
    SampleDetail,
    SampleScore,
    SampleSummary,
    as_dict,
    as_int,
    as_list,
    as_str,
    preview,
)
from reviewer_app.formats.evidence.json_bounded import Budget, bound_value


def sample_id(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return as_str(value, repr(value))


def _error_text(value: Any) -> str:
    if isinstance(value, dict):
        return as_str(value.get("message"))
    return as_str(value)


def summary_from_dict(item: dict[str, Any]) -> SampleSummary:
    scores = as_dict(item.get("scores"))
    values = {str(k): as_dict(v).get("value") for k, v in scores.items()}
    first_scorer = next(iter(scores), "")
    first = as_dict(scores.get(first_scorer))
    return SampleSummary(
        id=sample_id(item.get("id")),
        epoch=as_int(item.get("epoch")) or 1,
        score_value=first.get("value"),
        scorer=str(first_scorer),
        answer=preview(first.get("answer"), 200),
        input_preview=preview(item.get("input"), 200),
        target_preview=preview(item.get("target"), 100),
        error=preview(_error_text(item.get("error")), 200),
        scores=values,
    )


def detail_from_dict(body: dict[str, Any], notes: list[str],
                     max_messages: int | None = None, *, bounded: bool = False) -> SampleDetail:
    """A sample's detail; a body not ``bounded`` while it was built (see
    ``json_bounded``) is bounded here: the detail pane shows it whole."""
    if not bounded:
        budget = Budget()
        body = as_dict(bound_value(body, budget))
        notes = [*notes, *budget.notes()]
    scores = tuple(
        SampleScore(
            scorer=str(name),
            value=as_dict(score).get("value"),
            answer=as_str(as_dict(score).get("answer")),
            explanation=as_str(as_dict(score).get("explanation")),
            metadata=as_dict(as_dict(score).get("metadata")),
        )
        for name, score in as_dict(body.get("scores")).items()
    )
    messages = as_list(body.get("messages"))
    metadata = dict(as_dict(body.get("metadata")))
    if max_messages is not None and len(messages) > max_messages:
        notes = [*notes, f"only the first {max_messages} of {len(messages)} messages are shown"]
        messages = messages[:max_messages]
    error = _error_text(body.get("error"))
    return SampleDetail(
        id=sample_id(body.get("id")),
        epoch=as_int(body.get("epoch")) or 1,
        input=body.get("input"),
        target=body.get("target"),
        messages=tuple(messages),
        output=body.get("output"),
        scores=scores,
        metadata=metadata,
        error=error,
        notes=tuple(notes),
    )
