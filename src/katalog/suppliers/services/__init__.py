"""Writes for suppliers: registration, verification, data changes, invitations, documents, visits, erasure.

Every function takes keyword-only arguments, runs in one transaction and records an audit
event (katalog.core.audit.record_event) whose before/after hold no personal data: no NIK,
NPWP, bank account, phone, e-mail, address or free text a person typed.
E-mail goes out only after the transaction commits.

One module per concept; the errors and the helpers they share (row lock, status move, region
and uniqueness checks) live in `_common`. Callers import from this package, not from the modules.
"""

from ._common import Busy, Conflict, ReasonRequired, SupplierError
from .changes import EDITABLE_FIELDS, supplier_update
from .documents import document_add, document_remove, send_document_expiry_reminders
from .data_requests import (
    data_request_create, data_request_due, data_request_erase, data_request_export_done, data_request_refuse,
)
from .drafts import draft_delete, draft_save_raw, draft_save_step, draft_start, purge_stale_registration_drafts
from .erasure import erase_rejected_registrations, erase_supplier_personal_data
from .email_check import email_verification_send, email_verification_token, email_verify
from .invitations import invitation_accept, invitation_create, token_hash
from .notifications import notifications_mark_read, notify_supplier
from .registration import Registered, register_supplier
from .verification import (
    conflict_declare, nib_needed_to_verify, public_snapshot_of, supplier_reject, supplier_release,
    supplier_request_revision, supplier_start_review, supplier_submit, supplier_verify,
)
from .visits import record_personal_data_access, visit_record

__all__ = [
    "data_request_create", "data_request_due", "data_request_erase", "data_request_export_done",
    "data_request_refuse",
    "SupplierError", "Conflict", "ReasonRequired", "Busy",
    "notify_supplier", "notifications_mark_read",
    "draft_start", "draft_save_step", "draft_save_raw", "draft_delete", "purge_stale_registration_drafts",
    "Registered", "register_supplier",
    "token_hash", "invitation_create", "invitation_accept",
    "email_verification_token", "email_verification_send", "email_verify",
    "nib_needed_to_verify", "public_snapshot_of", "supplier_submit", "supplier_start_review", "supplier_release",
    "supplier_verify",
    "supplier_request_revision", "supplier_reject", "conflict_declare",
    "EDITABLE_FIELDS", "supplier_update",
    "document_add", "document_remove", "send_document_expiry_reminders",
    "visit_record", "record_personal_data_access",
    "erase_rejected_registrations", "erase_supplier_personal_data",
]
