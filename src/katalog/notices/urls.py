from django.urls import path

from . import views

app_name = "notices"
urlpatterns = [
    path("", views.outbox, name="outbox"),
    path("<int:pk>/ulangi/", views.outbox_retry, name="retry"),
]
