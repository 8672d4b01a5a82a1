from functools import cached_property, lru_cache

from django.conf import settings

from katalog.core import pagecache
from katalog.core.menus import menu_groups_for
from katalog.core.rules import rule
from katalog.regions.models import Regency


@lru_cache(maxsize=4)
def _region_name(code: str) -> str:
    regency = Regency.objects.filter(code=code).first()
    return regency.name if regency else code


# Rule values that pages show or compare with: templates read them from `rules`, never write the number.
TEMPLATE_RULES = ("tkdn_minimum_percent", "tkdn_bmp_minimum_percent", "monitoring_amber_margin_percent")


def site(request):
    return {
        "rules": {name: rule(name) for name in TEMPLATE_RULES},
        "region_name": _region_name(settings.KATALOG_REGION),
        "menu_groups": menu_groups_for(request.user),
        "page_cache": FragmentCache(request) if pagecache.enabled() else None,
    }


class FragmentCache:
    """What a template's `{% cache %}` of a shared fragment needs: the content version (read once, and only if a
    fragment asks, and the same number the page cache read for this request) and how long a fragment may live."""

    def __init__(self, request):
        self._request = request

    @property
    def seconds(self) -> int:
        return settings.KATALOG_PAGE_CACHE["seconds"]

    @cached_property
    def version(self) -> int:
        return pagecache.request_version(self._request)
