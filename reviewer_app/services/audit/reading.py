"""The audit trail read for people: lines in words, and a case's own integrity.

``audit_lines`` turns entries into sentences (``wording.py``) and folds each run
of one bulk action (a checklist created item by item writes one entry per
item) into one line. ``verify_case_audit`` checks the whole chain (an entry's
hash covers every entry before it, so a case cannot be checked alone) and
says which problems touch the case's own entries.
"""

from __future__ import annotations

from collections.abc import Iterator

from reviewer_app.domain.audit import AuditEntry, AuditLine, CaseAuditReport
from reviewer_app.services.audit.wording import FOLDED, detail_lines, folded_sentence, sentence
from reviewer_app.services.workspace import Workspace
from reviewer_app.storage import audit_chain, audit_verify


def audit_lines(ws: Workspace, *, case_uuid: str | None = None) -> list[AuditLine]:
    """The case's entries (or the workspace's, ``case_uuid=None``) as lines, oldest first."""
    with ws.reader() as s:
        entries = audit_chain.entries(s, case_uuid=case_uuid)
    return list(lines_of(entries))


def lines_of(entries: list[AuditEntry]) -> Iterator[AuditLine]:
    run: list[AuditEntry] = []
    for entry in entries:
        if run and (entry.action != run[0].action or entry.actor != run[0].actor):
            yield _line(run)
            run = []
        if entry.action in FOLDED:
            run.append(entry)
        else:
            yield _line([entry])
    if run:
        yield _line(run)


def _line(run: list[AuditEntry]) -> AuditLine:
    first, last = run[0], run[-1]
    if len(run) == 1:
        return AuditLine(first.seq, first.seq, first.at, first.actor, first.action,
                         sentence(first.action, first.details),
                         detail_lines(first.details))
    # What every entry of the run says alike (the template), not the per-item part.
    common = {k: v for k, v in first.details.items()
              if k != "item" and all(e.details.get(k) == v for e in run)}
    return AuditLine(first.seq, last.seq, first.at, first.actor, first.action,
                     folded_sentence(first.action, len(run)),
                     detail_lines(common), count=len(run))


def verify_case_audit(ws: Workspace, case_uuid: str) -> CaseAuditReport:
    """The whole chain verified; the problems about the case's own entries picked out."""
    with ws.reader() as s:
        report = audit_verify.verify_chain(s, ws.root)
        seqs = {e.seq for e in audit_chain.entries(s, case_uuid=case_uuid)}
    mine = tuple(p for p in report.problems if p.seq in seqs)
    return CaseAuditReport(len(seqs), mine, report)
