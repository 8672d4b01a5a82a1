"""Every supplier view: who may open it (permission table) and whose records (object-level, 404 for others)."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from katalog.core.permissions import PERMISSIONS, PUBLIC
from katalog.core.roles import Role
from katalog.suppliers import urls as supplier_urls
from katalog.suppliers.models import SupplierDocument
from tests.factories import make_supplier, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_suppliers():
    own, other = make_supplier(status="needs_revision"), make_supplier(status="needs_revision")
    own_user = make_user(Role.SUPPLIER, supplier=own)
    other_user = make_user(Role.SUPPLIER, supplier=other)
    doc = SupplierDocument.objects.create(supplier=other, kind="nib", file=SimpleUploadedFile("x.pdf", b"%PDF-1.4"),
                                          content_type="application/pdf", size=8, uploaded_by=other_user)
    return own, own_user, other, doc


def test_every_supplier_view_names_a_permission():
    for pattern in supplier_urls.urlpatterns:
        assert getattr(pattern.callback, "katalog_permission", None) in PERMISSIONS, pattern.name


# (url name, args builder, method, permission)
PAGES = [
    ("supplier_list", lambda s, d: [], "get", "supplier.view_all"),
    ("my_business", lambda s, d: [], "get", "supplier.manage_own"),
    ("notifications", lambda s, d: [], "get", "supplier.manage_own"),
    ("supplier_detail", lambda s, d: [s.pk], "get", "supplier.detail"),
    ("supplier_edit", lambda s, d: [s.pk], "get", "supplier.edit"),
    ("supplier_submit", lambda s, d: [s.pk], "post", "supplier.edit"),
    ("email_verification_resend", lambda s, d: [s.pk], "post", "supplier.edit"),
    ("document_list", lambda s, d: [s.pk], "get", "supplier.detail"),
    ("document_upload", lambda s, d: [s.pk], "post", "supplier.edit"),
    ("document_download", lambda s, d: [d.pk], "get", "supplier.detail"),
    ("document_delete", lambda s, d: [d.pk], "post", "supplier.edit"),
    ("verification_queue", lambda s, d: [], "get", "catalogue.verify"),
    ("verification_revision", lambda s, d: [s.pk], "get", "catalogue.verify"),
    ("verification_reject", lambda s, d: [s.pk], "get", "catalogue.verify"),
    ("verification_action", lambda s, d: [s.pk, "start_review"], "post", "catalogue.verify"),
    ("assisted_drafts", lambda s, d: [], "get", "supplier.onboard"),
    ("visit_list", lambda s, d: [], "get", "supplier.onboard"),
    ("invitation_issued", lambda s, d: [s.pk], "get", "supplier.onboard"),
    ("invitation_reissue", lambda s, d: [s.pk], "post", "supplier.onboard"),
    # The readiness pages are monitoring's (they count products and orders) and serve the same people.
    ("monitoring:readiness", lambda s, d: [], "get", "supplier.view_all"),
    ("monitoring:readiness_district", lambda s, d: ["18.03.02"], "get", "supplier.view_all"),
]


def _url(name, args):
    return reverse(name if ":" in name else f"suppliers:{name}", args=args)


@pytest.mark.parametrize(("name", "args", "method", "permission"), PAGES, ids=[p[0] for p in PAGES])
def test_anonymous_visitors_go_to_login(client, two_suppliers, name, args, method, permission):
    _own, _user, other, doc = two_suppliers
    response = getattr(client, method)(_url(name, args(other, doc)))
    assert response.status_code == 302 and response.url.startswith(reverse("login"))


@pytest.mark.parametrize("role", [r for r in Role.values if r != Role.SUPPLIER])
@pytest.mark.parametrize(("name", "args", "method", "permission"), PAGES, ids=[p[0] for p in PAGES])
def test_each_role_gets_exactly_what_the_table_gives_it(client, two_suppliers, role, name, args, method, permission):
    _own, _user, other, doc = two_suppliers
    client.force_login(make_user(role))
    response = getattr(client, method)(_url(name, args(other, doc)))
    if PERMISSIONS[permission] & {role, PUBLIC}:
        # Reached the view: a page, a redirect after acting, or a form error for the empty POST.
        assert response.status_code in (200, 302, 400), (role, name, response.status_code)
        assert not (response.status_code == 302 and response.url.startswith(reverse("login")))
    else:
        assert response.status_code == 403, (role, name, response.status_code)


OWN_SCOPED = [p for p in PAGES if p[3] in ("supplier.detail", "supplier.edit")]


@pytest.mark.parametrize(("name", "args", "method", "permission"), OWN_SCOPED, ids=[p[0] for p in OWN_SCOPED])
def test_a_supplier_never_reaches_another_suppliers_records(client, two_suppliers, name, args, method, permission):
    _own, own_user, other, doc = two_suppliers
    client.force_login(own_user)
    response = getattr(client, method)(_url(name, args(other, doc)))
    assert response.status_code == 404
    other.refresh_from_db()
    assert other.status == "needs_revision"
    assert SupplierDocument.objects.filter(pk=doc.pk).exists()


def test_a_supplier_reaches_its_own_records(client, two_suppliers):
    own, own_user, _other, _doc = two_suppliers
    client.force_login(own_user)
    assert client.get(reverse("suppliers:my_business")).url == reverse("suppliers:supplier_detail", args=[own.pk])
    for name in ("supplier_detail", "supplier_edit", "document_list"):
        assert client.get(reverse(f"suppliers:{name}", args=[own.pk])).status_code == 200


def test_a_missing_id_is_not_found(client):
    client.force_login(make_user(Role.CATALOGUE_MANAGER))
    assert client.get(reverse("suppliers:supplier_detail", args=[999999])).status_code == 404
    assert client.get(reverse("suppliers:document_download", args=[999999])).status_code == 404


@pytest.mark.parametrize("name", ["register", "supplier_public"])
def test_public_pages_need_no_login(client, name):
    supplier = make_supplier()
    url = reverse(f"suppliers:{name}", args=[supplier.pk] if name == "supplier_public" else [])
    assert client.get(url).status_code in (200, 302)


def test_menu_offers_each_role_its_supplier_pages(client):
    client.force_login(make_user(Role.CATALOGUE_MANAGER))
    html = client.get(reverse("dashboard")).content.decode()
    assert reverse("suppliers:verification_queue") in html
    client.force_login(make_user(Role.UMKM_OFFICER))
    html = client.get(reverse("dashboard")).content.decode()
    assert reverse("suppliers:assisted_drafts") in html and reverse("monitoring:readiness") in html
    client.force_login(make_user(Role.SUPPLIER))
    html = client.get(reverse("dashboard")).content.decode()
    assert reverse("suppliers:my_business") in html and reverse("suppliers:verification_queue") not in html
