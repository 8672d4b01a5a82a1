from django.urls import path

from . import views

app_name = "purchasing"
urlpatterns = [
    path("", views.order_list, name="order_list"),
    path("keranjang/", views.cart_list, name="cart_list"),
    path("keranjang/tambah/<int:product_id>/", views.cart_add, name="cart_add"),
    path("keranjang/baris/<int:line_id>/", views.cart_line_update, name="cart_line_update"),
    path("keranjang/<int:cart_id>/checkout/", views.checkout, name="checkout"),
    path("kompetisi/", views.competition_list, name="competition_list"),
    path("kompetisi/baru/", views.competition_create, name="competition_create"),
    path("kompetisi/<str:number>/", views.competition_detail, name="competition_detail"),
    path("kompetisi/<str:number>/penawaran/", views.competition_quote, name="competition_quote"),
    path("kompetisi/<str:number>/tetapkan/", views.competition_award, name="competition_award"),
    path("<str:number>/", views.order_detail, name="order_detail"),
    path("<str:number>/aksi/<slug:action>/", views.order_action, name="order_action"),
    path("<str:number>/dokumen/<slug:kind>/", views.order_document, name="order_document"),
]
