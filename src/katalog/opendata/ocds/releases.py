"""OCDS releases: one per order event, and the catalogue's framework releases.

Each order is its own contracting process (ocid), a call-off from the catalogue's framework process. Its
releases follow what happened to it, each dated and with a stable id (`{ocid}-{event}`), and each describing
the process as it stood at that moment (a later adendum does not change an earlier release):

| event (id suffix)        | when                                        | tag                           |
| ------------------------ | ------------------------------------------- | ----------------------------- |
| award                    | PP places / PPK approves: sent to supplier  | award                         |
| contract                 | supplier accepts: Surat Pesanan issued      | contract                      |
| contract-signed          | both signed the Surat Pesanan               | contractUpdate                |
| amendment-N              | an adendum agreed                           | contractAmendment             |
| delivery-N-shipped       | a (partial) delivery shipped                | implementation                |
| delivery-N-received      | that delivery received                      | implementationUpdate          |
| bast                     | BAST signed by both                         | implementation                |
| payment                  | payment recorded (SP2D, or outside)         | implementation, contractTermination |

What the releases say must be true, not only valid:
- an order is published as paid only when a payment record exists (a status alone is not a payment);
- no release is dated in the future: an event whose date is after the moment of export has not happened
  yet and is left out (demo or imported data with future dates included), and so are the events after it;
- the award is `pending` until the supplier accepts (the `contract` event), then `active`.
| cancellation             | cancelled after the award                   | awardCancellation / contractTermination |

Orders cancelled before the award (during negotiation or PPK review) are not published: no supplier was
chosen. Dates come from the records (audit chain, letters, deliveries, payment); where an older record
has none (e.g. imported or demo data), the status change time is used, never a guess in the future.

No personal data: parties are organisations only (no NIK, NPWP, NIB, bank account, contact person, or a
supplier's street address); free-text reasons are replaced by their official kind.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from katalog.purchasing.states import CancelKind, OrderStatus
from katalog.core.money import format_rupiah, line_tax_with
from katalog.core.rules import is_umk

from . import identifiers as ids

S = OrderStatus
_CONTRACTED = frozenset({S.SIGNING, S.PROCESSING, S.IN_DELIVERY, S.ARRIVED, S.BAST_CONFIRMATION, S.COMPLETED,
                         S.PAID, S.PAID_OUTSIDE})
_SIGNED = _CONTRACTED - {S.SIGNING}
_HANDED_OVER = frozenset({S.COMPLETED, S.PAID, S.PAID_OUTSIDE})
_PAID = frozenset({S.PAID, S.PAID_OUTSIDE})
_AWARD_CANCEL_KINDS = frozenset({CancelKind.EXPIRED, CancelKind.REJECTED})
_CONTRACT_CANCEL_KINDS = frozenset({CancelKind.PENGHENTIAN, CancelKind.PEMUTUSAN})
_PRE_AWARD_STATUSES = frozenset({S.NEGOTIATION, S.PPK_REVIEW})


@dataclass
class Event:
    key: str
    tags: tuple[str, ...]
    at: datetime | None


# --- which events happened -----------------------------------------------------------------


def was_awarded(facts) -> bool:
    order = facts.order
    if order.status != S.CANCELLED:
        return order.status not in _PRE_AWARD_STATUSES
    if facts.first("order.place", "order.approve"):
        return True
    if order.cancel_kind in _AWARD_CANCEL_KINDS | _CONTRACT_CANCEL_KINDS:
        return True
    source = facts.cancelled_from()
    return bool(source) and source not in _PRE_AWARD_STATUSES


def _document(facts, kind: str):
    return facts.documents.get(kind)


def _signed_at(document) -> datetime | None:
    if document is None or not document.fully_signed:
        return None
    return max(document.ppk_signed_at, document.supplier_signed_at)


def _contract_reached(facts) -> bool:
    order = facts.order
    if order.status in _CONTRACTED:
        return True
    return bool(facts.first("order.accept") or _document(facts, "sp")
                or (order.status == S.CANCELLED and facts.cancelled_from() in _CONTRACTED))


def _signature_reached(facts) -> bool:
    order = facts.order
    if order.status in _SIGNED:
        return True
    return bool(facts.first("order.sign") or _signed_at(_document(facts, "sp"))
                or (order.status == S.CANCELLED and facts.cancelled_from() in _SIGNED))


def events_of(facts) -> list[Event]:
    """The dated events of an awarded order, oldest first (empty for an order never awarded)."""
    order = facts.order
    if not was_awarded(facts):
        return []
    events = [Event("award", ("award",), facts.first("order.place", "order.approve"))]
    if _contract_reached(facts):
        sp = _document(facts, "sp")
        events.append(Event("contract", ("contract",), facts.first("order.accept") or (sp and ids_date(sp.issued_on))))
        if _signature_reached(facts):
            events.append(Event("contract-signed", ("contractUpdate",), _signed_at(sp) or facts.first("order.sign")))
    middle = [Event(f"amendment-{a.number}", ("contractAmendment",), a.decided_at) for a in facts.amendments]
    for delivery in facts.deliveries:
        middle.append(Event(f"delivery-{delivery.number}-shipped", ("implementation",), delivery.shipped_at))
        if delivery.received_on:
            middle.append(Event(f"delivery-{delivery.number}-received", ("implementationUpdate",),
                                delivery.received_at or ids_date(delivery.received_on)))
    events += sorted(middle, key=lambda e: e.at)
    bast = _document(facts, "bast")
    if _signed_at(bast) or order.status in _HANDED_OVER or facts.first("order.sign_bast"):
        events.append(Event("bast", ("implementation",), _signed_at(bast) or facts.first("order.sign_bast")))
    payment = facts.payment
    if payment is not None:  # a PAID status without a payment record is not published as paid
        events.append(Event("payment", ("implementation", "contractTermination"), payment.recorded_at))
    if order.status == S.CANCELLED:
        contracted = any(e.key == "contract" for e in events)
        tag = "contractTermination" if contracted else "awardCancellation"
        events.append(Event("cancellation", (tag,), facts.first(
            "order.cancel", "order.expire", "order.reject", "order.halt", "order.terminate")))
    _fill_dates(events, order)
    return not_in_future(events)


def not_in_future(events: list[Event]) -> list[Event]:
    """The events up to now (dates never go backwards, so the rest are all in the future)."""
    now = timezone.now()
    kept = []
    for event in events:
        if event.at > now:
            break
        kept.append(event)
    return kept


def ids_date(day) -> datetime | None:
    """A date (letter, receipt) as local midnight, for ordering events."""
    if day is None:
        return None
    return timezone.make_aware(datetime.combine(day, time()))


def _fill_dates(events: list[Event], order) -> None:
    """Undated events take the previous event's time; the last takes the time the status last changed.
    Times never go backwards (a release is never dated before the one it follows)."""
    if events and events[-1].at is None:
        events[-1].at = max(order.status_changed_at, order.created_at)
    previous = order.created_at
    for event in events:
        if event.at is None or event.at < previous:
            event.at = previous
        previous = event.at


# --- building blocks -----------------------------------------------------------------------


def kabupaten_party(regency_name: str, roles: list[str]) -> dict:
    return {
        "id": ids.party_id_kabupaten(),
        "name": _("Pemerintah %(name)s") % {"name": regency_name},
        "address": {"region": regency_name, "countryName": "Indonesia"},
        "roles": roles,
    }


def agency_party(agency, roles: list[str]) -> dict:
    address = {"region": agency.regency.name, "countryName": "Indonesia"}
    if agency.address:
        address["streetAddress"] = agency.address  # a public office: its address is public
    if agency.district_id:
        address["locality"] = agency.district.name
    return {"id": ids.party_id_agency(agency), "name": agency.name, "address": address, "roles": roles}


def supplier_details(*, scale: str, is_umk: bool, is_local: bool, regency_name: str) -> dict:
    """partyScale-style scale and the two local classifications (katalog/opendata/README.md)."""
    return {
        "scale": ids.PARTY_SCALE.get(scale, "sme"),
        "classifications": [
            {"scheme": ids.SCHEME_LOCAL, "id": "lokal" if is_local else "luar-daerah",
             "description": (_("Berdomisili di %(name)s") % {"name": regency_name}) if is_local
             else _("Berdomisili di luar %(name)s") % {"name": regency_name}},
            {"scheme": ids.SCHEME_UMK, "id": "umk" if is_umk else "non-umk",
             "description": _("Usaha mikro, usaha kecil atau koperasi") if is_umk
             else _("Usaha menengah atau besar")},
        ],
    }


def supplier_party(*, supplier_id: int, name: str, district_name: str, regency: str, details: dict,
                   roles: list[str]) -> dict:
    # Location down to the kecamatan only: a micro business's street address is often a home.
    address = {"locality": district_name, "region": regency, "countryName": "Indonesia"}
    return {"id": ids.party_id_supplier(supplier_id), "name": name, "address": address, "roles": roles,
            "details": details}


def public_supplier_name(supplier) -> str:
    snapshot = supplier.public_snapshot or {}
    return snapshot.get("name") or supplier.name


def item_of(*, item_id: str, description: str, quantity: int | None, unit: str, unit_price: int | None,
            kbki) -> dict:
    item = {"id": item_id, "description": description}
    if kbki is not None:
        item["classification"] = {"scheme": ids.ITEM_SCHEME, "id": kbki.code, "description": kbki.title}
    if quantity is not None:
        item["quantity"] = int(quantity)
    if unit:
        item["unit"] = {"name": unit}
        if unit_price is not None:
            item["unit"]["value"] = ids.value(unit_price)
    return item


# --- an order's releases -------------------------------------------------------------------


def _terms_at(facts, at: datetime) -> dict:
    """Lines and total as they stood at `at`: before the first adendum agreed after it, else as now."""
    order = facts.order
    later = [a for a in facts.amendments if a.decided_at and a.decided_at > at and a.before]
    current = {line.pk: line for line in facts.lines}
    if later:
        before = min(later, key=lambda a: a.decided_at).before
        quantities = {row["line"]: (row["quantity"], row["unit_price"]) for row in before.get("lines", [])}
        total = before.get("total", order.total)
    else:
        quantities, total = {}, order.total
    lines = []
    for pk, line in current.items():
        quantity, unit_price = quantities.get(pk, (line.quantity, line.unit_price))
        lines.append((line, quantity, unit_price))
    return {"lines": lines, "total": total}


def tax_summary(terms: dict) -> str:
    """The tax base and PPN inside `terms["total"]` (PMK 131/2024: PPN = rate × DPP; DPP nilai lain 11/12 of
    the price for non-luxury goods), as one sentence for the award's and the contract's description. OCDS 1.1.5
    Value has only amount and currency, so the total stays the amount and its parts are stated in words.
    Each line is recomputed with the rate and factor it was made with (the lines keep them), so the terms
    before an adendum give their own DPP and PPN."""
    goods = dpp = ppn = 0
    for line, quantity, unit_price in terms["lines"]:
        subtotal = quantity * unit_price
        tax = line_tax_with(subtotal, line.ppn_percent, line.dpp_numerator, line.dpp_denominator)
        goods, dpp, ppn = goods + subtotal, dpp + tax.dpp, ppn + tax.ppn
    other = terms["total"] - goods - ppn
    return _("Nilai barang %(goods)s; DPP %(dpp)s; PPN %(ppn)s; ongkos kirim %(other)s; jumlah %(total)s.") % {
        "goods": format_rupiah(goods), "dpp": format_rupiah(dpp), "ppn": format_rupiah(ppn),
        "other": format_rupiah(other), "total": format_rupiah(terms["total"])}


def _main_category(facts) -> str:
    kinds = [bool(line.category.kbki_id and line.category.kbki.is_service) for line in facts.lines]
    return "services" if kinds and sum(kinds) * 2 > len(kinds) else "goods"


def order_releases(facts, *, regency_name: str, framework_uri: str | None = None) -> list[dict]:
    """Every release of one order, oldest first. Written in Indonesian (release `language` "id")."""
    with override(settings.LANGUAGE_CODE):
        return _order_releases(facts, regency_name, framework_uri)


def _order_releases(facts, regency_name: str, framework_uri: str | None) -> list[dict]:
    order = facts.order
    events = events_of(facts)
    ocid = ids.order_ocid(order)
    done: set[str] = set()
    releases = []
    for event in events:
        done.add(event.key)
        releases.append(_release(facts, event, done, ocid, regency_name, framework_uri, events))
    return releases


def _release(facts, event: Event, done: set[str], ocid: str, regency_name: str, framework_uri, events) -> dict:
    order = facts.order
    at = event.at
    terms = _terms_at(facts, at)
    payment = facts.payment if "payment" in done else None
    paid_in_system = payment is not None and not payment.outside_system and payment.amount

    buyer_roles = ["buyer", "procuringEntity"] + (["payer"] if paid_in_system else [])
    supplier_roles = ["supplier"] + (["payee"] if paid_in_system else [])
    supplier_name = public_supplier_name(order.supplier)
    district = order.supplier_district
    supplier = supplier_party(
        supplier_id=order.supplier_id, name=supplier_name, district_name=district.name,
        regency=district.regency.name, roles=supplier_roles,
        details=supplier_details(scale=order.supplier_scale, is_umk=order.supplier_is_umk,
                                 is_local=order.supplier_is_local, regency_name=regency_name),
    )
    buyer = agency_party(order.agency, buyer_roles)
    buyer_ref = {"id": buyer["id"], "name": buyer["name"]}
    supplier_ref = {"id": supplier["id"], "name": supplier["name"]}

    key = tuple((line.pk, quantity, unit_price) for line, quantity, unit_price in terms["lines"])
    items = facts.items_cache.get(key)
    if items is None:  # the same terms give the same items in every release of the order
        items = [item_of(item_id=str(line.pk), description=line.name, quantity=quantity, unit=line.unit,
                         unit_price=unit_price, kbki=line.category.kbki if line.category.kbki_id else None)
                 for line, quantity, unit_price in terms["lines"]]
        facts.items_cache[key] = items
    award_date = ids.iso(events[0].at)
    cancelled = "cancellation" in done
    contracted = "contract" in done

    mini = order.method == "mini_competition"
    tender = {
        "id": order.number,
        "title": _("Pesanan %(number)s") % {"number": order.number},
        "status": "complete",
        "procuringEntity": buyer_ref,
        "procurementMethod": "limited" if mini else "direct",
        "procurementMethodDetails": _("Mini-kompetisi di katalog elektronik lokal") if mini
        else _("E-purchasing: pembelian langsung dari katalog elektronik lokal"),
        "mainProcurementCategory": _main_category(facts),
    }
    if facts.tenderers is not None:
        tender["numberOfTenderers"] = int(facts.tenderers)

    award = {
        "id": order.number,
        "title": _("Pesanan %(number)s") % {"number": order.number},
        # Pending until the supplier accepts (the "contract" event); cancelled when it never did.
        "status": "cancelled" if cancelled and not contracted else ("active" if contracted else "pending"),
        "date": award_date,
        "value": ids.value(terms["total"]),
        "description": tax_summary(terms),
        "suppliers": [supplier_ref],
        "items": items,
    }
    release = {
        "ocid": ocid,
        "id": f"{ocid}-{event.key}",
        "date": ids.iso(at),
        "tag": list(event.tags),
        "initiationType": "tender",
        "language": ids.LANGUAGE,
        "parties": [buyer, supplier],
        "buyer": buyer_ref,
        "tender": tender,
        "awards": [award],
        "relatedProcesses": [{
            "id": "katalog",
            "relationship": ["framework"],
            "title": _("Katalog elektronik lokal %(name)s") % {"name": regency_name},
            "scheme": "ocid",
            "identifier": ids.catalogue_ocid(),
            **({"uri": framework_uri} if framework_uri else {}),
        }],
    }
    planning = _planning(order)
    if planning:
        release["planning"] = planning
    if contracted:
        release["contracts"] = [_contract(facts, done, terms, items, buyer_ref, supplier_ref, payment, events)]
    return release


def _planning(order) -> dict | None:
    budget = {}
    if order.rup_code:
        budget["projectID"] = order.rup_code
        budget["project"] = _("Paket RUP %(code)s (SiRUP)") % {"code": order.rup_code}
    if order.funding_source:
        budget["description"] = order.funding_source
    return {"budget": budget} if budget else None


def _contract(facts, done, terms, items, buyer_ref, supplier_ref, payment, events) -> dict:
    order = facts.order
    when = {e.key: e.at for e in events}
    signed = "contract-signed" in done
    if "cancellation" in done:
        status = "terminated" if signed else "cancelled"
    elif "payment" in done:
        status = "terminated"
    else:
        status = "active" if signed else "pending"
    contract = {
        "id": order.number,
        "awardID": order.number,
        "title": _("Surat Pesanan untuk pesanan %(number)s") % {"number": order.number},
        "status": status,
        "value": ids.value(terms["total"]),
        "items": items,
    }
    if signed:
        contract["dateSigned"] = ids.iso(when["contract-signed"])
        contract["period"] = {"startDate": ids.iso(when["contract-signed"])}
    contract["description"] = tax_summary(terms)
    if "cancellation" in done and order.cancel_kind:
        contract["description"] = f"{CancelKind(order.cancel_kind).label}. {contract['description']}"
    documents = []
    sp, bast = _document(facts, "sp"), _document(facts, "bast")
    if sp is not None:
        documents.append({"id": "surat-pesanan", "documentType": "contractSigned",
                          "title": _("Surat Pesanan %(number)s") % {"number": sp.number},
                          "datePublished": ids.iso(sp.issued_on)})
    if bast is not None and "bast" in done:
        documents.append({"id": "bast", "documentType": "completionCertificate",
                          "title": _("Berita Acara Serah Terima %(number)s") % {"number": bast.number},
                          "datePublished": ids.iso(bast.issued_on)})
    if documents:
        contract["documents"] = documents
    amendments = [
        {"id": f"amendment-{a.number}", "date": ids.iso(a.decided_at),
         "description": _("Adendum ke-%(n)s disepakati kedua pihak") % {"n": a.number}}
        for a in facts.amendments if f"amendment-{a.number}" in done
    ]
    if amendments:
        contract["amendments"] = amendments
    implementation = _implementation(facts, done, when, buyer_ref, supplier_ref, payment)
    if implementation:
        contract["implementation"] = implementation
    return contract


def _implementation(facts, done, when, buyer_ref, supplier_ref, payment) -> dict:
    order = facts.order
    milestones = []
    for delivery in facts.deliveries:
        if f"delivery-{delivery.number}-shipped" not in done:
            continue
        received = f"delivery-{delivery.number}-received" in done
        milestone = {
            "id": f"delivery-{delivery.number}",
            "title": _("Pengiriman ke-%(n)s") % {"n": delivery.number},
            "type": "delivery",
            "status": "met" if received else "scheduled",
            "dateModified": ids.iso(when[f"delivery-{delivery.number}-received" if received
                                         else f"delivery-{delivery.number}-shipped"]),
        }
        if order.requested_date:
            milestone["dueDate"] = ids.iso(order.requested_date)
        if received:
            milestone["dateMet"] = ids.iso(delivery.received_on)
        milestones.append(milestone)
    if "bast" in done:
        milestones.append({"id": "bast", "title": _("Serah terima barang (BAST)"), "type": "delivery",
                           "status": "met", "dateMet": ids.iso(when["bast"]), "dateModified": ids.iso(when["bast"])})
    transactions = []
    if "payment" in done:
        if payment is not None and not payment.outside_system and payment.amount:
            transactions.append({
                "id": f"sp2d-{payment.pk}",
                "date": ids.iso(payment.sp2d_date),
                "value": ids.value(payment.amount),
                "payer": buyer_ref,
                "payee": supplier_ref,
            })
        else:
            description = _("Dibayar di luar sistem") if (payment is None or payment.outside_system) else ""
            milestones.append({"id": "payment", "title": _("Pembayaran"), "type": "payment", "status": "met",
                               "dateMet": ids.iso(when["payment"]), "dateModified": ids.iso(when["payment"]),
                               **({"description": description} if description else {})})
    out = {}
    if milestones:
        out["milestones"] = milestones
    if transactions:
        out["transactions"] = transactions
    return out


# --- the catalogue (framework) -----------------------------------------------------------


def catalogue_releases(*, suppliers, categories, started_at: datetime, regency_name: str) -> list[dict]:
    with override(settings.LANGUAGE_CODE):
        return _catalogue_releases(suppliers, categories, started_at, regency_name)


def _catalogue_releases(suppliers, categories, started_at, regency_name) -> list[dict]:
    ocid = ids.catalogue_ocid()
    kab = kabupaten_party(regency_name, ["buyer", "procuringEntity"])
    kab_ref = {"id": kab["id"], "name": kab["name"]}
    tender = {
        "id": "katalog-lokal",
        "title": _("Katalog elektronik produk lokal dan UMKM %(name)s") % {"name": regency_name},
        "description": _(
            "Katalog elektronik lokal: perjanjian kerangka (framework agreement) tempat perangkat daerah membeli "
            "produk lokal dan UMKM melalui e-purchasing. Setiap pesanan diterbitkan sebagai proses tersendiri "
            "yang terhubung ke proses ini (relatedProcesses, relationship \"framework\")."
        ),
        "status": "active",
        "procuringEntity": kab_ref,
        "procurementMethod": "open",
        "procurementMethodDetails": _(
            "Katalog elektronik lokal (perjanjian kerangka); pendaftaran penyedia terbuka, penyedia "
            "diverifikasi pengelola katalog"
        ),
        "mainProcurementCategory": "goods",
        "additionalProcurementCategories": ["services"],
    }
    items = [item_of(item_id=f"kategori-{c.slug}", description=c.name, quantity=None, unit="", unit_price=None,
                     kbki=c.kbki) for c in categories]
    if items:
        tender["items"] = items
    releases = [{
        "ocid": ocid, "id": f"{ocid}-tender", "date": ids.iso(started_at), "tag": ["tender"],
        "initiationType": "tender", "language": ids.LANGUAGE, "parties": [kab], "buyer": kab_ref, "tender": tender,
    }]
    now = timezone.now()
    for supplier in suppliers:
        if max(supplier.verified_at or supplier.created_at, started_at) > now:
            continue  # admitted in the future: not yet
        snapshot = supplier.public_snapshot or {}
        scale = snapshot.get("scale") or supplier.scale
        is_coop = snapshot.get("is_cooperative", supplier.is_cooperative)
        is_local = (snapshot.get("regency") or supplier.regency_id) == settings.KATALOG_REGION
        party = supplier_party(
            supplier_id=supplier.pk, name=public_supplier_name(supplier),
            district_name=snapshot.get("district_name") or supplier.district.name,
            regency=snapshot.get("regency_name") or supplier.regency.name, roles=["supplier"],
            details=supplier_details(scale=scale, is_umk=is_umk(scale=scale, is_cooperative=is_coop),
                                     is_local=is_local, regency_name=regency_name),
        )
        ref = {"id": party["id"], "name": party["name"]}
        admitted = max(supplier.verified_at or supplier.created_at, started_at)
        releases.append({
            "ocid": ocid, "id": f"{ocid}-award-{party['id']}", "date": ids.iso(admitted), "tag": ["award"],
            "initiationType": "tender", "language": ids.LANGUAGE, "parties": [kab, party], "buyer": kab_ref,
            "awards": [{
                "id": party["id"], "title": _("Penyedia terverifikasi di katalog: %(name)s") % {"name": party["name"]},
                "status": "active", "date": ids.iso(admitted), "suppliers": [ref],
            }],
        })
    # The tender release first, then admissions by date (a supplier admitted the same second comes after).
    releases.sort(key=lambda r: (r["date"], r["tag"] != ["tender"], r["id"]))
    return releases
