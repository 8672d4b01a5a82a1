"""The audit log. The home page and each person's own page are in katalog.home (they read other apps)."""

from django.core.paginator import Paginator
from django.shortcuts import render
from django.views.decorators.http import require_GET

from katalog.core.models import AuditEvent
from katalog.core.permissions import requires


@require_GET
@requires("audit.view")
def audit_log(request):
    page = Paginator(AuditEvent.objects.select_related("actor").order_by("-id"), 50).get_page(request.GET.get("page"))
    return render(request, "core/audit_log.html", {"page": page})
