"""HTML to PDF with WeasyPrint, in the font the project ships (static/fonts): a machine with no CJK system font
renders the Chinese the same. The QR code (segno) is an inline SVG wrapped in a link, so a reader can scan it or
click it, and the PDF keeps the verification URL as a link annotation."""

from pathlib import Path

import segno
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string

FONTS = {"normal": "fonts/NotoSansSC-Regular-GB2312.ttf", "bold": "fonts/NotoSansSC-Bold-GB2312.ttf"}


def font_faces():
    """@font-face rules naming the shipped font files by absolute file URL."""
    rules = []
    for weight, name in FONTS.items():
        path = finders.find(name)
        if path is None:
            raise FileNotFoundError(f"missing font {name}")
        rules.append(
            f'@font-face {{ font-family: "Portal Sans SC"; font-weight: {weight}; '
            f'src: url("{Path(path).as_uri()}"); }}'
        )
    return "\n".join(rules)


def qr_svg(url):
    """The URL as a QR code, an SVG element to inline in the document."""
    return segno.make(url, error="m").svg_inline(scale=3, border=2, dark="#1f1f1f")


def render_pdf(template, context):
    # Imported here for start-up cost: WeasyPrint parses its stylesheets and loads pango when imported, which every
    # process (each web worker, each command) would otherwise pay for a PDF it may never render.
    from weasyprint import HTML
    from weasyprint.text.fonts import FontConfiguration

    config = FontConfiguration()
    html = render_to_string(template, {**context, "font_faces": font_faces()})
    return HTML(string=html).write_pdf(font_config=config)
