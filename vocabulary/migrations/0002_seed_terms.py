"""A starting vocabulary: the 战略性新兴产业 fields and Guilin's leading industries (电子信息、先进装备制造、生物医药、
生态食品、新材料), as technology fields and product categories. The bureau edits them in the admin afterwards."""

from django.db import migrations

TECH_FIELDS = [
    "新一代信息技术", "人工智能", "集成电路", "光电子与光通信", "工业互联网", "软件与信息服务", "高端装备制造", "智能制造",
    "数控机床", "汽车及零部件", "新能源汽车", "新能源", "节能环保", "新材料", "橡胶与高分子材料", "生物医药",
    "中药民族药", "医疗器械", "生态食品", "数字创意",
]
PRODUCT_CATEGORIES = [
    "电子元器件", "光通信器件", "集成电路", "传感器", "智能终端", "工业软件", "数控机床及功能部件", "工程机械及零部件",
    "汽车零部件", "新能源汽车零部件", "橡胶制品", "电线电缆", "输变电设备", "医疗器械", "中药及民族药", "化学药品",
    "生物制品", "食品及农产品加工", "罗汉果制品", "新型建材", "包装材料", "检验检测服务",
]


def seed(apps, schema_editor):
    Term = apps.get_model("vocabulary", "Term")
    Term.objects.bulk_create(
        [Term(category="tech_field", name=name) for name in TECH_FIELDS]
        + [Term(category="product_category", name=name) for name in PRODUCT_CATEGORIES],
        ignore_conflicts=True,
    )


class Migration(migrations.Migration):
    dependencies = [("vocabulary", "0001_terms")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
