import os
import shutil

import pytest

# Playwright's sync API runs an event loop in the test thread; Django's guard
# against ORM calls from async code would otherwise refuse the test's own queries.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings_parallel_suffix):
    """On PostgreSQL the audit table refuses TRUNCATE (core migration 0003) unless the session allows it:
    the test database's sessions do, so that pytest-django can empty the tables after transactional tests."""
    from django.conf import settings

    database = settings.DATABASES["default"]
    if database["ENGINE"] == "django.db.backends.postgresql":
        options = database.setdefault("OPTIONS", {})
        options["options"] = (options.get("options", "") + " -c katalog.allow_audit_truncate=on").strip()


@pytest.fixture(autouse=True)
def _fast_password_hashing(request, settings):
    """Factories give every person a real password, and Argon2 costs about half a second per hash here.
    Tests marked `real_password_hashing` keep the configured hashers (Argon2 first)."""
    if request.node.get_closest_marker("real_password_hashing") is None:
        settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _no_personal_identifier_in_logs():
    """Fails a test whose log lines hold a NIK, NPWP or bank account number (tests/log_privacy.py)."""
    from tests.log_privacy import LogPrivacyScanner

    scanner = LogPrivacyScanner()
    scanner.start()
    yield scanner
    scanner.stop()
    findings = scanner.findings()
    if findings:
        pytest.fail("Personal identifier in the log:\n" + "\n".join(findings), pytrace=False)


@pytest.fixture
def generous_rate_limits(settings):
    """Empty rate-limit windows and limits no test reaches by accident (tests/opendata/test_api_limits.py
    sets its own)."""
    from django.core.cache import cache

    cache.clear()
    settings.KATALOG_RULES = {**settings.KATALOG_RULES, "api_rate_limit_anonymous": 100_000,
                              "api_rate_limit_token": 100_000}
    yield
    cache.clear()


@pytest.fixture
def password():
    from tests.factories import PASSWORD

    return PASSWORD


# --- Browser harness -----------------------------------------------------------------
# Playwright (Python) driving Debian's chromium against pytest-django's live server; never a
# browser download (.ci/run installs the `chromium` package). One Playwright per test process:
# the sync API refuses a second one while the first runs, so every browser test shares these.

CHROMIUM = os.environ.get("KATALOG_CHROMIUM", "/usr/bin/chromium")


@pytest.fixture(scope="session")
def browser():
    if not shutil.which(CHROMIUM) and not os.path.exists(CHROMIUM):
        pytest.fail(f"Debian's chromium is missing at {CHROMIUM}: apt-get install chromium (as .ci/run does).")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-background-networking", "--disable-gpu", "--disable-dev-shm-usage"],
        )
        yield browser
        browser.close()


@pytest.fixture
def phone(browser):
    """A 360-px wide phone screen, as most UMKM owners and many officers will use."""
    context = browser.new_context(viewport={"width": 360, "height": 740}, locale="id-ID", is_mobile=True, has_touch=True)
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


@pytest.fixture
def desktop(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 800}, locale="id-ID")
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()
