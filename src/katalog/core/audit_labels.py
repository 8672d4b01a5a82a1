"""What an audit event says, in the reader's language: the one table of labels for the actions the services
record (`core.audit.record_event`), and a label for the object an event is about.

Screens never show the stored codes (`login.succeeded`, `agencies.user 182`); they show these labels. The
table is data: `tests/core/test_audit_labels.py` finds every action the code records and fails when one has
no label here, so a new kind of event cannot reach a page as a raw code.
"""

from django.apps import apps
from django.utils.translation import gettext_lazy as _

ACTION_LABELS = {
    # Accounts and sign-in (agencies).
    "login.succeeded": _("Masuk berhasil"),
    "login.failed": _("Gagal masuk"),
    "login.throttled": _("Masuk ditahan sementara setelah beberapa kali gagal"),
    "login.unlocked": _("Penahanan masuk dibuka"),
    "account.deactivate": _("Akun dinonaktifkan"),
    "account.password_change": _("Kata sandi diganti"),
    "account.password_reset": _("Kata sandi diatur ulang"),
    "account.password_reset_requested": _("Atur ulang kata sandi diminta"),
    "account.password_reset_assisted": _("Tautan atur ulang kata sandi dibuat petugas"),
    "account.2fa_enrol": _("Verifikasi dua langkah dipasang"),
    "account.2fa_recovery_code_used": _("Kode pemulihan dipakai"),
    "account.2fa_recovery_codes_regenerate": _("Kode pemulihan dibuat ulang"),
    "account.2fa_disable": _("Verifikasi dua langkah dimatikan"),
    "account.2fa_reset": _("Verifikasi dua langkah diatur ulang petugas"),
    "privacy.export": _("Salinan data pribadi dibuat"),
    "api_token.create": _("Token API dibuat"),
    "api_token.revoke": _("Token API dicabut"),
    # Suppliers.
    "supplier.registered": _("Usaha didaftarkan"),
    "supplier.submitted": _("Data usaha diajukan untuk verifikasi"),
    "supplier.review_started": _("Pemeriksaan data usaha dimulai"),
    "supplier.review_released": _("Pemeriksaan dikembalikan ke antrean"),
    "supplier.verified": _("Usaha diverifikasi"),
    "supplier.revision_requested": _("Perbaikan data usaha diminta"),
    "supplier.rejected": _("Pendaftaran usaha ditolak"),
    "supplier.updated": _("Data usaha diubah"),
    "supplier.conflict_declared": _("Hubungan dengan usaha dinyatakan pemeriksa"),
    "supplier.document_added": _("Dokumen usaha diunggah"),
    "supplier.document_removed": _("Dokumen usaha dihapus"),
    "supplier.document_expiry_reminded": _("Pengingat dokumen kedaluwarsa dikirim"),
    "supplier.email_verified": _("Surel usaha terverifikasi"),
    "supplier.invitation_created": _("Undangan pemilik dibuat"),
    "supplier.invitation_accepted": _("Undangan pemilik diterima"),
    "supplier.personal_data_viewed": _("Data pribadi usaha dibuka"),
    "supplier.personal_data_erased": _("Data pribadi usaha dihapus"),
    "supplier.data_request": _("Permintaan data pribadi diajukan"),
    "supplier.data_request_done": _("Permintaan data pribadi diselesaikan"),
    "supplier.data_request_refused": _("Permintaan data pribadi ditolak"),
    "supplier.visit_recorded": _("Kunjungan pendampingan dicatat"),
    "supplier_list.import": _("Daftar UMKM binaan diimpor"),
    # Catalogue.
    "product.create": _("Produk dibuat"),
    "product.update": _("Produk diubah"),
    "product.import": _("Produk diimpor"),
    "product.import_publish": _("Produk diimpor dan langsung tayang"),
    "product.photo_add": _("Foto produk ditambahkan"),
    "product.photo_remove": _("Foto produk dihapus"),
    "product.feature": _("Produk ditampilkan di etalase"),
    "product.national_listing": _("Produk disiapkan untuk e-Katalog nasional"),
    "product.submit": _("Produk diajukan untuk verifikasi"),
    "product.submit_on_business_verified": _("Produk yang disiapkan diajukan saat usaha terverifikasi"),
    "product.withdraw": _("Produk ditarik oleh pemilik usaha"),
    "product.verify": _("Produk diverifikasi"),
    "product.verify_publish": _("Produk diverifikasi dan ditayangkan"),
    "product.request_revision": _("Produk dikembalikan untuk diperbaiki"),
    "product.reject": _("Produk ditolak"),
    "product.publish": _("Produk ditayangkan"),
    "product.deactivate": _("Penayangan produk dihentikan"),
    "product.reverify": _("Produk kembali ke verifikasi karena perubahan"),
    "product.publish_imported": _("Produk impor langsung ditayangkan"),
    "category.update": _("Kategori diubah"),
    "price_reference.import": _("Harga acuan (SSH) diimpor"),
    # Purchasing: the order's history (purchasing.order_page.order_timeline) reads these too.
    "cart.add": _("Barang dimasukkan ke keranjang"),
    "cart.set_quantity": _("Jumlah di keranjang diubah"),
    "competition.create": _("Mini-kompetisi dibuat"),
    "competition.quote": _("Penawaran mini-kompetisi diajukan"),
    "competition.award": _("Pemenang mini-kompetisi ditetapkan"),
    "competition.fail": _("Mini-kompetisi gagal"),
    "order.checkout": _("Pesanan dibuat dari keranjang"),
    "order.award": _("Pesanan dibuat dari hasil mini-kompetisi"),
    "order.propose": _("Tawaran negosiasi diajukan"),
    "order.respond": _("Tawaran negosiasi dijawab"),
    "order.place": _("Pesanan dikirim ke penyedia oleh PP"),
    "order.send_to_ppk": _("Pesanan dikirim ke PPK untuk direviu"),
    "order.approve": _("Pesanan disetujui PPK"),
    "order.return": _("Pesanan dikembalikan PPK ke negosiasi"),
    "order.cancel": _("Pesanan dibatalkan"),
    "order.expire": _("Pesanan batal otomatis: lewat batas waktu"),
    "order.accept": _("Pesanan diterima penyedia; stok dicadangkan; Surat Pesanan terbit"),
    "order.reject": _("Pesanan ditolak penyedia"),
    "order.sign_first": _("Surat Pesanan ditandatangani (tanda tangan pertama)"),
    "order.sign": _("Surat Pesanan ditandatangani kedua pihak"),
    "order.ship": _("Barang dikirim"),
    "order.receive": _("Kiriman diterima (masih ada kiriman lain)"),
    "order.arrive": _("Barang tiba"),
    "order.check_goods": _("Barang diperiksa PPK; BAST terbit"),
    "order.sign_bast_first": _("BAST ditandatangani (tanda tangan pertama)"),
    "order.sign_bast": _("BAST ditandatangani kedua pihak"),
    "order.record_payment": _("Pembayaran (SP2D) dicatat"),
    "order.record_outside_payment": _("Pembayaran di luar sistem dicatat"),
    "order.rate": _("Penyedia dinilai"),
    "order.propose_amendment": _("Adendum diusulkan"),
    "order.decide_amendment": _("Adendum diputuskan"),
    "order.halt": _("Penghentian kontrak (keadaan kahar)"),
    "order.terminate": _("Pemutusan kontrak"),
    # Monitoring and data.
    "monitoring.flag_review": _("Tanda integritas ditinjau"),
    "monitoring.flags_detected": _("Pemeriksaan tanda integritas dijalankan"),
    "monitoring.goods_budget_import": _("Anggaran belanja barang/jasa diimpor"),
    "monitoring.outside_packages_import": _("Paket di luar katalog diimpor"),
    "monitoring.officer_area_assign": _("Wilayah pendamping ditetapkan"),
    "monitoring.potential_add": _("Potensi produk lokal ditambahkan"),
    "monitoring.potential_remove": _("Potensi produk lokal dihapus"),
    "monitoring.rup_import": _("RUP diimpor"),
    "monitoring.target_set": _("Target ditetapkan"),
    "demo.seeded": _("Data demo dimuat"),
}

OTHER_EVENT = _("Peristiwa lain")


def action_label(action: str) -> str:
    """The event's label; an action missing from the table reads "Peristiwa lain", never its code."""
    return str(ACTION_LABELS.get(action, OTHER_EVENT))


def object_label(object_type: str, object_id: str) -> str:
    """"pengguna #182" for `agencies.user` 182: the model's name in the reader's language and the record number."""
    if not object_type:
        return ""
    try:
        name = str(apps.get_model(object_type)._meta.verbose_name)
    except (LookupError, ValueError):
        name = str(_("objek"))
    return f"{name} #{object_id}" if object_id else name
