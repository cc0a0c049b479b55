"""The schema and the docs answer without a portal login, and the docs page loads only the portal's own assets."""

import re

import pytest

pytestmark = pytest.mark.django_db


def test_the_schema_lists_the_interfaces(client):
    response = client.get("/api/v1/schema/")
    assert response.status_code == 200
    schema = response.json()
    assert schema["info"]["title"].startswith("桂林市专精特新")


def test_the_docs_answer_under_the_strict_policy_with_local_assets_only(client):
    response = client.get("/api/v1/docs/")
    assert response.status_code == 200
    html = response.content.decode()
    policy = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy.split("script-src")[1].split(";")[0]
    sources = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert sources and all(source.startswith("/") for source in sources)
    # No executable inline script: every <script> either loads a file or is inert JSON.
    for attributes, content in re.findall(r"<script([^>]*)>(.*?)</script>", html, flags=re.S):
        assert "src=" in attributes or 'type="application/json"' in attributes, content[:80]
    assert client.get(sources[-1]).status_code == 200
