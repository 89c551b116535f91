"""Reading the policy profile (TOML, docs/policy-profile.md) into ``domain.policy``.

Every mistake is a ``RejectedError("POLICY_INVALID")`` whose message names the
line: tomllib reports line and column for syntax errors; for a value of the
wrong kind the line of the offending key is found by scanning the text.
"""

from __future__ import annotations

import math
import re
import tomllib
from pathlib import Path
from typing import Any

from reviewer_app.domain.determination import DEFAULT_OUTCOMES, CuiMarking, Outcome
from reviewer_app.domain.policy import (
    DEFAULT_IDLE_LOCK_MINUTES,
    DEFAULT_LOCK_AFTER_FAILED_LOGINS,
    DOMAINS,
    Direction,
    Policy,
    ThresholdRule,
)
from reviewer_app.errors import RejectedError

POLICY_INVALID = "POLICY_INVALID"
FORMAT = 1
_ISO2 = re.compile(r"^[A-Z]{2}$")
_KEY = re.compile(r"^[a-z][a-z0-9_]*$")


def load_policy(path: Path) -> Policy:
    path = Path(path)
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except OSError as exc:
        raise RejectedError(POLICY_INVALID, f"{path}: cannot be read ({exc.strerror})") from exc
    except UnicodeDecodeError as exc:
        raise RejectedError(POLICY_INVALID, f"{path}: not UTF-8 text") from exc
    return parse_policy(text, str(path))


def parse_policy(text: str, source: str = "policy") -> Policy:
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise RejectedError(POLICY_INVALID, f"{source}: {exc}") from exc
    return _Checker(text, source).policy(data)


class _Checker:
    def __init__(self, text: str, source: str) -> None:
        self.lines = text.splitlines()
        self.source = source

    def fail(self, message: str, key: str, table: str = "", index: int = 0) -> RejectedError:
        line = self.line_of(key, table, index)
        where = f"line {line}" if line else "(key missing)"
        return RejectedError(POLICY_INVALID, f"{self.source}, {where}: {message}")

    def line_of(self, key: str, table: str = "", index: int = 0) -> int:
        """1-based line of ``key`` (inside the ``index``-th ``[[table]]`` or ``[table]``)."""
        start, seen = 0, -1
        if table:
            header = re.compile(rf"^\s*\[\[?\s*{re.escape(table)}\s*\]\]?\s*(#.*)?$")
            for number, line in enumerate(self.lines):
                if header.match(line):
                    seen += 1
                    if seen == index:
                        start = number
                        break
            else:
                return 0
        pattern = re.compile(rf"^\s*{re.escape(key)}\s*=")
        for number in range(start, len(self.lines)):
            line = self.lines[number]
            if number > start and table and line.lstrip().startswith("["):
                break
            if not table and number > 0 and line.lstrip().startswith("["):
                break
            if pattern.match(line):
                return number + 1
        return start + 1 if table else 0

    # --- typed getters --------------------------------------------------

    def text(self, data: dict[str, Any], key: str, *, table: str = "", index: int = 0,
             required: bool = True, default: str = "") -> str:
        if key not in data:
            if required:
                raise self.fail(f"'{key}' is required", key, table, index)
            return default
        value = data[key]
        if not isinstance(value, str) or (required and not value.strip()):
            raise self.fail(f"'{key}' must be a non-empty text", key, table, index)
        return value

    def number(self, data: dict[str, Any], key: str, default: float | None, *,
               table: str = "", index: int = 0) -> float:
        if key not in data:
            if default is None:
                raise self.fail(f"'{key}' is required", key, table, index)
            return default
        value = data[key]
        if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(
                value):
            raise self.fail(f"'{key}' must be a number (found {value!r})", key, table, index)
        return float(value)

    def whole(self, data: dict[str, Any], key: str, default: int, low: int, high: int) -> int:
        value = data.get(key, default)
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            raise self.fail(f"'{key}' must be a whole number from {low} to {high} "
                            f"(found {value!r})", key)
        return value

    def texts(self, data: dict[str, Any], key: str, table: str = "") -> tuple[str, ...]:
        value = data.get(key, [])
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise self.fail(f"'{key}' must be a list of texts", key, table)
        return tuple(value)

    # --- the profile ----------------------------------------------------

    def policy(self, data: dict[str, Any]) -> Policy:
        fmt = data.get("format")
        if fmt != FORMAT:
            raise self.fail(f"'format' must be {FORMAT} (found {fmt!r})", "format")
        countries = self.texts(data, "countries_of_concern")
        for code in countries:
            if not _ISO2.match(code):
                raise self.fail(f"'{code}' in countries_of_concern is not an ISO 3166-1 "
                                "alpha-2 code (two capital letters)", "countries_of_concern")
        tolerance = self.number(data, "score_tolerance", 0.005)
        if not 0 <= tolerance < 1:
            raise self.fail("'score_tolerance' must be from 0 to below 1", "score_tolerance")
        prefix = self.text(data, "office_prefix")
        if not re.fullmatch(r"[A-Z][A-Z0-9]{0,9}", prefix):
            raise self.fail("'office_prefix' must be 1-10 capital letters or digits",
                            "office_prefix")
        examples = data.get("examples_only", False)
        if not isinstance(examples, bool):
            raise self.fail("'examples_only' must be true or false", "examples_only")
        return Policy(
            format=FORMAT,
            name=self.text(data, "name"),
            office_name=self.text(data, "office_name"),
            office_address=self.texts(data, "office_address"),
            office_prefix=prefix,
            review_window_days=self.whole(data, "review_window_days", 30, 1, 3650),
            score_tolerance=tolerance,
            countries_of_concern=countries,
            thresholds=self.thresholds(data.get("thresholds", [])),
            outcomes=self.outcomes(data),
            idle_lock_minutes=self.whole(data, "idle_lock_minutes", DEFAULT_IDLE_LOCK_MINUTES, 1, 24 * 60),
            lock_after_failed_logins=self.whole(
                data, "lock_after_failed_logins", DEFAULT_LOCK_AFTER_FAILED_LOGINS, 1, 1000),
            cui=self.cui(data.get("cui", {})),
            examples_only=examples,
        )

    def thresholds(self, value: Any) -> tuple[ThresholdRule, ...]:
        if not isinstance(value, list):
            raise self.fail("'thresholds' must be an array of tables ([[thresholds]])",
                            "thresholds")
        rules = []
        for i, item in enumerate(value):
            t = "thresholds"
            if not isinstance(item, dict):
                raise self.fail("each threshold must be a table", "thresholds")
            domain = self.text(item, "domain", table=t, index=i)
            if domain not in DOMAINS:
                raise self.fail(f"domain '{domain}' is not one of {', '.join(DOMAINS)}",
                                "domain", t, i)
            direction = self.text(item, "direction", table=t, index=i, required=False,
                                  default="higher")
            if direction not in ("higher", "lower"):
                raise self.fail(f"direction '{direction}' must be \"higher\" or \"lower\"",
                                "direction", t, i)
            rules.append(ThresholdRule(
                domain=domain,
                benchmark=self.text(item, "benchmark", table=t, index=i),
                metric=self.text(item, "metric", table=t, index=i),
                covered_at=self.number(item, "covered_at", None, table=t, index=i),
                direction=Direction(direction),
                note=self.text(item, "note", table=t, index=i, required=False),
            ))
        return tuple(rules)

    def outcomes(self, data: dict[str, Any]) -> tuple[Outcome, ...]:
        value = data.get("outcomes")
        if value is None:
            return DEFAULT_OUTCOMES
        if not isinstance(value, list) or not value:
            raise self.fail("'outcomes' must be a non-empty array of tables ([[outcomes]])",
                            "outcomes")
        out: list[Outcome] = []
        for i, item in enumerate(value):
            if not isinstance(item, dict):
                raise self.fail("each outcome must be a table", "outcomes")
            key = self.text(item, "key", table="outcomes", index=i)
            if not _KEY.match(key) or any(o.key == key for o in out):
                raise self.fail(f"outcome key '{key}' must be unique lower_snake_case",
                                "key", "outcomes", i)
            out.append(Outcome(key, self.text(item, "label", table="outcomes", index=i)))
        return tuple(out)

    def cui(self, value: Any) -> CuiMarking:
        if not isinstance(value, dict):
            raise self.fail("'cui' must be a table ([cui])", "cui")
        return CuiMarking(
            banner=self.text(value, "banner", table="cui", required=False, default="CUI"),
            controlled_by=self.texts(value, "controlled_by", "cui"),
            category=self.text(value, "category", table="cui", required=False),
            dissemination=self.text(value, "dissemination", table="cui", required=False),
            poc=self.text(value, "poc", table="cui", required=False),
        )
