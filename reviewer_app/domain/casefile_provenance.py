"""Who may have written what a case file carries, and what a fast-forward may change.

Pure rules over the manifest's records and its case chain (docs/case-file-v1.md,
sections 2.1 and 5.2). The signature over the manifest speaks for one person,
the exporter; a letter's PAdES signatures speak for the people who made them,
and for nothing later than their signing. A record that changes without a new
entry of the chain about it was changed by nobody the file can name, so the
sender's own timestamps (``updated_at``) never decide anything.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from reviewer_app.domain.casefile import CaseAuditEntry
from reviewer_app.domain.users import SYSTEM

# The chain entry each signature on a letter goes with (services/decision/letters.py writes them).
SIGNING_ACTIONS = {"letter.sign": "signed_by", "letter.countersign": "countersigned_by"}
# Case columns that say which submission a case is about: never changed by a case file.
SUBMISSION_KEYS = ("package_id", "manifest_sha256")
# Case columns that are this workstation's own (section 6) or decided here.
_LOCAL_CASE_KEYS = frozenset({"uuid", "reference", "linked_to", "store_dir", "origin"})


@dataclass(frozen=True)
class Signing:
    """A signature the file carries, bound to a person: (actor, action, letter version)."""

    actor: str
    action: str
    version: int


def vouched_until(entries: Sequence[CaseAuditEntry], signings: set[Signing]) -> dict[str, int]:
    """For each person whose signature the file carries: the last chain position it covers.

    A signature covers the case as it stood when it was made: the entries up to
    the signing entry, and the ``case.status`` entry a countersigning writes with it.
    """
    out: dict[str, int] = {}
    for i, e in enumerate(entries):
        if e.action not in SIGNING_ACTIONS:
            continue
        version = e.details.get("version")
        if not isinstance(version, int) or Signing(e.actor, e.action, version) not in signings:
            continue
        end = i
        after = entries[i + 1] if i + 1 < len(entries) else None
        if e.action == "letter.countersign" and after is not None and \
                after.actor == e.actor and after.action == "case.status":
            end = i + 1
        out[e.actor] = max(out.get(e.actor, -1), end)
    return out


def first_unvouched(entries: Sequence[CaseAuditEntry], start: int, exporter: str,
                    signings: set[Signing]) -> int | None:
    """The first new entry (position >= ``start``) that nobody the file carries speaks for.

    Entries by ``system`` are the exporter's workstation acting on its own (say, the
    checklist made when a case is first shown): the exporter's signature covers them.
    """
    limits = vouched_until(entries, signings)
    for i in range(start, len(entries)):
        actor = entries[i].actor
        if actor not in (exporter, SYSTEM.username) and i > limits.get(actor, -1):
            return i
    return None


@dataclass(frozen=True)
class RecordDifference:
    """A case, determination or letter record that differs between the two sides."""

    record: str  # "case", "determination", "letter:<version>"
    fields: tuple[str, ...]
    local: dict[str, Any]
    incoming: dict[str, Any]

    def to_json(self) -> dict[str, Any]:
        return {"record": self.record, "fields": list(self.fields), "local": self.local,
                "incoming": self.incoming}


def _compare(key: str, mine: Mapping[str, Any] | None, theirs: Mapping[str, Any] | None,
             skip: frozenset[str] = frozenset()) -> RecordDifference | None:
    if mine is None and theirs is None:
        return None
    if mine is None or theirs is None:
        present = mine if mine is not None else theirs
        assert present is not None
        fields = tuple(sorted(k for k in present if k not in skip))
        return RecordDifference(key, fields, dict(mine or {}), dict(theirs or {}))
    # Only keys both sides know: a column one schema lacks is not a difference (section 3).
    fields = tuple(sorted(k for k in theirs if k in mine and k not in skip
                          and mine[k] != theirs[k]))
    if not fields:
        return None
    return RecordDifference(key, fields, {f: mine[f] for f in fields},
                            {f: theirs[f] for f in fields})


def record_differences(local: Mapping[str, Any], incoming: Mapping[str, Any]) -> list[RecordDifference]:
    """``local``/``incoming``: {"case", "determination", "letters"} as the manifest holds them."""
    out = [d for d in (_compare("case", local["case"], incoming["case"], _LOCAL_CASE_KEYS),
                       _compare("determination", local["determination"],
                                incoming["determination"])) if d is not None]
    mine = {int(x["version"]): x for x in local["letters"]}
    theirs = {int(x["version"]): x for x in incoming["letters"]}
    for version in sorted(set(mine) | set(theirs)):
        d = _compare(f"letter:{version}", mine.get(version), theirs.get(version))
        if d is not None:
            out.append(d)
    return out


def is_final(case: Mapping[str, Any], letters: Sequence[Mapping[str, Any]]) -> bool:
    """Issued or countersigned: never overwritten by a case file (section 5.2)."""
    return case.get("status") == "issued" or any(x.get("state") == "countersigned"
                                                 for x in letters)


def countersigning_only(difference: RecordDifference) -> bool:
    """A letter that was signed here and arrives countersigned, nothing else changed.

    The caller also checks that the received PDF extends the local one byte for byte.
    """
    allowed = {"state", "sha256", "countersigned_by", "countersigned_at"}
    return (difference.record.startswith("letter:") and bool(difference.local)
            and set(difference.fields) <= allowed
            and difference.local.get("state") == "signed"
            and difference.incoming.get("state") == "countersigned")


def superseding_only(difference: RecordDifference) -> bool:
    """A letter signed here that a new decision superseded on the other side: same PDF."""
    return (difference.record.startswith("letter:") and bool(difference.local)
            and difference.fields == ("state",)
            and difference.local.get("state") == "signed"
            and difference.incoming.get("state") == "superseded")


def unexplained(changed: Sequence[str], touched: set[str]) -> list[str]:
    """The changed records (``case``, ``determination``, ``letter:N``, ``item:ID``) that no
    new chain entry is about: changed by nobody the file names."""
    return [key for key in changed if key not in touched]
