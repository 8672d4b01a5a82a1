"""Helpers for browser tests; the fixtures (browser, phone, desktop) live in tests/conftest.py."""


def log_in(page, live_server, username: str, password: str):
    page.goto(f"{live_server.url}/masuk/")
    page.get_by_label("Nama pengguna").fill(username)
    page.get_by_label("Kata sandi").fill(password)
    page.get_by_role("button", name="Masuk").click()
