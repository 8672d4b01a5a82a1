"""Domain errors of the catalogue: each is something a user can cause, with a message that says what to do."""

from django.utils.translation import gettext_lazy as _


class CatalogueError(Exception):
    """Base class: `str(error)` is the Indonesian message shown to the user."""

    default_message = _("Tindakan ini tidak dapat dilakukan.")

    def __init__(self, message=None):
        self.message = message if message is not None else self.default_message
        super().__init__(self.message)

    def __str__(self) -> str:
        return str(self.message)


class NotAllowed(CatalogueError):
    default_message = _("Anda tidak berwenang melakukan tindakan ini pada produk ini.")


class InvalidInput(CatalogueError):
    """Input that breaks a rule; `errors` may hold per-field messages."""

    def __init__(self, message=None, *, errors=None):
        super().__init__(message)
        self.errors = errors or {}
