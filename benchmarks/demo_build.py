"""The demo workspace's first build, against a floor measured in the same run.

``reviewer-app --demo`` builds the demo workspace on its first start. Each run,
in a fresh child process (imports included, as on a first start):
  floor: ``init_workspace`` alone (the workstation key's scrypt wrap, the admin's
         argon2id hash, the schema): what any new workspace costs;
  demo:  ``ensure_demo`` (the same, plus the demo users, trust, and the three
         sample packages built, signed, encrypted and imported);
alternated, then the median of each, the ratio and the demo's evidence bytes.

    .venv/bin/python benchmarks/demo_build.py [--runs 5]
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

FLOOR = """
import sys, time
from pathlib import Path
t = time.perf_counter()
from reviewer_app.services.init_workspace import init_workspace
init_workspace(Path(sys.argv[1]), workstation_passphrase="demo", admin="admin", admin_password="demo",
               demo=True).workspace.close()
print(time.perf_counter() - t)
"""
DEMO = """
import sys, time
from pathlib import Path
t = time.perf_counter()
from reviewer_app.services.demo import ensure_demo
assert ensure_demo(Path(sys.argv[1])).created
print(time.perf_counter() - t)
"""


def timed(code: str, root: Path) -> float:
    out = subprocess.run([sys.executable, "-c", code, str(root)], cwd=ROOT, check=True,
                         capture_output=True, text=True).stdout
    return float(out.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    runs = parser.parse_args().runs
    floor: list[float] = []
    demo: list[float] = []
    with tempfile.TemporaryDirectory(prefix="demo-bench-") as tmp:
        timed(DEMO, Path(tmp) / "warm")  # OS file cache, bytecode
        for i in range(runs):
            floor.append(timed(FLOOR, Path(tmp) / f"floor-{i}"))
            demo.append(timed(DEMO, Path(tmp) / f"demo-{i}"))
    evidence = sum(p.stat().st_size for p in (ROOT / "resources" / "demo" / "evidence").iterdir())
    f, d = statistics.median(floor), statistics.median(demo)
    print(f"floor (init_workspace):  median {f:.2f} s  ({min(floor):.2f}-{max(floor):.2f})")
    print(f"demo (ensure_demo):      median {d:.2f} s  ({min(demo):.2f}-{max(demo):.2f})")
    print(f"ratio demo/floor: {d / f:.2f}x; demo evidence: {evidence / 1e6:.2f} MB")


if __name__ == "__main__":
    main()
