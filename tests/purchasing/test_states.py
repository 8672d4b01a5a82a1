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


def test_every_cancelling_transition_says_what_kind_of_cancellation_it_is():
    from katalog.purchasing.states import CANCEL_KINDS

    cancelling = {key for key, t in TRANSITIONS.items() if t.to == OrderStatus.CANCELLED}
    assert cancelling == set(CANCEL_KINDS)


def test_only_the_system_lets_an_order_expire_and_only_where_a_deadline_runs():
    from katalog.purchasing.states import DEADLINE_RULES, SYSTEM

    expiring = {source for (source, action), t in TRANSITIONS.items() if action == "expire"}
    assert expiring == set(DEADLINE_RULES)
    assert all(t.roles == {SYSTEM} for (s, a), t in TRANSITIONS.items() if a == "expire")
    for role in Role.values:
        assert "expire" not in actions_from(OrderStatus.SUPPLIER_CONFIRMATION, role)


def test_every_deadline_is_a_setting():
    from django.conf import settings

    from katalog.purchasing.states import DEADLINE_RULES

    assert all(isinstance(settings.KATALOG_RULES[key], int) for key in DEADLINE_RULES.values())


def test_every_action_a_person_can_take_has_a_page_form():
    from katalog.purchasing.states import SYSTEM
    from katalog.purchasing.views import ACTION_HANDLERS

    # Two-step signatures and receipts share one form each.
    same_form = {"sign_first": "sign", "sign_bast": "sign", "sign_bast_first": "sign", "arrive": "receive"}
    people_actions = {a for (s, a), t in TRANSITIONS.items() if t.roles != {SYSTEM}}
    assert {same_form.get(a, a) for a in people_actions} <= set(ACTION_HANDLERS)


def test_the_supplier_accepts_and_the_ppk_approves_never_the_other_way_round():
    with pytest.raises(IllegalTransition):
        next_status(OrderStatus.SUPPLIER_CONFIRMATION, "accept", Role.PPK)
    with pytest.raises(IllegalTransition):
        next_status(OrderStatus.PPK_REVIEW, "approve", Role.SUPPLIER)
    assert next_status(OrderStatus.SIGNING, "sign", Role.SUPPLIER) == OrderStatus.PROCESSING
