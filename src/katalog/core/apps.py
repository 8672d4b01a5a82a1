from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "katalog.core"
    label = "core"
