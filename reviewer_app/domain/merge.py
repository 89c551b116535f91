"""Merging a received case into a workspace: decide from the two case chains.

Each side's history of a case is its per-case chain of audit hashes (see
``storage.audit_chain``): a hash covers every earlier entry, so equal hashes at
a position mean equal histories up to it. Comparing the two lists is enough
to know which side has seen everything the other has.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any


class MergeOutcome(enum.StrEnum):
    CREATED = "created"  # the workspace did not have the case
    FAST_FORWARD = "fast_forward"  # local history is a prefix of the incoming one
    UP_TO_DATE = "up_to_date"  # same history: nothing changes
    LOCAL_AHEAD = "local_ahead"  # incoming history is a prefix of the local one: nothing changes
    DIVERGED = "diverged"  # both sides changed it since they last shared


@dataclass(frozen=True)
class MergePlan:
    outcome: MergeOutcome
    common: int  # entries both histories share from the start
    new_entries: int  # incoming entries the local side lacks

    @property
    def changes_local(self) -> bool:
        return self.outcome in (MergeOutcome.CREATED, MergeOutcome.FAST_FORWARD)


def common_prefix(a: Sequence[str], b: Sequence[str]) -> int:
    n = 0
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        n += 1
    return n


def decide(local: Sequence[str] | None, incoming: Sequence[str]) -> MergePlan:
    """``local`` is None when the workspace does not hold the case at all."""
    if local is None:
        return MergePlan(MergeOutcome.CREATED, 0, len(incoming))
    common = common_prefix(local, incoming)
    if common == len(local) == len(incoming):
        return MergePlan(MergeOutcome.UP_TO_DATE, common, 0)
    if common == len(incoming):
        return MergePlan(MergeOutcome.LOCAL_AHEAD, common, 0)
    if common == len(local):
        return MergePlan(MergeOutcome.FAST_FORWARD, common, len(incoming) - common)
    return MergePlan(MergeOutcome.DIVERGED, common, len(incoming) - common)


# What a person answers about an item: the fields a merge compares and adoption copies.
ANSWER_FIELDS = ("status", "finding_details", "comments", "severity_override",
                 "override_justification", "evidence_links")


@dataclass(frozen=True)
class ItemDifference:
    item_id: str
    fields: tuple[str, ...]
    local: dict[str, Any]  # the differing fields' local values (empty: item only incoming)
    incoming: dict[str, Any]  # ... and incoming values (empty: item only local)
    local_updated: tuple[str | None, str | None]  # (updated_at, updated_by)
    incoming_updated: tuple[str | None, str | None]

    def to_json(self) -> dict[str, Any]:
        return {"item": self.item_id, "fields": list(self.fields), "local": self.local,
                "incoming": self.incoming, "local_updated": list(self.local_updated),
                "incoming_updated": list(self.incoming_updated)}


def answer(item: Mapping[str, Any]) -> dict[str, Any]:
    return {key: item.get(key) for key in ANSWER_FIELDS}


def item_differences(local: Sequence[Mapping[str, Any]],
                     incoming: Sequence[Mapping[str, Any]]) -> list[ItemDifference]:
    """Items whose answers differ, in the local checklist's order, then incoming-only ones."""
    theirs = {str(i["item_id"]): i for i in incoming}
    out: list[ItemDifference] = []
    seen: set[str] = set()
    for mine in local:
        key = str(mine["item_id"])
        seen.add(key)
        other = theirs.get(key)
        if other is None:
            out.append(_difference(key, mine, None))
            continue
        a, b = answer(mine), answer(other)
        fields = tuple(f for f in ANSWER_FIELDS if a[f] != b[f])
        if fields:
            out.append(ItemDifference(key, fields, {f: a[f] for f in fields},
                                      {f: b[f] for f in fields}, _stamp(mine), _stamp(other)))
    out.extend(_difference(key, None, item) for key, item in theirs.items() if key not in seen)
    return out


def _difference(key: str, mine: Mapping[str, Any] | None,
                other: Mapping[str, Any] | None) -> ItemDifference:
    return ItemDifference(key, ANSWER_FIELDS, answer(mine) if mine else {},
                          answer(other) if other else {}, _stamp(mine), _stamp(other))


def _stamp(item: Mapping[str, Any] | None) -> tuple[str | None, str | None]:
    if item is None:
        return (None, None)
    return (item.get("updated_at"), item.get("updated_by"))


def changed_answers(local: Sequence[Mapping[str, Any]],
                    incoming: Sequence[Mapping[str, Any]]) -> tuple[list[str], list[str]]:
    """(items whose incoming answer differs from the local one or is new, local items it lacks).

    Which answer is newer is never read from ``updated_at``: those are the
    sender's own clock and words. A fast-forward takes an incoming answer only
    when a new entry of the case chain is about that item
    (``casefile_provenance.unexplained``); a missing item is never taken.
    """
    theirs = {str(i["item_id"]): i for i in incoming}
    mine = {str(i["item_id"]): i for i in local}
    changed = [key for key, other in theirs.items()
               if key not in mine or answer(mine[key]) != answer(other)]
    return changed, [key for key in mine if key not in theirs]


def next_copy_reference(reference: str, taken: set[str]) -> str:
    """``FMR-2026-0007`` -> ``FMR-2026-0007-B`` (then -C, ...), skipping taken ones."""
    for letter in "BCDEFGHIJKLMNOPQRSTUVWXYZ":
        candidate = f"{reference}-{letter}"
        if candidate not in taken:
            return candidate
    n = 27
    while f"{reference}-{n}" in taken:
        n += 1
    return f"{reference}-{n}"
