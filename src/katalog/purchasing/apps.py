from django.apps import AppConfig


class PurchasingConfig(AppConfig):
    name = "katalog.purchasing"
    label = "purchasing"
