import pytest
from django.urls import reverse

from katalog.core.permissions import PERMISSIONS, PUBLIC
from katalog.core.roles import Role
from katalog.monitoring import figures
from katalog.monitoring.models import Potential
from tests.factories import home_district, make_user

from tests.jobs.drive import download, run_jobs  # noqa: F401  (fixture)

from .pages import cells, figure, pdf_pages, pdf_strings, sheet_rows, text
from .scenario import YEAR, build

pytestmark = pytest.mark.django_db


def _get(client, name, *args, **params):
    url = reverse(name, args=args)
    return client.get(url, {"tahun": YEAR, **params})


def test_leadership_sees_kabupaten_totals_on_top_and_each_opd_ranked(client):
    s = build()
    client.force_login(make_user(Role.LEADERSHIP))
    html = _get(client, "monitoring:dashboard").content.decode()
    assert figure(html, "realised") == "Rp4.300.000"
    assert figure(html, "planned") == "Rp10.000.000"
    assert figure(html, "umk_share").startswith("46,5%")
    assert figure(html, "domestic_share").startswith("75,0%")
    assert figure(html, "local_share").startswith("46,5%")
    alpha = cells(html, "data-agency", s.a.pk)
    assert alpha[:3] == ["2", "Dinas Alpha", "RUP belum diimpor"] and alpha[3] == "Rp3.300.000"
    assert alpha[6].startswith("30,3%") and "Hampir tercapai" in alpha[6]
    ranking = html[html.index('id="opd"'):]  # the table, after the cards of the OPD below target
    assert ranking.index("Badan Beta") < ranking.index("Dinas Alpha") < ranking.index("Kantor Gamma")
    # The monthly trend is a table that works without JavaScript; the chart is drawn from it.
    assert 'id="month-table"' in html and 'data-value="3300000"' in html
    assert "vendor/chartjs/chart.umd.min.js" in html and "<script>" not in html


def test_each_figure_links_to_the_orders_behind_it_and_their_sum_is_the_figure(client):
    s = build()
    client.force_login(make_user(Role.AUDITOR))
    html = _get(client, "monitoring:orders", ukuran="umk", opd=s.a.pk).content.decode()
    assert 'data-figure="total">Rp1.000.000</strong>' in html
    assert s.orders["a1"].number in html and s.orders["a2"].number not in html
    assert s.orders["a3"].number not in html  # cancelled
    tier = _get(client, "monitoring:orders", ukuran="import").content.decode()
    assert s.orders["a2"].number in tier and 'data-figure="total">Rp1.000.000</strong>' in tier


def test_opd_staff_see_their_opd_against_the_others_but_only_their_own_orders(client):
    s = build()
    client.force_login(make_user(Role.PP, agency=s.a))
    html = _get(client, "monitoring:dashboard").content.decode()
    assert "Badan Beta" in html and "Dinas Alpha" in html  # others' names and figures are visible
    beta = cells(html, "data-agency", s.b.pk)
    assert beta[3] == "Rp1.000.000"
    assert f"opd={s.a.pk}" in html and f"opd={s.b.pk}" not in html
    assert _get(client, "monitoring:orders", ukuran="realised", opd=s.a.pk).status_code == 200
    assert _get(client, "monitoring:orders", ukuran="realised", opd=s.b.pk).status_code == 404
    assert _get(client, "monitoring:orders", ukuran="realised").status_code == 404  # whole kabupaten
    other = _get(client, "monitoring:agency_detail", s.b.pk).content.decode()
    assert figure(other, "realised") == "Rp1.000.000" and s.orders["b1"].number not in other
    assert "ukuran=" not in other


def test_the_public_page_shows_aggregate_figures_without_logging_in_and_no_orders(client):
    s = build()
    response = _get(client, "monitoring:public")
    assert response.status_code == 200
    html = response.content.decode()
    assert figure(html, "realised") == "Rp4.300.000" and figure(html, "umk_share").startswith("46,5%")
    assert "Dinas Alpha" in html
    for order in s.orders.values():
        assert order.number not in html
    assert "ukuran=" not in html and s.umk_local.name not in html


PAGES = [
    ("monitoring:dashboard", [], "monitoring.dashboard"),
    ("monitoring:impact", ["18.03.01"][:0], "monitoring.impact"),
    ("monitoring:impact_district", ["18.03.01"], "monitoring.impact"),
    ("monitoring:demand", [], "monitoring.impact"),
    ("monitoring:potentials", [], "monitoring.potentials"),
    ("monitoring:flags", [], "monitoring.flags"),
    ("monitoring:targets", [], "monitoring.targets"),
    ("monitoring:rup_import", [], "monitoring.rup_import"),
    ("monitoring:public", [], "monitoring.public"),
]


def test_each_role_reaches_exactly_the_monitoring_pages_the_table_gives_it(client):
    for role in Role.values:
        client.force_login(make_user(role))
        for name, args, permission in PAGES:
            expected = 200 if PERMISSIONS[permission] & {role, PUBLIC} else 403
            assert _get(client, name, *args).status_code == expected, (role, name)


def test_anonymous_visitors_are_sent_to_login_except_for_the_public_page(client):
    assert _get(client, "monitoring:dashboard").status_code == 302
    assert _get(client, "monitoring:flags").status_code == 302
    assert _get(client, "monitoring:public").status_code == 200


def _started(client, name) -> str:
    return client.post(reverse(name) + f"?tahun={YEAR}")


def test_the_excel_export_holds_the_same_numbers_as_the_screen(client, run_jobs):
    s = build()
    client.force_login(make_user(Role.LEADERSHIP))
    html = _get(client, "monitoring:dashboard").content.decode()
    job = run_jobs(_started(client, "monitoring:dashboard_export"))
    assert job.result["content_type"].startswith("application/vnd.openxmlformats")
    content = download(client, job)
    summary = {row[0]: row[1] for row in sheet_rows(content, "Kabupaten")[3:]}
    assert f"Rp{summary['Realisasi']:,}".replace(",", ".") == figure(html, "realised")
    assert figure(html, "umk_share").startswith(f"{summary['Porsi UMK dari belanja katalog (%)']}".replace(".", ",") + "%")
    opd = sheet_rows(content, "OPD")
    header, rows = opd[2], {r[1]: dict(zip(opd[2], r)) for r in opd[3:]}
    alpha = cells(html, "data-agency", s.a.pk)
    assert f"Rp{rows['Dinas Alpha']['Realisasi']:,}".replace(",", ".") == alpha[3]
    assert alpha[6].startswith(str(rows["Dinas Alpha"]["Porsi UMK katalog (%)"]).replace(".", ","))
    assert (rows["Badan Beta"]["#"], rows["Kantor Gamma"]["#"]) == (1, None)
    months = sheet_rows(content, "Bulanan")
    assert [r[1] for r in months[3:]][3:5] == [1_000_000, 3_300_000]


def test_the_orders_export_sums_to_the_figure(client):
    s = build()
    client.force_login(make_user(Role.AUDITOR))
    content = _get(client, "monitoring:orders", ukuran="domestic", format="xlsx").content
    rows = sheet_rows(content, "Pesanan")
    assert rows[-1][0] == "Jumlah" and rows[-1][-1] == figures.dashboard(YEAR).total.domestic
    assert sum(r[-1] for r in rows[3:-1]) == 3_000_000


def test_the_pdf_brief_has_the_kabupaten_then_one_page_per_opd_with_the_screens_numbers(client, run_jobs):
    s = build()
    client.force_login(make_user(Role.LEADERSHIP))
    html = _get(client, "monitoring:dashboard").content.decode()
    job = run_jobs(_started(client, "monitoring:brief"))
    content = download(client, job)
    assert job.result["content_type"] == "application/pdf" and content.startswith(b"%PDF")
    strings = pdf_strings(content)
    assert pdf_pages(content) >= 1 + 3
    assert figure(html, "realised") in strings
    assert figure(html, "planned") in strings
    umk = figure(html, "umk_share").split(" ")[0]
    assert f"{umk} - Tercapai" in strings
    for name in ("Dinas Alpha", "Badan Beta", "Kantor Gamma"):
        assert name in strings
    assert "Rp3.300.000" in strings and "30,3% - Hampir tercapai" in strings
    # Invariant: same figures, same bytes.
    assert download(client, run_jobs(_started(client, "monitoring:brief"))) == content


def test_the_leadership_landing_page_uses_the_same_computation(client):
    s = build()
    client.force_login(make_user(Role.LEADERSHIP))
    from katalog.home.dashboards import agency_shares

    rows = agency_shares(YEAR)
    assert [(r["agency"].short_name, r["spend"], r["umk_share"]) for r in rows] == [
        ("Beta", 1_000_000, figures.percent(1, 1)), ("Alpha", 3_300_000, figures.percent(1_000_000, 3_300_000))]


def test_impact_page_shows_spend_per_kecamatan_and_the_funnel(client):
    s = build()
    client.force_login(make_user(Role.UMKM_OFFICER))
    html = _get(client, "monitoring:impact").content.decode()
    kotabumi = cells(html, "data-area", home_district().code)
    assert kotabumi[1] == "Rp2.000.000"  # a1 and b1; a2 went outside the kabupaten
    assert figure(html, "outside") == "Rp2.300.000"
    village = _get(client, "monitoring:impact_district", home_district().code).content.decode()
    assert "kampung belum diisi" in village  # the test suppliers have no kampung recorded
    assert _get(client, "monitoring:impact", format="xlsx").status_code == 200


def test_officers_tag_kecamatan_potentials_and_the_demand_page_lists_where_to_develop(client):
    s = build()
    officer = make_user(Role.UMKM_OFFICER)
    client.force_login(officer)
    response = client.post(reverse("monitoring:potentials"), {
        "district": home_district(3).code, "category": s.category.pk, "kind": Potential.Kind.SKILL,
        "description": "Kelompok penjahit ibu-ibu"})
    assert response.status_code == 302 and Potential.objects.count() == 1
    # Every category here has a local UMKM supplier: nothing to develop yet.
    html = _get(client, "monitoring:demand").content.decode()
    assert "Kelompok penjahit" not in html.split("Kategori tanpa pemasok UMKM lokal")[1]


def test_the_rup_import_page_reports_errors_by_row_and_column(client, run_jobs):
    build()
    client.force_login(make_user(Role.CATALOGUE_MANAGER))
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile("rup.csv", b"kode_rup,opd,nama_paket,pagu\n123,Tidak Ada,Paket,1000\n")
    job = run_jobs(client.post(reverse("monitoring:rup_import") + f"?tahun={YEAR}", {"year": YEAR, "file": upload}))
    html = client.get(reverse("jobs:detail", args=[job.pk])).content.decode()
    assert "Tidak ada yang disimpan" in html
    assert "<td>2</td><td>opd</td>" in html


def test_only_those_the_table_allows_ask_for_the_brief(client, run_jobs):
    build()
    for role in Role.values:
        client.force_login(make_user(role))
        expected = 302 if PERMISSIONS["monitoring.view"] & {role, PUBLIC} else 403
        assert _started(client, "monitoring:brief").status_code == expected, role


def test_leadership_sets_a_target_from_the_page(client):
    build()
    client.force_login(make_user(Role.LEADERSHIP))
    response = client.post(reverse("monitoring:targets"),
                           {"year": YEAR, "umk_percent": 50, "domestic_percent": 90, "local_percent": 55})
    assert response.status_code == 302
    assert figures.targets_for(YEAR).umk == 50
    refused = client.post(reverse("monitoring:targets"),
                          {"year": YEAR, "umk_percent": 20, "domestic_percent": 90, "local_percent": 55})
    assert refused.status_code == 200 and "Perpres 12/2021" in refused.content.decode()
