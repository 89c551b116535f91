"""The case-store sweep that every opening of a workspace runs, next to a floor.

    .venv/bin/python benchmarks/store_sweep.py [--cases 1000] [--repeats 30]

(a) floor: the first case list read (``storage.fast_read.cases``), which the
    window needs before its first paint anyway;
(b) ``services.workspace.folder.sweep_case_store`` on a store whose every folder has
    its row (nothing to remove: the usual start), median of the repeats.
Goal: (b) well under (a), since both are on the start-up path.
"""

from __future__ import annotations

import argparse
import sqlite3
import statistics
import sys
import tempfile
import time
import uuid
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from reviewer_app.services.workspace import create_layout, sweep_case_store
from reviewer_app.storage import fast_read

INSERT = ("INSERT INTO cases (uuid, reference, package_id, manifest_sha256, status, received_at,"
          " window_end, model_name, model_version, organization, store_dir, signer, checks,"
          " priority) VALUES (?,?,?,?,'received','2026-01-01T00:00:00+00:00','2026-02-01','m',"
          "'1','o',?,'{}','{}',0)")


def median_ms(work: Callable[[], object], repeats: int) -> float:
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--cases", type=int, default=1000)
    parser.add_argument("--repeats", type=int, default=30)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        ws = create_layout(Path(tmp) / "ws")
        ws.close()
        with sqlite3.connect(ws.paths.db) as con:
            for i in range(args.cases):
                name = str(uuid.uuid4())
                con.execute(INSERT, (name, f"FMR-2026-{i:05d}", name, "0" * 64, name))
                (ws.paths.cases / name).mkdir()
        floor = median_ms(lambda: fast_read.cases(ws.paths.db), args.repeats)
        sweep = median_ms(lambda: sweep_case_store(ws), args.repeats)
    print(f"(a) floor, first case list read, {args.cases:,} cases: {floor:.2f} ms")
    print(f"(b) store sweep, {args.cases:,} case folders, nothing to remove: {sweep:.2f} ms "
          f"({sweep / floor:.2f}x the floor)")


if __name__ == "__main__":
    main()
