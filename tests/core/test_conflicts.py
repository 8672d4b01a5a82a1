"""A write conflict between two transactions is run once more, not answered with a 500.

PostgreSQL only: SQLite serialises writers at BEGIN IMMEDIATE, so two transactions cannot deadlock there.
"""

import threading

import pytest
from django.db import connection, connections, transaction

from katalog.catalogue.models import Category
from katalog.core.conflicts import retry_on_conflict
from katalog.purchasing.errors import Busy
from tests.factories import make_category

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="deadlocks need PostgreSQL"),
]


def test_a_deadlocked_transaction_is_run_once_more_and_both_succeed(caplog):
    first, second = make_category("Kopi"), make_category("Teh")
    crossed = threading.Barrier(2)
    attempts = {"a": 0, "b": 0}
    done = {"a": threading.Event(), "b": threading.Event()}

    def rename(name, one, other, who):
        @retry_on_conflict(Busy)
        @transaction.atomic
        def service():
            attempts[who] += 1
            if attempts[who] > 1:
                # The run again starts once the other side is through: here it is the second run that is
                # tested, not whether it can win the race for the row the other side was just granted.
                done["b" if who == "a" else "a"].wait(timeout=30)
            Category.objects.select_for_update().get(pk=one.pk)
            if attempts[who] == 1:
                crossed.wait(timeout=30)  # both hold their first row: each now waits for the other's
            Category.objects.select_for_update().get(pk=other.pk)
            Category.objects.filter(pk=one.pk).update(name=name)
        return service

    results = {}

    def run(who, call):
        try:
            call()
            results[who] = "ok"
        except Exception as error:  # asserted on below
            results[who] = error
        finally:
            done[who].set()
            connections.close_all()

    threads = [threading.Thread(target=run, args=("a", rename("Kopi bubuk", first, second, "a"))),
               threading.Thread(target=run, args=("b", rename("Teh celup", second, first, "b")))]
    with caplog.at_level("WARNING", logger="katalog.conflicts"):
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=60)
    assert results == {"a": "ok", "b": "ok"}
    assert sorted(attempts.values()) == [1, 2]  # PostgreSQL picked one victim; it ran again
    assert "40P01" in caplog.text
    assert set(Category.objects.filter(pk__in=[first.pk, second.pk]).values_list("name", flat=True)) == {
        "Kopi bubuk", "Teh celup"}
