"""Deadlines in working days (e-Katalog v6: 3 working days), enforced by `katalog tick`.

Dates are in 2026, with the shipped holiday list: Nyepi (19 March) with cuti bersama on
18 and 20 March, and Idul Fitri leave on 23-24 March.
"""

import io
from datetime import date

import pytest
from django.core.management import call_command
from django.utils import timezone

from katalog.core.models import AuditEvent, Holiday
from katalog.purchasing import order_page, services
from katalog.purchasing.states import CancelKind, OrderStatus
from tests.purchasing.helpers import at, checkout, fresh, make_world

pytestmark = pytest.mark.django_db


def _placed(w, now):
    order = checkout(w, now=now)
    return services.order_place(order=order, user=w.pp, expected_version=order.version, now=now)


def test_supplier_deadline_skips_the_weekend():
    w = make_world()
    order = _placed(w, at(2026, 2, 6, 10))  # Friday
    assert timezone.localtime(order.response_due_at) == at(2026, 2, 11, 10)  # Wednesday
    assert services.expire_overdue_orders(now=at(2026, 2, 11, 9, 59)) == []
    assert fresh(order).status == OrderStatus.SUPPLIER_CONFIRMATION
    assert services.expire_overdue_orders(now=at(2026, 2, 11, 10)) == [order.number]
    order = fresh(order)
    assert (order.status, order.cancel_kind) == (OrderStatus.CANCELLED, CancelKind.EXPIRED)
    assert "Penyedia tidak menanggapi dalam 3 hari kerja" in order.cancel_reason


def test_supplier_deadline_skips_nyepi_and_the_cuti_bersama_around_it():
    w = make_world()
    order = _placed(w, at(2026, 3, 13, 10))  # Friday; 16, 17 March work, 18-24 March off
    assert timezone.localtime(order.response_due_at) == at(2026, 3, 25, 10)
    assert services.expire_overdue_orders(now=at(2026, 3, 24, 23, 59)) == []


def test_a_holiday_added_by_the_administrator_moves_the_deadline():
    Holiday.objects.create(date=date(2026, 2, 10), name="Hari jadi Kabupaten (uji)")
    w = make_world()
    order = _placed(w, at(2026, 2, 6, 10))
    assert timezone.localtime(order.response_due_at) == at(2026, 2, 12, 10)


def test_an_answer_before_the_deadline_stops_the_clock():
    w = make_world()
    order = _placed(w, at(2026, 2, 6, 10))
    order = services.order_accept(order=order, user=w.seller, expected_version=order.version, now=at(2026, 2, 10, 8))
    assert order.response_due_at is None
    assert services.expire_overdue_orders(now=at(2026, 3, 1, 10)) == []
    assert fresh(order).status == OrderStatus.SIGNING


def test_a_ppk_review_left_three_working_days_is_cancelled_as_on_review():
    w = make_world()
    start = at(2026, 4, 1, 9)  # Wednesday; 3 April (Wafat Yesus Kristus) is a holiday
    order = checkout(w, now=start)
    order = services.order_send_to_ppk(order=order, user=w.pp, expected_version=order.version, now=start)
    assert timezone.localtime(order.response_due_at) == at(2026, 4, 7, 9)
    assert services.expire_overdue_orders(now=at(2026, 4, 7, 9)) == [order.number]
    assert fresh(order).cancel_kind == CancelKind.ON_REVIEW


def test_negotiation_activity_restarts_the_clock_and_idleness_cancels_it():
    w = make_world()
    order = checkout(w, now=at(2026, 2, 2, 10))  # Monday → due Thursday 5 February
    line = order.lines.get()
    services.negotiation_propose(order=order, user=w.seller, expected_version=order.version,
                                 lines={line.pk: (2, 45_000)}, now=at(2026, 2, 4, 10))
    assert services.expire_overdue_orders(now=at(2026, 2, 5, 10)) == []
    assert timezone.localtime(fresh(order).response_due_at) == at(2026, 2, 9, 10)
    assert services.expire_overdue_orders(now=at(2026, 2, 9, 10)) == [order.number]
    order = fresh(order)
    assert order.cancel_kind == CancelKind.ON_NEGOTIATION
    assert order.negotiation_rounds.get().status == "lapsed"


def test_tick_is_idempotent_and_leaves_one_audit_event_per_expiry():
    w = make_world()
    order = _placed(w, at(2026, 2, 6, 10))
    out = io.StringIO()
    call_command("tick", now="2026-02-12T08:00", stdout=out)
    assert f"dibatalkan (lewat batas waktu): {order.number}" in out.getvalue()
    again = io.StringIO()
    call_command("tick", now="2026-02-12T08:01", stdout=again)
    assert "0 pesanan dibatalkan" in again.getvalue()
    assert AuditEvent.objects.filter(action="order.expire").count() == 1
    assert AuditEvent.objects.get(action="order.expire").actor_label == "sistem"


def test_the_order_page_shows_the_countdown_in_working_days(client):
    w = make_world()
    order = _placed(w, at(2026, 2, 6, 10))
    deadline = order_page.deadline_of(order, now=at(2026, 2, 9, 10))
    assert (deadline.working_days_left, deadline.overdue, deadline.awaiting) == (2, False, "supplier")
    client.force_login(w.seller)
    html = client.get(f"/pesanan/{order.number}/").content.decode()
    assert "Menunggu tanggapan penyedia" in html and "11 Februari 2026 10.00" in html


def test_tick_also_erases_registration_drafts_left_for_too_long():
    from datetime import timedelta

    from django.utils import timezone

    from katalog.suppliers.models import RegistrationDraft

    draft = RegistrationDraft.objects.create()
    RegistrationDraft.objects.filter(pk=draft.pk).update(updated_at=timezone.now() - timedelta(days=31))
    out = io.StringIO()
    call_command("tick", stdout=out)
    assert "1 draf pendaftaran lama dihapus" in out.getvalue()
    assert not RegistrationDraft.objects.filter(pk=draft.pk).exists()
