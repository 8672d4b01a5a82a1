"""Domestic products and UMK first (Perpres 46/2025 Pasal 66; Perpres 12/2021 Pasal 65)."""

from decimal import Decimal

import pytest
from django.conf import settings
from django.test import override_settings

from katalog.purchasing import offers, services
from katalog.purchasing.errors import JustificationRequired
from katalog.purchasing.models import Justification
from tests.factories import make_category, make_product, make_supplier
from tests.purchasing.helpers import checkout, make_world

pytestmark = pytest.mark.django_db


def test_an_import_with_a_domestic_alternative_needs_a_written_reason_kept_with_the_order():
    w = make_world(origin="impor", tkdn=Decimal("0"))
    local = make_product(make_supplier(), w.category, name="Kertas lokal", tkdn=Decimal("35.00"))
    with pytest.raises(JustificationRequired) as refused:
        checkout(w)
    assert refused.value.lines == (w.product.pk,)
    w.pp.carts.all().delete()
    order = checkout(w, justifications={w.product.pk: "Spesifikasi gramatur 80 hanya tersedia pada produk ini."})
    j = order.justifications.get()
    assert (j.kind, j.order_line.name, j.written_by) == (Justification.Kind.DOMESTIC, w.product.name, w.pp)
    assert j.text.startswith("Spesifikasi gramatur")
    assert [a["name"] for a in j.alternatives] == [local.name]


def test_low_tkdn_is_fine_when_nothing_better_exists_in_the_category():
    w = make_world(tkdn=Decimal("10.00"))
    make_product(make_supplier(), make_category("Makanan"), name="Keripik", tkdn=Decimal("90.00"))  # other category
    make_product(make_supplier(), w.category, name="Kertas impor", origin="impor", tkdn=Decimal("80.00"))
    assert not checkout(w).justifications.exists()


def test_tkdn_plus_bmp_of_forty_counts_as_an_eligible_alternative():
    w = make_world(tkdn=Decimal("20.00"))
    alt = make_product(make_supplier(), w.category, name="Kertas BMP", tkdn=Decimal("26.00"), bmp=Decimal("14.00"))
    assert [a.id for a in offers.domestic_alternatives(w.product)] == [alt.pk]


def test_an_alternative_out_of_stock_or_unpublished_is_not_shown():
    w = make_world(tkdn=Decimal("5.00"))
    make_product(make_supplier(), w.category, tkdn=Decimal("50.00"), stock=0)
    make_product(make_supplier(), w.category, tkdn=Decimal("50.00"), status="draft")
    assert offers.domestic_alternatives(w.product) == []


def test_a_non_umk_supplier_needs_a_reason_when_umk_offers_exist():
    w = make_world(scale="besar")
    umk = make_product(make_supplier(scale="kecil"), w.category, name="Kertas UMK", tkdn=Decimal("60.00"))
    with pytest.raises(JustificationRequired) as refused:
        checkout(w)
    assert refused.value.umk and refused.value.lines == ()
    w.pp.carts.all().delete()
    order = checkout(w, umk_justification="Penyedia UMK tidak sanggup mengirim 500 rim dalam seminggu.")
    j = order.justifications.get(kind=Justification.Kind.UMK)
    assert j.alternatives[0]["name"] == umk.name and j.order_line is None


def test_the_umk_reason_is_not_asked_when_the_installation_turns_it_off():
    w = make_world(scale="besar")
    make_product(make_supplier(scale="mikro"), w.category, tkdn=Decimal("60.00"))
    with override_settings(KATALOG_RULES={**settings.KATALOG_RULES, "require_umk_justification": False}):
        assert not checkout(w).justifications.exists()


def test_the_cart_page_review_lists_alternatives_before_checkout():
    w = make_world(origin="impor")
    make_product(make_supplier(), w.category, name="Kertas Lampung", tkdn=Decimal("55.00"))
    services.cart_add_product(user=w.pp, product=w.product, quantity=1)
    review = offers.checkout_review(w.pp.carts.get())
    assert [a.name for a in review.lines[0].alternatives] == ["Kertas Lampung"]
