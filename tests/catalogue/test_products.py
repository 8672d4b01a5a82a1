"""Suppliers manage their own products; catalogue managers verify; every price is kept."""

import io

import pytest
from django.db import IntegrityError
from django.urls import reverse
from PIL import Image

from katalog.catalogue import services
from katalog.catalogue.errors import CatalogueError, NotAllowed
from katalog.catalogue.models import PriceChange, Product
from katalog.catalogue.search import search_products
from katalog.core.models import AuditEvent
from katalog.core.roles import Role
from tests.factories import make_category, make_product, make_supplier, make_user


@pytest.fixture
def seller(db):
    return make_user(Role.SUPPLIER)


@pytest.fixture
def manager(db):
    return make_user(Role.CATALOGUE_MANAGER)


def product_data(category, **overrides):
    data = {"name": "Keripik Pisang Manis 250 gr", "category": category, "description": "Renyah.", "unit": "bungkus",
            "price": 18_000, "stock": 50, "min_order": 1, "lead_time_days": 2, "delivery_area": "Kotabumi",
            "tkdn": 60, "bmp": 0, "origin": "lokal", "production_district": None, "brand": "", "has_sni": False,
            "is_halal": True, "ppn_percent": 0}
    data.update(overrides)
    return data


def listed_product(seller, manager, **overrides):
    product = services.product_create(actor=seller, supplier=seller.supplier,
                                      data=product_data(make_category("Keripik"), **overrides))
    services.product_transition(actor=seller, product=product, action="submit")
    services.product_transition(actor=manager, product=product, action="verify_publish")
    product.refresh_from_db()
    return product


def png_bytes(size=(800, 600), mode="RGBA"):
    buffer = io.BytesIO()
    Image.new(mode, size, (200, 120, 40, 255) if mode == "RGBA" else (200, 120, 40)).save(buffer, "PNG")
    buffer.seek(0)
    buffer.name = "foto.png"
    return buffer


@pytest.mark.django_db
def test_supplier_creates_a_draft_with_its_first_price_recorded(seller):
    product = services.product_create(actor=seller, supplier=seller.supplier, data=product_data(make_category()))
    assert product.status == Product.Status.DRAFT
    assert list(product.price_changes.values_list("old_price", "new_price", "source")) == [(None, 18_000, "awal")]
    assert AuditEvent.objects.filter(action="product.create", object_id=str(product.pk)).exists()
    assert search_products(query="keripik pisang").total == 0  # drafts are not public


@pytest.mark.django_db
def test_supplier_cannot_change_another_suppliers_product(seller, client):
    other = make_product(name="Produk Orang Lain")
    with pytest.raises(NotAllowed):
        services.product_update(actor=seller, product=other, data={"price": 1})
    client.force_login(seller)
    assert client.get(reverse("catalogue:my_product_edit", args=[other.pk])).status_code == 404
    assert client.post(reverse("catalogue:my_product_action", args=[other.pk]), {"action": "deactivate"}).status_code == 404


@pytest.mark.django_db
def test_verified_and_published_product_becomes_searchable(seller, manager):
    product = listed_product(seller, manager)
    assert product.status == Product.Status.ACTIVE
    assert product.verified_by == manager and product.published_at is not None
    assert [h.product_id for h in search_products(query="keripik pisang").hits] == [product.pk]


@pytest.mark.django_db
def test_price_rise_above_the_limit_sends_the_product_back_to_verification(seller, manager, settings):
    settings.KATALOG_RULES = {**settings.KATALOG_RULES, "product_price_rise_reverify_percent": 10}
    product = listed_product(seller, manager)
    reasons = services.product_update(actor=seller, product=product, data={"price": 19_800})  # +10%: allowed
    product.refresh_from_db()
    assert reasons == [] and product.status == Product.Status.ACTIVE
    reasons = services.product_update(actor=seller, product=product, data={"price": 22_000})  # +11.1%
    product.refresh_from_db()
    assert reasons and "harga naik" in reasons[0]
    assert product.status == Product.Status.SUBMITTED and product.verified_at is None
    assert "harga naik" in product.review_note
    assert search_products(query="keripik pisang").total == 0
    history = list(PriceChange.objects.filter(product=product).order_by("id").values_list("old_price", "new_price"))
    assert history == [(None, 18_000), (18_000, 19_800), (19_800, 22_000)]


@pytest.mark.django_db
def test_price_drop_and_stock_change_keep_the_product_on_display(seller, manager):
    product = listed_product(seller, manager)
    assert services.product_update(actor=seller, product=product, data={"price": 15_000, "stock": 3}) == []
    product.refresh_from_db()
    assert product.status == Product.Status.ACTIVE


@pytest.mark.django_db
def test_specification_change_sends_the_product_back_to_verification(seller, manager):
    product = listed_product(seller, manager)
    reasons = services.product_update(actor=seller, product=product, data={"tkdn": 90})
    product.refresh_from_db()
    assert product.status == Product.Status.SUBMITTED
    assert "tkdn" in reasons[0]
    event = AuditEvent.objects.filter(action="product.update", object_id=str(product.pk)).last()
    assert event.before["tkdn"] == "60.00" and event.after["status"] == "submitted"


@pytest.mark.django_db
def test_product_withdrawn_after_rejection_cannot_be_republished_without_verification(seller, manager):
    product = services.product_create(actor=seller, supplier=seller.supplier, data=product_data(make_category()))
    services.product_transition(actor=seller, product=product, action="submit")
    with pytest.raises(CatalogueError):
        services.product_transition(actor=manager, product=product, action="reject")  # a reason is required
    services.product_transition(actor=manager, product=product, action="reject", note="Foto tidak sesuai")
    product.refresh_from_db()
    assert product.status == Product.Status.INACTIVE and product.review_note == "Foto tidak sesuai"
    with pytest.raises(CatalogueError):
        services.product_transition(actor=seller, product=product, action="publish")


@pytest.mark.django_db
def test_catalogue_manager_connected_to_the_supplier_may_not_verify(seller):
    product = services.product_create(actor=seller, supplier=seller.supplier, data=product_data(make_category()))
    services.product_transition(actor=seller, product=product, action="submit")
    connected = make_user(Role.CATALOGUE_MANAGER)
    seller.supplier.registered_by = connected
    seller.supplier.save()
    with pytest.raises(NotAllowed):
        services.product_transition(actor=connected, product=product, action="verify")


@pytest.mark.django_db
def test_unverified_business_cannot_submit_products(db):
    seller = make_user(Role.SUPPLIER, supplier=make_supplier(status="submitted"))
    product = services.product_create(actor=seller, supplier=seller.supplier, data=product_data(make_category()))
    with pytest.raises(CatalogueError, match="belum terverifikasi"):
        services.product_transition(actor=seller, product=product, action="submit")


@pytest.mark.django_db
def test_supplier_edits_through_the_form_and_sees_why_it_went_back(seller, manager, client):
    product = listed_product(seller, manager)
    client.force_login(seller)
    url = reverse("catalogue:my_product_edit", args=[product.pk])
    page = client.get(url)
    assert page.status_code == 200 and "Keripik Pisang Manis" in page.content.decode()
    form = {k: v for k, v in {
        "name": product.name, "category": product.category_id, "description": product.description,
        "unit": product.unit, "price": "Rp 25.000", "stock": 10, "min_order": 1, "lead_time_days": 2,
        "delivery_area": "", "tkdn": "60", "bmp": "0", "origin": "lokal", "production_district": "", "brand": "",
        "is_halal": "on", "ppn_percent": "0", "tier0_quantity": "20", "tier0_price": "23.000",
    }.items()}
    response = client.post(url, form, follow=True)
    assert "kembali menunggu verifikasi" in response.content.decode()
    product.refresh_from_db()
    assert product.price == 25_000 and product.status == Product.Status.SUBMITTED
    assert list(product.price_tiers.values_list("min_quantity", "price")) == [(20, 23_000)]


@pytest.mark.django_db
def test_price_history_is_shown_to_buyers_and_auditors(seller, manager, client):
    product = listed_product(seller, manager)
    services.product_update(actor=seller, product=product, data={"price": 17_000})
    for role in (Role.PP, Role.AUDITOR):
        client.force_login(make_user(role))
        page = client.get(reverse("catalogue:product_detail", args=[product.pk])).content.decode()
        assert "Riwayat harga" in page and "Rp18.000" in page and "Rp17.000" in page


@pytest.mark.django_db
def test_verification_queue_is_for_catalogue_managers(seller, manager, client):
    product = services.product_create(actor=seller, supplier=seller.supplier, data=product_data(make_category()))
    services.product_transition(actor=seller, product=product, action="submit")
    client.force_login(seller)
    assert client.get(reverse("catalogue:verification_queue")).status_code == 403
    client.force_login(manager)
    assert product.name in client.get(reverse("catalogue:verification_queue")).content.decode()
    response = client.post(reverse("catalogue:product_review", args=[product.pk]),
                           {"action": "verify_publish", "note": ""})
    assert response.status_code == 302
    product.refresh_from_db()
    assert product.status == Product.Status.ACTIVE


@pytest.mark.django_db
def test_photo_is_checked_resized_and_served_with_a_thumbnail(seller, client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    product = services.product_create(actor=seller, supplier=seller.supplier, data=product_data(make_category()))
    photo = services.photo_add(actor=seller, product=product, upload=png_bytes((3000, 2000)))
    assert (photo.width, photo.height) == (1600, 1067)
    with photo.thumbnail.open("rb") as handle:
        assert Image.open(handle).size == (400, 400)
    client.force_login(seller)
    response = client.get(reverse("catalogue:photo", args=[photo.pk, "besar"]))
    assert response.status_code == 200 and response["Content-Type"] == "image/jpeg"
    client.logout()  # the product is a draft: not public, nor its photos
    assert client.get(reverse("catalogue:photo", args=[photo.pk, "kecil"])).status_code == 404


@pytest.mark.django_db(transaction=True)
def test_a_photo_whose_row_is_refused_at_commit_leaves_no_file_behind(settings, tmp_path):
    """The row is refused only at COMMIT (a deferred foreign key: the uploader's account is gone), after both
    files were written; the same path as a write conflict found at commit."""
    settings.MEDIA_ROOT = tmp_path
    seller = make_user(Role.SUPPLIER)
    product = services.product_create(actor=seller, supplier=seller.supplier, data=product_data(make_category()))
    ghost = make_user(Role.SUPPLIER, supplier=seller.supplier)
    ghost_pk = ghost.pk
    type(ghost).objects.filter(pk=ghost_pk).delete()
    ghost.pk = ghost_pk  # the object outlives its row, as a session can
    with pytest.raises(IntegrityError):
        services.photo_add(actor=ghost, product=product, upload=png_bytes())
    assert product.photos.count() == 0
    assert [p for p in tmp_path.rglob("*") if p.is_file()] == []
    photo = services.photo_add(actor=seller, product=product, upload=png_bytes())  # the control: files are kept
    assert len([p for p in tmp_path.rglob("*") if p.is_file()]) == 2 and photo.image.name


@pytest.mark.django_db
def test_a_file_that_is_not_an_image_is_refused_whatever_its_name(seller, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    product = services.product_create(actor=seller, supplier=seller.supplier, data=product_data(make_category()))
    fake = io.BytesIO(b"<script>alert(1)</script>" * 50)
    fake.name = "foto.jpg"
    with pytest.raises(CatalogueError, match="bukan gambar"):
        services.photo_add(actor=seller, product=product, upload=fake)
    assert product.photos.count() == 0


@pytest.mark.django_db
def test_officer_features_a_product_in_the_showcase(seller, manager, client):
    product = listed_product(seller, manager)
    officer = make_user(Role.UMKM_OFFICER)
    client.force_login(officer)
    client.post(reverse("catalogue:product_feature", args=[product.pk]), {"featured": "1"})
    product.refresh_from_db()
    assert product.featured_by == officer
    client.logout()
    page = client.get(reverse("catalogue:showcase")).content.decode()
    assert "Produk unggulan" in page and product.name in page
    client.force_login(seller)
    assert client.post(reverse("catalogue:product_feature", args=[product.pk]), {"featured": "0"}).status_code == 403


@pytest.mark.django_db
def test_catalogue_manager_builds_the_category_tree_with_kbki_kbli_and_attributes(manager, client):
    client.force_login(manager)
    response = client.post(reverse("catalogue:category_create"), {
        "name": "Makanan Ringan", "kbki": "23999", "kbli_codes": "10794, 47211",
        "attributes": "berat: Berat bersih [gram]\nrasa: Rasa",
    })
    assert response.status_code == 302
    from katalog.catalogue.models import Category

    top = Category.objects.get(name="Makanan Ringan")
    assert (top.level, top.kbki_id, top.kbli_codes) == (1, "23999", ["10794", "47211"])
    assert top.attributes == [{"key": "berat", "label": "Berat bersih", "unit": "gram"},
                              {"key": "rasa", "label": "Rasa", "unit": ""}]
    bad = client.post(reverse("catalogue:category_create"), {"name": "X", "kbki": "99999999", "kbli_codes": "abc"})
    page = bad.content.decode()
    assert "tidak ada di daftar KBKI" in page and "5 angka" in page
    assert AuditEvent.objects.filter(action="category.create", object_id=str(top.pk)).exists()
    client.force_login(make_user(Role.SUPPLIER))
    assert client.get(reverse("catalogue:category_list")).status_code == 403


@pytest.mark.django_db
def test_category_attributes_appear_on_the_product_form_and_count_as_specification(seller, manager, client):
    product = listed_product(seller, manager)
    product.category.attributes = [{"key": "berat", "label": "Berat bersih", "unit": "gram"}]
    product.category.save()
    client.force_login(seller)
    url = reverse("catalogue:my_product_edit", args=[product.pk])
    assert "Berat bersih (gram)" in client.get(url).content.decode()
    form = {"name": product.name, "category": product.category_id, "description": product.description,
            "unit": product.unit, "price": "18.000", "stock": 50, "min_order": 1, "lead_time_days": 2,
            "delivery_area": "Kotabumi", "tkdn": "60", "bmp": "0", "origin": "lokal", "production_district": "",
            "brand": "", "is_halal": "on", "ppn_percent": "0", "attr_berat": "250"}
    client.post(url, form)
    product.refresh_from_db()
    assert product.attributes == {"berat": "250"} and product.status == Product.Status.SUBMITTED


# --- lost updates: forms opened earlier are refused, reserved stock stays reserved ---------------------


def _seen(page) -> str:
    import re

    return re.search(r'name="seen" value="([^"]+)"', page.content.decode()).group(1)


def _product_form(product, **overrides):
    form = {"name": product.name, "category": product.category_id, "description": product.description,
            "unit": product.unit, "price": str(product.price), "stock": product.stock, "min_order": 1,
            "lead_time_days": 2, "delivery_area": "Kotabumi", "tkdn": "60", "bmp": "0", "origin": "lokal",
            "production_district": "", "brand": "", "is_halal": "on", "ppn_percent": "0"}
    form.update(overrides)
    return form


@pytest.mark.django_db
def test_a_product_form_opened_before_another_save_is_refused_with_what_changed_and_the_input_kept(
        seller, manager, client):
    product = listed_product(seller, manager)
    client.force_login(seller)
    url = reverse("catalogue:my_product_edit", args=[product.pk])
    first_tab, second_tab = _seen(client.get(url)), _seen(client.get(url))
    # The second tab lowers the price; the first tab, opened earlier, then saves another description.
    assert client.post(url, _product_form(product, price="17000", seen=second_tab), follow=True).status_code == 200
    response = client.post(url, _product_form(product, description="Renyah dan gurih.", seen=first_tab))
    page = response.content.decode()
    assert response.status_code == 200 and "diubah orang lain" in page and "Perubahan disimpan" not in page
    assert "18000 → 17000" in page  # what changed
    assert "Renyah dan gurih." in page  # the person's input is kept
    product.refresh_from_db()
    assert (product.price, product.description) == (17_000, "Renyah.")
    # Having seen the change, the person saves again from the refreshed form: now it goes through.
    again = client.post(url, _product_form(product, description="Renyah dan gurih.", seen=_seen(response)))
    assert again.status_code == 302
    product.refresh_from_db()
    assert (product.price, product.description) == (17_000, "Renyah dan gurih.")


@pytest.mark.django_db
def test_a_form_opened_before_an_order_reserved_stock_never_gives_the_stock_back(seller, manager, client):
    from datetime import timedelta

    from django.utils import timezone

    from katalog.purchasing import services as purchasing
    from katalog.purchasing.models import StockReservation
    from tests.factories import make_agency

    product = listed_product(seller, manager, stock=20)
    client.force_login(seller)
    url = reverse("catalogue:my_product_edit", args=[product.pk])
    opened = _seen(client.get(url))  # the form shows 20 in stock
    agency = make_agency()
    pp, ppk = make_user(Role.PP, agency=agency), make_user(Role.PPK, agency=agency)
    purchasing.cart_add_product(user=pp, product=product, quantity=3)
    order = purchasing.order_checkout(user=pp, cart=pp.carts.get(), idempotency_key="stok-1", rup_code="40123456",
                                      funding_source="5.1.02", delivery_address="Kantor", ppk=ppk,
                                      requested_date=timezone.localdate() + timedelta(days=7))
    order = purchasing.order_place(order=order, user=pp, expected_version=order.version)
    purchasing.order_accept(order=order, user=seller, expected_version=order.version)
    product.refresh_from_db()
    assert product.stock == 17
    # The old form still says 20 and changes only the delivery area: the 3 reserved units stay reserved.
    assert client.post(url, _product_form(product, stock=20, delivery_area="Lampung Utara", seen=opened)).status_code == 302
    product.refresh_from_db()
    assert (product.stock, product.delivery_area) == (17, "Lampung Utara")
    # A stock change from an old form is an adjustment of the current stock: +5 on what it showed.
    opened = _seen(client.get(url))
    Product.objects.filter(pk=product.pk).update(stock=15)  # e.g. another order reserved 2 meanwhile
    client.post(url, _product_form(product, stock=22, delivery_area="Lampung Utara", seen=opened))
    product.refresh_from_db()
    assert product.stock == 20
    assert sum(StockReservation.objects.values_list("quantity", flat=True)) == 3
    # Taking away more than there is now is refused, not clamped.
    with pytest.raises(CatalogueError):
        services.product_update(actor=seller, product=product, data={"stock": 0}, seen={
            **services.product_seen(product), "stock": 25})


@pytest.mark.django_db
def test_a_category_form_opened_before_another_save_is_refused_with_what_changed(manager, client):
    from katalog.catalogue.models import Category

    category = make_category("Makanan Ringan")
    client.force_login(manager)
    url = reverse("catalogue:category_edit", args=[category.pk])
    first_tab, second_tab = _seen(client.get(url)), _seen(client.get(url))
    assert client.post(url, {"name": "Makanan Ringan Lokal", "seen": second_tab}, follow=True).status_code == 200
    response = client.post(url, {"name": "Camilan", "kbli_codes": "10794", "seen": first_tab})
    page = response.content.decode()
    assert response.status_code == 200 and "diubah orang lain" in page
    assert "Makanan Ringan → Makanan Ringan Lokal" in page and 'value="Camilan"' in page
    category.refresh_from_db()
    assert (category.name, category.kbli_codes) == ("Makanan Ringan Lokal", [])
    assert client.post(url, {"name": "Camilan", "kbli_codes": "10794", "seen": _seen(response)}).status_code == 302
    assert Category.objects.get(pk=category.pk).name == "Camilan"


@pytest.mark.django_db
def test_a_tampered_form_version_is_refused(seller, manager, client):
    product = listed_product(seller, manager)
    client.force_login(seller)
    url = reverse("catalogue:my_product_edit", args=[product.pk])
    page = client.post(url, _product_form(product, price="1000", seen="bukan-tanda-tangan")).content.decode()
    assert "muat ulang halaman" in page
    product.refresh_from_db()
    assert product.price == 18_000


# --- the first product, on one short screen -------------------------------------------


def _first_product_post(category, **overrides):
    data = {"name": "Keripik Pisang Manis 250 gram", "category": category.pk, "price": "15.000", "unit": "bungkus",
            "stock": "40", "description": "", "tkdn": ""}
    data.update(overrides)
    return data


@pytest.mark.django_db
def test_the_first_product_form_takes_a_photo_and_defaults_what_a_micro_business_mostly_has(client, seller):
    from django.core.files.uploadedfile import SimpleUploadedFile

    category = make_category("Makanan Ringan")
    client.force_login(seller)
    page = client.get(reverse("catalogue:my_product_create")).content.decode()
    assert 'accept="image/jpeg,image/png,image/webp' in page and 'data-shrink="1600"' in page
    assert 'name="tier0_price"' not in page  # wholesale prices and the rest come later, on the full form
    photo = SimpleUploadedFile("keripik.png", png_bytes((2000, 1500)).read(), content_type="image/png")
    response = client.post(reverse("catalogue:my_product_create"), {**_first_product_post(category), "photo": photo})
    product = Product.objects.get()
    assert response.url == reverse("catalogue:my_product_edit", args=[product.pk])
    assert (product.price, product.origin, product.min_order, product.tkdn) == (15_000, "lokal", 1, None)
    assert product.production_district_id == seller.supplier.district_id and product.ppn_percent == 0
    assert product.photos.get().width == 1600


@pytest.mark.django_db
def test_a_file_that_is_not_an_image_is_refused_with_a_message_and_nothing_is_saved(client, seller):
    from django.core.files.uploadedfile import SimpleUploadedFile

    category = make_category("Makanan Ringan")
    client.force_login(seller)
    fake = SimpleUploadedFile("keripik.jpg", b"%PDF-1.4 not a photo", content_type="image/jpeg")
    response = client.post(reverse("catalogue:my_product_create"), {**_first_product_post(category), "photo": fake})
    assert response.status_code == 200 and not Product.objects.exists()
    html = response.content.decode()
    assert 'class="error" id="id_photo-error"' in html
    assert 'value="Keripik Pisang Manis 250 gram"' in html  # what was typed stays


@pytest.mark.django_db
def test_an_over_long_product_name_gets_a_message_instead_of_being_cut(client, seller):
    category = make_category("Makanan Ringan")
    client.force_login(seller)
    page = client.get(reverse("catalogue:my_product_create")).content.decode()
    assert 'maxlength="250"' not in page
    response = client.post(reverse("catalogue:my_product_create"),
                           _first_product_post(category, name="Keripik-pisang-" * 20))
    assert response.status_code == 200 and not Product.objects.exists()
    assert "Nama produk terlalu panjang: 300 huruf, paling banyak 250" in response.content.decode()


@pytest.mark.django_db
def test_an_empty_tkdn_is_no_tkdn_value_and_the_form_says_so_in_plain_words(client, seller):
    import re

    category = make_category("Makanan Ringan")
    client.force_login(seller)
    page = client.get(reverse("catalogue:my_product_create")).content.decode()
    assert "bukan impor" in page and "Isi 0 hanya bila sertifikat" in page
    for ids in re.findall(r'aria-describedby="([^"]+)"', page):
        for one in ids.split():
            assert f'id="{one}"' in page, one
    client.post(reverse("catalogue:my_product_create"), _first_product_post(category, tkdn="0"))
    client.post(reverse("catalogue:my_product_create"), _first_product_post(category, name="Keripik Singkong Balado"))
    assert dict(Product.objects.values_list("name", "tkdn")) == {
        "Keripik Pisang Manis 250 gram": 0, "Keripik Singkong Balado": None}
