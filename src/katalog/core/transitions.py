"""The one mechanism behind every status table (products, suppliers, orders).

Each app keeps its own table as data: (from-status, action) → Transition(to, roles).
`apply` looks a pair up and refuses what the table does not allow; each app supplies
its own error class and the wording for "not from this status".
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.utils.translation import gettext as _


@dataclass(frozen=True)
class Transition:
    to: str
    roles: frozenset[str]


Table = dict[tuple[str, str], Transition]


def apply(table: Table, status: str, action: str, role: str, *, error: type[Exception],
          not_from_status: Callable[[], str]) -> str:
    """The status `action` leads to from `status` for `role`, or `error` with a message for people."""
    transition = table.get((status, action))
    if transition is None:
        raise error(not_from_status())
    if role not in transition.roles:
        raise error(_("Peran Anda tidak berwenang melakukan tindakan ini."))
    return transition.to


def actions_from(table: Table, status: str, role: str) -> list[str]:
    return [action for (source, action), t in table.items() if source == status and role in t.roles]
