from django.apps import AppConfig


class CatalogueConfig(AppConfig):
    name = "katalog.catalogue"
    label = "catalogue"
