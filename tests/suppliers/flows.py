"""Walking the registration wizard with Django's test client, as a phone browser would (no JavaScript)."""

from django.urls import reverse

GOOD_NIK = "1803021708850001"


def business(**overrides) -> dict:
    data = {"name": "UD Kopi Robusta Bukit", "owner_name": "Siti Aminah", "owner_nik": GOOD_NIK,
            "nib": "9120001234567", "npwp": "01.234.567.8-912.000", "scale": "mikro", "kbli_codes": "10761, 47211"}
    data.update(overrides)
    return data


def address(**overrides) -> dict:
    # Kotabumi Udik, Kecamatan Kotabumi, Kabupaten Lampung Utara.
    data = {"province": "18", "regency": "18.03", "district": "18.03.02", "village": "18.03.02.1001",
            "address": "Jl. Soekarno-Hatta No. 12, RT 03"}
    data.update(overrides)
    return data


def contact(**overrides) -> dict:
    data = {"phone": "0812-3456-7890", "email": "siti@contoh.id", "bank_name": "BRI",
            "bank_account_number": "0123-01-000456-50-9", "bank_account_holder": "Siti Aminah"}
    data.update(overrides)
    return data


def edit_form(supplier, **changes) -> dict:
    """The business edit form (suppliers:supplier_edit) as the page fills it for this supplier, with `changes`."""
    data = {
        "usaha-name": supplier.name, "usaha-owner_name": supplier.owner_name, "usaha-owner_nik": supplier.owner_nik,
        "usaha-nib": supplier.nib or "", "usaha-npwp": supplier.npwp or "", "usaha-scale": supplier.scale,
        "usaha-kbli_codes": ", ".join(supplier.kbli_codes) or "10761",
        "alamat-province": supplier.regency.province_id, "alamat-regency": supplier.regency_id,
        "alamat-district": supplier.district_id, "alamat-village": supplier.village_id or "",
        "alamat-address": supplier.address or "Jl. Lintas Sumatera 1",
        "kontak-phone": supplier.phone or "081234567890", "kontak-email": supplier.email,
        "kontak-bank_name": supplier.bank_name, "kontak-bank_account_number": supplier.bank_account_number,
        "kontak-bank_account_holder": supplier.bank_account_holder,
    }
    data.update(changes)
    return data


def account(**overrides) -> dict:
    """The account step, with the phone and e-mail asked there (the bank account comes later)."""
    data = {"full_name": "Siti Aminah", "username": "siti.kopi", "password1": "kopi-Robusta-2026",
            "password2": "kopi-Robusta-2026", "phone": "0812-3456-7890", "email": "siti@contoh.id"}
    data.update(overrides)
    return data


def self_step(client, step: str, data: dict, **extra):
    return client.post(reverse("suppliers:register_step", args=[step]), data, **extra)


def fill_self_registration(client, *, submit=True, **overrides):
    """Fill every step of the self-registration; returns the last response."""
    for step, data in (("akun", account(**{**overrides.get("kontak", {}), **overrides.get("akun", {})})),
                       ("usaha", business(**overrides.get("usaha", {}))),
                       ("alamat", address(**overrides.get("alamat", {})))):
        response = self_step(client, step, data)
        assert response.status_code == 302, (step, response.content.decode()[:3000])
    if not submit:
        return response
    return self_step(client, "ringkasan", {"confirm": "on"})


def assisted_step(client, key, step: str, data: dict):
    return client.post(reverse("suppliers:assisted_step", args=[key, step]), data)


def fill_assisted_registration(client, *, submit=True, **overrides):
    """An officer (already logged in to `client`) registers a business; returns (draft key, last response)."""
    response = client.post(reverse("suppliers:assisted_drafts"))
    key = response.url.rstrip("/").split("/")[-2]
    owner = {"full_name": "Siti Aminah", "username": "siti.kopi", "phone": "0812-3456-7890", "email": "siti@contoh.id"}
    owner.update(overrides.get("kontak", {}))
    owner.update(overrides.get("akun", {}))
    for step, data in (("usaha", business(**overrides.get("usaha", {}))),
                       ("alamat", address(**overrides.get("alamat", {}))),
                       ("akun", owner)):
        response = assisted_step(client, key, step, data)
        assert response.status_code == 302, (step, response.content.decode()[:3000])
    if submit:
        response = assisted_step(client, key, "ringkasan", {"confirm": "on"})
    return key, response
