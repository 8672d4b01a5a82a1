from django.apps import AppConfig


class HomeConfig(AppConfig):
    """The site's shared pages above the domain apps: the public home page, each role's own page, the access matrix."""

    name = "katalog.home"
    label = "home"
