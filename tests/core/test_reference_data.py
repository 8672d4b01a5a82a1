"""Shipped reference lists come back after Django's flush empties them (core/reference_data.py): the suite's own
flush keeps them (tests/conftest.py), so this proves the reload that a real `katalog flush` relies on."""

import pytest
from django.core.management.sql import emit_post_migrate_signal

from katalog.catalogue.models import Category, Kbki
from katalog.core.models import Holiday
from katalog.regions.models import District, Province, Regency, Village


@pytest.mark.django_db
def test_regions_kbki_and_holidays_are_reloaded_when_a_flush_left_them_empty():
    shipped = {model: model.objects.count() for model in (Province, Regency, District, Village, Kbki, Holiday)}
    assert all(shipped.values())
    Category.objects.all().delete()  # categories point at KBKI codes; a flush empties them too
    for model in (Village, District, Regency, Province, Kbki, Holiday):
        model.objects.all().delete()

    emit_post_migrate_signal(verbosity=0, interactive=False, db="default")

    assert {model: model.objects.count() for model in shipped} == shipped
