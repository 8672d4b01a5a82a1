"""What the order page offers each person comes from one selector (order_page.order_choices), which reads the
same helpers as the services (the PP limit, the open offer, the letter to sign)."""

import pytest

from katalog.core.roles import Role
from katalog.purchasing import order_page, services
from katalog.purchasing.errors import InvalidInput
from katalog.purchasing.models import OrderDocument
from tests.factories import make_user

from .helpers import accepted, checkout, completed, delivered_and_checked, fresh, make_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    return make_world()


def test_the_pp_may_place_a_negotiated_order_under_the_limit_until_an_offer_is_open(world):
    order = checkout(world)
    choices = order_page.order_choices(order, world.pp)
    assert choices.can_place and "place" in choices.actions and "offer" in choices.forms
    line = order.lines.get()
    services.negotiation_propose(order=order, user=world.seller, expected_version=order.version,
                                 lines={line.pk: (line.quantity, line.unit_price - 1_000)})
    order = fresh(order)
    choices = order_page.order_choices(order, world.pp)
    assert not choices.can_place and choices.open_offer is not None and "respond" in choices.forms
    # The supplier made the offer: it is not theirs to answer.
    assert "respond" not in order_page.order_choices(order, world.seller).forms
    # The service refuses what the page no longer offers.
    with pytest.raises(InvalidInput, match="tawaran negosiasi"):
        services.order_place(order=order, user=world.pp, expected_version=order.version)


def test_an_order_over_the_pp_limit_or_sent_to_the_ppk_is_not_placed_by_the_pp(world, settings):
    order = checkout(world)
    settings.KATALOG_RULES = {**settings.KATALOG_RULES, "pp_checkout_limit": order.total - 1}
    assert not order_page.pp_may_place(order)
    assert not order_page.order_choices(order, world.pp).can_place
    with pytest.raises(InvalidInput, match="batas kewenangan PP"):
        services.order_place(order=order, user=world.pp, expected_version=order.version)


def test_each_side_signs_the_surat_pesanan_once_then_the_bast(world):
    order = accepted(world)
    ppk = order_page.order_choices(order, world.ppk)
    assert (ppk.letter, ppk.can_sign, ppk.signed_by_me) == (OrderDocument.Kind.SURAT_PESANAN, True, False)
    order = services.order_sign_surat_pesanan(order=order, user=world.ppk, expected_version=order.version)
    after = order_page.order_choices(order, world.ppk)
    assert (after.signed_by_me, after.can_sign) == (True, False)
    assert order_page.order_choices(order, world.seller).can_sign
    checked = delivered_and_checked(world)
    seller = order_page.order_choices(checked, world.seller)
    assert (seller.letter, seller.can_sign) == (OrderDocument.Kind.BAST, True)
    assert order_page.order_choices(checked, world.pp).letter is None  # the PP signs no letter


def test_someone_who_is_not_a_party_gets_the_reason_and_no_action(world):
    order = checkout(world)
    other_ppk = make_user(Role.PPK, agency=world.agency)
    choices = order_page.order_choices(order, other_ppk)
    assert "PPK lain" in choices.party_problem
    assert choices.actions == frozenset() and choices.forms == frozenset() and not choices.can_place
    auditor = order_page.order_choices(order, make_user(Role.AUDITOR))
    assert auditor.party_problem is None and auditor.actions == frozenset()


def test_the_pp_rates_the_supplier_once_after_the_handover(world):
    order = completed(world)
    assert order_page.order_choices(order, world.pp).can_rate
    assert "rating" in order_page.order_choices(order, world.pp).forms
    assert not order_page.order_choices(order, world.treasurer).can_rate
    services.supplier_rate(order=order, user=world.pp, score=5)
    assert not order_page.order_choices(fresh(order), world.pp).can_rate
