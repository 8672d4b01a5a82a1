"""Adendum agreed by both parties (versioned) and cancellation as penghentian or pemutusan."""

import pytest

from katalog.catalogue.models import Product
from katalog.purchasing import services
from katalog.purchasing.errors import InsufficientStock, InvalidInput, NotAllowed
from katalog.purchasing.models import Amendment, StockReservation
from katalog.purchasing.states import IllegalTransition
from tests.purchasing.helpers import budget, checkout, fresh, make_world, signed

pytestmark = pytest.mark.django_db


def _propose(order, user, quantity, price, **kw):
    line = order.lines.get()
    return services.amendment_propose(order=order, user=user, expected_version=fresh(order).version,
                                      lines={line.pk: (quantity, price)}, **kw)


def test_an_adendum_agreed_by_the_other_party_changes_lines_totals_and_reserved_stock():
    w = make_world(stock=20, ppn_percent=12)
    order = signed(w, checkout(w, [(w.product, 5)]))
    budget(order)
    a = _propose(order, w.ppk, 6, 45_000, reason="Tambahan peserta pelatihan.")
    assert fresh(order).total == 277_500  # nothing changes until agreed
    services.amendment_decide(order=order, user=w.seller, expected_version=fresh(order).version, amendment=a,
                              agree=True, note="Sanggup.")
    order, a = fresh(order), Amendment.objects.get()
    assert (order.subtotal, order.ppn, order.total) == (270_000, 29_700, 299_700)
    assert a.status == Amendment.Status.AGREED
    assert (a.before["total"], a.after["total"]) == (277_500, 299_700)
    assert StockReservation.objects.get().quantity == 6
    assert Product.objects.get(pk=w.product.pk).stock == 14


def test_the_proposer_cannot_agree_to_their_own_adendum():
    w = make_world()
    order = signed(w)
    a = _propose(order, w.seller, 1, 50_000, reason="Stok terbatas.")
    with pytest.raises(NotAllowed, match="pihak lain"):
        services.amendment_decide(order=order, user=w.seller, expected_version=fresh(order).version, amendment=a,
                                  agree=True)


def test_an_adendum_needs_a_reason_and_a_change():
    w = make_world()
    order = signed(w)
    with pytest.raises(InvalidInput, match="alasan adendum"):
        _propose(order, w.ppk, 3, 50_000, reason="")
    with pytest.raises(InvalidInput, match="tidak mengubah apa pun"):
        _propose(order, w.ppk, 2, 50_000, reason="Tidak ada")


def test_an_adendum_cannot_take_more_stock_than_there_is():
    w = make_world(stock=21)
    order = signed(w, checkout(w, [(w.product, 20)]))
    budget(order)
    a = _propose(order, w.ppk, 22, 50_000, reason="Tambah.")
    with pytest.raises(InsufficientStock):
        services.amendment_decide(order=order, user=w.seller, expected_version=fresh(order).version, amendment=a,
                                  agree=True)
    assert Amendment.objects.get().status == Amendment.Status.PROPOSED
    assert Product.objects.get(pk=w.product.pk).stock == 1


def test_the_pp_cannot_terminate_a_contract_and_the_ppk_must_give_a_reason():
    w = make_world()
    order = signed(w)
    with pytest.raises(IllegalTransition):
        services.order_terminate(order=order, user=w.pp, expected_version=order.version, reason="x")
    with pytest.raises(InvalidInput, match="alasan pemutusan"):
        services.order_terminate(order=order, user=w.ppk, expected_version=order.version, reason="")


def test_a_pending_adendum_lapses_when_the_contract_ends():
    w = make_world()
    order = signed(w)
    _propose(order, w.seller, 1, 50_000, reason="Stok terbatas.")
    order = fresh(order)
    services.order_halt(order=order, user=w.ppk, expected_version=order.version, reason="Gempa bumi.")
    assert Amendment.objects.get().status == Amendment.Status.REJECTED
