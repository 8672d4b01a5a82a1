"""The Surat Pesanan and the BAST: real Pemkab letters, rebuilt byte-for-byte from the record."""

from datetime import date

import pytest
from django.conf import settings
from django.test import override_settings
from django.urls import reverse

from katalog.core.roles import Role
from katalog.purchasing import documents, services
from katalog.purchasing.models import OrderDocument
from tests.factories import make_agency, make_product, make_user
from tests.purchasing.helpers import accepted, at, checkout, completed, make_world
from tests.purchasing.pdftext import pdf_text

pytestmark = pytest.mark.django_db


def test_dates_are_written_in_indonesian():
    assert documents.tanggal(date(2026, 8, 17)) == "17 Agustus 2026"
    assert documents.tanggal_terbilang(date(2026, 3, 17)) == (
        "Selasa tanggal tujuh belas bulan Maret tahun dua ribu dua puluh enam")
    assert documents.waktu(at(2026, 3, 17, 9, 5)) == "17 Maret 2026 pukul 09.05 WIB"


@pytest.fixture
def order_with_sp():
    w = make_world(price=1_250_000, ppn_percent=12)
    pulpen = make_product(w.supplier, w.category, name="Pulpen gel hitam", unit="lusin", price=36_000,
                          ppn_percent=12, tkdn=40)
    moment = at(2026, 3, 17, 10)
    order = checkout(w, [(w.product, 3), (pulpen, 5)], now=moment, rup_code="48123001")
    order = accepted(w, order, now=moment)
    return w, order, order.documents.get(kind="sp")


def test_the_surat_pesanan_reads_like_a_pemkab_letter(order_with_sp):
    w, order, sp = order_with_sp
    rendered = documents.render(sp)
    text = pdf_text(rendered.pdf)
    for expected in [
        "PEMERINTAH KABUPATEN LAMPUNG UTARA", w.agency.name.upper(), "Jl. Jenderal Sudirman No. 1, Kotabumi",
        "SURAT PESANAN", f"Nomor: 027/001/SP/{w.agency.short_name.upper()}/III/2026",
        f"NPWP : {w.supplier.npwp}",
        # Per line: DPP 11/12 of the price and PPN 12% of it (PMK 131/2024).
        "Kertas HVS A4 70 gram 3 rim Rp1.250.000 Rp3.750.000 Rp3.437.500 Rp412.500",
        "Pulpen gel hitam 5 lusin Rp36.000 Rp180.000 Rp165.000 Rp19.800",
        "Jumlah Rp3.930.000", "Dasar pengenaan pajak (DPP) Rp3.602.500", "PPN Rp432.300", "Total Rp4.362.300",
        "Terbilang: Empat juta tiga ratus enam puluh dua ribu tiga ratus rupiah",
        "Kode RUP : 48123001", f"Nomor pesanan : {order.number}", "Kotabumi, 17 Maret 2026",
        "Budi Komitmen", "NIP. 197703032005011002", "Pejabat Pembuat Komitmen", w.supplier.owner_name,
    ]:
        assert expected in text, expected
    assert rendered.lines[:2] == ["PEMERINTAH KABUPATEN LAMPUNG UTARA", w.agency.name.upper()]
    assert "Ditandatangani secara elektronik" not in text  # nobody has signed yet


def test_the_letter_is_rebuilt_byte_for_byte_from_the_record(order_with_sp):
    w, order, sp = order_with_sp
    first = documents.render(OrderDocument.objects.get(pk=sp.pk)).pdf
    # Later changes elsewhere do not alter an issued letter: its facts were frozen when it was issued.
    w.agency.name = "Dinas Baru Hasil Penggabungan"
    w.agency.save()
    w.product.price = 2_000_000
    w.product.save()
    assert documents.render(OrderDocument.objects.get(pk=sp.pk)).pdf == first
    assert b"/CreationDate (D:20000101000000+00'00')" in first  # reportlab invariant mode


def test_signatures_appear_on_the_letter(order_with_sp):
    w, order, sp = order_with_sp
    services.order_sign_surat_pesanan(order=order, user=w.ppk, expected_version=order.version,
                                      now=at(2026, 3, 17, 14, 30))
    text = pdf_text(documents.render(OrderDocument.objects.get(pk=sp.pk)).pdf)
    assert "Ditandatangani secara elektronik pada 17 Maret 2026 pukul 14.30 WIB" in text


def test_the_bast_opens_with_the_day_in_words_and_refers_to_the_surat_pesanan():
    w = make_world()
    order = completed(w)
    bast = order.documents.get(kind="bast")
    sp = order.documents.get(kind="sp")
    text = pdf_text(documents.render(bast).pdf)
    day = bast.issued_on
    assert "BERITA ACARA SERAH TERIMA BARANG/JASA" in text
    assert f"Pada hari ini {documents.tanggal_terbilang(day)} ({documents.tanggal(day)})" in text
    assert f"Surat Pesanan Nomor {sp.number} tanggal {documents.tanggal(sp.issued_on)}" in text
    assert "PIHAK PERTAMA" in text and "PIHAK KEDUA" in text and "Hasil pemeriksaan barang" in text
    assert "Terbilang: Seratus ribu rupiah" in text
    assert text.count("Ditandatangani secara elektronik") == 2


def test_letter_numbers_follow_the_configured_scheme_per_opd_and_year():
    rules = {**settings.KATALOG_RULES, "sp_number_format": "SP-{opd}-{month_roman}-{year}-{seq:04d}"}
    moment = at(2026, 5, 4, 10)
    with override_settings(KATALOG_RULES=rules):
        w = make_world()
        first = accepted(w, now=moment).documents.get().number
        second = accepted(w, checkout(w, now=moment), now=moment).documents.get().number
        other = make_world()
        third = accepted(other, now=moment).documents.get().number
    opd, other_opd = w.agency.short_name.upper(), other.agency.short_name.upper()
    assert (first, second, third) == (f"SP-{opd}-V-2026-0001", f"SP-{opd}-V-2026-0002", f"SP-{other_opd}-V-2026-0001")


def test_the_pdf_is_downloaded_only_by_those_who_may_see_the_order(client, order_with_sp):
    w, order, sp = order_with_sp
    url = reverse("purchasing:order_document", args=[order.number, "sp"])
    assert client.get(url).status_code == 302  # anonymous → login
    client.force_login(make_user(Role.PP, agency=make_agency()))
    assert client.get(url).status_code == 404
    client.force_login(w.seller)
    response = client.get(url)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content == documents.render(sp).pdf
    assert client.get(reverse("purchasing:order_document", args=[order.number, "bast"])).status_code == 404
