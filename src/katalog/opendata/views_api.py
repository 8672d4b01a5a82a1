"""Pages around the API: the interactive documentation, the JSON index and 404, and each person's tokens."""

from __future__ import annotations

import datetime
import json

from django.contrib import messages
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from katalog.core.permissions import requires

from . import forms, services
from .api.access import REGISTRY, holders
from .api.errors import error_response
from .models import ApiToken
from .api.main import api

# The docs page runs Swagger UI from the files django-ninja ships (static/ninja/), so it works offline (no CDN).
# It needs no CSP exception: its scripts are static files, its settings a JSON data block (not executed), and
# Swagger UI sets styles through the DOM, which style-src 'self' allows. tests/opendata/test_api_docs_browser.py
# opens it in chromium under the site-wide policy and fails on any CSP violation, so if a Swagger UI upgrade
# starts needing inline styles, that test says so before users do; only then give this one view its own
# Content-Security-Policy header (the middleware keeps a header a view has set).


def _operations() -> list[dict]:
    """Every operation from the OpenAPI document, for the page's no-JavaScript list."""
    schema = api.get_openapi_schema(path_params={})
    out = []
    for route, methods in schema["paths"].items():
        for method, spec in methods.items():
            permission, scope = REGISTRY.get(spec.get("operationId", ""), ("", None))
            out.append({"method": method.upper(), "path": route, "summary": spec.get("summary", ""),
                        "permission": permission, "roles": ", ".join(holders(permission)) if permission else "",
                        "scope": scope or ""})
    return out


@require_GET
def api_docs(request):
    """Interactive documentation (Swagger UI, served locally); the operation list works without JavaScript."""
    openapi_url = reverse("api-v1:openapi-json")
    settings_json = json.dumps({"url": openapi_url, "layout": "BaseLayout", "deepLinking": True,
                                "validatorUrl": None, "persistAuthorization": False})
    return render(request, "opendata/api_docs.html", {
        "openapi_url": openapi_url, "swagger_settings": settings_json, "operations": _operations(),
    })


def api_root(request, **kwargs):
    return JsonResponse({
        "name": "Katalog Lokal API", "version": "1",
        "openapi": reverse("api-v1:openapi-json"), "docs": reverse("api-v1:docs"),
        "opendata": reverse("opendata:ocds_index"),
    })


def api_not_found(request, **kwargs):
    return error_response(404, _("Alamat API ini tidak ada. Daftar alamat: %(docs)s") % {
        "docs": reverse("api-v1:docs")})


# --- personal tokens -----------------------------------------------------------------------------


@never_cache
@require_http_methods(["GET", "POST"])
@requires("api.tokens")
def token_list(request):
    """Each person's own tokens: create (the token is shown once), see when each was last used, revoke."""
    form = forms.TokenForm(request.POST or None)
    created = None
    if request.method == "POST" and form.is_valid():
        expires_on = form.cleaned_data.get("expires_on")
        expires_at = (timezone.make_aware(datetime.datetime.combine(expires_on, datetime.time(23, 59, 59)))
                      if expires_on else None)
        try:
            token, raw = services.token_create(user=request.user, name=form.cleaned_data["name"],
                                               scopes=form.cleaned_data["scopes"], expires_at=expires_at)
        except services.TokenError as error:
            form.add_error(None, str(error))
        else:
            created = {"token": token, "raw": raw}
            form = forms.TokenForm()
    tokens = ApiToken.objects.filter(user=request.user).order_by("revoked_at", "-created_at", "-id")
    return render(request, "opendata/tokens.html", {
        "form": form, "tokens": tokens, "created": created, "now": timezone.now(),
        "docs_url": reverse("api-v1:docs"),
    })


@require_POST
@requires("api.tokens")
def token_revoke(request, pk: int):
    token = get_object_or_404(ApiToken, pk=pk, user=request.user)  # someone else's token: 404
    services.token_revoke(token=token, actor=request.user)
    messages.success(request, _("Token “%(name)s” dicabut; token itu tidak dapat dipakai lagi.") % {"name": token.name})
    return redirect("opendata:tokens")
