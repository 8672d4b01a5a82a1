from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MonitoringConfig(AppConfig):
    name = "katalog.monitoring"
    label = "monitoring"
    verbose_name = _("Pemantauan dan integritas")

    def ready(self):
        # Modules that use models are imported once every app's models are loaded, that is here.
        from katalog.suppliers.page_sections import add_section

        # An app's modules import its models, which load only once the registry is ready.
        from .readiness import readiness_of, with_readiness_data

        # The supplier's page shows the readiness checklist; suppliers stands below monitoring and cannot import it.
        add_section(name="readiness", build=readiness_of, prepare=with_readiness_data)
