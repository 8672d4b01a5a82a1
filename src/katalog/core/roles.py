"""The roles a person can hold (docs/domain-notes.md, "Who uses it")."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    SUPPLIER = "supplier", _("Penyedia / pelaku UMKM")
    UMKM_OFFICER = "umkm_officer", _("Pendamping UMKM")
    CATALOGUE_MANAGER = "catalogue_manager", _("Pengelola Katalog")
    PP = "pp", _("Pejabat Pengadaan (PP)")
    PPK = "ppk", _("Pejabat Pembuat Komitmen (PPK)")
    TREASURER = "treasurer", _("Bendahara")
    LEADERSHIP = "leadership", _("Pimpinan")
    AUDITOR = "auditor", _("Auditor (APIP)")
    ADMIN = "admin", _("Administrator")


# Roles whose holder works for an OPD (agency) rather than for a supplier.
AGENCY_ROLES = frozenset({Role.PP, Role.PPK, Role.TREASURER})
# Roles that see every OPD's records (read-only for leadership and auditor).
OVERSIGHT_ROLES = frozenset({Role.LEADERSHIP, Role.AUDITOR, Role.ADMIN})
