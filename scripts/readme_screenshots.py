"""The README's pictures of the buying flow on a 360-px phone, taken over the demo data with Debian's chromium.

    .venv/bin/python scripts/readme_screenshots.py                # a fresh SQLite demo in a temporary folder
    .venv/bin/python scripts/readme_screenshots.py --keep /tmp/shots   # keep (and reuse) the demo database

A Pejabat Pengadaan (`pp`, password `katalog-demo`) logs in through the form on a 360 × 740 phone and, by clicks
alone as in tests/journeys/test_buying.py, searches the catalogue, opens a product, puts it in the cart from the
buy box (the page stays and confirms it), opens the cart from the header and goes to checkout. Three pictures go to docs/:

  buying-1-product.png   the product page at its buy box (quantity, unit, minimum order, stock)
  buying-2-cart.png      the cart reached from the header, with the line just added
  buying-3-checkout.png  the checkout page from its top to the "Buat pesanan" button (lines, total, RUP code,
                         fiscal year, source of funds, delivery, PPK), the fields a buyer types filled in

The first two are the phone's first screen, the third the page down to its button (CSS pixels, scale 1), reduced to a 256-colour palette so it stays small
(about 30–80 KB). Playwright drives /usr/bin/chromium (KATALOG_CHROMIUM to change it); nothing is downloaded.
The server is `katalog runserver --noreload` with DEBUG=1, as `make demo` runs it. The date field takes the
browser's own format: Indonesian (23/12/2026) only where Debian's `chromium-l10n` is installed, otherwise
en-US (12/23/2026).
"""

from __future__ import annotations

import argparse
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from datetime import date, timedelta
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
DOCS = REPO / "docs"
CHROMIUM = os.environ.get("KATALOG_CHROMIUM", "/usr/bin/chromium")
PHONE = {"width": 360, "height": 740}
QUERY = "kopi bubuk"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _katalog(*args, env) -> None:
    subprocess.run([sys.executable, "-m", "katalog.cli", *args], env=env, cwd=REPO, check=True,
                   stdout=subprocess.DEVNULL)


def prepare(folder: Path) -> dict:
    env = {**os.environ, "KATALOG_VAR_DIR": str(folder), "DEBUG": "1",
           "DATABASE_URL": f"sqlite:///{folder / 'katalog.sqlite3'}",
           "PYTHONPATH": os.pathsep.join(filter(None, [str(REPO / "src"), os.environ.get("PYTHONPATH")]))}
    if not (folder / "katalog.sqlite3").exists():
        started = time.perf_counter()
        _katalog("migrate", "--noinput", env=env)
        _katalog("seed-demo", env=env)
        print(f"demo data ready in {time.perf_counter() - started:.0f} s", flush=True)
    return env


def serve(env: dict) -> tuple[subprocess.Popen, str]:
    port = _free_port()
    server = subprocess.Popen([sys.executable, "-m", "katalog.cli", "runserver", f"127.0.0.1:{port}", "--noreload"],
                              env=env, cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    for _ in range(120):
        try:
            urllib.request.urlopen(f"{url}/masuk/", timeout=5)
            return server, url
        except OSError:
            if server.poll() is not None:
                raise SystemExit("the server stopped while starting")
            time.sleep(0.5)
    server.terminate()
    raise SystemExit("the server did not answer within a minute")


def save(page, name: str, *, down_to=None) -> None:
    """The phone's screen as a 256-colour PNG (a UI of flat colours loses nothing visible), without the focus ring
    of the last field typed in; with `down_to`, the page from its top to that element's bottom instead."""
    from io import BytesIO

    from PIL import Image

    page.evaluate("document.activeElement && document.activeElement.blur()")
    if down_to is None:
        shot = page.screenshot()
    else:
        page.evaluate("window.scrollTo(0, 0)")
        bottom = down_to.evaluate("element => element.getBoundingClientRect().bottom + window.scrollY")
        shot = page.screenshot(full_page=True, clip={"x": 0, "y": 0, "width": PHONE["width"], "height": bottom + 16})
    image = Image.open(BytesIO(shot)).convert("RGB")
    path = DOCS / name
    image.quantize(colors=256, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE).save(path, optimize=True)
    print(f"{path.relative_to(REPO)}: {path.stat().st_size // 1024} KB", flush=True)


def press(page, name: str) -> None:
    page.get_by_role("button", name=name, exact=True).click()
    page.wait_for_load_state()


def shoot(url: str) -> None:
    from playwright.sync_api import expect, sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=[
            "--no-sandbox", "--disable-background-networking", "--disable-gpu", "--disable-dev-shm-usage",
            "--lang=id-ID"], env={**os.environ, "LANG": "id_ID.UTF-8", "LANGUAGE": "id"})  # dates as 23/12/2026
        context = browser.new_context(viewport=PHONE, device_scale_factor=1, is_mobile=True, has_touch=True,
                                      locale="id-ID")
        page = context.new_page()
        page.set_default_timeout(30_000)

        page.goto(f"{url}/masuk/")
        page.get_by_label("Nama pengguna").fill("pp")
        page.get_by_label("Kata sandi").fill("katalog-demo")
        press(page, "Masuk")

        # The catalogue from the menu, a search, and the first result's page.
        menu = page.locator("header details.nav")
        menu.locator("summary").first.click()
        menu.get_by_role("link", name="Katalog", exact=True).click()
        page.wait_for_load_state()
        page.get_by_label("Cari", exact=True).fill(QUERY)
        press(page, "Cari")
        card = page.locator(".card", has=page.locator("form.buy")).first
        card.locator(":scope > a").first.click()
        page.wait_for_load_state()

        # Into the cart from the buy box: the page stays, says so, and the header counts the cart.
        buy = page.locator("form.buy").first
        buy.get_by_label("Jumlah").fill(buy.get_by_label("Jumlah").get_attribute("min") or "1")
        buy.get_by_role("button", name="Masukkan keranjang").click()
        expect(buy.locator(".buy-result .msg-success")).to_be_visible()
        save(page, "buying-1-product.png")

        page.locator("#cart-link").click()
        page.wait_for_load_state()
        save(page, "buying-2-cart.png")

        page.get_by_role("link", name="Checkout").first.click()
        page.wait_for_load_state()
        page.get_by_label("Kode RUP").fill("48123456")
        page.get_by_label("Sumber dana / kode rekening belanja").fill("5.1.02.01.01.0024 Belanja makan minum")
        page.get_by_label("Tanggal diminta tiba").fill((date.today() + timedelta(days=10)).isoformat())
        page.get_by_label("PPK yang menyetujui dan menandatangani").select_option(index=1)
        save(page, "buying-3-checkout.png", down_to=page.get_by_role("button", name="Buat pesanan"))
        browser.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--keep", type=Path, help="folder for the demo database, kept and reused")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="katalog-shots-") as temporary:
        folder = args.keep or Path(temporary)
        folder.mkdir(parents=True, exist_ok=True)
        env = prepare(folder)
        server, url = serve(env)
        try:
            shoot(url)
        finally:
            server.terminate()
            server.wait(timeout=30)


if __name__ == "__main__":
    main()
