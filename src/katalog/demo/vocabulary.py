"""Vocabulary for realistic demo data of Kabupaten Lampung Utara (Kemendagri 18.03).

Pure data plus a few tiny helpers; nothing here imports Django, so the demo
generator, tests and scripts can all read it cheaply.

What is in here
---------------
``AGENCIES``           the OPD (perangkat daerah) of Pemerintah Kabupaten Lampung
                       Utara, without the 23 kecamatan offices (those are derived
                       from the region data elsewhere).
``CATEGORIES``         a 3-level catalogue category tree (top group, sub group,
                       leaf).  Every leaf carries a KBKI subkelas code and the KBLI
                       2020 codes whose holders may sell in it.
``ALL_LEAVES``         the leaves of that tree, flat, in tree order.
``PRODUCT_TEMPLATES``  product templates (seller-written name variants, unit,
                       price range, TKDN range, import share, ...).
``PERSON_*``, ``BUSINESS_*``, ``SUPPLIER_KINDS``
                       name pools and business kinds for deterministic generation.

Notes on the codes
------------------
* KBKI codes are the 5-digit *subkelas* of the editions shipped with the app
  (``katalog/catalogue/data``): KBKI 2012 for goods (sections 0-4) and KBKI 2013
  for services (sections 5-9).  These are **not** KBKI 2015 codes; see
  ``catalogue/data/README-kbki.md``.  ``Leaf.service`` is true for the
  services edition.  ``tests/demo/test_vocabulary.py`` checks that every code
  exists in the shipped files.
* KBLI codes are KBLI 2020 (the edition in OSS-RBA NIBs) and were checked
  against a published KBLI 2020 list.  Each leaf lists 1-3 codes (maker and/or
  trader); each supplier kind lists the codes its NIB typically carries, and
  shares at least one code with every leaf it sells in (the national portal
  rejects a category that does not match the supplier's KBLI).

Notes on the template fields
----------------------------
* Prices are whole rupiah (ints), 2025 levels in Lampung Utara, *before* PPN.
* ``tkdn`` is a plausible (low, high) TKDN percentage for a *domestic* unit of
  the item: self-declared TKDN IK for small industry (food, crafts) is high;
  branded electronics and ATK are low.  ``import_share`` is the probability a
  generated product of this template is an import (which then has TKDN 0).
* ``halal``: True = typically halal-certified (food, soap, catering), False =
  halal applies but small home producers typically have no certificate yet,
  None = not applicable (non-food, raw produce, services other than catering).
* ``ppn``: the usual rate on the seller's invoice: 12 for typical PKP sellers
  (branded goods, shops, outsourcing firms), 0 for non-PKP micro producers and
  for items outside PPN (catering pays the regional PBJT instead of PPN; raw
  agricultural produce and beras are exempt).
* ``local_specialty``: a typical Lampung Utara / Lampung product (robusta,
  lada, keripik pisang, gula aren, madu, tapis, sulam usus, batik Lampung,
  wooden furniture, bata merah, ...).
"""

from __future__ import annotations

from math import gcd
from typing import NamedTuple

__all__ = [
    "Agency",
    "Leaf",
    "ProductTemplate",
    "SupplierKind",
    "AGENCY_KINDS",
    "AGENCIES",
    "UKPBJ_AGENCY_CODE",
    "UKPBJ_UNIT_NAME",
    "CATEGORIES",
    "ALL_LEAVES",
    "PRODUCT_TEMPLATES",
    "SCALES",
    "PERSON_FIRST_NAMES",
    "PERSON_LAST_NAMES",
    "BUSINESS_PREFIXES",
    "BUSINESS_WORDS",
    "SUPPLIER_KINDS",
    "leaf_for",
    "leaf_by_name",
    "category_paths",
    "templates_for",
    "supplier_kind",
    "person_name",
    "business_name",
]


# --------------------------------------------------------------------------- #
# Structures
# --------------------------------------------------------------------------- #


class Agency(NamedTuple):
    """One OPD (perangkat daerah)."""

    code: str  # short stable slug, e.g. "dinkes"
    name: str  # full official-style name
    short_name: str  # common abbreviation, e.g. "Dinkes"
    kind: str  # one of AGENCY_KINDS


class Leaf(NamedTuple):
    """A leaf of the catalogue category tree."""

    path: tuple[str, str, str]  # (top group, sub group, leaf name)
    kbki: str  # 5-digit KBKI subkelas (2012 goods / 2013 services)
    kbli: tuple[str, ...]  # 1-3 KBLI 2020 codes allowed to sell in it
    service: bool = False  # True: code is from the KBKI 2013 services file

    @property
    def name(self) -> str:
        return self.path[-1]


class ProductTemplate(NamedTuple):
    """A family of similar products a generator can instantiate."""

    leaf_path: tuple[str, str, str]
    names: tuple[str, ...]  # seller-written name variants
    unit: str  # satuan, e.g. "bungkus", "rim", "orang/hari"
    price_min: int  # rupiah, before PPN
    price_max: int
    tkdn: tuple[int, int]  # (low, high) percent for a domestic unit
    import_share: float  # 0..1 probability that the item is an import
    halal: bool | None
    sni_likely: bool
    ppn: int  # 12 or 0
    local_specialty: bool


class SupplierKind(NamedTuple):
    """A kind of business that sells into the catalogue."""

    code: str
    label: str
    leaves: tuple[tuple[str, str, str], ...]  # leaf paths it sells in
    scale_weights: tuple[int, int, int, int]  # weights for SCALES, in order
    kbli: tuple[str, ...]  # KBLI 2020 codes typical on its NIB
    prefixes: tuple[str, ...]  # preferred BUSINESS_PREFIXES
    name_words: tuple[str, ...]  # words typical in its trading name


SCALES = ("mikro", "kecil", "menengah", "besar")

AGENCY_KINDS = ("sekretariat", "inspektorat", "badan", "dinas", "rsud", "satpol")


# --------------------------------------------------------------------------- #
# 1. Agencies (OPD) of Pemerintah Kabupaten Lampung Utara
# --------------------------------------------------------------------------- #

AGENCIES: tuple[Agency, ...] = (
    Agency("setda", "Sekretariat Daerah", "Setda", "sekretariat"),
    Agency("setwan", "Sekretariat Dewan Perwakilan Rakyat Daerah", "Setwan DPRD", "sekretariat"),
    Agency("inspektorat", "Inspektorat Daerah", "Inspektorat", "inspektorat"),
    Agency("bappeda", "Badan Perencanaan Pembangunan Daerah", "Bappeda", "badan"),
    Agency("bpkad", "Badan Pengelolaan Keuangan dan Aset Daerah", "BPKAD", "badan"),
    Agency("bapenda", "Badan Pendapatan Daerah", "Bapenda", "badan"),
    Agency("bkpsdm", "Badan Kepegawaian dan Pengembangan Sumber Daya Manusia", "BKPSDM", "badan"),
    Agency("bpbd", "Badan Penanggulangan Bencana Daerah", "BPBD", "badan"),
    Agency("kesbangpol", "Badan Kesatuan Bangsa dan Politik", "Kesbangpol", "badan"),
    Agency("brida", "Badan Riset dan Inovasi Daerah", "BRIDA", "badan"),
    Agency("disdikbud", "Dinas Pendidikan dan Kebudayaan", "Disdikbud", "dinas"),
    Agency("dinkes", "Dinas Kesehatan", "Dinkes", "dinas"),
    Agency("rsud", "Rumah Sakit Umum Daerah Mayjend H.M. Ryacudu", "RSUD Ryacudu", "rsud"),
    Agency("dpupr", "Dinas Pekerjaan Umum dan Penataan Ruang", "Dinas PUPR", "dinas"),
    Agency("disperkim", "Dinas Perumahan dan Kawasan Permukiman", "Disperkim", "dinas"),
    Agency("satpolpp", "Satuan Polisi Pamong Praja", "Satpol PP", "satpol"),
    Agency("damkar", "Dinas Pemadam Kebakaran dan Penyelamatan", "Damkar", "dinas"),
    Agency("dinsos", "Dinas Sosial", "Dinsos", "dinas"),
    Agency("disdukcapil", "Dinas Kependudukan dan Pencatatan Sipil", "Disdukcapil", "dinas"),
    Agency("dpmd", "Dinas Pemberdayaan Masyarakat dan Desa", "Dinas PMD", "dinas"),
    Agency(
        "dp3ap2kb",
        "Dinas Pemberdayaan Perempuan, Perlindungan Anak, Pengendalian Penduduk dan Keluarga Berencana",
        "DP3AP2KB",
        "dinas",
    ),
    Agency("disnaker", "Dinas Tenaga Kerja", "Disnaker", "dinas"),
    Agency("diskopumkm", "Dinas Koperasi dan Usaha Mikro, Kecil dan Menengah", "Diskop UMKM", "dinas"),
    Agency("dpmptsp", "Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu", "DPMPTSP", "dinas"),
    Agency("disdag", "Dinas Perdagangan", "Disdag", "dinas"),
    Agency("dispar", "Dinas Pariwisata", "Dispar", "dinas"),
    Agency("dispora", "Dinas Pemuda dan Olahraga", "Dispora", "dinas"),
    Agency("distan", "Dinas Pertanian", "Distan", "dinas"),
    Agency("disbunnak", "Dinas Perkebunan dan Peternakan", "Disbunnak", "dinas"),
    Agency("diskan", "Dinas Perikanan", "Diskan", "dinas"),
    Agency("dkp", "Dinas Ketahanan Pangan", "DKP", "dinas"),
    Agency("dlh", "Dinas Lingkungan Hidup", "DLH", "dinas"),
    Agency("dishub", "Dinas Perhubungan", "Dishub", "dinas"),
    Agency("diskominfo", "Dinas Komunikasi dan Informatika", "Diskominfo", "dinas"),
    Agency("dispusip", "Dinas Perpustakaan dan Kearsipan", "Dispusip", "dinas"),
)

# The procurement section (acting as UKPBJ and catalogue manager) is a bagian
# of the Sekretariat Daerah, not an OPD of its own.
UKPBJ_AGENCY_CODE = "setda"
UKPBJ_UNIT_NAME = "Bagian Pengadaan Barang dan Jasa"


# --------------------------------------------------------------------------- #
# 2. Category tree
# --------------------------------------------------------------------------- #
# (top group, ((sub group, ((leaf, KBKI subkelas, (KBLI 2020, ...)), ...)), ...))

_TREE: tuple = (
    ("Makanan dan Minuman", (
        ("Makanan Ringan", (
            ("Keripik Pisang", "23999", ("10794", "47249")),
            ("Keripik Singkong dan Umbi", "23999", ("10794", "47249")),
            ("Emping dan Kerupuk", "23999", ("10794", "47249")),
            ("Kue Kering", "23430", ("10710", "47242")),
            ("Roti dan Kue Basah", "23490", ("10710", "10792", "47242")),
        )),
        ("Kopi dan Minuman", (
            ("Kopi Bubuk dan Kopi Sangrai", "23911", ("10761", "46314", "47243")),
            ("Air Minum Dalam Kemasan", "24410", ("11051", "46334", "47222")),
        )),
        ("Gula, Madu dan Rempah", (
            ("Gula Aren dan Gula Semut", "23210", ("10722", "46331", "47243")),
            ("Madu", "02910", ("10799", "46319", "47249")),
            ("Lada Olahan", "23921", ("10779", "46319", "47249")),
        )),
        ("Bahan Pangan", (
            ("Beras", "23161", ("10631", "46311", "47241")),
            ("Tepung Tapioka", "23230", ("10621", "46319", "47249")),
        )),
        ("Oleh-oleh", (
            ("Paket Oleh-oleh Khas Lampung Utara", "23999", ("10799", "47249", "47789")),
        )),
    )),
    ("Jasa Boga (Katering)", (
        ("Konsumsi Rapat dan Kegiatan", (
            ("Nasi Kotak", "63391", ("56210", "56290")),
            ("Snack Box dan Kudapan Rapat", "63391", ("56210", "10792")),
            ("Prasmanan dan Coffee Break", "63391", ("56210", "56101")),
        )),
        ("Katering Kontrak", (
            ("Makan Pasien dan Diet", "63393", ("56290",)),
            ("Katering Harian Pegawai dan Petugas", "63393", ("56290", "56210")),
        )),
    )),
    ("Alat Tulis Kantor", (
        ("Kertas", (
            ("Kertas HVS", "32129", ("46694", "47650", "47611")),
            ("Kertas Khusus dan Label", "32199", ("46694", "47650", "47611")),
        )),
        ("Alat Tulis", (
            ("Pulpen dan Pensil", "38911", ("32901", "46421", "47611")),
            ("Spidol dan Stabilo", "38911", ("32901", "46421", "47611")),
        )),
        ("Buku dan Pengarsipan", (
            ("Buku Tulis, Agenda dan Ekspedisi", "32700", ("17099", "46421", "47611")),
            ("Map, Ordner dan Box File", "32700", ("17099", "46421", "47611")),
            ("Amplop", "32192", ("17099", "46695", "47611")),
        )),
        ("Perlengkapan Meja", (
            ("Stapler, Klip dan Penjepit Kertas", "42995", ("46421", "47611")),
            ("Lakban dan Selotip", "36920", ("46421", "47611")),
        )),
        ("Tinta dan Toner", (
            ("Tinta Printer", "35140", ("46421", "47411", "47611")),
            ("Toner dan Cartridge", "44922", ("46511", "47411")),
        )),
    )),
    ("Percetakan", (
        ("Barang Cetakan", (
            ("Spanduk, Baliho dan Banner", "32690", ("18111", "18120", "47612")),
            ("Kalender", "32630", ("18111", "47612")),
            ("Brosur, Leaflet dan Booklet", "32620", ("18111", "47612")),
            ("Blanko, Kuitansi dan Kop Surat", "32700", ("18111", "47611")),
            ("Kartu Nama, Undangan dan Sertifikat", "32197", ("18111", "47612")),
            ("Stempel", "38912", ("18120", "47611")),
        )),
        ("Jasa Cetak dan Penggandaan", (
            ("Jasa Cetak Buku dan Laporan", "89121", ("18111",)),
            ("Fotokopi dan Penjilidan", "85951", ("82190", "18120")),
        )),
    )),
    ("Tekstil dan Pakaian", (
        ("Pakaian Dinas dan Seragam", (
            ("Pakaian Dinas Harian (PDH)", "28231", ("14111", "14120", "47711")),
            ("Pakaian Dinas Lapangan (PDL)", "28231", ("14111", "14120")),
            ("Seragam Wanita", "28233", ("14111", "14120", "47711")),
            ("Kemeja Batik", "28232", ("14111", "13134", "47711")),
        )),
        ("Kaos dan Atribut", (
            ("Kaos dan Polo", "28225", ("14301", "14111", "47711")),
            ("Topi", "28262", ("14131", "47713")),
            ("Jaket dan Rompi", "28231", ("14111", "47711")),
            ("Tas Seminar dan Goodie Bag", "29220", ("13929", "14111", "47714")),
        )),
        ("Kain Khas Lampung", (
            ("Kain Tapis", "27913", ("13912", "13121", "47511")),
            ("Sulam Usus", "28234", ("14302", "13922", "47711")),
            ("Kain Batik Lampung", "26610", ("13134", "47511")),
        )),
    )),
    ("Kerajinan dan Cenderamata", (
        ("Cenderamata Khas Lampung", (
            ("Miniatur Siger dan Ornamen", "42996", ("32903", "47783")),
            ("Plakat dan Ukiran Kayu", "31913", ("16293", "47781")),
            ("Gantungan Kunci, Pin dan Suvenir Kecil", "38999", ("32903", "47789")),
        )),
        ("Tas dan Aksesori Tapis", (
            ("Tas dan Dompet Tapis", "29220", ("15121", "13922", "47714")),
        )),
        ("Anyaman", (
            ("Anyaman Bambu, Rotan dan Pandan", "31923", ("16291", "16292", "47781")),
        )),
    )),
    ("Mebel dan Perabot", (
        ("Meja", (
            ("Meja Kantor dan Meja Rapat", "38122", ("31001", "47591")),
            ("Mebel Sekolah", "38140", ("31001", "47591")),
        )),
        ("Kursi", (
            ("Kursi Kayu", "38112", ("31001", "47591")),
            ("Kursi Besi dan Kursi Lipat", "38111", ("47591", "46499")),
            ("Kursi Kantor", "38119", ("47591", "46499")),
        )),
        ("Lemari dan Rak", (
            ("Lemari dan Rak Kayu", "38122", ("31001", "47591")),
            ("Filing Cabinet dan Lemari Besi", "38121", ("47591", "46499")),
        )),
    )),
    ("Bahan Bangunan", (
        ("Bata dan Produk Beton", (
            ("Batu Bata Merah", "37350", ("23921", "46633", "47523")),
            ("Batako dan Paving Block", "37540", ("23953", "46633", "47523")),
            ("Buis Beton dan Produk Semen Lainnya", "37560", ("23951", "47523")),
        )),
        ("Semen, Pasir dan Batu", (
            ("Semen", "37440", ("46634", "47524")),
            ("Pasir", "15310", ("08104", "46634", "47524")),
            ("Batu Split dan Batu Kali", "15320", ("08101", "46634", "47524")),
        )),
        ("Kayu dan Besi", (
            ("Kayu Bangunan", "31100", ("16101", "46636", "47526")),
            ("Besi Beton", "41242", ("46631", "47521")),
        )),
        ("Atap, Lantai dan Cat", (
            ("Genteng", "37350", ("23922", "46633", "47523")),
            ("Keramik Lantai", "37370", ("46635", "47525")),
            ("Cat", "35110", ("46637", "47527")),
        )),
    )),
    ("Hasil Pertanian dan Perkebunan", (
        ("Hasil Perkebunan", (
            ("Kopi Biji (Green Bean)", "01610", ("01270", "46314")),
            ("Lada Biji", "01651", ("01281", "46209")),
            ("Karet Rakyat", "01950", ("01291", "46209")),
            ("Tandan Buah Segar Sawit", "01491", ("01262", "46202")),
        )),
        ("Hasil Pertanian", (
            ("Pisang", "01312", ("01220", "46312", "47212")),
            ("Ubi Kayu (Singkong)", "01592", ("01135", "46201", "47211")),
        )),
        ("Bibit Tanaman", (
            ("Bibit Tanaman Perkebunan", "01961", ("01270", "47762")),
        )),
    )),
    ("Peralatan Kantor dan Elektronik", (
        ("Komputer", (
            ("Laptop", "45221", ("46511", "47411", "26201")),
            ("Komputer Desktop dan All-in-One", "45230", ("46511", "47411", "26201")),
            ("Flashdisk dan Penyimpanan Data", "47550", ("46511", "47411")),
        )),
        ("Printer dan Pemindai", (
            ("Printer Inkjet", "45263", ("46511", "47411")),
            ("Printer Laser", "45264", ("46511", "47411")),
            ("Scanner", "45262", ("46511", "47411")),
        )),
        ("Peralatan Presentasi dan Audio Visual", (
            ("Proyektor", "47315", ("46511", "47411")),
            ("Televisi", "47313", ("46491", "47592")),
        )),
        ("Peralatan Listrik Kantor", (
            ("AC", "43912", ("46491", "47592")),
            ("Kipas Angin", "44815", ("46491", "47592")),
            ("Kalkulator", "45130", ("46591", "47415")),
        )),
        ("Servis dan Perawatan", (
            ("Servis Komputer dan Printer", "87130", ("95110",)),
        )),
    )),
    ("Jasa Kebersihan", (
        ("Layanan Kebersihan", (
            ("Cleaning Service Gedung", "85330", ("81210", "81290")),
            ("Kebersihan Khusus (Karpet, Sofa, Kaca)", "85340", ("81290", "81210")),
            ("Pengendalian Hama dan Fogging", "85310", ("81290",)),
        )),
        ("Bahan dan Alat Kebersihan", (
            ("Sabun dan Cairan Pembersih", "35322", ("46499", "47599", "47192")),
            ("Sapu, Pel dan Sikat", "38993", ("46499", "47599")),
            ("Tisu", "32193", ("17091", "46695", "47599")),
            ("Kantong Sampah", "36410", ("46499", "47599")),
            ("Pengharum Ruangan", "35331", ("46499", "47599")),
        )),
    )),
)


def _build_categories(tree: tuple) -> tuple:
    out = []
    for top, mids in tree:
        built_mids = []
        for mid, leaves in mids:
            built_leaves = tuple(
                Leaf(
                    path=(top, mid, name),
                    kbki=kbki,
                    kbli=tuple(kbli),
                    service=kbki[0] in "56789",  # KBKI sections 5-9 are services
                )
                for name, kbki, kbli in leaves
            )
            built_mids.append((mid, built_leaves))
        out.append((top, tuple(built_mids)))
    return tuple(out)


#: The tree: ``((top, ((sub, (Leaf, ...)), ...)), ...)``.
CATEGORIES: tuple[tuple[str, tuple[tuple[str, tuple[Leaf, ...]], ...]], ...] = (
    _build_categories(_TREE)
)

#: All leaves, flat, in tree order.
ALL_LEAVES: tuple[Leaf, ...] = tuple(
    leaf for _top, mids in CATEGORIES for _mid, leaves in mids for leaf in leaves
)

_LEAF_BY_PATH: dict[tuple[str, ...], Leaf] = {leaf.path: leaf for leaf in ALL_LEAVES}
_LEAF_BY_NAME: dict[str, Leaf] = {leaf.name: leaf for leaf in ALL_LEAVES}
if len(_LEAF_BY_NAME) != len(ALL_LEAVES):  # pragma: no cover - guards edits
    raise RuntimeError("leaf names must be unique across the category tree")


def leaf_for(path) -> Leaf:
    """The leaf at ``path`` (a 3-tuple/list of names); KeyError if none."""
    return _LEAF_BY_PATH[tuple(path)]


def leaf_by_name(name: str) -> Leaf:
    """The leaf called ``name`` (leaf names are unique); KeyError if none."""
    return _LEAF_BY_NAME[name]


def category_paths() -> tuple[tuple[str, ...], ...]:
    """Every node of the tree as a path, parents before children.

    Handy for creating category rows level by level: ("Percetakan",),
    ("Percetakan", "Barang Cetakan"), ("Percetakan", "Barang Cetakan", "Stempel"), ...
    """
    out: list[tuple[str, ...]] = []
    for top, mids in CATEGORIES:
        out.append((top,))
        for mid, leaves in mids:
            out.append((top, mid))
            out.extend(leaf.path for leaf in leaves)
    return tuple(out)


def _p(name: str) -> tuple[str, str, str]:
    return _LEAF_BY_NAME[name].path


# --------------------------------------------------------------------------- #
# 3. Product templates
# --------------------------------------------------------------------------- #

_T = ProductTemplate

PRODUCT_TEMPLATES: tuple[ProductTemplate, ...] = (
    # ---- Makanan ringan ---------------------------------------------------- #
    _T(_p("Keripik Pisang"), (
        "Keripik Pisang Manis 250 gr",
        "Kripik Pisang Coklat Khas Lampung 250gr",
        "Keripik Pisang Original Standing Pouch 250 gram",
        "Kripik Pisang Kepok Asin Gurih 250 Gr",
    ), "bungkus", 15_000, 25_000, (55, 90), 0.0, True, False, 0, True),
    _T(_p("Keripik Pisang"), (
        "Keripik Pisang Coklat Lumer 500 gr",
        "Kripik Pisang Manis Oleh-oleh Kotabumi 500gr",
        "Keripik Pisang Aneka Rasa (Coklat/Keju/Balado) 500 gram",
    ), "bungkus", 30_000, 48_000, (55, 90), 0.0, True, False, 0, True),
    _T(_p("Keripik Pisang"), (
        "Keripik Pisang Kepok Curah 1 kg",
        "Kripik Pisang Manis Kiloan 1kg",
        "Keripik Pisang Tanduk Asin 1 Kg",
    ), "kg", 55_000, 85_000, (60, 92), 0.0, True, False, 0, True),
    _T(_p("Keripik Pisang"), (
        "Keripik Pisang Mini Pack 100 gr",
        "Kripik Pisang Sachet Snack Rapat 100gr",
    ), "bungkus", 7_000, 12_000, (55, 90), 0.0, False, False, 0, True),
    _T(_p("Keripik Singkong dan Umbi"), (
        "Keripik Singkong Balado 250 gr",
        "Kripik Singkong Pedas Manis 250gr",
        "Keripik Ubi Kayu Original 250 gram",
    ), "bungkus", 12_000, 20_000, (60, 92), 0.0, True, False, 0, True),
    _T(_p("Keripik Singkong dan Umbi"), (
        "Keripik Singkong Balado 1 kg",
        "Kripik Singkong Pedas Kiloan 1kg",
        "Keripik Ubi Ungu Renyah 1 Kg",
    ), "kg", 40_000, 65_000, (60, 92), 0.0, True, False, 0, True),
    _T(_p("Keripik Singkong dan Umbi"), (
        "Keripik Talas Renyah 200 gr",
        "Kripik Ubi Jalar Madu 200gr",
    ), "bungkus", 15_000, 25_000, (55, 90), 0.0, False, False, 0, False),
    _T(_p("Emping dan Kerupuk"), (
        "Emping Melinjo Manis 250 gr",
        "Emping Melinjo Super Tipis 250gr",
        "Emping Mlinjo Pedas Manis 250 gram",
    ), "bungkus", 25_000, 40_000, (55, 90), 0.0, True, False, 0, True),
    _T(_p("Emping dan Kerupuk"), (
        "Emping Melinjo Mentah 1 kg",
        "Emping Mlinjo Kualitas Super 1kg",
    ), "kg", 95_000, 140_000, (60, 92), 0.0, True, False, 0, True),
    _T(_p("Emping dan Kerupuk"), (
        "Kerupuk Kemplang Ikan 250 gr",
        "Kerupuk Singkong Bawang Mentah 500 gr",
        "Kerupuk Tapioka Warna-warni 500gr",
    ), "bungkus", 10_000, 30_000, (55, 90), 0.0, True, False, 0, False),
    _T(_p("Kue Kering"), (
        "Nastar Nanas Toples 500 gr",
        "Kue Nastar Premium 500gr",
        "Kastengel Keju Toples 500 gram",
        "Putri Salju Toples 500 gr",
    ), "toples", 65_000, 120_000, (40, 75), 0.0, True, False, 0, False),
    _T(_p("Kue Kering"), (
        "Kue Kacang Toples 400 gr",
        "Kue Semprit Mentega 400gr",
        "Kue Sagu Keju 400 gram",
    ), "toples", 40_000, 75_000, (40, 75), 0.0, True, False, 0, False),
    _T(_p("Roti dan Kue Basah"), (
        "Kue Engkak Ketan Khas Lampung Loyang 20x20",
        "Engkak Ketan Original 1 Loyang",
        "Lapis Legit Engkak Lampung 22x22 cm",
    ), "loyang", 120_000, 260_000, (55, 90), 0.0, True, False, 0, True),
    _T(_p("Roti dan Kue Basah"), (
        "Bolu Pandan Loyang 22 cm",
        "Bolu Gulung Keju 1 Roll",
        "Brownies Kukus Coklat 1 Box 20x10",
    ), "pcs", 45_000, 85_000, (40, 80), 0.0, True, False, 0, False),
    _T(_p("Roti dan Kue Basah"), (
        "Roti Manis Aneka Isi per Pcs",
        "Roti Sobek Isi Selai per Pcs",
    ), "pcs", 3_000, 8_000, (40, 75), 0.0, True, False, 0, False),
    _T(_p("Roti dan Kue Basah"), (
        "Lemper Ayam per Pcs",
        "Risoles Mayo per Pcs",
        "Pastel Isi Sayur per Pcs",
        "Kue Lumpur per Pcs",
    ), "pcs", 2_500, 6_000, (60, 92), 0.0, False, False, 0, False),
    # ---- Kopi dan minuman ---------------------------------------------------- #
    _T(_p("Kopi Bubuk dan Kopi Sangrai"), (
        "Kopi Robusta Bubuk Lampung 250 gr",
        "Kopi Bubuk Murni Khas Lampung Utara 250gr",
        "Kopi Robusta Tubruk Asli 250 gram",
        "Bubuk Kopi Lampung Cap Siger 250 gr",
    ), "bungkus", 25_000, 45_000, (60, 95), 0.0, True, False, 0, True),
    _T(_p("Kopi Bubuk dan Kopi Sangrai"), (
        "Kopi Robusta Bubuk 500 gr",
        "Kopi Lampung Bubuk Halus 500gr Kemasan Zipper",
        "Kopi Bubuk Robusta Sungkai 500 gram",
    ), "bungkus", 45_000, 80_000, (60, 95), 0.0, True, False, 0, True),
    _T(_p("Kopi Bubuk dan Kopi Sangrai"), (
        "Kopi Robusta Bubuk Kiloan 1 kg",
        "Kopi Bubuk Lampung Grade 1 1kg",
    ), "kg", 90_000, 160_000, (60, 95), 0.0, True, False, 0, True),
    _T(_p("Kopi Bubuk dan Kopi Sangrai"), (
        "Kopi Robusta Fine Roasted Beans 250 gr",
        "Biji Kopi Sangrai Robusta Petik Merah 250gr",
        "Roasted Bean Robusta Lampung Medium Roast 250 gram",
    ), "bungkus", 45_000, 85_000, (60, 95), 0.0, True, False, 0, True),
    _T(_p("Kopi Bubuk dan Kopi Sangrai"), (
        "Kopi Luwak Robusta Lampung 100 gr",
        "Kopi Luwak Bubuk Asli 100gr",
    ), "bungkus", 120_000, 250_000, (60, 95), 0.0, True, False, 0, True),
    _T(_p("Kopi Bubuk dan Kopi Sangrai"), (
        "Kopi Kapal Api Special Mix Renceng isi 10",
        "Kopi Instan 3 in 1 Renceng 10 Sachet",
        "Kopi Torabika Susu Renceng isi 10",
    ), "renceng", 12_000, 18_000, (40, 70), 0.0, True, True, 12, False),
    _T(_p("Air Minum Dalam Kemasan"), (
        "Air Mineral Cup 220 ml isi 48 (1 dus)",
        "AMDK Gelas 240ml per Dus isi 48",
        "Air Minum Kemasan Gelas Produksi Lampura 1 Dus 48 Cup",
    ), "dus", 18_000, 30_000, (40, 80), 0.0, True, True, 0, False),
    _T(_p("Air Minum Dalam Kemasan"), (
        "Air Mineral Botol 600 ml isi 24 (1 dus)",
        "Aqua Botol 600ml 1 Dus isi 24",
        "Le Minerale 600 ml per Dus",
    ), "dus", 45_000, 65_000, (40, 70), 0.0, True, True, 12, False),
    _T(_p("Air Minum Dalam Kemasan"), (
        "Air Mineral Botol 330 ml isi 24",
        "Air Minum Botol Kecil 330ml per Dus",
    ), "dus", 30_000, 45_000, (40, 70), 0.0, True, True, 12, False),
    _T(_p("Air Minum Dalam Kemasan"), (
        "Aqua Galon 19 Liter (Isi)",
        "Air Mineral Galon 19 L Merek Lokal (Isi Ulang Pabrik)",
    ), "galon", 15_000, 25_000, (50, 85), 0.0, True, True, 12, False),
    # ---- Gula, madu, rempah -------------------------------------------------- #
    _T(_p("Gula Aren dan Gula Semut"), (
        "Gula Aren Cetak Asli 1 kg",
        "Gula Merah Aren Murni Lampung Utara 1kg",
        "Gula Aren Batok Tanpa Campuran 1 Kg",
    ), "kg", 25_000, 38_000, (70, 95), 0.0, True, False, 0, True),
    _T(_p("Gula Aren dan Gula Semut"), (
        "Gula Semut Aren Organik 250 gr",
        "Gula Aren Bubuk (Gula Semut) 250gr",
        "Palm Sugar Powder Aren 250 gram",
    ), "bungkus", 15_000, 28_000, (70, 95), 0.0, True, False, 0, True),
    _T(_p("Gula Aren dan Gula Semut"), (
        "Gula Semut Aren 1 kg",
        "Gula Semut Kiloan 1kg Kualitas Ekspor",
    ), "kg", 55_000, 80_000, (70, 95), 0.0, True, False, 0, True),
    _T(_p("Gula Aren dan Gula Semut"), (
        "Gula Aren Cair 500 ml",
        "Sirup Gula Aren Murni 500ml",
    ), "botol", 30_000, 50_000, (65, 92), 0.0, False, False, 0, True),
    _T(_p("Madu"), (
        "Madu Hutan Murni 500 ml",
        "Madu Lebah Asli Lampung Utara 500ml",
        "Madu Hutan Way Rarem 500 ml Botol Kaca",
    ), "botol", 85_000, 150_000, (70, 95), 0.0, True, False, 0, True),
    _T(_p("Madu"), (
        "Madu Murni 250 ml",
        "Madu Randu Asli 250ml",
        "Madu Kaliandra 250 ml",
    ), "botol", 45_000, 85_000, (70, 95), 0.0, True, False, 0, True),
    _T(_p("Madu"), (
        "Madu Klanceng (Trigona) 250 ml",
        "Madu Kelulut Asli 250ml",
    ), "botol", 100_000, 180_000, (70, 95), 0.0, False, False, 0, True),
    _T(_p("Madu"), (
        "Madu Hutan 1 kg (Jerigen)",
        "Madu Murni Kiloan 1kg",
    ), "kg", 150_000, 250_000, (70, 95), 0.0, True, False, 0, True),
    _T(_p("Lada Olahan"), (
        "Lada Hitam Bubuk 100 gr",
        "Merica Bubuk Lampung 100gr",
        "Lada Bubuk Murni Khas Lampung 100 gram",
    ), "bungkus", 15_000, 28_000, (65, 95), 0.0, True, False, 0, True),
    _T(_p("Lada Olahan"), (
        "Lada Hitam Butir Kemasan 250 gr",
        "Merica Hitam Utuh Lampung 250gr",
    ), "bungkus", 35_000, 55_000, (65, 95), 0.0, True, False, 0, True),
    _T(_p("Lada Olahan"), (
        "Lada Putih Bubuk 250 gr",
        "Merica Putih Halus 250gr Pouch",
    ), "bungkus", 40_000, 70_000, (65, 95), 0.0, True, False, 0, True),
    # ---- Bahan pangan -------------------------------------------------------- #
    _T(_p("Beras"), (
        "Beras Premium 5 kg",
        "Beras Pulen Kotabumi 5kg",
        "Beras Medium Lokal Lampung Utara 5 Kg",
    ), "karung", 65_000, 85_000, (80, 98), 0.0, None, False, 0, False),
    _T(_p("Beras"), (
        "Beras Premium 25 kg",
        "Beras Medium Karung 25kg",
    ), "karung", 300_000, 400_000, (80, 98), 0.0, None, False, 0, False),
    _T(_p("Tepung Tapioka"), (
        "Tepung Tapioka 500 gr",
        "Tepung Kanji Singkong 500gr",
        "Tapioka Cap Pak Tani 500 gram",
    ), "bungkus", 6_000, 11_000, (70, 95), 0.0, True, True, 0, True),
    _T(_p("Tepung Tapioka"), (
        "Tepung Tapioka 50 kg (Karung)",
        "Tapioka Curah Karung 50kg",
    ), "karung", 550_000, 800_000, (75, 95), 0.0, True, True, 12, True),
    _T(_p("Paket Oleh-oleh Khas Lampung Utara"), (
        "Paket Oleh-oleh Khas Lampung Utara (Kopi, Keripik, Gula Aren)",
        "Hampers Produk UMKM Lampura Ukuran Sedang",
        "Parsel Oleh-oleh Kopi dan Keripik Pisang",
    ), "paket", 150_000, 350_000, (50, 85), 0.0, True, False, 0, True),
    _T(_p("Paket Oleh-oleh Khas Lampung Utara"), (
        "Paket Suvenir Tamu Dinas Premium (Kopi Luwak, Madu, Tapis)",
        "Hampers Premium Khas Lampung Utara",
    ), "paket", 400_000, 900_000, (50, 85), 0.0, True, False, 0, True),
    # ---- Jasa boga ----------------------------------------------------------- #
    _T(_p("Nasi Kotak"), (
        "Nasi Kotak Ayam Goreng Lengkap",
        "Nasi Box Rapat Menu Ayam Bakar",
        "Nasi Kotak Rendang Sapi + Sayur + Buah",
        "Nasi Kotak Menu Ikan Nila Bakar",
    ), "kotak", 25_000, 45_000, (70, 95), 0.0, True, False, 0, False),
    _T(_p("Nasi Kotak"), (
        "Nasi Kotak Pindang Patin Khas Lampung",
        "Nasi Box Seruit dan Pindang Baung",
        "Paket Nasi Pindang Ikan Lampung",
    ), "kotak", 35_000, 55_000, (70, 95), 0.0, True, False, 0, True),
    _T(_p("Nasi Kotak"), (
        "Nasi Tumpeng Kuning 20 Porsi",
        "Tumpeng Syukuran Lengkap untuk 25 Orang",
    ), "paket", 500_000, 950_000, (70, 95), 0.0, True, False, 0, False),
    _T(_p("Nasi Kotak"), (
        "Nasi Bungkus Lauk Telur Balado",
        "Nasi Kotak Ekonomis Menu Telur + Tempe",
    ), "kotak", 15_000, 22_000, (70, 95), 0.0, False, False, 0, False),
    _T(_p("Snack Box dan Kudapan Rapat"), (
        "Snack Box Isi 3 Kue + Air Mineral",
        "Kotak Kue Rapat Isi 3 Macam",
        "Snack Rapat (Lemper, Risol, Bolu) per Kotak",
    ), "kotak", 10_000, 20_000, (70, 95), 0.0, True, False, 0, False),
    _T(_p("Snack Box dan Kudapan Rapat"), (
        "Snack Box Premium Isi 4 + Buah",
        "Kudapan Rapat Premium per Kotak",
    ), "kotak", 18_000, 30_000, (70, 95), 0.0, True, False, 0, False),
    _T(_p("Snack Box dan Kudapan Rapat"), (
        "Snack Box Kue Tradisional Lampung (Engkak, Lapis)",
        "Kotak Kue Khas Lampung isi 3",
    ), "kotak", 15_000, 25_000, (70, 95), 0.0, False, False, 0, True),
    _T(_p("Prasmanan dan Coffee Break"), (
        "Prasmanan Menu Nasional per Orang",
        "Katering Prasmanan Acara Dinas per Pax",
        "Paket Prasmanan Acara Resmi per Orang",
    ), "orang", 40_000, 85_000, (70, 95), 0.0, True, False, 0, False),
    _T(_p("Prasmanan dan Coffee Break"), (
        "Coffee Break Pagi per Orang",
        "Paket Coffee Break (Kopi/Teh + 2 Kue)",
        "Rehat Kopi Rapat per Pax",
    ), "orang", 15_000, 30_000, (70, 95), 0.0, True, False, 0, False),
    _T(_p("Prasmanan dan Coffee Break"), (
        "Paket Makan Siang + Coffee Break Rapat Sehari",
        "Full Day Meeting Konsumsi (1x Makan, 2x Snack)",
    ), "orang/hari", 60_000, 110_000, (70, 95), 0.0, True, False, 0, False),
    _T(_p("Makan Pasien dan Diet"), (
        "Makan Pasien Rawat Inap 3x Sehari",
        "Katering Diet Pasien RSUD per Hari",
        "Paket Makan Pasien Kelas III per Orang per Hari",
    ), "orang/hari", 45_000, 85_000, (70, 95), 0.0, True, False, 0, False),
    _T(_p("Makan Pasien dan Diet"), (
        "Menu Diet Khusus Pasien Diabetes per Hari",
        "Makanan Diet Rendah Garam 3x Sehari",
    ), "orang/hari", 60_000, 110_000, (70, 95), 0.0, True, False, 0, False),
    _T(_p("Katering Harian Pegawai dan Petugas"), (
        "Makan Petugas Posko Bencana per Orang per Hari",
        "Katering Harian Petugas Lapangan 2x Makan",
        "Konsumsi Piket Satpol PP per Orang per Hari",
    ), "orang/hari", 35_000, 65_000, (70, 95), 0.0, True, False, 0, False),
    _T(_p("Katering Harian Pegawai dan Petugas"), (
        "Makan Siang Pegawai per Porsi",
        "Katering Makan Siang Kantor (Langganan) per Porsi",
    ), "porsi", 18_000, 30_000, (70, 95), 0.0, True, False, 0, False),
    # ---- Alat tulis kantor --------------------------------------------------- #
    _T(_p("Kertas HVS"), (
        "Kertas HVS A4 70 gr SiDU 1 Rim",
        "Kertas Sinar Dunia A4 70gsm (500 lembar)",
        "HVS A4 70gr Bola Dunia per Rim",
    ), "rim", 48_000, 62_000, (40, 75), 0.02, None, False, 12, False),
    _T(_p("Kertas HVS"), (
        "Kertas HVS F4 70 gr SiDU 1 Rim",
        "Kertas Folio F4 70gsm Sinar Dunia",
        "HVS F4/Folio 70gr PaperLine per Rim",
    ), "rim", 55_000, 68_000, (40, 75), 0.02, None, False, 12, False),
    _T(_p("Kertas HVS"), (
        "Kertas HVS A4 80 gr PaperOne 1 Rim",
        "Kertas A4 80gsm Sinar Dunia Copy Paper",
        "HVS A4 80gr IK Copy per Rim",
    ), "rim", 58_000, 75_000, (40, 75), 0.02, None, False, 12, False),
    _T(_p("Kertas HVS"), (
        "Kertas HVS A4 80 gr Double A (Thailand) 1 Rim",
        "Double A Premium A4 80gsm Import",
        "Kertas Fotokopi Impor A4 80gr 500 Lembar",
    ), "rim", 68_000, 85_000, (0, 5), 0.9, None, False, 12, False),
    _T(_p("Kertas HVS"), (
        "Kertas HVS A4 70 gr 1 Box isi 5 Rim",
        "Kertas SiDU A4 70gsm per Dus (5 Rim)",
    ), "dus", 235_000, 300_000, (40, 75), 0.02, None, False, 12, False),
    _T(_p("Kertas Khusus dan Label"), (
        "Kertas Foto Glossy A4 isi 20 Lembar",
        "Photo Paper A4 230gsm 20 Sheet",
        "Kertas Photo Glossy A4 Epson",
    ), "pak", 25_000, 60_000, (0, 30), 0.6, None, False, 12, False),
    _T(_p("Kertas Khusus dan Label"), (
        "Kertas Karton Buffalo A4 isi 100",
        "Kertas Cover Manila A4 per Pak",
        "Kertas BC Folio 100 Lembar",
    ), "pak", 25_000, 55_000, (25, 55), 0.1, None, False, 12, False),
    _T(_p("Kertas Khusus dan Label"), (
        "Kertas Label Tom & Jerry No. 103 (1 Pak)",
        "Stiker Label Undangan 103 isi 10 Lembar",
    ), "pak", 5_000, 10_000, (20, 50), 0.2, None, False, 12, False),
    _T(_p("Pulpen dan Pensil"), (
        "Pulpen Standard AE7 Hitam 1 Box isi 12",
        "Ballpoint Standard AE-7 0.5 Biru (1 Lusin)",
        "Pulpen Kenko K-1 Hitam per Lusin",
    ), "kotak", 20_000, 32_000, (15, 45), 0.3, None, False, 12, False),
    _T(_p("Pulpen dan Pensil"), (
        "Pulpen Gel Joyko GP-265 per Pcs",
        "Pena Gel Snowman Hitam 0.5 mm",
        "Pulpen Gel Hi-Tec Hitam",
    ), "pcs", 3_000, 12_000, (0, 30), 0.6, None, False, 12, False),
    _T(_p("Pulpen dan Pensil"), (
        "Pensil 2B Faber-Castell 1 Box isi 12",
        "Pensil Staedtler 2B (1 Lusin)",
        "Pensil Kayu HB Joyko per Kotak",
    ), "kotak", 25_000, 55_000, (0, 40), 0.5, None, False, 12, False),
    _T(_p("Pulpen dan Pensil"), (
        "Pulpen Cetak Logo Instansi (min. 100 pcs)",
        "Pulpen Promosi Sablon Nama Dinas",
    ), "pcs", 2_500, 6_000, (20, 50), 0.4, None, False, 0, False),
    _T(_p("Spidol dan Stabilo"), (
        "Spidol Whiteboard Snowman BG-12 1 Box isi 12",
        "Spidol Papan Tulis Snowman Hitam (1 Lusin)",
        "Spidol Whiteboard Kenko Biru 1 Box",
    ), "kotak", 70_000, 100_000, (20, 45), 0.3, None, False, 12, False),
    _T(_p("Spidol dan Stabilo"), (
        "Spidol Permanen Snowman per Pcs",
        "Marker Permanent Hitam Artline 70",
        "Spidol Permanent Snowman Merah",
    ), "pcs", 6_000, 15_000, (10, 40), 0.4, None, False, 12, False),
    _T(_p("Spidol dan Stabilo"), (
        "Stabilo Boss Kuning per Pcs",
        "Highlighter Stabilo Swing Cool",
        "Stabilo Joyko Warna-warni isi 5",
    ), "pcs", 8_000, 35_000, (0, 20), 0.7, None, False, 12, False),
    _T(_p("Buku Tulis, Agenda dan Ekspedisi"), (
        "Buku Ekspedisi Kiky 100 Lembar",
        "Buku Ekspedisi Surat Dinas",
        "Buku Ekspedisi Folio Sinar Dunia",
    ), "pcs", 8_000, 16_000, (40, 75), 0.0, None, False, 12, False),
    _T(_p("Buku Tulis, Agenda dan Ekspedisi"), (
        "Buku Folio Bergaris 100 Lembar",
        "Buku Besar Folio Hard Cover 200 Hal",
        "Buku Agenda Surat Masuk/Keluar",
    ), "pcs", 15_000, 35_000, (40, 75), 0.0, None, False, 12, False),
    _T(_p("Buku Tulis, Agenda dan Ekspedisi"), (
        "Buku Tulis SiDU 38 Lembar 1 Pak isi 10",
        "Buku Tulis Boxy 58 Lbr per Pak",
    ), "pak", 28_000, 55_000, (40, 75), 0.0, None, False, 12, False),
    _T(_p("Buku Tulis, Agenda dan Ekspedisi"), (
        "Buku Agenda Kerja 2026 Hard Cover Logo Pemda",
        "Agenda Eksklusif Custom Logo Instansi",
    ), "pcs", 45_000, 120_000, (40, 80), 0.05, None, False, 12, False),
    _T(_p("Map, Ordner dan Box File"), (
        "Map Snelhecter Plastik Folio per Pcs",
        "Map Plastik Kancing Folio Bening",
        "Clear Holder 20 Pocket Folio",
    ), "pcs", 2_500, 20_000, (20, 50), 0.2, None, False, 12, False),
    _T(_p("Map, Ordner dan Box File"), (
        "Stopmap Kertas Folio 1 Pak isi 50",
        "Map Kertas Diamond Folio per Pak (50 Lbr)",
    ), "pak", 45_000, 80_000, (40, 75), 0.0, None, False, 12, False),
    _T(_p("Map, Ordner dan Box File"), (
        "Ordner Bantex 1450 Folio 7 cm",
        "Ordner Bantex Folio Biru",
        "Box File Plastik Folio Bantex",
    ), "pcs", 25_000, 45_000, (35, 60), 0.1, None, False, 12, False),
    _T(_p("Map, Ordner dan Box File"), (
        "Map Batik Lampung Logo Pemkab (Custom)",
        "Map Rapat Motif Tapis Cetak Custom",
    ), "pcs", 8_000, 20_000, (50, 85), 0.0, None, False, 0, True),
    _T(_p("Amplop"), (
        "Amplop Putih Paperline No. 104 1 Box isi 100",
        "Amplop Jaya 90 Putih Polos per Box",
        "Amplop Putih Kecil 104 (1 Dus isi 100)",
    ), "kotak", 20_000, 35_000, (40, 75), 0.0, None, False, 12, False),
    _T(_p("Amplop"), (
        "Amplop Coklat Folio 1 Pak isi 100",
        "Amplop Cokelat Kabinet F4 per Pack",
        "Amplop Coklat Jumbo Tali",
    ), "pak", 60_000, 120_000, (40, 75), 0.0, None, False, 12, False),
    _T(_p("Amplop"), (
        "Amplop Kop Dinas Cetak 1 Box isi 500",
        "Amplop Putih Cetak Logo Instansi per Box",
    ), "kotak", 150_000, 300_000, (45, 80), 0.0, None, False, 0, False),
    _T(_p("Stapler, Klip dan Penjepit Kertas"), (
        "Stapler Max HD-10 Kecil",
        "Stapler Kenko HD-10",
        "Hekter Joyko HD-10 Warna",
    ), "pcs", 12_000, 30_000, (0, 20), 0.8, None, False, 12, False),
    _T(_p("Stapler, Klip dan Penjepit Kertas"), (
        "Isi Staples No. 10 Max 1 Kotak (20 Box Kecil)",
        "Refill Staples Kenko No.10 1 Dus",
        "Isi Hekter No 10 Joyko per Kotak",
    ), "kotak", 30_000, 60_000, (0, 25), 0.7, None, False, 12, False),
    _T(_p("Stapler, Klip dan Penjepit Kertas"), (
        "Paper Clip Joyko No. 3 1 Kotak isi 10",
        "Klip Kertas Trigonal No.3",
        "Binder Clip Kenko No. 155 1 Lusin",
    ), "kotak", 5_000, 30_000, (0, 25), 0.7, None, False, 12, False),
    _T(_p("Stapler, Klip dan Penjepit Kertas"), (
        "Stapler Besar Max HD-50",
        "Stapler Heavy Duty Kenko HD-12N/24",
    ), "pcs", 95_000, 250_000, (0, 10), 0.9, None, False, 12, False),
    _T(_p("Lakban dan Selotip"), (
        "Lakban Coklat 2 Inch Daimaru",
        "Lakban Bening 48 mm x 90 Yard",
        "Lakban Hitam Kain 2 Inch Nachi",
    ), "roll", 9_000, 25_000, (30, 60), 0.2, None, False, 12, False),
    _T(_p("Lakban dan Selotip"), (
        "Double Tape 1 Inch Nachi",
        "Selotip Bening Kecil 1/2 Inch",
        "Solasi Isolasi Bening 24mm",
    ), "roll", 3_000, 15_000, (30, 60), 0.2, None, False, 12, False),
    _T(_p("Tinta Printer"), (
        "Tinta Epson 003 Original Black 65 ml",
        "Tinta Printer Epson 003 Cyan Original",
        "Epson 664 Ink Bottle Hitam",
    ), "botol", 65_000, 95_000, (0, 5), 0.95, None, False, 12, False),
    _T(_p("Tinta Printer"), (
        "Tinta Isi Ulang Compatible Epson 1 Liter",
        "Tinta Refill Infus Universal 1000ml",
        "Tinta Printer Canon Compatible 1 Liter",
    ), "botol", 90_000, 180_000, (0, 30), 0.6, None, False, 12, False),
    _T(_p("Tinta Printer"), (
        "Tinta Canon GI-790 Original Hitam",
        "Tinta HP GT53 Black Original 90ml",
    ), "botol", 80_000, 120_000, (0, 5), 0.95, None, False, 12, False),
    _T(_p("Toner dan Cartridge"), (
        "Toner HP 85A CE285A Original",
        "Toner Cartridge HP 79A Original",
        "Toner Canon 325 Original",
    ), "pcs", 850_000, 1_400_000, (0, 5), 0.97, None, False, 12, False),
    _T(_p("Toner dan Cartridge"), (
        "Toner Compatible HP 85A",
        "Toner Refill HP CF217A Compatible",
        "Cartridge Toner Compatible Brother TN-2360",
    ), "pcs", 150_000, 300_000, (0, 25), 0.7, None, False, 12, False),
    _T(_p("Toner dan Cartridge"), (
        "Cartridge HP 680 Black Original",
        "Catridge Canon PG-745 Hitam",
        "Tinta Cartridge HP 682 Tri-color",
    ), "pcs", 150_000, 320_000, (0, 5), 0.95, None, False, 12, False),
    # ---- Percetakan ---------------------------------------------------------- #
    _T(_p("Spanduk, Baliho dan Banner"), (
        "Cetak Spanduk Flexi 280 gr per m2",
        "Print Banner Flexi China 280gsm per Meter",
        "Spanduk Kegiatan Dinas Cetak Digital per m2",
    ), "m2", 20_000, 35_000, (40, 75), 0.1, None, False, 0, False),
    _T(_p("Spanduk, Baliho dan Banner"), (
        "Cetak Baliho Flexi Korea 440 gr per m2",
        "Baliho Ukuran Besar Flexi 440gsm per Meter Persegi",
    ), "m2", 35_000, 65_000, (40, 75), 0.1, None, False, 0, False),
    _T(_p("Spanduk, Baliho dan Banner"), (
        "X-Banner 60x160 cm + Rangka",
        "Roll Up Banner 80x200 cm Lengkap",
        "Standing Banner Acara + Tiang",
    ), "pcs", 75_000, 350_000, (20, 55), 0.2, None, False, 0, False),
    _T(_p("Kalender"), (
        "Cetak Kalender Dinding 2026 Logo Pemkab (6 Lembar)",
        "Kalender Dinding Custom Instansi 2026",
        "Kalender Meja 2026 Custom Full Color",
    ), "pcs", 15_000, 45_000, (50, 85), 0.0, None, False, 0, False),
    _T(_p("Brosur, Leaflet dan Booklet"), (
        "Cetak Brosur A4 Art Paper 150 gr 2 Sisi",
        "Leaflet Lipat 3 A4 Full Color",
        "Flyer A5 Art Paper 120gsm",
    ), "lembar", 600, 3_000, (50, 85), 0.0, None, False, 0, False),
    _T(_p("Brosur, Leaflet dan Booklet"), (
        "Cetak Booklet A5 24 Halaman Full Color",
        "Booklet Profil Daerah A4 32 Hal",
    ), "eksemplar", 12_000, 45_000, (50, 85), 0.0, None, False, 0, False),
    _T(_p("Blanko, Kuitansi dan Kop Surat"), (
        "Cetak Kuitansi NCR Rangkap 3 per Buku",
        "Blanko Kwitansi Dinas per Buku",
        "Nota Kontan Rangkap 2 Cetak Nama Instansi",
    ), "buku", 10_000, 25_000, (50, 85), 0.0, None, False, 0, False),
    _T(_p("Blanko, Kuitansi dan Kop Surat"), (
        "Cetak Kop Surat A4 1 Rim",
        "Kertas Kop Surat Dinas HVS 80gr per Rim",
        "Blanko Surat Perintah Tugas per Rim",
    ), "rim", 110_000, 200_000, (45, 80), 0.0, None, False, 0, False),
    _T(_p("Kartu Nama, Undangan dan Sertifikat"), (
        "Cetak Kartu Nama 1 Box isi 100",
        "Kartu Nama Art Carton 260gr 2 Sisi",
        "Name Card Pejabat Doff Laminasi",
    ), "kotak", 35_000, 85_000, (50, 85), 0.0, None, False, 0, False),
    _T(_p("Kartu Nama, Undangan dan Sertifikat"), (
        "Cetak Undangan Resmi Hard Cover per Lembar",
        "Undangan Acara Dinas Art Carton",
        "Kartu Undangan Peresmian + Amplop",
    ), "lembar", 2_500, 9_000, (50, 85), 0.0, None, False, 0, False),
    _T(_p("Kartu Nama, Undangan dan Sertifikat"), (
        "Cetak Sertifikat/Piagam A4 Art Carton",
        "Piagam Penghargaan Cetak Emboss Emas",
        "Sertifikat Pelatihan Full Color A4",
    ), "lembar", 5_000, 25_000, (50, 85), 0.0, None, False, 0, False),
    _T(_p("Kartu Nama, Undangan dan Sertifikat"), (
        "Cetak Map Sertifikat Custom Logo",
        "Map Piagam Hard Cover Cetak Emas",
    ), "pcs", 15_000, 45_000, (45, 80), 0.0, None, False, 0, False),
    _T(_p("Stempel"), (
        "Stempel Flash Dinas Bulat",
        "Cap Stempel Warna Otomatis Instansi",
        "Stempel Flash Tanda Tangan",
    ), "pcs", 65_000, 150_000, (30, 70), 0.2, None, False, 0, False),
    _T(_p("Stempel"), (
        "Stempel Kayu Karet Biasa",
        "Stempel Runaflex Tanggal",
    ), "pcs", 35_000, 85_000, (30, 70), 0.3, None, False, 0, False),
    _T(_p("Jasa Cetak Buku dan Laporan"), (
        "Jasa Cetak Laporan A4 100 Hal + Jilid Soft Cover",
        "Cetak Buku LKPJ/LPPD per Eksemplar",
        "Penggandaan Dokumen Renstra Jilid Hard Cover",
    ), "eksemplar", 35_000, 150_000, (45, 85), 0.0, None, False, 0, False),
    _T(_p("Jasa Cetak Buku dan Laporan"), (
        "Cetak Buku Ber-ISBN 150 Halaman",
        "Cetak Buku Profil Potensi Daerah Full Color",
    ), "eksemplar", 45_000, 175_000, (45, 85), 0.0, None, False, 12, False),
    _T(_p("Fotokopi dan Penjilidan"), (
        "Fotokopi A4 Hitam Putih per Lembar",
        "Fotocopy F4 per Lembar",
        "Fotokopi Bolak-balik A4",
    ), "lembar", 250, 600, (40, 80), 0.0, None, False, 0, False),
    _T(_p("Fotokopi dan Penjilidan"), (
        "Jilid Spiral Kawat A4",
        "Jilid Soft Cover + Laminasi",
        "Jilid Lakban Biasa",
    ), "pcs", 5_000, 25_000, (40, 80), 0.0, None, False, 0, False),
    _T(_p("Fotokopi dan Penjilidan"), (
        "Jilid Hard Cover Laporan",
        "Jilid Buku Hard Cover Tinta Emas",
    ), "pcs", 25_000, 50_000, (40, 80), 0.0, None, False, 0, False),
    _T(_p("Fotokopi dan Penjilidan"), (
        "Print Warna A4 per Lembar",
        "Cetak Dokumen Full Color A3",
    ), "lembar", 1_000, 5_000, (40, 80), 0.0, None, False, 0, False),
    # ---- Tekstil dan pakaian -------------------------------------------------- #
    _T(_p("Pakaian Dinas Harian (PDH)"), (
        "Pakaian Dinas Harian (PDH) Khaki Setelan Jahit Ukur",
        "Seragam PDH ASN Pria Kain Drill",
        "Setelan PDH Khaki Pemda Lengkap Atribut",
    ), "set", 275_000, 475_000, (50, 85), 0.0, None, False, 0, False),
    _T(_p("Pakaian Dinas Harian (PDH)"), (
        "Seragam Korpri Lengkap (Kemeja + Celana)",
        "Baju Korpri Motif Batik Jahit Ukur",
    ), "set", 200_000, 350_000, (45, 80), 0.0, None, False, 0, False),
    _T(_p("Pakaian Dinas Lapangan (PDL)"), (
        "Pakaian Dinas Lapangan (PDL) Satpol PP",
        "Seragam PDL Damkar Lengkap",
        "PDL Dishub Setelan Kain Ripstop",
    ), "set", 350_000, 650_000, (45, 80), 0.0, None, False, 12, False),
    _T(_p("Pakaian Dinas Lapangan (PDL)"), (
        "Seragam Linmas Lengkap (Baju + Celana + Topi)",
        "Seragam Hansip/Linmas Desa",
    ), "set", 250_000, 400_000, (45, 80), 0.0, None, False, 0, False),
    _T(_p("Seragam Wanita"), (
        "Seragam PDH ASN Wanita Rok/Celana",
        "Setelan Dinas Wanita Khaki Jahit Ukur",
        "Seragam Kerja Wanita Model Tunik",
    ), "set", 275_000, 475_000, (50, 85), 0.0, None, False, 0, False),
    _T(_p("Seragam Wanita"), (
        "Seragam Dharma Wanita Persatuan",
        "Baju Seragam PKK Setelan",
    ), "set", 175_000, 350_000, (50, 85), 0.0, None, False, 0, False),
    _T(_p("Kemeja Batik"), (
        "Kemeja Batik Lampung Lengan Panjang Pria",
        "Batik Motif Siger Kemeja Katun",
        "Kemeja Batik Tapis Lengan Panjang Slim Fit",
    ), "pcs", 125_000, 275_000, (55, 90), 0.0, None, False, 0, True),
    _T(_p("Kemeja Batik"), (
        "Kemeja Batik Lengan Pendek Motif Kopi Lampung",
        "Batik Cap Lengan Pendek Seragam Kantor",
    ), "pcs", 95_000, 185_000, (55, 90), 0.0, None, False, 0, True),
    _T(_p("Kemeja Batik"), (
        "Kemeja Batik Tulis Lampung Premium",
        "Batik Tulis Motif Kapal Lampung Lengan Panjang",
    ), "pcs", 350_000, 850_000, (60, 92), 0.0, None, False, 0, True),
    _T(_p("Kaos dan Polo"), (
        "Kaos Polo Bordir Logo Instansi",
        "Polo Shirt Lacoste CVC Bordir Nama",
        "Kaos Kerah Seragam Kegiatan Bordir",
    ), "pcs", 55_000, 110_000, (45, 80), 0.0, None, False, 0, False),
    _T(_p("Kaos dan Polo"), (
        "Kaos Sablon Cotton Combed 30s Kegiatan",
        "Kaos Oblong Event HUT Kabupaten Sablon Depan Belakang",
        "T-Shirt Jalan Sehat Sablon Custom",
    ), "pcs", 40_000, 75_000, (45, 80), 0.05, None, False, 0, False),
    _T(_p("Kaos dan Polo"), (
        "Kaos Olahraga Jersey Printing Full",
        "Jersey Senam Korpri Printing Custom",
    ), "pcs", 75_000, 150_000, (40, 75), 0.05, None, False, 0, False),
    _T(_p("Topi"), (
        "Topi Bordir Logo Pemkab",
        "Topi Rimba Satpol PP",
        "Topi Baseball Drill Bordir Custom",
    ), "pcs", 25_000, 60_000, (40, 75), 0.1, None, False, 0, False),
    _T(_p("Jaket dan Rompi"), (
        "Rompi Dinas Bordir Nama + Logo",
        "Rompi Lapangan Kain Drill Kantong Banyak",
        "Rompi Safety Scotlight Petugas",
    ), "pcs", 85_000, 225_000, (40, 75), 0.05, None, False, 0, False),
    _T(_p("Jaket dan Rompi"), (
        "Jaket Dinas Taslan Bordir Logo",
        "Jaket Parasut Kegiatan Custom",
        "Jaket Bomber Seragam Instansi",
    ), "pcs", 150_000, 325_000, (35, 70), 0.1, None, False, 12, False),
    _T(_p("Tas Seminar dan Goodie Bag"), (
        "Tas Seminar Kain Blacu Sablon Logo",
        "Goodie Bag Spunbond Acara Dinas",
        "Tas Seminar Kanvas Motif Tapis",
    ), "pcs", 12_000, 65_000, (40, 80), 0.05, None, False, 0, False),
    _T(_p("Tas Seminar dan Goodie Bag"), (
        "Tas Ransel Seminar Bordir Logo",
        "Tas Laptop Seminar Custom Instansi",
    ), "pcs", 85_000, 175_000, (25, 60), 0.3, None, False, 12, False),
    _T(_p("Kain Tapis"), (
        "Kain Tapis Lampung Motif Pucuk Rebung",
        "Tapis Tumpal Benang Emas Tenun Tangan",
        "Kain Tapis Asli Lampung Utara Motif Jung Sarat",
    ), "lembar", 750_000, 3_500_000, (70, 95), 0.0, None, False, 0, True),
    _T(_p("Kain Tapis"), (
        "Tapis Modern Motif Siger Bahan Songket",
        "Kain Tapis Semi Mesin Motif Kapal",
        "Kain Tapis Kombinasi Bordir 2 Meter",
    ), "lembar", 350_000, 900_000, (65, 92), 0.0, None, False, 0, True),
    _T(_p("Kain Tapis"), (
        "Selendang Tapis Benang Emas",
        "Selendang Tapis Pengantin Lampung",
    ), "lembar", 150_000, 450_000, (65, 92), 0.0, None, False, 0, True),
    _T(_p("Kain Tapis"), (
        "Taplak Meja Motif Tapis 1 Set",
        "Hiasan Dinding Tapis Bingkai Kayu",
    ), "pcs", 150_000, 600_000, (65, 92), 0.0, None, False, 0, True),
    _T(_p("Sulam Usus"), (
        "Kebaya Sulam Usus Lampung",
        "Atasan Sulam Usus Wanita Bahan Satin",
        "Blus Sulam Usus Motif Bunga",
    ), "pcs", 350_000, 1_200_000, (70, 95), 0.0, None, False, 0, True),
    _T(_p("Sulam Usus"), (
        "Selendang Sulam Usus Satin Velvet",
        "Kerudung Sulam Usus Khas Lampung",
    ), "pcs", 125_000, 350_000, (70, 95), 0.0, None, False, 0, True),
    _T(_p("Sulam Usus"), (
        "Kain Sulam Usus Bahan 2 Meter",
        "Bahan Sulam Usus Siap Jahit",
    ), "lembar", 400_000, 900_000, (70, 95), 0.0, None, False, 0, True),
    _T(_p("Kain Batik Lampung"), (
        "Kain Batik Cap Lampung Motif Siger 2 Meter",
        "Batik Lampung Cap Katun Prima 2m",
        "Kain Batik Motif Gajah Lampung 2 Meter",
    ), "lembar", 110_000, 250_000, (60, 90), 0.0, None, False, 0, True),
    _T(_p("Kain Batik Lampung"), (
        "Kain Batik Tulis Lampung Primissima 2 Meter",
        "Batik Tulis Motif Tapis Warna Alam",
    ), "lembar", 350_000, 1_200_000, (65, 92), 0.0, None, False, 0, True),
    _T(_p("Kain Batik Lampung"), (
        "Kain Batik Printing Motif Lampung per Meter",
        "Batik Print Seragam Motif Siger (per Meter)",
    ), "meter", 35_000, 65_000, (30, 70), 0.15, None, False, 12, False),
    # ---- Kerajinan dan cenderamata ------------------------------------------- #
    _T(_p("Miniatur Siger dan Ornamen"), (
        "Miniatur Siger Kuningan 30 cm",
        "Siger Lampung Pajangan Lapis Emas",
        "Miniatur Siger Pepadun Akrilik + Box",
    ), "pcs", 150_000, 650_000, (50, 85), 0.0, None, False, 0, True),
    _T(_p("Miniatur Siger dan Ornamen"), (
        "Siger Pengantin Lampung Asli Kuningan",
        "Siger Adat Pepadun 9 Lekuk",
    ), "pcs", 750_000, 2_500_000, (55, 88), 0.0, None, False, 0, True),
    _T(_p("Plakat dan Ukiran Kayu"), (
        "Plakat Kayu Ukir Logo Pemkab Lampung Utara",
        "Plakat Penghargaan Kayu Jati + Akrilik",
        "Plakat Kenang-kenangan Motif Tapis",
    ), "pcs", 150_000, 450_000, (55, 90), 0.0, None, False, 0, True),
    _T(_p("Plakat dan Ukiran Kayu"), (
        "Plakat Akrilik Custom Cetak UV",
        "Piala Penghargaan Akrilik Kristal",
    ), "pcs", 85_000, 350_000, (20, 60), 0.3, None, False, 0, False),
    _T(_p("Gantungan Kunci, Pin dan Suvenir Kecil"), (
        "Gantungan Kunci Motif Tapis",
        "Gantungan Kunci Siger Lampung",
        "Ganci Akrilik Logo Kabupaten (min. 50 pcs)",
    ), "pcs", 5_000, 15_000, (40, 85), 0.1, None, False, 0, True),
    _T(_p("Gantungan Kunci, Pin dan Suvenir Kecil"), (
        "Pin Logo Instansi Enamel",
        "Pin Siger Kuningan Kecil",
        "Bros Tapis Lampung",
    ), "pcs", 10_000, 45_000, (35, 80), 0.2, None, False, 0, True),
    _T(_p("Tas dan Dompet Tapis"), (
        "Tas Tapis Lampung Wanita",
        "Tas Jinjing Motif Tapis Kulit Sintetis",
        "Tote Bag Kombinasi Tapis",
    ), "pcs", 85_000, 275_000, (60, 90), 0.0, None, False, 0, True),
    _T(_p("Tas dan Dompet Tapis"), (
        "Dompet Tapis Lampung",
        "Pouch Tapis Multifungsi",
        "Dompet Koin Motif Tapis",
    ), "pcs", 25_000, 85_000, (60, 90), 0.0, None, False, 0, True),
    _T(_p("Anyaman Bambu, Rotan dan Pandan"), (
        "Keranjang Parsel Rotan",
        "Tampah Bambu Anyaman",
        "Tas Anyaman Pandan Motif Lampung",
    ), "pcs", 20_000, 95_000, (70, 95), 0.0, None, False, 0, True),
    _T(_p("Anyaman Bambu, Rotan dan Pandan"), (
        "Kotak Tisu Anyaman Rotan",
        "Tempat Buah Anyaman Bambu Set 3",
    ), "pcs", 35_000, 150_000, (70, 95), 0.0, None, False, 0, True),
    # ---- Mebel dan perabot --------------------------------------------------- #
    _T(_p("Meja Kantor dan Meja Rapat"), (
        "Meja Kerja Kayu Jati 1/2 Biro",
        "Meja Kantor Kayu Mahoni 120x60 Laci 3",
        "Meja Biro Kayu Meranti Finishing Melamin",
    ), "unit", 1_500_000, 3_800_000, (55, 90), 0.0, None, False, 0, True),
    _T(_p("Meja Kantor dan Meja Rapat"), (
        "Meja Rapat Kayu Oval 8 Orang",
        "Meja Meeting Kayu Jati 240x120",
        "Meja Rapat Panjang Kayu Sonokeling",
    ), "unit", 4_500_000, 11_000_000, (55, 90), 0.0, None, False, 12, True),
    _T(_p("Meja Kantor dan Meja Rapat"), (
        "Meja Kantor Modern Panel Partikel 120 cm",
        "Meja Kerja Expo MT 120",
        "Meja Staff HPL Minimalis",
    ), "unit", 850_000, 2_000_000, (25, 55), 0.1, None, False, 12, False),
    _T(_p("Mebel Sekolah"), (
        "Meja Kursi Siswa SD 1 Set Kayu",
        "Mebel Sekolah Meja + Kursi Siswa SMP",
        "Set Meja Kursi Murid Rangka Besi Top Kayu",
    ), "set", 550_000, 1_100_000, (50, 85), 0.0, None, False, 0, True),
    _T(_p("Mebel Sekolah"), (
        "Meja Guru Kayu Laci 2",
        "Meja Guru Jati Belanda",
    ), "unit", 950_000, 1_800_000, (50, 85), 0.0, None, False, 0, True),
    _T(_p("Mebel Sekolah"), (
        "Papan Tulis Whiteboard 120x240 dengan Kaki",
        "Papan Tulis Kapur Kayu Sekolah",
    ), "unit", 450_000, 1_200_000, (30, 70), 0.1, None, False, 12, False),
    _T(_p("Kursi Kayu"), (
        "Kursi Tamu Kayu Jati Set 3-1-1 + Meja",
        "Sofa Kayu Mahoni Ukir Set",
        "Kursi Tamu Kantor Kayu Jok Busa",
    ), "set", 4_500_000, 12_000_000, (55, 90), 0.0, None, False, 12, True),
    _T(_p("Kursi Kayu"), (
        "Kursi Kayu Jati Sandaran Rotan",
        "Kursi Makan Kayu Mahoni",
        "Kursi Kerja Kayu Jok Busa",
    ), "unit", 350_000, 900_000, (55, 90), 0.0, None, False, 0, True),
    _T(_p("Kursi Besi dan Kursi Lipat"), (
        "Kursi Lipat Chitose Yoshi",
        "Kursi Lipat Besi Futura Hitam",
        "Kursi Chitose Yamaguchi Biru",
    ), "unit", 250_000, 550_000, (40, 65), 0.05, None, False, 12, False),
    _T(_p("Kursi Besi dan Kursi Lipat"), (
        "Kursi Tunggu 3 Dudukan Stainless",
        "Kursi Tunggu Besi 4 Seater",
    ), "unit", 1_200_000, 2_800_000, (30, 60), 0.3, None, False, 12, False),
    _T(_p("Kursi Kantor"), (
        "Kursi Kantor Ergotec Hidrolik Jaring",
        "Kursi Putar Staff Indachi",
        "Kursi Kerja Oscar Jaring Sandaran Tinggi",
    ), "unit", 650_000, 1_800_000, (25, 55), 0.3, None, False, 12, False),
    _T(_p("Kursi Kantor"), (
        "Kursi Direktur Kulit Sintetis Sandaran Tinggi",
        "Kursi Pejabat Kulit High Back",
    ), "unit", 1_800_000, 4_500_000, (15, 45), 0.5, None, False, 12, False),
    _T(_p("Lemari dan Rak Kayu"), (
        "Lemari Arsip Kayu 2 Pintu Kaca",
        "Lemari Buku Kayu Jati 4 Susun",
        "Lemari Kantor Kayu Meranti 2 Pintu",
    ), "unit", 1_800_000, 4_500_000, (55, 90), 0.0, None, False, 0, True),
    _T(_p("Lemari dan Rak Kayu"), (
        "Rak Buku Kayu 5 Susun",
        "Rak Arsip Kayu Terbuka 180 cm",
        "Rak Display Produk Kayu",
    ), "unit", 650_000, 1_800_000, (55, 90), 0.0, None, False, 0, True),
    _T(_p("Filing Cabinet dan Lemari Besi"), (
        "Filing Cabinet Besi 4 Laci Brother",
        "Filing Kabinet Lion 4 Laci Folio",
        "Filing Cabinet Alba 4 Laci",
    ), "unit", 2_300_000, 4_200_000, (40, 65), 0.1, None, False, 12, False),
    _T(_p("Filing Cabinet dan Lemari Besi"), (
        "Lemari Besi Arsip 2 Pintu Sliding",
        "Lemari Arsip Besi Brother B-202",
        "Lemari Besi Pintu Kaca Lion",
    ), "unit", 1_800_000, 4_000_000, (40, 65), 0.1, None, False, 12, False),
    _T(_p("Filing Cabinet dan Lemari Besi"), (
        "Rak Besi Siku Lubang 5 Susun",
        "Rak Gudang Besi Siku 200x100",
    ), "unit", 450_000, 1_200_000, (30, 60), 0.1, None, False, 12, False),
    # ---- Bahan bangunan ------------------------------------------------------ #
    _T(_p("Batu Bata Merah"), (
        "Batu Bata Merah Press Kotabumi (per Biji)",
        "Bata Merah Oven Lampung Utara",
        "Batu Bata Merah Bakar Ukuran Standar",
    ), "biji", 600, 950, (80, 98), 0.0, None, False, 0, True),
    _T(_p("Batu Bata Merah"), (
        "Batu Bata Merah 1 Rit Truk isi 5.000 Biji",
        "Bata Merah Press 1 Rit (5000 Biji) Antar Lokasi",
    ), "rit", 3_200_000, 4_750_000, (80, 98), 0.0, None, False, 0, True),
    _T(_p("Batako dan Paving Block"), (
        "Batako Press Semen 10x20x40",
        "Batako Pres Ukuran Standar per Biji",
        "Batako Pasir Semen Kualitas Super",
    ), "biji", 2_500, 4_500, (70, 95), 0.0, None, False, 0, True),
    _T(_p("Batako dan Paving Block"), (
        "Paving Block K-300 Tebal 6 cm per m2",
        "Paving Block Segi Enam 8 cm per m2",
        "Conblock Bata Tebal 6 cm per Meter",
    ), "m2", 65_000, 115_000, (70, 95), 0.0, None, True, 0, False),
    _T(_p("Batako dan Paving Block"), (
        "Kanstin Beton 20x30x60",
        "Kansteen Pembatas Jalan Beton",
    ), "biji", 25_000, 55_000, (70, 95), 0.0, None, False, 0, False),
    _T(_p("Buis Beton dan Produk Semen Lainnya"), (
        "Buis Beton Diameter 60 cm",
        "Gorong-gorong Beton U-Ditch 40x40",
        "Buis Beton Sumur 80 cm",
    ), "biji", 150_000, 650_000, (70, 95), 0.0, None, False, 0, False),
    _T(_p("Semen"), (
        "Semen Baturaja PCC 50 kg",
        "Semen Padang PCC 50 kg",
        "Semen Tiga Roda 50kg",
        "Semen Portland Komposit SIG 40 kg",
    ), "sak", 58_000, 78_000, (70, 95), 0.02, None, True, 12, False),
    _T(_p("Semen"), (
        "Semen Instan Mortar Perekat Bata Ringan 40 kg",
        "Mortar MU-380 40 kg",
    ), "sak", 85_000, 135_000, (50, 85), 0.02, None, True, 12, False),
    _T(_p("Pasir"), (
        "Pasir Pasang per m3",
        "Pasir Cor Kualitas Baik per Kubik",
        "Pasir Urug per m3",
    ), "m3", 150_000, 320_000, (90, 100), 0.0, None, False, 0, False),
    _T(_p("Pasir"), (
        "Pasir Pasang 1 Truk Dump (7 m3)",
        "Pasir Cor 1 Rit Dump Truck",
    ), "rit", 1_200_000, 2_200_000, (90, 100), 0.0, None, False, 0, False),
    _T(_p("Batu Split dan Batu Kali"), (
        "Batu Split 1/2 per m3",
        "Batu Split 2/3 Kubik",
        "Koral Cor per m3",
    ), "m3", 260_000, 420_000, (90, 100), 0.0, None, False, 0, False),
    _T(_p("Batu Split dan Batu Kali"), (
        "Batu Kali Belah per m3",
        "Batu Pondasi per Kubik",
    ), "m3", 200_000, 320_000, (90, 100), 0.0, None, False, 0, False),
    _T(_p("Kayu Bangunan"), (
        "Kayu Meranti Balok 5x10x4 m per Batang",
        "Kayu Kamper Usuk 5x7 per Batang",
        "Papan Kayu Meranti 2x20x4m",
    ), "batang", 65_000, 175_000, (80, 98), 0.0, None, False, 0, False),
    _T(_p("Kayu Bangunan"), (
        "Kayu Bangunan Meranti per m3",
        "Kayu Kelas II Kubikasi per m3",
    ), "m3", 3_500_000, 6_500_000, (80, 98), 0.0, None, False, 0, False),
    _T(_p("Besi Beton"), (
        "Besi Beton 10 mm Polos SNI 12 m",
        "Besi Beton Ulir 12mm Full SNI",
        "Besi Beton 8 mm KS 12 Meter",
    ), "batang", 55_000, 135_000, (40, 70), 0.1, None, True, 12, False),
    _T(_p("Genteng"), (
        "Genteng Tanah Liat Press per Biji",
        "Genteng Kodok Lokal",
        "Genteng Plentong Tanah Liat",
    ), "biji", 1_500, 3_500, (80, 98), 0.0, None, False, 0, False),
    _T(_p("Keramik Lantai"), (
        "Keramik Lantai 40x40 Roman per Dus",
        "Keramik Platinum 40x40 Putih",
        "Keramik Asia Tile 50x50 per Dus",
    ), "dus", 55_000, 95_000, (40, 70), 0.05, None, True, 12, False),
    _T(_p("Keramik Lantai"), (
        "Granit Lantai 60x60 Indogress per Dus",
        "Granite Tile 60x60 Polished",
    ), "dus", 150_000, 280_000, (35, 65), 0.25, None, True, 12, False),
    _T(_p("Cat"), (
        "Cat Tembok Avitex 5 kg Putih",
        "Cat Dinding Nippon Vinilex 5kg",
        "Cat Tembok Mowilex Emulsion 5 kg",
    ), "galon", 110_000, 275_000, (30, 60), 0.05, None, False, 12, False),
    _T(_p("Cat"), (
        "Cat Tembok 25 kg Pail Putih",
        "Cat Dinding Ekonomis 25kg Dana Paint",
    ), "pail", 350_000, 750_000, (30, 60), 0.05, None, False, 12, False),
    _T(_p("Cat"), (
        "Cat Kayu dan Besi Avian 1 kg",
        "Cat Minyak Glotex 1 kg",
    ), "kaleng", 45_000, 85_000, (30, 60), 0.05, None, False, 12, False),
    # ---- Hasil pertanian dan perkebunan -------------------------------------- #
    _T(_p("Kopi Biji (Green Bean)"), (
        "Biji Kopi Robusta Asalan per kg",
        "Kopi Ose Robusta Lampung Utara",
        "Green Bean Robusta Kadar Air 12%",
    ), "kg", 55_000, 78_000, (90, 100), 0.0, None, False, 0, True),
    _T(_p("Kopi Biji (Green Bean)"), (
        "Green Bean Robusta Petik Merah Grade 1",
        "Kopi Ose Fine Robusta Semi Wash",
    ), "kg", 80_000, 120_000, (90, 100), 0.0, None, False, 0, True),
    _T(_p("Lada Biji"), (
        "Lada Hitam Asalan per kg",
        "Lada Hitam Biji Kering Lampung",
        "Merica Hitam Curah Petani",
    ), "kg", 58_000, 80_000, (90, 100), 0.0, None, False, 0, True),
    _T(_p("Lada Biji"), (
        "Lada Putih Biji per kg",
        "Merica Putih Biji Kering Sortir",
    ), "kg", 95_000, 140_000, (90, 100), 0.0, None, False, 0, True),
    _T(_p("Karet Rakyat"), (
        "Karet Slab/Bokar Kadar 60% per kg",
        "Getah Karet Lump Petani",
        "Bahan Olah Karet (Bokar) Bersih",
    ), "kg", 9_000, 14_500, (90, 100), 0.0, None, False, 0, True),
    _T(_p("Tandan Buah Segar Sawit"), (
        "Tandan Buah Segar (TBS) Sawit per kg",
        "TBS Kelapa Sawit Petani Plasma",
        "Buah Sawit Segar Grade A",
    ), "kg", 2_200, 3_600, (90, 100), 0.0, None, False, 0, True),
    _T(_p("Pisang"), (
        "Pisang Kepok per Tandan",
        "Pisang Muli Lampung per Tandan",
        "Pisang Ambon per Tandan",
    ), "tandan", 60_000, 175_000, (90, 100), 0.0, None, False, 0, True),
    _T(_p("Pisang"), (
        "Pisang Kepok Mentah per kg (Bahan Keripik)",
        "Pisang Kepok Grade Keripik Kiloan",
    ), "kg", 4_000, 9_000, (90, 100), 0.0, None, False, 0, True),
    _T(_p("Ubi Kayu (Singkong)"), (
        "Singkong Segar per kg",
        "Ubi Kayu Kasesa Petani",
        "Singkong Bahan Tapioka per kg",
    ), "kg", 1_100, 3_500, (90, 100), 0.0, None, False, 0, True),
    _T(_p("Ubi Kayu (Singkong)"), (
        "Gaplek Singkong Kering per kg",
        "Gaplek Chip Kering",
    ), "kg", 3_000, 5_500, (90, 100), 0.0, None, False, 0, True),
    _T(_p("Bibit Tanaman Perkebunan"), (
        "Bibit Kopi Robusta Sambung Pucuk",
        "Bibit Kopi Klon BP 42 Polybag",
        "Bibit Kopi Stek Unggul Lampung",
    ), "batang", 3_000, 8_000, (90, 100), 0.0, None, False, 0, True),
    _T(_p("Bibit Tanaman Perkebunan"), (
        "Bibit Lada Malonan Polybag",
        "Bibit Lada Natar 1 Stek Berakar",
    ), "batang", 3_000, 7_500, (90, 100), 0.0, None, False, 0, True),
    _T(_p("Bibit Tanaman Perkebunan"), (
        "Bibit Durian Musang King Okulasi",
        "Bibit Alpukat Siger Sambung",
    ), "batang", 25_000, 75_000, (85, 100), 0.0, None, False, 0, True),
    # ---- Peralatan kantor dan elektronik ------------------------------------- #
    _T(_p("Laptop"), (
        "Laptop Axioo MyBook Hype 5 Core i5 8/512",
        "Laptop Advan Workplus Ryzen 5 16/512",
        "Laptop Zyrex Sky 14 Core i3 TKDN",
    ), "unit", 5_500_000, 9_500_000, (25, 45), 0.05, None, False, 12, False),
    _T(_p("Laptop"), (
        "Laptop ASUS Vivobook 14 Core i5 16/512",
        "Lenovo IdeaPad Slim 3 Core i5 Win11",
        "Laptop HP 14s Core i3 8/512",
    ), "unit", 7_500_000, 13_500_000, (0, 40), 0.6, None, False, 12, False),
    _T(_p("Laptop"), (
        "MacBook Air M2 13 inch 8/256",
        "Laptop Dell Latitude 5440 Core i7",
    ), "unit", 14_000_000, 25_000_000, (0, 0), 1.0, None, False, 12, False),
    _T(_p("Komputer Desktop dan All-in-One"), (
        "PC All in One Axioo 24 inch Core i5",
        "PC AIO Advan 23.8 inch Core i3",
        "Komputer Rakitan Lokal Core i5 + Monitor 22",
    ), "unit", 6_500_000, 12_500_000, (25, 45), 0.1, None, False, 12, False),
    _T(_p("Komputer Desktop dan All-in-One"), (
        "PC All in One HP 24 Core i5",
        "Lenovo IdeaCentre AIO 3 Ryzen 5",
        "Desktop Dell OptiPlex Core i5 + Monitor",
    ), "unit", 10_000_000, 17_500_000, (0, 35), 0.7, None, False, 12, False),
    _T(_p("Flashdisk dan Penyimpanan Data"), (
        "Flashdisk SanDisk 32 GB",
        "Flashdisk Kingston 64GB DataTraveler",
        "Flash Drive Toshiba 32GB USB 3.0",
    ), "pcs", 55_000, 120_000, (0, 0), 1.0, None, False, 12, False),
    _T(_p("Flashdisk dan Penyimpanan Data"), (
        "Harddisk Eksternal WD 1 TB",
        "HDD External Seagate 2TB",
    ), "pcs", 750_000, 1_350_000, (0, 0), 1.0, None, False, 12, False),
    _T(_p("Flashdisk dan Penyimpanan Data"), (
        "Flashdisk Custom Logo Instansi 16 GB",
        "USB Flashdisk Kartu Nama Cetak Logo",
    ), "pcs", 55_000, 110_000, (5, 20), 0.9, None, False, 12, False),
    _T(_p("Printer Inkjet"), (
        "Printer Epson L3210 Print Scan Copy",
        "Printer Canon Pixma G2020 Ink Tank",
        "Epson EcoTank L3250 WiFi",
    ), "unit", 2_100_000, 3_200_000, (0, 5), 0.95, None, False, 12, False),
    _T(_p("Printer Inkjet"), (
        "Printer Epson L1210",
        "Printer Canon G1020 Single Function",
    ), "unit", 1_700_000, 2_300_000, (0, 5), 0.95, None, False, 12, False),
    _T(_p("Printer Inkjet"), (
        "Printer Epson L5290 4in1 ADF",
        "Printer Brother DCP-T720DW",
    ), "unit", 3_500_000, 4_800_000, (0, 5), 0.95, None, False, 12, False),
    _T(_p("Printer Laser"), (
        "Printer HP LaserJet M211dw",
        "Printer Laser Brother HL-L2335D",
        "Canon imageCLASS LBP6030",
    ), "unit", 2_000_000, 4_200_000, (0, 5), 0.95, None, False, 12, False),
    _T(_p("Printer Laser"), (
        "Printer HP LaserJet Pro MFP M236sdw",
        "Printer Laser Multifungsi Brother MFC-L2740DW",
    ), "unit", 4_500_000, 7_500_000, (0, 5), 0.95, None, False, 12, False),
    _T(_p("Scanner"), (
        "Scanner Epson DS-530 II Duplex ADF",
        "Scanner Canon DR-C225 II",
        "Scanner Fujitsu fi-7160",
    ), "unit", 5_500_000, 14_000_000, (0, 5), 0.98, None, False, 12, False),
    _T(_p("Scanner"), (
        "Scanner Flatbed Canon LiDE 300",
        "Scanner Epson Perfection V39",
    ), "unit", 1_100_000, 2_000_000, (0, 5), 0.98, None, False, 12, False),
    _T(_p("Proyektor"), (
        "Proyektor Epson EB-X500 3600 Lumens",
        "Proyektor Epson EB-E01",
        "Infocus IN114x Proyektor",
    ), "unit", 5_000_000, 8_500_000, (0, 5), 0.98, None, False, 12, False),
    _T(_p("Proyektor"), (
        "Layar Proyektor Tripod 70 inch",
        "Screen Proyektor Gantung 84 inch Manual",
    ), "unit", 450_000, 1_200_000, (0, 25), 0.8, None, False, 12, False),
    _T(_p("Televisi"), (
        "TV LED Polytron 43 inch Smart TV",
        "Smart TV Polytron 50 inch 4K",
        "LED TV Sharp 42 inch Android",
    ), "unit", 3_200_000, 7_500_000, (35, 50), 0.1, None, True, 12, False),
    _T(_p("AC"), (
        "AC Split Sharp 1 PK Standard",
        "AC Panasonic 1 PK Inverter",
        "AC Daikin 1/2 PK Standard",
    ), "unit", 3_300_000, 6_500_000, (20, 45), 0.35, None, True, 12, False),
    _T(_p("AC"), (
        "AC Split 2 PK Gree",
        "AC Midea 1.5 PK",
    ), "unit", 5_500_000, 9_000_000, (0, 30), 0.6, None, True, 12, False),
    _T(_p("Kipas Angin"), (
        "Kipas Angin Dinding Maspion 16 inch",
        "Kipas Angin Berdiri Miyako KAS-1618",
        "Wall Fan Cosmos 16 inch",
    ), "unit", 150_000, 375_000, (25, 50), 0.2, None, True, 12, False),
    _T(_p("Kipas Angin"), (
        "Kipas Angin Tornado Industrial 20 inch",
        "Exhaust Fan KDK 10 inch",
    ), "unit", 400_000, 950_000, (20, 45), 0.3, None, True, 12, False),
    _T(_p("Kalkulator"), (
        "Kalkulator Casio MJ-12D",
        "Kalkulator Citizen SDC-868L",
        "Kalkulator Joyko 12 Digit",
    ), "pcs", 65_000, 250_000, (0, 5), 0.95, None, False, 12, False),
    _T(_p("Servis Komputer dan Printer"), (
        "Jasa Servis Komputer/Laptop (per Unit)",
        "Install Ulang Windows + Office",
        "Servis Printer Reset dan Cleaning",
    ), "unit", 75_000, 350_000, (70, 100), 0.0, None, False, 0, False),
    _T(_p("Servis Komputer dan Printer"), (
        "Jasa Perawatan Jaringan LAN Kantor per Bulan",
        "Maintenance Komputer Kantor Kontrak Bulanan",
    ), "bulan", 750_000, 2_500_000, (70, 100), 0.0, None, False, 12, False),
    # ---- Jasa kebersihan ------------------------------------------------------ #
    _T(_p("Cleaning Service Gedung"), (
        "Jasa Cleaning Service Kantor per Orang per Bulan",
        "Tenaga Kebersihan Gedung Perkantoran (Bulanan)",
        "Jasa Petugas Kebersihan RSUD per Orang/Bulan",
    ), "orang/bulan", 3_100_000, 4_200_000, (85, 100), 0.0, None, False, 12, False),
    _T(_p("Cleaning Service Gedung"), (
        "Jasa Kebersihan Harian Event per Orang",
        "Tenaga Kebersihan Acara (Orang/Hari)",
    ), "orang/hari", 125_000, 225_000, (85, 100), 0.0, None, False, 0, False),
    _T(_p("Cleaning Service Gedung"), (
        "Jasa Kebersihan Pasca Acara (Paket)",
        "Pembersihan Gedung Pertemuan Setelah Kegiatan",
    ), "paket", 750_000, 2_500_000, (85, 100), 0.0, None, False, 0, False),
    _T(_p("Kebersihan Khusus (Karpet, Sofa, Kaca)"), (
        "Jasa Cuci Karpet per m2",
        "Cuci Karpet Masjid/Aula per Meter",
        "Cuci Karpet Kantor Antar Jemput",
    ), "m2", 12_000, 30_000, (80, 100), 0.0, None, False, 0, False),
    _T(_p("Kebersihan Khusus (Karpet, Sofa, Kaca)"), (
        "Jasa Cuci Sofa per Dudukan",
        "Cuci Kursi Kantor Jok Kain per Unit",
    ), "unit", 35_000, 85_000, (80, 100), 0.0, None, False, 0, False),
    _T(_p("Kebersihan Khusus (Karpet, Sofa, Kaca)"), (
        "Jasa Pembersihan Kaca Gedung Bertingkat per m2",
        "Cleaning Kaca Gondola per Meter",
    ), "m2", 8_000, 25_000, (80, 100), 0.0, None, False, 12, False),
    _T(_p("Pengendalian Hama dan Fogging"), (
        "Jasa Fogging Nyamuk DBD per Lokasi",
        "Fogging Demam Berdarah Area Perkantoran",
        "Jasa Pengasapan Nyamuk per RT",
    ), "paket", 350_000, 1_500_000, (75, 100), 0.0, None, False, 0, False),
    _T(_p("Pengendalian Hama dan Fogging"), (
        "Jasa Anti Rayap per m2",
        "Pembasmian Rayap Injeksi per Meter Persegi",
    ), "m2", 20_000, 65_000, (60, 95), 0.0, None, False, 12, False),
    _T(_p("Pengendalian Hama dan Fogging"), (
        "Pest Control Kantor Kontrak Bulanan",
        "Pengendalian Tikus dan Kecoa Gedung per Bulan",
    ), "bulan", 500_000, 2_000_000, (60, 95), 0.0, None, False, 12, False),
    _T(_p("Sabun dan Cairan Pembersih"), (
        "Sabun Cuci Tangan Lifebuoy Refill 450 ml",
        "Hand Soap Antiseptik Dettol 245 ml Pump",
        "Sabun Cuci Tangan Cussons Refill 400ml",
    ), "pcs", 15_000, 35_000, (25, 55), 0.05, True, False, 12, False),
    _T(_p("Sabun dan Cairan Pembersih"), (
        "Sabun Cair Cuci Tangan Jerigen 5 Liter",
        "Sabun Cuci Piring Jerigen 5 L",
        "Karbol Wangi Jerigen 5 Liter",
    ), "jerigen", 45_000, 90_000, (40, 80), 0.0, True, False, 0, False),
    _T(_p("Sabun dan Cairan Pembersih"), (
        "Pembersih Lantai So Klin 800 ml",
        "Wipol Karbol Cemara 780 ml",
        "Super Pell Lantai Refill 770ml",
    ), "pcs", 12_000, 25_000, (30, 60), 0.0, True, False, 12, False),
    _T(_p("Sabun dan Cairan Pembersih"), (
        "Pembersih Kaca Cling 425 ml",
        "Pembersih Porselen Harpic 450 ml",
        "Vixal Pembersih Kamar Mandi 780 ml",
    ), "pcs", 15_000, 32_000, (30, 60), 0.05, True, False, 12, False),
    _T(_p("Sabun dan Cairan Pembersih"), (
        "Sabun Cair Produksi UMKM Lampura 1 Liter",
        "Sabun Cuci Piring Rumahan Aroma Jeruk 1 L",
    ), "botol", 12_000, 25_000, (60, 90), 0.0, False, False, 0, False),
    _T(_p("Sapu, Pel dan Sikat"), (
        "Sapu Ijuk Gagang Kayu",
        "Sapu Ijuk Aren Lampung",
        "Sapu Lidi Aren Gagang Bambu",
    ), "pcs", 15_000, 45_000, (70, 95), 0.0, None, False, 0, True),
    _T(_p("Sapu, Pel dan Sikat"), (
        "Alat Pel Lantai Putar (Spin Mop) Set",
        "Pel Lantai Super Mop + Ember",
        "Kain Pel Microfiber + Gagang",
    ), "set", 60_000, 185_000, (0, 35), 0.6, None, False, 12, False),
    _T(_p("Sapu, Pel dan Sikat"), (
        "Sikat WC Gagang Panjang",
        "Sikat Lantai Kamar Mandi",
        "Kemoceng Bulu Ayam",
    ), "pcs", 10_000, 35_000, (20, 70), 0.3, None, False, 0, False),
    _T(_p("Tisu"), (
        "Tisu Wajah Paseo 250 Sheet",
        "Tissue Nice 180 Lembar 2 Ply",
        "Tisu Tessa Facial 250s",
    ), "pak", 9_000, 20_000, (40, 75), 0.02, None, False, 12, False),
    _T(_p("Tisu"), (
        "Tisu Gulung Toilet isi 10 Roll",
        "Toilet Tissue Paseo 10 Roll",
        "Tisu Toilet Jumbo Roll Hotel",
    ), "pak", 22_000, 85_000, (40, 75), 0.02, None, False, 12, False),
    _T(_p("Tisu"), (
        "Tisu Kotak Meja Rapat (Box)",
        "Tissue Box Custom Logo Instansi",
    ), "kotak", 12_000, 30_000, (40, 75), 0.02, None, False, 12, False),
    _T(_p("Kantong Sampah"), (
        "Kantong Sampah Hitam 60x100 isi 10",
        "Plastik Sampah Roll 80x120 cm",
        "Trash Bag Jumbo Hitam 90x120 per Pak",
    ), "pak", 8_000, 28_000, (40, 75), 0.0, None, False, 0, False),
    _T(_p("Pengharum Ruangan"), (
        "Pengharum Ruangan Stella Matic Refill",
        "Glade Automatic Spray Refill 175 g",
        "Pengharum Ruangan Bayfresh Spray 300 ml",
    ), "pcs", 25_000, 55_000, (25, 55), 0.1, None, False, 12, False),
    _T(_p("Pengharum Ruangan"), (
        "Pewangi Ruangan Gantung Aroma Kopi Lampung",
        "Pengharum Ruangan Biji Kopi Lampung",
    ), "pcs", 10_000, 25_000, (60, 95), 0.0, None, False, 0, True),
)

_TEMPLATES_BY_LEAF: dict[tuple[str, ...], tuple[ProductTemplate, ...]] = {}
for _tpl in PRODUCT_TEMPLATES:
    _TEMPLATES_BY_LEAF.setdefault(_tpl.leaf_path, ())
    _TEMPLATES_BY_LEAF[_tpl.leaf_path] += (_tpl,)
del _tpl


def templates_for(path) -> tuple[ProductTemplate, ...]:
    """The templates of the leaf at ``path`` (empty tuple if none)."""
    return _TEMPLATES_BY_LEAF.get(tuple(path), ())


# --------------------------------------------------------------------------- #
# 4. Name pools
# --------------------------------------------------------------------------- #

# Lampung/Malay-Muslim, Javanese, Sundanese and Batak first names, as common in
# Lampung Utara (a mix of native Lampung and transmigrant families).
PERSON_FIRST_NAMES: tuple[str, ...] = (
    # Lampung / Melayu
    "Ahmad", "Ansori", "Rusli", "Syahrial", "Zulkifli", "Hasanudin", "Marwan",
    "Herwan", "Yusri", "Fahrurrozi", "Irwansyah", "Rizal", "Hendri", "Firmansyah",
    "Samsudin", "Hamdani", "Nurhasanah", "Rosmiati", "Fitriyani", "Siti Aminah",
    "Nurlela", "Rohana", "Yulianti", "Mardiana", "Herlina", "Zuraida",
    # Jawa
    "Sutrisno", "Wahyudi", "Suparman", "Slamet", "Budi", "Joko", "Agus",
    "Bambang", "Eko", "Teguh", "Sri Wahyuni", "Sumarni", "Tri Handayani",
    "Endang", "Sulastri", "Rini", "Wartini", "Sugiyono",
    # Sunda
    "Asep", "Ujang", "Cecep", "Dede", "Euis", "Nining", "Iis", "Yayan",
    "Dadang", "Neneng",
    # Batak
    "Parlindungan", "Togar", "Maruli", "Rosdiana", "Lamtiur", "Hotman",
    "Martua", "Sondang",
    # generasi muda
    "Dimas", "Rizky", "Putri", "Dewi", "Indah", "Yogi", "Andika", "Ayu",
    "Novita", "Reza", "Aditya", "Ratna", "Anisa", "Fajar",
)

PERSON_LAST_NAMES: tuple[str, ...] = (
    # Lampung / Melayu / Islam
    "Saputra", "Pratama", "Syahputra", "Mangkunegara", "Ahadis", "Djunaidi",
    "Hanafiah", "Sjahbana", "Effendi", "Ibrahim", "Ismail", "Hasan", "Zainal",
    "Yusuf", "Rahman", "Anwar", "Harun", "Fauzi", "Hidayatullah", "Darmawan",
    # Jawa
    "Wibowo", "Santoso", "Susanto", "Purnomo", "Hartono", "Setiawan",
    "Nugroho", "Prasetyo", "Wijaya", "Suryadi", "Widodo", "Utomo", "Sulistyo",
    "Haryanto", "Supriyadi", "Mulyadi",
    # Sunda
    "Hidayat", "Permana", "Kurniawan", "Sunarya", "Gunawan", "Suhendar",
    "Ramdani", "Nurjaman",
    # Batak
    "Siregar", "Nasution", "Harahap", "Lubis", "Simanjuntak", "Sitorus",
    "Pardede", "Hutapea", "Simatupang", "Sinaga", "Manurung", "Situmorang",
)

BUSINESS_PREFIXES: tuple[str, ...] = (
    "CV", "UD", "PT", "Koperasi", "KUB", "Toko", "Rumah Produksi",
    "Kelompok Tani", "Gapoktan", "KWT", "Sanggar", "Percetakan", "Konveksi",
    "Katering", "Mebel", "Panglong", "BUMDes", "Kedai", "Rumah Makan", "Dapur",
)

BUSINESS_WORDS: tuple[str, ...] = (
    "Sinar", "Makmur", "Jaya", "Berkah", "Tapis", "Sai Bumi", "Ragom",
    "Ruwa Jurai", "Sakai Sambayan", "Nemui Nyimah", "Piil", "Siger", "Mufakat",
    "Sejahtera", "Abadi", "Mandiri", "Sentosa", "Barokah", "Lestari", "Putra",
    "Putri", "Mulia", "Bersama", "Harapan", "Karya", "Maju", "Agung", "Indah",
    "Cahaya", "Rezeki", "Amanah", "Sumber", "Tunas", "Mekar", "Kotabumi",
    "Abung", "Sungkai", "Bukit Kemuning", "Way Rarem", "Lampura", "Pepadun",
    "Kopi Sai", "Gading", "Ratu",
)


# --------------------------------------------------------------------------- #
# 5. Supplier kinds
# --------------------------------------------------------------------------- #


def _leaves(*names: str) -> tuple[tuple[str, str, str], ...]:
    return tuple(_p(n) for n in names)


SUPPLIER_KINDS: tuple[SupplierKind, ...] = (
    SupplierKind(
        "produsen_makanan", "Produsen makanan ringan dan kue (keripik, emping, kue)",
        _leaves("Keripik Pisang", "Keripik Singkong dan Umbi", "Emping dan Kerupuk",
                "Kue Kering", "Roti dan Kue Basah", "Paket Oleh-oleh Khas Lampung Utara"),
        (70, 25, 4, 1), ("10794", "10710", "10792", "10799", "47249", "47242"),
        ("UD", "Rumah Produksi", "KUB", "CV", "KWT"),
        ("Snack", "Kripik", "Food", "Camilan", "Dapur"),
    ),
    SupplierKind(
        "pengolah_kopi", "Pengolah kopi robusta (bubuk, sangrai, green bean)",
        _leaves("Kopi Bubuk dan Kopi Sangrai", "Kopi Biji (Green Bean)",
                "Paket Oleh-oleh Khas Lampung Utara"),
        (55, 35, 8, 2), ("10761", "46314", "47243", "01270", "10799"),
        ("UD", "CV", "Koperasi", "KUB", "Rumah Produksi", "Kedai"),
        ("Kopi", "Coffee", "Robusta", "Roastery"),
    ),
    SupplierKind(
        "gula_madu_rempah", "Perajin gula aren, madu dan lada olahan",
        _leaves("Gula Aren dan Gula Semut", "Madu", "Lada Olahan",
                "Paket Oleh-oleh Khas Lampung Utara"),
        (80, 18, 2, 0), ("10722", "10799", "10779", "47249", "47243"),
        ("KUB", "KWT", "UD", "Rumah Produksi", "Koperasi"),
        ("Aren", "Madu", "Lada", "Rempah", "Nira"),
    ),
    SupplierKind(
        "kelompok_tani", "Kelompok tani, gapoktan dan koperasi tani",
        _leaves("Kopi Biji (Green Bean)", "Lada Biji", "Karet Rakyat",
                "Tandan Buah Segar Sawit", "Pisang", "Ubi Kayu (Singkong)",
                "Bibit Tanaman Perkebunan", "Beras"),
        (60, 30, 8, 2), ("01270", "01281", "01291", "01262", "01220", "01135",
                         "46209", "10631"),
        ("Kelompok Tani", "Gapoktan", "Koperasi", "KWT", "BUMDes"),
        ("Tani Subur", "Tani Makmur", "Harapan Tani", "Mekar Tani"),
    ),
    SupplierKind(
        "produsen_tapioka", "Pabrik tapioka dan penggilingan padi",
        _leaves("Tepung Tapioka", "Beras", "Ubi Kayu (Singkong)"),
        (30, 40, 22, 8), ("10621", "10631", "46319", "46311", "46201"),
        ("PT", "CV", "UD", "Koperasi"),
        ("Tapioka", "Agro", "Pangan", "Sentosa"),
    ),
    SupplierKind(
        "katering", "Usaha jasa boga (katering)",
        _leaves("Nasi Kotak", "Snack Box dan Kudapan Rapat", "Prasmanan dan Coffee Break",
                "Makan Pasien dan Diet", "Katering Harian Pegawai dan Petugas",
                "Roti dan Kue Basah"),
        (60, 32, 7, 1), ("56210", "56290", "56101", "10792"),
        ("Katering", "Rumah Makan", "CV", "UD", "Dapur"),
        ("Boga", "Rasa", "Selera", "Sedap", "Nikmat"),
    ),
    SupplierKind(
        "toko_atk", "Toko alat tulis kantor dan perlengkapan komputer",
        _leaves("Kertas HVS", "Kertas Khusus dan Label", "Pulpen dan Pensil",
                "Spidol dan Stabilo", "Buku Tulis, Agenda dan Ekspedisi",
                "Map, Ordner dan Box File", "Amplop", "Stapler, Klip dan Penjepit Kertas",
                "Lakban dan Selotip", "Tinta Printer", "Toner dan Cartridge",
                "Flashdisk dan Penyimpanan Data", "Kalkulator", "Stempel",
                "Blanko, Kuitansi dan Kop Surat"),
        (35, 45, 15, 5), ("47611", "46421", "47650", "46694", "47411", "46511", "47415"),
        ("Toko", "CV", "UD"),
        ("ATK", "Stationery", "Office", "Pustaka"),
    ),
    SupplierKind(
        "percetakan", "Percetakan dan digital printing",
        _leaves("Spanduk, Baliho dan Banner", "Kalender", "Brosur, Leaflet dan Booklet",
                "Blanko, Kuitansi dan Kop Surat", "Kartu Nama, Undangan dan Sertifikat",
                "Stempel", "Jasa Cetak Buku dan Laporan", "Fotokopi dan Penjilidan"),
        (40, 45, 13, 2), ("18111", "18120", "82190", "47612"),
        ("Percetakan", "CV", "UD", "PT"),
        ("Grafika", "Offset", "Printing", "Digital", "Advertising"),
    ),
    SupplierKind(
        "fotokopi", "Fotokopi dan ATK kecil",
        _leaves("Fotokopi dan Penjilidan", "Blanko, Kuitansi dan Kop Surat", "Kertas HVS",
                "Map, Ordner dan Box File", "Pulpen dan Pensil", "Amplop", "Stempel"),
        (75, 23, 2, 0), ("82190", "18120", "47611", "47650"),
        ("Toko", "UD", "Kedai"),
        ("Fotocopy", "Copy Center", "Print"),
    ),
    SupplierKind(
        "konveksi", "Konveksi dan penjahit seragam",
        _leaves("Pakaian Dinas Harian (PDH)", "Pakaian Dinas Lapangan (PDL)",
                "Seragam Wanita", "Kemeja Batik", "Kaos dan Polo", "Topi",
                "Jaket dan Rompi", "Tas Seminar dan Goodie Bag"),
        (55, 35, 9, 1), ("14111", "14120", "14131", "14301", "47711"),
        ("Konveksi", "CV", "UD", "Rumah Produksi"),
        ("Konveksi", "Tailor", "Collection", "Garment", "Busana"),
    ),
    SupplierKind(
        "perajin_tapis", "Perajin tapis, sulam usus dan batik Lampung",
        _leaves("Kain Tapis", "Sulam Usus", "Kain Batik Lampung", "Tas dan Dompet Tapis",
                "Gantungan Kunci, Pin dan Suvenir Kecil", "Kemeja Batik"),
        (75, 22, 3, 0), ("13912", "13121", "14302", "13922", "15121", "13134",
                         "47511", "32903"),
        ("Sanggar", "KUB", "Rumah Produksi", "UD", "Koperasi"),
        ("Tapis", "Sulam Usus", "Batik", "Siger", "Pepadun"),
    ),
    SupplierKind(
        "toko_oleh_oleh", "Toko oleh-oleh dan cenderamata",
        _leaves("Miniatur Siger dan Ornamen", "Plakat dan Ukiran Kayu",
                "Gantungan Kunci, Pin dan Suvenir Kecil", "Paket Oleh-oleh Khas Lampung Utara",
                "Keripik Pisang", "Kopi Bubuk dan Kopi Sangrai", "Gula Aren dan Gula Semut",
                "Anyaman Bambu, Rotan dan Pandan", "Tas dan Dompet Tapis"),
        (55, 35, 9, 1), ("47789", "47781", "47783", "47249", "47243", "47714"),
        ("Toko", "UD", "CV", "Kedai"),
        ("Oleh-oleh", "Souvenir", "Galeri", "Cenderamata"),
    ),
    SupplierKind(
        "perajin_anyaman", "Perajin anyaman dan ukiran kayu",
        _leaves("Anyaman Bambu, Rotan dan Pandan", "Plakat dan Ukiran Kayu",
                "Sapu, Pel dan Sikat"),
        (85, 14, 1, 0), ("16291", "16292", "16293", "47781", "47599"),
        ("KUB", "Sanggar", "UD", "KWT"),
        ("Anyaman", "Kriya", "Ukir", "Rotan"),
    ),
    SupplierKind(
        "bengkel_mebel", "Bengkel mebel kayu",
        _leaves("Meja Kantor dan Meja Rapat", "Mebel Sekolah", "Kursi Kayu",
                "Lemari dan Rak Kayu", "Plakat dan Ukiran Kayu"),
        (50, 40, 9, 1), ("31001", "16293", "47591"),
        ("Mebel", "UD", "CV"),
        ("Mebel", "Furniture", "Jati", "Kayu", "Interior"),
    ),
    SupplierKind(
        "toko_mebel", "Toko mebel dan perlengkapan kantor",
        _leaves("Meja Kantor dan Meja Rapat", "Mebel Sekolah", "Kursi Besi dan Kursi Lipat",
                "Kursi Kantor", "Lemari dan Rak Kayu", "Filing Cabinet dan Lemari Besi"),
        (20, 50, 25, 5), ("47591", "46499"),
        ("Toko", "CV", "PT"),
        ("Furniture", "Mebel", "Interior", "Office"),
    ),
    SupplierKind(
        "toko_bangunan", "Toko bahan bangunan (panglong)",
        _leaves("Semen", "Pasir", "Batu Split dan Batu Kali", "Kayu Bangunan", "Besi Beton",
                "Genteng", "Keramik Lantai", "Cat", "Batu Bata Merah",
                "Batako dan Paving Block", "Buis Beton dan Produk Semen Lainnya"),
        (25, 50, 20, 5), ("47528", "47521", "47523", "47524", "47525", "47526",
                          "47527", "46638"),
        ("Toko", "Panglong", "UD", "CV"),
        ("Bangunan", "Material", "Baja", "Besi"),
    ),
    SupplierKind(
        "produsen_bata", "Produsen batu bata, batako dan produk beton",
        _leaves("Batu Bata Merah", "Batako dan Paving Block",
                "Buis Beton dan Produk Semen Lainnya", "Genteng"),
        (85, 13, 2, 0), ("23921", "23953", "23951", "23922"),
        ("UD", "KUB", "CV", "BUMDes"),
        ("Bata", "Batako", "Beton", "Paving"),
    ),
    SupplierKind(
        "jasa_kebersihan", "Penyedia jasa kebersihan (cleaning service)",
        _leaves("Cleaning Service Gedung", "Kebersihan Khusus (Karpet, Sofa, Kaca)",
                "Pengendalian Hama dan Fogging", "Sabun dan Cairan Pembersih",
                "Sapu, Pel dan Sikat", "Tisu", "Kantong Sampah", "Pengharum Ruangan"),
        (25, 50, 22, 3), ("81210", "81290", "46499", "47599"),
        ("CV", "PT", "Koperasi"),
        ("Cleaning", "Clean", "Bersih", "Servis"),
    ),
    SupplierKind(
        "toko_komputer", "Toko komputer, printer dan servis",
        _leaves("Laptop", "Komputer Desktop dan All-in-One", "Flashdisk dan Penyimpanan Data",
                "Printer Inkjet", "Printer Laser", "Scanner", "Proyektor", "Toner dan Cartridge",
                "Tinta Printer", "Servis Komputer dan Printer"),
        (30, 45, 20, 5), ("47411", "46511", "95110", "47415"),
        ("Toko", "CV", "PT"),
        ("Komputer", "Computer", "Tekno", "Digital", "Solusindo"),
    ),
    SupplierKind(
        "toko_elektronik", "Toko elektronik rumah tangga",
        _leaves("AC", "Kipas Angin", "Televisi", "Kalkulator"),
        (25, 50, 20, 5), ("47592", "46491", "47415"),
        ("Toko", "CV", "PT", "UD"),
        ("Elektronik", "Electric", "Teknik"),
    ),
    SupplierKind(
        "toko_kelontong", "Toko kelontong dan grosir sembako",
        _leaves("Air Minum Dalam Kemasan", "Sabun dan Cairan Pembersih", "Tisu",
                "Kantong Sampah", "Pengharum Ruangan", "Beras", "Tepung Tapioka",
                "Gula Aren dan Gula Semut"),
        (70, 27, 3, 0), ("47112", "47192", "47222", "47599", "47241", "47249", "47243"),
        ("Toko", "UD", "Kedai", "Koperasi"),
        ("Grosir", "Sembako", "Swalayan", "Mart"),
    ),
    SupplierKind(
        "pengadaan_umum", "Penyedia pengadaan umum (general supplier)",
        _leaves("Kertas HVS", "Pulpen dan Pensil", "Map, Ordner dan Box File", "Laptop",
                "Printer Inkjet", "Meja Kantor dan Meja Rapat", "Kursi Kantor",
                "Filing Cabinet dan Lemari Besi", "Sabun dan Cairan Pembersih", "Tisu",
                "Air Minum Dalam Kemasan"),
        (10, 50, 30, 10), ("46900", "46421", "46694", "46511", "47591", "46499",
                           "46695", "46334"),
        ("CV", "PT"),
        ("Mitra", "Utama", "Perkasa", "Nusantara", "Global", "Persada"),
    ),
)

_KIND_BY_CODE: dict[str, SupplierKind] = {k.code: k for k in SUPPLIER_KINDS}


def supplier_kind(code: str) -> SupplierKind:
    """The supplier kind with ``code``; KeyError if none."""
    return _KIND_BY_CODE[code]


# --------------------------------------------------------------------------- #
# Deterministic name helpers
# --------------------------------------------------------------------------- #


def _step(length: int, preferred: int = 17) -> int:
    """A stride coprime with ``length`` so index walks visit every item."""
    step = preferred
    while gcd(step, length) != 1:
        step += 1
    return step


def person_name(n: int) -> str:
    """A deterministic person name for index ``n`` (cycles through combinations)."""
    first = PERSON_FIRST_NAMES[n % len(PERSON_FIRST_NAMES)]
    k = len(PERSON_LAST_NAMES)
    last = PERSON_LAST_NAMES[(n * _step(k) + n // len(PERSON_FIRST_NAMES)) % k]
    return f"{first} {last}"


def business_name(kind: SupplierKind, n: int) -> str:
    """A deterministic, plausible trading name for the ``n``-th business of ``kind``.

    e.g. "UD Kripik Sinar Makmur", "KUB Aren Sai Bumi", "CV Berkah Jaya".
    """
    words = BUSINESS_WORDS
    k = len(words)
    salt = sum(map(ord, kind.code))  # different kinds start at different words
    prefix = kind.prefixes[n % len(kind.prefixes)]
    w1 = words[(salt + n * _step(k, 7)) % k]
    w2 = words[(salt * 3 + n * _step(k, 11) + 5 + n // k) % k]
    if w2 == w1:
        w2 = words[(words.index(w1) + 1) % k]
    parts = [prefix]
    if n % 3 != 2 and kind.name_words:
        word = kind.name_words[(n // 3) % len(kind.name_words)]
        taken = set(f"{prefix} {w1} {w2}".lower().split())
        if not set(word.lower().split()) & taken:
            parts.append(word)
    parts.append(w1)
    if n % 2 == 0:
        parts.append(w2)
    return " ".join(parts)
