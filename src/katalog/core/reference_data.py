"""Reference data every installation needs: regions, KBKI codes, holidays.

Migrations load it on install. Django empties every table when a
transactional test ends ("flush") and then sends `post_migrate`, as it does
to recreate content types; `restore_missing_reference_data` listens to that
signal and reloads whichever list is empty, so the next test (and the next
browser test's live server) finds the same reference data as production.
"""


def restore_missing_reference_data(sender, using="default", **kwargs):
    from katalog.catalogue.kbki_loader import load_kbki
    from katalog.catalogue.models import Kbki
    from katalog.core.holidays import load_shipped_holidays
    from katalog.core.models import Holiday
    from katalog.regions.loader import load_regions
    from katalog.regions.models import Village

    if not Village.objects.using(using).exists():
        load_regions(using=using)
    if not Kbki.objects.using(using).exists():
        load_kbki(using=using)
    if not Holiday.objects.using(using).exists():
        load_shipped_holidays()
