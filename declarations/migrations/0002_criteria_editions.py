"""The two editions of MIIT's SRDI criteria the portal starts with. The bureau keeps them in step with MIIT's
documents in the admin (国家认定条件版本); the numbers here are the initial entry."""

import datetime
from decimal import Decimal

from django.db import migrations

EDITIONS = [
    {
        "document_number": "工信部企业〔2022〕63号",
        "name": "优质中小企业梯度培育管理暂行办法",
        "effective_from": datetime.date(2022, 8, 1),
        "first_tier_name": "创新型中小企业",
        "srdi_min_years_in_niche": 2,
        "srdi_min_rd_expense": Decimal("1000000"),
        "srdi_min_rd_ratio": Decimal("0.03"),
        "srdi_min_revenue": Decimal("10000000"),
        "srdi_alt_equity_financing": Decimal("20000000"),
        "note": "专精特新中小企业：从事特定细分市场 2 年以上；上年度研发费用不低于 100 万元且占营业收入比重不低于 3%；"
                "上年度营业收入 1000 万元以上，或近 2 年新增股权融资 2000 万元以上。",
    },
    {
        "document_number": "工信部企业〔2026〕2号",
        "name": "优质中小企业梯度培育管理办法",
        "effective_from": datetime.date(2026, 4, 1),
        "first_tier_name": "科技和创新型中小企业",
        "srdi_min_years_in_niche": 3,
        "srdi_min_rd_expense": Decimal("1500000"),
        "srdi_min_rd_ratio": Decimal("0.035"),
        "srdi_min_revenue": Decimal("20000000"),
        "srdi_alt_equity_financing": Decimal("30000000"),
        "note": "自 2026 年 4 月 1 日起施行，替代工信部企业〔2022〕63号；第一梯度更名为“科技和创新型中小企业”，"
                "专精特新中小企业及“小巨人”企业认定门槛相应提高。此前认定的称号在有效期内继续有效。"
                "门槛数值为平台初始录入，请市工业和信息化局对照正式文件核对维护。",
    },
]


def create_editions(apps, schema_editor):
    CriteriaEdition = apps.get_model("declarations", "CriteriaEdition")
    for edition in EDITIONS:
        CriteriaEdition.objects.get_or_create(document_number=edition["document_number"], defaults=edition)


def remove_editions(apps, schema_editor):
    CriteriaEdition = apps.get_model("declarations", "CriteriaEdition")
    CriteriaEdition.objects.filter(document_number__in=[e["document_number"] for e in EDITIONS]).delete()


class Migration(migrations.Migration):
    dependencies = [("declarations", "0001_initial")]
    operations = [migrations.RunPython(create_editions, remove_editions)]
