"""The JSON API, version 1 (django-ninja): /api/v1/, OpenAPI at /api/v1/openapi.json, docs at /api/v1/docs."""

from ninja import NinjaAPI

from . import errors, private, public
from .access import PAGE_SIZE_MAX

DESCRIPTION = """\
API Katalog Lokal: katalog produk lokal dan UMKM, profil publik penyedia, angka gabungan, dan — dengan token
API pribadi — alur kerja tiap peran (produk dan pesanan penyedia, keranjang dan pesanan PP, persetujuan PPK,
antrean verifikasi pengelola katalog).

* **Token**: buat di halaman *Token API* setelah masuk; kirim sebagai `Authorization: Bearer kl_…`. Token hanya
  dapat melakukan apa yang dapat dilakukan pemiliknya di halaman web (izin dan cakupan data yang sama), dan
  hanya dalam cakupannya (`read`, `write`).
* **Galat**: selalu `{"error": {"status", "code", "message", "details"}}`.
* **Halaman**: `page` dan `page_size` (paling banyak %(page_size_max)s); jawaban memuat `count`, `pages`, `next`, `previous`.
* **Batas laju**: per token (atau per alamat tanpa token) per menit; lewat batas: `429` dengan `Retry-After`.
* **Data pengadaan terbuka** (OCDS 1.1): `/opendata/ocds/`.
""" % {"page_size_max": PAGE_SIZE_MAX}

api = NinjaAPI(
    title="Katalog Lokal API",
    version="1",
    description=DESCRIPTION,
    urls_namespace="api-v1",
    docs_url=None,  # served by opendata.views_api.api_docs: local assets, its own CSP, works without JS
    openapi_url="/openapi.json",
)
errors.install(api)
api.add_router("/", public.router)
api.add_router("/", private.router)
