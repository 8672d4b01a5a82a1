"""A small labelled catalogue for search tests: realistic names, three kinds of supplier."""

import pytest

from katalog.regions.models import District
from tests.factories import home_district, make_category, make_product, make_supplier


@pytest.fixture
def catalogue(db):
    """Products keyed by a short label, plus the suppliers and categories they use."""
    food = make_category("Makanan dan Minuman")
    snacks = make_category("Makanan Ringan", parent=food)
    chips = make_category("Keripik", parent=snacks)
    drinks = make_category("Minuman", parent=food)
    office = make_category("Alat Tulis Kantor")
    paper = make_category("Kertas", parent=office)
    pens = make_category("Pulpen dan Spidol", parent=office)
    electronics = make_category("Elektronik")
    services = make_category("Jasa")
    # A far-away district of another kabupaten, for a non-local supplier.
    elsewhere = District.objects.exclude(regency_id="18.03").order_by("code").first()
    local_umk = make_supplier(name="UD Sinar Abung", scale="mikro", district=home_district(1))
    local_umk2 = make_supplier(name="CV Tunas Mekar", scale="kecil", district=home_district(2))
    local_big = make_supplier(name="PT Sentosa Raya", scale="besar", district=home_district(1))
    far_big = make_supplier(name="PT Nusantara Jaya", scale="besar", district=elsewhere)
    p = {}

    def add(label, supplier, category, name, **fields):
        p[label] = make_product(supplier, category, name=name, **fields)

    add("keripik_pisang_umk", local_umk, chips, "Keripik Pisang Manis 250 gr", tkdn=70, price=18_000, is_halal=True)
    add("kripik_pisang_far", far_big, chips, "Kripik Pisang Coklat 250gr", tkdn=10, price=17_000)
    add("keripik_pisang_kg", local_umk2, chips, "Keripik Pisang Kepok Curah 1 kg", tkdn=60, price=65_000)
    add("keripik_singkong", local_umk, chips, "Keripik Singkong Balado 250 gr", tkdn=70, price=15_000)
    add("emping", local_umk2, chips, "Emping Mlinjo Pedas Manis 250 gram", tkdn=65, price=30_000)
    add("kopi_250", local_umk, drinks, "Kopi Bubuk Robusta Lampung 250 gr", tkdn=80, price=35_000, is_halal=True)
    add("kopi_1kg", local_big, drinks, "Kopi Robusta Biji Sangrai 1 kg", tkdn=40, price=120_000)
    add("minuman_jahe", local_umk2, drinks, "Minuman Jahe Merah Instan", tkdn=60, price=25_000)
    add("hvs", local_big, paper, "Kertas HVS A4 70 gsm 1 rim", tkdn=30, price=55_000, has_sni=True)
    add("pulpen", far_big, pens, "Bolpoin Hitam Standard isi 12 pcs", tkdn=0, price=24_000, origin="impor")
    add("spidol", local_big, pens, "Spidol Whiteboard Biru", tkdn=20, price=9_000)
    add("paket_atk", local_umk2, office, "Paket ATK Lengkap untuk Rapat", tkdn=35, price=150_000)
    add("baterai", far_big, electronics, "Baterai AA Alkaline isi 4", tkdn=0, price=28_000, origin="impor")
    add("handphone", far_big, electronics, "Handphone Android 4G RAM 4GB", tkdn=35, price=1_900_000)
    add("pengadaan", local_big, services, "Jasa Konsultansi Pengadaan Barang", tkdn=90, price=5_000_000)
    add("ada_stok", local_big, services, "Tenda Pesta Selalu Ada Stok", tkdn=50, price=750_000)
    return {"products": p, "categories": {"food": food, "snacks": snacks, "chips": chips, "office": office,
                                          "pens": pens, "drinks": drinks},
            "suppliers": {"local_umk": local_umk, "local_umk2": local_umk2, "local_big": local_big,
                          "far_big": far_big}}
