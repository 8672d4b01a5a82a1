from django.apps import AppConfig


class AgenciesConfig(AppConfig):
    name = "katalog.agencies"
    label = "agencies"
