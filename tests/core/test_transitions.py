"""The one transition runner (core/transitions.py): lock, guard, table, change, save, audit, follow-ups.

Run here on supplier rows with a table of the test's own, so that what is checked is the runner, not a rule of
the suppliers app (tests/suppliers, tests/catalogue and tests/monitoring check the apps' tables through it)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from katalog.core import transitions
from katalog.core.errors import DomainError
from katalog.core.models import AuditEvent
from katalog.core.roles import Role
from katalog.core.transitions import SYSTEM, Machine, Transition
from katalog.suppliers.models import Supplier
from tests.factories import make_supplier, make_user

pytestmark = pytest.mark.django_db

DRAFT, SUBMITTED, IN_REVIEW = Supplier.Status.DRAFT, Supplier.Status.SUBMITTED, Supplier.Status.IN_REVIEW


class Refused(DomainError):
    pass


MACHINE = Machine(
    table={
        (DRAFT, "submit"): Transition(SUBMITTED, frozenset({Role.SUPPLIER})),
        (SUBMITTED, "start_review"): Transition(IN_REVIEW, frozenset({Role.CATALOGUE_MANAGER})),
        (SUBMITTED, "touch"): Transition(SUBMITTED, frozenset({SYSTEM})),
    },
    not_from_status=lambda supplier, action: f"Tidak dapat “{action}” dari status {supplier.status}.",
    error=Refused,
)


@pytest.fixture
def business():
    return make_supplier(status=DRAFT, rejection_reason="")


def run(row, action, actor, **kwargs):
    kwargs.setdefault("audit_action", "supplier.submitted")
    return transitions.transition(row=row, machine=MACHINE, action=action, actor=actor, **kwargs)


def test_an_allowed_move_saves_the_status_and_the_change_then_records_the_audit_event_last(business):
    owner = make_user(Role.SUPPLIER, supplier=business)
    seen_by_follow_up = []
    with run(business, "submit", owner) as step:
        step.obj.submitted_at = step.now
        step.save("submitted_at")
        step.after["parts"] = ["nib"]
        step.then(lambda: seen_by_follow_up.append(list(AuditEvent.objects.values_list("action", flat=True))))
    stored = Supplier.objects.get(pk=business.pk)
    assert (stored.status, stored.status_changed_at, stored.submitted_at) == (SUBMITTED, step.now, step.now)
    event = AuditEvent.objects.order_by("-id").first()
    assert (event.action, event.actor_id, event.object_id) == ("supplier.submitted", owner.pk, str(business.pk))
    assert (event.before, event.after) == ({"status": DRAFT}, {"status": SUBMITTED, "parts": ["nib"]})
    # The follow-up (a notice) runs after the audit event, in the same transaction.
    assert seen_by_follow_up == [["supplier.submitted"]]


def test_a_move_the_table_does_not_allow_from_this_status_is_the_domain_error_and_saves_nothing(business):
    manager = make_user(Role.CATALOGUE_MANAGER)
    ran = []
    with pytest.raises(Refused, match="Tidak dapat “start_review” dari status draft."):
        with run(business, "start_review", manager) as step:
            ran.append(step)
    assert ran == []  # the service's change never ran
    assert Supplier.objects.get(pk=business.pk).status == DRAFT
    assert not AuditEvent.objects.filter(object_id=str(business.pk)).exists()


def test_a_move_for_another_role_is_refused_with_a_clear_message(business):
    manager = make_user(Role.CATALOGUE_MANAGER)
    with pytest.raises(Refused, match="Peran Anda tidak berwenang melakukan tindakan ini."):
        with run(business, "submit", manager):
            pass
    assert Supplier.objects.get(pk=business.pk).status == DRAFT


def test_the_service_names_its_own_error_class():
    class SupplierSideError(DomainError):
        pass

    business = make_supplier(status=SUBMITTED)
    with pytest.raises(SupplierSideError):
        with run(business, "submit", make_user(Role.SUPPLIER, supplier=business), refused=SupplierSideError):
            pass


def test_a_refusal_inside_the_change_rolls_everything_back(business):
    owner = make_user(Role.SUPPLIER, supplier=business)
    notices = []
    with pytest.raises(Refused, match="Dokumen kurang"):
        with run(business, "submit", owner) as step:
            step.obj.rejection_reason = "tidak tersimpan"
            step.save("rejection_reason")
            step.then(lambda: notices.append("sent"))
            raise Refused("Dokumen kurang.")
    stored = Supplier.objects.get(pk=business.pk)
    assert (stored.status, stored.rejection_reason) == (DRAFT, "")
    assert notices == [] and not AuditEvent.objects.filter(object_id=str(business.pk)).exists()


def test_the_guard_runs_on_the_locked_row_before_the_table(business):
    manager = make_user(Role.CATALOGUE_MANAGER)
    Supplier.objects.filter(pk=business.pk).update(status=SUBMITTED)  # the caller's copy still says draft

    def not_connected(row):
        assert row.status == SUBMITTED  # read again under the lock
        raise Refused("Anda terhubung dengan usaha ini.")

    with pytest.raises(Refused, match="terhubung"):
        with run(business, "submit", manager, guard=not_connected):
            pass


def test_only_the_status_and_the_fields_named_are_saved(business):
    owner = make_user(Role.SUPPLIER, supplier=business)
    with run(business, "submit", owner) as step:
        step.obj.rejection_reason = "bukan bagian dari langkah ini"
    assert Supplier.objects.get(pk=business.pk).rejection_reason == ""


def test_a_move_nobody_chose_takes_the_system_role_and_keeps_the_status_time_of_a_self_loop():
    manager = make_user(Role.CATALOGUE_MANAGER)
    business = make_supplier(status=SUBMITTED)
    before = Supplier.objects.get(pk=business.pk).status_changed_at
    with pytest.raises(Refused, match="tidak berwenang"):
        with run(business, "touch", manager):
            pass
    with run(business, "touch", manager, role=SYSTEM, audit_action="supplier.updated"):
        pass
    assert Supplier.objects.get(pk=business.pk).status_changed_at == before
    assert AuditEvent.objects.filter(action="supplier.updated", actor=manager, object_id=str(business.pk)).exists()


def test_several_rows_move_all_or_none():
    manager = make_user(Role.CATALOGUE_MANAGER)
    waiting = [make_supplier(status=SUBMITTED) for _ in range(2)]
    drafted = make_supplier(status=DRAFT)
    rows = Supplier.objects.filter(pk__in=[s.pk for s in [*waiting, drafted]])
    with pytest.raises(Refused, match="dari status draft"):
        with transitions.transition_all(rows=rows, machine=MACHINE, action="start_review", actor=manager,
                                        audit_action="supplier.review_started"):
            pass
    assert set(rows.values_list("status", flat=True)) == {SUBMITTED, DRAFT}
    with transitions.transition_all(rows=rows.exclude(pk=drafted.pk), machine=MACHINE, action="start_review",
                                    actor=manager, audit_action="supplier.review_started") as steps:
        assert [step.obj.pk for step in steps] == sorted(s.pk for s in waiting)  # locked in id order
    assert list(rows.filter(status=IN_REVIEW).order_by("pk").values_list("pk", flat=True)) == [s.pk for s in waiting]
    assert AuditEvent.objects.filter(action="supplier.review_started").count() == 2


def test_the_move_the_table_allows_can_be_applied_inside_an_edit(business):
    """Machine.move: for a move that follows from an edit the service saves and audits itself."""
    row = Supplier.objects.get(pk=business.pk)
    with pytest.raises(Refused):
        MACHINE.move(row, "start_review", Role.CATALOGUE_MANAGER, row.created_at)
    assert MACHINE.move(row, "submit", Role.SUPPLIER, row.created_at) == DRAFT
    assert (row.status, row.status_changed_at) == (SUBMITTED, row.created_at)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="SQLite has no row locks (BEGIN IMMEDIATE)")
def test_the_row_is_locked_alone_and_without_a_key_lock_on_postgresql(business):
    owner = make_user(Role.SUPPLIER, supplier=business)
    with CaptureQueriesContext(connection) as queries:
        with run(business, "submit", owner):
            pass
    locking = [q["sql"] for q in queries.captured_queries if "FOR " in q["sql"] and "suppliers_supplier" in q["sql"]]
    assert locking and locking[0].endswith('FOR NO KEY UPDATE OF "suppliers_supplier"')
