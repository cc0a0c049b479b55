"""Reads of the talent records, scoped and joined, each in a fixed number of queries; and what the pages that
gather (dashboards, the one-firm file, the measure workbooks) take from this app: reach_sources, firm_file_tables
and workbook_sheets."""

from dataclasses import dataclass, field

from django.db.models import Count, Q, Sum

from enterprises.filings import FilingState, counted
from enterprises.reach import ReachSource
from enterprises.record_tables import RecordTable
from enterprises.roles import CITY_WIDE_ROLES, Role
from enterprises.scoping import scope
from enterprises.selectors import srdi_in_year

from .models import Talent, TalentLevel, TalentNeed

NEEDS_MEASURE = 16  # (十六) 优化企业人才培训模式：急需紧缺人才需求
TALENTS_MEASURE = 17  # (十七) 激励高端人才落户桂林
NAMES_HIDDEN = "姓名仅对市工业和信息化局系统管理员和企业本身可见"
NO_EDUCATION = "未注明"
DIRECTORY_HEADERS = ["专业方向", "需求人数（人）", "提出需求企业（家）", "学历要求分布"]


# ---- plain scoped reads (pages, admin) --------------------------------------------------------------------------

def needs_for(user):
    return scope(TalentNeed.objects.select_related("enterprise", "enterprise__area"), user, via="enterprise")


def own_needs(user):
    """An enterprise user's own needs, newest year first; nobody else's (an official gets none here)."""
    if getattr(user, "role", None) != Role.ENTERPRISE or not user.enterprise_id:
        return TalentNeed.objects.none()
    return TalentNeed.objects.filter(enterprise_id=user.enterprise_id).order_by("-year", "position", "pk")


def own_need(user, pk):
    """One of the enterprise's own needs; TalentNeed.DoesNotExist (→ 404) for anyone else's."""
    return own_needs(user).get(pk=pk)


def own_talents(user):
    """(十七) The enterprise's own recognised talents, names included: it is the enterprise itself."""
    if getattr(user, "role", None) != Role.ENTERPRISE or not user.enterprise_id:
        return Talent.objects.none()
    return Talent.objects.filter(enterprise_id=user.enterprise_id).order_by("-recognised_on", "name", "pk")


def sees_talent_names(user, enterprise=None):
    """(十七) Names are personal data: the bureau's system administrators, and the enterprise itself."""
    if not user or not user.is_authenticated:
        return False
    if user.is_superuser or user.role == Role.ADMIN:
        return True
    return enterprise is not None and user.role == Role.ENTERPRISE and user.enterprise_id == enterprise.pk


def directory_area_ids(user):
    """The areas whose needs `user` may see in the directory: None for the whole city, else a county's own."""
    if user.is_superuser or user.role in CITY_WIDE_ROLES:
        return None
    if user.role == Role.COUNTY and user.area_id:
        return [user.area_id]
    return []


# ---- the SRDI enterprises of a year ----------------------------------------------------------------------------

def _srdi_on(year):
    """The enterprise of the row (`enterprise` FK) was on the white list on the year's reference day."""
    return srdi_in_year(year, "enterprise")


def counted_needs(year, area_ids=None):
    """(十六) The needs of `year` that count (confirmed), of enterprises on the white list, in `area_ids`."""
    queryset = counted(TalentNeed.objects.filter(year=year)).filter(_srdi_on(year))
    if area_ids is not None:
        queryset = queryset.filter(enterprise__area_id__in=list(area_ids))
    return queryset


def talents_recognised(year, area_ids=None):
    """(十七) The talents recognised in `year` at enterprises on the white list, in `area_ids`."""
    queryset = Talent.objects.filter(recognised_on__year=year).filter(_srdi_on(year))
    if area_ids is not None:
        queryset = queryset.filter(enterprise__area_id__in=list(area_ids))
    return queryset


# ---- (十六) 急需紧缺人才需求目录 ---------------------------------------------------------------------------------

@dataclass
class DirectoryRow:
    specialty: str
    headcount: int
    enterprises: int
    education: list = field(default_factory=list)  # (学历要求 or 未注明, headcount), most wanted first

    @property
    def education_text(self):
        return "、".join(f"{label} {count} 人" for label, count in self.education)


@dataclass
class Directory:
    year: int
    rows: list
    headcount: int = 0
    enterprises: int = 0

    def table(self, title="急需紧缺人才需求目录"):
        return RecordTable(
            title=title, headers=DIRECTORY_HEADERS,
            rows=[[row.specialty, row.headcount, row.enterprises, row.education_text] for row in self.rows],
            note=f"{self.year} 年 · 专精特新（白名单）企业已确认的人才需求，共 {self.headcount} 人、{self.enterprises} 家企业",
        )


def talent_directory(year, area_ids=None) -> Directory:
    """(十六) The year's needs summed by 专业方向 across SRDI enterprises: people, enterprises asking, and the
    education asked for. Three queries, whatever the number of needs."""
    needs = counted_needs(year, area_ids).order_by()
    by_specialty = (
        needs.values("specialty")
        .annotate(people=Sum("headcount"), firms=Count("enterprise", distinct=True))
        .order_by("-people", "specialty")
    )
    rows = {r["specialty"]: DirectoryRow(r["specialty"], r["people"], r["firms"]) for r in by_specialty}
    for r in needs.values("specialty", "education").annotate(people=Sum("headcount")).order_by("-people", "education"):
        rows[r["specialty"]].education.append((r["education"] or NO_EDUCATION, r["people"]))
    totals = needs.aggregate(people=Sum("headcount"), firms=Count("enterprise", distinct=True))
    return Directory(year=year, rows=list(rows.values()), headcount=totals["people"] or 0,
                     enterprises=totals["firms"] or 0)


# ---- what the pages that gather take from here ----------------------------------------------------------------

def reach_sources():
    return [
        ReachSource(measure=NEEDS_MEASURE, label="提交人才需求", bureau="市教育局、市人力资源社会保障局",
                    reached=lambda year: counted(TalentNeed.objects.filter(year=year))),
        ReachSource(measure=TALENTS_MEASURE, label="引进高层次人才", bureau="市委人才办",
                    reached=lambda year: Talent.objects.filter(recognised_on__year=year)),
    ]


def _need_rows(enterprise, user):
    needs = TalentNeed.objects.filter(enterprise=enterprise).order_by("-year", "position", "pk")
    if not (user.role == Role.ENTERPRISE and user.enterprise_id == enterprise.pk):
        needs = needs.exclude(filing_state=FilingState.DRAFT)  # a draft is the enterprise's own unfinished work
    # the year as text: a page shows a whole number with thousands separators
    return [[str(n.year), n.position, n.specialty, n.headcount, n.education, n.get_filing_state_display()]
            for n in needs]


def _talent_table(enterprise, user):
    title = "（十七）高层次人才"
    if sees_talent_names(user, enterprise):
        talents = Talent.objects.filter(enterprise=enterprise).order_by("-recognised_on", "name", "pk")
        return RecordTable(title=title, headers=["姓名", "人才层次", "认定日期", "认定文号"], rows=[
            [t.name, t.get_level_display(), t.recognised_on, t.document_number] for t in talents
        ])
    counts = (Talent.objects.filter(enterprise=enterprise).order_by().values("level")
              .annotate(people=Count("pk"))).values_list("level", "people")
    by_level = dict(counts)
    rows = [[level.label, by_level[level.value]] for level in TalentLevel if by_level.get(level.value)]
    return RecordTable(title=title, headers=["人才层次", "人数（人）"], rows=rows, note=NAMES_HIDDEN)


def firm_file_tables(enterprise, user):
    """The enterprise's talent needs (十六) and talents (十七) for its one-firm-one-file, newest first; talents'
    names only for the administrators and the enterprise itself, counts by 人才层次 for everyone else. 2 queries."""
    return [
        RecordTable(title="（十六）人才需求", headers=["年度", "岗位", "专业方向", "需求人数（人）", "学历要求", "填报状态"],
                    rows=_need_rows(enterprise, user)),
        _talent_table(enterprise, user),
    ]


def _needs_sheets(year, area_ids):
    needs = (counted_needs(year, area_ids).select_related("enterprise__area")
             .order_by("enterprise__area__sort_order", "enterprise__name", "position", "pk"))
    detail = RecordTable(
        title="人才需求明细",
        headers=["企业名称", "统一社会信用代码", "所属区域", "岗位", "专业方向", "需求人数（人）", "学历要求"],
        rows=[[n.enterprise.name, n.enterprise.credit_code, n.enterprise.area.name, n.position, n.specialty,
               n.headcount, n.education] for n in needs],
    )
    return [talent_directory(year, area_ids).table(), detail]


LEVEL_HEADERS = [f"{level.label}（人）" for level in TalentLevel]


def _talents_sheets(year, area_ids):
    """(十七) For 市委人才办: per enterprise and level, and per area — counts only, never names."""
    per_level = {f"n_{level.value}": Count("pk", filter=Q(level=level.value)) for level in TalentLevel}
    rows = (
        talents_recognised(year, area_ids).order_by()
        .values("enterprise__name", "enterprise__credit_code", "enterprise__area__name", "enterprise__area__sort_order")
        .annotate(**per_level, total=Count("pk"))
        .order_by("enterprise__area__sort_order", "enterprise__name")
    )
    firms, areas = [], {}
    for r in rows:
        counts = [r[f"n_{level.value}"] for level in TalentLevel]
        firms.append([r["enterprise__name"], r["enterprise__credit_code"], r["enterprise__area__name"], *counts,
                      r["total"]])
        area = areas.setdefault(r["enterprise__area__name"], [r["enterprise__area__name"], 0, *[0] * len(counts), 0])
        area[1] += 1
        for index, count in enumerate([*counts, r["total"]], start=2):
            area[index] += count
    return [
        RecordTable(title="引进高层次人才企业", headers=["企业名称", "统一社会信用代码", "所属区域", *LEVEL_HEADERS,
                                                "合计（人）"], rows=firms, note=NAMES_HIDDEN),
        RecordTable(title="按区域汇总", headers=["所属区域", "企业（家）", *LEVEL_HEADERS, "合计（人）"],
                    rows=list(areas.values())),
    ]


def workbook_sheets():
    """{measure: sheets(year, area_ids)}: (十六) for 市教育局 and 市人社局, (十七) for 市委人才办."""
    return {NEEDS_MEASURE: _needs_sheets, TALENTS_MEASURE: _talents_sheets}
