"""The menu each role sees: built from the permission table, never listed per role by hand."""

from dataclasses import dataclass

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from .permissions import allows


# Menu groups, so that every role's menu fits one line of a 1280-px screen; on a phone they are headings.
SHOPPING = _("Belanja")
BUSINESS = _("Usaha")
SUPPLIERS = _("Penyedia & UMKM")
CATALOGUE = _("Kelola katalog")
OVERSIGHT = _("Pemantauan")
ACCOUNT = _("Akun")


@dataclass(frozen=True)
class MenuItem:
    label: str
    url_name: str
    permission: str
    group: str = ""  # empty: a link of its own on the menu line

    @property
    def url(self) -> str:
        return reverse(self.url_name)


ITEMS = (
    MenuItem(_("Beranda saya"), "dashboard", "account.dashboard"),
    MenuItem(_("Katalog"), "catalogue:product_list", "catalogue.browse"),
    MenuItem(_("Pesanan"), "purchasing:order_list", "order.view", SHOPPING),
    MenuItem(_("Keranjang"), "purchasing:cart_list", "order.create", SHOPPING),
    MenuItem(_("Mini-kompetisi"), "purchasing:competition_list", "competition.view", SHOPPING),
    MenuItem(_("Penyedia"), "suppliers:supplier_list", "supplier.view_all", SUPPLIERS),
    MenuItem(_("Usaha saya"), "suppliers:my_business", "supplier.manage_own", BUSINESS),
    MenuItem(_("Pemberitahuan"), "suppliers:notifications", "supplier.manage_own", BUSINESS),
    MenuItem(_("Verifikasi penyedia"), "suppliers:verification_queue", "catalogue.verify", SUPPLIERS),
    MenuItem(_("Daftarkan UMKM"), "suppliers:assisted_drafts", "supplier.onboard", SUPPLIERS),
    MenuItem(_("Daftar kerja pendamping"), "monitoring:worklist", "supplier.onboard", SUPPLIERS),
    MenuItem(_("Kesiapan UMKM"), "monitoring:readiness", "supplier.view_all", SUPPLIERS),
    MenuItem(_("Produk saya"), "catalogue:my_products", "supplier.manage_own", BUSINESS),
    MenuItem(_("Verifikasi produk"), "catalogue:verification_queue", "catalogue.verify", CATALOGUE),
    MenuItem(_("Impor produk"), "catalogue:import_upload", "catalogue.import", CATALOGUE),
    MenuItem(_("e-Katalog nasional"), "catalogue:national_export", "catalogue.national_listing", CATALOGUE),
    MenuItem(_("Harga acuan (SSH)"), "catalogue:price_references", "catalogue.manage", CATALOGUE),
    MenuItem(_("Kategori"), "catalogue:category_list", "catalogue.manage", CATALOGUE),
    MenuItem(_("Pemantauan"), "monitoring:dashboard", "monitoring.dashboard", OVERSIGHT),
    MenuItem(_("Belanja lari keluar"), "monitoring:leakage", "monitoring.dashboard", OVERSIGHT),
    MenuItem(_("Rencana dan realisasi"), "monitoring:plan", "monitoring.dashboard", OVERSIGHT),
    MenuItem(_("Dampak lokal"), "monitoring:impact", "monitoring.impact", OVERSIGHT),
    MenuItem(_("Potensi kecamatan"), "monitoring:potentials", "monitoring.potentials", OVERSIGHT),
    MenuItem(_("Tanda integritas"), "monitoring:flags", "monitoring.flags", OVERSIGHT),
    MenuItem(_("Jejak audit"), "audit_log", "audit.view", OVERSIGHT),
    MenuItem(_("Permintaan data pribadi"), "accounts:personal_data_requests", "account.export_any", ACCOUNT),
    MenuItem(_("Antrean permintaan data"), "suppliers:data_request_queue", "account.export_any", ACCOUNT),
    MenuItem(_("Keamanan akun"), "accounts:security", "account.security", ACCOUNT),
    # Open data and API (issue #7).
    MenuItem(_("Impor daftar UMKM"), "opendata:supplier_import", "supplier.onboard", SUPPLIERS),
    MenuItem(_("Transparansi"), "opendata:transparency", "opendata.public", OVERSIGHT),
    MenuItem(_("Token API"), "opendata:tokens", "api.tokens", ACCOUNT),
)


def menu_for(user) -> list[MenuItem]:
    if not getattr(user, "is_authenticated", False):
        return []
    return [item for item in ITEMS if allows(user, item.permission)]


@dataclass(frozen=True)
class MenuGroup:
    label: str  # empty for a link of its own
    items: list[MenuItem]


# Shown first on the menu line on every page, signed in or not.
_SHOWN_ELSEWHERE = frozenset({"catalogue:product_list"})


def menu_groups_for(user) -> list[MenuGroup]:
    """The menu line: links of their own, and groups in the order their first item is listed. A group with
    one item is shown as that link."""
    groups: dict[str, MenuGroup] = {}
    line: list[MenuGroup] = []
    for item in menu_for(user):
        if item.url_name in _SHOWN_ELSEWHERE:
            continue
        if not item.group:
            line.append(MenuGroup("", [item]))
        elif item.group in groups:
            groups[item.group].items.append(item)
        else:
            groups[item.group] = MenuGroup(str(item.group), [item])
            line.append(groups[item.group])
    return [group if len(group.items) > 1 else MenuGroup("", group.items) for group in line]
