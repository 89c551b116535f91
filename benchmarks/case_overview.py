"""The Summary tab's overview read, against a floor measured in the same run.

On the demo workspace (built once in a temporary folder), for each demo case,
in this process after one warm-up read each, the median of ``--repeats`` runs:
  floor:  ``evaluate_case`` alone (the Evidence page's assessment: reading the
          logs and recomputing the scores): what any view of the bottom line costs;
  full:   ``case_overview`` (the assessment, plus the release date, the checklist,
          the determination and letters): what the Summary tab reads when shown;
  kept:   ``case_overview`` with the assessment read before: what it reads after a
          checklist or decision change.

    .venv/bin/python benchmarks/case_overview.py [--repeats 9]
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any


def median_ms(fn: Callable[[], Any], repeats: int) -> float:
    fn()  # warm-up: imports and the OS file cache
    times = []
    for _ in range(repeats):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times) * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=9)
    args = parser.parse_args()
    from reviewer_app.services.case_view import case_overview
    from reviewer_app.services.cases import list_cases
    from reviewer_app.services.demo import ensure_demo
    from reviewer_app.services.evidence import evaluate_case
    from reviewer_app.services.workspace import open_workspace

    today = date.today()
    with tempfile.TemporaryDirectory() as tmp:
        root = ensure_demo(Path(tmp) / "demo").root
        with open_workspace(root) as ws:
            print("| case | floor: evaluate_case | full overview | ratio | kept assessment |")
            print("| --- | --- | --- | --- | --- |")
            for case in list_cases(ws):
                key = case.uuid
                floor = median_ms(lambda k=key: evaluate_case(ws, k), args.repeats)
                full = median_ms(lambda k=key: case_overview(ws, k, today), args.repeats)
                line = case_overview(ws, key, today).assessment
                kept = median_ms(lambda k=key, a=line: case_overview(ws, k, today, a),
                                 args.repeats)
                print(f"| {case.model_name} | {floor:.1f} ms | {full:.1f} ms | "
                      f"{full / floor:.2f}x | {kept:.1f} ms |")


if __name__ == "__main__":
    main()
