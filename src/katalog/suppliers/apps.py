from django.apps import AppConfig


class SuppliersConfig(AppConfig):
    name = "katalog.suppliers"
    label = "suppliers"
