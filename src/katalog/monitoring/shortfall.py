"""The leadership's one question: which OPD are below the UMK target, and by how much.

Read from the dashboard's own rows (figures.agency_rows), so every share here is the one the table shows.
Each OPD is measured on the best base it has (figures.py, "UMK share of budget"):

- with an imported goods/services budget: UMK spend of every channel over that budget, the measure of
  Perpres 12/2021 Pasal 65 ayat (3); the gap in rupiah is what must still go to UMK out of the budget;
- otherwise: UMK spend over catalogue spend, labelled as such; the gap in rupiah is the new UMK spend that
  lifts the share to the target (new spend enlarges the catalogue total too).

The gaps are core.rules.points_below and core.rules.rupiah_to_reach; "below" is the same exact comparison
as the red/amber/green colour (states.rag), so a card is shown exactly when the table is not green.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from katalog.core.rules import points_below, rupiah_to_reach

from .figures import AgencyRow, Figures

BUDGET, CATALOGUE = "budget", "catalogue"


@dataclass(frozen=True)
class Shortfall:
    row: AgencyRow
    basis: str  # BUDGET or CATALOGUE
    share: Decimal
    target: int
    points: Decimal
    rupiah: int | None  # None: a 100% target on catalogue spend, which added spend cannot reach

    @property
    def agency(self):
        return self.row.agency

    @property
    def on_budget(self) -> bool:
        return self.basis == BUDGET


def measure(row: Figures) -> tuple[str, int, int] | None:
    """(basis, UMK part, whole) of one OPD or the kabupaten; None when it has neither a budget nor spend."""
    if row.budget:
        return BUDGET, row.budget_umk, row.budget
    if row.realised:
        return CATALOGUE, row.umk, row.realised
    return None


def shortfall_of(row: AgencyRow) -> Shortfall | None:
    """The gap of one OPD, or None when it meets the target or has nothing to measure."""
    measured = measure(row)
    if measured is None:
        return None
    basis, part, whole = measured
    target = row.targets.umk
    if part * 100 >= target * whole:
        return None
    return Shortfall(row=row, basis=basis, share=row.budget_share if basis == BUDGET else row.umk_share,
                     target=target, points=points_below(part, whole, target),
                     rupiah=rupiah_to_reach(part, whole, target, fixed_base=basis == BUDGET))


def below_target(rows: list[AgencyRow]) -> list[Shortfall]:
    """The OPD below the UMK target, worst first: the widest gap in points, then the most rupiah, then name."""
    found = [s for s in (shortfall_of(row) for row in rows) if s is not None]
    return sorted(found, key=lambda s: (-s.points, -(s.rupiah or 0), s.agency.name))


def unmeasured(rows: list[AgencyRow]) -> list[AgencyRow]:
    """OPD with neither an imported budget nor catalogue spend: no share to compare yet."""
    return [row for row in rows if measure(row) is None]


def section(rows: list[AgencyRow], target: int) -> dict:
    """What the "below target" section (templates/monitoring/_below_target.html) needs."""
    missing = unmeasured(rows)
    return {"below": below_target(rows), "target": target, "unmeasured": len(missing),
            "measured": len(missing) < len(rows)}
