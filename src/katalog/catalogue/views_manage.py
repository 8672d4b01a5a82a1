"""Managing products: a supplier's own list and form, photos, and the catalogue manager's verification queue."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from katalog.core.permissions import requires

from . import selectors, services, states
from .errors import CatalogueError, ChangedBySomeoneElse
from .forms import CategoryForm, PhotoForm, ProductForm, ReviewForm, category_choices
from .models import Category, Product


def _own_product(request, pk: int) -> Product:
    return get_object_or_404(selectors.products_of_supplier(request.user), pk=pk)


@require_http_methods(["GET"])
@requires("supplier.manage_own")
def my_products(request):
    page = Paginator(selectors.products_of_supplier(request.user), 50).get_page(request.GET.get("page"))
    return render(request, "catalogue/my_products.html", {"page": page})


@require_http_methods(["GET", "POST"])
@requires("supplier.manage_own")
def my_product_create(request):
    form = ProductForm(request.POST or None, supplier=request.user.supplier)
    if request.method == "POST" and form.is_valid():
        try:
            product = services.product_create(actor=request.user, supplier=request.user.supplier,
                                              data=form.product_data(), tiers=form.cleaned_data["tiers"])
        except CatalogueError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Produk disimpan sebagai draf. Tambahkan foto, lalu ajukan verifikasi."))
            return redirect("catalogue:my_product_edit", product.pk)
    return render(request, "catalogue/my_product_form.html", {"form": form, "product": None})


@require_http_methods(["GET", "POST"])
@requires("supplier.manage_own")
def my_product_edit(request, pk: int):
    product = _own_product(request, pk)
    form = ProductForm(request.POST or None, instance=Product.objects.get(pk=product.pk))
    if request.method == "POST" and form.is_valid():
        try:
            reasons = services.product_update(actor=request.user, product=product, data=form.product_data(),
                                              tiers=form.cleaned_data["tiers"], seen=form.cleaned_data["seen"])
        except ChangedBySomeoneElse as error:
            form.add_error(None, str(error))
            form.show_current(services.product_seen(Product.objects.get(pk=product.pk)))
        except CatalogueError as error:
            form.add_error(None, str(error))
        else:
            if reasons:
                messages.warning(request, _("Perubahan disimpan. Produk kembali menunggu verifikasi: %(r)s.")
                                 % {"r": "; ".join(reasons)})
            else:
                messages.success(request, _("Perubahan disimpan."))
            return redirect("catalogue:my_product_edit", product.pk)
    product.refresh_from_db()
    return render(request, "catalogue/my_product_form.html", {
        "form": form, "product": product, "photo_form": PhotoForm(), "photos": product.photos.all(),
        "actions": [(a, states.Action(a).label) for a in states.actions_from(product.status, request.user.role)],
        "history": selectors.price_history(product)[:20],
    })


@require_POST
@requires("supplier.manage_own")
def my_product_action(request, pk: int):
    product = _own_product(request, pk)
    action = request.POST.get("action", "")
    if action not in states.actions_from(product.status, request.user.role):
        messages.error(request, _("Tindakan itu tidak tersedia untuk produk ini."))
    else:
        try:
            services.product_transition(actor=request.user, product=product, action=action)
        except CatalogueError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("Status produk: %(s)s.") % {"s": Product.objects.get(pk=pk).get_status_display()})
    return redirect("catalogue:my_product_edit", pk)


@require_POST
@requires("supplier.manage_own")
def my_product_photo_add(request, pk: int):
    product = _own_product(request, pk)
    form = PhotoForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, _("Pilih berkas foto terlebih dahulu."))
    else:
        try:
            services.photo_add(actor=request.user, product=product, upload=form.cleaned_data["photo"])
        except CatalogueError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("Foto ditambahkan."))
    return redirect("catalogue:my_product_edit", pk)


@require_POST
@requires("supplier.manage_own")
def my_product_photo_remove(request, pk: int, photo_pk: int):
    product = _own_product(request, pk)
    photo = get_object_or_404(product.photos.all(), pk=photo_pk)
    try:
        services.photo_remove(actor=request.user, photo=photo)
    except CatalogueError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Foto dihapus."))
    return redirect("catalogue:my_product_edit", pk)


# --- Verification (catalogue managers) ----------------------------------------------


@require_http_methods(["GET"])
@requires("catalogue.verify")
def verification_queue(request):
    page = Paginator(selectors.verification_queue(), 50).get_page(request.GET.get("page"))
    return render(request, "catalogue/verification_queue.html", {"page": page})


@require_http_methods(["GET", "POST"])
@requires("catalogue.verify")
def product_review(request, pk: int):
    product = get_object_or_404(selectors.products_visible_to(request.user), pk=pk)
    form = ReviewForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.product_transition(actor=request.user, product=product, action=form.cleaned_data["action"],
                                        note=form.cleaned_data["note"])
        except CatalogueError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Keputusan verifikasi disimpan."))
            return redirect("catalogue:verification_queue")
    from . import references

    return render(request, "catalogue/product_review.html", {
        "product": product, "form": form, "photos": product.photos.all(),
        "history": selectors.price_history(product)[:20], "tiers": product.price_tiers.all(),
        "ceiling": references.ceilings_for([product]).get(product.pk),
        "waiting": product.status in states.WAITING_STATUSES,
        "kbli_match": _kbli_match(product),
    })


def _kbli_match(product) -> str:
    """Whether the supplier's KBLI codes allow this category (the national portal rejects a mismatch)."""
    allowed = set(product.category.kbli_codes or [])
    held = set(product.supplier.kbli_codes or [])
    if not allowed:
        return "bebas"
    if not held:
        return "tidak_diketahui"
    return "cocok" if allowed & held else "tidak_cocok"


@require_http_methods(["GET"])
@requires("catalogue.manage")
def category_list(request):
    return render(request, "catalogue/category_list.html", {"categories": category_choices()})


@require_http_methods(["GET", "POST"])
@requires("catalogue.manage")
def category_edit(request, pk: int | None = None):
    category = get_object_or_404(Category, pk=pk) if pk else None
    form = CategoryForm(request.POST or None, instance=category)
    if request.method == "POST" and form.is_valid():
        try:
            services.category_save(actor=request.user, category=category, data=form.cleaned_data,
                                   seen=form.cleaned_data["seen"])
        except ChangedBySomeoneElse as error:
            form.add_error(None, str(error))
            form.show_current(services.category_seen(Category.objects.get(pk=category.pk)))
        except CatalogueError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Kategori disimpan."))
            return redirect("catalogue:category_list")
    return render(request, "catalogue/category_form.html", {"form": form, "category": category})


@require_POST
@requires("catalogue.feature")
def product_feature(request, pk: int):
    product = get_object_or_404(selectors.products_visible_to(request.user), pk=pk)
    featured = request.POST.get("featured") == "1"
    try:
        services.product_set_featured(actor=request.user, product=product, featured=featured)
    except CatalogueError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Produk diunggulkan di etalase.") if featured
                         else _("Produk tidak lagi diunggulkan."))
    return redirect("catalogue:product_detail", pk)
