"""Demo liaison data: officers for every area, assignments (one reassigned mid-year), visits, difficulties in every
state, support plans, two training events, service records, and the duty evaluated for the last two years.
Everything goes through the services, as the actor seed_demo names (audit.DEMO unless told otherwise); a second run
adds nothing."""

from datetime import date, timedelta

from django.utils import timezone

from audit import DEMO
from enterprises.demo import DEMO_PASSWORD
from enterprises.models import Area, Enterprise, User
from enterprises.roles import Role
from enterprises.selectors import white_list
from enterprises.services import create_account, record_designation
from policy.levels import RANK, WHITE_LIST_LEVELS, Level

from . import services, training_services
from .measures import Measure
from .models import Difficulty, LiaisonAssignment, ServiceRecord, Visit
from .workflow import DifficultyStatus, PlanItemStatus

OFFICER_SURNAMES = "黄韦莫覃蒋唐廖秦蓝龙潘罗陆梁卢石何苏邓"
OFFICER_GIVEN = "丽琳军强敏静涛婷勇霞峰燕鹏萍斌洁凯颖明"
DEMO_OFFICER_AREA = "秀峰区"
LIANLUO_ENTERPRISES = 10

DIFFICULTY_SAMPLES = [
    (Difficulty.Category.FINANCING, "流动资金贷款续贷困难", "原有 800 万元流动资金贷款年内到期，银行收紧授信，希望协调续贷并申请“桂惠贷”贴息。", "市金融办"),
    (Difficulty.Category.LABOUR, "数控技工招聘难", "扩产后缺少数控车床操作工 15 名，本地招聘周期长，希望对接职业院校订单培养。", "市人力资源社会保障局"),
    (Difficulty.Category.LAND, "二期厂房用地指标", "二期扩建需新增工业用地约 20 亩，希望协调园区用地指标和规划手续。", "市自然资源和规划局"),
    (Difficulty.Category.ENERGY, "迎峰度夏有序用电", "生产线连续作业，有序用电期间希望按白名单企业优先保障供电。", "广西电网桂林供电局"),
    (Difficulty.Category.MARKET, "参加广交会展位", "希望申请参加秋季广交会，争取展位补贴，拓展东盟市场。", "市商务局"),
    (Difficulty.Category.TECHNOLOGY, "关键工艺技术攻关", "高精度注塑模具寿命不足，希望对接桂林电子科技大学开展联合攻关。", "市科技局"),
    (Difficulty.Category.POLICY, "研发费用加计扣除政策辅导", "对研发费用归集口径把握不准，希望税务部门上门辅导。", "市税务局"),
    (Difficulty.Category.OTHER, "厂区道路交通组织", "厂区门口道路货车通行受限，影响原料运输，希望协调交通组织。", "市交通运输局"),
]
VISIT_NOTES = [
    "了解企业上半年生产经营情况，宣讲（四）成长奖励政策及申报要求。",
    "走访生产车间，听取企业扩产计划，登记企业用工需求。",
    "电话回访困难诉求办理进度，企业对协调结果表示满意。",
    "组织企业参加银企对接座谈，介绍“桂惠贷”贴息政策。",
    "协助企业梳理市级专精特新复核材料，提醒认定有效期。",
]


def _clamp(day):
    return min(day, timezone.localdate())


def _officers(actor, areas):
    """The demo officer `lianluo` for 秀峰区, and one more officer per other area."""
    officers = {}
    lianluo = User.objects.filter(username="lianluo").first()
    for index, area in enumerate(areas):
        if area.name == DEMO_OFFICER_AREA and lianluo is not None:
            officers[area.pk] = lianluo
            continue
        username = f"lianluo{index + 1:02d}"
        officer = User.objects.filter(username=username).first() or create_account(
            actor=actor, username=username, password=DEMO_PASSWORD, role=Role.LIAISON,
            last_name=OFFICER_SURNAMES[index % len(OFFICER_SURNAMES)],
            first_name=OFFICER_GIVEN[index % len(OFFICER_GIVEN)], email=f"{username}@demo.guilin.example",
        )
        officers[area.pk] = officer
    return officers


def _demo_enterprise():
    """The enterprise the demo enterprise user `qiye` is bound to (same choice as enterprises.demo.seed_users)."""
    return Enterprise.objects.filter(designations__level=Level.MUNICIPAL).order_by("pk").first()


def seed(*, actor=DEMO, rng):
    """`actor` authors every row: the user seed_demo passes, or audit.DEMO; never None (the services refuse it)."""
    if LiaisonAssignment.objects.exists():
        return "联络员演示数据已存在，跳过"
    areas = list(Area.objects.order_by("sort_order", "pk"))
    if not areas or not Enterprise.objects.exists():
        return "企业库为空，跳过联络员演示数据"
    today = timezone.localdate()
    officers = _officers(actor, areas)
    listed = {e.pk: e for e in white_list(today)}

    # Assignments: lianluo takes ~10 enterprises of 秀峰区 (the demo enterprise first); every other area's officer
    # takes its white-list enterprises except the last one, left for the county to assign.
    assignments = []
    xiufeng = next(a for a in areas if a.name == DEMO_OFFICER_AREA)
    demo_enterprise = _demo_enterprise()
    srdi_xiufeng = list(
        Enterprise.objects.filter(area=xiufeng, designations__level__in=WHITE_LIST_LEVELS).distinct().order_by("pk")
    )
    srdi_xiufeng.sort(key=lambda e: (e.pk != getattr(demo_enterprise, "pk", None), e.pk not in listed, e.pk))
    lianluo_firms = srdi_xiufeng[:LIANLUO_ENTERPRISES]
    renewed = _renew_lapsed_titles(actor, [e for e in lianluo_firms if e.pk not in listed])
    for index, enterprise in enumerate(lianluo_firms):
        started = date(2024, 1 + index % 6, 10)
        assignments.append(services.assign_officer(
            actor=actor, enterprise=enterprise, officer=officers[xiufeng.pk], started_on=started,
        ))
    for area in areas:
        if area.pk == xiufeng.pk:
            continue
        in_area = sorted((e for e in listed.values() if e.area_id == area.pk), key=lambda e: e.pk)
        for enterprise in in_area[:-1]:
            assignments.append(services.assign_officer(
                actor=actor, enterprise=enterprise, officer=officers[area.pk], started_on=date(2024, 3, 1),
            ))
    # One mid-year handover, to show the history: the second area's first firm passes to the third area's officer.
    handed = next((a for a in assignments if a.enterprise.area_id == areas[1].pk), None)
    if handed is not None and len(areas) > 2:
        services.assign_officer(
            actor=actor, enterprise=handed.enterprise, officer=officers[areas[2].pk], started_on=_clamp(date(2026, 7, 1)),
            note="原联络员工作调整，移交接续",
        )

    # Visits and difficulties.
    visits = difficulties = 0
    statuses = [DifficultyStatus.RESOLVED, DifficultyStatus.IN_PROGRESS, DifficultyStatus.OPEN,
                DifficultyStatus.ESCALATED, DifficultyStatus.RESOLVED]
    active = LiaisonAssignment.objects.filter(ended_on__isnull=True).select_related("enterprise", "officer").order_by("pk")
    for index, assignment in enumerate(active):
        enterprise, officer = assignment.enterprise, assignment.officer
        is_lianluo = officer.username == "lianluo"
        for n in range(3 if is_lianluo else 1):
            visited = _clamp(date(2026, 2 + (index + 3 * n) % 9, 5 + n * 7))
            services.log_visit(
                actor=actor, officer=officer, enterprise=enterprise, visited_on=visited,
                mode=list(Visit.Mode)[(index + n) % len(Visit.Mode)], content=VISIT_NOTES[(index + n) % len(VISIT_NOTES)],
                follow_up="跟进诉求办理情况" if n == 0 else "", follow_up_due=visited + timedelta(days=30) if n == 0 else None,
            )
            visits += 1
        # Most enterprises get a case this year; a few none (their officer has not met the duty yet).
        if not is_lianluo and index % 3 == 2:
            continue
        count = 2 if is_lianluo else 1
        for n in range(count):
            category, title, description, department = DIFFICULTY_SAMPLES[(index + n) % len(DIFFICULTY_SAMPLES)]
            status = statuses[(index + n) % len(statuses)] if is_lianluo else (
                DifficultyStatus.RESOLVED if index % 3 == 0 else DifficultyStatus.IN_PROGRESS)
            submitted = _clamp(date(2026, 1 + (index + n) % 8, 12))
            difficulty = services.submit_difficulty(
                actor=actor, enterprise=enterprise, title=title, description=description, category=category,
                department="" if n else department, submitted_on=submitted,
                source=Difficulty.Source.ENTERPRISE if n == 0 else Difficulty.Source.OFFICER,
            )
            _move(actor, difficulty, status, submitted, department, officer)
            difficulties += 1
        if is_lianluo and index % 2 == 0:  # resolved last year too: counts for 2025, not for 2026
            category, title, description, department = DIFFICULTY_SAMPLES[(index + 5) % len(DIFFICULTY_SAMPLES)]
            difficulty = services.submit_difficulty(
                actor=actor, enterprise=enterprise, title=title, description=description, category=category,
                department=department, submitted_on=date(2025, 9, 3), source=Difficulty.Source.OFFICER,
            )
            _move(actor, difficulty, DifficultyStatus.RESOLVED, date(2025, 9, 3), department, officer)
            difficulties += 1

    plans = _support_plans(actor, lianluo_firms[:3])
    events, attendances = _training(actor, rng, listed)
    records = _service_records(actor, lianluo_firms)
    for year in (today.year - 1, today.year):
        services.evaluate_duty(year=year, actor=actor)
    return (f"复核续期 {renewed} 家，联络员 {len(officers)} 名，指派 {LiaisonAssignment.objects.count()} 条，走访 {visits} 次，"
            f"困难诉求 {difficulties} 项，一企一策 {plans} 份，培训 {events} 期（参训 {attendances} 家次），"
            f"服务记录 {records} 条")


def _renew_lapsed_titles(actor, enterprises):
    """The demo officer's firms whose title lapsed pass their review (复核) in 2025, so they are back on the white list."""
    granted_on = _clamp(date(2025, 6, 20))
    for index, enterprise in enumerate(enterprises):
        level = max(
            (d.level for d in enterprise.designations.filter(level__in=WHITE_LIST_LEVELS)),
            key=lambda value: RANK[Level(value)], default=Level.MUNICIPAL,
        )
        prefix = "市工信" if level == Level.MUNICIPAL else "桂工信"
        record_designation(actor=actor, enterprise=enterprise, level=level, granted_on=granted_on,
                           document_number=f"{prefix}〔{granted_on.year}〕复核{index + 1}号")
    return len(enterprises)


def _move(actor, difficulty, status, submitted, department, officer):
    """Walk a new case along the flow to `status`, a few weeks apart."""
    accepted = _clamp(submitted + timedelta(days=3))
    if status == DifficultyStatus.OPEN:
        return
    difficulty = services.transition_difficulty(
        actor=actor, difficulty=difficulty, to_status=DifficultyStatus.IN_PROGRESS, on=accepted,
        note=f"联络员{officer.last_name}{officer.first_name}已受理，正在协调",
    )
    if status == DifficultyStatus.ESCALATED:
        services.transition_difficulty(
            actor=actor, difficulty=difficulty, to_status=DifficultyStatus.ESCALATED, on=_clamp(accepted + timedelta(days=10)),
            department=department or "市工业和信息化局", note="县级层面难以解决，提请市级部门协调",
        )
    elif status == DifficultyStatus.RESOLVED:
        services.transition_difficulty(
            actor=actor, difficulty=difficulty, to_status=DifficultyStatus.RESOLVED, on=_clamp(accepted + timedelta(days=21)),
            resolution=f"经协调{department or '有关部门'}，问题已解决，企业确认满意。",
        )


def _support_plans(actor, enterprises):
    year = timezone.localdate().year
    items = [
        (Measure.FAST_GROWTH, "辅导企业申报成长奖励，核对产值、纳税数据", "县工信局企业股", date(year, 4, 30), PlanItemStatus.DONE),
        (Measure.CREDIT, "推荐纳入“桂惠贷”名单推送，对接 2 家合作银行", "市金融办", date(year, 6, 30), PlanItemStatus.IN_PROGRESS),
        (Measure.TALENT_TRAINING, "安排 2 名经营管理人员参加专精特新企业家培训", "联络员", date(year, 9, 30), PlanItemStatus.PLANNED),
        (Measure.INDUSTRY_ACADEMIA, "对接高校开展关键工艺联合攻关", "市科技局", date(year, 12, 15), PlanItemStatus.PLANNED),
    ]
    for enterprise in enterprises:
        plan = services.save_support_plan(
            actor=actor, enterprise=enterprise, year=year,
            summary="围绕企业扩产和申报自治区级专精特新，做好融资、人才和技术攻关服务。",
        )
        for measure, action, owner, due_on, status in items:
            services.add_plan_item(actor=actor, plan=plan, measure=measure, action=action, owner=owner, due_on=due_on,
                                   status=status)
    return len(enterprises)


def _training(actor, rng, listed):
    year = timezone.localdate().year
    events = [
        training_services.record_training_event(
            actor=actor, title=f"{year - 1} 年桂林市“专精特新”企业经营管理人才培训班", held_on=date(year - 1, 10, 20),
            days=3, venue="桂林市工业和信息化局培训中心", description="政策解读、企业战略、精益管理、资本市场对接。",
        ),
        training_services.record_training_event(
            actor=actor, title=f"{year} 年“专精特新”中小企业高质量发展研修班", held_on=_clamp(date(year, 5, 18)),
            days=2, venue="桂林电子科技大学（花江校区）", description="数字化转型、知识产权、北交所上市辅导。",
        ),
    ]
    attendances = 0
    firms = sorted(listed.values(), key=lambda e: e.pk)
    for event_index, event in enumerate(events):
        for index, enterprise in enumerate(firms):
            if (index + event_index) % 3 == 0:
                continue  # not every SRDI enterprise has been reached yet: coverage stays below 100%
            training_services.record_attendance(actor=actor, event=event, enterprise=enterprise, managers=rng.randrange(1, 4))
            attendances += 1
    return len(events), attendances


def _service_records(actor, enterprises):
    samples = [
        ("桂林市中小企业公共服务示范平台", ServiceRecord.Category.POLICY, "上门开展惠企政策解读，讲解专精特新复核要点。"),
        ("桂林国家高新区小微企业创业创新示范基地", ServiceRecord.Category.IP, "协助企业完成 3 项发明专利申请的布局分析。"),
        ("桂林市中小企业公共服务示范平台", ServiceRecord.Category.DIGITAL, "开展数字化转型诊断，出具诊断报告。"),
    ]
    count = 0
    for index, enterprise in enumerate(enterprises[:6]):
        provider, category, content = samples[index % len(samples)]
        training_services.record_service(actor=actor, enterprise=enterprise, provider=provider, category=category,
                                served_on=_clamp(date(2026, 3 + index, 16)), content=content)
        count += 1
    return count
