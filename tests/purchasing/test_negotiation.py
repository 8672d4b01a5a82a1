"""Negotiation rounds on price, quantity, shipping and payment terms, with the whole history kept."""

import pytest

from katalog.purchasing import services
from katalog.purchasing.errors import InvalidInput, NotAllowed
from katalog.purchasing.models import NegotiationRound
from katalog.purchasing.states import OrderStatus
from tests.purchasing.helpers import checkout, fresh, make_world

pytestmark = pytest.mark.django_db
R = NegotiationRound.Status


def _offer(order, user, quantity, price, **kw):
    line = order.lines.get()
    return services.negotiation_propose(order=order, user=user, expected_version=fresh(order).version,
                                        lines={line.pk: (quantity, price)}, **kw)


def test_offer_counter_offer_and_acceptance_change_the_order_and_keep_the_history():
    w = make_world(price=50_000, ppn_percent=12)
    order = checkout(w, [(w.product, 10)])
    _offer(order, w.pp, 10, 45_000, shipping_cost=0, payment_terms="Termin 30 hari setelah BAST", note="Mohon diskon")
    counter = _offer(order, w.seller, 10, 47_500, shipping_cost=25_000, payment_terms="Termin 30 hari setelah BAST")
    services.negotiation_respond(order=order, user=w.pp, expected_version=fresh(order).version, offer=counter,
                                 accept=True, note="Setuju")
    order = fresh(order)
    line = order.lines.get()
    assert (line.quantity, line.unit_price, line.subtotal, line.list_price) == (10, 47_500, 475_000, 50_000)
    assert (order.subtotal, order.ppn, order.shipping_cost, order.total) == (475_000, 52_250, 25_000, 552_250)
    assert order.payment_terms == "Termin 30 hari setelah BAST"
    history = list(order.negotiation_rounds.values_list("number", "side", "status"))
    assert history == [(1, "buyer", R.SUPERSEDED), (2, "supplier", R.ACCEPTED)]
    assert order.status == OrderStatus.NEGOTIATION


def test_a_rejected_offer_leaves_the_order_unchanged():
    w = make_world()
    order = checkout(w, [(w.product, 4)])
    offer = _offer(order, w.seller, 4, 49_000)
    services.negotiation_respond(order=order, user=w.pp, expected_version=fresh(order).version, offer=offer,
                                 accept=False, note="Masih terlalu mahal")
    assert fresh(order).total == 200_000
    assert NegotiationRound.objects.get().status == R.REJECTED


def test_negotiation_cannot_raise_the_price_above_the_catalogue_price():
    w = make_world(price=50_000)
    order = checkout(w)
    with pytest.raises(InvalidInput, match="tidak boleh melebihi harga katalog Rp50.000"):
        _offer(order, w.seller, 2, 55_000)


def test_nobody_answers_their_own_offer():
    w = make_world()
    order = checkout(w)
    offer = _offer(order, w.pp, 2, 40_000)
    with pytest.raises(NotAllowed, match="pihak Anda sendiri"):
        services.negotiation_respond(order=order, user=w.ppk, expected_version=fresh(order).version, offer=offer,
                                     accept=True)


def test_an_open_offer_blocks_placing_the_order_until_answered():
    w = make_world()
    order = checkout(w)
    _offer(order, w.seller, 2, 45_000)
    with pytest.raises(InvalidInput, match="belum dijawab"):
        services.order_place(order=fresh(order), user=w.pp, expected_version=fresh(order).version)


def test_an_offer_must_cover_every_line_with_whole_positive_numbers():
    w = make_world()
    order = checkout(w)
    line = order.lines.get()
    with pytest.raises(InvalidInput, match="setiap baris"):
        services.negotiation_propose(order=order, user=w.pp, expected_version=order.version, lines={})
    with pytest.raises(InvalidInput, match="paling sedikit 1"):
        services.negotiation_propose(order=order, user=w.pp, expected_version=order.version, lines={line.pk: (0, 1)})
    with pytest.raises(InvalidInput, match="Ongkos kirim"):
        services.negotiation_propose(order=order, user=w.pp, expected_version=order.version,
                                     lines={line.pk: (1, 1)}, shipping_cost=-5)


def test_negotiation_is_closed_once_the_order_has_left_it():
    w = make_world()
    order = checkout(w)
    order = services.order_place(order=order, user=w.pp, expected_version=order.version)
    with pytest.raises(Exception, match="Menunggu konfirmasi penyedia"):
        _offer(order, w.seller, 2, 40_000)
