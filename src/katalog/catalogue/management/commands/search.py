"""`katalog search "QUERY" [--json] [--limit N]`: the catalogue search, for scripts and for checking ranking."""

import json

from django.core.management.base import BaseCommand

from katalog.catalogue.search import SearchFilters, search_products
from katalog.catalogue.search.types import PARAMS, SORTS
from katalog.core.money import format_rupiah


class Command(BaseCommand):
    help = "Cari produk seperti pembeli mencari; --json mencetak id, nama, penyedia, harga, skor dan alasan."

    def add_arguments(self, parser):
        parser.add_argument("query", help="Kata yang dicari, mis. \"kripik pisang\".")
        parser.add_argument("--json", action="store_true", dest="as_json", help="Keluaran JSON untuk skrip.")
        parser.add_argument("--limit", type=int, default=10, help="Jumlah hasil (maks. 100).")
        parser.add_argument("--page", type=int, default=1)
        parser.add_argument("--sort", choices=SORTS, default="relevansi")
        for name, param in PARAMS.items():
            if name in ("category", "district", "scale", "origin", "price"):
                parser.add_argument(f"--{param}", default="", help=f"Saring: {param}.")
            else:
                parser.add_argument(f"--{param.replace('_', '-')}", action="store_true", dest=param)

    def handle(self, *args, query, as_json, limit, page, sort, **options):
        params = {param: ("1" if options.get(param) is True else options.get(param) or "") for param in PARAMS.values()}
        result = search_products(query=query, filters=SearchFilters.from_params(params), sort=sort, page=page,
                                 page_size=limit, with_facets=as_json)
        if as_json:
            payload = {
                "query": result.query, "total": result.total, "total_approximate": result.total_approximate,
                "page": result.page, "backend": result.backend,
                "notes": result.notes,
                "results": [
                    {
                        "id": hit.product_id, "name": hit.product.name, "supplier": hit.product.supplier.name,
                        "price": hit.product.price, "unit": hit.product.unit, "score": hit.score,
                        "relevance": round(hit.relevance, 4), "preference": hit.preference, "why": hit.why,
                    }
                    for hit in result.hits
                ],
                "facets": {
                    facet.name: [{"value": v.value, "label": v.label, "count": v.count} for v in facet.values]
                    for facet in result.facets
                },
            }
            self.stdout.write(json.dumps(payload, ensure_ascii=False, indent=2))
            return
        for note in result.notes:
            self.stdout.write(f"  ({note})")
        self.stdout.write(f"{'sekitar ' if result.total_approximate else ''}{result.total} produk")
        for rank, hit in enumerate(result.hits, start=(result.page - 1) * result.page_size + 1):
            p = hit.product
            self.stdout.write(f"{rank:>3}. [{hit.score:.3f}] {p.name} — {p.supplier.name} — {format_rupiah(p.price)}/{p.unit}")
            for line in hit.why:
                self.stdout.write(f"       · {line}")
