"""A write conflict in a supplier, catalogue or monitoring service is run once more; a second one in a row is
answered on the page with the message to send again (the app's `Busy`, a core.errors.WriteConflict), never a 500,
and nothing is saved.

The conflicts are real, made as in tests/purchasing/test_conflict_retry.py: on PostgreSQL another transaction
holds the actor's account row (then the audit chain's lock) and asks for the row the request locked first, a
deadlock PostgreSQL refuses the request for; on SQLite another connection holds the write lock past the busy
timeout. Each request is a person's: the test client posts the page's form in its own thread.
"""

from __future__ import annotations

import pytest
from django.db import connection
from django.urls import reverse

from katalog.catalogue.models import Product
from katalog.core.roles import Role
from katalog.monitoring.models import Flag
from katalog.monitoring.states import FlagOutcome, FlagStatus
from katalog.suppliers.models import Supplier
from tests.factories import make_agency, make_category, make_product, make_supplier, make_user
from tests.purchasing.test_concurrency import file_database  # noqa: F401 (a fixture: threads need a file on SQLite)
from tests.purchasing.test_conflict_retry import (  # noqa: F401 (fixtures, the request and how it is run)
    Request, conflicts, run_against_conflicts, short_busy_timeout,
)

pytestmark = pytest.mark.django_db(transaction=True)

BUSY = "Kirim ulang sebentar lagi."  # the end of core.errors.WriteConflict's message


def supplier_review() -> Request:
    """suppliers: a catalogue manager starts checking an application (supplier_start_review)."""
    supplier = make_supplier(status=Supplier.Status.SUBMITTED)
    manager = make_user(Role.CATALOGUE_MANAGER)
    return Request(
        user=manager, url=reverse("suppliers:verification_action", args=[supplier.pk, "start_review"]), data={},
        locked_first=supplier, saved=Supplier.objects.filter(pk=supplier.pk, status=Supplier.Status.IN_REVIEW),
        success="Anda mulai memeriksa usaha ini.")


def product_submit() -> Request:
    """catalogue: a supplier sends a draft product to verification (product_transition)."""
    supplier = make_supplier()
    seller = make_user(Role.SUPPLIER, supplier=supplier)
    product = make_product(supplier, make_category("Kopi"), name="Kopi bubuk robusta", status=Product.Status.DRAFT)
    return Request(
        user=seller, url=reverse("catalogue:my_product_action", args=[product.pk]), data={"action": "submit"},
        locked_first=product, saved=Product.objects.filter(pk=product.pk).exclude(status=Product.Status.DRAFT),
        success="Status produk:")


def flag_review() -> Request:
    """monitoring: an auditor reviews a flag (flags_review)."""
    auditor = make_user(Role.AUDITOR)
    flag = Flag.objects.create(kind=Flag.Kind.values[0], key="uji-konflik", reason="Uji konflik.",
                               agency=make_agency())
    return Request(
        user=auditor, url=reverse("monitoring:flags_review"),
        data={"tanda": [flag.pk], "outcome": FlagOutcome.DISMISSED, "note": "Pembelian wajar, sudah diperiksa."},
        locked_first=flag, saved=Flag.objects.filter(pk=flag.pk).exclude(status=FlagStatus.OPEN),
        success="1 tanda ditelaah.")


CASES = [supplier_review, product_submit, flag_review]


def test_a_conflict_is_run_once_more_and_the_change_is_saved(short_busy_timeout, conflicts, caplog):  # noqa: F811
    for case in CASES:
        request, response, log = run_against_conflicts(case, 1, conflicts, caplog)
        assert response.status_code == 200, case.__name__
        assert request.success in response.content.decode(), case.__name__
        assert request.saved.count() == 1, case.__name__
        assert "retrying once" in log and "again" not in log, (case.__name__, log)
        assert ("40P01" if connection.vendor == "postgresql" else "busy") in log, case.__name__


def test_a_second_conflict_in_a_row_says_to_send_again_and_saves_nothing(short_busy_timeout, conflicts,  # noqa: F811
                                                                        caplog):
    for case in CASES:
        request, response, log = run_against_conflicts(case, 2, conflicts, caplog)
        assert response.status_code == 200, case.__name__  # the page with the message, never a 500
        page = response.content.decode()
        assert BUSY in page and request.success not in page, case.__name__
        assert request.saved.count() == 0, case.__name__
        assert "retrying once" in log and "again, refused" in log, (case.__name__, log)
