"""The site's addresses plus one page that makes a real write conflict no service retries
(tests/core/test_conflict_safety_net.py)."""

from django.http import HttpResponse
from django.urls import path

from katalog.urls import urlpatterns as site

from .test_conflict_safety_net import write_conflict


def conflicting_page(request, pk: int):
    write_conflict(pk)
    return HttpResponse("UJI-TERSIMPAN")


urlpatterns = [path("uji-konflik/<int:pk>/", conflicting_page), *site]
