"""Django's `{# #}` comment is one line only: a comment that runs on is printed to the page as text (the enterprise's
home page showed one). Every template's `{#` closes on its own line."""

from pathlib import Path

from django.conf import settings


def test_no_template_comment_runs_over_a_line():
    runaway = []
    for template in sorted(Path(settings.BASE_DIR, "templates").rglob("*.html")):
        for number, line in enumerate(template.read_text(encoding="utf-8").splitlines(), 1):
            if line.count("{#") > line.count("#}"):
                runaway.append(f"{template.relative_to(settings.BASE_DIR)}:{number}")
    assert runaway == []
