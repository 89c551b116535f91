"""The pure merge rules: which outcome two case chains give, and which items differ."""

from __future__ import annotations

from reviewer_app.domain.casefile import CaseAuditEntry
from reviewer_app.domain.casefile_provenance import (
    Signing,
    countersigning_only,
    first_unvouched,
    is_final,
    record_differences,
    superseding_only,
)
from reviewer_app.domain.merge import (
    MergeOutcome,
    changed_answers,
    decide,
    item_differences,
    next_copy_reference,
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


def test_answer_ages_come_from_the_chain_not_from_timestamps() -> None:
    local = [_item("1", "open", "2026-11-22T10:00:00+00:00"), _item("2", "open")]
    future = [_item("1", "not_a_finding", "2099-01-01T00:00:00+00:00"), _item("2", "open")]
    # A changed answer is reported whatever its updated_at says; the merge then asks the
    # chain whether a new entry is about it (casefile_provenance.unexplained).
    assert changed_answers(local, future) == (["1"], [])
    assert changed_answers(local, [_item("1", "open", "1999-01-01T00:00:00+00:00")]) == ([], ["2"])
    assert changed_answers(local, [*local, _item("3", "open")]) == (["3"], [])


def _entry(actor: str, action: str, version: int | None = None) -> CaseAuditEntry:
    details = {} if version is None else {"version": version}
    return CaseAuditEntry("2026-11-22T10:00:00+00:00", actor, action, None, None, details,
                          "0" * 64, "0" * 64)


def test_a_signature_speaks_for_its_signer_up_to_the_signing() -> None:
    chain = [_entry("system", "checklist.create"), _entry("rita", "checklist.set"),
             _entry("sam", "checklist.set"), _entry("rita", "letter.sign", 1),
             _entry("sam", "letter.countersign", 1), _entry("sam", "case.status"),
             _entry("sam", "determination.record")]
    signed = {Signing("rita", "letter.sign", 1), Signing("sam", "letter.countersign", 1)}
    assert first_unvouched(chain[:6], 0, "rita", signed) is None
    assert first_unvouched(chain, 0, "rita", signed) == 6  # sam signed nothing after it
    assert first_unvouched(chain[:6], 0, "rita", {Signing("rita", "letter.sign", 1)}) == 2
    assert first_unvouched(chain[:6], 0, "rita", {Signing("sam", "letter.countersign", 2)}) == 2
    assert first_unvouched(chain, 6, "sam", set()) is None


def test_records_that_differ_and_what_is_final() -> None:
    letter = {"version": 1, "state": "signed", "sha256": "a", "stored_name": "letter-v1.pdf",
              "countersigned_by": None}
    local = {"case": {"uuid": "u", "reference": "R", "status": "decided"},
             "determination": {"outcome": "covered_deferral_requested"}, "letters": [letter]}
    countersigned = {**letter, "state": "countersigned", "sha256": "b", "countersigned_by": "sam"}
    incoming = {"case": {"uuid": "u", "reference": "R-B", "status": "issued"},
                "determination": {"outcome": "covered_deferral_requested"},
                "letters": [countersigned]}
    diffs = {d.record: d for d in record_differences(local, incoming)}
    assert set(diffs) == {"case", "letter:1"} and diffs["case"].fields == ("status",)
    assert countersigning_only(diffs["letter:1"]) and not superseding_only(diffs["letter:1"])
    retired = record_differences(local, {**local, "letters": [{**letter, "state": "superseded"}]})
    assert superseding_only(retired[0]) and not countersigning_only(retired[0])
    swapped = {**countersigned, "stored_name": "other.pdf"}
    assert not countersigning_only(record_differences(local, {**incoming, "letters": [swapped]})[1])
    assert not is_final(local["case"], local["letters"])
    assert is_final(incoming["case"], []) and is_final({}, [countersigned])


def test_copy_references() -> None:
    assert next_copy_reference("FMR-2026-0007", set()) == "FMR-2026-0007-B"
    assert next_copy_reference("FMR-2026-0007", {"FMR-2026-0007-B"}) == "FMR-2026-0007-C"
