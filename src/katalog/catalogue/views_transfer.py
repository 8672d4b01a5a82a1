"""Spreadsheets in and out: product import, catalogue and national exports, SSH price references."""

import uuid

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from katalog.core.permissions import requires
from katalog.jobs.web import start_job
from katalog.core.roles import Role
from katalog.regions.selectors import home_districts
from katalog.suppliers.models import Supplier
from katalog.core.rules import rule, umk_q

from . import exporting, references, services
from .errors import CatalogueError
from .forms import ImportForm, ReferenceImportForm
from .importing import _check_actor
from .job_handlers import EXPORT_CATALOGUE, EXPORT_NATIONAL, IMPORT_PRICE_REFERENCES, IMPORT_PRODUCTS
from .models import ImportBatch, NationalListing, PriceReference, Product

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _download(data: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(data, content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _batches_visible_to(user):
    qs = ImportBatch.objects.select_related("supplier", "started_by")
    if user.role == Role.SUPPLIER:
        return qs.filter(supplier_id=user.supplier_id)
    if user.role in (Role.UMKM_OFFICER, Role.CATALOGUE_MANAGER):
        return qs
    return qs.none()


@require_http_methods(["GET", "POST"])
@requires("catalogue.import")
def import_upload(request):
    """Checks the form, stores the file and queues the import; the job's page then shows its progress.

    The form's one-time token makes the request idempotent: submitting it twice (a double click, a
    reload) opens the same job instead of importing the file twice.
    """
    form = ImportForm(request.POST or None, request.FILES or None, user=request.user)
    token = request.POST.get("token", "") if request.method == "POST" else uuid.uuid4().hex
    if request.method == "POST" and form.is_valid():
        upload, supplier = form.cleaned_data["file"], None
        if upload.size > int(rule("import_max_bytes")):
            form.add_error("file", _("Berkas terlalu besar."))
        elif request.user.role == Role.SUPPLIER:
            supplier = request.user.supplier
        else:
            nib = (form.cleaned_data.get("supplier_nib") or "").strip()
            supplier = Supplier.objects.filter(nib=nib).first() if nib else None
            if supplier is None:
                form.add_error("supplier_nib", _("Penyedia dengan NIB ini tidak ditemukan."))
        if supplier is not None:
            publish = form.cleaned_data.get("publish", False)
            try:
                _check_actor(actor=request.user, supplier=supplier, publish=publish)
            except CatalogueError as error:
                form.add_error(None, str(error))
            else:
                return start_job(request, kind=IMPORT_PRODUCTS, upload=upload, params={
                    "supplier": supplier.pk, "actor": request.user.pk, "publish": publish,
                    "valid_only": form.cleaned_data["valid_only"]})
    batches = _batches_visible_to(request.user)[:10]
    return render(request, "catalogue/import.html", {"form": form, "token": token, "batches": batches})


@require_GET
@requires("catalogue.import")
def import_detail(request, pk: int):
    batch = get_object_or_404(_batches_visible_to(request.user), pk=pk)
    return render(request, "catalogue/import_detail.html", {"batch": batch, "errors": batch.errors})


@require_GET
@requires("catalogue.import")
def import_template(request):
    return _download(exporting.import_template(), "templat-impor-produk.xlsx")


@require_http_methods(["GET", "POST"])
@requires("catalogue.export")
def export_catalogue(request):
    """The whole catalogue as a workbook, built by the worker; the job's page offers the download."""
    if request.method == "POST":
        return start_job(request, kind=EXPORT_CATALOGUE, params={"all": request.POST.get("semua") == "1"})
    return render(request, "catalogue/export.html")


def _umk_products():
    return (Product.objects.active().filter(umk_q("supplier__"))
            .select_related("supplier", "supplier__district", "category").order_by("supplier__name", "name"))


@require_http_methods(["GET", "POST"])
@requires("catalogue.national_listing")
def national_export(request):
    """Pick UMKM products, download them in the v6 bulk-upload layout, and record their national status."""
    if request.method == "POST":
        ids = [int(v) for v in request.POST.getlist("id") if v.isdigit()]
        products = list(_umk_products().filter(pk__in=ids))
        if not products:
            messages.error(request, _("Pilih paling sedikit satu produk."))
            return redirect("catalogue:national_export")
        action = request.POST.get("action", "export")
        if action == "export":
            return start_job(request, kind=EXPORT_NATIONAL, params={
                "ids": [p.pk for p in products], "base_url": request.build_absolute_uri("/")})
        status = {"listed": NationalListing.LISTED, "not_listed": NationalListing.NOT_LISTED}.get(action)
        if status is None:
            raise Http404
        try:
            count = services.products_set_national_listing(actor=request.user, products=products, status=status)
        except CatalogueError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("Status nasional %(n)s produk diperbarui.") % {"n": count})
        return redirect(request.get_full_path())
    qs = _umk_products()
    district = request.GET.get("kecamatan", "")[:8]
    listing = request.GET.get("status", "")
    if district:
        qs = qs.filter(supplier__district_id=district)
    if listing in NationalListing.values:
        qs = qs.filter(national_listing=listing)
    page = Paginator(qs, 100).get_page(request.GET.get("page"))
    return render(request, "catalogue/national_export.html", {
        "page": page, "districts": home_districts(), "district": district, "listing": listing,
        "statuses": NationalListing.choices,
    })


@require_http_methods(["GET", "POST"])
@requires("catalogue.manage")
def price_references(request):
    form = ReferenceImportForm(request.POST or None, request.FILES or None)
    report = None
    if request.method == "POST" and form.is_valid():
        # Checked and loaded by the worker; the job's page shows the counts and any rejected rows.
        return start_job(request, kind=IMPORT_PRICE_REFERENCES, upload=form.cleaned_data["file"],
                         params={"year": form.cleaned_data["year"]})
    qs = PriceReference.objects.all().order_by("-year", "item", "specification")
    query = request.GET.get("q", "").strip()[:100]
    if query:
        qs = qs.filter(Q(item__icontains=query) | Q(specification__icontains=query) | Q(code__icontains=query))
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    return render(request, "catalogue/price_references.html", {"form": form, "report": report, "page": page,
                                                                "query": query})


@require_GET
@requires("catalogue.manage")
def products_above_ceiling(request):
    """Active offers priced above their SSH ceiling, for the catalogue manager to follow up."""
    refs = references.current_year_references()
    flagged = []
    if refs:
        for chunk_start in range(0, 20000, 2000):
            chunk = list(Product.objects.active().select_related("supplier").order_by("id")[chunk_start:chunk_start + 2000])
            if not chunk:
                break
            ceilings = references.ceilings_for(chunk, refs)
            flagged += [(p, ceilings[p.pk]) for p in chunk if p.pk in ceilings and ceilings[p.pk].above]
    return render(request, "catalogue/above_ceiling.html", {"flagged": flagged, "has_references": bool(refs)})

