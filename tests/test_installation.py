"""The installation as a new user meets it: the console script, settings from the environment, SQLite's set-up."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
KATALOG = Path(sys.executable).with_name("katalog")


def run(args, **env):
    environment = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "DJANGO_SETTINGS_MODULE", "DJANGO_ALLOW_ASYNC_UNSAFE")}
    environment.update(env)
    return subprocess.run(args, cwd=ROOT, env=environment, capture_output=True, text=True, timeout=300)


@pytest.fixture(scope="module")
def fresh_sqlite(tmp_path_factory):
    folder = tmp_path_factory.mktemp("install")
    env = {"DATABASE_URL": f"sqlite:///{folder / 'katalog.sqlite3'}", "KATALOG_VAR_DIR": str(folder)}
    result = run([str(KATALOG), "migrate", "--noinput", "-v0"], **env)
    assert result.returncode == 0, result.stderr
    return env


def test_production_settings_pass_the_deployment_check():
    result = run(
        [str(KATALOG), "check", "--deploy", "--fail-level", "WARNING"],
        KATALOG_PRODUCTION="1", SECRET_KEY="k" * 20 + "-production-secret-" + "x9Y" * 10,
        ALLOWED_HOSTS="katalog.lampungutarakab.go.id", DATABASE_URL="sqlite:////tmp/katalog-deploy-check.sqlite3",
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_production_refuses_to_start_without_a_secret_key():
    result = run([str(KATALOG), "check"], KATALOG_PRODUCTION="1", SECRET_KEY="")
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_commands_work_with_hyphens_through_katalog_and_manage_py(fresh_sqlite):
    for command in ([str(KATALOG), "load-regions"], [sys.executable, "manage.py", "load-regions"]):
        result = run(command, **fresh_sqlite)
        assert result.returncode == 0, result.stderr
        assert "villages: 83,762" in result.stdout


def test_sqlite_runs_in_wal_mode_with_foreign_keys_and_a_busy_timeout(fresh_sqlite):
    script = (
        "from django.db import connection\n"
        "c = connection.cursor()\n"
        "print([c.execute(f'PRAGMA {p}').fetchone()[0] for p in ('journal_mode', 'foreign_keys', 'busy_timeout')])\n"
        "print(connection.transaction_mode)\n"
    )
    result = run([str(KATALOG), "shell", "-v0", "-c", script], **fresh_sqlite)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["['wal',", "1,", "20000]", "IMMEDIATE"]


def test_region_setting_chooses_the_kabupaten(fresh_sqlite):
    script = "from katalog.regions.selectors import home_regency, home_districts\nprint(home_regency().name, home_districts().count())"
    result = run([str(KATALOG), "shell", "-v0", "-c", script], KATALOG_REGION="18.71", **fresh_sqlite)
    assert result.stdout.strip() == "Kota Bandar Lampung 20"
