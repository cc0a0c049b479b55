"""The measures as first entered: the numbers of the text, in force 2023-01-01 to 2024-12-31 until the
bureau enters the issuance date (domain.md, "The policy record")."""

import datetime

from django.db import migrations


def create_initial_record(apps, schema_editor):
    PolicyRecord = apps.get_model("awards", "PolicyRecord")
    if PolicyRecord.objects.exists():
        return
    PolicyRecord.objects.create(
        name="桂林市支持“专精特新”中小企业培育发展的若干措施（试行）",
        effective_from=datetime.date(2023, 1, 1),
        effective_until=datetime.date(2024, 12, 31),
    )


class Migration(migrations.Migration):
    dependencies = [("awards", "0002_initial")]
    operations = [migrations.RunPython(create_initial_record, migrations.RunPython.noop)]
