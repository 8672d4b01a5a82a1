"""Every action the code records in the audit trail has a label, so no page shows a raw code such as
`login.succeeded`; an object reads as its model's name and number, not `agencies.user 182`."""

import re
from pathlib import Path

from django.utils import translation

from katalog.catalogue.states import TRANSITIONS as PRODUCT_TRANSITIONS
from katalog.core.audit_labels import ACTION_LABELS, action_label, object_label
from katalog.purchasing.states import TRANSITIONS as ORDER_TRANSITIONS
from katalog.suppliers.models import PersonalDataRequest
from katalog.suppliers.states import AUDIT_ACTIONS as SUPPLIER_AUDIT_ACTIONS

SOURCE = Path(__file__).resolve().parents[2] / "src" / "katalog"
LITERAL = re.compile(r"""action=["']([a-z_]+\.[a-z0-9_]+)["']""")


def recorded_actions() -> set[str]:
    """Literal actions passed to record_event, plus those built from a transition table or a status."""
    found = set()
    for path in SOURCE.rglob("*.py"):
        found |= set(LITERAL.findall(path.read_text(encoding="utf-8")))
    found |= {f"order.{action}" for _status, action in ORDER_TRANSITIONS}
    found |= {f"product.{action}" for _status, action in PRODUCT_TRANSITIONS}
    found |= set(SUPPLIER_AUDIT_ACTIONS.values())
    found |= {f"supplier.data_request_{s}" for s in PersonalDataRequest.Status.values if s != "open"}
    return found


def test_every_recorded_action_has_a_label():
    missing = sorted(recorded_actions() - set(ACTION_LABELS))
    assert missing == [], f"audit actions without a label in core/audit_labels.py: {missing}"


def test_labels_are_words_in_the_readers_language_never_codes():
    with translation.override("en"):
        assert action_label("login.succeeded") == "Signed in"
        assert action_label("something.new") == "Other event"
        assert object_label("agencies.user", "182") == "user #182"
        assert object_label("no_such.model", "7") == "object #7"
    with translation.override("id"):
        assert object_label("agencies.user", "182") == "pengguna #182"
        assert action_label("login.succeeded") == "Masuk berhasil"
