"""The business's consent to notices by WhatsApp: given, withdrawn, and when (UU 27/2022).

Pure rules on the model's three fields; the services that save a supplier call `whatsapp_consent_set`
inside their transaction, and the CHECK `supplier_whatsapp_needs_consent` holds the database to the same.
Consent as the basis of processing: Pasal 20 ayat (2) huruf a; recorded (Pasal 22) so the controller can
show it (Pasal 24); withdrawable at any time (Pasal 9), and then processing stops (Pasal 40 ayat (1)): no
WhatsApp notice is queued or sent after it. A new consent after a withdrawal starts again (the audit log
keeps the earlier ones).
"""

from __future__ import annotations

from datetime import datetime


def whatsapp_consent_set(supplier, *, consents: bool, now: datetime) -> str | None:
    """Set the supplier's consent to `consents` at `now`. Returns "given", "withdrawn" or None (unchanged)."""
    if consents and not supplier.notify_whatsapp:
        supplier.notify_whatsapp = True
        supplier.whatsapp_consent_at, supplier.whatsapp_consent_withdrawn_at = now, None
        return "given"
    if not consents and supplier.notify_whatsapp:
        supplier.notify_whatsapp = False
        supplier.whatsapp_consent_withdrawn_at = now
        return "withdrawn"
    return None

