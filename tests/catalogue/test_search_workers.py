"""A rebuild's worker processes: results in order, and never the parent's database connection."""

import pytest
from django.db import connection

from katalog.catalogue.search import workers


def _scaled(factor, piece):
    return [factor * item for item in piece]


def test_every_batch_comes_back_whole_and_in_order():
    batches = [list(range(start, start + 10)) for start in range(0, 50, 10)]
    results = list(workers.map_batches(_scaled, 3, batches, workers=2, piece_size=3))
    assert [[item for piece in pieces for item in piece] for pieces in results] == [
        [3 * item for item in batch] for batch in batches]
    assert [len(pieces) for pieces in results] == [4] * 5  # 3 + 3 + 3 + 1


def _queried(state, piece):
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")


@pytest.mark.django_db
def test_a_worker_cannot_query_through_the_connection_it_inherits():
    connection.ensure_connection()
    with pytest.raises(RuntimeError, match="parent process"):
        list(workers.map_batches(_queried, None, [[1]], workers=2, piece_size=1))
    with connection.cursor() as cursor:  # the parent's own connection is untouched
        cursor.execute("SELECT 1")
        assert cursor.fetchone() == (1,)
