"""The typed request and answer bodies of the open interfaces (their OpenAPI schema is built from these)."""

from datetime import date, datetime
from decimal import Decimal
from typing import Literal

from ninja import Field, Schema


class ErrorOut(Schema):
    detail: str = Field(description="中文说明")
    errors: list[dict] = Field(default_factory=list, description="逐项的错误：index（第几项，从 0 起）、field、reason")


class PushOut(Schema):
    id: int
    sent_at: datetime = Field(description="推送时间")
    rows: int = Field(description="企业数")
    acknowledged_at: datetime | None = Field(description="确认接收时间；未确认为 null")


class PushRowsOut(Schema):
    id: int
    csv_sha256: str = Field(description="该推送 CSV 文件的 SHA-256，与下载的文件一致")
    headers: list[str]
    rows: list[list[int | str]] = Field(description="与推送下载文件相同的单元格，按 headers 的顺序")


class LoanIn(Schema):
    credit_code: str = Field(min_length=18, max_length=18, description="统一社会信用代码")
    programme: Literal["guihuidai", "huiqidai", "other"] = Field(description="支持政策：桂惠贷、惠企贷或其他")
    programme_name: str = Field("", max_length=100, description="programme 为 other 时必填：政策名称")
    amount: Decimal = Field(gt=0, max_digits=16, decimal_places=2, description="贷款金额（元）")
    annual_rate: Decimal = Field(ge=0, le=100, max_digits=6, decimal_places=3, description="年利率（%）")
    granted_on: date = Field(description="放款日期")
    term_months: int = Field(ge=1, le=600, description="期限（月）")


class LoanOut(Schema):
    id: int
    credit_code: str
    enterprise: str
    bank: str
    programme: str
    amount: Decimal
    annual_rate: Decimal
    granted_on: date
    term_months: int
    created: bool = Field(description="false：同一笔贷款此前已报送，未重复记录")


class PriorityRowOut(Schema):
    code: str = Field(description="统一社会信用代码")
    name: str
    area: str
    tier: str


class PriorityListOut(Schema):
    push_id: int | None = Field(description="本次获取记为的名单推送编号；白名单为空时为 null")
    as_of: date
    rows: list[PriorityRowOut]


class FigureIn(Schema):
    credit_code: str = Field(min_length=1, max_length=30, description="统一社会信用代码")
    year: int = Field(description="年度")
    output_value: Decimal | None = Field(None, ge=0, description="工业总产值（元）")
    tax_paid: Decimal | None = Field(None, ge=0, description="纳税总额（元）")
    revenue: Decimal | None = Field(None, ge=0, description="营业收入（元）")
    rd_expense: Decimal | None = Field(None, ge=0, description="研发费用（元）")
    employees: int | None = Field(None, ge=0, description="从业人员数")


class FiguresOut(Schema):
    created: int
    changed: int
    unchanged: int
