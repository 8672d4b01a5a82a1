from functools import lru_cache

from django.conf import settings

from .menus import menu_groups_for


@lru_cache(maxsize=4)
def _region_name(code: str) -> str:
    from katalog.regions.models import Regency

    regency = Regency.objects.filter(code=code).first()
    return regency.name if regency else code


def site(request):
    return {
        "region_name": _region_name(settings.KATALOG_REGION),
        "menu_groups": menu_groups_for(request.user),
    }
