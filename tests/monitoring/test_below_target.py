"""The leadership's question, answered first: which OPD are below the UMK target and by how much, on the
landing page, the monitoring page and the first page of the PDF brief. Numbers worked out by hand.

Two kabupaten from other tests:

- tests/monitoring/scenario.py (no budget imported): Dinas Alpha spent Rp3.300.000 through the catalogue,
  Rp1.000.000 of it to UMK → 30,3%. Below 40% by (40·3.300.000 − 100·1.000.000) / 3.300.000 = 9,697 → 9,7
  points. New UMK spend x that lifts the share to 40%: (1.000.000 + x)·100 >= 40·(3.300.000 + x)
  → x >= 32.000.000 / 60 = 533.333,3 → Rp533.334. Badan Beta: 100% (meets); Kantor Gamma: only a plan.
- tests/monitoring/test_umk_share.py: Dinas Uji has a budget of Rp40.000.000 and UMK spend of every channel
  of Rp8.222.000 → 20,6%. 40% of the budget is Rp16.000.000, so Rp7.778.000 must still go to UMK; the gap in
  points is 777.800.000 / 40.000.000 = 19,445 → 19,4 (half up on the exact fraction, so 20,6 + 19,4 = 40).
"""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from django.urls import reverse

from katalog.core import rules
from katalog.core.roles import Role
from katalog.monitoring import figures, shortfall
from tests.jobs.drive import download, run_jobs  # noqa: F401  (fixture)
from tests.factories import make_user

from . import scenario, test_umk_share
from .pages import pdf_strings, text

pytestmark = pytest.mark.django_db


def _section(html: str) -> str:
    match = re.search(r'<section[^>]*data-section="below-target"[^>]*>(.*?)</section>', html, re.S)
    assert match, "no below-target section"
    return match.group(1)


def _card(html: str, agency) -> str:
    match = re.search(rf'<li[^>]*data-agency="{agency.pk}"[^>]*>(.*?)</li>', _section(html), re.S)
    assert match, agency
    return text(match.group(1))


def test_points_below_and_rupiah_to_reach_on_hand_checked_numbers():
    assert rules.points_below(1_000_000, 3_300_000, 40) == Decimal("9.7")
    assert rules.rupiah_to_reach(1_000_000, 3_300_000, 40, fixed_base=False) == 533_334
    assert rules.points_below(8_222_000, 40_000_000, 40) == Decimal("19.4")
    assert rules.rupiah_to_reach(8_222_000, 40_000_000, 40, fixed_base=True) == 7_778_000


@pytest.mark.parametrize("fixed_base", [True, False])
def test_the_rupiah_gap_is_the_least_amount_that_turns_the_share_green(fixed_base):
    """Boundary: exactly at the target there is no gap; one rupiah short needs the smallest amount that makes
    `rag` green, and one rupiah less than that would not."""
    from katalog.monitoring.states import Rag, rag

    assert rules.rupiah_to_reach(4_000_000, 10_000_000, 40, fixed_base=fixed_base) == 0
    assert rules.points_below(4_000_000, 10_000_000, 40) == Decimal("0.0")
    for part, whole in ((3_999_999, 10_000_000), (1_000_000, 3_300_000), (0, 7), (123_457, 999_999)):
        x = rules.rupiah_to_reach(part, whole, 40, fixed_base=fixed_base)
        grown = whole if fixed_base else whole + x
        shorter = whole if fixed_base else whole + x - 1
        assert rag(part + x, grown, 40) == Rag.GREEN
        assert rag(part + x - 1, shorter, 40) != Rag.GREEN


def test_a_target_of_100_percent_on_catalogue_spend_cannot_be_reached_by_adding_spend():
    assert rules.rupiah_to_reach(9, 10, 100, fixed_base=False) is None
    assert rules.rupiah_to_reach(9, 10, 100, fixed_base=True) == 1


def test_opd_below_target_worst_first_with_budget_base_where_a_budget_is_imported():
    opd, other = test_umk_share.build()
    s = scenario.build()  # a second set of OPD in the same year, without budgets
    rows = figures.agency_rows(test_umk_share.YEAR)
    below = shortfall.below_target(rows)
    assert [(g.agency.name, g.basis, g.share, g.points, g.rupiah) for g in below] == [
        ("Dinas Uji", shortfall.BUDGET, Decimal("20.6"), Decimal("19.4"), 7_778_000),
        ("Dinas Alpha", shortfall.CATALOGUE, Decimal("30.3"), Decimal("9.7"), 533_334),
    ]
    # Met the target: Badan Beta (100%), Kantor Tanpa Anggaran (100% of catalogue spend); nothing to measure:
    # Kantor Gamma (a plan only).
    assert s.c.pk in {row.agency.pk for row in shortfall.unmeasured(rows)}


def test_the_leadership_landing_page_leads_with_the_gaps(client):
    s = scenario.build()
    client.force_login(make_user(Role.LEADERSHIP))
    # The landing page shows the current year; the scenario is 2025, so read the monitoring page of 2025 and the
    # landing page's section on the same rows through the panel builder.
    html = client.get(reverse("monitoring:dashboard"), {"tahun": scenario.YEAR}).content.decode()
    section = _section(html)
    assert html.index('data-section="below-target"') < html.index('id="kabupaten"')
    assert text(section).startswith("1 OPD di bawah target UMK 40%")
    card = _card(html, s.a)
    assert "Dinas Alpha" in card
    assert "30,3% dari belanja katalog (anggaran belum diimpor)" in card
    assert "kurang 9,7 poin" in card and "Rp533.334 belanja UMK tambahan" in card
    assert f'href="{reverse("monitoring:agency_detail", args=[s.a.pk])}?tahun={scenario.YEAR}"' in section
    assert "Badan Beta" not in text(section)
    assert "1 OPD lain belum berbelanja dan anggarannya belum diimpor." in text(section)


def test_the_budget_base_card_says_how_much_of_the_budget_must_still_go_to_umk(client):
    opd, _other = test_umk_share.build()
    client.force_login(make_user(Role.LEADERSHIP))
    html = client.get(reverse("monitoring:dashboard"), {"tahun": test_umk_share.YEAR}).content.decode()
    card = _card(html, opd)
    assert "20,6% dari anggaran barang/jasa" in card
    assert "kurang 19,4 poin" in card and "Rp7.778.000 lagi ke UMK dari anggaran" in card


def test_the_landing_page_of_the_current_year_has_the_same_section(client, monkeypatch):
    import datetime

    class FixedDate(datetime.date):
        @classmethod
        def today(cls):
            return cls(scenario.YEAR, 6, 1)

    s = scenario.build()
    monkeypatch.setattr("katalog.home.dashboards.datetime.date", FixedDate)
    client.force_login(make_user(Role.LEADERSHIP))
    html = client.get(reverse("dashboard")).content.decode()
    assert "kurang 9,7 poin" in _card(html, s.a) and "Rp533.334" in _card(html, s.a)
    assert html.index('data-section="below-target"') < html.index("Porsi belanja usaha mikro")


def test_an_empty_plan_says_the_rup_is_not_imported_instead_of_rp0(client):
    s = scenario.build()
    client.force_login(make_user(Role.LEADERSHIP))
    html = client.get(reverse("monitoring:dashboard"), {"tahun": scenario.YEAR}).content.decode()
    alpha = re.search(rf'<tr[^>]*data-agency="{s.a.pk}"[^>]*>(.*?)</tr>', html, re.S).group(1)
    assert "RUP belum diimpor" in text(alpha) and "Rp0" not in re.search(
        r'data-cell="planned">(.*?)</td>', alpha, re.S).group(1)
    detail = client.get(reverse("monitoring:agency_detail", args=[s.a.pk]), {"tahun": scenario.YEAR}).content.decode()
    assert re.search(r'data-figure="planned">\s*RUP belum diimpor', detail)
    # The detail page, one tap from the card, repeats the gap.
    gap = text(re.search(r'data-note="gap">(.*?)</p>', detail, re.S).group(1))
    assert gap.startswith("Di bawah target UMK 40%: kurang 9,7 poin.") and "Rp533.334 belanja UMK tambahan" in gap
    beta = client.get(reverse("monitoring:agency_detail", args=[s.b.pk]), {"tahun": scenario.YEAR}).content.decode()
    assert 'data-note="gap"' not in beta
    # Another year with no RUP at all: the kabupaten figure says why as well.
    empty = client.get(reverse("monitoring:dashboard"), {"tahun": 2031}).content.decode()
    assert re.search(r'data-figure="planned">\s*RUP belum diimpor', empty)
    assert "Belum ada belanja dan anggaran barang/jasa belum diimpor" in text(_section(empty))


def _page_strings(content: bytes) -> list[list[str]]:
    """The strings of each page content stream, in page order."""
    import base64
    import zlib

    pages = []
    for stream in re.findall(rb"stream\r?\n(.*?)endstream", content, re.S):
        stream = stream.strip()
        try:
            data = zlib.decompress(base64.a85decode(stream, adobe=True) if stream.endswith(b"~>") else stream)
        except (ValueError, zlib.error):
            continue
        found = [re.sub(rb"\\(.)", rb"\1", raw).decode("latin-1")
                 for raw in re.findall(rb"\(((?:\\.|[^\\)])*)\)\s*Tj", data)]
        if found:
            pages.append(found)
    return pages


def test_the_pdf_brief_opens_with_the_gaps_and_puts_the_detail_in_an_annex(client, run_jobs):
    opd, _other = test_umk_share.build()
    s = scenario.build()
    client.force_login(make_user(Role.LEADERSHIP))
    content = download(client, run_jobs(client.post(reverse("monitoring:brief") + f"?tahun={test_umk_share.YEAR}")))
    pages = _page_strings(content)
    first = pages[0]
    assert "2 OPD di bawah target UMK 40%, yang terjauh lebih dulu" in first
    uji, alpha = first.index("Uji"), first.index("Alpha")
    assert uji < alpha  # worst first
    assert first[uji:uji + 5] == ["Uji", "20,6%", "anggaran", "19,4", "Rp7.778.000"]
    assert first[alpha:alpha + 5] == ["Alpha", "30,3%", "belanja katalog", "9,7", "Rp533.334"]
    annex = next(i for i, strings in enumerate(pages) if "Lampiran" in strings)
    assert annex <= 2, "the summary is longer than two pages"
    per_opd = [i for i, strings in enumerate(pages) if "Dinas Alpha" in strings]
    assert per_opd and min(per_opd) > annex
    assert "Lampiran" in pdf_strings(content)


def test_in_english_the_note_on_opd_not_measured_agrees_with_its_number_on_the_page_and_in_the_brief(client):
    """The note is a plural message; the brief once asked for its singular ("2 other OPD has ...")."""
    from django.utils import translation

    from katalog.monitoring import brief
    from tests.factories import make_agency

    scenario.build()
    make_agency(name="Kantor Delta", short_name="Delta")  # beside Kantor Gamma: no spend, no budget
    note = "2 other OPDs have not spent yet and their budgets are not imported yet."
    client.force_login(make_user(Role.LEADERSHIP))
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    html = client.get(reverse("monitoring:dashboard"), {"tahun": scenario.YEAR}).content.decode()
    assert note in text(_section(html))
    with translation.override("en"):
        content = brief.render(figures.dashboard(scenario.YEAR))
    assert note in " ".join(pdf_strings(content))
