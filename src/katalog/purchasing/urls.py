from django.urls import path

from . import views

app_name = "purchasing"
urlpatterns = [
    path("", views.order_list, name="order_list"),
    path("<str:number>/", views.order_detail, name="order_detail"),
]
