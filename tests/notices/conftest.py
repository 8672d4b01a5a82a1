import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest


class FakeWhatsApp:
    """A stand-in for the WhatsApp Business Cloud API on 127.0.0.1: records every request it receives and
    answers like the Graph API (a message id), or with HTTP 500 for the next `fail_next` requests."""

    def __init__(self):
        self.received: list[dict] = []
        self.fail_next = 0
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):  # noqa: N802 - http.server's naming
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                fake.received.append({"path": self.path, "authorization": self.headers.get("Authorization"),
                                      "json": json.loads(body or b"{}")})
                if fake.fail_next:
                    fake.fail_next -= 1
                    self.send_response(500)
                    self.end_headers()
                    self.wfile.write(b'{"error": {"message": "Service temporarily unavailable"}}')
                    return
                answer = json.dumps({"messaging_product": "whatsapp",
                                     "messages": [{"id": f"wamid.UJI{len(fake.received)}"}]}).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(answer)))
                self.end_headers()
                self.wfile.write(answer)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def texts(self) -> list[str]:
        return [r["json"]["template"]["components"][0]["parameters"][0]["text"] for r in self.received]


@pytest.fixture
def whatsapp(settings):
    fake = FakeWhatsApp()
    settings.KATALOG_WHATSAPP = {**settings.KATALOG_WHATSAPP, "enabled": True, "api_url": fake.url,
                                 "phone_number_id": "1234567890", "token": "token-uji"}
    settings.KATALOG_SITE_URL = "https://katalog.lampungutarakab.go.id"
    yield fake
    fake.server.shutdown()
    fake.server.server_close()
