"""Plan and realisation per RUP package, per OPD and for the OPD that have a plan."""

from __future__ import annotations

from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from katalog.agencies.models import Agency
from katalog.core.permissions import requires

from . import plan, selectors
from .models import RupPackage
from .views import _int, _year, _year_context


@require_GET
@requires("monitoring.dashboard")
def plan_view(request):
    year = _year(request)
    agency_id = _int(request, "opd")
    agency = get_object_or_404(Agency, pk=agency_id) if agency_id else None
    report = plan.plan_and_realisation(year, agency_id=agency.pk if agency else None)
    return render(request, "monitoring/plan.html", {
        **_year_context(request, year), "report": report, "agency": agency,
        "agency_plan": report.agencies[0] if agency and report.agencies else None,
    })


@require_GET
@requires("monitoring.dashboard")
def plan_package(request, pk: int):
    package = get_object_or_404(RupPackage.objects.select_related("agency"), pk=pk)
    orders = plan.package_orders(package) if selectors.may_drill(request.user, package.agency_id) else None
    return render(request, "monitoring/plan_package.html", {
        **_year_context(request, package.year), "year": package.year, "package": package, "orders": orders,
        "signed": plan.SIGNED_STATUSES, "is_catalogue": plan.is_catalogue_method(package.method),
    })
