"""One base for every app's domain errors, answered once: a page with the message, or the API's error shape."""

import json

import pytest
from django.contrib.auth.models import AnonymousUser
from django.test import RequestFactory
from ninja import NinjaAPI
from ninja.testing import TestClient

from katalog.agencies.services import AccountError
from katalog.catalogue.errors import CatalogueError
from katalog.catalogue.errors import ChangedBySomeoneElse as ProductChanged
from katalog.catalogue.states import IllegalTransition as ProductIllegalTransition
from katalog.core.errors import DomainError
from katalog.core.middleware import DomainErrorMiddleware
from katalog.core.spreadsheets import SpreadsheetError
from katalog.jobs.errors import JobFailed
from katalog.monitoring.services import MonitoringError
from katalog.monitoring.worklist import WorklistError
from katalog.opendata.api.errors import install
from katalog.opendata.services import TokenError
from katalog.purchasing.errors import ChangedBySomeoneElse as OrderChanged
from katalog.purchasing.errors import PurchasingError
from katalog.suppliers.services import SupplierError
from katalog.suppliers.states import IllegalTransition as SupplierIllegalTransition

APP_ERRORS = [AccountError, CatalogueError, ProductIllegalTransition, SpreadsheetError, JobFailed, MonitoringError,
              WorklistError, TokenError, PurchasingError, SupplierError, SupplierIllegalTransition]


@pytest.mark.parametrize("error", APP_ERRORS, ids=[e.__module__ + "." + e.__name__ for e in APP_ERRORS])
def test_every_apps_error_is_a_domain_error(error):
    assert issubclass(error, DomainError)
    assert str(error("Pesan untuk pengguna.")) == "Pesan untuk pengguna."


def test_a_spreadsheet_error_is_still_a_value_error():
    assert issubclass(SpreadsheetError, ValueError)
    assert SpreadsheetError("Baris rusak.", row=3).row == 3


def test_a_conflict_answers_409_and_a_refusal_400():
    assert OrderChanged().http_status == ProductChanged().http_status == 409
    assert SupplierError("x").http_status == MonitoringError("x").http_status == 400


@pytest.mark.django_db
def test_an_uncaught_domain_error_becomes_a_page_with_its_message():
    request = RequestFactory().get("/")
    request.user = AnonymousUser()
    response = DomainErrorMiddleware(lambda r: None).process_exception(request, SupplierError("NIB sudah terdaftar."))
    assert response.status_code == 400
    assert "NIB sudah terdaftar." in response.content.decode()
    assert DomainErrorMiddleware(lambda r: None).process_exception(request, ValueError("x")) is None


def test_an_uncaught_domain_error_in_the_api_gets_the_error_shape():
    api = NinjaAPI(urls_namespace="domain-error-test")
    install(api)

    @api.get("/refused")
    def refused(request):
        raise MonitoringError("Target harus bilangan bulat 0 sampai 100.")

    @api.get("/changed")
    def changed(request):
        raise OrderChanged()

    client = TestClient(api)
    refused_response = client.get("/refused")
    assert refused_response.status_code == 400
    body = json.loads(refused_response.content)
    assert body["error"]["message"] == "Target harus bilangan bulat 0 sampai 100." and body["error"]["code"] == "bad_request"
    assert client.get("/changed").status_code == 409


def test_every_apps_busy_error_is_a_409_of_its_app_that_says_to_send_again():
    from katalog.agencies.services import Busy as AccountBusy
    from katalog.catalogue.errors import Busy as CatalogueBusy
    from katalog.core.errors import WriteConflict
    from katalog.jobs.errors import Busy as JobBusy
    from katalog.monitoring.services import Busy as MonitoringBusy
    from katalog.monitoring.worklist import Busy as WorklistBusy
    from katalog.opendata.services import Busy as TokenBusy
    from katalog.purchasing.errors import Busy as PurchasingBusy
    from katalog.suppliers.services import Busy as SupplierBusy

    for busy, base in [(AccountBusy, AccountError), (CatalogueBusy, CatalogueError), (JobBusy, JobFailed),
                       (MonitoringBusy, MonitoringError), (WorklistBusy, WorklistError), (TokenBusy, TokenError),
                       (PurchasingBusy, PurchasingError), (SupplierBusy, SupplierError)]:
        assert issubclass(busy, base) and issubclass(busy, WriteConflict), busy
        assert busy().http_status == 409, busy
        assert str(busy()).endswith("Kirim ulang sebentar lagi."), busy
