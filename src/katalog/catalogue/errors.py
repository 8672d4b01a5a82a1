"""Domain errors of the catalogue: each is something a user can cause, with a message that says what to do."""

from django.utils.translation import gettext_lazy as _

from katalog.core.errors import DomainError


class CatalogueError(DomainError):
    """Base class of the catalogue's errors: `str(error)` is the Indonesian message shown to the user."""


class NotAllowed(CatalogueError):
    default_message = _("Anda tidak berwenang melakukan tindakan ini pada produk ini.")


class InvalidInput(CatalogueError):
    """Input that breaks a rule; `errors` may hold per-field messages."""

    def __init__(self, message=None, *, errors=None):
        super().__init__(message)
        self.errors = errors or {}
