"""`katalog audit verify`: the first broken link of the audit chain, and a non-zero exit code."""

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from katalog.core.audit import record_event
from katalog.core.audit_check import EDITED, RELINKED, verify_chain, verify_tail
from katalog.core.models import AuditEvent
from katalog.core.roles import Role
from tests.factories import make_user


def _behind_the_applications_back():
    """On PostgreSQL the trigger refuses UPDATE/DELETE; a superuser can switch triggers off for the session."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL session_replication_role = replica")


def _chain(n=5):
    actor = make_user(Role.CATALOGUE_MANAGER)
    return [record_event(actor=actor, action=f"step.{i}", after={"i": i}) for i in range(n)]


def _verify(*args) -> str:
    from io import StringIO

    out = StringIO()
    call_command("audit", "verify", *args, stdout=out)
    return out.getvalue()


@pytest.mark.django_db
def test_a_whole_chain_is_reported_whole_with_its_last_hash():
    events = _chain()
    output = _verify()
    assert "Jejak audit utuh" in output
    assert f"{len(events)} peristiwa" in output
    assert events[-1].hash in output


@pytest.mark.django_db
def test_an_empty_chain_is_whole():
    assert "utuh" in _verify()


@pytest.mark.django_db
def test_an_edited_row_is_reported_as_the_first_broken_link_and_the_command_fails():
    events = _chain()
    _behind_the_applications_back()
    AuditEvent.objects.filter(pk=events[2].pk).update(after={"i": 99})
    with pytest.raises(CommandError) as failure:
        _verify()
    assert failure.value.returncode == 1
    message = str(failure.value)
    assert f"#{events[2].pk}" in message and "RUSAK" in message and "diubah" in message
    assert f"terakhir yang masih utuh: #{events[1].pk}" in message
    assert verify_chain().reason == EDITED


@pytest.mark.django_db
def test_a_deleted_row_breaks_the_link_of_the_event_after_it():
    events = _chain()
    _behind_the_applications_back()
    AuditEvent.objects.filter(pk=events[1].pk)._raw_delete(connection.alias)
    report = verify_chain()
    assert report.broken.pk == events[2].pk
    assert report.reason == RELINKED
    with pytest.raises(CommandError, match="dihapus"):
        _verify()


@pytest.mark.django_db
def test_removing_the_first_event_is_found_because_the_chain_starts_from_the_genesis_hash():
    events = _chain(3)
    _behind_the_applications_back()
    AuditEvent.objects.filter(pk=events[0].pk)._raw_delete(connection.alias)
    assert verify_chain().broken.pk == events[1].pk


@pytest.mark.django_db
def test_a_row_rewritten_with_a_recomputed_hash_still_breaks_the_next_link():
    from katalog.core.audit import event_hash

    events = _chain()
    victim = events[2]
    forged = event_hash(prev_hash=victim.prev_hash, at=victim.at, actor_id=victim.actor_id, action=victim.action,
                        object_type=victim.object_type, object_id=victim.object_id, before=None, after={"i": 99},
                        actor_label=victim.actor_label)
    _behind_the_applications_back()
    AuditEvent.objects.filter(pk=victim.pk).update(after={"i": 99}, hash=forged)
    report = verify_chain()
    assert report.broken.pk == events[3].pk and report.reason == RELINKED


@pytest.mark.django_db
def test_events_cut_off_at_the_end_are_found_through_the_anchor_kept_elsewhere():
    events = _chain()
    anchor = events[-1].hash
    assert "Jangkar cocok" in _verify("--anchor", anchor)
    _behind_the_applications_back()
    AuditEvent.objects.filter(pk__in=[events[-1].pk, events[-2].pk])._raw_delete(connection.alias)
    assert verify_chain().ok  # the shortened chain is still consistent in itself...
    with pytest.raises(CommandError, match="jangkar") as failure:
        _verify("--anchor", anchor)  # ...but the anchor shows what was cut off
    assert failure.value.returncode == 1


@pytest.mark.django_db
def test_the_tail_check_looks_only_at_the_newest_events():
    events = _chain(6)
    _behind_the_applications_back()
    AuditEvent.objects.filter(pk=events[0].pk).update(action="forged")
    assert verify_tail(limit=3).ok
    assert "3 peristiwa terbaru" in _verify("--tail", "3")
    AuditEvent.objects.filter(pk=events[4].pk).update(action="forged")
    assert verify_tail(limit=3).broken.pk == events[4].pk
    assert not verify_chain().ok


@pytest.mark.django_db
def test_the_tail_check_notices_when_its_oldest_event_was_edited():
    events = _chain(6)
    _behind_the_applications_back()
    AuditEvent.objects.filter(pk=events[3].pk).update(action="forged")
    assert verify_tail(limit=3).broken.pk == events[3].pk


@pytest.mark.django_db
def test_postgresql_trigger_still_refuses_a_plain_update_so_tampering_needs_superuser_rights():
    if connection.vendor != "postgresql":
        pytest.skip("the trigger exists on PostgreSQL only")
    from django.db import transaction

    event = _chain(1)[0]
    with pytest.raises(Exception, match="append-only"), transaction.atomic():
        AuditEvent.objects.filter(pk=event.pk).update(action="forged")
    assert verify_chain().ok


@pytest.mark.django_db
def test_the_anchor_file_is_checked_and_then_moved_to_the_newest_event(tmp_path):
    anchor_file = tmp_path / "audit-anchor"
    events = _chain(2)
    assert "Jangkar baru disimpan" in _verify("--anchor-file", str(anchor_file))  # first run: nothing to check yet
    assert anchor_file.read_text().strip() == f"{events[-1].pk}:{events[-1].hash}"
    newer = record_event(actor=None, action="later")
    assert "Jangkar cocok" in _verify("--anchor-file", str(anchor_file))
    assert anchor_file.read_text().strip() == f"{newer.pk}:{newer.hash}"
    _behind_the_applications_back()
    AuditEvent.objects.filter(pk=newer.pk)._raw_delete(connection.alias)
    with pytest.raises(CommandError, match="jangkar"):
        _verify("--anchor-file", str(anchor_file))
    assert anchor_file.read_text().strip() == f"{newer.pk}:{newer.hash}"  # a failed check keeps the old anchor


@pytest.mark.django_db
def test_an_anchor_saved_while_the_chain_was_empty_does_not_fail_the_next_check(tmp_path):
    anchor_file = tmp_path / "audit-anchor"
    _verify("--anchor-file", str(anchor_file))
    record_event(actor=None, action="first")
    assert "utuh" in _verify("--anchor-file", str(anchor_file))


@pytest.mark.django_db
def test_changing_one_events_actor_label_fails_verify():
    events = _chain()
    other = make_user(Role.AUDITOR)
    _behind_the_applications_back()
    AuditEvent.objects.filter(pk=events[2].pk).update(actor_label=f"pengguna#{other.pk}")
    report = verify_chain()
    assert report.broken.pk == events[2].pk and report.reason == EDITED
    with pytest.raises(CommandError, match="RUSAK"):
        _verify()


@pytest.mark.django_db
def test_a_version_1_events_label_is_checked_against_its_actor():
    """Events hashed before the label joined the hash still verify, and still refuse an edited label."""
    import hashlib
    import json

    from katalog.core.audit import GENESIS_HASH, actor_ref, event_hash

    actor = make_user(Role.CATALOGUE_MANAGER)
    from django.utils import timezone

    at = timezone.now()
    legacy = event_hash(prev_hash=GENESIS_HASH, at=at, actor_id=actor.pk, action="old", object_type="",
                        object_id="", before=None, after=None, version=1)
    # Version 1 is the original format, unchanged: the eight fields, no label, no version number.
    payload = json.dumps([GENESIS_HASH, at.isoformat(), actor.pk, "old", "", "", None, None],
                         sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    assert legacy == hashlib.sha256(payload.encode()).hexdigest()
    AuditEvent.objects.create(at=at, actor=actor, actor_label=actor_ref(actor.pk), action="old",
                              prev_hash=GENESIS_HASH, hash=legacy, hash_version=1)
    newer = record_event(actor=actor, action="new")
    assert newer.hash_version == 2 and verify_chain().ok
    _behind_the_applications_back()
    AuditEvent.objects.filter(hash=legacy).update(actor_label="someone-else")
    assert verify_chain().reason == EDITED


@pytest.mark.django_db
def test_an_anchor_whose_event_now_carries_another_hash_is_reported_as_a_mismatch():
    """A chain rewritten whole (every hash recomputed) verifies in itself; the published anchor does not."""
    from katalog.core.audit import GENESIS_HASH, expected_hash

    events = _chain(3)
    published = f"{events[1].pk}:{events[1].hash}"
    assert "Jangkar cocok" in _verify("--anchor", published)
    _behind_the_applications_back()
    prev = GENESIS_HASH
    for event in AuditEvent.objects.order_by("id"):
        event.after = {"i": 99} if event.pk == events[0].pk else event.after
        new_hash = expected_hash(event, prev)
        AuditEvent.objects.filter(pk=event.pk).update(after=event.after, prev_hash=prev, hash=new_hash)
        prev = new_hash
    assert verify_chain().ok
    with pytest.raises(CommandError, match="jangkar tidak cocok") as failure:
        _verify("--anchor", published)
    assert failure.value.returncode == 1


@pytest.mark.django_db
def test_a_malformed_anchor_gets_a_clear_message():
    _chain(1)
    with pytest.raises(CommandError, match="NOMOR:HASH"):
        _verify("--anchor", "12:not-a-hash")


@pytest.mark.django_db(transaction=True)
def test_postgresql_refuses_truncate_of_the_audit_table():
    if connection.vendor != "postgresql":
        pytest.skip("the trigger exists on PostgreSQL only")
    from django.db import transaction

    _chain(2)
    with pytest.raises(Exception, match="append-only"), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL katalog.allow_audit_truncate = off")
        cursor.execute("TRUNCATE core_auditevent")
    assert AuditEvent.objects.count() == 2 and verify_chain().checked == 2
