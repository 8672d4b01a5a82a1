"""Site-wide pages: the public home page, each person's own page, the audit log."""

from django.core.paginator import Paginator
from django.shortcuts import render
from django.views.decorators.http import require_GET

from katalog.core.models import AuditEvent
from katalog.core.permissions import requires

from . import dashboards, selectors


@require_GET
@requires("site.public")
def home(request):
    return render(request, "core/home.html", {"figures": selectors.public_figures(), "featured": selectors.featured_products()})


@require_GET
@requires("account.dashboard")
def dashboard(request):
    panel = dashboards.panel_for(request.user)
    return render(request, "core/dashboard.html", {"panel": panel})


@require_GET
@requires("audit.view")
def audit_log(request):
    page = Paginator(AuditEvent.objects.select_related("actor").order_by("-id"), 50).get_page(request.GET.get("page"))
    return render(request, "core/audit_log.html", {"page": page})
