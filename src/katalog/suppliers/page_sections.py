"""Sections that apps above this one add to a supplier's pages (its own page, the verification queue, the
product review), and choices they offer to its forms.

The readiness checklist (katalog.monitoring.readiness) reads the supplier's products and orders, and those apps
stand above suppliers on the floor plan (docs/architecture.md), so the page cannot import it. The monitoring app
adds it here when it starts (`MonitoringConfig.ready`); the page shows what was added.
"""

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Section:
    name: str  # the template variable
    build: Callable  # supplier -> what the template shows
    prepare: Callable  # queryset of suppliers -> the same with what `build` reads fetched at once


_SECTIONS: dict[str, Section] = {}


def add_section(*, name: str, build: Callable, prepare: Callable = lambda qs: qs) -> None:
    _SECTIONS[name] = Section(name=name, build=build, prepare=prepare)


def prepared(queryset):
    for section in _SECTIONS.values():
        queryset = section.prepare(queryset)
    return queryset


def sections_for(supplier) -> dict:
    return {name: section.build(supplier) for name, section in _SECTIONS.items()}


# Choices a form of this app offers from an app above it: the catalogue's categories for the verification
# queues' filter (suppliers.queue_filters). The catalogue adds them when it starts (`CatalogueConfig.ready`).
_CHOICES: dict[str, Callable] = {}


def add_choices(*, name: str, provide: Callable) -> None:
    _CHOICES[name] = provide


def choices(name: str) -> list:
    return list(_CHOICES[name]()) if name in _CHOICES else []
