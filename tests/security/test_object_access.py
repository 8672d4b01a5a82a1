"""Object-level access: every object a person can address by id — supplier records, products, photos,
documents, imports, orders with their letters, deliveries and payments, carts, mini-competitions, API
tokens — answers 404 to the people of another OPD or another supplier, never the data.

Two complete sides are built (an OPD with its officers, a supplier with its account, an order taken
through delivery, BAST and payment, a cart, a competition, uploads, a token). Each case is called by
each scoped role of side A that holds the route's permission: side B's object must give 404, and
side A's own object must not (the same request reaches it: the positive control that keeps a broken
URL from passing as "404").

Roles that see every OPD and every supplier by design (leadership, auditor, administrator, officers of
the kabupaten) have no such boundary; the permission table limits what they reach
(test_access_matrix.py). Integrity flags are read only by those oversight roles, so no OPD or supplier
can address one at all: that is tested last.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from katalog.catalogue import services as catalogue
from katalog.catalogue.models import ImportBatch, Product
from katalog.core.permissions import PERMISSIONS
from katalog.core.roles import Role
from katalog.monitoring.models import Flag
from katalog.opendata import services as opendata
from katalog.purchasing import services as purchasing
from katalog.purchasing.models import Competition
from tests.factories import make_document, make_product, make_supplier, make_user
from tests.purchasing.helpers import World, completed, make_world
from tests.security.calls import request_rolled_back

pytestmark = pytest.mark.django_db

SCOPED_ROLES = (Role.SUPPLIER, Role.PP, Role.PPK, Role.TREASURER)


def png() -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (200, 200), (200, 120, 40)).save(buffer, "PNG")
    return SimpleUploadedFile("foto.png", buffer.getvalue(), content_type="image/png")


@dataclass
class Side:
    world: World
    order: object  # completed: Surat Pesanan and BAST issued, delivered
    draft: object  # a product waiting for verification (not public)
    photo: object
    document: object
    batch: object
    cart_line: object
    competition: object
    tokens: dict  # role → API token id of that person

    def person(self, role):
        w = self.world
        return {Role.SUPPLIER: w.seller, Role.PP: w.pp, Role.PPK: w.ppk, Role.TREASURER: w.treasurer}[role]


def build_side() -> Side:
    w = make_world()
    order = completed(w)
    draft = make_product(w.supplier, w.category, name="Produk baru menunggu verifikasi", status=Product.Status.SUBMITTED)
    photo = catalogue.photo_add(actor=w.seller, product=w.product, upload=png())
    document = make_document(w.supplier, uploaded_by=w.seller)
    cart_line = purchasing.cart_add_product(user=w.pp, product=w.product, quantity=1)
    now = timezone.now()
    others = [make_product(make_supplier(), w.category).supplier for _ in range(2)]  # a competition invites ≥ 3
    competition = purchasing.competition_create(
        user=w.pp, category=w.category, title="Konsumsi rapat koordinasi",
        supplier_ids=[w.supplier.pk, *(s.pk for s in others)], items=[{"name": "Nasi kotak", "unit": "kotak", "quantity": 100}],
        deadline=now + timedelta(days=3), rup_code="48123002", funding_source="5.1.02.01.01.0052 Belanja Makan Minum",
        delivery_address="Aula", requested_date=(now + timedelta(days=7)).date(), ppk=w.ppk, now=now,
    )
    people = {Role.SUPPLIER: w.seller, Role.PP: w.pp, Role.PPK: w.ppk, Role.TREASURER: w.treasurer}
    tokens = {role: opendata.token_create(user=person, name="uji", scopes=["read", "write"])[0].pk
              for role, person in people.items()}
    return Side(world=w, order=order, draft=draft, photo=photo, document=document,
                batch=ImportBatch.objects.create(supplier=w.supplier, filename="produk.xlsx", started_by=w.seller),
                cart_line=cart_line, competition=competition, tokens=tokens)


@pytest.fixture
def sides(settings, tmp_path, generous_rate_limits):
    settings.MEDIA_ROOT = tmp_path / "media"
    return build_side(), build_side()


# (label, method, how to build the URL from a side and the calling role, permission the route needs)
CASES = [
    ("rincian penyedia", "GET", lambda s, r: reverse("suppliers:supplier_detail", args=[s.world.supplier.pk]),
     "supplier.detail"),
    ("ubah penyedia", "GET", lambda s, r: reverse("suppliers:supplier_edit", args=[s.world.supplier.pk]), "supplier.edit"),
    ("ajukan penyedia", "POST", lambda s, r: reverse("suppliers:supplier_submit", args=[s.world.supplier.pk]),
     "supplier.edit"),
    ("kirim ulang surel", "POST",
     lambda s, r: reverse("suppliers:email_verification_resend", args=[s.world.supplier.pk]), "supplier.edit"),
    ("daftar dokumen", "GET", lambda s, r: reverse("suppliers:document_list", args=[s.world.supplier.pk]),
     "supplier.detail"),
    ("unggah dokumen", "POST", lambda s, r: reverse("suppliers:document_upload", args=[s.world.supplier.pk]),
     "supplier.edit"),
    ("unduh dokumen", "GET", lambda s, r: reverse("suppliers:document_download", args=[s.document.pk]),
     "supplier.detail"),
    ("hapus dokumen", "POST", lambda s, r: reverse("suppliers:document_delete", args=[s.document.pk]), "supplier.edit"),
    ("ubah produk", "GET", lambda s, r: reverse("catalogue:my_product_edit", args=[s.world.product.pk]),
     "supplier.manage_own"),
    ("status produk", "POST", lambda s, r: reverse("catalogue:my_product_action", args=[s.world.product.pk]),
     "supplier.manage_own"),
    ("tambah foto", "POST", lambda s, r: reverse("catalogue:my_product_photo_add", args=[s.world.product.pk]),
     "supplier.manage_own"),
    ("hapus foto", "POST",
     lambda s, r: reverse("catalogue:my_product_photo_remove", args=[s.world.product.pk, s.photo.pk]),
     "supplier.manage_own"),
    ("produk belum terverifikasi", "GET", lambda s, r: reverse("catalogue:product_detail", args=[s.draft.pk]),
     "supplier.manage_own"),
    ("hasil impor", "GET", lambda s, r: reverse("catalogue:import_detail", args=[s.batch.pk]), "catalogue.import"),
    ("pesanan", "GET", lambda s, r: reverse("purchasing:order_detail", args=[s.order.number]), "order.view"),
    ("aksi pesanan", "POST", lambda s, r: reverse("purchasing:order_action", args=[s.order.number, "rate"]),
     "order.act"),
    ("surat pesanan", "GET", lambda s, r: reverse("purchasing:order_document", args=[s.order.number, "sp"]),
     "order.view"),
    ("BAST (serah terima)", "GET", lambda s, r: reverse("purchasing:order_document", args=[s.order.number, "bast"]),
     "order.view"),
    ("baris keranjang", "POST", lambda s, r: reverse("purchasing:cart_line_update", args=[s.cart_line.pk]),
     "order.create"),
    ("checkout keranjang", "GET", lambda s, r: reverse("purchasing:checkout", args=[s.cart_line.cart_id]),
     "order.create"),
    ("kompetisi", "GET", lambda s, r: reverse("purchasing:competition_detail", args=[s.competition.number]),
     "competition.view"),
    ("penawaran kompetisi", "POST", lambda s, r: reverse("purchasing:competition_quote", args=[s.competition.number]),
     "competition.quote"),
    ("penetapan kompetisi", "POST", lambda s, r: reverse("purchasing:competition_award", args=[s.competition.number]),
     "order.create"),
    ("cabut token", "POST", lambda s, r: reverse("opendata:token_revoke", args=[s.tokens[r]]), "api.tokens"),
    ("API pesanan", "GET", lambda s, r: f"/api/v1/orders/{s.order.number}", "order.view"),
    ("API aksi pesanan", "POST", lambda s, r: f"/api/v1/orders/{s.order.number}/actions/cancel", "order.act"),
    ("API baris keranjang", "PATCH", lambda s, r: f"/api/v1/carts/lines/{s.cart_line.pk}", "order.create"),
    ("API produk belum terverifikasi", "GET", lambda s, r: f"/api/v1/products/{s.draft.pk}", "supplier.manage_own"),
]


# A valid body for the API's writing operations, so that the answer is about the object, not the input.
API_BODIES = {"POST": '{"version": 1, "reason": "Uji akses objek."}', "PATCH": '{"quantity": 2}'}


def call(client, method: str, url: str, token: str | None):
    """One request, rolled back so the next call sees the same data."""
    extra = {"HTTP_AUTHORIZATION": f"Bearer {token}"} if url.startswith("/api/") else {}
    if url.startswith("/api/") and method != "GET":
        extra.update(data=API_BODIES[method], content_type="application/json")
    return request_rolled_back(client, method, url, **extra).status_code


@pytest.mark.parametrize("role", SCOPED_ROLES)
def test_another_opds_or_suppliers_objects_answer_404_and_ones_own_do_not(sides, role):
    own, other = sides
    person = own.person(role)
    client = Client()
    client.force_login(person)
    token = opendata.token_create(user=person, name="uji-objek", scopes=["read", "write"])[1]
    wrong, checked = [], 0
    for label, method, url_for, permission in CASES:
        if role not in PERMISSIONS[permission]:
            continue
        checked += 1
        foreign = call(client, method, url_for(other, role) if label != "cabut token" else
                       reverse("opendata:token_revoke", args=[other.tokens[role]]), token)
        mine = call(client, method, url_for(own, role), token)
        if foreign != 404:
            wrong.append(f"{label}: another side's object gave {foreign}, not 404")
        if mine in (403, 404) or mine >= 500:
            wrong.append(f"{label}: one's own object gave {mine} (the request never reached it)")
    assert checked >= 5, f"only {checked} cases apply to {role}"
    assert not wrong, "\n".join(wrong)


def test_no_opd_or_supplier_can_open_an_integrity_flag_while_oversight_sees_every_one(sides, client):
    own, other = sides
    flags = [Flag.objects.create(kind=Flag.Kind.values[0], key=f"uji-{side.order.number}", reason="Uji.",
                                 agency=side.world.agency, supplier=side.world.supplier, order=side.order)
             for side in sides]
    assert not PERMISSIONS["monitoring.flags"] & set(SCOPED_ROLES)
    for role in SCOPED_ROLES:
        client.force_login(own.person(role))
        for flag in flags:
            assert client.get(reverse("monitoring:flag_detail", args=[flag.pk])).status_code == 403
    for role in PERMISSIONS["monitoring.flags"]:
        client.force_login(make_user(role))
        for flag in flags:
            assert client.get(reverse("monitoring:flag_detail", args=[flag.pk])).status_code == 200


def test_a_competition_is_hidden_from_suppliers_not_invited(sides, client):
    own, other = sides
    client.force_login(other.world.seller)
    assert client.get(reverse("purchasing:competition_detail", args=[own.competition.number])).status_code == 404
    client.force_login(own.world.seller)
    assert client.get(reverse("purchasing:competition_detail", args=[own.competition.number])).status_code == 200
    assert Competition.objects.count() == 2
