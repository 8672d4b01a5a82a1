"""The one road every status change takes, and the tables it reads.

Each app keeps its status table as data beside its models (`states.py`): (from-status, action) →
Transition(to-status, roles that may take it), bound with the app's wording into a `Machine`. `apply` looks a
pair up and refuses what the table does not allow. `transition` (one row) and `transition_all` (several rows)
run a change the same way for suppliers, products and integrity flags:

1. one transaction; the row is locked first (`select_for_update(of=("self",), no_key=True)`, the lock order of
   core/conflicts.py: the record's own row, never the rows it joins; NO KEY because it is updated, not
   deleted, so rows that merely refer to it need not wait); several rows are locked together, in id order;
2. `guard(row)`: what the table cannot say (ownership, separation of duties), before anything else;
3. the table: an action not allowed from this status, or not for this role, is the app's domain error
   (`refused`) with a message for the person, and nothing is saved;
4. the service's own change, inside the `with` block (raising a domain error there rolls everything back);
5. the new status and the moment it changed; save; then the work registered with `step.after_save(...)`, which
   locks other rows (products a verified business had prepared), still before the audit chain's lock;
6. the audit event (`core.audit.record_event`: action, {"status": before} → {"status": after, ...}), the last
   lock of the transaction;
7. the follow-ups the service registered with `step.then(...)`: notices, which go into the outbox in the same
   transaction (the `notices` worker sends them once it has committed), and signals to other apps.

    with transition(row=supplier, machine=MACHINE, action=Action.VERIFY, actor=user, refused=SupplierError,
                    audit_action="supplier.verified") as step:
        step.obj.verified_at = step.now
        step.save("verified_at")
        step.after["reason"] = reason
        step.then(lambda: notify_supplier(...))

Orders run through it too: purchasing/services/_engine.py adds what only an order has (the version the person
saw, as the guard; the parties and separation of duties; cancellation kinds, stock given back, the deadline
clock and the version bump) and its notices as follow-ups.
This module imports no app (core is the ground floor).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .audit import record_event
from .errors import DomainError

# The role of a change nobody chose: a consequence of another change, or a deadline run by `katalog tick`.
SYSTEM = "system"


@dataclass(frozen=True)
class Transition:
    to: str
    roles: frozenset[str]


Table = dict[tuple[str, str], Transition]


def apply(table: Table, status: str, action: str, role: str, *, error: type[Exception],
          not_from_status: Callable[[], str]) -> str:
    """The status `action` leads to from `status` for `role`, or `error` with a message for people."""
    transition = table.get((status, action))
    if transition is None:
        raise error(not_from_status())
    if role not in transition.roles:
        raise error(_("Peran Anda tidak berwenang melakukan tindakan ini."))
    return transition.to


def actions_from(table: Table, status: str, role: str) -> list[str]:
    return [action for (source, action), t in table.items() if source == status and role in t.roles]


@dataclass(frozen=True)
class Machine:
    """A status table and what the runner needs to apply it to a model's rows.

    `not_from_status(row, action)` is the message when the table has no such move from the row's status;
    `error` the domain error raised unless the service names its own; `changed_at_field` (or None) records
    when the status last changed."""

    table: Table
    not_from_status: Callable[[Any, str], str]
    error: type[DomainError] = DomainError
    status_field: str = "status"
    changed_at_field: str | None = "status_changed_at"

    def next_status(self, row, action: str, role: str, *, refused: type[Exception] | None = None) -> str:
        return apply(self.table, getattr(row, self.status_field), action, role, error=refused or self.error,
                     not_from_status=lambda: self.not_from_status(row, action))

    def move(self, row, action: str, role: str, now: datetime, *, refused: type[Exception] | None = None) -> str:
        """Look the move up and set the new status on `row` (not saved); returns the status it had. For a
        status change that follows from another change in a service of its own (an edit sends a verified
        record back to review), where the service saves and audits."""
        source = getattr(row, self.status_field)
        to = self.next_status(row, action, role, refused=refused)
        _set_status(self, row, to, now)
        return source


def _set_status(machine: Machine, row, to: str, now: datetime) -> bool:
    if getattr(row, machine.status_field) == to:
        return False
    setattr(row, machine.status_field, to)
    if machine.changed_at_field:
        setattr(row, machine.changed_at_field, now)
    return True


@dataclass
class Step:
    """One row's change while it runs: the locked row, where it goes, and what the audit event will say."""

    obj: Any
    action: str
    role: str
    source: str
    to: str
    now: datetime
    before: dict = field(default_factory=dict)
    after: dict = field(default_factory=dict)
    fields: list[str] = field(default_factory=list)
    follow_ups: list[Callable[[], Any]] = field(default_factory=list)
    before_audit: list[Callable[[], Any]] = field(default_factory=list)

    def save(self, *names: str) -> None:
        """Fields the service changed, saved with the status."""
        self.fields.extend(name for name in names if name not in self.fields)

    def after_save(self, work: Callable[[], Any]) -> None:
        """Run `work` once the row is saved and before the audit event: work that locks other rows, which the
        lock order puts before the audit chain's lock (core/conflicts.py)."""
        self.before_audit.append(work)

    def then(self, follow_up: Callable[[], Any]) -> None:
        """Run `follow_up` after the audit event, in the same transaction (a notice, a signal)."""
        self.follow_ups.append(follow_up)


def lock(rows: models.QuerySet):
    """The rows of `rows`, locked in id order (lock order: core/conflicts.py). SQLite: the IMMEDIATE
    transaction already holds the write lock and the clause is left out."""
    return list(rows.select_for_update(of=("self",), no_key=True).order_by("pk"))


def _role_of(actor, role: str | None) -> str:
    if role is not None:
        return role
    return SYSTEM if actor is None else actor.role


@contextmanager
def transition_all(
    *, rows: models.QuerySet, machine: Machine, action: str | Callable[[Any], str], actor,
    audit_action: str | Callable[[str], str], refused: type[Exception] | None = None, role: str | None = None,
    guard: Callable[[Any], None] | None = None, whole_row: bool = False, now: datetime | None = None,
) -> Iterator[list[Step]]:
    """Run `action` on every row of `rows` at once: all or none. `action` may be a function of the locked row
    when the move depends on its state (the first or the second signature of a letter); `audit_action` a
    function of the action. `role` defaults to the actor's (SYSTEM without one); `refused` to the machine's
    error. The service changes each `step.obj` in the `with` block; the runner then saves each row (the status
    fields and those named with `step.save`, or the whole row when `whole_row`), records one audit event per
    row, and runs the follow-ups."""
    now = now or timezone.now()
    role = _role_of(actor, role)
    with transaction.atomic():
        steps = []
        for row in lock(rows):
            if guard is not None:
                guard(row)
            name = action(row) if callable(action) else action
            to = machine.next_status(row, name, role, refused=refused)
            source = getattr(row, machine.status_field)
            steps.append(Step(obj=row, action=name, role=role, source=source, to=to, now=now))
        yield steps
        for step in steps:
            _save(machine, step, whole_row)
        for step in steps:
            for work in step.before_audit:
                work()
        for step in steps:
            record_event(actor=actor, action=audit_action(step.action) if callable(audit_action) else audit_action,
                         obj=step.obj, before={"status": step.source, **step.before},
                         after={"status": getattr(step.obj, machine.status_field), **step.after})
        for step in steps:
            for follow_up in step.follow_ups:
                follow_up()


@contextmanager
def transition(*, row: models.Model | None = None, rows: models.QuerySet | None = None, machine: Machine,
               action: str | Callable[[Any], str], actor, audit_action: str | Callable[[str], str],
               refused: type[Exception] | None = None, role: str | None = None,
               guard: Callable[[Any], None] | None = None, whole_row: bool = False,
               now: datetime | None = None) -> Iterator[Step]:
    """`transition_all` for one row: `row` (a copy read earlier: the row is read again under the lock), or
    `rows`, a query for it. No such row is the model's DoesNotExist."""
    if rows is None:
        rows = type(row)._default_manager.filter(pk=row.pk)
    with transition_all(rows=rows, machine=machine, action=action, actor=actor, audit_action=audit_action,
                        refused=refused, role=role, guard=guard, whole_row=whole_row, now=now) as steps:
        if len(steps) != 1:
            raise rows.model.DoesNotExist(f"{rows.model.__name__} matching the query does not exist")
        yield steps[0]


def _save(machine: Machine, step: Step, whole_row: bool) -> None:
    changed = _set_status(machine, step.obj, step.to, step.now)
    if whole_row:
        step.obj.save()
        return
    fields = list(step.fields)
    if changed:
        fields += [machine.status_field] + ([machine.changed_at_field] if machine.changed_at_field else [])
    if fields:
        step.obj.save(update_fields=list(dict.fromkeys(fields)))
