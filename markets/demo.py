"""Demo markets data: logistics support (六), quality and brand honours (十五), trade fairs and online sales (十八)
for white-list enterprises over the last three years; the demo enterprise (the one `qiye` is bound to) has a draft
and a submitted filing to show the flow. Through markets.services; a second run creates nothing."""

from datetime import date, timedelta
from decimal import Decimal

from django.utils import timezone

from audit import DEMO
from enterprises.filings import FilingState
from enterprises.models import Enterprise
from enterprises.selectors import today, white_list
from policy.levels import Level

from . import services
from .models import FairParticipation, Honour, HonourCategory, HonourLevel, LogisticsMode, LogisticsSupport, OnlineSales

HONOURS = [
    (HonourCategory.QUALITY_AWARD, "广西壮族自治区主席质量奖", HonourLevel.REGIONAL, "桂政办发〔{year}〕{n}号"),
    (HonourCategory.QUALITY_AWARD, "桂林市市长质量奖", HonourLevel.MUNICIPAL, "市政发〔{year}〕{n}号"),
    (HonourCategory.TIME_HONOURED, "桂林米粉老字号", HonourLevel.REGIONAL, "桂商务发〔{year}〕{n}号"),
    (HonourCategory.TIME_HONOURED, "广西老字号", HonourLevel.REGIONAL, "桂商务发〔{year}〕{n}号"),
    (HonourCategory.WELL_KNOWN_MARK, "驰名商标", HonourLevel.NATIONAL, ""),
    (HonourCategory.INDUSTRIAL_BRAND, "全国工业品牌培育示范企业", HonourLevel.NATIONAL, "工信厅科函〔{year}〕{n}号"),
    (HonourCategory.INTERNATIONAL_MARK, "马德里国际商标注册", HonourLevel.INTERNATIONAL, ""),
    (HonourCategory.INTERNATIONAL_BRAND, "东盟市场自主品牌", HonourLevel.INTERNATIONAL, ""),
    (HonourCategory.STANDARD, "罗汉果提取物 行业标准（参与制定）", HonourLevel.NATIONAL, ""),
    (HonourCategory.ECOMMERCE_BRAND, "广西电商新消费品牌", HonourLevel.REGIONAL, ""),
]
FAIRS = [  # (name, venue, month, day, days)
    ("中国—东盟博览会", "南宁", 9, 17, 4),
    ("中国进出口商品交易会（广交会）", "广州", 10, 15, 5),
    ("中国国际进口博览会", "上海", 11, 5, 6),
    ("中国国际中小企业博览会", "广州", 6, 26, 3),
    ("桂林国际旅游博览会", "桂林", 11, 20, 3),
]
PLATFORMS = [("天猫", False), ("京东", False), ("抖音电商", False), ("阿里巴巴国际站", True)]
YEARS_BACK = 3


def _day_in(year, rng, last):
    start = date(year, 1, 1)
    return start + timedelta(days=rng.randrange(0, (min(date(year, 12, 31), last) - start).days + 1))


def _wan(rng, low, high):
    return Decimal(rng.randrange(low * 100, high * 100)) / 100


def _create(actor, model, key, **values):
    """Create the record unless one with its key exists: 1 if created, else 0."""
    if model.objects.filter(**key).exists():
        return 0
    services.save_record(actor=actor, record=model(**key, **values))
    return 1


def seed(*, actor=DEMO, rng):
    # Later demos add designations, so the white list a second run samples differs: seed once, then skip.
    if any(model.objects.exists() for model in (LogisticsSupport, Honour, FairParticipation, OnlineSales)):
        return "质量品牌与市场开拓演示数据已存在，跳过（新建 0 条）"
    now = today()
    firms = list(white_list(on=now).order_by("pk"))
    if not firms:
        return "暂无白名单企业，跳过质量品牌与市场开拓演示数据"
    created = {"logistics": 0, "honours": 0, "fairs": 0, "sales": 0}
    years = list(range(now.year - YEARS_BACK + 1, now.year + 1))
    for year in years:
        for firm in rng.sample(firms, min(len(firms), 12)):  # (六)
            created["logistics"] += _create(
                actor, LogisticsSupport, {"enterprise": firm, "year": year, "mode": rng.choice(LogisticsMode.values)},
                cost_saved_wan=_wan(rng, 5, 120),
            )
        for firm in rng.sample(firms, min(len(firms), 8)):  # (十五)
            category, name, level, document = rng.choice(HONOURS)
            created["honours"] += _create(
                actor, Honour, {"enterprise": firm, "category": category, "name": name},
                level=level, granted_on=_day_in(year, rng, now),
                document_number=document.format(year=year, n=rng.randrange(3, 90)),
            )
        for name, venue, month, day, days in FAIRS:  # (十八) fairs already held
            starts_on = date(year, month, day)
            if starts_on + timedelta(days=days) > now:
                continue
            for firm in rng.sample(firms, min(len(firms), 4)):
                created["fairs"] += _create(
                    actor, FairParticipation, {"enterprise": firm, "fair_name": name, "starts_on": starts_on},
                    venue=venue, ends_on=starts_on + timedelta(days=days - 1),
                    intended_deals_wan=_wan(rng, 20, 800) if rng.random() < 0.8 else None,
                )
        for firm in rng.sample(firms, min(len(firms), 10)):  # (十八) online sales
            for platform, cross_border in rng.sample(PLATFORMS, rng.randrange(1, 3)):
                created["sales"] += _create(
                    actor, OnlineSales, {"enterprise": firm, "year": year, "platform": platform},
                    sales_wan=_wan(rng, 10, 3000), cross_border=cross_border,
                )
    created["honours"] += _seed_demo_enterprise(actor, now)
    return (f"物流降本支持新建 {created['logistics']} 条，质量品牌荣誉新建 {created['honours']} 条，"
            f"参展记录新建 {created['fairs']} 条，网络销售新建 {created['sales']} 条")


def _seed_demo_enterprise(actor, now):
    """The demo enterprise's own filings in progress: a draft honour and a submitted one. The enterprise is the one
    seed_demo binds `qiye` to once every demo has run (this one runs last, so the choice is already final)."""
    firm = Enterprise.objects.filter(designations__level=Level.MUNICIPAL).order_by("pk").first()
    if firm is None:
        return 0
    return _create(
        actor, Honour, {"enterprise": firm, "category": HonourCategory.INDUSTRIAL_BRAND, "name": "广西工业品牌培育示范企业"},
        level=HonourLevel.REGIONAL, granted_on=now.replace(day=1), filing_state=FilingState.DRAFT,
    ) + _create(
        actor, Honour, {"enterprise": firm, "category": HonourCategory.STANDARD, "name": "桂林米粉 团体标准（牵头制定）"},
        level=HonourLevel.MUNICIPAL, granted_on=now.replace(day=1), filing_state=FilingState.SUBMITTED,
        submitted_at=timezone.now(),
    )
