"""A write conflict in negotiation, delivery, adendum or mini-kompetisi is run once more; a second one in a row is
answered on the page with the message to send again, never a 500, and nothing is half-saved.

The conflicts are real: another transaction, on its own connection, holds a lock the person's request needs.
- PostgreSQL: a deadlock (SQLSTATE 40P01). The other transaction holds a lock the service takes last (the
  actor's account row, or the audit chain's lock) and, once the request waits for it while holding the record it
  locked first (the order, the mini-kompetisi), asks for that record's table. PostgreSQL's deadlock check runs in the
  backend that has waited `deadlock_timeout` (1 s) first, the request's, so the request is the one refused.
- SQLite: the write lock (BEGIN IMMEDIATE) held by another connection past the busy timeout (“database is
  locked”), made 1 s for this test; the lock is let go once the request has given up as often as the case asks.

The request is a person's: the test client posts the order page's form (or the quote form) in its own thread.
"""

from __future__ import annotations

import logging
import sqlite3
import threading
import time
from dataclasses import dataclass
from datetime import timedelta

import psycopg
import pytest
from django.db import connection, connections
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from katalog.agencies.models import User
from katalog.core.audit import _PG_AUDIT_LOCK
from katalog.core.roles import Role
from katalog.purchasing import services
from katalog.purchasing.models import Amendment, Competition, Delivery, NegotiationRound, Order, Quote
from tests.factories import make_category, make_product, make_supplier, make_user
from tests.purchasing.helpers import checkout, make_world, signed
from tests.purchasing.test_concurrency import file_database  # noqa: F401 (a fixture: threads need a file on SQLite)

pytestmark = pytest.mark.django_db(transaction=True)

BUSY = "Kirim ulang sebentar lagi."  # the end of purchasing.errors.Busy's message


@dataclass
class Request:
    user: User
    url: str
    data: dict
    locked_first: object  # the row the service locks first (the order, the mini-kompetisi)
    saved: object  # the rows the service adds when it succeeds (a QuerySet)
    success: str  # what the page says then


def negotiation(world) -> Request:
    order = checkout(world)
    line = order.lines.get()
    return Request(
        user=world.pp, url=reverse("purchasing:order_action", args=[order.number, "propose"]),
        data={"version": order.version, f"qty_{line.pk}": line.quantity, f"price_{line.pk}": line.unit_price - 1_000,
              "shipping_cost": "0", "payment_terms": "", "note": "Harga mohon disesuaikan."},
        locked_first=order, saved=NegotiationRound.objects.filter(order=order), success="Tawaran negosiasi dikirim.")


def delivery(world) -> Request:
    order = signed(world)
    line = order.lines.get()
    return Request(
        user=world.seller, url=reverse("purchasing:order_action", args=[order.number, "ship"]),
        data={"version": order.version, f"qty_{line.pk}": line.quantity,
              "shipped_on": timezone.localdate().isoformat(), "note": "Kurir sendiri."},
        locked_first=order, saved=Delivery.objects.filter(order=order), success="Pengiriman dicatat.")


def adendum(world) -> Request:
    order = signed(world)
    line = order.lines.get()
    return Request(
        user=world.ppk, url=reverse("purchasing:order_action", args=[order.number, "propose_amendment"]),
        data={"version": order.version, f"qty_{line.pk}": line.quantity - 1, f"price_{line.pk}": line.unit_price,
              "requested_date": "", "reason": "Kebutuhan berkurang satu rim."},
        locked_first=order, saved=Amendment.objects.filter(order=order), success="Usulan adendum dikirim")


def mini_competition(world) -> Request:
    bidders = []
    for n in range(3):
        supplier = make_supplier(name=f"CV Katering {n}")
        product = make_product(supplier, world.category, name=f"Nasi kotak {n}", unit="kotak", price=30_000)
        bidders.append((supplier, product, make_user(Role.SUPPLIER, supplier=supplier)))
    deadline = timezone.now() + timedelta(days=2)
    competition = services.competition_create(
        user=world.pp, category=world.category, title="Konsumsi rapat", supplier_ids=[b[0].pk for b in bidders],
        items=[{"name": "Nasi kotak", "unit": "kotak", "quantity": 50}], deadline=deadline, rup_code="48123002",
        funding_source="5.1.02.01.01.0052 Belanja Makanan dan Minuman Rapat", delivery_address="Aula Bappeda",
        requested_date=timezone.localtime(deadline).date() + timedelta(days=3), ppk=world.ppk)
    item = competition.items.get()
    _supplier, product, seller = bidders[0]
    return Request(
        user=seller, url=reverse("purchasing:competition_quote", args=[competition.number]),
        data={f"product_{item.pk}": product.pk, f"price_{item.pk}": "28.000", "note": ""},
        locked_first=competition, saved=Quote.objects.filter(competition=competition), success="Penawaran terkirim.")


CASES = [negotiation, delivery, adendum, mini_competition]


def _post_in_a_thread(client: Client, request: Request) -> tuple[threading.Thread, dict]:
    outcome = {}

    def post():
        try:
            outcome["response"] = client.post(request.url, request.data, follow=True)
        except Exception as error:  # asserted on below: an exception here would be a 500
            outcome["error"] = error
        finally:
            connections.close_all()

    thread = threading.Thread(target=post)
    thread.start()
    return thread, outcome


class _Conflicts(logging.Handler):
    """Counts the conflicts `retry_on_conflict` reports, so the SQLite lock can be let go at the right moment."""

    def __init__(self):
        super().__init__(logging.WARNING)
        self.seen = threading.Semaphore(0)

    def emit(self, record):
        self.seen.release()


def _wait(condition, what: str, seconds: float = 60):
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.02)


class PostgresDeadlocks:
    """Deadlocks the request `rounds` times: one other transaction per round, each holding a lock the service
    takes late, then asking for the row the request holds."""

    def __init__(self, request: Request, rounds: int):
        self.request, self.rounds = request, rounds
        settings = connection.settings_dict
        self.params = {"host": settings["HOST"] or "localhost", "port": settings["PORT"] or 5432,
                       "user": settings["USER"], "password": settings["PASSWORD"] or None, "dbname": settings["NAME"]}
        self.watch = psycopg.connect(**self.params, autocommit=True)
        user_table = User._meta.db_table
        # Round 1: the request will wait at the audit event's share lock on its actor's account row.
        first = self._holder()
        first.execute(f'SELECT 1 FROM "{user_table}" WHERE id = %s FOR UPDATE', [request.user.pk])
        self.holders = [first]
        if rounds == 2:
            # Round 2 (the retry): past the account row, it will wait for the audit chain's lock.
            second = self._holder()
            second.execute("SELECT pg_advisory_xact_lock(%s)", [_PG_AUDIT_LOCK])
            self.holders.append(second)

    def _holder(self):
        """The other transaction. PostgreSQL refuses whichever side of a deadlock checks first, one
        deadlock_timeout after it began to wait; this side checks much later, so the request is always the one
        refused, as the test means (a loaded machine otherwise lets either side check first)."""
        holder = psycopg.connect(**self.params)
        holder.execute("SET deadlock_timeout = '20s'")
        return holder

    def play(self):
        table = type(self.request.locked_first)._meta.db_table
        for holder in self.holders:
            pid = holder.info.backend_pid
            waiter = {}

            def blocked():
                row = self.watch.execute(
                    "SELECT a.pid FROM pg_stat_activity a JOIN pg_locks l ON l.pid = a.pid AND l.granted "
                    "AND l.relation = %s::regclass WHERE %s = ANY(pg_blocking_pids(a.pid))", [table, pid]).fetchone()
                waiter["pid"] = row and row[0]
                return bool(row)

            _wait(blocked, "the request to wait for the other transaction while holding its first row", seconds=180)
            # Close the circle: wait for the table of the request's first row until PostgreSQL refuses the
            # request. A table lock, not the row: PostgreSQL grants a queued table lock the moment the refused
            # transaction lets go, so the request's retry queues behind this one; a row lock is only taken when
            # the waiter next runs, and on a busy machine the retry could take the row first and deadlock again.
            holder.execute(f'LOCK TABLE "{table}" IN EXCLUSIVE MODE')
            holder.rollback()

    def close(self):
        for conn in (*self.holders, self.watch):
            conn.close()


class SqliteWriteLock:
    """Holds SQLite's write lock while the request gives up `rounds` times (busy timeout), then lets go."""

    def __init__(self, request: Request, rounds: int, conflicts: _Conflicts):
        self.rounds, self.conflicts = rounds, conflicts
        self.holder = sqlite3.connect(connections.settings["default"]["NAME"], isolation_level=None)
        self.holder.execute("BEGIN IMMEDIATE")

    def play(self):
        for _ in range(self.rounds):
            assert self.conflicts.seen.acquire(timeout=60), "the request never met the lock"
        self.holder.execute("ROLLBACK")

    def close(self):
        self.holder.close()


@pytest.fixture
def short_busy_timeout(file_database):
    """SQLite only: writers give up after 1 s instead of 20 s, so the test waits little."""
    if connection.vendor != "sqlite":
        yield
        return
    default = connections.settings["default"]
    saved = default["OPTIONS"]
    default["OPTIONS"] = {**saved, "timeout": 1,
                          "init_command": saved["init_command"].replace("busy_timeout=20000", "busy_timeout=1000")}
    yield
    default["OPTIONS"] = saved


@pytest.fixture
def conflicts():
    handler = _Conflicts()
    logger = logging.getLogger("katalog.conflicts")
    logger.addHandler(handler)
    yield handler
    logger.removeHandler(handler)


def run_against_conflicts(make_request, rounds, conflicts, caplog):
    """Post `make_request()`'s form in a thread while `rounds` real conflicts are made against it (also used by
    tests/core/test_conflict_retry_apps.py for the other apps' services)."""
    caplog.clear()
    request = make_request()
    client = Client()
    client.force_login(request.user)  # before the other transaction holds its locks: logging in writes
    with caplog.at_level(logging.WARNING, logger="katalog.conflicts"):
        if connection.vendor == "postgresql":
            adversary = PostgresDeadlocks(request, rounds)
        else:
            adversary = SqliteWriteLock(request, rounds, conflicts)
        try:
            thread, outcome = _post_in_a_thread(client, request)
            adversary.play()
            thread.join(timeout=120)
        finally:
            adversary.close()
    assert not thread.is_alive(), "the request hung"
    assert "error" not in outcome, outcome.get("error")
    return request, outcome["response"], caplog.text


# One test per outcome, each going through every case: a test on its own connections empties the database
# after it (transaction=True), which costs far more than the case itself.


def test_a_conflict_is_run_once_more_and_the_change_is_saved(short_busy_timeout, conflicts, caplog):
    for case in CASES:
        request, response, log = run_against_conflicts(lambda: case(make_world()), 1, conflicts, caplog)
        assert response.status_code == 200, case.__name__
        assert request.success in response.content.decode(), case.__name__
        assert request.saved.count() == 1, case.__name__
        assert "retrying once" in log and "again" not in log, (case.__name__, log)
        assert ("40P01" if connection.vendor == "postgresql" else "busy") in log, case.__name__


def test_a_second_conflict_in_a_row_says_to_send_again_and_saves_nothing(short_busy_timeout, conflicts, caplog):
    for case in CASES:
        request, response, log = run_against_conflicts(lambda: case(make_world()), 2, conflicts, caplog)
        assert response.status_code == 200, case.__name__  # the page with the message, never a 500
        page = response.content.decode()
        assert BUSY in page and request.success not in page, case.__name__
        assert request.saved.count() == 0, case.__name__
        assert "retrying once" in log and "again, refused" in log, (case.__name__, log)
        locked = type(request.locked_first).objects.get(pk=request.locked_first.pk)
        if isinstance(locked, Order):
            assert locked.version == request.data["version"], case.__name__  # the order did not move
        if isinstance(locked, Competition):
            assert not locked.quotes.exists(), case.__name__
