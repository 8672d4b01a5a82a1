"""Catalogue work that runs in the background (`katalog worker`)."""

from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from katalog.jobs.errors import JobFailed
from katalog.jobs.registry import handler
from katalog.suppliers.models import Supplier

from .errors import CatalogueError
from .importing_background import import_products_resumable

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
