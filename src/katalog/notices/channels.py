"""Sending one delivery: e-mail over SMTP (Django's mail backend, configured by environment) and WhatsApp
through the WhatsApp Business Cloud API (optional, KATALOG_WHATSAPP["enabled"]).

Each sender raises DeliveryError with a short reason on failure; the outbox records it and retries.
"""

import json
import urllib.error
import urllib.request

from django.conf import settings
from django.core.mail import EmailMessage


class DeliveryError(Exception):
    pass


def send_email(delivery) -> None:
    body = "\n\n".join(part for part in [delivery.body, delivery.link] if part)
    try:
        EmailMessage(f"[Katalog Lokal] {delivery.subject}", body, None, [delivery.address]).send()
    except Exception as error:  # noqa: BLE001 - SMTP errors come in many classes; all are a failed attempt
        raise DeliveryError(f"{type(error).__name__}: {error}"[:500]) from error


def send_whatsapp(delivery) -> None:
    """One template message (business-initiated messages need an approved template; ours has one body
    parameter that carries the whole text). Graph API: POST /{phone-number-id}/messages."""
    config = settings.KATALOG_WHATSAPP
    if not config["enabled"]:
        raise DeliveryError("WhatsApp tidak diaktifkan (KATALOG_WHATSAPP_ENABLED).")
    text = "\n\n".join(part for part in [delivery.subject, delivery.body, delivery.link] if part)
    payload = {
        "messaging_product": "whatsapp",
        "to": delivery.address.lstrip("+"),
        "type": "template",
        "template": {
            "name": config["template"],
            "language": {"code": config["language"]},
            "components": [{"type": "body", "parameters": [{"type": "text", "text": text[:1000]}]}],
        },
    }
    request = urllib.request.Request(
        f"{config['api_url'].rstrip('/')}/{config['phone_number_id']}/messages",
        data=json.dumps(payload).encode(), method="POST",
        headers={"Authorization": f"Bearer {config['token']}", "Content-Type": "application/json"},
    )
    try:
        with urllib.request.urlopen(request, timeout=float(config["timeout_seconds"])) as response:
            answer = json.loads(response.read() or b"{}")
    except urllib.error.HTTPError as error:
        detail = error.read()[:300].decode(errors="replace")
        raise DeliveryError(f"HTTP {error.code}: {detail}") from error
    except (urllib.error.URLError, TimeoutError, OSError, ValueError) as error:
        raise DeliveryError(f"{type(error).__name__}: {error}"[:500]) from error
    if not answer.get("messages"):
        raise DeliveryError(f"Jawaban API tanpa id pesan: {str(answer)[:300]}")


SENDERS = {"email": send_email, "whatsapp": send_whatsapp}
