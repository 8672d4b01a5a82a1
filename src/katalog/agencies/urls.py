from django.urls import path

from . import views

app_name = "accounts"
urlpatterns = [
    path("verifikasi/", views.login_verify, name="login_verify"),
    path("keamanan/", views.security, name="security"),
    path("keamanan/dua-langkah/", views.two_factor_enrol, name="two_factor_enrol"),
    path("keamanan/dua-langkah/matikan/", views.two_factor_disable, name="two_factor_disable"),
    path("keamanan/kode-pemulihan/", views.recovery_codes_regenerate, name="recovery_codes_regenerate"),
    path("keamanan/kata-sandi/", views.password_change, name="password_change"),
    path("lupa-kata-sandi/", views.password_reset, name="password_reset"),
    path("lupa-kata-sandi/terkirim/", views.password_reset_done, name="password_reset_done"),
    path("atur-ulang/<uidb64>/<token>/", views.password_reset_confirm, name="password_reset_confirm"),
    path("atur-ulang/selesai/", views.password_reset_complete, name="password_reset_complete"),
    path("pengguna/<int:pk>/atur-ulang-kata-sandi/", views.password_reset_assisted, name="password_reset_assisted"),
    path("privasi/", views.privacy_notice, name="privacy_notice"),
    path("data-saya/", views.personal_data_download, name="personal_data_download"),
    path("permintaan-data/", views.personal_data_requests, name="personal_data_requests"),
    path("permintaan-data/<int:pk>/unduh/", views.personal_data_download_for, name="personal_data_download_for"),
]
