"""Approval by the rules: the PP limit, the PPK review, separation of duties, the table, the version check."""

import pytest
from django.test import override_settings
from django.conf import settings

from katalog.core.models import AuditEvent
from katalog.core.roles import Role
from katalog.purchasing import services
from katalog.purchasing.errors import ChangedBySomeoneElse, InvalidInput, NotAllowed
from katalog.purchasing.states import CancelKind, IllegalTransition, OrderStatus
from tests.factories import make_user
from tests.purchasing.helpers import checkout, fresh, make_world

pytestmark = pytest.mark.django_db


def _limit(amount):
    return override_settings(KATALOG_RULES={**settings.KATALOG_RULES, "pp_checkout_limit": amount})


def test_pp_places_an_order_within_the_limit_straight_with_the_supplier():
    w = make_world()
    order = checkout(w)
    order = services.order_place(order=order, user=w.pp, expected_version=order.version)
    assert order.status == OrderStatus.SUPPLIER_CONFIRMATION
    assert order.version == 2
    event = AuditEvent.objects.filter(action="order.place").get()
    assert (event.actor, event.before["status"], event.after["status"]) == (w.pp, "negotiation", "supplier_confirmation")


def test_above_the_limit_the_pp_must_send_the_order_to_the_ppk():
    w = make_world(price=150_000)
    with _limit(200_000):
        order = checkout(w, [(w.product, 2)])  # Rp300.000 > Rp200.000
        assert order.needs_ppk_review
        with pytest.raises(InvalidInput, match=r"melebihi batas kewenangan PP \(Rp200.000\)"):
            services.order_place(order=order, user=w.pp, expected_version=order.version)
        order = services.order_send_to_ppk(order=fresh(order), user=w.pp, expected_version=order.version)
        assert order.status == OrderStatus.PPK_REVIEW
        order = services.order_approve(order=order, user=w.ppk, expected_version=order.version)
    assert order.status == OrderStatus.SUPPLIER_CONFIRMATION


def test_once_sent_up_an_order_cannot_bypass_the_ppk_even_after_being_returned():
    w = make_world()
    order = checkout(w)
    order = services.order_send_to_ppk(order=order, user=w.pp, expected_version=order.version)
    order = services.order_return(order=order, user=w.ppk, expected_version=order.version, note="Ongkir dinego.")
    assert order.status == OrderStatus.NEGOTIATION
    with pytest.raises(InvalidInput, match="Kirim pesanan ke PPK"):
        services.order_place(order=order, user=w.pp, expected_version=order.version)


def test_the_pp_who_built_an_order_cannot_approve_it_even_with_a_ppk_role():
    w = make_world()
    order = checkout(w, ppk=w.ppk)
    order = services.order_send_to_ppk(order=order, user=w.pp, expected_version=order.version)
    w.pp.role = Role.PPK  # promoted meanwhile; still the one who built this order
    w.pp.save()
    order.ppk = None
    order.save()
    with pytest.raises(NotAllowed, match="Pemisahan tugas"):
        services.order_approve(order=order, user=w.pp, expected_version=order.version)
    assert fresh(order).status == OrderStatus.PPK_REVIEW


def test_only_the_chosen_ppk_may_approve():
    w = make_world()
    colleague = make_user(Role.PPK, agency=w.agency)
    order = checkout(w)
    order = services.order_send_to_ppk(order=order, user=w.pp, expected_version=order.version)
    with pytest.raises(NotAllowed, match="PPK lain"):
        services.order_approve(order=order, user=colleague, expected_version=order.version)


def test_a_ppk_of_another_opd_cannot_touch_the_order():
    w = make_world()
    order = checkout(w)
    order = services.order_send_to_ppk(order=order, user=w.pp, expected_version=order.version)
    with pytest.raises(NotAllowed):
        services.order_approve(order=order, user=make_user(Role.PPK), expected_version=order.version)


def test_the_pp_cannot_approve_and_the_message_says_the_role_is_wrong():
    w = make_world()
    order = checkout(w)
    order = services.order_send_to_ppk(order=order, user=w.pp, expected_version=order.version)
    with pytest.raises(IllegalTransition, match="Peran Anda tidak berwenang"):
        services.order_approve(order=order, user=w.pp, expected_version=order.version)


def test_an_illegal_transition_names_the_status():
    w = make_world()
    order = checkout(w)
    with pytest.raises(IllegalTransition, match="berstatus “Dalam negosiasi”"):
        services.order_accept(order=order, user=w.seller, expected_version=order.version)
    assert fresh(order).version == 1
    assert not AuditEvent.objects.filter(action="order.accept").exists()


def test_another_suppliers_people_cannot_answer_the_order():
    w = make_world()
    order = checkout(w)
    order = services.order_place(order=order, user=w.pp, expected_version=order.version)
    stranger = make_user(Role.SUPPLIER)
    with pytest.raises(NotAllowed):
        services.order_accept(order=order, user=stranger, expected_version=order.version)


def test_two_people_acting_on_the_same_page_version_the_second_is_told_it_changed():
    w = make_world()
    order = checkout(w)
    seen = order.version
    services.order_send_to_ppk(order=order, user=w.pp, expected_version=seen)
    with pytest.raises(ChangedBySomeoneElse, match="diubah oleh orang lain"):
        services.order_cancel(order=order, user=w.ppk, expected_version=seen, reason="Tidak jadi.")
    assert fresh(order).status == OrderStatus.PPK_REVIEW


def test_cancelling_needs_a_reason_and_records_the_kind():
    w = make_world()
    order = checkout(w)
    with pytest.raises(InvalidInput, match="alasan"):
        services.order_cancel(order=order, user=w.pp, expected_version=order.version, reason=" ")
    order = services.order_cancel(order=order, user=w.pp, expected_version=order.version, reason="Anggaran dialihkan.")
    assert (order.status, order.cancel_kind, order.cancel_reason) == (
        OrderStatus.CANCELLED, CancelKind.BY_REQUEST, "Anggaran dialihkan.")
    assert order.response_due_at is None


def test_supplier_rejection_keeps_the_reason():
    w = make_world()
    order = checkout(w)
    order = services.order_place(order=order, user=w.pp, expected_version=order.version)
    order = services.order_reject(order=order, user=w.seller, expected_version=order.version, reason="Stok habis.")
    assert (order.cancel_kind, order.cancel_reason) == (CancelKind.REJECTED, "Stok habis.")
