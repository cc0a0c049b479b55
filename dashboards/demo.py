"""Demo for the quota dashboards: the bureau's baseline in the policy record, renewals of titles that expired
(复核), and the latest two years' municipal recognitions, so that the current year shows leaders and laggards.
Runs after the registry demo; idempotent (a second run adds nothing)."""

from datetime import date, timedelta

from django.db.models import Exists, OuterRef

from enterprises import services
from enterprises.models import Area, Designation, Enterprise
from policy.levels import WHITE_LIST_LEVELS, Level
from policy.services import save_policy_record

from . import selectors

MARKER = "桂市工信〔"  # 桂林市工业和信息化局: the document prefix only this demo uses
BASELINE_DATE = date(2022, 12, 31)


def seed(*, actor, rng):
    if Designation.objects.filter(document_number__startswith=MARKER).exists():
        return "指标看板演示数据已存在，跳过"
    if not Enterprise.objects.exists():
        return "企业库为空，跳过"
    renewed = _renew_expiring(actor=actor, rng=rng)
    recognised = _recent_recognitions(actor=actor, rng=rng)
    baseline = _baseline(actor=actor)
    return f"复核续期 {renewed} 条，{'、'.join(f'{y} 年新认定 {n} 家' for y, n in recognised.items())}；{baseline}"


def _renew_expiring(*, actor, rng):
    """About three in four SRDI titles that lapse in 2025–2026 pass review and are granted again."""
    count = 0
    renewed_since = Designation.objects.filter(
        enterprise=OuterRef("enterprise"), level=OuterRef("level"), granted_on__gt=OuterRef("granted_on"),
    )
    lapsing = Designation.objects.filter(level__in=WHITE_LIST_LEVELS, valid_until__year__in=(2025, 2026)) \
        .exclude(Exists(renewed_since)).select_related("enterprise").order_by("pk")
    for designation in lapsing:
        renewal_day = designation.valid_until + timedelta(days=1)
        if rng.random() < 0.75 and renewal_day <= date(2026, 10, 31):
            services.record_designation(
                actor=actor, enterprise=designation.enterprise, level=designation.level, granted_on=renewal_day,
                document_number=f"{'桂市工信' if designation.level == Level.MUNICIPAL else '桂工信'}〔{renewal_day.year}〕复{designation.pk}号",
                source=Designation.Source.IMPORT,
            )
            count += 1
    return count


def _recent_recognitions(*, actor, rng):
    """Municipal recognition batches of 2025 (June, December) and 2026 (June): some areas ahead, some behind."""
    recognised = {2025: 0, 2026: 0}
    ever_municipal = set(Designation.objects.filter(level=Level.MUNICIPAL).values_list("enterprise_id", flat=True))
    for index, area in enumerate(Area.objects.order_by("sort_order", "pk")):
        candidates = list(Enterprise.objects.filter(area=area).exclude(pk__in=ever_municipal).order_by("pk"))
        quota = 3 if area.kind == Area.Kind.DISTRICT else 1
        plan = {2025: quota + rng.choice([-1, 0, 0, 1]), 2026: max(0, quota - (index % 3 == 1) - (index % 5 == 2))}
        for year, wanted in plan.items():
            for n in range(max(0, wanted)):
                if not candidates:
                    break
                enterprise = candidates.pop(0)
                granted = date(year, 6, 28) if year == 2026 or n % 2 == 0 else date(year, 12, 15)
                services.record_designation(
                    actor=actor, enterprise=enterprise, level=Level.MUNICIPAL, granted_on=granted,
                    document_number=f"桂市工信〔{year}〕{40 + index * 4 + n}号", source=Designation.Source.RECOGNITION,
                )
                recognised[year] += 1
    return recognised


def _baseline(*, actor):
    """The bureau's baseline (二): the registry's SRDI count and output at the end of 2022, if none is entered."""
    policy = selectors.policy_on(BASELINE_DATE)
    if policy is None or policy.baseline_date:
        return "政策基数已录入，未改动"
    count = sum(row["baseline"] for row in selectors.srdi_count_by_area({"baseline": BASELINE_DATE}).values())
    output = sum((v for v, _ in selectors.srdi_output_by_area({2022: BASELINE_DATE}).values()), start=0)
    policy.baseline_date, policy.baseline_srdi_count, policy.baseline_output_value = BASELINE_DATE, count, output
    save_policy_record(actor=actor, record=policy)
    return f"基数（{BASELINE_DATE:%Y-%m-%d}）：专精特新企业 {count} 家"
