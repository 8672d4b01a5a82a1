"""The audit chain's head published as a daily anchor (sequence:hash, time): open-data page and backup manifest."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from katalog.core import audit
from katalog.core.audit import record_event
from katalog.core.audit_check import anchor_problem, daily_anchors, head_anchor, parse_anchor


def _event_at(monkeypatch, when, action):
    monkeypatch.setattr(audit.timezone, "now", lambda: when)
    event = record_event(actor=None, action=action)
    monkeypatch.undo()
    return event


@pytest.mark.django_db
def test_each_past_day_publishes_the_last_event_written_before_its_end(monkeypatch, client):
    today = timezone.localdate()
    noon = datetime.time(12)
    day_before = _event_at(monkeypatch, timezone.make_aware(datetime.datetime.combine(today - datetime.timedelta(days=2), noon)), "a")
    yesterday = _event_at(monkeypatch, timezone.make_aware(datetime.datetime.combine(today - datetime.timedelta(days=1), noon)), "b")
    record_event(actor=None, action="today")  # not published before the day is over
    anchors = dict(daily_anchors(days=3))
    assert anchors[today - datetime.timedelta(days=1)].sequence == yesterday.pk
    assert anchors[today - datetime.timedelta(days=1)].hash == yesterday.hash
    assert str(anchors[today - datetime.timedelta(days=2)]) == f"{day_before.pk}:{day_before.hash}"
    assert today - datetime.timedelta(days=3) not in anchors  # nothing yet then

    page = client.get(reverse("opendata:ocds_index")).content.decode()
    assert f"{yesterday.pk}:{yesterday.hash}" in page and f"{day_before.pk}:{day_before.hash}" in page


@pytest.mark.django_db
def test_an_anchor_is_checked_by_sequence_and_hash():
    first = record_event(actor=None, action="a")
    record_event(actor=None, action="b")
    head = head_anchor()
    assert anchor_problem(head) == "" and anchor_problem(parse_anchor(f"{first.pk}:{first.hash}")) == ""
    assert "tidak cocok" in anchor_problem(parse_anchor(f"{first.pk}:{head.hash}"))
    assert "tidak ada lagi" in anchor_problem(parse_anchor(f"{head.sequence + 5}:{head.hash}"))
    with pytest.raises(ValueError):
        parse_anchor("abc")
