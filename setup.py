"""Build step that pyproject.toml cannot express: ship the top-level ``resources/``
folder inside the wheel as ``reviewer_app/_resources/``.

Why a copy step rather than a ``package-dir`` mapping: the resources are data
folders, not Python packages, and a mapping would force an explicit list of
every package instead of ``packages.find``. ``reviewer_app/resources.py`` looks
for ``_resources`` first and falls back to the checkout's ``resources/``, so an
editable install (``pip install -e .``) needs no copy at all and gets none.
Everything else (metadata, dependencies, package data) lives in pyproject.toml.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

HERE = Path(__file__).resolve().parent


class BuildPyWithResources(build_py):
    def run(self) -> None:
        super().run()
        if self.editable_mode:
            return
        source = HERE / "resources"
        if not source.is_dir():  # building from an sdist made without resources/
            raise SystemExit("resources/ is missing: cannot build a complete wheel")
        target = Path(self.build_lib) / "reviewer_app" / "_resources"
        if target.exists():
            shutil.rmtree(target)
        shutil.copytree(source, target, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
        # The user guide and its pictures, for Help > User guide (ui/help_viewer.py).
        guide = HERE / "docs" / "user-guide.md"
        if guide.is_file():
            (target / "docs").mkdir(exist_ok=True)
            shutil.copy2(guide, target / "docs" / guide.name)
            if (HERE / "docs" / "images").is_dir():
                shutil.copytree(HERE / "docs" / "images", target / "docs" / "images")


setup(cmdclass={"build_py": BuildPyWithResources})
