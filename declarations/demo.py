"""Demo declarations: a handful of municipal SRDI applications at every review step (one on public notice, one
recognized) and annual figures reports, filed through the real services by one demo account per enterprise.
Idempotent: a second run adds nothing. `actor` (the demo's admin user, or audit.DEMO) creates the accounts."""

from datetime import timedelta
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db.models import Exists, OuterRef

from audit import person
from enterprises.models import Area, Designation, Enterprise, User
from enterprises.roles import Role
from enterprises.services import create_account
from policy.levels import WHITE_LIST_LEVELS, Level

from . import selectors, services
from .models import Attachment, Declaration
from .states import Action

DEMO_PASSWORD = "Guilin@2026"
ACCOUNT_PREFIX = "qiye-"

PRODUCTS = [
    ("高精度光学镜头", "安防与车载光学"), ("橡胶减震制品", "轨道交通减震"), ("罗汉果提取物", "天然甜味剂"),
    ("智能电能表", "电力计量"), ("数控刀具", "精密切削工具"), ("医用导管", "介入医疗器械"),
    ("工业机器人减速器", "精密传动"), ("特种电缆", "新能源汽车线束"),
]

# (area name, final step, note) — each on a different enterprise
PLAN = [
    ("秀峰区", "submitted", ""),
    ("秀峰区", "recommended", ""),
    ("秀峰区", "public_notice", ""),
    ("叠彩区", "returned", "近两年研发费用数据与审计报告不一致，请核对后补充上传审计报告。"),
    ("七星区", "draft", ""),
    ("象山区", "recognized", ""),
    ("七星区", "public_notice", ""),
    ("秀峰区", "annual_submitted", ""),
]

TINY_PDF = b"%PDF-1.4\n1 0 obj<< /Type /Catalog >>endobj\ntrailer<< /Root 1 0 R >>\n%%EOF\n"


def _candidates(area):
    """Enterprises of `area` without a valid municipal-or-higher title: the ones that would apply."""
    srdi = Designation.objects.filter(enterprise=OuterRef("pk"), level__in=WHITE_LIST_LEVELS)
    return Enterprise.objects.filter(area=area).exclude(Exists(srdi)).order_by("pk")


def _account(enterprise, actor):
    username = f"{ACCOUNT_PREFIX}{enterprise.pk}"
    user = User.objects.filter(username=username).first()
    return user or create_account(
        actor=actor, username=username, password=DEMO_PASSWORD, role=Role.ENTERPRISE, enterprise=enterprise,
        last_name=enterprise.contact_person[:1] or "黄", first_name="经理",
    )


def _stand_in(actor):
    """Who takes a county or bureau step no demo official covers: the actor when it is a person (the demo's admin),
    else the first admin account — a system actor holds no review role (declarations.services._role)."""
    return person(actor) or User.objects.filter(role=Role.ADMIN).order_by("pk").first() or actor


def _application_values(rng, year, index):
    product, niche = PRODUCTS[index % len(PRODUCTS)]
    revenue_last = Decimal(rng.randrange(30_000_000, 150_000_000))
    revenue_prev = (revenue_last * Decimal("0.86")).quantize(Decimal("1"))
    return {
        "contact_person": rng.choice(["黄伟", "韦丽", "莫涛", "覃敏", "蒋华"]),
        "contact_phone": f"0773-{rng.randrange(2000000, 8999999)}",
        "employees": rng.randrange(80, 520),
        "niche_field": niche, "years_in_niche": rng.randrange(4, 15), "main_product": product,
        "main_product_description": f"自主研发的{product}，核心工艺拥有自主知识产权，产品性能达到国内先进水平。",
        "main_product_revenue_share": Decimal(rng.randrange(55, 90)),
        "market_share": Decimal(rng.randrange(3, 20)),
        "market_description": "主要客户为国内行业龙头企业，产品销往华南、华东等地区，在细分领域排名全国前十。",
        "revenue_prev": revenue_prev, "revenue_last": revenue_last,
        "rd_expense_prev": (revenue_prev * Decimal("0.045")).quantize(Decimal("1")),
        "rd_expense_last": (revenue_last * Decimal("0.052")).quantize(Decimal("1")),
        "net_profit_prev": (revenue_prev * Decimal("0.08")).quantize(Decimal("1")),
        "net_profit_last": (revenue_last * Decimal("0.09")).quantize(Decimal("1")),
        "rd_staff": rng.randrange(12, 60),
        "rd_institution": rng.choice(["enterprise", "municipal", "provincial"]),
        "invention_patents": rng.randrange(2, 12), "utility_patents": rng.randrange(8, 40),
        "software_copyrights": rng.randrange(0, 10),
        "certifications": "ISO 9001 质量管理体系认证；ISO 14001 环境管理体系认证",
        "standards": "参与制定行业标准 1 项",
        "honours": "广西壮族自治区高新技术企业",
    }


def seed(*, actor, rng):
    if User.objects.filter(username__startswith=ACCOUNT_PREFIX).exists():
        return "申报演示数据已存在，跳过"
    today = selectors.today()
    year = today.year
    county = {u.area_id: u for u in User.objects.filter(role=Role.COUNTY).order_by("pk")}
    stand_in = _stand_in(actor)
    reviewer = User.objects.filter(role=Role.REVIEWER).order_by("pk").first() or stand_in
    used, counts = set(), {}
    for index, (area_name, step, note) in enumerate(PLAN):
        area = Area.objects.get(name=area_name)
        if step == "annual_submitted":
            # the firm the demo user `qiye` is bound to (enterprises.demo: the first municipal SRDI enterprise)
            enterprise = Enterprise.objects.filter(designations__level=Level.MUNICIPAL).order_by("pk").first()
        else:
            enterprise = _candidates(area).exclude(pk__in=used).first()
        if enterprise is None:
            continue
        used.add(enterprise.pk)
        user = _account(enterprise, actor)
        area = enterprise.area
        county_actor = county.get(area.pk) or stand_in
        if step == "annual_submitted":
            declaration = services.start_annual_report(actor=user, year=year - 1)
            output = Decimal(rng.randrange(30_000_000, 90_000_000))
            services.save_annual_report(actor=user, declaration=declaration, values={
                "output_value": output, "tax_paid": (output * Decimal("0.05")).quantize(Decimal("1")),
                "revenue": (output * Decimal("1.06")).quantize(Decimal("1")),
                "rd_expense": (output * Decimal("0.045")).quantize(Decimal("1")), "employees": rng.randrange(60, 400),
            })
            services.submit(actor=user, declaration=declaration)
            counts[step] = counts.get(step, 0) + 1
            continue
        declaration = services.start_application(actor=user, year=year)
        services.save_application(actor=user, declaration=declaration, values=_application_values(rng, year, index))
        if step == "draft":
            counts[step] = counts.get(step, 0) + 1
            continue
        for category, name in ((Attachment.Category.LICENCE, "营业执照副本.pdf"),
                               (Attachment.Category.FINANCIAL, f"{year - 1}年度财务审计报告.pdf")):
            services.add_attachment(actor=user, declaration=declaration, category=category,
                                    uploaded_file=SimpleUploadedFile(name, TINY_PDF, content_type="application/pdf"))
        services.submit(actor=user, declaration=declaration)
        if step == "returned":
            services.perform(actor=county_actor, declaration=declaration, action=Action.COUNTY_RETURN, comment=note)
        elif step != "submitted":
            services.perform(actor=county_actor, declaration=declaration, action=Action.COUNTY_RECOMMEND,
                             comment="材料齐全，符合申报条件，同意推荐。")
        if step == "public_notice":
            services.perform(actor=reviewer, declaration=declaration, action=Action.BUREAU_APPROVE,
                             expert_score=Decimal(rng.randrange(72, 92)), on=today - timedelta(days=2))
        elif step == "recognized":
            services.perform(actor=reviewer, declaration=declaration, action=Action.BUREAU_APPROVE,
                             expert_score=Decimal("86.5"), on=today - timedelta(days=40))
            services.perform(actor=reviewer, declaration=Declaration.objects.get(pk=declaration.pk),
                             action=Action.CONCLUDE_NOTICE, document_number=f"市工信认〔{year}〕3号",
                             document_date=today - timedelta(days=30), on=today - timedelta(days=30))
        counts[step] = counts.get(step, 0) + 1
    labels = {"draft": "草稿", "submitted": "待初审", "recommended": "待复审", "returned": "退回修改",
              "public_notice": "公示中", "recognized": "已认定", "annual_submitted": "经营数据待确认"}
    return "申报 " + "，".join(f"{labels[k]} {v} 件" for k, v in counts.items())
