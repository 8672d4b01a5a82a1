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
    MenuItem(_("Penyedia"), "suppliers:supplier_list", "supplier.view_all"),
    MenuItem(_("Jejak audit"), "audit_log", "audit.view"),
)


def menu_for(user) -> list[MenuItem]:
    if not getattr(user, "is_authenticated", False):
        return []
    return [item for item in ITEMS if allows(user, item.permission)]
