"""Purchasing's periodic work, run by `katalog tick` (katalog.jobs.periodic).

e-Katalog v6: an order the supplier has not accepted within 3 working days is cancelled,
and so is a negotiation or a PPK review left for 3 working days (KATALOG_RULES
supplier_response_working_days / ppk_negotiation_working_days; working days skip weekends
and the holidays in the Holiday table). Each order is re-checked under its row lock, so two
runs at once, or an answer arriving during the run, never cancel an order twice or wrongly.
One working day before such a cancellation, the people who can still act are reminded.
"""

from katalog.jobs.periodic import periodic

from .notices import queue_reminders
from .services import expire_overdue_orders


@periodic
def expire_orders(*, now, quiet: bool) -> list[str]:
    expired = expire_overdue_orders(now=now)
    lines = [f"dibatalkan (lewat batas waktu): {number}" for number in expired]
    if expired or not quiet:
        lines.append(f"{len(expired)} pesanan dibatalkan karena lewat batas waktu.")
    return lines


@periodic
def remind_before_deadline(*, now, quiet: bool) -> list[str]:
    reminded = queue_reminders(now=now)
    if reminded or not quiet:
        return [f"{reminded} pengingat pesanan (satu hari kerja sebelum batal otomatis) diantrekan."]
    return []
