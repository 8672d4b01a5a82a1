"""The UMKM officer's worklist page (printable: one section per kecamatan), and the administrator's form
assigning kecamatan to officers."""

from django import forms
from django.conf import settings
from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from katalog.agencies.models import User
from katalog.core.permissions import requires
from katalog.core.roles import Role
from katalog.regions.models import District

from . import worklist
from .models import OfficerArea


class AssignForm(forms.Form):
    officer = forms.ModelChoiceField(label=gettext_lazy("Pendamping"), queryset=User.objects.none())
    district = forms.ModelChoiceField(label=gettext_lazy("Kecamatan"), queryset=District.objects.none())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["officer"].queryset = User.objects.filter(role=Role.UMKM_OFFICER, is_active=True).order_by(
            "full_name")
        self.fields["district"].queryset = District.objects.filter(regency_id=settings.KATALOG_REGION).order_by(
            "name")


@require_GET
@requires("supplier.onboard")
def worklist_view(request):
    is_admin = request.user.role == Role.ADMIN
    return render(request, "monitoring/worklist.html", {
        "areas": worklist.worklist(request.user), "assign_form": AssignForm() if is_admin else None,
        "assignments": OfficerArea.objects.select_related("officer", "district") if is_admin else None})


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
