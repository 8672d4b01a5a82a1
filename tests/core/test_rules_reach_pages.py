"""A rule changed in KATALOG_RULES changes every page that shows it: templates read rule values from context."""

import copy
from pathlib import Path

import pytest
from django.urls import reverse

from katalog.core.roles import Role
from katalog.core.rules import rule
from tests.factories import make_product, make_supplier, make_user

TEMPLATES = Path(__file__).resolve().parents[2] / "src" / "katalog" / "templates"


def _rules(settings, **changes):
    rules = copy.deepcopy(settings.KATALOG_RULES)
    rules.update(changes)
    settings.KATALOG_RULES = rules


def test_the_accessor_reads_the_setting(settings):
    _rules(settings, tkdn_minimum_percent=31)
    assert rule("tkdn_minimum_percent") == 31


@pytest.mark.django_db
@pytest.mark.parametrize(("minimum", "shown"), [(25, True), (28, False)])
def test_the_tkdn_tag_on_a_product_card_follows_the_minimum(client, settings, minimum, shown):
    _rules(settings, tkdn_minimum_percent=minimum)
    supplier = make_supplier()
    make_product(supplier=supplier, tkdn=27)
    html = client.get(reverse("suppliers:supplier_public", args=[supplier.pk])).content.decode()
    assert ("TKDN 27%" in html) is shown


@pytest.mark.django_db
def test_the_dashboard_legend_states_the_amber_margin_in_force(client, settings):
    _rules(settings, monitoring_amber_margin_percent=7)
    client.force_login(make_user(Role.LEADERSHIP))
    html = client.get(reverse("monitoring:dashboard")).content.decode()
    assert "kurang dari 7 poin di bawah target" in html


def test_no_template_compares_with_a_tkdn_threshold_written_as_a_number():
    for path in TEMPLATES.rglob("*.html"):
        text = path.read_text(encoding="utf-8")
        assert "tkdn >= 25" not in text and "tkdn >= 40" not in text and "10 poin" not in text, path
