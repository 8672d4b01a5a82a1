from django.apps import AppConfig


class NoticesConfig(AppConfig):
    name = "katalog.notices"
    label = "notices"
