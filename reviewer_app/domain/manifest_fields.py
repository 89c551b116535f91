"""Typed access to one JSON object of the manifest, with field paths in every error."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime
from typing import Any

from reviewer_app.domain import manifest_rules as rules
from reviewer_app.domain.countries import is_country_code
from reviewer_app.errors import RejectedError


class ManifestInvalidError(RejectedError):
    """``PKG_MANIFEST_INVALID``; ``field`` is the path such as ``release_plan.stages[1].start``."""

    def __init__(self, field: str, problem: str) -> None:
        super().__init__("PKG_MANIFEST_INVALID", f"{field}: {problem}" if field else problem)
        self.field = field


def describe(value: Any) -> str:
    """A short, plain description of a found value for messages."""
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dict):
        return "an object"
    if isinstance(value, list):
        return "a list"
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


class Fields:
    """One JSON object at ``path``; ``extra`` holds the keys the schema does not know."""

    def __init__(self, obj: Any, path: str, known: tuple[str, ...]) -> None:
        if not isinstance(obj, dict):
            raise ManifestInvalidError(path, f"expected an object, found {describe(obj)}")
        self.obj: dict[str, Any] = obj
        self.path = path
        self.extra = self.extra_of(known)

    def extra_of(self, known: tuple[str, ...]) -> dict[str, Any]:
        return {k: v for k, v in self.obj.items() if k not in known}

    def at(self, key: str) -> str:
        return f"{self.path}.{key}" if self.path else key

    def _get(self, key: str, required: bool) -> Any:
        value = self.obj.get(key)
        if value is None and required:
            raise ManifestInvalidError(self.at(key), "is required but missing")
        return value

    def text(self, key: str, *, required: bool = False) -> str:
        value = self._get(key, required)
        if value is None:
            return ""
        if not isinstance(value, str):
            raise ManifestInvalidError(self.at(key), f"expected a text, found {describe(value)}")
        if required and not value.strip():
            raise ManifestInvalidError(self.at(key), "must not be empty")
        return value

    def texts(self, key: str) -> tuple[str, ...]:
        value = self._get(key, False)
        if value is None:
            return ()
        if not isinstance(value, list):
            raise ManifestInvalidError(self.at(key), f"expected a list of texts, found {describe(value)}")
        for i, item in enumerate(value):
            if not isinstance(item, str):
                raise ManifestInvalidError(f"{self.at(key)}[{i}]", f"expected a text, found {describe(item)}")
        return tuple(value)

    def number(self, key: str) -> float | None:
        value = self._get(key, False)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise ManifestInvalidError(self.at(key), f"expected a number, found {describe(value)}")
        return float(value)

    def boolean(self, key: str) -> bool | None:
        value = self._get(key, False)
        if value is not None and not isinstance(value, bool):
            raise ManifestInvalidError(self.at(key), f"expected true or false, found {describe(value)}")
        return value

    def choice(self, key: str, options: tuple[str, ...], *, required: bool = False) -> str:
        value = self.text(key, required=required)
        if value and value not in options:
            raise ManifestInvalidError(
                self.at(key), f"expected one of {', '.join(options)}, found {describe(value)}")
        return value

    def date(self, key: str, *, required: bool = False) -> date | None:
        value = self._get(key, required)
        if value is None:
            return None
        parsed = rules.parse_date(value)
        if parsed is None:
            raise ManifestInvalidError(
                self.at(key), f"expected a date such as 2026-12-01, found {describe(value)}")
        return parsed

    def instant(self, key: str, *, required: bool = False) -> datetime | None:
        value = self._get(key, required)
        if value is None:
            return None
        parsed = rules.parse_instant(value)
        if parsed is None:
            raise ManifestInvalidError(
                self.at(key),
                f"expected a date and time with an offset such as 2026-11-20T14:03:00Z, "
                f"found {describe(value)}")
        return parsed

    def regions(self, key: str, *, allow_star: bool) -> tuple[str, ...]:
        codes = self.texts(key)
        for i, code in enumerate(codes):
            if allow_star and code == "*":
                continue
            if not is_country_code(code):
                raise ManifestInvalidError(
                    f"{self.at(key)}[{i}]",
                    f"expected an ISO 3166-1 alpha-2 country code such as 'GB', found {code!r}")
        return codes

    def child(self, key: str, *, required: bool = False) -> Fields:
        value = self._get(key, required)
        return Fields({} if value is None else value, self.at(key), ())

    def children(self, key: str, known: tuple[str, ...], *, required: bool = False) -> Iterator[Fields]:
        value = self._get(key, required)
        if value is None:
            return
        if not isinstance(value, list):
            raise ManifestInvalidError(self.at(key), f"expected a list, found {describe(value)}")
        for i, item in enumerate(value):
            yield Fields(item, f"{self.at(key)}[{i}]", known)
