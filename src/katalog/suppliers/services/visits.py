"""Assistance visits by UMKM officers, and the record of staff opening a supplier's personal data."""

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from katalog.core.audit import record_event
from katalog.core.conflicts import retry_on_conflict

from ..models import AssistanceVisit, Supplier
from ._common import Busy, SupplierError


@retry_on_conflict(Busy)
def visit_record(*, officer, visited_on, district, village=None, supplier=None, notes: str,
                 next_step: str = "", client_key: str = "") -> AssistanceVisit:
    """Record a visit. `client_key`, given by a phone that kept the visit while offline, makes sending it again
    return the visit already recorded instead of a second one."""
    if visited_on > timezone.localdate():
        raise SupplierError(_("Tanggal kunjungan tidak boleh di masa depan."))
    with transaction.atomic():
        if client_key:
            earlier = AssistanceVisit.objects.filter(officer=officer, client_key=client_key).first()
            if earlier is not None:
                return earlier
        try:
            with transaction.atomic():
                visit = AssistanceVisit.objects.create(
                    officer=officer, visited_on=visited_on, district=district, village=village, supplier=supplier,
                    notes=notes, next_step=next_step, client_key=client_key,
                )
        except IntegrityError:
            if not client_key:
                raise
            # The same visit sent twice at once: the other sending recorded it.
            return AssistanceVisit.objects.get(officer=officer, client_key=client_key)
        # The notes may name people: only where and when go into the audit log.
        record_event(actor=officer, action="supplier.visit_recorded", obj=visit,
                     after={"district": district.code, "supplier": supplier.pk if supplier else None,
                            "visited_on": visited_on})
    return visit


def record_personal_data_access(*, actor, supplier: Supplier) -> None:
    """UU 27/2022: processing of personal data is recorded. Called when staff open the unmasked record."""
    record_event(actor=actor, action="supplier.personal_data_viewed", obj=supplier)
