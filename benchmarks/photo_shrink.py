"""Benchmark: a phone photo made smaller in the browser before upload (static/katalog/photo-shrink.js).

    .venv/bin/python benchmarks/photo_shrink.py            # options: --width 4000 --height 3000 --kbps 400

Makes a camera-sized JPEG (a gradient with sensor-like noise, quality 92), lets Debian's chromium (through
Playwright, nothing downloaded) pick it in a file field with `data-shrink="1600"` as the product form does,
and prints the bytes before and after, their ratio, the time the browser took, and what each takes to send
at a slow mobile upload rate (default 400 kbit/s, Chrome's "slow 3G"). The baseline is the original file,
measured in the same run.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

from PIL import Image
from playwright.sync_api import sync_playwright

SCRIPT = Path(__file__).resolve().parent.parent / "src" / "katalog" / "static" / "katalog" / "photo-shrink.js"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--width", type=int, default=4000)
    parser.add_argument("--height", type=int, default=3000)
    parser.add_argument("--kbps", type=int, default=400, help="upload rate in kbit/s")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        folder = Path(folder)
        size = (args.width, args.height)
        photo = folder / "photo.jpg"
        Image.blend(Image.radial_gradient("L").resize(size).convert("RGB"),
                    Image.effect_noise(size, 20).convert("RGB"), 0.35).save(photo, "JPEG", quality=92)
        page_file = folder / "form.html"
        page_file.write_text(f'<html lang="id"><body><input type="file" id="photo" data-shrink="1600">'
                             f'<script src="{SCRIPT.as_uri()}"></script></body></html>')
        original = photo.stat().st_size
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path="/usr/bin/chromium",
                                                 args=["--no-sandbox", "--disable-background-networking"])
            page = browser.new_page()
            page.goto(page_file.as_uri())
            started = time.perf_counter()
            page.set_input_files("#photo", str(photo))
            page.wait_for_selector("#photo[data-shrunk]")
            took = time.perf_counter() - started
            shrunk = int(page.get_attribute("#photo", "data-shrunk"))
            browser.close()
    rate = args.kbps * 1000 / 8
    print(f"photo {args.width}x{args.height}: original {original / 1024:,.0f} kB, sent {shrunk / 1024:,.0f} kB, "
          f"ratio {shrunk / original:.3f}; shrinking took {took:.2f} s in the browser")
    print(f"upload at {args.kbps} kbit/s: original {original / rate:.1f} s, sent {shrunk / rate:.1f} s "
          f"(ratio {shrunk / original:.3f})")


if __name__ == "__main__":
    main()
