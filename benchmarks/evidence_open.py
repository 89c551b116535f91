"""How fast a 100,000-sample Inspect ``.eval`` opens in the evidence browser.

Prints, for one log written by tests/support/inspect_logs.py in the real
layout: time to the first rows (open + header + first 50 summary rows), time
to read the log's metrics, time to recompute the headline metric over every
sample, peak RSS of each, and, in the same run and on the same file, the time
and peak RSS of ``inspect_ai.log.read_eval_log`` (the floor we compare with).

inspect-ai is never a dependency of the app: it is installed, if missing, in
its own venv (/tmp/inspect-venv). Each measurement runs in a fresh process so
that peak RSS is its own.

    /tmp/venv/bin/python benchmarks/evidence_open.py [--samples N] [--zstd | --json]
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
INSPECT_VENV = Path("/tmp/inspect-venv")
GOAL_FIRST_ROWS_S = 1.0
GOAL_RSS_MIB = 300
GOAL_RATIO = 10.0

OURS = r"""
import json, resource, sys, time
def peak_mib():
    # VmHWM is this process's own peak RSS; ru_maxrss would include the parent's
    # RSS at fork time (Linux carries it across exec).
    for line in open("/proc/self/status"):
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
t0 = time.perf_counter()
from reviewer_app.services.evidence.evaluation import open_log
imported = time.perf_counter()
src = open_log(sys.argv[1])
rows = src.summaries(0, 50)
count = src.sample_count()
first = time.perf_counter() - t0
warm = time.perf_counter() - imported
assert len(rows) == 50, rows
rss_first = peak_mib()
t_floor = time.perf_counter()
from reviewer_app.formats.evidence import open_samples
with open_samples(sys.argv[1]) as plain:  # the floor: the log's own order, no sorting
    stream = plain.reader.iter_summaries()
    assert len([next(stream) for _ in range(50)]) == 50
log_order = time.perf_counter() - t_floor
t1 = time.perf_counter()
log = src.log()
metrics = time.perf_counter() - t1
t2 = time.perf_counter()
from reviewer_app.services.evidence.evaluation import recompute_log
rec = recompute_log(src)
recompute = time.perf_counter() - t2
t3 = time.perf_counter()
last = src.summaries(count - 50, 50)
scroll_end = time.perf_counter() - t3
detail_t = time.perf_counter()
src.detail(last[-1].id, last[-1].epoch)
detail = time.perf_counter() - detail_t
print(json.dumps({"first_rows_s": first, "warm_first_rows_s": warm, "log_order_s": log_order, "metrics_s": metrics, "recompute_s": recompute,
                  "scroll_end_s": scroll_end, "detail_s": detail, "count": count,
                  "log_accuracy": log.metric("accuracy").value, "recomputed": rec.value,
                  "rss_first_mib": rss_first,
                  "rss_peak_mib": peak_mib()}))
"""

THEIRS = r"""
import json, resource, sys, time
def peak_mib():
    # VmHWM is this process's own peak RSS; ru_maxrss would include the parent's
    # RSS at fork time (Linux carries it across exec).
    for line in open("/proc/self/status"):
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
t0 = time.perf_counter()
from inspect_ai.log import read_eval_log
log = read_eval_log(sys.argv[1])
full = time.perf_counter() - t0
print(json.dumps({"read_eval_log_s": full, "samples": len(log.samples or []),
                  "rss_peak_mib": peak_mib()}))
"""

THEIRS_HEADER = r"""
import json, resource, sys, time
def peak_mib():
    # VmHWM is this process's own peak RSS; ru_maxrss would include the parent's
    # RSS at fork time (Linux carries it across exec).
    for line in open("/proc/self/status"):
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
t0 = time.perf_counter()
from inspect_ai.log import read_eval_log
log = read_eval_log(sys.argv[1], header_only=True)
print(json.dumps({"header_only_s": time.perf_counter() - t0,
                  "rss_peak_mib": peak_mib()}))
"""


def ensure_inspect_venv() -> Path:
    python = INSPECT_VENV / "bin" / "python"
    probe = [str(python), "-c", "import inspect_ai"]
    if python.exists() and subprocess.run(probe, capture_output=True).returncode == 0:
        return python
    print(f"installing inspect-ai into {INSPECT_VENV} (once) ...", flush=True)
    subprocess.run([sys.executable, "-m", "venv", str(INSPECT_VENV)], check=True)
    subprocess.run([str(python), "-m", "pip", "install", "-q", "inspect-ai"], check=True)
    return python


def run(python: Path | str, script: str, log: Path) -> dict[str, float]:
    started = time.perf_counter()
    out = subprocess.run([str(python), "-c", script, str(log)], capture_output=True, text=True,
                         cwd=ROOT)
    if out.returncode != 0:
        raise SystemExit(f"measurement failed:\n{out.stderr}")
    result: dict[str, float] = json.loads(out.stdout.strip().splitlines()[-1])
    result["wall_s"] = time.perf_counter() - started
    return result


def as_json_log(eval_log: Path) -> Path:
    """The .eval's content as one Inspect .json document (header keys, samples, reductions)."""
    import zipfile

    out = eval_log.with_suffix(".json")
    if out.exists():
        return out
    with zipfile.ZipFile(eval_log) as zf, out.open("w") as dst:
        header = json.loads(zf.read("header.json"))
        dst.write(json.dumps(header)[:-1] + ', "samples": [')
        names = [n for n in zf.namelist() if n.startswith("samples/")]
        for i, name in enumerate(names):
            dst.write(("," if i else "") + zf.read(name).decode())
        dst.write('], "reductions": ' + zf.read("reductions.json").decode() + "}")
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--samples", type=int, default=100_000)
    parser.add_argument("--zstd", action="store_true", help="zstd members (inspect >= 0.3.206)")
    parser.add_argument("--dir", type=Path, default=Path("/tmp/evidence-bench"))
    parser.add_argument("--skip-inspect", action="store_true")
    parser.add_argument("--json", action="store_true",
                        help="the same log as an Inspect .json (one document)")
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    from tests.support.inspect_logs import write_eval_log

    args.dir.mkdir(parents=True, exist_ok=True)
    log = args.dir / f"log-{args.samples}{'-zstd' if args.zstd else ''}.eval"
    if not log.exists():
        t = time.perf_counter()
        write_eval_log(log, args.samples, zstd=args.zstd)
        print(f"wrote {log} in {time.perf_counter() - t:.1f} s")
    if args.json:
        log = as_json_log(log)
    print(f"log: {log} ({log.stat().st_size / 2**20:.1f} MiB, {args.samples} samples, "
          f"{'json' if args.json else 'zstd' if args.zstd else 'deflate'})")

    ours = run(sys.executable, OURS, log)
    print(f"ours: first rows        {ours['first_rows_s'] * 1000:8.0f} ms  "
          f"(goal <= {GOAL_FIRST_ROWS_S * 1000:.0f} ms)")
    print(f"ours: first rows, app modules already imported {ours['warm_first_rows_s'] * 1000:5.0f} ms")
    print(f"floor: the same rows in the log's order (no id order), modules loaded "
          f"{ours['log_order_s'] * 1000:5.0f} ms")
    print(f"ours: log metrics       {ours['metrics_s'] * 1000:8.0f} ms  "
          f"(accuracy {ours['log_accuracy']:.4f})")
    print(f"ours: recompute, all    {ours['recompute_s'] * 1000:8.0f} ms  "
          f"(recomputed {ours['recomputed']:.4f} over {ours['count']} rows)")
    print(f"ours: scroll to end     {ours['scroll_end_s'] * 1000:8.0f} ms;  "
          f"one sample body {ours['detail_s'] * 1000:.0f} ms")
    print(f"ours: peak RSS at first rows {ours['rss_first_mib']:6.0f} MiB, "
          f"after everything {ours['rss_peak_mib']:6.0f} MiB  (goal <= {GOAL_RSS_MIB} MiB)")
    if args.skip_inspect:
        return 0
    python = ensure_inspect_venv()
    header = run(python, THEIRS_HEADER, log)
    print(f"inspect_ai: read_eval_log(header_only=True) {header['header_only_s'] * 1000:8.0f} ms")
    theirs = run(python, THEIRS, log)
    ratio = theirs["read_eval_log_s"] / ours["first_rows_s"]
    print(f"inspect_ai: read_eval_log {theirs['read_eval_log_s']:8.1f} s, peak RSS "
          f"{theirs['rss_peak_mib']:.0f} MiB ({theirs['samples']} samples)")
    print(f"ratio read_eval_log / our first rows: {ratio:.0f}x  (goal >= {GOAL_RATIO:.0f}x)")
    ok = (ours["first_rows_s"] <= GOAL_FIRST_ROWS_S and ours["rss_peak_mib"] <= GOAL_RSS_MIB
          and ratio >= GOAL_RATIO)
    print("GOALS MET" if ok else "GOALS NOT MET")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
