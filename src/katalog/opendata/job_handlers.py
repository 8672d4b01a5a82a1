"""Open-data work that runs in the background (`katalog worker`): the Dinas supplier list import and the
OCDS publication, on the shared runners of katalog.jobs.kinds."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from katalog.jobs.kinds import register_import
from katalog.jobs.registry import handler

from . import imports
from .ocds import publication

IMPORT_SUPPLIER_LIST = "opendata.import_supplier_list"
PUBLISH_OCDS = "opendata.publish_ocds"


def _supplier_list(*, actor, data, filename, params):
    return imports.import_supplier_list(actor=actor, data=data, filename=filename,
                                        valid_only=bool(params.get("valid_only")))


def _drafts_url(job) -> str:
    return reverse("suppliers:assisted_drafts") if job.result.get("saved") else ""


register_import(IMPORT_SUPPLIER_LIST, title=_("Impor daftar UMKM dari Dinas"), permission="supplier.onboard",
                run=_supplier_list, result_url=_drafts_url)


@handler(PUBLISH_OCDS, title=_("Terbitkan data OCDS"), permission="catalogue.manage",
         result_url=lambda job: reverse("opendata:published_list"))
def publish_ocds(ctx) -> dict:
    """Write every OCDS file (validated against the bundled 1.1.5 schema) through Django's storage API,
    where the open-data page serves them from."""
    ctx.progress(stage=str(_("Menyusun dan memeriksa berkas OCDS")), force=True)
    written = publication.publish_to_storage(base_url=ctx.params.get("base_url", ""))
    ctx.progress(stage=str(_("Selesai")), total=len(written), checked=len(written), saved=len(written), force=True)
    return {"files": written}
