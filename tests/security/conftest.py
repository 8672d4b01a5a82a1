"""Fixtures for operations tests: fresh databases of the engine under test, and the `katalog` command."""

import os
import subprocess
import sys
import uuid
from pathlib import Path
from urllib.parse import quote

import pytest
from django.db import connection

REPO = Path(__file__).resolve().parents[2]


def _pg_url(settings_dict: dict, name: str) -> str:
    user = quote(settings_dict.get("USER") or "")
    password = quote(settings_dict.get("PASSWORD") or "")
    auth = f"{user}:{password}@" if password else (f"{user}@" if user else "")
    host = settings_dict.get("HOST") or "localhost"
    port = settings_dict.get("PORT") or "5432"
    return f"postgres://{auth}{host}:{port}/{name}"


@pytest.fixture
def new_database_url(tmp_path):
    """Make URLs of new, empty databases of the engine the suite runs on; PostgreSQL ones are dropped afterwards."""
    from katalog.core.backup import _pg_connect

    created = []
    settings_dict = dict(connection.settings_dict)

    def make(label: str) -> str:
        if connection.vendor == "sqlite":
            return f"sqlite:///{tmp_path / f'{label}.sqlite3'}"
        name = f"{settings_dict['NAME']}_{label}_{uuid.uuid4().hex[:8]}"[:63]
        with _pg_connect(settings_dict, dbname="postgres") as db:
            db.execute(f'CREATE DATABASE "{name}"')
        created.append(name)
        return _pg_url(settings_dict, name)

    yield make
    if created:
        with _pg_connect(settings_dict, dbname="postgres") as db:
            for name in created:
                db.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
def katalog_env(tmp_path):
    """An environment for `katalog` subprocesses that never touches the developer's var/ directory."""

    def make(database_url: str, **extra) -> dict:
        env = {k: v for k, v in os.environ.items() if not k.startswith(("KATALOG_TEST", "PYTEST_"))}
        var = tmp_path / "var"
        env.update({
            "DATABASE_URL": database_url, "KATALOG_VAR_DIR": str(var), "MEDIA_ROOT": str(var / "media"),
            "SECRET_KEY": "operations-test-" + "x" * 40, "DJANGO_SETTINGS_MODULE": "katalog.settings",
            "LOG_LEVEL": "WARNING",
        })
        env.update({k: str(v) for k, v in extra.items()})
        return env

    return make


def katalog(*args, env: dict, check: bool = True, timeout: int = 300) -> subprocess.CompletedProcess:
    result = subprocess.run(
        [sys.executable, "-m", "katalog.cli", *args], env=env, cwd=REPO, capture_output=True, text=True, timeout=timeout
    )
    if check and result.returncode != 0:
        raise AssertionError(f"katalog {' '.join(args)} exited {result.returncode}:\n{result.stdout}\n{result.stderr}")
    return result
