"""Production switches that operations rely on (docs/operations.md)."""

import importlib

import pytest


@pytest.fixture
def reload_settings(monkeypatch):
    import katalog.settings as shipped

    def load(**env):
        for name, value in env.items():
            monkeypatch.setenv(name, value)
        return importlib.reload(shipped)

    yield load
    monkeypatch.undo()
    importlib.reload(shipped)


def test_a_shared_database_cache_is_one_switch_away(reload_settings):
    own = reload_settings(KATALOG_CACHE="")
    assert own.CACHES["default"]["BACKEND"] == "django.core.cache.backends.locmem.LocMemCache"
    shipped = reload_settings(KATALOG_CACHE="database")
    assert shipped.CACHES["default"]["BACKEND"] == "django.core.cache.backends.db.DatabaseCache"
    assert shipped.CACHES["default"]["LOCATION"] == "katalog_cache"


def test_the_cache_holds_more_than_a_round_of_search_pages(reload_settings):
    # 20 search pages of 26 items each (page, facet panel, 24 card faces) did not fit Django's default of 300.
    assert reload_settings().CACHES["default"]["OPTIONS"]["MAX_ENTRIES"] >= 20 * 26
    assert reload_settings(KATALOG_CACHE="database").CACHES["default"]["OPTIONS"]["MAX_ENTRIES"] >= 20 * 26
    assert reload_settings(KATALOG_CACHE_ENTRIES="800").CACHES["default"]["OPTIONS"]["MAX_ENTRIES"] == 800


def test_sessions_live_in_the_shared_database(reload_settings):
    assert reload_settings().SESSION_ENGINE == "django.contrib.sessions.backends.db"


def test_json_logs_are_one_switch_away(reload_settings):
    shipped = reload_settings(LOG_FORMAT="json")
    assert shipped.LOGGING["handlers"]["console"]["formatter"] == "json"
    assert reload_settings(LOG_FORMAT="").LOGGING["handlers"]["console"]["formatter"] == "line"


def test_production_turns_on_two_factor_https_and_the_health_exemption(reload_settings):
    shipped = reload_settings(KATALOG_PRODUCTION="1", SECRET_KEY="s" * 64, DEBUG="")
    assert shipped.KATALOG_REQUIRE_2FA is True
    assert shipped.SECURE_SSL_REDIRECT is True and shipped.SECURE_REDIRECT_EXEMPT == [r"^healthz$"]
    assert shipped.SESSION_COOKIE_SECURE and shipped.CSRF_COOKIE_SECURE


def test_deploy_check_is_clean_in_production(tmp_path):
    import subprocess
    import sys

    from tests.security.conftest import REPO

    env = {
        "PATH": "/usr/bin:/bin", "KATALOG_PRODUCTION": "1", "SECRET_KEY": "d" * 20 + "-Katalog-Lokal-" + "q" * 40,
        "ALLOWED_HOSTS": "katalog.example.go.id", "KATALOG_VAR_DIR": str(tmp_path), "DATABASE_URL": f"sqlite:///{tmp_path}/x.sqlite3",
    }
    result = subprocess.run([sys.executable, "-m", "katalog.cli", "check", "--deploy", "--fail-level", "WARNING"],
                            env=env, cwd=REPO, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
    env["KATALOG_REQUIRE_2FA"] = "0"
    result = subprocess.run([sys.executable, "-m", "katalog.cli", "check", "--deploy", "--fail-level", "WARNING"],
                            env=env, cwd=REPO, capture_output=True, text=True, timeout=120)
    assert result.returncode != 0 and "katalog.W001" in result.stderr + result.stdout


@pytest.mark.real_password_hashing
@pytest.mark.django_db
def test_passwords_are_stored_with_argon2():
    from tests.factories import PASSWORD, make_user

    user = make_user("auditor")
    assert user.password.startswith("argon2$") and user.check_password(PASSWORD)
