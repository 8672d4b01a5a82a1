"""Catalogue work that runs in the background (`katalog worker`)."""

from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from katalog.jobs.errors import JobFailed
from katalog.jobs.kinds import ExportFile, register_export, register_import
from katalog.jobs.registry import handler
from katalog.suppliers.models import Supplier

from . import exporting, references, services
from .errors import CatalogueError
from .importing_background import import_products_resumable
from .models import NationalListing, Product

IMPORT_PRODUCTS = "catalogue.import_products"


def _import_result_url(job) -> str:
    batch = job.result.get("batch")
    return reverse("catalogue:import_detail", args=[batch]) if batch else ""


@handler(IMPORT_PRODUCTS, title=_lazy("Impor produk"), permission="catalogue.import", result_url=_import_result_url)
def import_products_job(ctx) -> dict:
    params = ctx.params
    supplier = Supplier.objects.filter(pk=params["supplier"]).first()
    if supplier is None:
        raise JobFailed(_("Penyedia untuk impor ini sudah tidak ada."))
    actor = get_user_model().objects.filter(pk=params.get("actor")).first() if params.get("actor") else None
    try:
        report = import_products_resumable(
            data=ctx.read_upload(), filename=ctx.job.upload_name, supplier=supplier, actor=actor,
            publish=bool(params.get("publish")), valid_only=bool(params.get("valid_only")), job=ctx)
    except CatalogueError as error:
        raise JobFailed(str(error)) from error
    return {"batch": report.batch.pk, "created": report.created, "errors": len(report.errors),
            "rows": report.total_rows, "status": report.batch.status}


# --- imports and exports on the shared runners (katalog.jobs.kinds) ---------------------------------

IMPORT_PRICE_REFERENCES = "catalogue.import_price_references"
EXPORT_CATALOGUE = "catalogue.export_catalogue"
EXPORT_NATIONAL = "catalogue.export_national"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _price_references(*, actor, data, filename, params):
    return references.price_references_import(actor=actor, data=data, filename=filename, year=int(params["year"]))


register_import(IMPORT_PRICE_REFERENCES, title=_lazy("Impor harga acuan (SSH)"), permission="catalogue.manage",
                run=_price_references)


def _catalogue(*, actor, params, ctx) -> ExportFile:
    products = Product.objects.all()
    if not params.get("all"):
        products = products.filter(status=Product.Status.ACTIVE)
    return ExportFile(exporting.catalogue_workbook(products), f"katalog-lokal-{timezone.localdate().isoformat()}.xlsx",
                      XLSX)


register_export(EXPORT_CATALOGUE, title=_lazy("Ekspor katalog (Excel)"), permission="catalogue.export",
                build=_catalogue)


def _national(*, actor, params, ctx) -> ExportFile:
    """The chosen UMKM products in the v6 bulk-upload layout; the ones not yet listed are marked exported."""
    base_url = params.get("base_url", "").rstrip("/")
    products = list(Product.objects.filter(pk__in=params.get("ids", [])))
    if not products:
        raise JobFailed(_("Produk yang dipilih sudah tidak ada. Pilih lagi di halaman e-Katalog nasional."))
    data = exporting.national_workbook(
        Product.objects.filter(pk__in=[p.pk for p in products]),
        photo_url=lambda ph: base_url + reverse("catalogue:photo", args=[ph.pk, "besar"]))
    services.products_set_national_listing(
        actor=actor, products=[p for p in products if p.national_listing == NationalListing.NOT_LISTED],
        status=NationalListing.EXPORTED)
    return ExportFile(data, f"ekatalog-v6-unggah-{timezone.localdate().isoformat()}.xlsx", XLSX)


register_export(EXPORT_NATIONAL, title=_lazy("Unggahan e-Katalog nasional v6"),
                permission="catalogue.national_listing", build=_national)
