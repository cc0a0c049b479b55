"""A table of records as the pages that gather show them: the one-firm-one-file's section for a measure, a sheet
of a measure's workbook. Capabilities build these from their own selectors (their cells already as a reader wants
them: Decimal amounts, dates, labels), so the pages above render and export any measure the same way."""

from dataclasses import dataclass, field


@dataclass(frozen=True)
class RecordTable:
    title: str  # e.g. "（十五）质量品牌荣誉"; a workbook sheet keeps the first 31 characters
    headers: list
    rows: list = field(default_factory=list)  # lists of cells: str, int, Decimal, date; header suffixes set formats
    note: str = ""  # e.g. why names are hidden: "姓名仅对市工业和信息化局和企业本身可见"
