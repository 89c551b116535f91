"""The pure merge rules: which outcome two case chains give, and which items differ."""

from __future__ import annotations

from reviewer_app.domain.merge import (
    MergeOutcome,
    decide,
    item_differences,
    next_copy_reference,
    older_answers,
)


def test_outcomes() -> None:
    assert decide(None, ["a", "b"]).outcome is MergeOutcome.CREATED
    assert decide(["a", "b"], ["a", "b"]).outcome is MergeOutcome.UP_TO_DATE
    plan = decide(["a"], ["a", "b", "c"])
    assert (plan.outcome, plan.common, plan.new_entries) == (MergeOutcome.FAST_FORWARD, 1, 2)
    assert decide(["a", "b", "c"], ["a", "b"]).outcome is MergeOutcome.LOCAL_AHEAD
    plan = decide(["a", "b", "x"], ["a", "b", "y", "z"])
    assert (plan.outcome, plan.common, plan.new_entries) == (MergeOutcome.DIVERGED, 2, 2)
    assert decide(["q"], ["a"]).outcome is MergeOutcome.DIVERGED
    assert decide(["a"], ["a", "b"]).changes_local
    assert not decide(["a", "b"], ["a"]).changes_local


def _item(item_id: str, status: str, at: str | None = None, **more: object) -> dict[str, object]:
    return {"item_id": item_id, "status": status, "finding_details": "", "comments": "",
            "severity_override": None, "override_justification": "", "evidence_links": None,
            "updated_at": at, "updated_by": "x", **more}


def test_item_differences() -> None:
    local = [_item("1", "open"), _item("2", "open"), _item("3", "open")]
    incoming = [_item("1", "open"), _item("2", "not_a_finding", comments="ok"), _item("4", "open")]
    diffs = {d.item_id: d for d in item_differences(local, incoming)}
    assert set(diffs) == {"2", "3", "4"}
    assert diffs["2"].fields == ("status", "comments")
    assert diffs["2"].local == {"status": "open", "comments": ""}
    assert diffs["2"].incoming == {"status": "not_a_finding", "comments": "ok"}
    assert diffs["3"].incoming == {} and diffs["4"].local == {}


def test_older_answers_are_never_taken() -> None:
    local = [_item("1", "open", "2026-11-22T10:00:00+00:00")]
    older = [_item("1", "not_a_finding", "2026-11-21T10:00:00+00:00")]
    newer = [_item("1", "not_a_finding", "2026-11-23T10:00:00+00:00")]
    same = [_item("1", "open", "2026-11-21T10:00:00+00:00")]
    assert older_answers(local, older) == ["1"]
    assert older_answers(local, newer) == []
    assert older_answers(local, same) == []
    assert older_answers(local, []) == ["1"]


def test_copy_references() -> None:
    assert next_copy_reference("FMR-2026-0007", set()) == "FMR-2026-0007-B"
    assert next_copy_reference("FMR-2026-0007", {"FMR-2026-0007-B"}) == "FMR-2026-0007-C"
