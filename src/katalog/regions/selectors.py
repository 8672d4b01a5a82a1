"""Reads of region data used across the apps."""

from django.conf import settings

from .models import District, Regency, Village


def home_regency() -> Regency:
    """The kabupaten/kota this installation serves (settings.KATALOG_REGION)."""
    return Regency.objects.select_related("province").get(code=settings.KATALOG_REGION)


def home_districts():
    return District.objects.filter(regency_id=settings.KATALOG_REGION).order_by("code")


def home_villages():
    return Village.objects.filter(district__regency_id=settings.KATALOG_REGION).order_by("code")


def is_home_region(regency_code: str | None) -> bool:
    return regency_code == settings.KATALOG_REGION
