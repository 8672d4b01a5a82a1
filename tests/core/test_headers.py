import pytest
from django.urls import reverse


@pytest.mark.django_db
def test_pages_carry_security_headers(client):
    response = client.get(reverse("home"))
    csp = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp
    assert "frame-ancestors 'none'" in csp
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["Referrer-Policy"] == "same-origin"


@pytest.mark.django_db
def test_pages_have_no_inline_script_or_style_the_policy_would_block(client):
    html = client.get(reverse("home")).content.decode()
    assert "<script>" not in html and " style=" not in html and "<style" not in html


@pytest.mark.django_db
def test_home_page_is_in_indonesian_by_default_and_small(client):
    response = client.get(reverse("home"))
    html = response.content.decode()
    assert '<html lang="id">' in html
    assert "Produk tayang" in html
    assert len(response.content) < 60_000


@pytest.mark.django_db
def test_an_english_browser_still_gets_indonesian_until_the_person_switches(client):
    html = client.get(reverse("home"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content.decode()
    assert '<html lang="id">' in html
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    html = client.get(reverse("home")).content.decode()
    assert '<html lang="en">' in html and "Listed products" in html
