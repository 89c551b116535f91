"""The offline bundle: built by scripts/build-offline-bundle, installed by its
install.sh into a fresh virtual environment with the package index disabled,
and refused, before anything is installed, when a file does not match SHA256SUMS.

Downloads go through pip's cache (~/.cache/pip), so only the first run on a
machine fetches the wheels.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow

REPO = Path(__file__).resolve().parents[2]


def _clean_env(**extra: str) -> dict[str, str]:
    """The environment without pip settings or a workspace of the caller's."""
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("PIP_", "REVIEWER_APP_", "VIRTUAL_ENV", "PYTHONPATH"))
    }
    env.update(extra)
    return env


def _run(args: list[str | Path], *, cwd: Path, env: dict[str, str], timeout: int = 300):  # type: ignore[no-untyped-def]
    return subprocess.run(
        [str(a) for a in args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


@pytest.fixture(scope="module")
def bundle(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("bundle") / "offline-bundle"
    env = dict(os.environ, PYTHON=sys.executable)
    result = _run([REPO / "scripts" / "build-offline-bundle", "--out", out], cwd=REPO, env=env)
    assert result.returncode == 0, result.stdout + result.stderr
    return out


def _install(bundle: Path, venv: Path, cwd: Path):  # type: ignore[no-untyped-def]
    # PIP_CONFIG_FILE=/dev/null on top of install.sh's own isolation: this
    # machine's pip settings cannot add a package source.
    env = _clean_env(PIP_CONFIG_FILE=os.devnull, PIP_NO_INDEX="1")
    return _run(["bash", bundle / "install.sh", "--venv", venv], cwd=cwd, env=env)


def test_the_bundle_holds_wheels_installer_package_list_and_checksums(bundle: Path) -> None:
    names = {p.name for p in bundle.iterdir()}
    assert {"wheels", "install.sh", "debian-packages.txt", "README.txt", "SHA256SUMS",
            "requirements.txt"} <= names
    assert bundle.with_name("offline-bundle.tar.gz").is_file()
    wheels = sorted(p.name for p in (bundle / "wheels").iterdir())
    assert all(w.endswith(".whl") for w in wheels)
    for project in (
        "reviewer_app-",
        "pyside6_essentials-",
        "pyside6_pdf-",
        "cryptography-",
        "sqlalchemy-",
    ):
        assert any(w.lower().startswith(project) for w in wheels), project
    listed = {line.split("  ", 1)[1] for line in (bundle / "SHA256SUMS").read_text().splitlines()}
    assert listed == {str(p.relative_to(bundle)) for p in bundle.rglob("*") if p.is_file()} - {
        "SHA256SUMS"
    }
    setup = (REPO / "scripts" / "setup").read_text()
    qt = re.search(r'^QT_PACKAGES="([^"]*)"', setup, re.M)
    assert qt is not None
    packages = [
        line
        for line in (bundle / "debian-packages.txt").read_text().splitlines()
        if line and not line.startswith("#")
    ]
    assert packages == qt.group(1).split()


def test_install_with_the_index_disabled_then_run_help_and_demo(
    bundle: Path, tmp_path: Path
) -> None:
    venv = tmp_path / "venv"
    result = _install(bundle, venv, tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "All" in result.stdout and "match SHA256SUMS" in result.stdout
    app = venv / "bin" / "reviewer-app"
    env = _clean_env(QT_QPA_PLATFORM="offscreen")

    help_ = _run([app, "--help"], cwd=tmp_path, env=env, timeout=120)
    assert help_.returncode == 0, help_.stderr
    assert "usage: reviewer-app" in help_.stdout

    workspace = tmp_path / "demo-ws"
    demo = _run([app, "--workspace", workspace, "demo"], cwd=tmp_path, env=env, timeout=120)
    assert demo.returncode == 0, demo.stderr
    assert (workspace / "reviewer.db").is_file() and (workspace / "policy.toml").is_file()

    (tmp_path / "pw").write_text("demo")
    verify = _run(
        [
            app,
            "--workspace",
            workspace,
            "--user",
            "admin",
            "--password-file",
            tmp_path / "pw",
            "audit",
            "verify",
        ],
        cwd=tmp_path,
        env=env,
        timeout=120,
    )
    assert verify.returncode == 0, verify.stderr

    # The installed package is self-contained: resources and migrations come from the wheel.
    where = _run(
        [
            venv / "bin" / "python",
            "-c",
            "import reviewer_app.resources as r, reviewer_app.storage.migrate as m;"
            "print(r.resources_dir()); print(m.MIGRATIONS_DIR)",
        ],
        cwd=tmp_path,
        env=env,
        timeout=60,
    )
    assert where.returncode == 0, where.stderr
    resources, migrations = where.stdout.split()
    assert resources.startswith(str(venv)) and resources.endswith("_resources")
    assert migrations.startswith(str(venv))


def _copy(bundle: Path, dest: Path) -> Path:
    """A cheap copy (hard links): files are replaced, never edited in place."""
    shutil.copytree(bundle, dest, copy_function=os.link)
    return dest


def test_a_tampered_wheel_stops_the_install_at_the_checksum_step(
    bundle: Path, tmp_path: Path
) -> None:
    copy = _copy(bundle, tmp_path / "bundle")
    wheel = next((copy / "wheels").glob("reviewer_app-*.whl"))
    data = bytearray(wheel.read_bytes())
    data[len(data) // 2] ^= 0x01
    wheel.unlink()
    wheel.write_bytes(bytes(data))
    venv = tmp_path / "venv"

    result = _install(copy, venv, tmp_path)

    assert result.returncode != 0
    assert "checksum verification FAILED" in result.stderr
    assert f"wheels/{wheel.name}: FAILED" in result.stderr
    assert "nothing was installed" in result.stderr
    assert not venv.exists()


def test_a_wheel_not_listed_in_sha256sums_is_refused(bundle: Path, tmp_path: Path) -> None:
    copy = _copy(bundle, tmp_path / "bundle")
    own = next((copy / "wheels").glob("reviewer_app-*.whl"))
    shutil.copyfile(own, copy / "wheels" / "zz_extra-1.0-py3-none-any.whl")
    venv = tmp_path / "venv"

    result = _install(copy, venv, tmp_path)

    assert result.returncode != 0
    assert "wheels/zz_extra-1.0-py3-none-any.whl is not listed in SHA256SUMS" in result.stderr
    assert not venv.exists()


def test_the_bundle_wheels_are_exactly_the_lock(bundle: Path) -> None:
    from packaging.utils import canonicalize_name, parse_wheel_filename

    lock = dict(re.findall(r"^([A-Za-z0-9_.-]+)==(\S+)",
                           (REPO / "requirements" / "app.txt").read_text(), re.M))
    lock = {canonicalize_name(k): v for k, v in lock.items()}
    wheels = {}
    for wheel in (bundle / "wheels").iterdir():
        name, version, _build, _tags = parse_wheel_filename(wheel.name)
        wheels[name] = str(version)
    assert wheels.pop("reviewer-app")
    assert wheels == lock
    assert (bundle / "requirements.txt").read_text().count("--hash=sha256:") >= len(lock)


def test_a_swapped_wheel_with_rewritten_checksums_is_refused_by_the_lock_hashes(
    bundle: Path, tmp_path: Path
) -> None:
    """An attacker who replaces a dependency's wheel and regenerates SHA256SUMS (the
    published value would catch that, but nobody compared it) still meets the hashes of
    requirements.txt, which pip checks for every wheel."""
    copy = _copy(bundle, tmp_path / "bundle")
    wheel = next((copy / "wheels").glob("ijson-*.whl"))
    data = bytearray(wheel.read_bytes())
    data[len(data) // 2] ^= 0x01
    wheel.unlink()
    wheel.write_bytes(bytes(data))
    sums = _run(["bash", "-c", "find . -type f ! -name SHA256SUMS ! -path ./requirements.txt "
                 "| sed 's|^./||' | LC_ALL=C sort | xargs sha256sum > SHA256SUMS; "
                 "sha256sum requirements.txt >> SHA256SUMS"], cwd=copy, env=_clean_env())
    assert sums.returncode == 0, sums.stderr
    venv = tmp_path / "venv"

    result = _install(copy, venv, tmp_path)

    assert result.returncode != 0
    assert "match SHA256SUMS" in result.stdout  # the checksum step was fooled
    assert "HASHES" in result.stderr.upper() and "ijson" in result.stderr
