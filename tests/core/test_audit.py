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
