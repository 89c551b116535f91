"""Checklist templates: read a TOML template and check it, with errors that say where.

The format is documented in docs/checklist-templates.md. Every problem is a
``RejectedError("TEMPLATE_INVALID", ...)`` naming the file, the item id and
the line, so whoever edits a template can fix it without reading code.
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path
from typing import Any

from reviewer_app.domain.autochecks import AUTO_CHECKS
from reviewer_app.domain.checklist import Item, Section, Severity, Template
from reviewer_app.errors import RejectedError

TEMPLATE_FORMAT = 1
ID_PATTERN = re.compile(r"^[A-Z][A-Z0-9]{1,9}-[0-9]{2,3}[A-Z]?$")
SECTION_ID_PATTERN = re.compile(r"^[A-Z][A-Z0-9]{1,9}$")
TEMPLATE_ID_PATTERN = re.compile(r"^[a-z0-9][a-z0-9._-]{0,99}$")
VERSION_PATTERN = re.compile(r"^[0-9]+(\.[0-9]+){0,2}$")
DEFAULT_TEMPLATE = "frontier-prerelease-v1.toml"


class _Where:
    """Finds the line where a key or an item id is written, for error messages."""

    def __init__(self, source: str, text: str) -> None:
        self.source = source
        self.lines = text.splitlines()

    def line_of(self, needle: str, start: int = 0) -> int | None:
        for number, line in enumerate(self.lines[start:], start=start + 1):
            if needle in line:
                return number
        return None

    def fail(self, message: str, item_id: str | None = None, key: str | None = None) -> RejectedError:
        line = None
        if item_id is not None:
            line = self.line_of(f'"{item_id}"')
            if line is not None and key is not None:
                line = self.line_of(key, line - 1) or line
        elif key is not None:
            line = self.line_of(key)
        where = f"{self.source}, line {line}" if line else self.source
        subject = f"item {item_id}: " if item_id else ""
        return RejectedError("TEMPLATE_INVALID", f"{where}: {subject}{message}")


def load_template(path: Path) -> Template:
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise RejectedError("TEMPLATE_INVALID", f"cannot read {path}: {exc.strerror}") from exc
    except UnicodeDecodeError as exc:
        raise RejectedError("TEMPLATE_INVALID", f"{path} is not UTF-8 text") from exc
    return parse_template(text, source=path.name)


def parse_template(text: str, source: str = "template") -> Template:
    where = _Where(source, text)
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise RejectedError("TEMPLATE_INVALID", f"{source}: not valid TOML ({exc})") from exc
    fmt = data.get("format")
    if fmt != TEMPLATE_FORMAT:
        raise where.fail(f"format must be {TEMPLATE_FORMAT} (found {fmt!r})", key="format")
    template_id = _text(data, "id", where)
    if not TEMPLATE_ID_PATTERN.match(template_id):
        raise where.fail(f"id '{template_id}' must be lower-case letters, digits, '.', '_' or '-'",
                         key="id")
    version = _text(data, "version", where)
    if not VERSION_PATTERN.match(version):
        raise where.fail(f"version '{version}' must look like 1, 1.2 or 1.2.3", key="version")
    title = _text(data, "title", where)
    raw_sections = data.get("sections")
    if not isinstance(raw_sections, list) or not raw_sections:
        raise where.fail("a template needs at least one [[sections]] table", key="sections")
    seen: set[str] = set()
    sections = tuple(_section(raw, n, where, seen) for n, raw in enumerate(raw_sections, 1))
    return Template(id=template_id, version=version, title=title,
                    description=str(data.get("description", "")).strip(), sections=sections)


def _text(table: dict[str, Any], key: str, where: _Where, item_id: str | None = None) -> str:
    value = table.get(key)
    if not isinstance(value, str) or not value.strip():
        raise where.fail(f"'{key}' is missing or empty (it must be text)", item_id=item_id,
                         key=None if item_id is None and value is None else f"{key} =")
    return value.strip()


def _section(raw: Any, number: int, where: _Where, seen: set[str]) -> Section:
    if not isinstance(raw, dict):
        raise where.fail(f"section {number} is not a table")
    section_id = raw.get("id")
    if not isinstance(section_id, str) or not SECTION_ID_PATTERN.match(section_id):
        raise where.fail(f"section {number} needs an id of 2-10 capital letters or digits "
                         f"(found {section_id!r})", key="[[sections]]")
    title = raw.get("title")
    if not isinstance(title, str) or not title.strip():
        raise where.fail(f"section {section_id} needs a title", key=f'"{section_id}"')
    items = raw.get("items")
    if not isinstance(items, list) or not items:
        raise where.fail(f"section {section_id} has no [[sections.items]]", key=f'"{section_id}"')
    return Section(section_id, title.strip(),
                   tuple(_item(r, section_id, n, where, seen) for n, r in enumerate(items, 1)))


def _item(raw: Any, section_id: str, number: int, where: _Where, seen: set[str]) -> Item:
    if not isinstance(raw, dict):
        raise where.fail(f"item {number} of section {section_id} is not a table")
    item_id = raw.get("id")
    if not isinstance(item_id, str) or not ID_PATTERN.match(item_id):
        raise where.fail(f"item {number} of section {section_id} needs an id such as "
                         f"'{section_id}-01' (found {item_id!r})", key=f'"{section_id}"')
    if item_id in seen:
        line = where.line_of(f'"{item_id}"', (where.line_of(f'"{item_id}"') or 0))
        raise RejectedError("TEMPLATE_INVALID", f"{where.source}, line {line}: item {item_id}: "
                                                "the id is used twice (ids must be unique)")
    seen.add(item_id)
    title = _text(raw, "title", where, item_id)
    guidance = _text(raw, "guidance", where, item_id)
    severity_text = raw.get("severity")
    try:
        severity = Severity.parse(str(severity_text)) if isinstance(severity_text, str) else None
    except ValueError:
        severity = None
    if severity is None:
        raise where.fail(f"severity {severity_text!r} must be 'CAT I', 'CAT II' or 'CAT III'",
                         item_id, "severity")
    references = raw.get("references", [])
    if not isinstance(references, list) or not all(isinstance(r, str) for r in references):
        raise where.fail("references must be a list of text", item_id, "references")
    auto_check = raw.get("auto_check")
    if auto_check is not None and (not isinstance(auto_check, str) or auto_check not in AUTO_CHECKS):
        known = ", ".join(sorted(AUTO_CHECKS))
        raise where.fail(f"auto_check {auto_check!r} is not a known check ({known})",
                         item_id, "auto_check")
    fix = raw.get("fix", "")
    if not isinstance(fix, str):
        raise where.fail("fix must be text", item_id, "fix")
    unknown = sorted(set(raw) - {"id", "title", "guidance", "severity", "references",
                                 "auto_check", "fix"})
    if unknown:
        raise where.fail(f"unknown key(s) {', '.join(unknown)}", item_id, unknown[0])
    return Item(item_id, title, guidance, severity, tuple(r.strip() for r in references),
                auto_check, fix.strip())
