"""The administrator's view of the outbox: every notice, its channel, attempts, state and last error."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from katalog.core.permissions import requires

from .models import Channel, Delivery
from .services import delivery_retry


@require_GET
@requires("jobs.admin")
def outbox(request):
    qs = Delivery.objects.select_related("supplier")
    state = request.GET.get("status", "")
    if state in Delivery.State.values:
        qs = qs.filter(state=state)
    channel = request.GET.get("kanal", "")
    if channel in Channel.values:
        qs = qs.filter(channel=channel)
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    return render(request, "notices/outbox.html", {"page": page, "state": state, "states": Delivery.State.choices,
                                                   "channel": channel, "channels": Channel.choices})


@require_POST
@requires("jobs.admin")
def outbox_retry(request, pk: int):
    delivery = get_object_or_404(Delivery, pk=pk, state=Delivery.State.FAILED)
    delivery_retry(delivery=delivery)
    messages.success(request, _("Pemberitahuan akan dikirim ulang."))
    return redirect("notices:outbox")
