"""Domain errors of the catalogue: each is something a user can cause, with a message that says what to do."""

from django.utils.translation import gettext_lazy as _

from katalog.core.errors import DomainError, WriteConflict


class CatalogueError(DomainError):
    """Base class of the catalogue's errors: `str(error)` is the Indonesian message shown to the user."""


class NotAllowed(CatalogueError):
    default_message = _("Anda tidak berwenang melakukan tindakan ini pada produk ini.")


class ChangedBySomeoneElse(CatalogueError):
    """Optimistic check failed: the record changed since the form (or the API client) read it. Nothing was
    saved; `changes` lists (label, value then, value now) so the person sees what changed. HTTP 409."""

    http_status = 409

    default_message = _(
        "Data ini diubah orang lain sejak Anda membukanya. Perubahan Anda belum disimpan dan isian Anda "
        "tetap di formulir: periksa, lalu simpan lagi bila masih perlu."
    )

    def __init__(self, message=None, *, changes=()):
        self.changes = list(changes)
        if message is None and self.changes:
            message = "%s %s %s" % (
                self.default_message, _("Yang berubah:"),
                "; ".join(_("%(label)s: %(then)s → %(now)s") % {"label": label, "then": then, "now": now}
                          for label, then, now in self.changes))
        super().__init__(message)


class Busy(ChangedBySomeoneElse, WriteConflict):
    """Two transactions collided twice in a row (core/conflicts.py); nothing was saved: send again. A
    ChangedBySomeoneElse, so the forms that keep the person's input on a conflict keep it here too. HTTP 409."""

    default_message = WriteConflict.default_message


class InvalidInput(CatalogueError):
    """Input that breaks a rule; `errors` may hold per-field messages."""

    def __init__(self, message=None, *, errors=None):
        super().__init__(message)
        self.errors = errors or {}
