"""The admin wears the portal's identity: its red as unfold's primary colours, its name and its 专 mark."""

import re

import pytest
from django.conf import settings
from django.contrib.staticfiles import finders
from django.urls import reverse

from enterprises.roles import Role


def _rgb(hex_colour):
    return ", ".join(str(int(hex_colour[i:i + 2], 16)) for i in (1, 3, 5))


def _portal_red():
    css = open(finders.find("css/portal.css"), encoding="utf-8").read()
    return re.search(r"--red:\s*(#[0-9a-fA-F]{6})", css).group(1), re.search(
        r"--red-dark:\s*(#[0-9a-fA-F]{6})", css).group(1)


@pytest.mark.django_db
@pytest.mark.parametrize("url_name", ["admin:index", "admin:enterprises_enterprise_changelist"])
def test_admin_pages_carry_the_portals_red_as_primary_colour(client, role_users, url_name):
    client.force_login(role_users[Role.REVIEWER])
    html = client.get(reverse(url_name)).content.decode()
    red, red_dark = _portal_red()
    assert f"--color-primary-600: rgb({_rgb(red)});" in html
    assert f"--color-primary-700: rgb({_rgb(red_dark)});" in html
    assert "oklch(55.8% .288 302.321)" not in html  # unfold's default purple is gone


@pytest.mark.django_db
def test_admin_header_names_the_portal_and_shows_its_mark(client, role_users):
    client.force_login(role_users[Role.COUNTY])
    html = client.get(reverse("admin:index")).content.decode()
    assert "桂林市专精特新中小企业服务平台" in html and "桂林市工业和信息化局" in html
    assert "/static/img/brand-mark.svg" in html
    assert finders.find("img/brand-mark.svg") is not None


@pytest.mark.django_db
def test_the_login_page_wears_it_too(client):
    html = client.get(reverse("admin:login")).content.decode()
    red, _ = _portal_red()
    assert f"--color-primary-600: rgb({_rgb(red)});" in html


def test_the_scale_runs_from_light_to_dark():
    """Each step of the primary scale is darker than the one before (a mistyped step would show as a glitch)."""
    scale = settings.UNFOLD["COLORS"]["primary"]
    brightness = [sum(int(scale[w][i:i + 2], 16) for i in (1, 3, 5)) for w in sorted(scale, key=int)]
    assert brightness == sorted(brightness, reverse=True)
