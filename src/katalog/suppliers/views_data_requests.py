"""Data subjects' requests about a business (UU 27/2022): asked on the business's page, answered by the
administrator from a queue ordered by deadline (services.data_requests)."""

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from katalog.agencies import privacy
from katalog.agencies.services import personal_data_export_record
from katalog.core.permissions import requires
from katalog.core.privacy import no_store

from . import selectors, services
from .models import PersonalDataRequest


@require_POST
@requires("supplier.edit")
def data_request_create(request, pk: int):
    """The owner, or a pendamping on the owner's behalf, asks for a copy or erasure of the business's data."""
    supplier = get_object_or_404(selectors.suppliers_editable_by(request.user), pk=pk)
    try:
        made = services.data_request_create(supplier=supplier, kind=request.POST.get("kind", ""), actor=request.user)
    except services.SupplierError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _(
            "Permintaan “%(kind)s” tercatat. Administrator menjawabnya paling lambat %(due)s."
        ) % {"kind": made.get_kind_display(), "due": timezone.localtime(made.due_at).strftime("%d-%m-%Y %H:%M")})
    return redirect("suppliers:supplier_detail", supplier.pk)


@require_GET
@never_cache
@requires("account.export_any")
def data_request_queue(request):
    """Open requests, the nearest deadline first (late ones marked), and the latest answered ones."""
    now = timezone.now()
    base = PersonalDataRequest.objects.select_related("supplier", "requested_by", "handled_by")
    open_requests = list(base.filter(status=PersonalDataRequest.Status.OPEN).order_by("due_at", "id")[:200])
    answered = base.exclude(status=PersonalDataRequest.Status.OPEN).order_by("-handled_at", "-id")[:50]
    return render(request, "suppliers/data_request_queue.html", {
        "open_requests": [(r, r.is_overdue(now), r.due_at - now) for r in open_requests], "answered": answered,
    })


def _open_request(pk: int) -> PersonalDataRequest:
    return get_object_or_404(PersonalDataRequest.objects.select_related("supplier"), pk=pk)


@require_POST
@no_store
@requires("account.export_any")
def data_request_export(request, pk: int):
    """Download the copy (every account of the business, as each would get it themselves); the request is answered."""
    data_request = _open_request(pk)
    try:
        services.data_request_export_done(request=data_request, actor=request.user)
    except services.SupplierError as error:
        messages.error(request, str(error))
        return redirect("suppliers:data_request_queue")
    people = data_request.supplier.people.order_by("id")
    exports = []
    for person in people:
        exports.append(privacy.personal_data_export(person=person))
        personal_data_export_record(actor=request.user, person=person)
    body = privacy.export_json({"format": privacy.FORMAT, "request": data_request.pk, "accounts": exports})
    response = HttpResponse(body, content_type="application/json; charset=utf-8")
    filename = f"data-pribadi-usaha-{data_request.supplier_id}-{timezone.localdate():%Y%m%d}.json"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@require_POST
@requires("account.export_any")
def data_request_erase(request, pk: int):
    data_request = _open_request(pk)
    try:
        services.data_request_erase(request=data_request, actor=request.user)
    except services.SupplierError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Data pribadi usaha #%(pk)s dihapus; akunnya dinonaktifkan.")
                         % {"pk": data_request.supplier_id})
    return redirect("suppliers:data_request_queue")


@require_POST
@requires("account.export_any")
def data_request_refuse(request, pk: int):
    data_request = _open_request(pk)
    try:
        services.data_request_refuse(request=data_request, actor=request.user, reason=request.POST.get("reason", ""))
    except services.SupplierError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Permintaan ditolak; alasannya tampil di halaman usaha."))
    return redirect("suppliers:data_request_queue")
