"""Readiness per kecamatan and kampung for the Dinas Koperasi dan UMKM and leadership (the funnel of readiness.py)."""

from django.conf import settings
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from katalog.core.permissions import requires
from katalog.regions.models import District
from katalog.suppliers.models import AssistanceVisit

from .readiness import CHECKLIST, STAGES, funnel_by_district, funnel_by_village, ready_score


@require_GET
@requires("supplier.view_all")
def readiness_overview(request):
    rows, total = funnel_by_district()
    return render(request, "monitoring/readiness.html", {
        "rows": rows, "total": total, "stages": STAGES, "checklist": CHECKLIST, "ready_score": ready_score(),
        "area": None,
    })


@require_GET
@requires("supplier.view_all")
def readiness_district(request, code: str):
    district = get_object_or_404(District, code=code, regency_id=settings.KATALOG_REGION)
    rows, total = funnel_by_village(district)
    visits = AssistanceVisit.objects.filter(district=district).select_related("village", "officer")[:20]
    return render(request, "monitoring/readiness.html", {
        "rows": rows, "total": total, "stages": STAGES, "checklist": CHECKLIST, "ready_score": ready_score(),
        "area": district, "visits": visits,
    })
