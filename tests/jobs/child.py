"""Child-process helper for tests/jobs/test_worker_killed.py, against the database in DATABASE_URL.

    python -m tests.jobs.child enqueue FILE --supplier NIB --user USERNAME   → prints `JOB {"id": ...}`
    python -m tests.jobs.child retry JOB_ID                                  → prints `RETRIED {"id": ...}`
"""

import argparse
import json
import os
import sys


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser()
    commands = parser.add_subparsers(dest="command", required=True)
    enqueue = commands.add_parser("enqueue")
    enqueue.add_argument("file")
    enqueue.add_argument("--supplier", required=True)
    enqueue.add_argument("--user", required=True)
    many = commands.add_parser("enqueue-small")
    many.add_argument("count", type=int)
    many.add_argument("--supplier", required=True)
    many.add_argument("--user", required=True)
    retry = commands.add_parser("retry")
    retry.add_argument("job", type=int)
    args = parser.parse_args(argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "katalog.settings")
    import django

    django.setup()
    from django.core.files import File

    from katalog.agencies.models import User
    from katalog.catalogue.job_handlers import IMPORT_PRODUCTS
    from katalog.jobs.models import Job
    from katalog.jobs.services import job_enqueue, job_retry
    from katalog.suppliers.models import Supplier

    if args.command == "enqueue":
        supplier = Supplier.objects.get(nib=args.supplier)
        user = User.objects.get(username=args.user)
        with open(args.file, "rb") as handle:
            job, _ = job_enqueue(kind=IMPORT_PRODUCTS, key="killed-worker-test", user=user,
                                 upload=File(handle, name=os.path.basename(args.file)),
                                 params={"supplier": supplier.pk, "actor": user.pk, "publish": True,
                                         "valid_only": False})
        print("JOB " + json.dumps({"id": job.pk}), flush=True)
    elif args.command == "enqueue-small":
        from django.core.files.base import ContentFile

        supplier = Supplier.objects.get(nib=args.supplier)
        user = User.objects.get(username=args.user)
        ids = []
        for n in range(args.count):
            rows = "\n".join(f"Keripik pisang pesanan {n:03d}-{i};Makanan Ringan > Keripik;bungkus;{10000 + i}"
                             for i in range(3))
            job, _ = job_enqueue(kind=IMPORT_PRODUCTS, key=f"small-{n}", user=user,
                                 upload=ContentFile(f"nama;kategori;satuan;harga\n{rows}\n".encode(), name=f"k{n}.csv"),
                                 params={"supplier": supplier.pk, "actor": user.pk, "publish": False,
                                         "valid_only": False})
            ids.append(job.pk)
        print("JOBS " + json.dumps({"ids": ids}), flush=True)
    else:
        job_retry(job=Job.objects.get(pk=args.job))
        print("RETRIED " + json.dumps({"id": args.job}), flush=True)


if __name__ == "__main__":
    main(sys.argv[1:])
