from django.apps import AppConfig
from django.db.models.signals import post_migrate


class CatalogueConfig(AppConfig):
    name = "katalog.catalogue"
    label = "catalogue"

    def ready(self):
        from .search.schema import ensure_schema

        # A SQLite table rebuild (any later AlterField) drops the search triggers: put them back.
        post_migrate.connect(ensure_schema, sender=self, dispatch_uid="katalog.catalogue.search_schema")
