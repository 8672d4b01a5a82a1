from django.urls import path

from . import views, views_api

app_name = "opendata"
urlpatterns = [
    path("", views.transparency, name="transparency"),
    path("ocds/", views.ocds_index, name="ocds_index"),
    path("ocds/katalog.json", views.ocds_catalogue, name="ocds_catalogue"),
    path("ocds/<int:year>.json", views.ocds_year, name="ocds_year"),
    path("ocds/<int:year>-records.json", views.ocds_year_records, name="ocds_year_records"),
    path("ocds/<int:year>.csv", views.ocds_year_csv, name="ocds_year_csv"),
    path("ocds/<int:year>-barang.csv", views.ocds_year_items_csv, name="ocds_year_items_csv"),
    path("ocds/<int:year>.xlsx", views.ocds_year_xlsx, name="ocds_year_xlsx"),
    path("ocds/terbitan/", views.published_list, name="published_list"),
    path("ocds/terbitan/terbitkan/", views.publish, name="publish"),
    path("ocds/terbitan/<str:name>", views.published_file, name="published_file"),
    path("ocds/proses/<str:ocid>.json", views.ocds_process, name="ocds_process"),
    path("ocds/proses/<str:ocid>/record.json", views.ocds_process_record, name="ocds_process_record"),
    path("impor-penyedia/", views.supplier_list_import, name="supplier_import"),
    path("impor-penyedia/templat.csv", views.supplier_list_template, name="supplier_import_template"),
    path("token/", views_api.token_list, name="tokens"),
    path("token/<int:pk>/cabut/", views_api.token_revoke, name="token_revoke"),
]
