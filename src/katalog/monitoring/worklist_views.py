"""The UMKM officer's worklist page (printable: one section per kecamatan, and downloadable as one file that
opens without a connection), the visit form on it, and the administrator's form assigning kecamatan to officers.

The visit form on the worklist works offline: static/katalog/offline-visits.js keeps a visit typed without a
connection on the phone and sends it here when the connection returns, with a key that makes a second sending
harmless (suppliers.services.visit_record).
"""

import re

from django import forms
from django.conf import settings
from django.contrib import messages
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from katalog.agencies.models import User
from katalog.core.permissions import requires
from katalog.core.roles import Role
from katalog.regions.models import District
from katalog.suppliers.forms import VisitForm
from katalog.suppliers.services import SupplierError, visit_record

from . import worklist
from .models import OfficerArea

# A key the phone makes for a visit it keeps offline (crypto.randomUUID, or a fallback of letters and digits).
CLIENT_KEY = re.compile(r"[A-Za-z0-9-]{8,64}")


class AssignForm(forms.Form):
    officer = forms.ModelChoiceField(label=gettext_lazy("Pendamping"), queryset=User.objects.none())
    district = forms.ModelChoiceField(label=gettext_lazy("Kecamatan"), queryset=District.objects.none())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["officer"].queryset = User.objects.filter(role=Role.UMKM_OFFICER, is_active=True).order_by(
            "full_name")
        self.fields["district"].queryset = District.objects.filter(regency_id=settings.KATALOG_REGION).order_by(
            "name")


def area_visit_form(area: worklist.AreaWork, data=None) -> VisitForm:
    """The visit form of one kecamatan section: its kampung, then its businesses grouped by kampung."""
    form = VisitForm(data, district=area.district, auto_id=f"kunjungan-{area.district.code}-%s")
    form.fields["district"].widget = forms.HiddenInput()
    by_village: dict[str, list] = {}
    for supplier in area.businesses:
        village = supplier.village.name if supplier.village_id else _("Kampung belum diisi")
        by_village.setdefault(village, []).append((supplier.pk, supplier.name))
    form.fields["supplier"].widget.choices = [("", _("Kunjungan umum ke kecamatan"))] + sorted(by_village.items())
    return form


def _worklist_page(request, *, posted=None, refused: dict | None = None, status: int = 200,
                   template: str = "monitoring/worklist.html"):
    """The worklist; after a refused plain post, that kecamatan's form shows what was typed and why."""
    is_admin = request.user.role == Role.ADMIN
    areas = worklist.worklist(request.user)
    for area in areas:
        data = posted if posted is not None and posted.get("district") == area.district.pk else None
        area.visit_form = area_visit_form(area, data)
        if data is not None and area.visit_form.is_valid():
            for name, errors in (refused or {}).items():
                for error in errors:
                    area.visit_form.add_error(name, error)
    return render(request, template, {
        "areas": areas, "assign_form": AssignForm() if is_admin else None,
        "assignments": OfficerArea.objects.select_related("officer", "district") if is_admin else None,
        "printed_at": timezone.localtime()}, status=status)


@require_GET
@requires("supplier.onboard")
def worklist_view(request):
    return _worklist_page(request)


@require_GET
@requires("supplier.onboard")
def worklist_download(request):
    """The same list as one self-contained HTML file, to keep on the phone for a day without a connection."""
    response = _worklist_page(request, template="monitoring/worklist_download.html")
    stamp = timezone.localdate().isoformat()
    response["Content-Disposition"] = f'attachment; filename="daftar-kerja-pendamping-{stamp}.html"'
    return response


@require_POST
@requires("supplier.onboard")
def worklist_visit(request):
    """Record a visit from the worklist. The offline script sends `X-Requested-With: fetch` and reads JSON;
    a plain form post comes back to the worklist, with the typed visit kept when it is refused."""
    from_script = request.headers.get("X-Requested-With") == "fetch"
    client_key = request.POST.get("client_key", "")
    if not CLIENT_KEY.fullmatch(client_key):
        client_key = ""
    form = VisitForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            visit_record(officer=request.user, visited_on=data["visited_on"], district=data["district"],
                         village=data["village"], supplier=data["supplier"], notes=data["notes"],
                         next_step=data["next_step"], client_key=client_key)
        except SupplierError as error:
            form.add_error("visited_on", str(error))
    if form.errors:
        if from_script:
            return JsonResponse({"ok": False, "errors": {name: [str(m) for m in errors]
                                                         for name, errors in form.errors.items()}}, status=400)
        messages.error(request, _("Kunjungan belum tersimpan: periksa isian yang ditandai."))
        return _worklist_page(request, posted=request.POST, refused=form.errors, status=400)
    if from_script:
        return JsonResponse({"ok": True, "message": _("Kunjungan tercatat.")})
    messages.success(request, _("Kunjungan tercatat."))
    return redirect("monitoring:worklist")


@require_POST
@requires("supplier.onboard")
def worklist_assign(request):
    form = AssignForm(request.POST)
    if form.is_valid():
        try:
            worklist.officer_area_assign(actor=request.user, officer=form.cleaned_data["officer"],
                                         district=form.cleaned_data["district"])
        except worklist.WorklistError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("Wilayah pendamping ditetapkan."))
    else:
        messages.error(request, _("Pilih pendamping dan kecamatan."))
    return redirect("monitoring:worklist")
