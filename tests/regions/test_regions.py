import time

import pytest
from django.core.management import call_command

from katalog.regions.loader import load_regions
from katalog.regions.models import District, Province, Regency, Village
from katalog.regions.selectors import home_districts, home_regency, home_villages


@pytest.mark.django_db
def test_every_region_of_indonesia_is_installed():
    assert Province.objects.count() == 38
    assert Regency.objects.count() == 514
    assert District.objects.count() == 7285
    assert Village.objects.count() == 83762


@pytest.mark.django_db
def test_lampung_utara_has_its_23_kecamatan_and_247_villages():
    assert home_regency().name == "Kabupaten Lampung Utara"
    assert home_districts().count() == 23
    assert home_districts().first().name == "Bukit Kemuning"
    villages = list(home_villages())
    assert len(villages) == 247
    assert sum(v.is_kelurahan for v in villages) == 15


@pytest.mark.django_db
def test_reloading_regions_restores_names_and_adds_nothing_twice():
    Village.objects.filter(code="18.03.02.1001").update(name="salah")
    counts = load_regions()
    assert counts["villages"] == 83762
    assert Village.objects.count() == 83762
    assert Village.objects.get(code="18.03.02.1001").name != "salah"


@pytest.mark.django_db
def test_load_regions_command_reports_what_it_loaded(capsys):
    call_command("load_regions")
    assert "villages: 83,762" in capsys.readouterr().out
