"""(九) the finance-support import: upsert on credit code + 支持类型 + 金融机构 + 日期 through the registry's one
pipeline (enterprises.importing). A county official imports its own area's enterprises only."""

from decimal import Decimal

from enterprises.cells import CellError, money, text
from enterprises.import_rows import RowImporter, bounded_text, in_chunks

from .models import FinanceSupport

KINDS = {choice.label: choice.value for choice in FinanceSupport.Kind}
WAN_LIMIT = Decimal("1e12")  # max_digits=14, decimal_places=2


def amount_wan(value):
    """Non-negative 万元 with at most two decimals."""
    try:
        amount = money(value)
    except CellError as error:
        raise CellError(str(error).replace("（单位：元）", "（单位：万元）").replace("元）", "万元）")) from None
    if amount >= WAN_LIMIT:
        raise CellError(f"金额“{text(value)}”超出范围（单位：万元）")
    return amount


class FinanceSupportImporter(RowImporter):
    model = FinanceSupport

    def prepare(self, rows):
        self.enterprise_ids = self.visible_enterprise_ids(self.codes_in(rows))

    @staticmethod
    def kind(value):
        kind = KINDS.get(text(value))
        if kind is None:
            raise CellError(f"支持类型“{text(value)}”无效，应为以下之一：{'、'.join(KINDS)}")
        return kind

    def parse(self, number, cells, errors):
        values = {
            "enterprise_id": self.read(number, cells, errors, "credit_code", self.enterprise_id),
            "kind": self.read(number, cells, errors, "kind_label", self.kind),
            "institution": self.read(number, cells, errors, "institution", bounded_text(100)),
            "amount_wan": self.read(number, cells, errors, "amount_wan", amount_wan),
            "granted_on": self.read(number, cells, errors, "granted_on", self.past_date),
        }
        note = self.read(number, cells, errors, "note", bounded_text(200), required=False)
        if note:
            values["note"] = note
        return values

    def key(self, values):
        return (values["enterprise_id"], values["kind"], values["institution"], values["granted_on"])

    def duplicate_reason(self, first_row, values):
        return f"与第 {first_row} 行重复：同一企业、同一支持类型、同一金融机构、同一日期只能有一行"

    def existing(self, keys):
        found = {}
        for chunk in in_chunks({enterprise_id for enterprise_id, *_ in keys}):
            for support in FinanceSupport.objects.filter(enterprise_id__in=chunk):
                key = (support.enterprise_id, support.kind, support.institution, support.granted_on)
                if key in keys:
                    found[key] = support
        return found
