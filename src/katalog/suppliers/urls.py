from django.urls import path

from . import views, views_data_requests, views_documents, views_readiness, views_verification, wizard

app_name = "suppliers"
urlpatterns = [
    path("", views.supplier_list, name="supplier_list"),
    path("<int:pk>/", views.supplier_public, name="supplier_public"),
    # Self-registration wizard (no login).
    path("daftar/", wizard.register, name="register"),
    path("daftar/<slug:step>/", wizard.register, name="register_step"),
    # The supplier's own and staff's views of one business.
    path("saya/", views.my_business, name="my_business"),
    path("notifikasi/", views.notification_list, name="notifications"),
    path("<int:pk>/rincian/", views.supplier_detail, name="supplier_detail"),
    path("<int:pk>/ubah/", views.supplier_edit, name="supplier_edit"),
    path("<int:pk>/ajukan/", views.supplier_submit, name="supplier_submit"),
    path("<int:pk>/surel/kirim/", views.email_verification_resend, name="email_verification_resend"),
    path("surel/<str:token>/", views.email_verify, name="email_verify"),
    # Documents.
    path("<int:pk>/dokumen/", views_documents.document_list, name="document_list"),
    path("<int:pk>/dokumen/unggah/", views_documents.document_upload, name="document_upload"),
    path("dokumen/<int:pk>/unduh/", views_documents.document_download, name="document_download"),
    path("dokumen/<int:pk>/hapus/", views_documents.document_delete, name="document_delete"),
    # Verification by the catalogue manager.
    path("verifikasi/", views_verification.verification_queue, name="verification_queue"),
    path("<int:pk>/verifikasi/perbaikan/", views_verification.verification_revision, name="verification_revision"),
    path("<int:pk>/verifikasi/tolak/", views_verification.verification_reject, name="verification_reject"),
    path("<int:pk>/verifikasi/<slug:action>/", views_verification.verification_action, name="verification_action"),
    # Assisted onboarding by UMKM officers.
    path("pendampingan/", wizard.assisted_drafts, name="assisted_drafts"),
    path("pendampingan/draf/<uuid:key>/hapus/", wizard.assisted_draft_delete, name="assisted_draft_delete"),
    path("pendampingan/draf/<uuid:key>/<slug:step>/", wizard.assisted_step, name="assisted_step"),
    path("pendampingan/kunjungan/", views_readiness.visit_list, name="visit_list"),
    path("<int:pk>/undangan/", views.invitation_issued, name="invitation_issued"),
    path("<int:pk>/undangan/baru/", views.invitation_reissue, name="invitation_reissue"),
    path("undangan/<str:token>/", views.invitation, name="invitation"),
    # Data subjects' requests (UU 27/2022): asked on the business's page, answered from the admin's queue.
    path("<int:pk>/data-pribadi/", views_data_requests.data_request_create, name="data_request_create"),
    path("permintaan-data/", views_data_requests.data_request_queue, name="data_request_queue"),
    path("permintaan-data/<int:pk>/salinan/", views_data_requests.data_request_export, name="data_request_export"),
    path("permintaan-data/<int:pk>/hapus/", views_data_requests.data_request_erase, name="data_request_erase"),
    path("permintaan-data/<int:pk>/tolak/", views_data_requests.data_request_refuse, name="data_request_refuse"),
    # Readiness per kecamatan and kampung.
]
