"""The leakage page (the Sekda's instruction list) and the order lines behind each of its figures."""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import render
from django.views.decorators.http import require_GET

from katalog.agencies.models import Agency
from katalog.catalogue.models import Category
from katalog.core.permissions import requires

from . import leakage, selectors
from .units import per_label
from .views import _int, _year, _year_context

KABUPATEN_ROWS = 50


@require_GET
@requires("monitoring.dashboard")
def leakage_view(request):
    year = _year(request)
    agency_id = _int(request, "opd")
    agency = Agency.objects.filter(pk=agency_id).first() if agency_id else None
    report = leakage.leakage(year, agency_id=agency.pk if agency else None)
    # The kabupaten view lists the largest OPD × category rows; an OPD's own view lists all of its rows.
    rows = report.rows if agency else report.rows[:KABUPATEN_ROWS]
    return render(request, "monitoring/leakage.html", {
        **_year_context(request, year), "report": report, "agency": agency, "rows": rows,
        "rows_left": len(report.rows) - len(rows),
        "agencies": Agency.objects.filter(pk__in=[a.agency_id for a in report.by_agency]).order_by("name")
        if agency is None else [],
        "drill_all": selectors.may_drill(request.user, None),
        "drill_own": selectors.own_agency_id(request.user),
    })


@require_GET
@requires("monitoring.dashboard")
def leakage_lines(request):
    """The order lines behind one leakage figure; the sum at the foot is that figure."""
    year = _year(request)
    agency_id = _int(request, "opd")
    if not selectors.may_drill(request.user, agency_id):
        raise Http404
    category_id = _int(request, "kategori")
    dimension = request.GET.get("satuan") or None
    unmet = request.GET.get("tanpa_alternatif") == "1"
    lines = leakage.leaked_lines(year, agency_id=agency_id, category_id=category_id, dimension=dimension,
                                 unmet=unmet)
    return render(request, "monitoring/leakage_lines.html", {
        **_year_context(request, year), "lines": lines, "total": sum(line.subtotal for line in lines),
        "agency": Agency.objects.filter(pk=agency_id).first() if agency_id else None,
        "category": Category.objects.filter(pk=category_id).first() if category_id else None,
        "per": per_label(dimension) if dimension else "", "unmet": unmet,
    })
