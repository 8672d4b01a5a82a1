"""The `katalog` console script: Django's manage.py with our settings.

Command names may be written with hyphens (`katalog load-regions`) or with
underscores (`katalog load_regions`); Django itself only knows underscores.
"""

import os
import sys


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "katalog.settings")
    # Settings are chosen before Django's management code is loaded.
    from django.core.management import execute_from_command_line

    argv = list(sys.argv if argv is None else argv)
    if len(argv) > 1 and not argv[1].startswith("-"):
        argv[1] = argv[1].replace("-", "_")
    execute_from_command_line(argv)


if __name__ == "__main__":
    main()
