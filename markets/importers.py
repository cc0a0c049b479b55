"""How a row of each markets file is read (the columns are in markets.resources). All four share one shape: an
enterprise by credit code, within the actor's scope, and a natural key naming the row (the issue's keys)."""

from enterprises.cells import CellError, iso_date, money, text, whole_number
from enterprises.filings import FilingState
from enterprises.import_rows import RowError, RowImporter, bounded_text, in_chunks

from .models import (
    EARLIEST_YEAR,
    FairParticipation,
    Honour,
    HonourCategory,
    HonourLevel,
    LogisticsMode,
    LogisticsSupport,
    OnlineSales,
)

YES_NO = {"是": True, "否": False}


def wan(value):
    """A non-negative amount in 万元 with at most two decimals (the registry's money cell, in 万元)."""
    try:
        return money(value)
    except CellError as error:
        raise CellError(str(error).replace("（单位：元）", "（单位：万元）").replace("100 万亿元", "100 万亿万元")) from None


def choice(choices, what):
    """A parser taking a choice by its Chinese label, exactly."""
    by_label = {label: value for value, label in choices.choices}

    def parse(value):
        found = by_label.get(text(value))
        if found is None:
            raise CellError(f"{what}“{text(value)}”无效，应为以下之一：{'、'.join(by_label)}")
        return found

    return parse


def yes_no(value):
    """是 or 否, nothing else (not 1/0, Y/N or TRUE)."""
    found = YES_NO.get(text(value))
    if found is None:
        raise CellError(f"“{text(value)}”无效，应填“是”或“否”")
    return found


class MarketsImporter(RowImporter):
    """Upsert on `key_fields` (enterprise_id first); rows an import brings are the bureau's own act, so a filed
    record arrives confirmed (`filed`)."""

    key_fields = ()
    filed = True
    duplicate_what = ""

    def prepare(self, rows):
        self.enterprise_ids = self.visible_enterprise_ids(self.codes_in(rows))

    def year(self, value):
        return whole_number(value, what="年度", minimum=EARLIEST_YEAR, maximum=self.today.year)

    def values(self, number, cells, errors):
        raise NotImplementedError

    def parse(self, number, cells, errors):
        values = {"enterprise_id": self.read(number, cells, errors, "credit_code", self.enterprise_id)}
        values.update(self.values(number, cells, errors))
        if self.filed:
            values["filing_state"] = FilingState.CONFIRMED
        return values

    def key(self, values):
        return tuple(values[name] for name in self.key_fields)

    def duplicate_reason(self, first_row, values):
        return f"与第 {first_row} 行重复：{self.duplicate_what}只能有一行"

    def existing(self, keys):
        found = {}
        for chunk in in_chunks({key[0] for key in keys}):
            for record in self.model.objects.filter(enterprise_id__in=chunk):
                key = tuple(getattr(record, name) for name in self.key_fields)
                if key in keys:
                    found[key] = record
        return found


class LogisticsImporter(MarketsImporter):
    """(六) 统一社会信用代码, 年度, 支持方式, 降低物流成本（万元）."""

    model = LogisticsSupport
    key_fields = ("enterprise_id", "year", "mode")
    filed = False
    duplicate_what = "同一企业、同一年度、同一支持方式"

    def values(self, number, cells, errors):
        return {
            "year": self.read(number, cells, errors, "year", self.year),
            "mode": self.read(number, cells, errors, "mode", choice(LogisticsMode, "支持方式")),
            "cost_saved_wan": self.read(number, cells, errors, "cost_saved_wan", wan),
        }


class HonourImporter(MarketsImporter):
    """(十五) 统一社会信用代码, 类别, 名称, 级别, 获得日期, [文号]."""

    model = Honour
    key_fields = ("enterprise_id", "category", "name")
    duplicate_what = "同一企业、同一类别、同一名称"

    def values(self, number, cells, errors):
        values = {
            "category": self.read(number, cells, errors, "category", choice(HonourCategory, "类别")),
            "name": self.read(number, cells, errors, "name", bounded_text(200)),
            "level": self.read(number, cells, errors, "level", choice(HonourLevel, "级别")),
            "granted_on": self.read(number, cells, errors, "granted_on", self.past_date),
        }
        document_number = self.read(number, cells, errors, "document_number", bounded_text(100), required=False)
        if document_number:
            values["document_number"] = document_number
        return values


class FairImporter(MarketsImporter):
    """(十八) 统一社会信用代码, 展会名称, 举办地, 开始日期, 结束日期, [意向成交额（万元）]."""

    model = FairParticipation
    key_fields = ("enterprise_id", "fair_name", "starts_on")
    duplicate_what = "同一企业、同一展会、同一开始日期"

    def values(self, number, cells, errors):
        values = {
            "fair_name": self.read(number, cells, errors, "fair_name", bounded_text(200)),
            "venue": self.read(number, cells, errors, "venue", bounded_text(100)),
            "starts_on": self.read(number, cells, errors, "starts_on", iso_date),
            "ends_on": self.read(number, cells, errors, "ends_on", iso_date),
        }
        if values["starts_on"] and values["ends_on"] and values["ends_on"] < values["starts_on"]:
            errors.append(RowError(number, self.header["ends_on"], "结束日期早于开始日期"))
        deals = self.read(number, cells, errors, "intended_deals_wan", wan, required=False)
        if deals is not None:
            values["intended_deals_wan"] = deals
        return values


class OnlineSalesImporter(MarketsImporter):
    """(十八) 统一社会信用代码, 年度, 平台, 网络销售额（万元）, 是否跨境."""

    model = OnlineSales
    key_fields = ("enterprise_id", "year", "platform")
    duplicate_what = "同一企业、同一年度、同一平台"

    def values(self, number, cells, errors):
        return {
            "year": self.read(number, cells, errors, "year", self.year),
            "platform": self.read(number, cells, errors, "platform", bounded_text(100)),
            "sales_wan": self.read(number, cells, errors, "sales_wan", wan),
            "cross_border": self.read(number, cells, errors, "cross_border", yes_no),
        }
