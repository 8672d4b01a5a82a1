"""Nothing typed is lost (static/katalog/drafts.js, in a real chromium).

A business owner registering on a phone loses the connection in the middle of a step and presses the button:
the page stays, says the device is offline, and keeps every value. Back online, the page is opened again: the
draft comes back with a notice. Identity numbers (NIK, NPWP, bank account) live only in the tab's session
storage, never in local storage. A saved step leaves no draft behind; logging out removes every draft."""

import json
import re

import pytest
from playwright.sync_api import expect

from katalog.core.roles import Role
from katalog.suppliers.models import RegistrationDraft
from tests.factories import make_user
from tests.journeys.clicks import follow, log_in, open_menu_item, press
from tests.suppliers.flows import GOOD_NIK, account, business
from tests.suppliers.test_browser_paths import field, fill_business, open_menu, save_and_continue

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ACCOUNT, BUSINESS = account(), business()
NPWP = BUSINESS["npwp"]


def stored(page, store: str) -> dict:
    """Every draft this page's origin keeps in `store` ("localStorage" or "sessionStorage")."""
    raw = page.evaluate(f"""() => {{
        const out = {{}};
        for (let i = 0; i < {store}.length; i++) {{
            const key = {store}.key(i);
            if (key.startsWith("katalog-draft:")) out[key] = {store}.getItem(key);
        }}
        return out;
    }}""")
    return {key: json.loads(value)["values"] for key, value in raw.items()}


def wait_for_draft(page, text: str) -> None:
    page.wait_for_function("""(text) => [localStorage, sessionStorage].some(store => Object.keys(store)
        .some(k => k.startsWith("katalog-draft:") && store.getItem(k).includes(text)))""", arg=text)


def test_offline_submit_keeps_the_form_and_reopening_restores_it(browse_as, live_server):
    page = browse_as(phone=True)
    context = page.context
    page.goto(f"{live_server.url}/")  # a visitor, no login yet: the site's address, then its links
    with page.expect_navigation():  # the page's scripts (drafts) run before typing starts
        page.get_by_role("link", name="Punya usaha? Daftar sebagai penyedia.").click()
    field(page, "Nama lengkap (sesuai KTP)").fill(ACCOUNT["full_name"])
    field(page, "Nama pengguna untuk masuk").fill(ACCOUNT["username"])
    field(page, "Nomor HP / WhatsApp").fill("0812 3456 7890")
    field(page, "Kata sandi").fill(ACCOUNT["password1"])
    field(page, "Ulangi kata sandi").fill(ACCOUNT["password2"])
    save_and_continue(page, "Usaha")

    fill_business(page)
    wait_for_draft(page, GOOD_NIK)
    context.set_offline(True)
    page.get_by_role("button", name="Simpan & lanjut", exact=True).click()
    expect(page.locator(".offline-notice")).to_contain_text("luring")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Usaha")  # no browser error page
    expect(field(page, "NIK pemilik")).to_have_value(GOOD_NIK)
    expect(field(page, "Nama usaha")).to_have_value(BUSINESS["name"])
    assert not RegistrationDraft.objects.filter(data__has_key="usaha").exists()

    # Identity numbers only in this tab's session storage; the rest in local storage.
    local, session = stored(page, "localStorage"), stored(page, "sessionStorage")
    assert GOOD_NIK not in json.dumps(local) and NPWP not in json.dumps(local)
    assert any(GOOD_NIK in json.dumps(v) and NPWP in json.dumps(v) for v in session.values())
    assert any(BUSINESS["name"] in json.dumps(v) for v in local.values())
    assert "kopi-Robusta-2026" not in json.dumps(local) + json.dumps(session)  # passwords never kept

    # Back online, the page opened again: everything typed is back, with a notice.
    context.set_offline(False)
    page.reload()
    expect(page.locator(".draft-notice")).to_contain_text("Draf dipulihkan")
    for label, value in (("Nama usaha", BUSINESS["name"]), ("Nama pemilik (sesuai KTP)", BUSINESS["owner_name"]),
                         ("NIK pemilik", GOOD_NIK), ("NIB", BUSINESS["nib"]), ("NPWP", NPWP),
                         ("Kode KBLI", BUSINESS["kbli_codes"])):
        expect(field(page, label)).to_have_value(value)
    expect(page.get_by_role("radio", name=re.compile(r"^Mikro"))).to_be_checked()

    # Saved: the step's draft is gone from both stores.
    save_and_continue(page, "Alamat")
    assert not any("usaha" in key for key in {**stored(page, "localStorage"), **stored(page, "sessionStorage")})
    assert RegistrationDraft.objects.get().data["usaha"]["name"] == BUSINESS["name"]


def test_a_draft_can_be_discarded_and_logout_removes_every_draft(browse_as, live_server):
    owner = make_user(Role.SUPPLIER)
    page = browse_as(phone=True)
    log_in(page, live_server, owner)
    open_menu_item(page, "Produk saya")
    with page.expect_navigation():  # the page's scripts (drafts) run before typing starts
        page.get_by_role("link", name="Tambah produk").click()
    page.get_by_label("Nama produk").fill("Keripik pisang cokelat 250 g")
    wait_for_draft(page, "Keripik pisang cokelat")

    # Left by mistake and opened again: restored; "Buang draf" empties the form and the draft.
    open_menu_item(page, "Produk saya")
    page.get_by_role("link", name="Tambah produk").click()
    expect(page.locator(".draft-notice")).to_contain_text("Draf dipulihkan")
    expect(page.get_by_label("Nama produk")).to_have_value("Keripik pisang cokelat 250 g")
    page.get_by_role("button", name="Buang draf").click()
    expect(page.get_by_label("Nama produk")).to_have_value("")
    expect(page.locator(".draft-notice")).to_have_count(0)
    assert stored(page, "localStorage") == {} or all(
        "Keripik" not in json.dumps(v) for v in stored(page, "localStorage").values())

    # Typed again, then the owner logs out: nothing is left on the phone.
    page.get_by_label("Nama produk").fill("Keripik singkong balado 200 g")
    wait_for_draft(page, "Keripik singkong")
    follow(page, open_menu(page).get_by_role("button", name="Keluar", exact=True))
    assert stored(page, "localStorage") == {} and stored(page, "sessionStorage") == {}
