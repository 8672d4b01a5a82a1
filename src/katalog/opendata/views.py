"""Open data pages and downloads: the OCDS files, the transparency page. Thin: reads go through
opendata/ocds/packages.py and selectors.py."""

from __future__ import annotations

import datetime
import hashlib

from django.core.cache import cache
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from katalog.core.audit_check import daily_anchors
from katalog.core.permissions import allows, requires
from katalog.core.rules import rule
from katalog.jobs.web import start_job

from . import imports, selectors
from .job_handlers import IMPORT_SUPPLIER_LIST, PUBLISH_OCDS
from .forms import SupplierImportForm
from .ocds import flatten
from .ocds import identifiers as ids
from .ocds import packages, publication
from .ocds.merge import compile_releases

JSON = "application/json; charset=utf-8"
CSV = "text/csv; charset=utf-8"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _base_url(request) -> str:
    return request.build_absolute_uri("/")


def _download(content: bytes, content_type: str, filename: str | None = None) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    if filename:
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
    # Open data: any site may read it (no cookies are involved), and a proxy may keep it a few minutes.
    response["Access-Control-Allow-Origin"] = "*"
    response["Cache-Control"] = "public, max-age=300"
    return response


CACHE_SECONDS = 60 * 60


def _cached(request, kind: str, year: int | None, build) -> bytes | None:
    """Build once per state of the data: the bulk files take seconds for a year of orders."""
    key = "opendata:{}:{}:{}:{}".format(kind, year, _base_url(request),
                                        hashlib.sha256(selectors.publication_fingerprint(year).encode()).hexdigest())
    content = cache.get(key)
    if content is None:
        content = build()
        if content is not None:
            cache.set(key, content, CACHE_SECONDS)
    return content


AUDIT_ANCHOR_DAYS = 14  # the open-data page shows the chain's head at the end of each of the last two weeks


def _year_or_404(year: int) -> int:
    if not 2000 <= year <= 2100:
        raise Http404
    return year


@require_GET
@requires("opendata.public")
def ocds_index(request):
    """What is published, in which files, and how it maps to OCDS (also the packages' publicationPolicy)."""
    return render(request, "opendata/ocds_index.html", {
        "years": selectors.fiscal_years(),
        "catalogue_ocid": ids.catalogue_ocid(),
        "prefix": ids.ocid_prefix(),
        "license": ids.license_url(),
        "anchors": daily_anchors(days=AUDIT_ANCHOR_DAYS),
    })


@require_GET
@requires("opendata.public")
def ocds_process(request, ocid: str):
    package = packages.process_release_package(ocid, base_url=_base_url(request))
    if package is None:
        raise Http404
    return _download(packages.dumps(package), JSON)


@require_GET
@requires("opendata.public")
def ocds_process_record(request, ocid: str):
    package = packages.process_record_package(ocid, base_url=_base_url(request))
    if package is None:
        raise Http404
    return _download(packages.dumps(package), JSON)


@require_GET
@requires("opendata.public")
def ocds_catalogue(request):
    content = _cached(request, "catalogue", None, lambda: packages.dumps(
        packages.process_release_package(ids.catalogue_ocid(), base_url=_base_url(request))))
    return _download(content, JSON, "ocds-katalog.json")


@require_GET
@requires("opendata.public")
def ocds_year(request, year: int):
    def build():
        package = packages.year_release_package(_year_or_404(year), base_url=_base_url(request))
        return packages.dumps(package) if package else None

    content = _cached(request, "releases", _year_or_404(year), build)
    if content is None:
        raise Http404
    return _download(content, JSON, f"ocds-{year}-releases.json")


@require_GET
@requires("opendata.public")
def ocds_year_records(request, year: int):
    def build():
        package = packages.year_record_package(_year_or_404(year), base_url=_base_url(request))
        return packages.dumps(package) if package else None

    content = _cached(request, "records", _year_or_404(year), build)
    if content is None:
        raise Http404
    return _download(content, JSON, f"ocds-{year}-records.json")


def _compiled_of_year(request, year: int) -> list[dict] | None:
    per_order = packages.year_release_lists(_year_or_404(year), base_url=_base_url(request))
    return [compile_releases(releases) for releases in per_order] if per_order else None


def _flat(request, year: int, kind: str, render) -> bytes:
    def build():
        compiled = _compiled_of_year(request, year)
        return render(compiled) if compiled else None

    content = _cached(request, kind, _year_or_404(year), build)
    if content is None:
        raise Http404
    return content


@require_GET
@requires("opendata.public")
def ocds_year_csv(request, year: int):
    content = _flat(request, year, "csv", lambda compiled: flatten.to_csv(flatten.process_rows(compiled)))
    return _download(content, CSV, f"ocds-{year}-proses.csv")


@require_GET
@requires("opendata.public")
def ocds_year_items_csv(request, year: int):
    content = _flat(request, year, "items-csv", lambda compiled: flatten.to_csv(flatten.item_rows(compiled)))
    return _download(content, CSV, f"ocds-{year}-barang.csv")


@require_GET
@requires("opendata.public")
def ocds_year_xlsx(request, year: int):
    content = _flat(request, year, "xlsx", lambda compiled: flatten.to_xlsx([
        ("Proses", flatten.process_rows(compiled)), ("Barang", flatten.item_rows(compiled))]))
    return _download(content, XLSX, f"ocds-{year}.xlsx")


def _requested_year(request) -> int:
    try:
        year = int(request.GET.get("tahun", ""))
    except ValueError:
        return datetime.date.today().year
    return year if 2000 <= year <= 2100 else datetime.date.today().year


@require_GET
@requires("opendata.public")
def transparency(request):
    """The public transparency page: no login, no JavaScript, readable on a 360-px phone."""
    year = _requested_year(request)
    data = selectors.transparency(year)
    published = set(selectors.fiscal_years())
    return render(request, "opendata/transparency.html", {
        "t": data, "year": year, "has_ocds": year in published,
        "max_category": max((c.spend for c in data.categories), default=0),
        # The meters' "low" mark is where the dashboard's amber band ends: target minus the amber margin.
        "amber_offset": -rule("monitoring_amber_margin_percent"),
    })


# --- imports integrators need ------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@requires("supplier.onboard")
def supplier_list_import(request):
    """A Dinas supplier list (Excel/CSV) → the officer's assisted registration drafts, all or nothing."""
    form = SupplierImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        limit = rule("import_max_bytes")
        if upload.size > limit:
            form.add_error("file", _("Berkas terlalu besar (paling besar %(mb)s MB).") % {"mb": limit // (1024 * 1024)})
        else:
            # Checked and loaded by the worker; the job's page shows the counts, the rejected rows and a link
            # to the drafts.
            return start_job(request, kind=IMPORT_SUPPLIER_LIST, upload=upload,
                             params={"valid_only": form.cleaned_data["valid_only"]})
    return render(request, "opendata/supplier_import.html", {"form": form, "columns": imports.COLUMNS})


@require_GET
@requires("supplier.onboard")
def supplier_list_template(request):
    response = HttpResponse(imports.template_csv(), content_type=CSV)
    response["Content-Disposition"] = 'attachment; filename="templat-daftar-umkm.csv"'
    return response


# --- the published OCDS set (written by the worker through the storage API) ----------------------


@require_GET
@requires("opendata.public")
def published_list(request):
    """The files of the last OCDS publication (the catalogue manager can ask for a new one here)."""
    return render(request, "opendata/published.html", {"files": publication.published_files(),
                                                       "may_publish": allows(request.user, "catalogue.manage")})


@require_POST
@requires("catalogue.manage")
def publish(request):
    """Publish the OCDS set now rather than at night: a job; its page links back to the published files."""
    return start_job(request, kind=PUBLISH_OCDS, params={"base_url": request.build_absolute_uri("/")})


@require_GET
@requires("opendata.public")
def published_file(request, name: str):
    path = f"{publication.STORAGE_DIR}/{name}"
    if "/" in name or name.startswith(".") or not default_storage.exists(path):
        raise Http404
    content_type = JSON if name.endswith(".json") else CSV
    response = FileResponse(default_storage.open(path, "rb"), content_type=content_type)
    response["Access-Control-Allow-Origin"] = "*"
    response["Cache-Control"] = "public, max-age=300"
    return response
