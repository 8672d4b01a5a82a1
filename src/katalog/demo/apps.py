from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "katalog.demo"
    label = "demo"
