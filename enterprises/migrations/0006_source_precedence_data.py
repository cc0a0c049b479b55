from django.db import migrations

# 税务 > 统计 > 县区核定 > 导入 > 企业填报: a department's records over the county's check over the bureau's files
# over what the enterprise says of itself.
ORDER = ("tax", "statistics", "county", "import", "enterprise")


def seed(apps, schema_editor):
    model = apps.get_model("enterprises", "SourcePrecedence")
    for rank, source in enumerate(ORDER, start=1):
        model.objects.get_or_create(source=source, defaults={"rank": rank})


class Migration(migrations.Migration):
    dependencies = [("enterprises", "0005_figure_sources")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
