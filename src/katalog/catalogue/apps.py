from django.apps import AppConfig
from django.db.models.signals import post_migrate


class CatalogueConfig(AppConfig):
    name = "katalog.catalogue"
    label = "catalogue"

    def ready(self):
        # Models and services load only once the app registry is ready.
        from katalog.suppliers.page_sections import add_choices
        from katalog.suppliers.signals import first_verified  # as above: once the registry is ready

        # An app's modules import its models, which load only once the registry is ready.
        from .kbki_loader import restore_kbki
        from .forms import category_choices
        from .services import submit_prepared_products
        from .search.schema import ensure_schema

        # A SQLite table rebuild (any later AlterField) drops the search triggers: put them back.
        post_migrate.connect(ensure_schema, sender=self, dispatch_uid="katalog.catalogue.search_schema")
        # After a test flush the KBKI codes come back (core/reference_data.py says why).
        post_migrate.connect(restore_kbki, sender=self, dispatch_uid="katalog.catalogue.reference_data")
        # Products a business prepared while it waited go to review when it is first verified.
        first_verified.connect(submit_prepared_products, dispatch_uid="katalog.catalogue.submit_prepared")
        # The verification queues filter by category; suppliers, below the catalogue, asks for the choices here.
        add_choices(name="category", provide=lambda: [(c.pk, c.path_label) for c in category_choices()])
