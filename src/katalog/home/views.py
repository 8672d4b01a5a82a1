"""The public home page and each person's own page: they show figures of several apps."""

from django.shortcuts import render
from django.views.decorators.http import require_GET

from katalog.core.pagecache import anonymous_page
from katalog.core.permissions import requires
from katalog.monitoring.public_figures import public_figures

from . import dashboards, selectors


@require_GET
@requires("site.public")
@anonymous_page
def home(request):
    return render(request, "home/home.html", {"figures": public_figures(), "featured": selectors.featured_products()})


@require_GET
@requires("account.dashboard")
def dashboard(request):
    panel = dashboards.panel_for(request.user)
    return render(request, "home/dashboard.html", {"panel": panel})
