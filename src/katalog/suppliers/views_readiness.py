"""Assistance visits by the Dinas Koperasi dan UMKM. The readiness pages per kecamatan are in monitoring."""

from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from katalog.core.permissions import requires
from katalog.regions.models import District, Village

from . import services
from .forms import VisitForm
from .models import AssistanceVisit


@require_http_methods(["GET", "POST"])
@requires("supplier.onboard")
def visit_list(request):
    """Officers log assistance visits (date, kecamatan, notes, next step) and see the latest ones."""
    district = District.objects.filter(code=request.GET.get("kecamatan", "")[:8],
                                       regency_id=settings.KATALOG_REGION).first()
    village = (Village.objects.filter(code=request.GET.get("kampung", "")[:13], district=district).first()
               if district else None)
    form = VisitForm(request.POST or None, district=district, village=village)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.visit_record(officer=request.user, visited_on=data["visited_on"], district=data["district"],
                                  village=data["village"], supplier=data["supplier"], notes=data["notes"],
                                  next_step=data["next_step"])
        except services.SupplierError as error:
            form.add_error("visited_on", str(error))
        else:
            messages.success(request, _("Kunjungan tercatat."))
            return redirect("suppliers:visit_list")
    visits = AssistanceVisit.objects.select_related("district", "village", "supplier", "officer")
    page = Paginator(visits, 30).get_page(request.GET.get("page"))
    return render(request, "suppliers/visits.html", {
        "form": form, "page": page, "district": district, "village": village,
        "districts": District.objects.filter(regency_id=settings.KATALOG_REGION).order_by("name"),
        "villages": Village.objects.filter(district=district).order_by("name") if district else []})
