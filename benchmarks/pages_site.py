"""The WSGI application benchmarks/pages.py serves: the project itself, plus two baseline views behind the
project's own middleware and context processors, so every page is measured against them on the same server.

    bare    /_patokan/kosong/   an HttpResponse, nothing else: the floor of Django + middleware + gunicorn
    twenty  /_patokan/dua-puluh/ 20 active products from the ORM (with their suppliers) in a template that
            extends base.html: what a page that lists products costs when it does nothing clever or wasteful
"""

import os

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "katalog.settings")

from django.conf import settings  # noqa: E402

settings.ROOT_URLCONF = __name__

from django.core.wsgi import get_wsgi_application  # noqa: E402

application = get_wsgi_application()

from django.http import HttpResponse  # noqa: E402
from django.shortcuts import render  # noqa: E402
from django.template import engines  # noqa: E402
from django.urls import include, path  # noqa: E402

from katalog.catalogue.models import Product  # noqa: E402

TWENTY = engines["django"].from_string(
    '{% extends "base.html" %}{% load katalog %}{% block content %}<ul>{% for p in products %}'
    '<li><a href="{% url "catalogue:product_detail" p.pk %}">{{ p.name }}</a> — {{ p.supplier.name }}, '
    "{{ p.price|rupiah }} / {{ p.unit }}</li>{% endfor %}</ul>{% endblock %}"
)


def bare(request):
    return HttpResponse("ok")


def twenty(request):
    products = Product.objects.filter(status="active").select_related("supplier").order_by("pk")[:20]
    return HttpResponse(TWENTY.render({"products": products}, request))


urlpatterns = [
    path("_patokan/kosong/", bare),
    path("_patokan/dua-puluh/", twenty),
    path("", include("katalog.urls")),
]
