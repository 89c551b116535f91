"""Packages built the way a hostile submitter would: names that Windows cannot
hold or that spoof what a reviewer reads, lenient tar numbers, data hidden
after the tar's end, and more files than the limits before any is staged.

Each is refused with the spec's code and leaves nothing behind
(``assert_nothing_left`` of the rejection tests).
"""

from __future__ import annotations

import io
import tarfile
from pathlib import Path

import pytest

from reviewer_app.domain.progress import ProgressEvent
from reviewer_app.errors import RejectedError
from reviewer_app.services.intake.package_import import import_package
from reviewer_app.services.workspace.folder import Workspace
from tests.support.import_checks import assert_nothing_left
from tests.support.import_fixtures import set_limits
from tests.support.packages import Member, PackageSpec, file_entries
from tests.support.workspaces import REVIEWER, WorkspaceTemplate

UNSAFE_NAMES = {
    "CON": "Windows device name CON",
    "evidence/nul.txt": "Windows device name NUL",
    "evidence/Com1": "Windows device name COM1",
    "evidence/lpt9.log": "Windows device name LPT9",
    "evidence/com\u00b9.txt": "Windows device name COM\u00b9",
    "evidence/aux .json": "Windows device name AUX",
    "evidence/a.": "ends with a dot or a space",
    "evidence/a ": "ends with a dot or a space",
    "evidence./x": "ends with a dot or a space",
    "evidence/a.txt:hidden": "':'",
    "evidence/<>|?*": "Windows does not allow",
    'evidence/"quoted"': "Windows does not allow",
    "evidence/report\u202etxt.exe": "U+202E",
    "evidence/\u2066isolate": "U+2066",
    "evidence/mark\u200f": "U+200F",
    "evidence/arabic\u061cmark": "U+061C",
    "evidence/line\u2028break": "U+2028",
    "evidence/para\u2029break": "U+2029",
    "evidence/escape\x1b[2J": "control character U+001B",
}


def _import(ws: Workspace, template: WorkspaceTemplate, path: Path,
            events: list[ProgressEvent] | None = None) -> RejectedError:
    with pytest.raises(RejectedError) as exc:
        import_package(ws, REVIEWER, path, identity=template.identity,
                       progress=events.append if events is not None else lambda _e: None)
    return exc.value


@pytest.mark.parametrize("name", list(UNSAFE_NAMES))
def test_a_manifest_path_unsafe_on_some_platform_is_refused(
        name: str, ws: Workspace, spec: PackageSpec, ws_template: WorkspaceTemplate,
        tmp_path: Path) -> None:
    def declare(obj: dict[str, object]) -> None:
        obj["files"] += file_entries({name: b"x"})  # type: ignore[operator]
    package = spec.variant(edit_manifest=declare,
                           edit_members=lambda ms: [*ms, Member(name, b"x")])
    error = _import(ws, ws_template, package.build(tmp_path / "n.subpkg"))
    assert error.code == "PKG_UNSAFE_PATH", error.message
    assert UNSAFE_NAMES[name] in error.message
    assert_nothing_left(ws, "PKG_UNSAFE_PATH")


@pytest.mark.parametrize("name", ["evidence/CON", "evidence/x.txt:stream", "evidence/rtl\u202e"])
def test_a_member_path_unsafe_on_some_platform_is_refused(
        name: str, ws: Workspace, spec: PackageSpec, ws_template: WorkspaceTemplate,
        tmp_path: Path) -> None:
    package = spec.variant(edit_members=lambda ms: [*ms, Member(name, b"x")])
    error = _import(ws, ws_template, package.build(tmp_path / "m.subpkg"))
    assert error.code == "PKG_UNSAFE_PATH" and "member path" in error.message, error.message
    assert_nothing_left(ws, "PKG_UNSAFE_PATH")


@pytest.mark.parametrize("name", ["evidence/CONSOLE.txt", "evidence/nullable.json",
                                  "evidence/com10.txt", "evidence/a.b.c", "evidence/caf\u00e9.txt"])
def test_names_that_only_look_like_the_refused_ones_import(
        name: str, ws: Workspace, spec: PackageSpec, ws_template: WorkspaceTemplate,
        tmp_path: Path) -> None:
    package = spec.variant(files={**spec.files, name: b"fine"})
    result = import_package(ws, REVIEWER, package.build(tmp_path / "ok.subpkg"),
                            identity=ws_template.identity)
    assert name in {f.path for f in result.case.files}


# --- strict tar ---------------------------------------------------------------


def _tar_with_pax_size(members: list[Member], target: str, value: str) -> bytes:
    """The package's tar, with a pax ``size`` record of ``value`` on member ``target``."""
    out = io.BytesIO()
    with tarfile.open(fileobj=out, mode="w", format=tarfile.PAX_FORMAT) as tar:
        for m in members:
            info = tarfile.TarInfo(m.name)
            info.size, info.mode = len(m.data), 0o644
            if m.name == target:
                info.pax_headers = {"size": value}
            tar.addfile(info, io.BytesIO(m.data))
    return out.getvalue()


@pytest.mark.parametrize("value", ["0_5", "+5", " 5", "5 ", "0x5", "\u0665"])
def test_a_pax_size_that_is_not_plain_digits_is_not_tar(
        value: str, ws: Workspace, spec: PackageSpec, ws_template: WorkspaceTemplate,
        tmp_path: Path) -> None:
    name = "evidence/five.bin"

    def pax(plain: bytes) -> bytes:
        return _tar_with_pax_size([Member(i.name, d) for i, d in _members(plain)], name, value)
    package = spec.variant(files={**spec.files, name: b"12345"}, edit_plaintext=pax)
    error = _import(ws, ws_template, package.build(tmp_path / "p.subpkg"))
    assert error.code == "PKG_NOT_TAR", error.message
    assert "not a plain decimal number" in error.message
    assert_nothing_left(ws, "PKG_NOT_TAR")


def test_a_plain_pax_size_imports(ws: Workspace, spec: PackageSpec,
                                  ws_template: WorkspaceTemplate, tmp_path: Path) -> None:
    name = "evidence/five.bin"
    package = spec.variant(files={**spec.files, name: b"12345"})

    def pax(plain: bytes) -> bytes:
        return _tar_with_pax_size([Member(i.name, d) for i, d in _members(plain)], name, "5")
    result = import_package(ws, REVIEWER, package.variant(edit_plaintext=pax).build(tmp_path / "p.subpkg"),
                            identity=ws_template.identity)
    assert result.status == "imported"


def test_an_octal_header_number_with_an_underscore_is_not_tar(
        ws: Workspace, spec: PackageSpec, ws_template: WorkspaceTemplate, tmp_path: Path) -> None:
    def underscore(plain: bytes) -> bytes:  # the member's size field: 0_5 (int(.., 8) is 5)
        return _set_header_field(plain, "evidence/five.bin", 124, 12, b"0_5")
    package = spec.variant(files={**spec.files, "evidence/five.bin": b"12345"},
                           edit_plaintext=underscore)
    error = _import(ws, ws_template, package.build(tmp_path / "o.subpkg"))
    assert error.code == "PKG_NOT_TAR" and "not an octal number" in error.message, error.message


@pytest.mark.parametrize("where", ["after-the-padding", "inside-the-zero-blocks"])
def test_data_after_the_end_of_archive_is_not_tar(
        where: str, ws: Workspace, spec: PackageSpec, ws_template: WorkspaceTemplate,
        tmp_path: Path) -> None:
    def hide(plain: bytes) -> bytes:
        if where == "after-the-padding":
            return plain + b"#!/bin/sh\nrm -rf ~\n"
        end = _end_of_archive(plain)
        return plain[:end + 700] + b"\x01" + plain[end + 701:]
    error = _import(ws, ws_template, spec.variant(edit_plaintext=hide).build(tmp_path / "t.subpkg"))
    assert error.code == "PKG_NOT_TAR", error.message
    assert "follows the end-of-archive marker" in error.message
    assert_nothing_left(ws, "PKG_NOT_TAR")


def test_zero_padding_after_the_end_of_archive_imports(
        ws: Workspace, spec: PackageSpec, ws_template: WorkspaceTemplate, tmp_path: Path) -> None:
    package = spec.variant(edit_plaintext=lambda p: p + bytes(3 * 10240))
    result = import_package(ws, REVIEWER, package.build(tmp_path / "z.subpkg"),
                            identity=ws_template.identity)
    assert result.status == "imported"


def _members(plain: bytes) -> list[tuple[tarfile.TarInfo, bytes]]:
    with tarfile.open(fileobj=io.BytesIO(plain)) as tar:
        return [(info, tar.extractfile(info).read()) for info in tar  # type: ignore[union-attr]
                if info.isfile()]


def _end_of_archive(plain: bytes) -> int:
    """Offset of the first zero block after the last member."""
    with tarfile.open(fileobj=io.BytesIO(plain)) as tar:
        last = tar.getmembers()[-1]
    return last.offset_data + -(-last.size // 512) * 512


def _set_header_field(plain: bytes, prefix: str, at: int, width: int, value: bytes) -> bytes:
    """Write ``value`` into the ustar field of the first header whose name starts with
    ``prefix``, and fix the header's checksum (so only the field is wrong)."""
    buf = bytearray(plain)
    for pos in range(0, len(buf), 512):
        if bytes(buf[pos:pos + len(prefix)]) == prefix.encode() and buf[pos + 257:pos + 262] == b"ustar":
            buf[pos + at:pos + at + width] = value.ljust(width - 1, b" ") + b"\x00"
            buf[pos + 148:pos + 156] = b" " * 8
            buf[pos + 148:pos + 156] = f"{sum(buf[pos:pos + 512]):06o}\x00 ".encode()
            return bytes(buf)
    raise AssertionError(f"no header for {prefix}")


# --- limits the manifest already tells -----------------------------------------


def test_a_manifest_declaring_more_files_than_the_limit_is_refused_before_any_is_staged(
        ws: Workspace, spec: PackageSpec, ws_template: WorkspaceTemplate, tmp_path: Path) -> None:
    big = b"\x00" * (5 << 20)  # three members of 5 MiB: progress would name them as they stage
    package = spec.variant(files={"evidence/a.bin": big, "evidence/b.bin": big,
                                  "evidence/c.bin": big})
    set_limits(ws, members=2)
    events: list[ProgressEvent] = []
    error = _import(ws, ws_template, package.build(tmp_path / "many.subpkg"), events)
    assert error.code == "PKG_TOO_LARGE" and "lists 3 files" in error.message, error.message
    assert not [e for e in events if "evidence/" in e.detail], "files were staged first"
    assert_nothing_left(ws, "PKG_TOO_LARGE")


def test_a_manifest_declaring_more_bytes_than_the_limit_is_refused_before_any_is_staged(
        ws: Workspace, spec: PackageSpec, ws_template: WorkspaceTemplate, tmp_path: Path) -> None:
    big = b"\x00" * (5 << 20)
    package = spec.variant(files={"evidence/a.bin": big, "evidence/b.bin": big})
    set_limits(ws, total_bytes=6 << 20)
    events: list[ProgressEvent] = []
    error = _import(ws, ws_template, package.build(tmp_path / "big.subpkg"), events)
    assert error.code == "PKG_TOO_LARGE" and "add up to" in error.message, error.message
    assert not [e for e in events if "evidence/" in e.detail], "files were staged first"


def test_declared_limits_come_before_the_members_in_the_reported_order(
        ws: Workspace, spec: PackageSpec, ws_template: WorkspaceTemplate, tmp_path: Path) -> None:
    # Too many files declared AND a damaged first member: the manifest is met first.
    package = spec.variant(edit_members=lambda ms: [*ms[:2], Member(ms[2].name, b""), *ms[3:]])
    set_limits(ws, members=len(spec.files) - 1)
    error = _import(ws, ws_template, package.build(tmp_path / "o.subpkg"))
    assert error.code == "PKG_TOO_LARGE", error.message
