import pytest
from django.db import connection, transaction

from katalog.core.audit import first_broken_link, record_event
from katalog.core.models import AuditEvent
from katalog.core.roles import Role
from tests.factories import make_supplier, make_user


@pytest.mark.django_db
def test_events_form_an_unbroken_hash_chain():
    user = make_user(Role.CATALOGUE_MANAGER)
    supplier = make_supplier()
    first = record_event(actor=user, action="supplier.verify", obj=supplier, before={"status": "submitted"}, after={"status": "verified"})
    second = record_event(actor=None, action="order.expire")
    assert second.prev_hash == first.hash
    assert first.object_type == "suppliers.supplier" and first.object_id == str(supplier.pk)
    assert second.actor_label == "sistem"
    assert first_broken_link() is None


@pytest.mark.django_db
def test_events_cannot_be_changed_or_deleted_through_the_orm():
    event = record_event(actor=None, action="x")
    event.action = "y"
    with pytest.raises(PermissionError):
        event.save()
    with pytest.raises(PermissionError):
        event.delete()


@pytest.mark.django_db
def test_a_row_edited_behind_the_applications_back_is_found():
    record_event(actor=None, action="a")
    tampered = record_event(actor=None, action="b", after={"total": 100})
    record_event(actor=None, action="c")
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            # An attacker with superuser rights can bypass triggers; the hash chain still shows it.
            cursor.execute("SET LOCAL session_replication_role = replica")
    AuditEvent.objects.filter(pk=tampered.pk).update(after={"total": 1})
    assert first_broken_link().pk == tampered.pk


@pytest.mark.django_db(transaction=True)
def test_postgresql_refuses_update_and_delete_of_audit_rows():
    if connection.vendor != "postgresql":
        pytest.skip("the trigger exists on PostgreSQL only")
    event = record_event(actor=None, action="a")
    for statement in ("UPDATE core_auditevent SET action = 'z' WHERE id = %s", "DELETE FROM core_auditevent WHERE id = %s"):
        with pytest.raises(Exception, match="append-only"):
            with transaction.atomic(), connection.cursor() as cursor:
                cursor.execute(statement, [event.pk])
    assert AuditEvent.objects.get(pk=event.pk).action == "a"


@pytest.mark.django_db
def test_the_hash_version_2_migration_replaces_clear_names_in_old_labels_and_the_chain_still_verifies():
    """Core migration 0003: version-1 events held the user name as label (not hashed); they get the pseudonym."""
    import importlib

    from django.apps import apps
    from django.utils import timezone

    from katalog.core.audit import GENESIS_HASH, event_hash

    migration = importlib.import_module("katalog.core.migrations.0003_audit_hash_v2_and_truncate_guard")
    user = make_user(Role.PPK, username="budi.ppk")
    at = timezone.now()
    legacy = AuditEvent.objects.create(
        at=at, actor=user, actor_label="budi.ppk", action="order.approve", prev_hash=GENESIS_HASH, hash_version=1,
        hash=event_hash(prev_hash=GENESIS_HASH, at=at, actor_id=user.pk, action="order.approve", object_type="",
                        object_id="", before=None, after=None, version=1),
    )
    assert first_broken_link() == legacy  # a clear name where the pseudonym belongs does not verify

    class Editor:
        def __init__(self):
            self.connection = connection

        def execute(self, sql, params=None):
            with connection.cursor() as cursor:
                cursor.execute(sql)

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:  # the test's own inserts leave deferred FK checks pending
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    migration.pseudonymise_labels(apps, Editor())
    legacy.refresh_from_db()
    assert legacy.actor_label == f"pengguna#{user.pk}" and legacy.actor_name == "budi.ppk"
    record_event(actor=user, action="later")
    assert first_broken_link() is None
