"""Audit chain, hash version 2: the actor label joins the hash (core/audit.py).

Existing events keep their version-1 hashes (their label was never hashed), so every chain still
verifies. Their labels, which held clear user names, become the pseudonymous reference the verifier
expects (`pengguna#<id>`, `sistem`); screens show the name through the actor's account instead.
On PostgreSQL a statement trigger now refuses TRUNCATE as the row trigger refuses UPDATE and DELETE;
a session may only truncate with `katalog.allow_audit_truncate = on` (the test suite's flush sets it).
"""

from django.db import migrations, models
from django.db.models import Case, CharField, Value, When
from django.db.models.functions import Cast, Concat

TRUNCATE_GUARD_SQL = """
CREATE OR REPLACE FUNCTION core_auditevent_no_truncate() RETURNS trigger AS $$
BEGIN
    IF coalesce(current_setting('katalog.allow_audit_truncate', true), '') <> 'on' THEN
        RAISE EXCEPTION 'core_auditevent is append-only (% refused)', TG_OP;
    END IF;
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER core_auditevent_no_truncate
    BEFORE TRUNCATE ON core_auditevent
    FOR EACH STATEMENT EXECUTE FUNCTION core_auditevent_no_truncate();
"""
TRUNCATE_UNGUARD_SQL = """
DROP TRIGGER IF EXISTS core_auditevent_no_truncate ON core_auditevent;
DROP FUNCTION IF EXISTS core_auditevent_no_truncate();
"""
ROW_TRIGGER = "core_auditevent_no_update_delete"


def _with_row_trigger_off(schema_editor, work):
    postgres = schema_editor.connection.vendor == "postgresql"
    if postgres:
        schema_editor.execute(f"ALTER TABLE core_auditevent DISABLE TRIGGER {ROW_TRIGGER}", params=None)
    work()
    if postgres:
        schema_editor.execute(f"ALTER TABLE core_auditevent ENABLE TRIGGER {ROW_TRIGGER}", params=None)


def pseudonymise_labels(apps, schema_editor):
    AuditEvent = apps.get_model("core", "AuditEvent")

    def work():
        AuditEvent.objects.filter(hash_version=1).update(actor_label=Case(
            When(actor__isnull=True, then=Value("sistem")),
            default=Concat(Value("pengguna#"), Cast("actor_id", CharField())),
            output_field=CharField(),
        ))

    _with_row_trigger_off(schema_editor, work)


def restore_labels(apps, schema_editor):
    AuditEvent = apps.get_model("core", "AuditEvent")
    User = apps.get_model("agencies", "User")

    def work():
        for user_id, username in User.objects.values_list("pk", "username"):
            AuditEvent.objects.filter(hash_version=1, actor_id=user_id).update(actor_label=username)

    _with_row_trigger_off(schema_editor, work)


def guard_truncate(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(TRUNCATE_GUARD_SQL, params=None)


def unguard_truncate(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(TRUNCATE_UNGUARD_SQL, params=None)


class Migration(migrations.Migration):
    dependencies = [("core", "0002_holidays_and_audit_guard"), ("agencies", "0001_initial")]
    operations = [
        migrations.AddField("auditevent", "hash_version", models.PositiveSmallIntegerField(default=1)),
        migrations.AlterField("auditevent", "hash_version", models.PositiveSmallIntegerField(default=2)),
        migrations.RunPython(pseudonymise_labels, restore_labels),
        migrations.RunPython(guard_truncate, unguard_truncate),
    ]
