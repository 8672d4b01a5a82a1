"""Reference data every installation needs, restored after a test flush: here the holidays.

Migrations load it on install. Django empties every table when a
transactional test ends ("flush") and then sends `post_migrate`, as it does
to recreate content types; each app that ships a list listens to that signal
for itself and reloads its list when it is empty (holidays here, regions in
`regions.loader.restore_regions`, KBKI codes in `catalogue.kbki_loader.restore_kbki`),
so the next test (and the next browser test's live server) finds the same
reference data as production.
"""

from .holidays import load_shipped_holidays
from .models import Holiday


def restore_missing_reference_data(sender, using="default", **kwargs):
    if not Holiday.objects.using(using).exists():
        load_shipped_holidays()
