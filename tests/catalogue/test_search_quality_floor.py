"""The graded evaluation (benchmarks/search_quality.py) run in full, on the engine of the test database.

The catalogue is imported through the real import path, every judged query goes through the search service
and through the raw engine, and the figures must stay at or above the floors below: the figures reached
(benchmarks/search_quality.py, both engines) minus a small margin. Raise a floor when the search gets
better; never lower one to let a change through.
"""

import importlib.util
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

# pytest-django creates the test database only for a session holding a test that asks for it: without this
# mark, this module run alone would reach the development database through the fixture below.
pytestmark = pytest.mark.django_db

# nDCG@10 of the service: overall and per class (the lower of SQLite and PostgreSQL, minus 0.02; overall the
# issue's target 0.90). Reached: overall 0.914 SQLite / 0.910 PostgreSQL, lowest class 0.838 (abbrev, SQLite).
FLOOR_OVERALL = 0.90
FLOOR_CLASS = 0.81
# The service against the raw engine (every word an optional prefix, bm25 / ts_rank), same run: +0.223 / +0.268.
FLOOR_GAIN_OVER_RAW = 0.20
FLOOR_RECALL50 = 0.90  # reached 0.924 on both


def _benchmark():
    spec = importlib.util.spec_from_file_location("search_quality", ROOT / "benchmarks" / "search_quality.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look their module up
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def figures(django_db_setup, django_db_blocker):
    from django.db import transaction

    benchmark = _benchmark()
    with django_db_blocker.unblock(), transaction.atomic():
        titles = benchmark.populate()
        summary = benchmark.evaluate(titles)
        # The example: "lampu" was completed to "lampung" and found 1,112 unrelated products.
        lamp = next(j for j in benchmark.judgments() if j.query == "lampu")
        summary["lampu_first_page"] = [(titles[pk], lamp.grade(benchmark.fold_words(titles[pk])))
                                       for pk in benchmark.service("lampu", limit=24)]
        transaction.set_rollback(True)
    return summary


def test_the_evaluation_judges_at_least_150_queries_in_every_class(figures):
    classes = {name: c for name, c in figures["classes"].items() if name != "overall"}
    assert figures["queries"] >= 150
    assert set(classes) == {"item", "brand", "concept", "regional", "typo", "abbrev", "unit", "absent"}
    assert all(c["n"] >= 15 for c in classes.values()), {k: c["n"] for k, c in classes.items()}


def test_every_query_has_something_relevant_to_find(figures):
    assert all(row["judged"] > 0 for row in figures["per_query"])


def test_service_ranking_stays_above_its_floor(figures):
    overall = figures["classes"]["overall"]
    assert overall["service_ndcg10"] >= FLOOR_OVERALL, overall
    assert overall["service_recall50"] >= FLOOR_RECALL50, overall
    low = {name: round(c["service_ndcg10"], 3) for name, c in figures["classes"].items()
           if c["service_ndcg10"] < FLOOR_CLASS}
    assert not low, low


def test_service_beats_the_raw_engine_by_a_margin(figures):
    overall = figures["classes"]["overall"]
    assert overall["service_ndcg10"] - overall["raw_ndcg10"] >= FLOOR_GAIN_OVER_RAW, overall


def test_lampu_finds_lamps_and_only_lamps_on_its_first_page(figures):
    page = figures["lampu_first_page"]
    assert page and all(grade >= 2 for _title, grade in page), page
