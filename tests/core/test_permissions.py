import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from katalog.core.permissions import PERMISSIONS, PUBLIC, allows
from katalog.core.roles import Role
from tests.factories import make_user


def _walk(patterns, prefix=""):
    for entry in patterns:
        if isinstance(entry, URLResolver):
            yield from _walk(entry.url_patterns, prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern):
            yield prefix + str(entry.pattern), entry.callback


def test_every_view_declares_a_known_permission():
    missing = [route for route, view in _walk(get_resolver().url_patterns)
               if getattr(view, "katalog_permission", None) not in PERMISSIONS]
    assert missing == []


def test_permission_table_names_only_known_roles():
    known = set(Role.values) | {PUBLIC}
    for permission, holders in PERMISSIONS.items():
        assert holders <= known, permission


@pytest.mark.django_db
@pytest.mark.parametrize("url_name", ["dashboard", "purchasing:order_list", "suppliers:supplier_list", "audit_log"])
def test_anonymous_visitor_is_sent_to_login(client, url_name):
    response = client.get(reverse(url_name))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


@pytest.mark.django_db
@pytest.mark.parametrize("role", Role.values)
def test_each_role_reaches_exactly_the_pages_the_table_gives_it(client, role):
    client.force_login(make_user(role))
    for url_name, permission in [
        ("dashboard", "account.dashboard"), ("purchasing:order_list", "order.view"),
        ("suppliers:supplier_list", "supplier.view_all"), ("audit_log", "audit.view"),
        ("catalogue:product_list", "catalogue.browse"), ("home", "site.public"),
    ]:
        expected = 200 if PERMISSIONS[permission] & {role, PUBLIC} else 403
        assert client.get(reverse(url_name)).status_code == expected, (role, url_name)


@pytest.mark.django_db
def test_deactivated_user_holds_no_permission():
    user = make_user(Role.AUDITOR)
    user.is_active = False
    assert not allows(user, "audit.view")


@pytest.mark.django_db
def test_logout_refuses_get_so_a_link_cannot_log_someone_out(client):
    client.force_login(make_user(Role.PP))
    assert client.get(reverse("logout")).status_code == 405
    assert client.get(reverse("dashboard")).status_code == 200
