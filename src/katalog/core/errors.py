"""The base of every app's domain errors: something a user can cause, with a message that says what to do.

Each app keeps its own subclass (catalogue.errors.CatalogueError, purchasing.errors.PurchasingError) so
that its views catch only their own errors; the message handling lives here once.
"""

from django.utils.translation import gettext_lazy as _


class DomainError(Exception):
    """`str(error)` is the Indonesian message shown to the user; without one, the class's `default_message`."""

    default_message = _("Tindakan ini tidak dapat dilakukan.")

    def __init__(self, message=None):
        self.message = message if message is not None else self.default_message
        super().__init__(self.message)

    def __str__(self) -> str:
        return str(self.message)
