from django.urls import path

from . import views

app_name = "suppliers"
urlpatterns = [
    path("", views.supplier_list, name="supplier_list"),
    path("<int:pk>/", views.supplier_public, name="supplier_public"),
]
