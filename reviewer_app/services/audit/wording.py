"""Audit entries in words: one sentence per action, details as "Key: value" lines.

The trail stores machine details (JSON); a reviewer reads sentences. Each
known action has a sentence made from its details; an action without one
(a new one, or another workstation's) still reads as words ("Case merge row"),
never as JSON. Runs of one bulk action (the checklist's items created one entry
each, suggestions applied item by item) fold into one line that counts them.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

Details = Mapping[str, Any]

# Actions written once per checklist item in one go; shown as one line per run.
FOLDED: dict[str, tuple[str, str]] = {
    "checklist.create": ("Checklist created", "item"),
    "checklist.suggest": ("Suggestions from the evidence", "item"),
    "checklist.adopt": ("Checklist answers adopted from a received case file", "item"),
}


# Details whose values are stored words of the vocabulary (``not_a_finding``): shown spaced.
VOCABULARY = {"status", "suggested_status", "severity_override", "outcome", "from", "to"}


def _get(details: Details, key: str, default: str = "?") -> str:
    value = details.get(key)
    if value is None or value == "":
        return default
    return _word(str(value)) if key in VOCABULARY else str(value)


def _word(value: str) -> str:
    return value.replace("_", " ") if value.replace("_", "").isalpha() else value


def _refused(d: Details) -> str:
    what = _get(d, "action", "an action")
    why = d.get("code") or (f"needs the {' or '.join(d['needs'])} role" if d.get("needs") else "")
    return f"Refused: {what}" + (f" ({why})" if why else "")


def _item(verb: str) -> Callable[[Details], str]:
    return lambda d: f"Checklist item {_get(d, 'item')} {verb}"


SENTENCES: dict[str, Callable[[Details], str]] = {
    "workspace.init": lambda d: "Workspace created" + (" (demo)" if d.get("demo") else ""),
    "file.add": lambda _d: "File added to the workspace",
    "file.adopt": lambda _d: "Edited workspace file adopted",
    "audit.adopt": lambda _d: "File adopted into the audit trail",
    "audit.rehash": lambda _d: "Audit record of a file brought up to date",
    "audit.checkpoint": lambda d: f"Audit checkpoint written at entry {_get(d, 'seq')}",
    "witness.received": lambda d: f"Another workstation's audit head received (entry {_get(d, 'seq')})",
    "store.swept": lambda _d: "Leftovers of an interrupted import removed",
    "package.imported": lambda d: f"Submission package {_get(d, 'package')} imported as case "
                                  f"{_get(d, 'reference')}",
    "package.already_imported": lambda d: f"Package {_get(d, 'package')} was already imported "
                                          f"(case {_get(d, 'reference')}); nothing changed",
    "package.rejected": lambda d: f"Package {_get(d, 'package')} rejected ({_get(d, 'code')})",
    "package.cancelled": lambda d: f"Import of {_get(d, 'package')} cancelled; nothing kept",
    "case.status": lambda d: f"Case status changed from {_get(d, 'from')} to {_get(d, 'to')}",
    "case.export": lambda d: f"Case {_get(d, 'reference')} exported to {_get(d, 'file')}",
    "case.import": lambda d: f"Case file received for {_get(d, 'reference')} ({_get(d, 'outcome')})",
    "case.rejected": lambda d: f"Case file {_get(d, 'file')} rejected ({_get(d, 'code')})",
    "case.import_cancelled": lambda d: f"Import of case file {_get(d, 'file')} cancelled",
    "case.merge_row": lambda _d: "Record merged from a received case file",
    "checklist.set": _item("answered"),
    "checklist.accept": _item("suggestion accepted"),
    "checklist.upgrade": lambda d: (f"Checklist upgraded to {_get(d, 'to')}" if "to" in d
                                    else f"Checklist item {_get(d, 'item')} carried to a new template"),
    "determination.record": lambda d: f"Determination recorded: {_get(d, 'outcome')}",
    "letter.sign": lambda d: f"Letter version {_get(d, 'version')} signed",
    "letter.countersign": lambda d: f"Letter version {_get(d, 'version')} countersigned",
    "letter.supersede": lambda d: f"Letter version {_get(d, 'version')} superseded",
    "user.create": lambda d: f"User {_get(d, 'username')} created ({_get(d, 'role')})",
    "user.enable": lambda d: f"User {_get(d, 'username')} enabled",
    "user.disable": lambda d: f"User {_get(d, 'username')} disabled",
    "user.password": lambda d: f"Password of {_get(d, 'username')} changed",
    "user.unlock": lambda d: f"User {_get(d, 'username')} unlocked",
    "user.locked": lambda d: f"User {_get(d, 'username')} locked after failed sign-ins",
    "user.credential": lambda d: f"Signing credential bound to {_get(d, 'username')}",
    "credential.add": lambda d: f"Signing credential added for {_get(d, 'username')}",
    "trust.add": lambda d: f"Trust anchor {_get(d, 'file')} added ({_get(d, 'kind')})",
    "remote_user.add": lambda d: f"Remote user {_get(d, 'username')} accepted",
    "remote_user.remove": lambda d: f"Remote user {_get(d, 'username')} removed",
    "login": lambda _d: "Signed in",
    "login.failed": lambda _d: "Sign-in failed",
    "login.refused": lambda _d: "Sign-in refused",
    "lock": lambda _d: "Window locked",
    "refused": _refused,
}


def sentence(action: str, details: Details) -> str:
    """The action in words; an unknown action as its name made readable."""
    make = SENTENCES.get(action)
    if make is not None:
        return make(details)
    return action.replace(".", " ").replace("_", " ").capitalize()


def folded_sentence(action: str, count: int) -> str:
    title, noun = FOLDED[action]
    return f"{title}: {count} {noun}{'' if count == 1 else 's'}"


def detail_lines(details: Details) -> tuple[tuple[str, str], ...]:
    """Each detail as (Key, value) in words; empty values left out. A nested mapping
    (a checklist answer's ``changes``: field -> [before, after]) gives one line per field."""
    lines: list[tuple[str, str]] = []
    for key in sorted(details):
        value = details[key]
        if key == "changes" and isinstance(value, Mapping):
            lines.extend((_key(k), _change(v, k in VOCABULARY)) for k, v in sorted(value.items()))
        elif text := _value(value):
            lines.append((_key(key), _word(text) if key in VOCABULARY else text))
    return tuple(line for line in lines if line[1])


def _key(key: str) -> str:
    return key.replace("_", " ").capitalize()


def _change(value: Any, words: bool) -> str:
    def shown(part: Any) -> str:
        text = _value(part)
        return "(none)" if not text else _word(text) if words else text

    if isinstance(value, list | tuple) and len(value) == 2:
        return f"{shown(value[0])} → {shown(value[1])}"
    return shown(value)


def _value(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, Mapping):
        return "; ".join(f"{k.replace('_', ' ')}: {_value(v)}" for k, v in sorted(value.items())
                         if _value(v))
    if isinstance(value, list | tuple):
        return ", ".join(_value(v) for v in value)
    return str(value)
