"""The hash-pinned lock is honest: it pins exactly what pyproject.toml needs, no more, no less.

requirements/lock.txt (application, tests, linters, lock tool, build tools) and
requirements/app.txt (the application and its build tools) are compiled by
scripts/upgrade-deps. A dependency added to pyproject.toml without re-locking,
a package left in the lock that nothing needs any more, a pin outside
pyproject's range, a pin without a hash, or the two locks naming different
versions: each fails here. The closure is walked through the installed
distributions' own metadata (the venv is made from the lock by scripts/setup).
"""

from __future__ import annotations

import re
import tomllib
from importlib import metadata
from pathlib import Path

import pytest
from packaging.markers import default_environment
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).parents[3]
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
DEV_EXTRAS = ("test", "lint", "lock")


def read_lock(path: Path) -> dict[str, tuple[str, int]]:
    """name -> (version, number of hashes) of a ``--generate-hashes`` requirements file."""
    pins: dict[str, tuple[str, int]] = {}
    for block in re.split(r"\n(?=\S)", path.read_text(encoding="utf-8")):
        m = re.match(r"([A-Za-z0-9_.-]+)==(\S+)", block)
        if m:
            pins[canonicalize_name(m.group(1))] = (m.group(2), block.count("--hash=sha256:"))
    return pins


def direct_requirements(extras: tuple[str, ...]) -> list[Requirement]:
    project = PYPROJECT["project"]
    texts = list(project["dependencies"]) + list(PYPROJECT["build-system"]["requires"])
    for extra in extras:
        texts += project["optional-dependencies"][extra]
    return [Requirement(t) for t in texts]


def closure(roots: list[Requirement]) -> set[str]:
    """Every distribution the roots need on CPython 3.11 / Linux, extras followed."""
    env = {**default_environment(), "python_version": "3.11", "sys_platform": "linux",
           "platform_system": "Linux"}
    seen: set[tuple[str, str]] = set()
    todo = [(r, "") for r in roots]
    names: set[str] = set()
    while todo:
        req, via_extra = todo.pop()
        if req.marker and not req.marker.evaluate({**env, "extra": via_extra}):
            continue
        name = canonicalize_name(req.name)
        for extra in ("", *sorted(req.extras)):
            if (name, extra) in seen:
                continue
            seen.add((name, extra))
            names.add(name)
            for text in metadata.requires(req.name) or []:
                todo.append((Requirement(text), extra))
    return names


@pytest.fixture(scope="module")
def dev_lock() -> dict[str, tuple[str, int]]:
    return read_lock(ROOT / "requirements" / "lock.txt")


@pytest.fixture(scope="module")
def app_lock() -> dict[str, tuple[str, int]]:
    return read_lock(ROOT / "requirements" / "app.txt")


@pytest.mark.parametrize(("lock_name", "extras"), [("dev", DEV_EXTRAS), ("app", ())])
def test_the_lock_pins_exactly_what_pyproject_needs(
        lock_name: str, extras: tuple[str, ...], dev_lock: dict[str, tuple[str, int]],
        app_lock: dict[str, tuple[str, int]]) -> None:
    lock = dev_lock if lock_name == "dev" else app_lock
    needed = closure(direct_requirements(extras)) - {"reviewer-app"}
    assert not needed - lock.keys(), f"needed but not in the {lock_name} lock"
    assert not lock.keys() - needed, f"in the {lock_name} lock but nothing needs it"


@pytest.mark.parametrize("extras", [DEV_EXTRAS, ()])
def test_every_direct_pin_is_inside_pyproject_range(
        extras: tuple[str, ...], dev_lock: dict[str, tuple[str, int]]) -> None:
    for req in direct_requirements(extras):
        version, _ = dev_lock[canonicalize_name(req.name)]
        assert req.specifier.contains(version, prereleases=True), f"{req} vs {version}"


def test_every_pin_has_a_hash_and_both_locks_agree(
        dev_lock: dict[str, tuple[str, int]], app_lock: dict[str, tuple[str, int]]) -> None:
    for name, (version, hashes) in {**dev_lock, **app_lock}.items():
        assert hashes >= 1, f"{name}=={version} has no hash"
    for name, (version, _) in app_lock.items():
        assert dev_lock[name][0] == version, f"{name}: app {version}, dev {dev_lock[name][0]}"


def test_the_installed_environment_is_the_lock(dev_lock: dict[str, tuple[str, int]]) -> None:
    """What the tests run on is what the lock says (scripts/setup makes the venv from it)."""
    for name, (version, _) in dev_lock.items():
        assert metadata.version(name) == version, name


def test_a_dependency_missing_from_the_lock_is_caught(
        dev_lock: dict[str, tuple[str, int]]) -> None:
    """The guard itself: drop a pin and the closure check sees it."""
    needed = closure(direct_requirements(DEV_EXTRAS)) - {"reviewer-app"}
    trimmed = {k: v for k, v in dev_lock.items() if k != "ijson"}
    assert needed - trimmed.keys() == {"ijson"}
