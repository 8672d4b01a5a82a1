"""The safety net of core/conflicts.py: a write conflict that escapes every retry (here a write no service
wraps) is answered 409 with the message to send again, on a page and in the API, and logged as a warning;
never a 500.

The conflict is real: on PostgreSQL a REPEATABLE READ transaction updates a row another connection changed
and committed after its snapshot (SQLSTATE 40001, serialization_failure); on SQLite another connection holds
the write lock past the busy timeout (“database is locked”).
"""

from __future__ import annotations

import json
import logging
import sqlite3

import psycopg
import pytest
from django.db import OperationalError, connection, connections, transaction
from django.test import Client, override_settings
from ninja import NinjaAPI
from ninja.testing import TestClient

from katalog.catalogue.models import Category
from katalog.core.conflicts import is_write_conflict
from katalog.opendata.api.errors import install
from tests.factories import make_category
from tests.purchasing.test_concurrency import file_database  # noqa: F401 (a fixture: a second connection on SQLite)
from tests.purchasing.test_conflict_retry import short_busy_timeout  # noqa: F401 (a fixture: 1 s busy timeout)

pytestmark = pytest.mark.django_db(transaction=True)

BUSY = "Kirim ulang sebentar lagi."  # the end of core.errors.WriteConflict's message


def write_conflict(pk: int) -> None:
    """Rename category `pk` the way that collides with another connection's write, and let the error go up."""
    if connection.vendor == "postgresql":
        settings = connection.settings_dict
        with transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
            Category.objects.get(pk=pk)  # the snapshot is taken here
            with psycopg.connect(host=settings["HOST"] or "localhost", port=settings["PORT"] or 5432,
                                 user=settings["USER"], password=settings["PASSWORD"] or None,
                                 dbname=settings["NAME"], autocommit=True) as other:
                other.execute("UPDATE catalogue_category SET name = 'Teh' WHERE id = %s", [pk])
            Category.objects.filter(pk=pk).update(name="Kopi bubuk")  # 40001: changed after the snapshot
    else:
        holder = sqlite3.connect(connections["default"].settings_dict["NAME"], isolation_level=None)
        holder.execute("BEGIN IMMEDIATE")
        try:
            Category.objects.filter(pk=pk).update(name="Kopi bubuk")  # “database is locked” after 1 s
        finally:
            holder.execute("ROLLBACK")
            holder.close()


@pytest.fixture
def category(file_database, short_busy_timeout):  # noqa: F811
    return make_category("Kopi")


def test_the_conflict_is_real(category):
    with pytest.raises(OperationalError) as caught:
        write_conflict(category.pk)
    assert is_write_conflict(caught.value)
    if connection.vendor == "postgresql":
        assert caught.value.__cause__.sqlstate == "40001"


@override_settings(ROOT_URLCONF="tests.core.conflict_urls")
def test_a_conflict_escaping_a_page_is_a_409_with_the_message_and_a_warning(category, caplog):
    client = Client()
    with caplog.at_level(logging.WARNING, logger="katalog.conflicts"):
        response = client.get(f"/uji-konflik/{category.pk}/")
    assert response.status_code == 409
    assert BUSY in response.content.decode()
    assert "UJI-TERSIMPAN" not in response.content.decode()
    warnings = [r for r in caplog.records if r.name == "katalog.conflicts"]
    assert warnings and all(r.levelno == logging.WARNING for r in warnings)
    assert "escaped to the page" in caplog.text and f"/uji-konflik/{category.pk}/" in caplog.text
    assert Category.objects.get(pk=category.pk).name != "Kopi bubuk"


def test_a_conflict_escaping_the_api_is_a_409_in_the_error_shape_and_a_warning(category, caplog):
    api = NinjaAPI(urls_namespace="conflict-safety-net-test")
    install(api)

    @api.post("/categories/{pk}/rename")
    def rename(request, pk: int):
        write_conflict(pk)
        return {"ok": True}

    with caplog.at_level(logging.WARNING, logger="katalog.opendata.api"):
        response = TestClient(api).post(f"/categories/{category.pk}/rename")
    assert response.status_code == 409
    body = json.loads(response.content)
    assert body["error"]["status"] == 409 and body["error"]["code"] == "conflict"
    assert BUSY in body["error"]["message"]
    records = [r for r in caplog.records if r.name == "katalog.opendata.api"]
    assert [r.levelno for r in records] == [logging.WARNING]  # a warning, not log.exception's error
    assert "write conflict escaped to the API" in caplog.text


def test_any_other_database_error_in_the_api_is_still_a_500(category, caplog):
    api = NinjaAPI(urls_namespace="conflict-safety-net-other-test")
    install(api)

    @api.get("/broken")
    def broken(request):
        with connection.cursor() as cursor:
            cursor.execute("SELECT * FROM no_such_table_here")
        return {}

    with caplog.at_level(logging.WARNING, logger="katalog.opendata.api"):
        response = TestClient(api).get("/broken")
    assert response.status_code == 500
    assert any(r.levelno == logging.ERROR for r in caplog.records if r.name == "katalog.opendata.api")
