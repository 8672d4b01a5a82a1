"""The data-subject export (UU 27/2022 Pasal 7 and 32: a person's right to a copy of their data).

`personal_data_export` gathers everything the application holds about one person: the
account, the supplier record of the business they own (unmasked: it is their own), the list
of that business's documents, the audit events by them or about them, and a count of every
other record that names them. docs/privacy-processing-record.md lists what is processed and why.
Secrets are left out on purpose: password hash, TOTP secret, recovery-code hashes, session keys.
"""

import json

from django.apps import apps
from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import Q
from django.utils import timezone

from katalog.core.models import AuditEvent

from . import selectors
from .models import LoginFailure, LoginLock, RecoveryCode, TwoFactorDevice, User, UserSession

FORMAT = "katalog-lokal/ekspor-data-pribadi/1"
# Covered in their own sections, or internal to the login machinery.
_COVERED = {AuditEvent, TwoFactorDevice, RecoveryCode, UserSession, LoginFailure, LoginLock}
_MAX_IDS = 1000


def _fields(obj, exclude=()) -> dict:
    data = {}
    for field in obj._meta.concrete_fields:
        if field.name in exclude:
            continue
        name = field.attname if field.is_relation else field.name
        data[name] = field.value_from_object(obj)
    return data


def _account(person: User) -> dict:
    agency = person.agency
    return {
        "username": person.username,
        "full_name": person.full_name,
        "email": person.email,
        "role": person.role,
        "role_label": str(person.role_label),
        "agency": {"code": agency.code, "name": agency.name} if agency else None,
        "supplier_id": person.supplier_id,
        "nip": person.nip,
        "phone": person.phone,
        "is_active": person.is_active,
        "date_joined": person.date_joined,
        "last_login": person.last_login,
    }


def _supplier(person: User) -> tuple[dict | None, list[dict]]:
    supplier = person.supplier
    if supplier is None:
        return None, []
    documents = [
        {
            "id": document.pk, "kind": document.kind, "kind_label": str(document.get_kind_display()),
            "number": document.number, "expires_on": document.expires_on, "uploaded_at": document.uploaded_at,
            "content_type": document.content_type, "bytes": document.size,
        }
        for document in supplier.documents.order_by("uploaded_at", "id")
    ]
    return _fields(supplier), documents


def _audit_events(person: User) -> list[dict]:
    about = Q(actor=person) | Q(object_type=User._meta.label_lower, object_id=str(person.pk))
    if person.supplier_id:
        about |= Q(object_type="suppliers.supplier", object_id=str(person.supplier_id))
    return [
        {
            "at": event.at, "action": event.action, "by_this_person": event.actor_id == person.pk,
            "actor": event.actor_name, "object_type": event.object_type, "object_id": event.object_id,
            "before": event.before, "after": event.after,
        }
        for event in AuditEvent.objects.filter(about).select_related("actor").order_by("id").iterator(chunk_size=2000)
    ]


def _other_records(person: User) -> list[dict]:
    """Every other row that points at this person, by model and field (counts and ids)."""
    found = []
    for model in apps.get_models():
        if model in _COVERED:
            continue
        for field in model._meta.get_fields():
            if not (field.is_relation and field.concrete and (field.many_to_one or field.one_to_one)):
                continue
            if field.related_model is not User:
                continue
            rows = model._default_manager.filter(**{field.name: person})
            count = rows.count()
            if count:
                found.append({
                    "model": model._meta.label_lower, "field": field.name, "count": count,
                    "ids": list(rows.order_by("pk").values_list("pk", flat=True)[:_MAX_IDS]),
                })
    return sorted(found, key=lambda entry: (entry["model"], entry["field"]))


def personal_data_export(*, person: User) -> dict:
    supplier, documents = _supplier(person)
    return {
        "format": FORMAT,
        "generated_at": timezone.now(),
        "about": (
            "Salinan data pribadi yang disimpan Katalog Lokal tentang Anda (UU 27/2022 Pasal 7 dan 32). "
            "Kata sandi, kunci autentikator dan kode pemulihan tidak disertakan."
        ),
        "account": _account(person),
        "security": {
            "two_factor_enrolled": selectors.two_factor_enrolled(person),
            "recovery_codes_left": selectors.recovery_codes_left(person),
            "sessions_open": UserSession.objects.filter(user=person).count(),
        },
        "supplier": supplier,
        "supplier_documents": documents,
        "audit_events": _audit_events(person),
        "other_records": _other_records(person),
    }


def export_json(data: dict) -> bytes:
    return json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2).encode()


def find_people(query: str, limit: int = 25):
    """People an administrator may be looking for, by user name, name, e-mail, NIP or business name."""
    query = (query or "").strip()
    if len(query) < 2:
        return User.objects.none()
    return (
        User.objects.filter(
            Q(username__icontains=query) | Q(full_name__icontains=query) | Q(email__icontains=query)
            | Q(nip=query) | Q(supplier__name__icontains=query)
        )
        .select_related("agency", "supplier")
        .order_by("full_name", "username")[:limit]
    )
