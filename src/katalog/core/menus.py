"""The menu each role sees: built from the permission table, never listed per role by hand."""

from dataclasses import dataclass

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from .permissions import allows


@dataclass(frozen=True)
class MenuItem:
    label: str
    url_name: str
    permission: str

    @property
    def url(self) -> str:
        return reverse(self.url_name)


ITEMS = (
    MenuItem(_("Beranda saya"), "dashboard", "account.dashboard"),
    MenuItem(_("Katalog"), "catalogue:product_list", "catalogue.browse"),
    MenuItem(_("Pesanan"), "purchasing:order_list", "order.view"),
    MenuItem(_("Keranjang"), "purchasing:cart_list", "order.create"),
    MenuItem(_("Mini-kompetisi"), "purchasing:competition_list", "competition.view"),
    MenuItem(_("Penyedia"), "suppliers:supplier_list", "supplier.view_all"),
    MenuItem(_("Usaha saya"), "suppliers:my_business", "supplier.manage_own"),
    MenuItem(_("Pemberitahuan"), "suppliers:notifications", "supplier.manage_own"),
    MenuItem(_("Verifikasi penyedia"), "suppliers:verification_queue", "catalogue.verify"),
    MenuItem(_("Daftarkan UMKM"), "suppliers:assisted_drafts", "supplier.onboard"),
    MenuItem(_("Daftar kerja pendamping"), "monitoring:worklist", "supplier.onboard"),
    MenuItem(_("Kesiapan UMKM"), "suppliers:readiness", "supplier.view_all"),
    MenuItem(_("Produk saya"), "catalogue:my_products", "supplier.manage_own"),
    MenuItem(_("Verifikasi produk"), "catalogue:verification_queue", "catalogue.verify"),
    MenuItem(_("Impor produk"), "catalogue:import_upload", "catalogue.import"),
    MenuItem(_("e-Katalog nasional"), "catalogue:national_export", "catalogue.national_listing"),
    MenuItem(_("Harga acuan (SSH)"), "catalogue:price_references", "catalogue.manage"),
    MenuItem(_("Kategori"), "catalogue:category_list", "catalogue.manage"),
    MenuItem(_("Pemantauan"), "monitoring:dashboard", "monitoring.dashboard"),
    MenuItem(_("Belanja lari keluar"), "monitoring:leakage", "monitoring.dashboard"),
    MenuItem(_("Rencana dan realisasi"), "monitoring:plan", "monitoring.dashboard"),
    MenuItem(_("Dampak lokal"), "monitoring:impact", "monitoring.impact"),
    MenuItem(_("Potensi kecamatan"), "monitoring:potentials", "monitoring.potentials"),
    MenuItem(_("Tanda integritas"), "monitoring:flags", "monitoring.flags"),
    MenuItem(_("Jejak audit"), "audit_log", "audit.view"),
    MenuItem(_("Permintaan data pribadi"), "accounts:personal_data_requests", "account.export_any"),
    MenuItem(_("Keamanan akun"), "accounts:security", "account.security"),
    # Open data and API (issue #7).
    MenuItem(_("Impor daftar UMKM"), "opendata:supplier_import", "supplier.onboard"),
    MenuItem(_("Transparansi"), "opendata:transparency", "opendata.public"),
    MenuItem(_("Token API"), "opendata:tokens", "api.tokens"),
)


def menu_for(user) -> list[MenuItem]:
    if not getattr(user, "is_authenticated", False):
        return []
    return [item for item in ITEMS if allows(user, item.permission)]
