"""The cost of sign-in's audit check, beside the row read sign-in always made (its floor).

    .venv/bin/python benchmarks/sign_in_check.py [--entries 200000] [--repeats 200]

Sign-in refuses an account whose ``users`` row does not match the newest audit
entry about it (``fast_read.user_row_digest``: the row, one indexed look-up in
``audit_log``, one SHA-256). Floor: ``fast_read.login_row``, the read
``check_password`` already made, in the same run on the same database. The
trail is filled with ``--entries`` rows by plain SQL (their hashes are not a
chain: only the look-up is timed), half of them about the user signing in.
Goal: the check adds well under a millisecond whatever the trail's length, and
stays within 3x the floor.
"""

from __future__ import annotations

import argparse
import sqlite3
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def _median_ms(fn: Callable[[], object], repeats: int) -> float:
    fn()
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--entries", type=int, default=200_000)
    parser.add_argument("--repeats", type=int, default=200)
    args = parser.parse_args()
    from reviewer_app.services.setup import init_workspace
    from reviewer_app.storage import fast_read

    with tempfile.TemporaryDirectory() as tmp:
        result = init_workspace(Path(tmp) / "ws", workstation_passphrase="bench passphrase", admin="bench",
                                admin_password="bench password")
        result.workspace.close()
        db = Path(tmp) / "ws" / "reviewer.db"
        with sqlite3.connect(db) as conn:
            start = conn.execute("SELECT max(seq) FROM audit_log").fetchone()[0] + 1
            conn.executemany(
                "INSERT INTO audit_log (seq, at, actor, action, subject, subject_digest, details,"
                " prev_hash, hash) VALUES (?, '2026-12-06T00:00:00+00:00', 'bench', 'bench', ?,"
                " ?, '{}', ?, ?)",
                ((seq, "user:someone" if seq % 2 else f"case:{seq}", "d" * 64, "0" * 64, "1" * 64)
                 for seq in range(start, start + args.entries)))
        floor = _median_ms(lambda: fast_read.login_row(db, "bench"), args.repeats)
        check = _median_ms(lambda: fast_read.user_row_digest(db, "bench"), args.repeats)
        assert fast_read.user_row_digest(db, "bench")[0] == fast_read.user_row_digest(db, "bench")[1]
    print(f"audit entries: {args.entries:,}")
    print(f"floor  login_row (the read sign-in always made): {floor:.3f} ms")
    print(f"check  user_row_digest (row + newest entry):     {check:.3f} ms  ({check / floor:.2f}x floor)")


if __name__ == "__main__":
    main()
