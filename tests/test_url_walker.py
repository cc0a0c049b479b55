"""Walk EVERY pattern of the project's URLconf and prove each one needs a signed-in user, except a short,
explicit public allow-list. Built from the resolver, so patterns other apps add later are walked too."""

import re
from dataclasses import dataclass

import pytest
from django.conf import settings
from django.urls import URLPattern, URLResolver, get_resolver, resolve, reverse

pytestmark = pytest.mark.django_db

# Named routes anyone may open. Keep this list short; every entry is a decision.
PUBLIC = {
    "login",                        # the sign-in page
    "logout",                       # POST only; ends a session
    "healthz",                      # load balancer probe, says "ok" and nothing else
    "declarations:public_notices",  # 公示 must be public by its nature
    "awards:public_notices",        # 奖励公示: anyone may read it and object
    "admin:login",                  # the admin's own sign-in page
    "documents:notice_list",        # the 公示名单 PDF: what 奖励公示 already shows, as a document
    "documents:verify",             # anyone holding a document checks its code: what it states, nothing more
    "api:openapi-json",             # the open interfaces' OpenAPI schema: how to call them, no data
    "api:openapi-view",             # their readable docs (Swagger UI, served from the portal itself)
}
# The open interfaces authenticate by token, not by the session: without one they answer 401 (405 for a method
# they do not take, 404 for the bare /api/v1/), never data and never a login page a program could not follow.
TOKEN_ONLY_PREFIX = "/api/v1/"
# Unnamed admin catch-all: answers 404 (never data) before sign-in; the admin checks staff on every real page.
PUBLIC_CALLBACKS = {"catch_all_view"}
PUBLIC_PREFIXES = (settings.STATIC_URL,)

# Dummy values for path converters; the view must refuse before it ever looks the value up.
CONVERTER_VALUES = {"int": "1", "str": "x", "slug": "x", "path": "1",
                    "uuid": "00000000-0000-0000-0000-000000000001"}
REGEX_CANDIDATES = ["1", "x", "abc", "00000000-0000-0000-0000-000000000001", "2026", "x/y"]


@dataclass
class Route:
    name: str | None
    route: str
    url: str
    callback: str


def _fill_route(route, value=None):
    return re.sub(r"<(?:(\w+):)?\w+>",
                  lambda m: value if value is not None else CONVERTER_VALUES.get(m.group(1) or "str", "x"), route)


def _fill_regex(regex, value=None):
    """A concrete path matching `regex`: each named group replaced by a value its sub-pattern accepts (or by
    `value`, whether the sub-pattern accepts it or not; with `value`, unnamed groups too)."""
    out, i = "", 0
    while i < len(regex):
        unnamed = value is not None and regex.startswith("(", i) and not regex.startswith("(?", i)
        if regex.startswith("(?P<", i) or unnamed:
            depth, j = 0, i
            while j < len(regex):
                if regex[j] == "\\":
                    j += 2
                    continue
                depth += regex[j] == "("
                depth -= regex[j] == ")"
                if depth == 0:
                    break
                j += 1
            inner = regex[i + 1:j] if unnamed else regex[regex.index(">", i) + 1:j]
            options = [part for part in inner.split("|") if re.fullmatch(r"[\w-]+", part)]
            candidates = options[:1] + REGEX_CANDIDATES
            out += value if value is not None else next((c for c in candidates if re.fullmatch(inner, c)), "x")
            i = j + 1
        else:
            out += regex[i]
            i += 1
    out = out.lstrip("^").replace("\\Z", "").rstrip("$")
    return re.sub(r"\\(.)", r"\1", out).replace("?", "")


def _fill(pattern, value=None):
    text = str(pattern.pattern)
    if text.startswith("^") or "(?P<" in text:
        return _fill_regex(pattern.pattern.regex.pattern, value)
    return _fill_route(text, value)


def walk(patterns=None, prefix="", namespace=None, value=None):
    """Every URLPattern in the project, with a concrete URL built for it. With `value`, every parameter of the
    pattern itself (not of the prefixes above it) is that value instead."""
    patterns = get_resolver().url_patterns if patterns is None else patterns
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            ns = pattern.namespace
            full_ns = f"{namespace}:{ns}" if namespace and ns else (ns or namespace)
            yield from walk(pattern.url_patterns, prefix + _fill(pattern), full_ns, value)
        elif isinstance(pattern, URLPattern):
            name = f"{namespace}:{pattern.name}" if namespace and pattern.name else pattern.name
            callback = getattr(pattern.callback, "__name__", repr(pattern.callback))
            yield Route(name, prefix + str(pattern.pattern), "/" + prefix + _fill(pattern, value), callback)


def _is_login_redirect(response):
    if response.status_code not in (301, 302):
        return False
    location = response["Location"]
    return location.startswith(reverse("login")) or location.startswith(reverse("admin:login"))


def test_the_walker_finds_every_app_and_builds_urls_that_resolve():
    routes = list(walk())
    names = {r.name for r in routes}
    assert {"home", "enterprises:detail", "declarations:detail", "admin:index"} <= names
    assert len(routes) > 50  # the admin alone brings dozens
    unresolved = []
    for route in routes:
        try:
            resolve(route.url)
        except Exception:  # noqa: BLE001 — report every pattern the walker could not fill
            unresolved.append(f"{route.route} → {route.url}")
    assert not unresolved, "the walker built URLs that do not resolve:\n" + "\n".join(unresolved)


@pytest.mark.parametrize("method", ["get", "post"])
def test_every_url_needs_login_except_the_public_allow_list(client, method):
    failures = []
    for route in walk():
        if route.name in PUBLIC or route.url.startswith(PUBLIC_PREFIXES):
            continue
        response = getattr(client, method)(route.url)
        if route.callback in PUBLIC_CALLBACKS:
            if response.status_code not in (404, 301, 302):
                failures.append(f"{route.route}: catch-all answered {response.status_code}")
            continue
        if route.url.startswith(TOKEN_ONLY_PREFIX):
            if response.status_code not in (401, 404, 405):
                failures.append(f"{route.name} ({route.url}): {response.status_code} without a token")
            continue
        if not _is_login_redirect(response):
            failures.append(f"{route.name or route.route} ({route.url}): {response.status_code}")
    assert not failures, "reachable without signing in:\n" + "\n".join(failures)


def test_the_public_pages_really_are_public(client):
    for name in ("login", "healthz", "declarations:public_notices", "admin:login"):
        assert client.get(reverse(name)).status_code == 200, name
    names = {route.name for route in walk()}
    assert PUBLIC <= names, "an allow-listed name no longer exists; remove it from PUBLIC"
