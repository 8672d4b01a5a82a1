import pytest

from katalog.core.roles import Role
from katalog.purchasing.states import TRANSITIONS, IllegalTransition, OrderStatus, actions_from, next_status


def test_pp_sends_a_negotiated_order_to_the_ppk():
    assert next_status(OrderStatus.NEGOTIATION, "send_to_ppk", Role.PP) == OrderStatus.PPK_REVIEW


def test_pp_cannot_approve_an_order():
    with pytest.raises(IllegalTransition):
        next_status(OrderStatus.PPK_REVIEW, "approve", Role.PP)


def test_a_paid_order_allows_nothing_more():
    for role in Role.values:
        assert actions_from(OrderStatus.PAID, role) == []
    with pytest.raises(IllegalTransition):
        next_status(OrderStatus.PAID, "cancel", Role.PPK)


def test_every_status_but_the_first_can_be_reached():
    reachable = {t.to for t in TRANSITIONS.values()} | {OrderStatus.NEGOTIATION}
    assert reachable == set(OrderStatus.values)
