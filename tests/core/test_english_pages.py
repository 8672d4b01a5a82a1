"""With English chosen, an order's page and the supplier's notification list speak English: no Indonesian status,
event or notice words (names and data aside) and no internal codes (`catalogue_manager`, `login.succeeded`,
`agencies.user 182`, status values)."""

import re
from html.parser import HTMLParser

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from katalog.core.audit_labels import ACTION_LABELS
from katalog.core.roles import Role
from katalog.purchasing import services
from katalog.purchasing.states import OrderStatus
from tests.factories import make_user
from tests.purchasing.helpers import completed, make_world

pytestmark = pytest.mark.django_db

# Words of the interface's Indonesian that never appear in names or data of the test's world.
INDONESIAN = ("Pesanan", "pesanan", "Menunggu", "ditandatangani", "dicatat", "Riwayat", "Barang", "Penyedia",
              "Pembayaran", "Bendahara", "diterima", "Pemberitahuan", "Keluar", "Beranda", "Halaman", "Jumlah",
              "Tandatangani", "Surel", "Berkas", "Unduh", "sistem", "Buka")


class VisibleText(HTMLParser):
    """The text a person reads: element text and the words of buttons, labels and images."""

    def __init__(self):
        super().__init__()
        self.parts, self.skip = [], 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style"):
            self.skip += 1
        for name, value in attrs:
            if name in ("aria-label", "alt", "title", "placeholder", "data-hint") and value:
                self.parts.append(value)

    def handle_endtag(self, tag):
        if tag in ("script", "style"):
            self.skip -= 1

    def handle_data(self, data):
        if not self.skip:
            self.parts.append(data)


def visible(html: str) -> str:
    parser = VisibleText()
    parser.feed(html)
    return " ".join(" ".join(parser.parts).split())


def internal_codes() -> set[str]:
    codes = {value for value in OrderStatus.values if "_" in value or value in ("signing", "negotiation")}
    codes |= {value for value in Role.values if "_" in value}
    codes |= set(ACTION_LABELS)
    return codes | {"agencies.user", "purchasing.order", "suppliers.supplier"}


def indonesian_labels() -> set[str]:
    with translation.override("id"):
        labels = {str(label) for label in OrderStatus.labels} | {str(label) for label in ACTION_LABELS.values()}
    return {label for label in labels if len(label) > 6}


def assert_english(text: str, *, names=()) -> None:
    """`names` (people's and businesses' names) are data, not interface words; "Surat Pesanan" is a term of art."""
    for name in names:
        text = text.replace(name, "")
    for word in INDONESIAN:
        assert not re.search(rf"(?<!Surat )\b{word}\b", text), f"Indonesian word {word!r} in: …{_around(text, word)}…"
    for label in indonesian_labels():
        assert label not in text, f"Indonesian label {label!r}"
    for code in internal_codes():
        assert not re.search(rf"(?<![\w/-]){re.escape(code)}(?![\w/-])", text), f"internal code {code!r}"


def _names(w) -> list[str]:
    people = [w.pp, w.ppk, w.treasurer, w.seller]
    typed = ["Sesuai pesanan, baik."]  # the PPK's note on the goods check (tests.purchasing.helpers)
    return [p.full_name for p in people] + [w.supplier.name, w.agency.name, w.product.name] + typed


def _around(text: str, word: str) -> str:
    i = text.find(word)
    return text[max(0, i - 60):i + 60]


@pytest.fixture
def paid_order():
    w = make_world(price=250_000, stock=50)
    order = completed(w)
    services.payment_record(order=order, user=w.treasurer, expected_version=order.version,
                            sp2d_number="0012/SP2D/LS/2026", sp2d_date=timezone.localdate(), amount=order.total)
    order.refresh_from_db()
    return w, order


def in_english(client, user):
    client.force_login(user)
    client.post(reverse("set_language"), {"language": "en", "next": "/"})


def test_an_orders_page_in_english_has_no_indonesian_status_or_event_and_no_codes(client, paid_order):
    w, order = paid_order
    for person in (w.ppk, w.seller, make_user(Role.AUDITOR)):
        in_english(client, person)
        html = client.get(reverse("purchasing:order_detail", args=[order.number])).content.decode()
        text = visible(html)
        assert "History" in text and "Paid" in text
        assert_english(text, names=_names(w))


def test_the_notification_list_in_english_has_no_indonesian_notice_and_no_codes(client, paid_order):
    w, order = paid_order
    in_english(client, w.seller)
    text = visible(client.get(reverse("suppliers:notifications")).content.decode())
    assert f"New order {order.number}" in text and f"Payment for order {order.number} recorded" in text
    assert_english(text, names=_names(w))
    # The same notice stays in Bahasa Indonesia for a reader who kept it.
    client.post(reverse("set_language"), {"language": "id", "next": "/"})
    text = visible(client.get(reverse("suppliers:notifications")).content.decode())
    assert f"Pesanan baru {order.number}" in text


def test_the_audit_log_shows_labels_not_codes(client, paid_order):
    _w, order = paid_order
    in_english(client, make_user(Role.AUDITOR))
    text = visible(client.get(reverse("audit_log")).content.decode())
    assert "Goods shipped" in text and f"order #{order.pk}" in text
    for code in internal_codes():
        assert not re.search(rf"(?<![\w/-]){re.escape(code)}(?![\w/-])", text), f"internal code {code!r}"



def test_numbers_keep_the_indonesian_format_in_english(client):
    from decimal import Decimal

    from tests.factories import make_product

    product = make_product(name="Kursi lipat besi", tkdn=Decimal("92.00"), price=1_250_000)
    in_english(client, make_user(Role.PP))
    text = visible(client.get(reverse("catalogue:product_detail", args=[product.pk])).content.decode())
    assert "92,00%" in text and "92.00%" not in text and "Rp1.250.000" in text
