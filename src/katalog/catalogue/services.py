"""Writes to the catalogue: products, their prices, photos, verification, featuring, national listing.

Every service takes keyword arguments, runs in one transaction, writes an audit
event, and refreshes the search index before it commits (search/indexer.py),
so a buyer never sees a product the catalogue no longer has.
Spreadsheet imports live in importing.py, SSH price references in references.py.
"""

from __future__ import annotations

import hashlib
import json
from decimal import Decimal

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from katalog.core.texts import text

from katalog.core import transitions
from katalog.core.audit import record_event
from katalog.core.conflicts import retry_on_conflict
from katalog.core.roles import Role
from katalog.core.rules import rule

from . import states
from .errors import Busy, CatalogueError, ChangedBySomeoneElse, InvalidInput, NotAllowed
from .models import NationalListing, Origin, PriceChange, PriceTier, Product, ProductPhoto
from .photos import process_photo
from .search import indexer
from .states import Action, ProductStatus
from katalog.suppliers.selectors import is_connected
from katalog.suppliers.services import notify_supplier
from django.urls import reverse
from django.core.exceptions import ValidationError
from django.utils.text import slugify
from .models import Category

EDITABLE_FIELDS = states.SPEC_FIELDS + states.TERMS_FIELDS + ("price",)
# What a form or an API client must have seen unchanged to save (optimistic concurrency). Stock is not in
# it: a supplier's stock change is applied as an adjustment to the current stock, so stock reserved by an
# order meanwhile is never given back by a form opened earlier.
VERSIONED_FIELDS = tuple(name for name in EDITABLE_FIELDS if name != "stock")
CATEGORY_FIELDS = ("name", "parent", "kbki", "kbli_codes", "attributes")
OFFICERS = frozenset({Role.UMKM_OFFICER, Role.CATALOGUE_MANAGER})


def _jsonable(value):
    if isinstance(value, Decimal):
        return str(value)
    if hasattr(value, "pk"):
        return value.pk
    return value


def _snapshot(product: Product, fields=EDITABLE_FIELDS) -> dict:
    return {name: _jsonable(getattr(product, name)) for name in fields}


def _require_owner(*, actor, product_supplier_id: int, assisting: bool = False) -> None:
    """The supplier's own people change its products; so does a UMKM officer assisting the business.

    `assisting` is the caller's statement that the officer assists this business (the officer's worklist
    checks that the business lies in a kecamatan assigned to the officer, or was registered by it); here
    only the role is checked. Every change is audited under the officer's own name.
    """
    if assisting:
        if actor.role != Role.UMKM_OFFICER:
            raise NotAllowed(_("Hanya pendamping UMKM yang dapat mengubah produk atas nama usaha."))
        return
    if actor.role != Role.SUPPLIER or actor.supplier_id != product_supplier_id:
        raise NotAllowed(_("Hanya penyedia pemilik produk yang dapat mengubahnya."))


def _lock(product: Product) -> Product:
    # NO KEY: cart and order lines that refer to the product need not wait (lock order: core/conflicts.py).
    return Product.objects.select_for_update(no_key=True).get(pk=product.pk)


def product_seen(product: Product) -> dict:
    """What an edit form shows of a product, kept with the form: compared at save (product_update)."""
    return {**_snapshot(product, VERSIONED_FIELDS), "stock": product.stock,
            "price_tiers": sorted([q, p] for q, p in product.price_tiers.values_list("min_quantity", "price"))}


def product_version(product: Product) -> str:
    """The API's version of a product: changes whenever a field a client may edit changes (not stock)."""
    seen = product_seen(product)
    del seen["stock"]
    return hashlib.sha256(json.dumps(seen, sort_keys=True, default=str).encode()).hexdigest()[:16]


def _shown(model, name: str, value):
    """A value of `seen` as a person reads it: a related record by its name, nothing as a dash."""
    try:
        field = model._meta.get_field(name)
    except Exception:  # price_tiers and other derived entries
        field = None
    if field is not None and field.is_relation and value not in (None, ""):
        related = field.related_model.objects.filter(pk=value).first()
        return str(related) if related is not None else value
    if value in (None, "", [], {}):
        return "—"
    return value


def _label(model, name: str) -> str:
    if name == "price_tiers":
        return _("Harga grosir")
    if name == "kbki":
        return _("Kode KBKI")
    return str(model._meta.get_field(name).verbose_name)


def refuse_if_changed(model, seen: dict, current: dict, *, ignore=()) -> None:
    """Optimistic concurrency: refuse (ChangedBySomeoneElse, listing what changed) when any field the form
    was built from differs now."""
    changes = [(_label(model, name), _shown(model, name, seen[name]), _shown(model, name, current[name]))
               for name in current if name in seen and name not in ignore and seen[name] != current[name]]
    if changes:
        raise ChangedBySomeoneElse(changes=changes)


def _sync_index() -> None:
    indexer.sync_pending()


# --- Products ----------------------------------------------------------------


def _require_pkp_for_ppn(product: Product) -> None:
    """Only a Pengusaha Kena Pajak charges PPN (PMK 131/2024): whatever channel writes the product
    (form, API, import), a non-PKP supplier's product carries 0%."""
    if product.ppn_percent and not product.supplier.is_pkp:
        message = _("Penyedia bukan PKP, jadi tidak memungut PPN: pilih 0%.")
        raise InvalidInput(message, errors={"ppn_percent": message})


def _require_domestic_for_siinas(product: Product) -> None:
    """SIINas records domestic industry's products (Perpres 46/2025 Pasal 66 ayat (2) huruf d): whatever
    channel writes the product, an import cannot be marked as recorded there."""
    if product.siinas_registered and product.origin == Origin.IMPORT:
        message = _("SIINas hanya mencatat produk dalam negeri; barang impor tidak dapat ditandai tercatat di SIINas.")
        raise InvalidInput(message, errors={"siinas_registered": message})


@retry_on_conflict(Busy)
@transaction.atomic
def product_create(*, actor, supplier, data: dict, tiers: list[tuple[int, int]] = (), photo=None,
                   assisting: bool = False) -> Product:
    """A supplier (or the officer assisting it) lists a new product; it starts as a draft (curation before
    display, e-Katalog v6). `photo`, an upload, is added in the same transaction: a refused photo saves nothing."""
    _require_owner(actor=actor, product_supplier_id=supplier.pk, assisting=assisting)
    now = timezone.now()
    fields = {name: data[name] for name in EDITABLE_FIELDS if name in data}
    product = Product(supplier=supplier, created_by=actor, status=ProductStatus.DRAFT, created_at=now,
                      updated_at=now, status_changed_at=now, **fields)
    _require_pkp_for_ppn(product)
    _require_domestic_for_siinas(product)
    product.full_clean(exclude=["supplier", "created_by"])
    product.save()
    _set_tiers(product, tiers)
    PriceChange.objects.create(product=product, old_price=None, new_price=product.price, changed_at=now,
                               changed_by=actor, source="awal")
    record_event(actor=actor, action="product.create", obj=product, after=_snapshot(product))
    if photo is not None:
        try:
            photo_add(actor=actor, product=product, upload=photo, assisting=assisting)
        except InvalidInput as error:
            raise InvalidInput(str(error), errors={"photo": str(error)}) from None
    _sync_index()
    return product


@retry_on_conflict(Busy)
@transaction.atomic
def product_update(*, actor, product: Product, data: dict, tiers: list[tuple[int, int]] | None = None,
                   seen: dict | None = None, version: str | None = None, stock_change: int | None = None,
                   assisting: bool = False) -> list[str]:
    """Change a product. Returns why it went back to verification (empty when it did not).

    Rule (states.needs_reverification): after verification, a change of
    specification or a price rise above the configured percentage sends the
    product back to the catalogue manager's queue; every price is kept
    (PriceChange) for buyers and auditors.

    Lost updates: a form passes `seen` (product_seen when it was opened), an API client `version`
    (product_version); a change made meanwhile to any other field refuses the save with what changed.
    Stock is an adjustment: the form's stock minus the stock it showed (or `stock_change`) is added to the
    current stock, so stock an order reserved meanwhile stays reserved; below zero is refused.
    """
    product = _lock(product)
    _require_owner(actor=actor, product_supplier_id=product.supplier_id, assisting=assisting)
    if seen is not None:
        refuse_if_changed(Product, seen, product_seen(product), ignore=("stock",))
    if version is not None and version != product_version(product):
        raise ChangedBySomeoneElse(_("Produk ini diubah orang lain sejak versi yang Anda baca. Tidak ada yang "
                                     "disimpan: baca ulang produk (versi terbaru), lalu kirim lagi bila masih perlu."))
    data = dict(data)
    if seen is not None and "stock" in data and "stock" in seen:
        stock_change = (stock_change or 0) + data["stock"] - seen["stock"]
        data.pop("stock")
    if stock_change is not None:
        data["stock"] = product.stock + stock_change
        if data["stock"] < 0:
            raise InvalidInput(_("Stok tidak dapat dikurangi %(n)s: stok saat ini %(left)s (sebagian mungkin sudah "
                                 "dipesan).") % {"n": -stock_change, "left": product.stock})
    before = _snapshot(product)
    old_price, old_status = product.price, product.status
    for name in EDITABLE_FIELDS:
        if name in data:
            setattr(product, name, data[name])
    after = _snapshot(product)
    changed = {name for name in EDITABLE_FIELDS if before[name] != after[name]}
    old_tiers = list(product.price_tiers.values_list("min_quantity", "price"))
    if tiers is not None and sorted(tiers) != sorted(old_tiers):
        changed.add("price_tiers")
    if not changed:
        return []
    _require_pkp_for_ppn(product)
    _require_domestic_for_siinas(product)
    product.full_clean(exclude=["supplier", "created_by"])
    now = timezone.now()
    reasons = states.needs_reverification(status=product.status, changed_fields=changed,
                                          old_price=old_price, new_price=product.price)
    if reasons:
        # A move that follows from the edit (core.transitions): checked against the table here, saved and
        # audited with the edit below.
        states.MACHINE.move(product, Action.REVERIFY, states.SYSTEM, now)
        product.verified_at, product.verified_by = None, None
        product.submitted_at = product.status_changed_at = now
        product.review_note = _("Kembali ke verifikasi: %(reasons)s.") % {"reasons": "; ".join(reasons)}
    product.updated_at = now
    product.save()
    if tiers is not None:
        _set_tiers(product, tiers)
    if product.price != old_price:
        PriceChange.objects.create(product=product, old_price=old_price, new_price=product.price, changed_at=now,
                                   changed_by=actor, source="form")
    record_event(
        actor=actor, action="product.update", obj=product,
        before={**{k: before[k] for k in changed if k in before}, "status": old_status},
        after={**{k: after[k] for k in changed if k in after}, "status": product.status, "reverify": reasons},
    )
    _sync_index()
    return reasons


def _set_tiers(product: Product, tiers) -> None:
    tiers = sorted({int(q): int(p) for q, p in tiers}.items())
    for quantity, price in tiers:
        if quantity < 2 or price <= 0:
            raise InvalidInput(_("Harga grosir perlu jumlah minimal 2 dan harga lebih dari nol."))
        if price >= product.price:
            raise InvalidInput(_("Harga grosir harus lebih murah dari harga satuan."))
    product.price_tiers.all().delete()
    PriceTier.objects.bulk_create([PriceTier(product=product, min_quantity=q, price=p) for q, p in tiers])


# Steps toward a listing a buyer can order from: none for a business without an NIB.
SELLING_ACTIONS = frozenset({Action.SUBMIT, Action.VERIFY, Action.VERIFY_AND_PUBLISH, Action.PUBLISH})


@retry_on_conflict(Busy)
@transaction.atomic
def product_transition(*, actor, product: Product, action: str, note: str = "", assisting: bool = False) -> Product:
    """Move a product along states.TRANSITIONS (through core.transitions: lock, table, change, save, audit).

    Suppliers submit, publish and withdraw their own products; catalogue
    managers verify, return or reject, but never for a business they are
    connected to (docs/domain-notes.md, separation of duties).
    """
    def may_act(locked: Product) -> None:
        if actor.role in (Role.SUPPLIER, Role.UMKM_OFFICER):
            _require_owner(actor=actor, product_supplier_id=locked.supplier_id, assisting=assisting)
        elif actor.role == Role.CATALOGUE_MANAGER:
            if is_connected(actor, locked.supplier):
                raise NotAllowed(_("Anda terhubung dengan penyedia ini, jadi tidak boleh memverifikasi produknya. "
                                   "Serahkan kepada pengelola katalog lain."))

    with transitions.transition(row=product, machine=states.MACHINE, action=action, actor=actor,
                                refused=CatalogueError, audit_action=f"product.{action}", guard=may_act,
                                whole_row=True) as step:
        product, now = step.obj, step.now
        if action in SELLING_ACTIONS and not product.supplier.has_nib:
            # A business "belum ber-NIB" cannot be verified (suppliers.services.supplier_verify), nor sell meanwhile.
            raise CatalogueError(_("Usaha ini belum ber-NIB, jadi produknya belum dapat diajukan, diverifikasi atau "
                                   "ditayangkan. Buat NIB gratis lewat OSS (oss.go.id) dan isi di data usaha; produk "
                                   "tetap tersimpan sebagai draf."))
        if action == Action.SUBMIT and product.supplier.status != "verified":
            raise CatalogueError(_("Usaha Anda belum terverifikasi. Produk dapat diajukan setelah verifikasi usaha."))
        if action == Action.PUBLISH and not states.can_publish(status=product.status,
                                                               verified=product.verified_at is not None):
            raise CatalogueError(_("Produk ini perlu diverifikasi ulang sebelum tayang. Ajukan verifikasi."))
        if action in (Action.REQUEST_REVISION, Action.REJECT) and not note.strip():
            raise InvalidInput(_("Tuliskan alasannya agar penyedia tahu apa yang harus diperbaiki."))
        if action == Action.SUBMIT:
            product.submitted_at = now
            product.review_note = ""
        if action in states.VERIFYING_ACTIONS:
            product.verified_at, product.verified_by = now, actor
            product.review_note = note.strip()
        if action in states.UNVERIFYING_ACTIONS:
            product.verified_at, product.verified_by = None, None
            product.review_note = note.strip()
        if step.to == ProductStatus.ACTIVE and product.published_at is None:
            product.published_at = now
        step.after["note"] = note.strip()
        if actor.role == Role.CATALOGUE_MANAGER and action in (Action.VERIFY, Action.VERIFY_AND_PUBLISH,
                                                                 Action.REQUEST_REVISION, Action.REJECT):
            step.then(lambda: _notify(product, action, note))
    _sync_index()
    return product


def submit_prepared_products(*, supplier, actor, **_signal):
    """Receiver of suppliers.signals.first_verified."""
    return products_submit_on_business_verified(supplier=supplier, actor=actor)


def products_submit_on_business_verified(*, supplier, actor) -> list[int]:
    """The products a business prepared while it waited for its own verification go to the verification
    queue by themselves when it is verified (states.Action.SUBMIT_ON_BUSINESS_VERIFIED): every draft never
    submitted before. Called by suppliers.services.supplier_verify inside its transaction; one audit event per
    product, with the verifying catalogue manager as the actor whose decision caused it."""
    waiting = Product.objects.filter(supplier=supplier, status=ProductStatus.DRAFT, submitted_at__isnull=True)
    with transitions.transition_all(rows=waiting, machine=states.MACHINE, action=Action.SUBMIT_ON_BUSINESS_VERIFIED,
                                    actor=actor, role=states.SYSTEM,
                                    audit_action=f"product.{Action.SUBMIT_ON_BUSINESS_VERIFIED}") as steps:
        for step in steps:
            step.obj.submitted_at = step.now
            step.save("submitted_at")
    submitted = [step.obj.pk for step in steps]
    if submitted:
        _sync_index()
    return submitted


def _notify(product: Product, action: str, note: str) -> None:
    title = {
        Action.VERIFY: gettext_noop("Produk “%(name)s” terverifikasi; tayangkan bila siap."),
        Action.VERIFY_AND_PUBLISH: gettext_noop("Produk “%(name)s” terverifikasi dan tayang."),
        Action.REQUEST_REVISION: gettext_noop("Produk “%(name)s” perlu diperbaiki."),
        Action.REJECT: gettext_noop("Produk “%(name)s” ditolak."),
    }[action]
    notify_supplier(supplier=product.supplier, title=text(title, name=product.name), body=note,
                    link=reverse("catalogue:my_product_edit", args=[product.pk]))


# --- Photos --------------------------------------------------------------------


@retry_on_conflict(Busy)
def photo_add(*, actor, product: Product, upload, assisting: bool = False) -> ProductPhoto:
    """Add a photo (1-5 per product, e-Katalog v6); checked by content and re-encoded (photos.py) before the
    product is locked, so the write transaction holds no image work."""
    try:
        processed = process_photo(upload)
    except ValidationError as error:
        raise InvalidInput(" ".join(error.messages)) from None
    photo = ProductPhoto(width=processed.width, height=processed.height, uploaded_by=actor)
    try:
        # The transaction ends inside this `try`: a write conflict or a refused row found only at COMMIT (a
        # deferred foreign key) rolls the row back after its files were written, and they must go too.
        with transaction.atomic():
            product = _lock(product)
            _require_owner(actor=actor, product_supplier_id=product.supplier_id, assisting=assisting)
            limit = int(rule("product_photo_max_count"))
            if product.photos.count() >= limit:
                raise InvalidInput(_("Sudah ada %(n)s foto; hapus satu sebelum menambah.") % {"n": limit})
            photo.product, photo.position = product, product.photos.count()
            photo.image.save("foto.jpg", ContentFile(processed.image), save=False)
            photo.thumbnail.save("kecil.jpg", ContentFile(processed.thumbnail), save=False)
            photo.save()
            record_event(actor=actor, action="product.photo_add", obj=product, after={"photo": photo.pk})
    except BaseException:
        # Files nothing points at. (Inside a caller's transaction, product_create's, that caller's own
        # rollback cannot be seen from here.)
        for stored in (photo.image, photo.thumbnail):
            if stored.name:
                stored.storage.delete(stored.name)
        raise
    return photo


@retry_on_conflict(Busy)
@transaction.atomic
def photo_remove(*, actor, photo: ProductPhoto, assisting: bool = False) -> None:
    product = _lock(photo.product)
    _require_owner(actor=actor, product_supplier_id=product.supplier_id, assisting=assisting)
    names = [photo.image.name, photo.thumbnail.name]
    storage = photo.image.storage
    pk = photo.pk
    photo.delete()
    record_event(actor=actor, action="product.photo_remove", obj=product, before={"photo": pk})
    transaction.on_commit(lambda: [storage.delete(name) for name in names if name])


# --- Showcase and national listing --------------------------------------------------


@retry_on_conflict(Busy)
@transaction.atomic
def product_set_featured(*, actor, product: Product, featured: bool) -> Product:
    """Officers pick the products the public showcase puts first (Bangga Buatan Indonesia)."""
    if actor.role not in OFFICERS:
        raise NotAllowed()
    product = _lock(product)
    if featured and product.status != ProductStatus.ACTIVE:
        raise CatalogueError(_("Hanya produk yang tayang dapat diunggulkan."))
    was = product.featured_at is not None
    if was == featured:
        return product
    product.featured_at, product.featured_by = (timezone.now(), actor) if featured else (None, None)
    product.save(update_fields=["featured_at", "featured_by"])
    record_event(actor=actor, action="product.feature" if featured else "product.unfeature", obj=product,
                 before={"featured": was}, after={"featured": featured})
    return product


@retry_on_conflict(Busy)
@transaction.atomic
def products_set_national_listing(*, actor, products, status: str) -> int:
    """Record where products stand on the national e-Katalog (exported for upload, or listed)."""
    if actor.role not in OFFICERS:
        raise NotAllowed()
    if status not in NationalListing.values:
        raise InvalidInput(_("Status e-Katalog nasional tidak dikenal."))
    now, count = timezone.now(), 0
    # Product rows in id order, all locked by the one query before the first audit event (core/conflicts.py).
    for product in (Product.objects.select_for_update(no_key=True).filter(pk__in=[p.pk for p in products])
                    .order_by("pk")):
        if product.national_listing == status:
            continue
        before = product.national_listing
        product.national_listing, product.national_listing_changed_at = status, now
        product.save(update_fields=["national_listing", "national_listing_changed_at"])
        record_event(actor=actor, action="product.national_listing", obj=product,
                     before={"national_listing": before}, after={"national_listing": status})
        count += 1
    return count


# --- Categories ----------------------------------------------------------------------


def category_seen(category) -> dict:
    """What the category form shows, kept with the form and compared at save (category_save)."""
    return {"name": category.name, "parent": category.parent_id, "kbki": category.kbki_id,
            "kbli_codes": category.kbli_codes, "attributes": category.attributes}


@retry_on_conflict(Busy)
@transaction.atomic
def category_save(*, actor, data: dict, category=None, seen: dict | None = None):
    """Create or change a category of the 3-level tree (catalogue managers). Products follow in the search index.
    A form opened before someone else's change (`seen`, from category_seen) is refused with what changed."""

    if actor.role not in (Role.CATALOGUE_MANAGER, Role.ADMIN):
        raise NotAllowed()
    parent = data.get("parent")
    level = parent.level + 1 if parent else 1
    if level > 3:
        raise InvalidInput(_("Kategori paling dalam tiga tingkat."))
    if category is not None and category.children.exists() and (parent.pk if parent else None) != category.parent_id:
        raise InvalidInput(_("Kategori yang punya sub-kategori tidak dapat dipindah; pindahkan sub-kategorinya dulu."))
    before = None
    if category is None:
        base = slugify(data["name"])[:150] or "kategori"
        slug, n = base, 1
        while Category.objects.filter(slug=slug).exists():
            n += 1
            slug = f"{base}-{n}"
        category = Category(slug=slug)
    else:
        category = Category.objects.select_for_update(no_key=True).get(pk=category.pk)
        before = category_seen(category)
        if seen is not None:
            refuse_if_changed(Category, seen, before)
    category.name, category.parent, category.level = data["name"].strip(), parent, level
    category.kbki_id = data.get("kbki") or None
    category.kbli_codes = data.get("kbli_codes") or []
    category.attributes = data.get("attributes") or []
    category.save()
    record_event(actor=actor, action="category.update" if before else "category.create", obj=category, before=before,
                 after={"name": category.name, "parent": category.parent_id, "kbki": category.kbki_id,
                        "kbli_codes": category.kbli_codes, "attributes": category.attributes})
    _sync_index()
    return category
