"""Managing products: a supplier's own list and form, photos, and the catalogue manager's verification queue."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from katalog.core.permissions import requires
from katalog.suppliers import page_sections
from katalog.suppliers.queue_filters import queue_filter
from katalog.suppliers.documents import kind_labels, missing_required
from katalog.suppliers.models import Supplier
from katalog.suppliers.selectors import documents_of as supplier_documents_of

from . import selectors, services, states
from .errors import CatalogueError, ChangedBySomeoneElse
from .forms import CategoryForm, FirstProductForm, PhotoForm, ProductForm, ReviewForm, category_choices
from .models import Category, Product
from . import references


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
    """A new product on one short screen (FirstProductForm); the full form follows on the product's page."""
    supplier = request.user.supplier
    form = FirstProductForm(request.POST or None, request.FILES or None, supplier=supplier)
    if request.method == "POST" and form.is_valid():
        try:
            product = services.product_create(actor=request.user, supplier=supplier, data=form.product_data(),
                                              photo=form.cleaned_data.get("photo"))
        except CatalogueError as error:
            fields = getattr(error, "errors", None) or {None: str(error)}
            for field, message in fields.items():
                form.add_error(field if field in form.fields else None, message)
        else:
            if supplier.status == "verified":
                told = _("Produk disimpan sebagai draf. Lengkapi bila perlu, lalu ajukan verifikasi.")
            else:
                told = _("Produk disimpan. Produk ini diajukan untuk verifikasi otomatis begitu usaha Anda "
                         "terverifikasi.")
            messages.success(request, told)
            return redirect("catalogue:my_product_edit", product.pk)
    return render(request, "catalogue/my_product_form.html", {"form": form, "product": None, "first": True})


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
        "actions": [(a, states.Action(a).label) for a in states.owner_actions(
            status=product.status, business_verified=product.supplier.status == "verified")],
        "waits_for_business": product.status == states.ProductStatus.DRAFT and product.submitted_at is None
        and product.supplier.status != "verified",
        "history": selectors.price_history(product)[:20],
    })


@require_POST
@requires("supplier.manage_own")
def my_product_action(request, pk: int):
    product = _own_product(request, pk)
    action = request.POST.get("action", "")
    if action not in states.owner_actions(status=product.status,
                                          business_verified=product.supplier.status == "verified"):
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
    """Oldest first, with the submission date and days waiting, narrowed by the filters."""
    filters = queue_filter(request)
    page = Paginator(selectors.verification_queue(**filters.selector_kwargs()), 50).get_page(request.GET.get("page"))
    now = timezone.now()
    rows = [{"product": p, "since": p.submitted_at or p.created_at, "days": (now - (p.submitted_at or p.created_at)).days}
            for p in page]
    return render(request, "catalogue/verification_queue.html", {
        "page": page, "rows": rows, "filters": filters, "count": page.paginator.count,
        "total": selectors.verification_queue().count(),
    })


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

    supplier = page_sections.prepared(Supplier.objects.filter(pk=product.supplier_id)).get()
    return render(request, "catalogue/product_review.html", {
        "product": product, "form": form, "photos": product.photos.all(),
        "readiness": page_sections.sections_for(supplier).get("readiness"), "documents": supplier_documents_of(supplier),
        "missing_documents": kind_labels(missing_required(supplier)), "today": timezone.localdate(),
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
