from django.apps import AppConfig


class RegionsConfig(AppConfig):
    name = "katalog.regions"
    label = "regions"
