"""The 20 quota units of domain.md: 17 divisions with GB/T 2260 codes, then the 3 management committees."""

from django.db import migrations

AREAS = [
    ("450302", "秀峰区", "district"), ("450303", "叠彩区", "district"), ("450304", "象山区", "district"),
    ("450305", "七星区", "district"), ("450311", "雁山区", "district"), ("450312", "临桂区", "district"),
    ("450321", "阳朔县", "county"), ("450323", "灵川县", "county"), ("450324", "全州县", "county"),
    ("450325", "兴安县", "county"), ("450326", "永福县", "county"), ("450327", "灌阳县", "county"),
    ("450328", "龙胜各族自治县", "county"), ("450329", "资源县", "county"), ("450330", "平乐县", "county"),
    ("450332", "恭城瑶族自治县", "county"), ("450381", "荔浦市", "city"),
    (None, "高新区", "committee"), (None, "经济技术开发区", "committee"), (None, "高铁（桂林）广西园", "committee"),
]


def create_areas(apps, schema_editor):
    Area = apps.get_model("enterprises", "Area")
    for order, (code, name, kind) in enumerate(AREAS, start=1):
        Area.objects.update_or_create(name=name, defaults={"code": code, "kind": kind, "sort_order": order})


class Migration(migrations.Migration):
    dependencies = [("enterprises", "0001_initial")]
    operations = [migrations.RunPython(create_areas, migrations.RunPython.noop)]
