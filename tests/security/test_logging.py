"""No personal identifier in any log line, error e-mail or error report (UU 27/2022)."""

import json
import logging

import pytest
from django.core import mail
from django.urls import reverse

from katalog.core.logging import JsonLinesFormatter, PersonalDataFilter, mask_text
from katalog.core.roles import Role
from tests.factories import PASSWORD, make_user

NIK = "3201234567890001"
NPWP = "012345678901234"
NPWP_DOTTED = "01.234.567.8-901.234"
BANK = "0123-01-000123-30-1"
BANK_PLAIN = "1234567890"
IDENTIFIERS = (NIK, NPWP, NPWP_DOTTED, BANK, BANK_PLAIN, "123456789")  # the last: a digit run inside BANK_PLAIN


def assert_no_identifier(text: str):
    for identifier in IDENTIFIERS:
        assert identifier not in text, f"{identifier} found in: {text[:500]}"


def all_logged(caplog) -> str:
    lines = [caplog.text]
    for record in caplog.records:
        lines.append(record.getMessage())
        lines.append(record.exc_text or "")
        lines.extend(str(v) for k, v in vars(record).items() if k not in {"request", "exc_info"})
    return "\n".join(lines)


@pytest.mark.parametrize("text, expected", [
    (f"nik={NIK}", "nik=************0001"),
    (f"NPWP {NPWP}", "NPWP ***********1234"),
    (f"NPWP {NPWP_DOTTED}", "NPWP **.***.***.*-**1.234"),
    (f"rekening {BANK}", "rekening ****-**-*****3-30-1"),
    (f"rekening {BANK_PLAIN}", "rekening ******7890"),
    (f"/penyedia/{NIK}/", "/penyedia/************0001/"),
    ("password=rahasia-ku&next=/", "password=********&next=/"),
])
def test_identifiers_and_secrets_are_masked_in_free_text(text, expected):
    assert mask_text(text) == expected
    assert mask_text(expected) == expected


@pytest.mark.parametrize("text", [
    "2026-03-17 10:22:33,581", "EP-2026-000123", "127.0.0.1", "192.168.100.200", "Rp1.250.000", "order #123456789",
    "027/001/SP/Disdik/III/2026",
])
def test_dates_addresses_and_order_numbers_are_left_alone(text):
    assert mask_text(text) == text


def test_the_filter_masks_message_arguments_traceback_and_extras():
    logger = logging.getLogger("katalog.test")
    try:
        raise ValueError(f"(npwp)=({NPWP}) already exists")
    except ValueError as error:
        record = logger.makeRecord(
            "katalog.test", logging.ERROR, __file__, 1, "supplier %s bank %s", (NIK, BANK), (ValueError, error, None),
            extra={"bank_account_number": BANK_PLAIN, "detail": {"owner": f"nik {NIK}"}},
        )
    assert PersonalDataFilter().filter(record) is True
    formatted = logging.Formatter("%(message)s %(bank_account_number)s %(detail)s").format(record)
    assert_no_identifier(formatted)
    assert "************0001" in formatted and "already exists" in formatted


def test_json_lines_are_one_valid_object_per_record_without_identifiers():
    record = logging.getLogger("katalog.test").makeRecord(
        "katalog.test", logging.WARNING, __file__, 1, "login gagal untuk %s", (NIK,), None, extra={"ip": "10.0.0.1"},
    )
    PersonalDataFilter().filter(record)
    line = JsonLinesFormatter().format(record)
    assert "\n" not in line
    entry = json.loads(line)
    assert entry["level"] == "WARNING" and entry["logger"] == "katalog.test" and entry["ip"] == "10.0.0.1"
    assert entry["message"] == "login gagal untuk ************0001"
    assert entry["time"].endswith("+00:00")


def test_settings_install_the_filter_first_on_every_handler(settings):
    for name, handler in settings.LOGGING["handlers"].items():
        assert handler["filters"][0] == "personal_data", name
    assert settings.DEFAULT_EXCEPTION_REPORTER_FILTER == "katalog.core.logging.KatalogExceptionReporterFilter"
    for handler in logging.getLogger().handlers + logging.getLogger("django").handlers:
        if type(handler).__module__.startswith("_pytest") or type(handler).__module__ == "tests.log_privacy":
            continue  # capture handlers of the test run, not the installation's
        assert any(isinstance(f, PersonalDataFilter) for f in handler.filters), handler


@pytest.mark.django_db
def test_representative_flows_leave_no_identifier_in_the_logs(client, caplog):
    caplog.set_level(logging.DEBUG)
    user = make_user(Role.PP)
    # A person types their NIK as the user name, then the right one with a wrong password, then logs in.
    client.post(reverse("login"), {"username": NIK, "password": PASSWORD})
    client.post(reverse("login"), {"username": user.username, "password": f"salah-{NPWP}"})
    client.post(reverse("login"), {"username": user.username, "password": PASSWORD})
    client.get(reverse("dashboard"))
    # A URL with an identifier in it (a 404 is logged with its path) and one in the query string.
    client.get(f"/penyedia/{NIK}/tidak-ada/?npwp={NPWP_DOTTED}&rekening={BANK}")
    client.post(reverse("logout"))
    # A registration step posted with the owner's identifiers, whatever the form then says.
    client.post(reverse("suppliers:register_step", args=["usaha"]), {
        "owner_nik": NIK, "npwp": NPWP, "bank_account_number": BANK_PLAIN, "owner_name": "Siti Rahma",
    })
    # A business owner with two-factor logs in, downloads their own data, and someone hammers their account.
    from katalog.suppliers.models import Supplier
    from tests.agencies.helpers import code_for, enrol

    owner = make_user(Role.SUPPLIER)
    Supplier.objects.filter(pk=owner.supplier_id).update(owner_nik=NIK, npwp=NPWP, bank_account_number=BANK_PLAIN)
    enrol(owner)
    client.post(reverse("login"), {"username": owner.username, "password": PASSWORD})
    client.post(reverse("accounts:login_verify"), {"code": code_for(owner)})
    client.post(reverse("accounts:personal_data_download"))
    client.post(reverse("logout"))
    for _ in range(6):
        client.post(reverse("login"), {"username": owner.username, "password": f"x{NIK}"})
    logged = all_logged(caplog)
    assert "Not Found" in logged  # the 404 was logged, masked
    assert_no_identifier(logged)


@pytest.mark.django_db
@pytest.mark.urls("tests.security.boom_urls")
def test_error_emails_hide_posted_identifiers_variables_and_the_exception_text(client, caplog, settings):
    settings.ADMINS = [("Admin", "admin@example.test")]
    client.raise_request_exception = False
    response = client.post(reverse("test_failing_view"), {
        "owner_nik": NIK, "npwp": NPWP_DOTTED, "bank_account_number": BANK, "password": "rahasia-ku", "note": f"nik {NIK}",
    })
    assert response.status_code == 500
    assert len(mail.outbox) == 1
    email = mail.outbox[0]
    body = email.subject + email.body + "".join(str(a[0]) for a in email.alternatives)
    assert "duplicate key value" in body  # the report is still useful...
    assert "rahasia-ku" not in body
    assert_no_identifier(body)  # ...without the personal data
    assert_no_identifier(all_logged(caplog))


@pytest.mark.django_db
def test_the_suite_wide_log_scanner_finds_an_identifier_that_slips_past_masking(_no_personal_identifier_in_logs):
    """The scanner that checks every test's log lines (tests/log_privacy.py) sees what the handler writes:
    a masked NIK passes, the NPWP of a supplier saved in the test is found in its printed form."""
    from tests.factories import make_supplier
    from tests.log_privacy import printed_forms

    scanner = _no_personal_identifier_in_logs
    make_supplier(npwp=NPWP)
    logging.getLogger("katalog.test").warning("Penyedia dengan NIK %s", NIK)  # masked by the handler's filter
    assert scanner.findings() == []
    assert NPWP_DOTTED in printed_forms(NPWP)
    collector = scanner.collectors[0][1]
    collector.lines.append(f"npwp {NPWP_DOTTED} tanpa penyamaran")  # as if a handler lost its filter
    collector.lines.append(f"nik {NIK}")
    found = scanner.findings()
    collector.lines[-2:] = []
    assert found == ["npwp <identitas> tanpa penyamaran", "nik <identitas>"]
