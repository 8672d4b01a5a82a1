from django.urls import path

from . import views, views_manage, views_transfer

app_name = "catalogue"
urlpatterns = [
    # Public.
    path("", views.product_list, name="product_list"),
    path("api/produk/", views.search_api, name="search_api"),
    path("produk/<int:pk>/", views.product_detail, name="product_detail"),
    path("produk/<int:pk>/pratinjau.png", views.product_preview, name="product_preview"),
    path("foto/<int:pk>/<str:kind>/", views.photo, name="photo"),
    path("bandingkan/", views.compare, name="compare"),
    path("etalase/", views.showcase, name="showcase"),
    # A supplier's own products.
    path("produk-saya/", views_manage.my_products, name="my_products"),
    path("produk-saya/baru/", views_manage.my_product_create, name="my_product_create"),
    path("produk-saya/<int:pk>/", views_manage.my_product_edit, name="my_product_edit"),
    path("produk-saya/<int:pk>/status/", views_manage.my_product_action, name="my_product_action"),
    path("produk-saya/<int:pk>/foto/", views_manage.my_product_photo_add, name="my_product_photo_add"),
    path("produk-saya/<int:pk>/foto/<int:photo_pk>/hapus/", views_manage.my_product_photo_remove,
         name="my_product_photo_remove"),
    # Curation.
    path("verifikasi/", views_manage.verification_queue, name="verification_queue"),
    path("verifikasi/<int:pk>/", views_manage.product_review, name="product_review"),
    path("produk/<int:pk>/unggulan/", views_manage.product_feature, name="product_feature"),
    path("kategori/", views_manage.category_list, name="category_list"),
    path("kategori/baru/", views_manage.category_edit, name="category_create"),
    path("kategori/<int:pk>/", views_manage.category_edit, name="category_edit"),
    # Spreadsheets.
    path("impor/", views_transfer.import_upload, name="import_upload"),
    path("impor/templat.xlsx", views_transfer.import_template, name="import_template"),
    path("impor/<int:pk>/", views_transfer.import_detail, name="import_detail"),
    path("ekspor/katalog/", views_transfer.export_catalogue, name="export_catalogue"),
    path("ekspor/nasional/", views_transfer.national_export, name="national_export"),
    path("harga-acuan/", views_transfer.price_references, name="price_references"),
    path("harga-acuan/di-atas-pagu/", views_transfer.products_above_ceiling, name="products_above_ceiling"),
]
