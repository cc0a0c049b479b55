"""Demo talent data: (十六) needs of about 40% of the SRDI enterprises for last year and this year (most confirmed;
this year's of the firms with a demo account are filed in their portal: drafts, submitted, confirmed by the county
or returned), and (十七) about 15 recognised high-level talents. Everything through the services; a second run
adds nothing. Seeded last: the white list is then complete, and the demo user's firm is the one seed_demo binds."""

from datetime import date, timedelta

from enterprises.filing_services import confirm_filing, return_filing, save_filing_draft, submit_filing
from enterprises.models import Enterprise, User
from enterprises.roles import Role
from enterprises.selectors import today, white_list
from policy.levels import Level

from . import services
from .models import Talent, TalentLevel, TalentNeed

SHARE_WITH_NEEDS = 0.4
TALENTS = 15
# (岗位, 专业方向, 学历要求) as Guilin's machinery, electronics, pharmaceutical and materials firms write them
NEEDS = [
    ("机械设计工程师", "机械设计制造及其自动化", "本科"),
    ("数控加工技师", "机械设计制造及其自动化", "大专"),
    ("嵌入式软件工程师", "电子信息工程", "本科"),
    ("硬件研发工程师", "电子信息工程", "硕士研究生"),
    ("制剂研发研究员", "生物制药", "硕士研究生"),
    ("药品质量检验员", "生物制药", "大专"),
    ("软件开发工程师", "软件工程", "本科"),
    ("工业互联网平台工程师", "软件工程", ""),
    ("模具工艺工程师", "材料成型及控制工程", "本科"),
    ("压铸成型技术员", "材料成型及控制工程", "大专"),
    ("电气设计工程师", "电气工程及其自动化", "本科"),
    ("自动化产线调试工程师", "电气工程及其自动化", ""),
]
SURNAMES = "李王张刘陈杨黄赵周吴徐孙朱马胡郭林何高罗"
GIVEN_NAMES = ["建华", "晓东", "志强", "丽娟", "海涛", "文静", "国平", "雪梅", "振宇", "婷婷", "宏伟", "思远", "佳怡",
               "永明", "春燕", "子豪", "秀英", "俊杰"]
LEVEL_WEIGHTS = [TalentLevel.B] + [TalentLevel.C] * 3 + [TalentLevel.D] * 5 + [TalentLevel.E] * 5
RETURN_REASON = "岗位名称过于笼统，请写明具体岗位（如“数控车床操作工”），并核实需求人数。"
# this year's needs of a firm with an account go through its own filing: how far each one got, in turn
FILING_STEPS = ["draft", "submitted", "returned", "confirmed", "confirmed", "submitted", "confirmed"]


def seed(*, actor, rng):
    if TalentNeed.objects.exists() or Talent.objects.exists():
        return "人才支持演示数据已存在，跳过（新建 0 条）"
    firms = list(white_list().order_by("pk"))
    if not firms:
        return "暂无专精特新企业，跳过人才支持演示数据（新建 0 条）"
    now = today()
    accounts = {u.enterprise_id: u for u in User.objects.filter(role=Role.ENTERPRISE, enterprise__isnull=False,
                                                               is_active=True).order_by("pk")}
    counties = {u.area_id: u for u in User.objects.filter(role=Role.COUNTY).order_by("pk")}
    # The firms with a demo account file this year's needs in their portal, the demo user's firm first (so that
    # `qiye` sees a draft, a submitted and a returned need); about 40% of the SRDI enterprises have needs.
    filing = sorted(Enterprise.objects.filter(pk__in=accounts), key=lambda e: (e.pk != _demo_user_firm_id(), e.pk))
    chosen = filing + [f for f in rng.sample(firms, round(len(firms) * SHARE_WITH_NEEDS)) if f.pk not in accounts]
    needs, steps = 0, iter(FILING_STEPS * 3 * len(chosen))
    for firm in chosen:
        for year in (now.year - 1, now.year):
            user = accounts.get(firm.pk) if year == now.year else None
            count = 3 if user is not None and firm.pk == _demo_user_firm_id() else rng.randint(1, 3)
            for position, specialty, education in rng.sample(NEEDS, count):
                need = TalentNeed(enterprise=firm, year=year, position=position, specialty=specialty,
                                  headcount=rng.choice([1, 2, 2, 3, 3, 5, 8, 10]), education=education)
                if user is not None:
                    _file(user, counties.get(firm.area_id) or actor, need, next(steps))
                else:
                    services.save_need(actor=actor, need=need)
                needs += 1
    talents = _seed_talents(actor, rng, firms, now)
    return f"人才需求新建 {needs} 条（{len(chosen)} 家企业），高层次人才新建 {talents} 名"


def _demo_user_firm_id():
    """The firm the demo enterprise user `qiye` is bound to (the first municipal SRDI enterprise, as seed_demo)."""
    return (Enterprise.objects.filter(designations__level=Level.MUNICIPAL).order_by("pk")
            .values_list("pk", flat=True).first())


def _file(user, county, need, step):
    need = save_filing_draft(actor=user, record=need)
    if step == "draft":
        return
    need = submit_filing(actor=user, record=need)
    if step == "confirmed":
        confirm_filing(actor=county, record=need)
    elif step == "returned":
        return_filing(actor=county, record=need, reason=RETURN_REASON)


def _seed_talents(actor, rng, firms, now):
    created, used = 0, set()
    start = date(now.year - 2, 1, 1)
    span = (now - start).days
    for index in range(TALENTS):
        name = f"{SURNAMES[index % len(SURNAMES)]}{rng.choice(GIVEN_NAMES)}"
        firm = rng.choice(firms)
        recognised_on = start + timedelta(days=rng.randrange(span + 1))
        if (firm.pk, name, recognised_on) in used:
            continue
        used.add((firm.pk, name, recognised_on))
        services.save_talent(actor=actor, talent=Talent(
            enterprise=firm, name=name, level=rng.choice(LEVEL_WEIGHTS), recognised_on=recognised_on,
            document_number=f"桂人才认〔{recognised_on.year}〕{rng.randint(3, 60)}号",
        ))
        created += 1
    return created
