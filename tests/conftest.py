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


# Shipped reference lists no test changes for good: about 84,000 villages, the KBKI codes, the holidays.
REFERENCE_TABLES = frozenset({
    "regions_province", "regions_regency", "regions_district", "regions_village", "catalogue_kbki", "core_holiday",
})


@pytest.fixture(scope="session", autouse=True)
def _flush_keeps_reference_data():
    """A transactional test ends with Django's `flush`, which empties every table; the apps then reload their
    reference lists (core/reference_data.py), about six seconds per test on PostgreSQL. The suite's flush leaves
    those lists in place instead: nothing references a test's rows from them, so emptying the rest is enough.
    `katalog flush` outside the tests is Django's own, and tests/regions and tests/core prove the reload."""
    from django.core.management.commands import flush  # the suite's settings are loaded only now

    from katalog.catalogue.search.engine_sqlite import FTS as SQLITE_FTS

    original = flush.sql_flush

    def sql_flush_keeping_reference_data(style, connection, reset_sequences=True, allow_cascade=False):
        tables = [table for table in connection.introspection.django_table_names(only_existing=True, include_views=False)
                  if table not in REFERENCE_TABLES]
        statements = connection.ops.sql_flush(style, tables, reset_sequences=reset_sequences,
                                              allow_cascade=allow_cascade)
        # SQLite's full-text index is a virtual table no model owns, so a flush leaves it full. With the id
        # sequences reset, the next test's product gets the same id and row id as an old one, whose words the
        # index still holds: a search then finds the old product's words, not the new one's.
        if connection.vendor == "sqlite" and SQLITE_FTS in connection.introspection.table_names():
            statements.append(f"INSERT INTO {SQLITE_FTS}({SQLITE_FTS}) VALUES('delete-all')")
        return statements

    flush.sql_flush = sql_flush_keeping_reference_data
    yield
    flush.sql_flush = original


@pytest.fixture(autouse=True)
def _fast_password_hashing(request, settings):
    """Factories give every person a real password, and Argon2 costs about half a second per hash here.
    Tests marked `real_password_hashing` keep the configured hashers (Argon2 first)."""
    if request.node.get_closest_marker("real_password_hashing") is None:
        settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _page_cache_off(request, settings):
    """The page cache's version rises when a transaction commits, and a test's transaction never does: a page
    cached early in a test would hide what the test changed. Tests marked `page_cache` (tests/core/
    test_pagecache.py, on committed transactions) keep it on, with an empty cache."""
    if request.node.get_closest_marker("page_cache") is None:
        settings.KATALOG_PAGE_CACHE = {**settings.KATALOG_PAGE_CACHE, "enabled": False}
        yield
        return
    from django.core.cache import cache

    from katalog.core.pagecache import forget_shared

    cache.clear()
    forget_shared()
    yield
    cache.clear()
    forget_shared()


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
