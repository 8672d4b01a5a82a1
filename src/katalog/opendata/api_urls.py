"""/api/v1/: django-ninja's routes, each passed through the gateway (token, rate limit, error shape), the
docs page, and a JSON 404 for every other address under /api/v1/."""

from django.urls import path, re_path

from . import views_api
from .api.gateway import gateway
from .api.main import api

app_name = "api-v1"

_patterns, _app_name, _namespace = api.urls
for _pattern in _patterns:
    if _pattern.name == "api-root":
        _pattern.callback = gateway(views_api.api_root)
    else:
        _pattern.callback = gateway(_pattern.callback)

urlpatterns = [
    *_patterns,
    path("docs", gateway(views_api.api_docs), name="docs"),
    re_path(r"^.*$", gateway(views_api.api_not_found), name="not_found"),
]
