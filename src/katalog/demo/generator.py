"""Deterministic demo data for Kabupaten Lampung Utara (or any configured kabupaten).

Everything comes from one seeded `random.Random`, so the same arguments give
the same catalogue, the same suppliers and the same orders on every machine.
Rows are written with bulk inserts so that `--products 1000000` takes minutes.
"""

import math
import random
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from katalog.agencies.models import Agency, User
from katalog.catalogue.models import Category, Kbki, PriceChange, Product
from katalog.core.audit import record_event
from katalog.core.pagecache import content_changed
from katalog.core.roles import Role
from katalog.purchasing.models import Order, OrderLine
from katalog.purchasing.states import CancelKind, OrderStatus
from katalog.regions.models import District, Village
from katalog.suppliers.models import Supplier

from . import vocabulary as vocab
from django.db.models import Count

DEMO_PASSWORD = "katalog-demo"
BATCH = 5000

# username → (role, agency code or None, what the person does)
DEMO_LOGINS = (
    ("penyedia", Role.SUPPLIER, None),
    ("pendamping", Role.UMKM_OFFICER, "diskopumkm"),
    ("pengelola", Role.CATALOGUE_MANAGER, "setda"),
    ("pp", Role.PP, "disdikbud"),
    ("ppk", Role.PPK, "disdikbud"),
    ("bendahara", Role.TREASURER, "disdikbud"),
    ("pimpinan", Role.LEADERSHIP, "setda"),
    ("auditor", Role.AUDITOR, "inspektorat"),
    ("admin", Role.ADMIN, None),
)

# Suppliers from outside the kabupaten come from these regencies (Lampung, and Jakarta for big firms).
OUTSIDE_REGENCIES = ("18.71", "18.02", "18.04", "18.05", "18.72", "31.73", "31.74")
STREETS = ("Jl. Jenderal Sudirman", "Jl. Soekarno-Hatta", "Jl. Lintas Sumatera", "Jl. Pahlawan", "Jl. Kartini",
           "Jl. Raden Intan", "Jl. Hasanudin", "Jl. Letjen Alamsyah Ratu Prawiranegara", "Jl. Merdeka",
           "Jl. Imam Bonjol", "Jl. Kapten Tendean", "Jl. Ahmad Yani")
BANKS = ("Bank Lampung", "BRI", "BNI", "Bank Mandiri", "BSI", "BCA")


@dataclass
class SeedReport:
    agencies: int = 0
    categories: int = 0
    suppliers: int = 0
    products: int = 0
    orders: int = 0
    order_lines: int = 0
    users: int = 0
    statuses: dict = field(default_factory=dict)


def demo_present() -> bool:
    return User.objects.filter(username="pengelola").exists()


class DemoGenerator:
    def __init__(self, *, seed: int = 2025, suppliers: int | None = None, products: int = 3000,
                 orders_per_year: int = 900, today: date | None = None, progress=None):
        self.rng = random.Random(seed)
        self.products_wanted = products
        self.suppliers_wanted = suppliers or max(300, products // 10)
        self.orders_per_year = orders_per_year
        self.today = today or timezone.localdate()
        self.progress = progress or (lambda message: None)
        self.region = settings.KATALOG_REGION
        self.report = SeedReport()

    # -- entry point -------------------------------------------------------

    def run(self) -> SeedReport:
        with transaction.atomic():
            self.agencies = self.make_agencies()
            self.leaves = self.make_categories()
            self.people_hash = self._password_hash()
            self.suppliers = self.make_suppliers()
            self.make_products()
            self.staff = self.make_agency_staff()
            self.make_orders()
            self.make_demo_logins()
            content_changed()  # bulk_create sends no post_save (core/pagecache.py)
            record_event(actor=None, action="demo.seeded", after={
                "suppliers": self.report.suppliers, "products": self.report.products, "orders": self.report.orders,
            })
        return self.report

    # -- agencies and categories -------------------------------------------

    def make_agencies(self) -> dict[str, Agency]:
        kotabumi = District.objects.filter(regency_id=self.region).order_by("code").first()
        rows = [
            Agency(code=a.code, name=a.name, short_name=a.short_name, kind=a.kind, regency_id=self.region,
                   district=kotabumi, address=f"{self.rng.choice(STREETS)} No. {self.rng.randint(1, 120)}")
            for a in vocab.AGENCIES
        ]
        for district in District.objects.filter(regency_id=self.region).order_by("code"):
            rows.append(Agency(
                code=f"kec-{district.code}", name=f"Kecamatan {district.name}", short_name=f"Kec. {district.name}",
                kind=Agency.Kind.SUBDISTRICT, regency_id=self.region, district=district,
                address=f"Kantor Camat {district.name}",
            ))
        Agency.objects.bulk_create(rows)
        self.report.agencies = len(rows)
        self.progress(f"OPD: {len(rows)}")
        return {a.code: a for a in Agency.objects.all()}

    def make_categories(self) -> dict[tuple, Category]:
        known_kbki = set(Kbki.objects.values_list("code", flat=True))
        by_path: dict[tuple, Category] = {}
        for path in vocab.category_paths():
            leaf = vocab.leaf_for(path) if len(path) == 3 else None
            category = Category.objects.create(
                parent=by_path.get(path[:-1]), name=path[-1], slug=slugify("-".join(path))[:160], level=len(path),
                kbki_id=leaf.kbki if leaf and leaf.kbki in known_kbki else None,
                kbli_codes=list(leaf.kbli) if leaf else [],
            )
            by_path[path] = category
        self.report.categories = len(by_path)
        return {path: c for path, c in by_path.items() if len(path) == 3}

    # -- suppliers and products --------------------------------------------

    def make_suppliers(self) -> list[Supplier]:
        rng = self.rng
        home = list(District.objects.filter(regency_id=self.region).order_by("code"))
        # Kotabumi and its neighbours hold most businesses; remote kecamatan fewer.
        weights = [6 if "Kotabumi" in d.name else 2 if d.name.startswith("Abung") else 1 for d in home]
        villages: dict[str, list[str]] = {}
        for code, district_id in Village.objects.filter(district__regency_id=self.region).values_list("code", "district_id"):
            villages.setdefault(district_id, []).append(code)
        outside = list(District.objects.filter(regency_id__in=OUTSIDE_REGENCIES).order_by("code"))
        statuses = (["verified"] * 80 + ["submitted"] * 6 + ["in_review"] * 4 + ["needs_revision"] * 4
                    + ["draft"] * 4 + ["rejected"] * 2)
        rows = []
        for n in range(self.suppliers_wanted):
            kind = rng.choice(vocab.SUPPLIER_KINDS)
            scale = rng.choices(vocab.SCALES, weights=kind.scale_weights)[0]
            is_local = rng.random() < (0.9 if scale in ("mikro", "kecil") else 0.45)
            district = rng.choices(home, weights=weights)[0] if is_local or not outside else rng.choice(outside)
            village = rng.choice(villages[district.code]) if district.code in villages else None
            status = rng.choice(statuses)
            created = self._moment(self.today - timedelta(days=rng.randint(30, 900)))
            owner = vocab.person_name(n * 7 + 3)
            rows.append(Supplier(
                name=vocab.business_name(kind, n)[:200],
                owner_name=owner,
                owner_nik=f"{district.code.replace('.', '')[:6]}{rng.randint(1, 28):02d}{rng.randint(1, 12):02d}"
                          f"{rng.randint(60, 99):02d}{n % 10000:04d}",
                # Some micro businesses that have not finished registering have no NIB yet ("belum ber-NIB"):
                # getting one through OSS is what the pendamping helps with. Chosen without a random draw, so
                # the rest of the demo stays as it was.
                nib=None if scale == "mikro" and status in ("draft", "submitted", "needs_revision")
                else f"{9120000000000 + n:013d}", npwp=f"0{10**14 + n * 7:015d}",
                is_pkp=scale in ("menengah", "besar") or rng.random() < 0.1,
                scale=scale, is_cooperative=kind.prefixes[0] == "Koperasi" or rng.random() < 0.03,
                kbli_codes=list(kind.kbli[:3]),
                address=f"{rng.choice(STREETS)} No. {rng.randint(1, 250)}",
                regency_id=district.regency_id, district=district, village_id=village,
                phone=f"08{rng.randint(11, 59)}{rng.randint(10_000_000, 99_999_999)}",
                email=f"usaha{n}@contoh.id", bank_name=rng.choice(BANKS),
                bank_account_number=f"{rng.randint(10**11, 10**12 - 1)}", bank_account_holder=owner,
                status=status, created_at=created, verified_at=created + timedelta(days=rng.randint(1, 10)) if status == "verified" else None,
            ))
            rows[-1].kind = kind  # remembered for product generation, not stored
        Supplier.objects.bulk_create(rows, batch_size=BATCH)
        self.report.suppliers = len(rows)
        self.progress(f"Penyedia: {len(rows)}")
        return rows

    def make_products(self) -> None:
        rng = self.rng
        sellers = [s for s in self.suppliers if s.status == "verified"]
        now = timezone.now()
        batch: list[Product] = []
        history: list[PriceChange] = []
        per_seller = max(1, math.ceil(self.products_wanted / len(sellers)))
        made = 0
        while made < self.products_wanted:
            for supplier in sellers:
                if made >= self.products_wanted:
                    break
                for _ in range(rng.randint(1, 2 * per_seller - 1) if per_seller > 1 else 1):
                    if made >= self.products_wanted:
                        break
                    batch.append(self._product(supplier, now))
                    made += 1
                if len(batch) >= BATCH:
                    self._flush_products(batch, history)
                    self.progress(f"Produk: {made:,}")
        self._flush_products(batch, history)
        self.report.products = made

    def _product(self, supplier: Supplier, now: datetime) -> Product:
        rng = self.rng
        path = rng.choice(supplier.kind.leaves)
        template = rng.choice(vocab.templates_for(path))
        imported = rng.random() < template.import_share
        price = self._round_price(rng.randint(template.price_min, template.price_max))
        # No TKDN value for imports, nor for a domestic unit whose drawn value is 0 (no certificate).
        tkdn = None if imported else (Decimal(rng.randint(*template.tkdn)) or None)
        status = rng.choices(["active", "submitted", "draft", "inactive", "verified"], weights=[86, 6, 3, 3, 2])[0]
        created = now - timedelta(days=rng.randint(1, 700), minutes=rng.randint(0, 1440))
        name = rng.choice(template.names)
        # Only a local specialty carries the maker's own name as its brand; resold goods keep theirs (in the name).
        brand = supplier.name.split(" ", 1)[-1][:100] if template.local_specialty and not imported else ""
        return Product(
            supplier=supplier, category=self.leaves[path], name=name,
            description=f"{name}. {'Diproduksi' if template.local_specialty else 'Dijual'} oleh {supplier.name}."
                        + (" Produk khas Lampung Utara." if template.local_specialty and supplier.is_local else ""),
            unit=template.unit, price=price, stock=rng.choice([10, 5, 20, 50, 100, 250, 500, 1000]) if rng.random() < 0.9 else 0,
            min_order=rng.choice([1, 1, 1, 5, 10]) if template.unit in ("pcs", "bungkus", "kotak", "botol") else 1,
            lead_time_days=rng.randint(1, 14), tkdn=tkdn,
            bmp=Decimal(rng.choice([0, 0, 5, 10, 15])) if supplier.scale in ("menengah", "besar") and not imported else Decimal(0),
            origin="impor" if imported else "lokal",
            # Makers of local specialties and goods with a TKDN value are recorded in SIINas; resold goods
            # without TKDN are not (no random draw, so the rest of the demo stays as it was).
            siinas_registered=not imported and (tkdn is not None or template.local_specialty),
            production_district=supplier.district if supplier.is_local and not imported else None,
            brand=brand,
            has_sni=template.sni_likely and rng.random() < 0.8, is_halal=bool(template.halal) and rng.random() < 0.85,
            ppn_percent=template.ppn if supplier.is_pkp else 0, status=status,
            created_at=created, updated_at=created,
            published_at=created + timedelta(days=rng.randint(0, 5)) if status == "active" else None,
        )

    def _flush_products(self, batch: list[Product], history: list[PriceChange]) -> None:
        if not batch:
            return
        Product.objects.bulk_create(batch, batch_size=BATCH)
        # A price history for one product in ten: a rise some weeks before today.
        for product in batch[:: 10]:
            old = self._round_price(int(product.price * self.rng.uniform(0.8, 0.98)))
            history.append(PriceChange(product_id=product.pk, old_price=None, new_price=old, changed_at=product.created_at))
            history.append(PriceChange(product_id=product.pk, old_price=old, new_price=product.price,
                                       changed_at=product.created_at + timedelta(days=self.rng.randint(1, 60))))
        PriceChange.objects.bulk_create(history, batch_size=BATCH)
        batch.clear()
        history.clear()

    # -- people ----------------------------------------------------------------

    def _password_hash(self) -> str:
        # One argon2 hash shared by every demo account: hashing hundreds of times would take a minute.
        user = User(username="_")
        user.set_password(DEMO_PASSWORD)
        return user.password

    def make_agency_staff(self) -> dict[str, dict[str, User]]:
        rows = []
        for code, agency in self.agencies.items():
            for role, prefix in ((Role.PP, "pp"), (Role.PPK, "ppk"), (Role.TREASURER, "bendahara")):
                rows.append(User(
                    username=f"{prefix}.{code}", full_name=vocab.person_name(len(rows) * 13 + 1), role=role,
                    agency=agency, password=self.people_hash, nip=f"19{self.rng.randint(70, 99)}{self.rng.randint(10**13, 10**14 - 1)}"[:18],
                ))
        User.objects.bulk_create(rows, batch_size=BATCH)
        self.report.users += len(rows)
        staff: dict[str, dict[str, User]] = {}
        for user in User.objects.filter(agency__isnull=False).select_related("agency"):
            staff.setdefault(user.agency.code, {})[user.role] = user
        return staff

    def make_demo_logins(self) -> None:
        for username, role, agency_code in DEMO_LOGINS:
            supplier = self._showcase_supplier() if role == Role.SUPPLIER else None
            User.objects.create(
                username=username, full_name=f"{vocab.person_name(len(username) * 31)} (demo)", role=role,
                agency=self.agencies.get(agency_code) if agency_code else None, supplier=supplier,
                password=self.people_hash, is_staff=role == Role.ADMIN, is_superuser=role == Role.ADMIN,
            )
            self.report.users += 1

    def _showcase_supplier(self) -> Supplier:
        """The local micro business with the most orders: the supplier demo login sees a lively page."""
        return (
            Supplier.objects.local().filter(scale="mikro", status="verified")
            .annotate(n=Count("orders")).order_by("-n", "id").first()
        )

    # -- orders ------------------------------------------------------------------

    def make_orders(self) -> None:
        rng = self.rng
        seller_ids = set(Product.objects.filter(status="active").values_list("supplier_id", flat=True).distinct())
        suppliers = {s.pk: s for s in Supplier.objects.filter(pk__in=seller_ids)}
        shelf: dict[int, list[Product]] = {}  # a supplier's products, fetched when it first gets an order
        umk_pool = [pk for pk, s in suppliers.items() if s.is_umk]
        other_pool = [pk for pk, s in suppliers.items() if not s.is_umk] or umk_pool
        # Each OPD buys from small business at its own habitual rate, so the 40% table has winners and laggards.
        habits = {code: rng.uniform(0.15, 0.8) for code in self.agencies}
        sizes = {code: (4 if a.kind in ("dinas", "rsud") else 2 if a.kind != "kecamatan" else 1) for code, a in self.agencies.items()}
        codes = list(self.agencies)
        years = (self.today.year - 1, self.today.year)
        orders, lines = [], []
        sequence = 0
        for year in years:
            last_day = date(year, 12, 31) if year < self.today.year else self.today
            first_day = date(year, 1, 6)
            span = (last_day - first_day).days
            forced = list(OrderStatus.values) if year == self.today.year else []
            for i in range(self.orders_per_year):
                code = rng.choices(codes, weights=[sizes[c] for c in codes])[0]
                pool = umk_pool if rng.random() < habits[code] else other_pool
                supplier = suppliers[rng.choice(pool)]
                created_day = first_day + timedelta(days=int(span * math.sqrt(rng.random())))
                status = forced.pop() if forced else self._status_for(created_day, last_day)
                sequence += 1
                if supplier.pk not in shelf:
                    shelf[supplier.pk] = list(Product.objects.filter(supplier=supplier, status="active")
                                              .select_related("supplier").order_by("id")[:40])
                order, order_lines = self._order(year, sequence, code, supplier, shelf[supplier.pk], created_day, status)
                orders.append(order)
                lines.append(order_lines)
        Order.objects.bulk_create(orders, batch_size=BATCH)
        flat = []
        for order, order_lines in zip(orders, lines):
            for line in order_lines:
                line.order = order
                flat.append(line)
        OrderLine.objects.bulk_create(flat, batch_size=BATCH)
        self.report.orders, self.report.order_lines = len(orders), len(flat)
        for order in orders:
            self.report.statuses[order.status] = self.report.statuses.get(order.status, 0) + 1
        self.progress(f"Pesanan: {len(orders):,} ({len(flat):,} baris)")

    def _status_for(self, created: date, last_day: date) -> str:
        age = (self.today - created).days
        roll = self.rng.random()
        if roll < 0.07:
            return OrderStatus.CANCELLED
        if age > 60:
            return OrderStatus.PAID_OUTSIDE if roll < 0.12 else OrderStatus.PAID
        ladder = [OrderStatus.NEGOTIATION, OrderStatus.PPK_REVIEW, OrderStatus.SUPPLIER_CONFIRMATION,
                  OrderStatus.SIGNING, OrderStatus.PROCESSING, OrderStatus.IN_DELIVERY, OrderStatus.ARRIVED,
                  OrderStatus.BAST_CONFIRMATION, OrderStatus.COMPLETED, OrderStatus.PAID]
        # The older the order, the further along the ladder it usually is.
        step = min(len(ladder) - 1, int(age / 6 + self.rng.random() * 3))
        return ladder[step]

    def _order(self, year, sequence, agency_code, supplier, products, created_day, status):
        rng = self.rng
        agency = self.agencies[agency_code]
        chosen = rng.sample(products, k=min(len(products), rng.choice([1, 1, 2, 2, 3, 4])))
        budget = math.exp(rng.uniform(math.log(750_000), math.log(90_000_000)))
        if rng.random() < 0.02:
            budget *= 4  # the occasional large package above the PP's limit
        lines = []
        for product in chosen:
            quantity = max(product.min_order, min(5000, round(budget / len(chosen) / product.price)))
            line = OrderLine(
                product=product, category_id=product.category_id, name=product.name, unit=product.unit,
                quantity=quantity, unit_price=product.price, subtotal=quantity * product.price,
                tkdn=product.tkdn, bmp=product.bmp, origin=product.origin,
                siinas_registered=product.siinas_registered,
            )
            # The PPN rule in force on the order's day (PMK 131/2024 from 2025: 12% of 11/12 of the price).
            line.set_tax(product.tax_for(line.subtotal, created_day))
            lines.append(line)
        subtotal = sum(line.subtotal for line in lines)
        ppn = sum(line.ppn for line in lines)
        created = self._moment(created_day)
        staff = self.staff[agency_code]
        cancel_kind = ""
        if status == OrderStatus.CANCELLED:
            cancel_kind = rng.choice([CancelKind.ON_NEGOTIATION, CancelKind.ON_REVIEW, CancelKind.EXPIRED,
                                      CancelKind.REJECTED, CancelKind.BY_REQUEST])
        return Order(
            number=f"KL-{year}-{sequence:06d}", agency=agency, supplier=supplier, buyer=staff[Role.PP],
            ppk=staff[Role.PPK], status=status, cancel_kind=cancel_kind,
            cancel_reason="Dibatalkan (data demo)." if cancel_kind else "",
            fiscal_year=year, rup_code=f"{rng.randint(40_000_000, 59_999_999)}",
            funding_source=f"5.1.02.01.01.{rng.randint(1, 60):04d}", delivery_address=f"{agency.name}, {agency.address}",
            requested_date=created_day + timedelta(days=rng.randint(7, 30)),
            subtotal=subtotal, ppn=ppn, total=subtotal + ppn, supplier_scale=supplier.scale,
            supplier_is_umk=supplier.is_umk, supplier_is_local=supplier.is_local,
            supplier_district_id=supplier.district_id, created_at=created,
            status_changed_at=created + timedelta(days=rng.randint(0, 20)),
        ), lines

    # -- small helpers -------------------------------------------------------------

    def _moment(self, day: date) -> datetime:
        clock = time(hour=self.rng.randint(8, 15), minute=self.rng.randint(0, 59))
        return timezone.make_aware(datetime.combine(day, clock))

    @staticmethod
    def _round_price(price: int) -> int:
        step = 500 if price < 100_000 else 5_000 if price < 5_000_000 else 50_000
        return max(step, int(round(price / step)) * step)
