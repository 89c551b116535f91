"""The sample browser's rows come in sample-id order ("2" before "10", then the
epoch), whatever order the log wrote them in, over real Inspect logs."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

from reviewer_app.formats.evidence import open_samples
from reviewer_app.formats.evidence.sample_source import sample_order, sorted_keys
from tests.support.inspect_logs import write_eval_log

DATA = Path(__file__).resolve().parents[2] / "data" / "inspect"
# inspect_ai's own test log: ten samples written as they finished (9, 6, 10, 5, ...).
SCRAMBLED = DATA / "scorer_2025-02-11T15-18-04-05-00_popularity_mj7khqpMM4GBCfVQozKgzB.eval"


def _keys(path: Path) -> list[tuple[str, int]]:
    with open_samples(path) as source:
        return [(r.id, r.epoch) for r in source.summaries(0, source.sample_count())]


def test_a_real_eval_log_written_out_of_order_reads_in_id_order() -> None:
    with zipfile.ZipFile(SCRAMBLED) as zf:
        written = [s["id"] for s in json.loads(zf.read("summaries.json"))]
    assert written[:3] == [9, 6, 10]  # the log's own order is not the reader's
    assert _keys(SCRAMBLED) == [(str(n), 1) for n in range(1, 11)]


def test_epochs_of_one_sample_stay_together() -> None:
    assert _keys(DATA / "log_streaming.eval") == [("1", 1), ("1", 2), ("2", 1), ("2", 2)]


def test_a_json_log_is_ordered_and_its_bodies_still_match_their_rows(tmp_path: Path) -> None:
    with zipfile.ZipFile(SCRAMBLED) as zf:
        doc = json.loads(zf.read("header.json"))
        names = [n for n in zf.namelist() if n.startswith("samples/")]
        doc["samples"] = [json.loads(zf.read(n)) for n in names]
    assert [s["id"] for s in doc["samples"]] != sorted(s["id"] for s in doc["samples"])
    path = tmp_path / "scrambled.json"
    path.write_text(json.dumps(doc))
    with open_samples(path) as source:
        rows = source.summaries(0, source.sample_count())
        assert [r.id for r in rows] == [str(n) for n in range(1, 11)]
        for row in (rows[0], rows[-1]):  # the body read is the row's, not the n-th in the file
            assert source.detail(row.id, row.epoch).id == row.id


def test_filters_and_pages_count_rows_in_id_order(tmp_path: Path) -> None:
    log = write_eval_log(tmp_path / "cy.eval", 120, epochs=2)
    with open_samples(log.path) as source:
        first = source.summaries(0, 3)
        assert [(r.id, r.epoch) for r in first] == [("1", 1), ("1", 2), ("2", 1)]
        hits = source.filter(text="Task 100:")
        assert [(source.summaries(n, 1)[0].id, source.summaries(n, 1)[0].epoch)
                for n in hits] == [("100", 1), ("100", 2)]


def test_natural_order_of_ids() -> None:
    ids = ["task-10", "Task-2", "task-1", "b", "a10", "a9", "007", "7", "10", ""]
    assert sorted(ids, key=lambda i: sample_order((i, 1))) == [
        "", "007", "7", "10", "a9", "a10", "b", "task-1", "Task-2", "task-10"]


def test_a_hostile_id_of_many_digits_sorts_without_converting_it() -> None:
    huge = "9" * 100_000  # int() of this raises ValueError on Python 3.11
    assert sorted([huge, "12"], key=lambda i: sample_order((i, 1))) == ["12", huge]


def test_the_quick_order_of_number_ids_is_the_natural_order() -> None:
    keys = [(str(n), e) for n in (10, 2, 1, 100, 33) for e in (2, 1)] + [("007", 1), ("7", 1)]
    assert sorted_keys(keys) == sorted(keys, key=sample_order)
    mixed = [*keys, ("x-1", 1), ("\u00b2", 1), ("1" * 30, 1)]  # not all short ASCII numbers
    assert sorted_keys(mixed) == sorted(mixed, key=sample_order)
