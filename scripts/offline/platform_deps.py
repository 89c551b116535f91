"""Print the requirements of the wheels in a folder that only a Windows machine needs.

``pip download --platform win_amd64`` run on Linux evaluates environment markers
for Linux (a pip limitation), so a dependency such as ``tzdata;
platform_system == "Windows"`` (from tzlocal) is left out and an offline install
on Windows would fail. This lists each such requirement that no wheel in the
folder satisfies yet, one per line, for a second ``pip download``.

Usage: python platform_deps.py WHEELS_DIR
"""

from __future__ import annotations

import re
import sys
import zipfile
from pathlib import Path

try:
    from packaging.requirements import Requirement
    from packaging.utils import canonicalize_name
except ImportError:  # pip always carries a copy
    from pip._vendor.packaging.requirements import Requirement  # type: ignore[no-redef]
    from pip._vendor.packaging.utils import canonicalize_name  # type: ignore[no-redef]

WINDOWS = {"sys_platform": "win32", "platform_system": "Windows", "os_name": "nt", "extra": ""}
LINUX = {"sys_platform": "linux", "platform_system": "Linux", "os_name": "posix", "extra": ""}


def requirements(wheel: Path) -> list[str]:
    with zipfile.ZipFile(wheel) as z:
        meta = next(n for n in z.namelist() if n.endswith(".dist-info/METADATA"))
        text = z.read(meta).decode("utf-8")
    return [m.group(1).strip() for m in re.finditer(r"^Requires-Dist:(.*)$", text, re.M)]


def main(folder: Path) -> None:
    wheels = sorted(folder.glob("*.whl"))
    have = {canonicalize_name(w.name.split("-")[0]) for w in wheels}
    wanted: set[str] = set()
    for wheel in wheels:
        for line in requirements(wheel):
            req = Requirement(line)
            if req.marker is None or not req.marker.evaluate(WINDOWS):
                continue
            if req.marker.evaluate(LINUX) or canonicalize_name(req.name) in have:
                continue
            wanted.add(f"{req.name}{req.specifier}")
    for requirement in sorted(wanted):
        print(requirement)


if __name__ == "__main__":
    main(Path(sys.argv[1]))
