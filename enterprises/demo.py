"""Demo registry: a few hundred believable enterprises over all 20 areas, every tier, four years of figures,
cultivation pools, area targets and one demo user per role. Deterministic, so running it twice changes nothing.
The history names the actor it is given (audit.DEMO, or the demo administrator)."""

from datetime import date
from decimal import Decimal

from simple_history.utils import bulk_create_with_history

from audit import bulk_history, require_actor
from policy.levels import Level
from policy.rules import term_end

from .credit_codes import make_credit_code
from .models import AnnualFigures, Area, AreaTarget, CultivationPoolEntry, Designation, Enterprise, User
from .roles import Role
from .rules import name_initials
from .services import create_account

DEMO_PASSWORD = "Guilin@2026"
ENTERPRISES_PER_AREA = 20
FIGURE_YEARS = (2022, 2023, 2024, 2025)

NAME_HEADS = [
    "漓江", "桂山", "象鼻", "叠彩", "七星", "芦笛", "两江", "阳朔", "灵渠", "兴安", "猫儿山", "龙脊", "资江", "恭城",
    "荔浦", "平乐", "永福", "全州", "灌阳", "临桂", "雁山", "尧山", "訾洲", "伏波", "独秀", "穿山", "南溪", "西山",
    "桂花", "罗汉果", "金桂", "青山", "丹霞", "银河", "华侨", "甲天下", "山水", "东江", "秀峰", "湘江",
]
TRADES = [
    ("电子科技", "计算机、通信和其他电子设备制造业"), ("精密机械", "通用设备制造业"), ("生物医药", "医药制造业"),
    ("新材料科技", "非金属矿物制品业"), ("橡胶制品", "橡胶和塑料制品业"), ("智能装备", "专用设备制造业"),
    ("光电科技", "仪器仪表制造业"), ("食品科技", "农副食品加工业"), ("汽车零部件", "汽车制造业"),
    ("电气", "电气机械和器材制造业"), ("中药科技", "医药制造业"), ("信息技术", "软件和信息技术服务业"),
]

DEMO_USERS = [
    # username, role, full name, binding
    ("qiye", Role.ENTERPRISE, "陈", "明", "enterprise"),
    ("xianqu", Role.COUNTY, "李", "华", "area"),
    ("lianluo", Role.LIAISON, "王", "芳", None),
    ("shenhe", Role.REVIEWER, "张", "伟", None),
    ("caizheng", Role.FINANCE, "刘", "洋", None),
    ("jinrong", Role.FINANCIAL_SERVICES, "赵", "敏", None),
    ("guanli", Role.ADMIN, "周", "杰", None),
]


# The demo enterprise user's firm: the first municipal SRDI firm. Recognised inside the policy period and growing
# fast within the award band, so its portal shows both awards waiting for confirmation.
DEMO_FIRM_INDEX = 3
DEMO_FIRM_RECOGNISED_ON = date(2023, 9, 15)


def _figures_for(rng, index):
    """Four years of figures; roughly a third grow fast enough for the growth award."""
    base = Decimal(rng.randrange(8_000_000, 90_000_000))
    if index == DEMO_FIRM_INDEX:
        base = Decimal(15_000_000)
    fast = index % 3 == 0
    rows = {}
    output, tax = base, (base * Decimal("0.04")).quantize(Decimal("1"))
    for year in FIGURE_YEARS:
        rows[year] = (output, tax)
        growth = Decimal(rng.randrange(36, 60) if fast else rng.randrange(-5, 30)) / 100
        output = (output * (1 + growth)).quantize(Decimal("1"))
        tax = (tax * (1 + growth / 2 + Decimal("0.06"))).quantize(Decimal("1"))
    return rows


def seed(*, actor, rng):
    require_actor(actor)
    history = bulk_history(actor)
    if Enterprise.objects.filter(credit_code=make_credit_code("450302", 1)).exists():
        return "企业库演示数据已存在，跳过"
    areas = list(Area.objects.order_by("sort_order"))
    enterprises, designations, figures, pool = [], [], [], []
    serial = 0
    levels_cycle = [
        None, Level.INNOVATIVE, Level.INNOVATIVE, Level.MUNICIPAL, Level.MUNICIPAL, Level.MUNICIPAL,
        Level.REGIONAL, Level.MUNICIPAL, Level.LITTLE_GIANT, Level.INNOVATIVE,
    ]
    for area in areas:
        for _ in range(ENTERPRISES_PER_AREA):
            serial += 1
            # every (head, trade) pair once before any repeats: 40 × 12 names for the 400 demo firms
            head = NAME_HEADS[serial % len(NAME_HEADS)]
            trade, industry = TRADES[(serial // len(NAME_HEADS) + serial) % len(TRADES)]
            name = f"桂林{head}{trade}有限公司"
            enterprises.append(Enterprise(
                credit_code=make_credit_code(area.code or "450300", serial), name=name, name_initials=name_initials(name),
                area=area,
                founded_on=date(rng.randrange(1995, 2020), rng.randrange(1, 13), rng.randrange(1, 28)),
                industry=industry, contact_person=rng.choice(["黄", "韦", "莫", "覃", "蒋", "唐"]) + rng.choice(["经理", "主任"]),
                contact_phone=f"0773-{rng.randrange(2000000, 8999999)}",
            ))
    enterprises = bulk_create_with_history(enterprises, Enterprise, **history)
    enterprises = list(Enterprise.objects.filter(credit_code__in=[e.credit_code for e in enterprises]).order_by("pk"))

    for index, enterprise in enumerate(enterprises):
        level = levels_cycle[index % len(levels_cycle)]
        if level is not None:
            granted = date(rng.choice([2021, 2022, 2023, 2024]), rng.choice([6, 9, 12]), rng.choice([1, 15, 28]))
            if index == DEMO_FIRM_INDEX:
                granted = DEMO_FIRM_RECOGNISED_ON
            designations.append(Designation(
                enterprise=enterprise, level=level, granted_on=granted, valid_until=term_end(granted, 3),
                document_number=f"{'桂工信' if level != Level.MUNICIPAL else '市工信'}〔{granted.year}〕{10 + index}号",
                source=Designation.Source.IMPORT,
            ))
            if level in (Level.REGIONAL, Level.LITTLE_GIANT) and index % 2 == 0:
                # a climber: municipal first, then the higher title
                earlier = date(granted.year - 2, 3, 1)
                designations.append(Designation(
                    enterprise=enterprise, level=Level.MUNICIPAL, granted_on=earlier,
                    valid_until=term_end(earlier, 3), document_number=f"市工信〔{earlier.year}〕{index}号",
                    source=Designation.Source.IMPORT,
                ))
        for year, (output, tax) in _figures_for(rng, index).items():
            figures.append(AnnualFigures(
                enterprise=enterprise, year=year, output_value=output, tax_paid=tax,
                revenue=(output * Decimal("1.08")).quantize(Decimal("1")),
                rd_expense=(output * Decimal("0.045")).quantize(Decimal("1")),
                employees=rng.randrange(30, 600),
            ))
        if level in (None, Level.INNOVATIVE) and index % 2 == 1:
            pool.append(CultivationPoolEntry(
                area=enterprise.area, enterprise=enterprise,
                stage=rng.choice(list(CultivationPoolEntry.Stage)), since=date(2023, rng.randrange(1, 13), 1),
            ))
    bulk_create_with_history(designations, Designation, **history)
    bulk_create_with_history(figures, AnnualFigures, **history)
    bulk_create_with_history(pool, CultivationPoolEntry, **history)
    targets = [
        AreaTarget(area=area, year=year, new_municipal_target=3 if area.kind == Area.Kind.DISTRICT else 1)
        for area in areas for year in (2023, 2024, 2025, 2026)
    ]
    bulk_create_with_history(targets, AreaTarget, **history)
    return f"企业 {len(enterprises)} 家，认定 {len(designations)} 条，经营数据 {len(figures)} 条，培育库 {len(pool)} 家"


def seed_users(*, actor):
    """One demo user per role (README lists them). The enterprise user gets a municipal SRDI enterprise."""
    require_actor(actor)
    first = Enterprise.objects.filter(designations__level=Level.MUNICIPAL).order_by("pk").first()
    area = first.area if first else Area.objects.order_by("sort_order").first()
    created = []
    for username, role, last, given, binding in DEMO_USERS:
        if User.objects.filter(username=username).exists() or (binding == "enterprise" and first is None):
            continue
        create_account(
            actor=actor, username=username, password=DEMO_PASSWORD, role=role, last_name=last, first_name=given,
            enterprise=first if binding == "enterprise" else None, area=area if binding == "area" else None,
            email=f"{username}@demo.guilin.example",
        )
        created.append(username)
    return created
