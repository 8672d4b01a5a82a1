"""Products a UMKM officer prepares for a business it assists: listing, form, photos, submission.

An officer assists a business in a kecamatan assigned to it (OfficerArea) or one it registered itself. The
catalogue services do the work with `assisting=True`, so each change is audited under the officer's name;
the owner sees who added a product in "Produk saya" and may withdraw it.
"""

from django.conf import settings
from django.contrib import messages
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from katalog.catalogue import selectors as catalogue_selectors
from katalog.catalogue import services, states
from katalog.catalogue.errors import CatalogueError, ChangedBySomeoneElse
from katalog.catalogue.forms import PhotoForm, ProductForm
from katalog.catalogue.models import Product
from katalog.core.permissions import requires
from katalog.core.roles import Role
from katalog.suppliers.models import Supplier
from katalog.suppliers.states import SupplierStatus

from .models import OfficerArea


def assisted_suppliers(officer):
    """The businesses an officer may prepare products for (none for anyone who is not a UMKM officer)."""
    if officer.role != Role.UMKM_OFFICER:
        return Supplier.objects.none()
    districts = OfficerArea.objects.filter(officer=officer).values("district_id")
    return (Supplier.objects.filter(regency_id=settings.KATALOG_REGION)
            .filter(Q(district_id__in=districts) | Q(registered_by=officer))
            .exclude(status=SupplierStatus.REJECTED))


def _supplier(request, supplier_pk: int) -> Supplier:
    return get_object_or_404(assisted_suppliers(request.user), pk=supplier_pk)


def _product(request, supplier: Supplier, pk: int) -> Product:
    return get_object_or_404(Product.objects.filter(supplier=supplier), pk=pk)


@require_http_methods(["GET"])
@requires("supplier.onboard")
def assisted_products(request, supplier_pk: int):
    supplier = _supplier(request, supplier_pk)
    products = (Product.objects.filter(supplier=supplier).select_related("category", "created_by")
                .annotate(photo_count=Count("photos")).order_by("-updated_at", "-id"))
    return render(request, "monitoring/assisted_products.html", {"supplier": supplier, "products": products})


@require_http_methods(["GET", "POST"])
@requires("supplier.onboard")
def assisted_product_create(request, supplier_pk: int):
    supplier = _supplier(request, supplier_pk)
    form = ProductForm(request.POST or None, supplier=supplier)
    if request.method == "POST" and form.is_valid():
        try:
            product = services.product_create(actor=request.user, supplier=supplier, data=form.product_data(),
                                              tiers=form.cleaned_data["tiers"], assisting=True)
        except CatalogueError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Produk disimpan sebagai draf atas nama %(s)s. Tambahkan fotonya.")
                             % {"s": supplier.name})
            return redirect("monitoring:assisted_product_edit", supplier.pk, product.pk)
    return render(request, "catalogue/my_product_form.html", {
        "form": form, "product": None, "assisted_supplier": supplier})


@require_http_methods(["GET", "POST"])
@requires("supplier.onboard")
def assisted_product_edit(request, supplier_pk: int, pk: int):
    supplier = _supplier(request, supplier_pk)
    product = _product(request, supplier, pk)
    form = ProductForm(request.POST or None, instance=Product.objects.get(pk=product.pk))
    if request.method == "POST" and form.is_valid():
        try:
            services.product_update(actor=request.user, product=product, data=form.product_data(),
                                    tiers=form.cleaned_data["tiers"], seen=form.cleaned_data["seen"],
                                    assisting=True)
        except ChangedBySomeoneElse as error:
            form.add_error(None, str(error))
            form.show_current(services.product_seen(Product.objects.get(pk=product.pk)))
        except CatalogueError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Perubahan disimpan."))
            return redirect("monitoring:assisted_product_edit", supplier.pk, product.pk)
    product.refresh_from_db()
    return render(request, "catalogue/my_product_form.html", {
        "form": form, "product": product, "photo_form": PhotoForm(), "photos": product.photos.all(),
        "actions": [(a, states.Action(a).label) for a in states.actions_from(product.status, request.user.role)],
        "history": catalogue_selectors.price_history(product)[:20],
        "assisted_supplier": supplier})


@require_POST
@requires("supplier.onboard")
def assisted_product_action(request, supplier_pk: int, pk: int):
    supplier = _supplier(request, supplier_pk)
    product = _product(request, supplier, pk)
    action = request.POST.get("action", "")
    if action not in states.actions_from(product.status, request.user.role):
        messages.error(request, _("Tindakan itu tidak tersedia untuk produk ini."))
    else:
        try:
            services.product_transition(actor=request.user, product=product, action=action, assisting=True)
        except CatalogueError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("Status produk: %(s)s.") % {
                "s": Product.objects.get(pk=pk).get_status_display()})
    return redirect("monitoring:assisted_product_edit", supplier.pk, pk)


@require_POST
@requires("supplier.onboard")
def assisted_product_photo_add(request, supplier_pk: int, pk: int):
    supplier = _supplier(request, supplier_pk)
    product = _product(request, supplier, pk)
    form = PhotoForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, _("Pilih berkas foto terlebih dahulu."))
    else:
        try:
            services.photo_add(actor=request.user, product=product, upload=form.cleaned_data["photo"],
                               assisting=True)
        except CatalogueError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("Foto ditambahkan."))
    return redirect("monitoring:assisted_product_edit", supplier.pk, pk)


@require_POST
@requires("supplier.onboard")
def assisted_product_photo_remove(request, supplier_pk: int, pk: int, photo_pk: int):
    supplier = _supplier(request, supplier_pk)
    product = _product(request, supplier, pk)
    photo = get_object_or_404(product.photos.all(), pk=photo_pk)
    try:
        services.photo_remove(actor=request.user, photo=photo, assisting=True)
    except CatalogueError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Foto dihapus."))
    return redirect("monitoring:assisted_product_edit", supplier.pk, pk)
