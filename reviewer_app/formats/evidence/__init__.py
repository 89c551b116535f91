"""Evidence readers: Inspect ``.eval``/``.json`` logs, lm-evaluation-harness
results and the package spec's CSV. One entry point per question:
``read_evidence`` (the headline metrics) and ``open_samples`` (a lazy sample
table). Both raise only ``EvidenceError``."""

from __future__ import annotations

from pathlib import Path

from reviewer_app.formats.evidence.common import (
    UNSUPPORTED_FORMAT,
    EvidenceError,
    EvidenceLog,
    MetricValue,
    SampleDetail,
    SampleScore,
    SampleSummary,
    guarded,
)
from reviewer_app.formats.evidence.csv_results import read_csv_results
from reviewer_app.formats.evidence.inspect_eval import InspectEvalReader
from reviewer_app.formats.evidence.inspect_json import InspectJsonReader
from reviewer_app.formats.evidence.lm_eval import read_lm_eval, read_lm_eval_samples
from reviewer_app.formats.evidence.sample_source import SampleSource

__all__ = [
    "EvidenceError", "EvidenceLog", "MetricValue", "SampleDetail", "SampleScore",
    "SampleSource", "SampleSummary", "detect_format", "open_inspect", "open_samples",
    "read_evidence",
]

INSPECT = "inspect-eval"
LM_EVAL = "lm-eval-results"
CSV = "csv"
KNOWN = (INSPECT, LM_EVAL, CSV)


@guarded("the evidence file could not be opened")
def detect_format(path: Path) -> str:
    """The manifest's evidence format for a file, judged by its first bytes."""
    path = Path(path)
    with path.open("rb") as stream:
        head = stream.read(4096)
    if head.startswith(b"PK"):
        return INSPECT
    if path.suffix.lower() == ".csv":
        return CSV
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    if text.startswith(b"{"):
        if b'"eval"' in head or b'"plan"' in head or b'"status"' in head:
            return INSPECT
        return LM_EVAL
    raise EvidenceError(UNSUPPORTED_FORMAT, f"{path.name} is neither an Inspect log, "
                                            "lm-evaluation-harness results nor a CSV")


def open_inspect(path: Path, *, index: bool = True) -> InspectEvalReader | InspectJsonReader:
    """A reader for either Inspect form; ``index=False`` for a single pass over
    the rows (see ``InspectJsonReader``)."""
    path = Path(path)
    if _is_zip(path):
        return InspectEvalReader(path)
    return InspectJsonReader(path, index=index)


def read_evidence(path: Path, fmt: str = "") -> EvidenceLog:
    """The headline metrics of one evidence file (``fmt`` as in the manifest)."""
    path = Path(path)
    fmt = fmt or detect_format(path)
    if fmt == INSPECT:
        with open_inspect(path) as reader:
            return reader.log()
    if fmt == LM_EVAL:
        if path.suffix.lower() == ".jsonl":
            return read_lm_eval_samples(path)
        return read_lm_eval(path)
    if fmt == CSV:
        return read_csv_results(path)
    raise EvidenceError(UNSUPPORTED_FORMAT, f"evidence format {fmt!r} is not one of "
                                            f"{', '.join(KNOWN)}")


def open_samples(path: Path) -> SampleSource:
    """A lazy sample table over an Inspect log (``.eval`` or ``.json``)."""
    return SampleSource(open_inspect(path))


@guarded("the evidence file could not be opened")
def _is_zip(path: Path) -> bool:
    with Path(path).open("rb") as stream:
        return stream.read(2) == b"PK"
