"""`katalog healthcheck` and /healthz: database, migrations, the audit chain's tail, free disk."""

import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.urls import reverse

from katalog.core import health
from katalog.core.audit import record_event
from katalog.core.models import AuditEvent


@pytest.fixture(autouse=True)
def fresh_migration_check(monkeypatch):
    monkeypatch.setattr(health, "_migrations_known_applied", False)


def _healthcheck(*args) -> str:
    out = StringIO()
    call_command("healthcheck", *args, stdout=out)
    return out.getvalue()


@pytest.mark.django_db
def test_a_healthy_installation_gets_one_ok_line_per_check():
    record_event(actor=None, action="x")
    lines = _healthcheck().splitlines()
    assert [line.split(":")[0] for line in lines] == [
        "OK    basis data", "OK    migrasi", "OK    jejak audit", "OK    ruang disk",
    ]
    assert f"terhubung ({connection.vendor})" in lines[0]


@pytest.mark.django_db
def test_too_little_free_disk_fails_with_exit_code_one():
    with pytest.raises(CommandError) as failure:
        _healthcheck("--min-free-mb", str(10**12))
    assert failure.value.returncode == 1 and "ruang disk" in str(failure.value)


@pytest.mark.django_db
def test_an_unapplied_migration_fails_and_says_what_to_run():
    from django.db.migrations.loader import MigrationLoader

    # The newest migration of the app (an older one unapplied under an applied newer one is not a plan).
    [newest] = [name for app, name in MigrationLoader(connection).graph.leaf_nodes() if app == "agencies"]
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM django_migrations WHERE app = 'agencies' AND name = %s", [newest])
    check = health.check_migrations()
    assert not check.ok and f"agencies.{newest}" in check.detail and "katalog migrate" in check.detail


@pytest.mark.django_db
def test_a_broken_audit_tail_fails():
    events = [record_event(actor=None, action=f"e{i}") for i in range(3)]
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL session_replication_role = replica")
    AuditEvent.objects.filter(pk=events[1].pk).update(action="forged")
    with pytest.raises(CommandError):
        output = StringIO()
        call_command("healthcheck", stdout=output)
    check = health.check_audit_tail()
    assert not check.ok and f"#{events[1].pk}" in check.detail


@pytest.mark.django_db
def test_healthz_answers_anyone_with_names_only(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    body = response.json()
    assert body == {"status": "ok", "checks": {"database": "ok", "migrations": "ok", "audit": "ok", "disk": "ok"}}
    assert "no-store" in response["Cache-Control"]
    text = json.dumps(body)
    assert "/" not in text and "sqlite" not in text and "postgres" not in text  # no paths, no engine, no versions


@pytest.mark.django_db
def test_healthz_says_503_when_a_check_fails(client, settings):
    settings.KATALOG_HEALTH_MIN_FREE_MB = 10**12
    response = client.get(reverse("healthz"))
    assert response.status_code == 503
    assert response.json()["checks"]["disk"] == "fail" and response.json()["status"] == "fail"


@pytest.mark.django_db
def test_healthz_is_reachable_over_plain_http_when_everything_else_redirects(client, settings):
    settings.SECURE_SSL_REDIRECT = True
    assert client.get(reverse("healthz")).status_code == 200
    assert client.get(reverse("home")).status_code == 301


@pytest.mark.django_db
def test_healthz_refuses_post(client):
    assert client.post(reverse("healthz")).status_code == 405
