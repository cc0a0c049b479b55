"""Reads of the markets records: an enterprise's own filings, the reach of 六/十五/十八, the one-firm file's
tables and each measure's workbook for its bureau. Each a constant number of queries."""

from datetime import date

from django.db.models import Count, Sum

from enterprises.filings import FilingState, counted
from enterprises.models import Area
from enterprises.reach import ReachSource
from enterprises.record_tables import RecordTable
from enterprises.roles import Role
from enterprises.scoping import scope
from enterprises.selectors import srdi_in_year

from .models import FairParticipation, Honour, LogisticsSupport, OnlineSales

LOGISTICS_BUREAU = "市商务局、市交通运输局"  # (六)
QUALITY_BUREAU = "市市场监管局"  # (十五)
MARKETS_BUREAU = "市商务局"  # (十八)
ENTERPRISE_HEADERS = ["企业名称", "统一社会信用代码", "所属区域"]
SRDI_NOTE = "仅列出当年参考日（12 月 31 日，当年为今天）持有有效市级及以上专精特新认定的企业；企业自行填报的记录经县（市、区）确认后计入。"


def _year_range(year):
    return date(year, 1, 1), date(year, 12, 31)


# -- the enterprise's own filings -------------------------------------------------------------------------------

def own_records(user, model):
    """The records of `model` the enterprise user filed or was credited with, newest first."""
    return model.objects.filter(enterprise_id=user.enterprise_id) if user.enterprise_id else model.objects.none()


def own_record(user, model, pk):
    """One of the enterprise's own records; DoesNotExist for another enterprise's (the page answers 404)."""
    return own_records(user, model).get(pk=pk)


# -- reach (enterprises.reach) ----------------------------------------------------------------------------------

def logistics_reached(year):
    return LogisticsSupport.objects.filter(year=year)


def honours_reached(year):
    return counted(Honour.objects.filter(granted_on__range=_year_range(year)))


def fairs_reached(year):
    return counted(FairParticipation.objects.filter(starts_on__range=_year_range(year)))


def online_sales_reached(year):
    return counted(OnlineSales.objects.filter(year=year))


def reach_sources():
    return [
        ReachSource(6, "获得物流降本支持", LOGISTICS_BUREAU, logistics_reached),
        ReachSource(15, "获得质量品牌荣誉", QUALITY_BUREAU, honours_reached),
        ReachSource(18, "参加展会", MARKETS_BUREAU, fairs_reached),
        ReachSource(18, "开展网络销售", MARKETS_BUREAU, online_sales_reached),
    ]


# -- the one-firm-one-file --------------------------------------------------------------------------------------

def firm_file_tables(enterprise, user):
    """The enterprise's markets records for its one-firm file, newest first: one query per table. Drafts are the
    enterprise's own work in progress, shown to the enterprise only."""
    is_own = getattr(user, "role", None) == Role.ENTERPRISE and user.enterprise_id == enterprise.pk

    def mine(model):
        queryset = scope(model.objects.filter(enterprise_id=enterprise.pk), user, via="enterprise")
        if model is not LogisticsSupport and not is_own:
            queryset = queryset.exclude(filing_state=FilingState.DRAFT)
        return queryset

    note = "" if is_own else "企业尚未提交的草稿不在此列出；“已确认”的记录计入各项措施的覆盖率。"
    return [
        RecordTable("（六）物流降本支持", ["年度", "支持方式", "降低物流成本（万元）"], [
            [r.year, r.get_mode_display(), r.cost_saved_wan] for r in mine(LogisticsSupport)
        ]),
        RecordTable("（十五）质量品牌荣誉", ["类别", "名称", "级别", "获得日期", "文号", "填报状态"], [
            [r.get_category_display(), r.name, r.get_level_display(), r.granted_on, r.document_number,
             r.get_filing_state_display()] for r in mine(Honour)
        ], note),
        RecordTable("（十八）参加展会", ["展会名称", "举办地", "开始日期", "结束日期", "意向成交额（万元）", "填报状态"], [
            [r.fair_name, r.venue, r.starts_on, r.ends_on, r.intended_deals_wan, r.get_filing_state_display()]
            for r in mine(FairParticipation)
        ], note),
        RecordTable("（十八）网络销售", ["年度", "平台", "网络销售额（万元）", "是否跨境", "填报状态"], [
            [r.year, r.platform, r.sales_wan, "是" if r.cross_border else "否", r.get_filing_state_display()]
            for r in mine(OnlineSales)
        ], note),
    ]


# -- the measures' workbooks ------------------------------------------------------------------------------------

def _srdi_reached(queryset, year, area_ids):
    """`queryset`'s rows of SRDI (white-list) enterprises on the year's reference day, within `area_ids`."""
    queryset = queryset.filter(srdi_in_year(year, "enterprise")).select_related("enterprise__area")
    if area_ids is not None:
        queryset = queryset.filter(enterprise__area_id__in=list(area_ids))
    return queryset.order_by("enterprise__area__sort_order", "enterprise__name", "pk")


def _firm(record):
    enterprise = record.enterprise
    return [enterprise.name, enterprise.credit_code, enterprise.area.name]


def _areas(area_ids):
    areas = Area.objects.order_by("sort_order", "pk")
    return list(areas if area_ids is None else areas.filter(pk__in=list(area_ids)))


def _per_area(queryset, **aggregates):
    """{area id: {aggregate: value}} of `queryset` grouped by the enterprise's area."""
    rows = queryset.order_by().values("enterprise__area_id").annotate(**aggregates)
    return {row.pop("enterprise__area_id"): row for row in rows}


def _summary(title, headers, areas, columns):
    """A sheet with one row per area and a total row; each of `columns` is (a `_per_area` answer, its key)."""
    rows, totals = [], [0] * len(columns)
    for area in areas:
        values = [(source.get(area.pk) or {}).get(key) or 0 for source, key in columns]
        totals = [total + value for total, value in zip(totals, values, strict=True)]
        rows.append([area.name, *values])
    rows.append(["合计", *totals])
    return RecordTable(title, headers, rows)


def logistics_sheets(year, area_ids=None):
    """(六) for 市商务局 and 市交通运输局: each SRDI enterprise's logistics support of the year, and per area."""
    records = _srdi_reached(logistics_reached(year), year, area_ids)
    detail = RecordTable("物流降本支持明细", [*ENTERPRISE_HEADERS, "年度", "支持方式", "降低物流成本（万元）"], [
        [*_firm(r), r.year, r.get_mode_display(), r.cost_saved_wan] for r in records
    ], SRDI_NOTE)
    by_area = _per_area(records, firms=Count("enterprise", distinct=True), saved=Sum("cost_saved_wan"))
    summary = _summary("分区域汇总", ["所属区域", "获得支持企业（家）", "降低物流成本（万元）"], _areas(area_ids),
                       [(by_area, "firms"), (by_area, "saved")])
    return [detail, summary]


def honour_sheets(year, area_ids=None):
    """(十五) for 市市场监管局: the honours SRDI enterprises obtained in the year, and per area."""
    records = _srdi_reached(honours_reached(year), year, area_ids)
    detail = RecordTable("质量品牌荣誉明细", [*ENTERPRISE_HEADERS, "类别", "名称", "级别", "获得日期", "文号"], [
        [*_firm(r), r.get_category_display(), r.name, r.get_level_display(), r.granted_on, r.document_number]
        for r in records
    ], SRDI_NOTE)
    by_area = _per_area(records, firms=Count("enterprise", distinct=True), honours=Count("pk"))
    summary = _summary("分区域汇总", ["所属区域", "获得荣誉企业（家）", "荣誉（项）"], _areas(area_ids),
                       [(by_area, "firms"), (by_area, "honours")])
    return [detail, summary]


def market_sheets(year, area_ids=None):
    """(十八) for 市商务局: fairs SRDI enterprises attended and their online sales in the year, and per area."""
    fairs = _srdi_reached(fairs_reached(year), year, area_ids)
    sales = _srdi_reached(online_sales_reached(year), year, area_ids)
    fair_sheet = RecordTable("参加展会明细", [*ENTERPRISE_HEADERS, "展会名称", "举办地", "开始日期", "结束日期",
                                          "意向成交额（万元）"], [
        [*_firm(r), r.fair_name, r.venue, r.starts_on, r.ends_on, r.intended_deals_wan] for r in fairs
    ], SRDI_NOTE)
    sales_sheet = RecordTable("网络销售明细", [*ENTERPRISE_HEADERS, "年度", "平台", "网络销售额（万元）", "是否跨境"], [
        [*_firm(r), r.year, r.platform, r.sales_wan, "是" if r.cross_border else "否"] for r in sales
    ], SRDI_NOTE)
    fair_areas = _per_area(fairs, firms=Count("enterprise", distinct=True), deals=Sum("intended_deals_wan"))
    sales_areas = _per_area(sales, firms=Count("enterprise", distinct=True), sales=Sum("sales_wan"))
    cross_areas = _per_area(sales.filter(cross_border=True), firms=Count("enterprise", distinct=True))
    summary = _summary(
        "分区域汇总",
        ["所属区域", "参加展会企业（家）", "意向成交额（万元）", "开展网络销售企业（家）", "网络销售额（万元）",
         "开展跨境电商企业（家）"],
        _areas(area_ids),
        [(fair_areas, "firms"), (fair_areas, "deals"), (sales_areas, "firms"), (sales_areas, "sales"),
         (cross_areas, "firms")],
    )
    return [fair_sheet, sales_sheet, summary]


def workbook_sheets():
    return {6: logistics_sheets, 15: honour_sheets, 18: market_sheets}
