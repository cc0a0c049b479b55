"""A malformed id in any URL — letters, a number beyond what the database column holds, a negative one — answers
404, never a server error. Walks EVERY pattern of the URLconf (the walker of test_url_walker), putting the bad
value in every parameter of the pattern, as the administrator and as a county official."""

import pytest
from django.test import Client
from django.urls import Resolver404, resolve

from enterprises.roles import Role

from .test_url_walker import walk

pytestmark = pytest.mark.django_db

BAD_VALUES = {
    "non-numeric": "abc",
    "out of range": "99999999999999999999",  # beyond a bigint (and beyond SQLite's 64-bit integer)
    "negative": "-1",                        # where the pattern lets a sign through (the admin's <path:object_id>)
}
SIGNED_IN_ROLES = (Role.ADMIN, Role.COUNTY)


def _has_parameters(route):
    return "<" in route.route or "(" in route.route


def _reaches_a_view(url):
    try:
        resolve(url)
    except Resolver404:
        return False
    return True


def _malformed_routes(value):
    return [route for route in walk(value=value) if _has_parameters(route) and _reaches_a_view(route.url)]


@pytest.mark.parametrize("value", BAD_VALUES.values(), ids=BAD_VALUES.keys())
def test_the_walk_reaches_the_object_pages_with_the_bad_value(value):
    """The check below has teeth: the bad value gets past the resolver into the admin's object views."""
    urls = {route.url for route in _malformed_routes(value)}
    assert f"/admin/enterprises/enterprise/{value}/change/" in urls
    assert f"/admin/awards/award/{value}/change/" in urls
    assert f"/admin/awards/award/{value}/pay/" in urls
    assert f"/admin/awards/award/{value}/history/{value}/" in urls


@pytest.mark.parametrize("method", ["get", "post"])
@pytest.mark.parametrize("value", BAD_VALUES.values(), ids=BAD_VALUES.keys())
@pytest.mark.parametrize("role", SIGNED_IN_ROLES)
def test_a_malformed_id_never_answers_a_server_error(role_users, role, value, method):
    client = Client(raise_request_exception=False)
    client.force_login(role_users[role])
    failures = []
    for route in _malformed_routes(value):
        response = getattr(client, method)(route.url)
        if response.status_code >= 500:
            failures.append(f"{route.name or route.route} ({route.url}): {response.status_code}")
    assert not failures, f"a malformed id ({value}) answered a server error:\n" + "\n".join(failures)


@pytest.mark.parametrize("value", BAD_VALUES.values(), ids=BAD_VALUES.keys())
@pytest.mark.parametrize("role", SIGNED_IN_ROLES)
@pytest.mark.parametrize("path", [
    "enterprises/enterprise/{}/change/",
    "enterprises/enterprise/{}/delete/",
    "enterprises/enterprise/{}/history/",
    "enterprises/areatarget/{}/change/",
    "awards/award/{}/change/",
    "awards/award/{}/history/{}/",
    "declarations/declaration/{}/change/",
    "liaison/visit/{}/history/{}/",
])
def test_a_scoped_admin_page_with_a_malformed_id_is_not_found(role_users, role, value, path):
    client = Client(raise_request_exception=False)
    client.force_login(role_users[role])
    assert client.get("/admin/" + path.format(value, value)).status_code == 404


@pytest.mark.parametrize("value", [BAD_VALUES["non-numeric"], BAD_VALUES["out of range"]])
@pytest.mark.parametrize("path", [
    "awards/award/{}/pay/",
    "policy/policyrecord/{}/change/",
    "policy/criteriaedition/{}/history/",
    "liaison/trainingevent/{}/history/{}/",
])
def test_a_city_wide_admin_page_with_a_malformed_id_is_not_found(role_users, value, path):
    """(A well-formed id of no row keeps the admin's own answer on these pages: back to the index with a note.)"""
    client = Client(raise_request_exception=False)
    client.force_login(role_users[Role.ADMIN])
    assert client.get("/admin/" + path.format(value, value)).status_code == 404


@pytest.mark.parametrize("role", SIGNED_IN_ROLES)
def test_an_import_page_a_model_does_not_have_is_not_found(role_users, role):
    """Area targets have no import: /import/ falls to the admin's "<id>/" redirect, and "import" is no id."""
    client = Client(raise_request_exception=False)
    client.force_login(role_users[role])
    response = client.get("/admin/enterprises/areatarget/import/", follow=True)
    assert response.status_code == 404
