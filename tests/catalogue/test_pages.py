"""What buyers and the public see: the search page, product page, compare, showcase, API."""

import io
import warnings
from datetime import timedelta

import pytest
from django.core.cache.backends.base import CacheKeyWarning
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook
from PIL import Image

from katalog.catalogue.models import NationalListing, PriceChange, PriceTier, Product, ProductPhoto
from katalog.core.roles import Role
from tests.factories import make_user
from tests.jobs.drive import download, run_jobs  # noqa: F401  (fixture)


@pytest.mark.django_db
def test_buyer_on_a_phone_finds_filters_compares_and_sees_why(client, catalogue):
    """The issue's "done when": "kripik pisng" → keripik pisang, UMK in one kecamatan, compare three, why."""
    client.force_login(make_user(Role.PP))
    page = client.get(reverse("catalogue:product_list"), {"q": "kripik pisng"}).content.decode()
    assert "Keripik Pisang" in page and "Kopi Bubuk" not in page
    assert "dikoreksi menjadi “pisang”" in page and "Mengapa di urutan ini?" in page and "Penyedia lokal" in page
    umk = catalogue["suppliers"]["local_umk2"]
    filtered = client.get(reverse("catalogue:product_list"),
                          {"q": "keripik", "kecamatan": umk.district_id, "umk": "1"}).content.decode()
    assert "Keripik Pisang Kepok Curah" in filtered and "Kripik Pisang Coklat" not in filtered
    picked = [catalogue["products"][k].pk for k in ("keripik_pisang_umk", "keripik_pisang_kg", "kripik_pisang_far")]
    table = client.get(reverse("catalogue:compare"), {"id": picked}).content.decode()
    for label in ("Keripik Pisang Manis 250 gr", "Keripik Pisang Kepok Curah 1 kg", "Kripik Pisang Coklat 250gr",
                  "TKDN", "Skala usaha", "Waktu kirim", "Sertifikat"):
        assert label in table


@pytest.mark.django_db
def test_anonymous_visitors_browse_with_facets_and_the_old_parameters_still_work(client, catalogue):
    office = catalogue["categories"]["office"]
    page = client.get(reverse("catalogue:product_list"), {"kategori": office.slug}).content.decode()
    assert "Kertas HVS A4" in page and "Keripik" not in page.split('id="hasil"')[1]
    assert "Kecamatan penyedia" in page and "TKDN" in page
    partial = client.get(reverse("catalogue:product_list"), {"q": "kopi"}, headers={"HX-Request": "true"})
    assert "<html" not in partial.content.decode() and "Kopi Bubuk Robusta" in partial.content.decode()


@pytest.mark.django_db
def test_search_api_returns_the_same_ranking_as_json(client, catalogue):
    data = client.get(reverse("catalogue:search_api"), {"q": "atk", "jumlah": 2}).json()
    assert data["total"] == 4 and len(data["results"]) == 2
    assert {"id", "name", "supplier", "price", "score", "why", "url"} <= set(data["results"][0])
    assert "flags" in data["facets"]


@pytest.mark.django_db
def test_compare_takes_at_most_four_products(client, catalogue):
    ids = [p.pk for p in list(catalogue["products"].values())[:6]]
    page = client.get(reverse("catalogue:compare"), {"id": ids}).content.decode()
    assert "Paling banyak 4 produk" in page
    assert page.count('scope="col"><a href=') == 4


@pytest.mark.django_db
def test_product_page_is_shareable_with_a_preview_image(client, catalogue):
    product = catalogue["products"]["keripik_pisang_umk"]
    page = client.get(reverse("catalogue:product_detail", args=[product.pk])).content.decode()
    preview = reverse("catalogue:product_preview", args=[product.pk])
    assert f'property="og:image" content="http://testserver{preview}"' in page
    assert "wa.me" in page
    image = client.get(preview)
    assert image["Content-Type"] == "image/png"
    assert Image.open(io.BytesIO(image.content)).size == (1200, 630)


@pytest.mark.django_db
def test_inactive_product_page_is_not_public(client, catalogue):
    product = catalogue["products"]["hvs"]
    Product.objects.filter(pk=product.pk).update(status=Product.Status.INACTIVE)
    assert client.get(reverse("catalogue:product_detail", args=[product.pk])).status_code == 404
    assert client.get(reverse("catalogue:product_preview", args=[product.pk])).status_code == 404


@pytest.mark.django_db
def test_showcase_by_kecamatan(client, catalogue):
    umk = catalogue["suppliers"]["local_umk"]
    page = client.get(reverse("catalogue:showcase"), {"kecamatan": umk.district_id}).content.decode()
    assert f"Kecamatan {umk.district.name}" in page and "Keripik Singkong Balado" in page
    assert "Emping Mlinjo" not in page  # kecamatan 02


@pytest.mark.django_db
def test_officer_downloads_selected_umkm_products_for_the_national_catalogue(client, catalogue, run_jobs):
    client.force_login(make_user(Role.UMKM_OFFICER))
    page = client.get(reverse("catalogue:national_export")).content.decode()
    assert "Keripik Pisang Manis 250 gr" in page and "Handphone Android" not in page  # large supplier: not UMKM
    chosen = catalogue["products"]["keripik_pisang_umk"]
    job = run_jobs(client.post(reverse("catalogue:national_export"), {"id": [chosen.pk], "action": "export"}))
    content = download(client, job)
    rows = list(load_workbook(io.BytesIO(content), read_only=True).worksheets[0].iter_rows(values_only=True))
    assert len(rows) == 2 and rows[1][3] == chosen.name
    # Photo links are absolute, on the site the officer used.
    assert job.params["base_url"] == "http://testserver/"
    chosen.refresh_from_db()
    assert chosen.national_listing == NationalListing.EXPORTED
    client.post(reverse("catalogue:national_export"), {"id": [chosen.pk], "action": "listed"})
    chosen.refresh_from_db()
    assert chosen.national_listing == NationalListing.LISTED


@pytest.mark.django_db
def test_public_products_selector_returns_products_in_search_order(catalogue):
    from katalog.catalogue.selectors import public_products

    products = public_products(query="kripik pisng", limit=2)
    assert len(products) == 2 and all("isang" in p.name for p in products)
    office = public_products(category_slug=catalogue["categories"]["office"].slug)
    assert {p.name for p in office} >= {"Kertas HVS A4 70 gsm 1 rim", "Paket ATK Lengkap untuk Rapat"}


@pytest.mark.django_db
def test_browsing_with_long_or_odd_filter_text_keeps_the_cache_key_plain(client, catalogue):
    """The filters a visitor types make the cache key of the browse facets: 300 characters, spaces and control
    characters still give the page, and the key stays one any cache backend takes (no CacheKeyWarning)."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        for kategori in ("x" * 300, "kopi bubuk\x01\t", "é" * 200):
            response = client.get(reverse("catalogue:product_list"), {"kategori": kategori, "kecamatan": "y" * 200})
            assert response.status_code == 200
    assert [w for w in caught if issubclass(w.category, CacheKeyWarning)] == []


@pytest.mark.django_db
def test_product_page_shows_photos_wholesale_prices_and_price_history_in_order(client, catalogue):
    product = catalogue["products"]["hvs"]
    first = ProductPhoto.objects.create(product=product, image="a.jpg", thumbnail="a-kecil.jpg", width=400,
                                        height=400, position=0)
    second = ProductPhoto.objects.create(product=product, image="b.jpg", thumbnail="b-kecil.jpg", width=400,
                                         height=400, position=1)
    PriceTier.objects.create(product=product, min_quantity=100, price=45_000)
    PriceTier.objects.create(product=product, min_quantity=10, price=47_000)
    PriceChange.objects.create(product=product, old_price=None, new_price=40_000,
                               changed_at=timezone.now() - timedelta(days=30))
    PriceChange.objects.create(product=product, old_price=40_000, new_price=50_000, changed_at=timezone.now())
    page = client.get(reverse("catalogue:product_detail", args=[product.pk])).content.decode()
    photos = [reverse("catalogue:photo", args=[photo.pk, "kecil"]) for photo in (first, second)]
    assert photos[0] in page and page.index(photos[0]) < page.index(photos[1])
    assert page.index("Rp47.000") < page.index("Rp45.000")  # from 10 units, then from 100
    rows = page.split("Riwayat harga")[1].split("<tbody>")[1].split("</tr>")
    assert "Rp40.000" in rows[0] and "Rp50.000" in rows[0] and "25%" in rows[0]  # the newest change first
    assert "Rp40.000" in rows[1] and "harga awal" in rows[1]
