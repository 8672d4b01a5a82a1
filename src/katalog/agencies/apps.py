from django.apps import AppConfig


class AgenciesConfig(AppConfig):
    name = "katalog.agencies"
    label = "agencies"

    def ready(self):
        from . import checks, signals  # noqa: F401 (checks register themselves)

        signals.connect(self.get_model("User"))
