"""Pure rules of the package format: paths, dates, instants, hashes, country codes, JSON."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone

import pytest

from reviewer_app.domain.countries import COUNTRY_CODES, COUNTRY_NAMES, is_country_code
from reviewer_app.domain.manifest import ManifestInvalidError, parse_json
from reviewer_app.domain.manifest_rules import (
    UnsafePathError,
    check_path,
    is_sha256,
    parse_date,
    parse_instant,
)


def test_country_table_has_the_249_assigned_codes() -> None:
    assert len(COUNTRY_CODES) == 249 and set(COUNTRY_NAMES) == COUNTRY_CODES
    assert all(len(c) == 2 and c.isupper() for c in COUNTRY_CODES)
    assert is_country_code("GB") and not is_country_code("UK") and not is_country_code("gb")


@pytest.mark.parametrize("path,expected", [
    ("evidence/a.json", "evidence/a.json"), ("./evidence/a.json", "evidence/a.json"),
    ("é/ü.txt", "é/ü.txt"), ("a" * 240, "a" * 240)])
def test_good_paths(path: str, expected: str) -> None:
    assert check_path(path) == expected


@pytest.mark.parametrize("path", [
    "", "./", "/abs", "../x", "a/../b", "a/./b", "a//b", "a/", "a\\b", "C:/x", "c:x", "a\x00b",
    "a\nb", "a\x7fb", "cafe\u0301", "././a", "a" * 241, "é" * 121])
def test_unsafe_paths(path: str) -> None:
    with pytest.raises(UnsafePathError) as exc:
        check_path(path)
    assert exc.value.code == "PKG_UNSAFE_PATH"


def test_dates_and_instants() -> None:
    assert parse_date("2026-12-01") == date(2026, 12, 1)
    for bad in ("2026-13-01", "20261201", "2026-12-1", 20261201, None, "2026-12-01T00:00:00Z"):
        assert parse_date(bad) is None
    assert parse_instant("2026-11-20T14:03:00Z") == datetime(2026, 11, 20, 14, 3, tzinfo=UTC)
    assert parse_instant("2026-11-20T14:03:00.123456789+02:00") == datetime(
        2026, 11, 20, 14, 3, 0, 123456, tzinfo=timezone(timedelta(hours=2)))
    for bad in ("2026-11-20T14:03:00", "2026-11-20 14:03:00Z", "2026-11-20", "2026-11-20T25:00:00Z"):
        assert parse_instant(bad) is None


def test_sha256_format() -> None:
    assert is_sha256("a" * 64) and not is_sha256("A" * 64) and not is_sha256("a" * 63)


def test_json_rules() -> None:
    assert parse_json(b'\xef\xbb\xbf{"a": 1}') == {"a": 1}
    for bad, says in ((b"[1]", "object"), (b'{"a": NaN}', "NaN"), (b'{"a":1,"a":2}', "twice"),
                      (b"\xff", "UTF-8"), (b"{", "not valid JSON")):
        with pytest.raises(ManifestInvalidError) as exc:
            parse_json(bad)
        assert says in exc.value.message
