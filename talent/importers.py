"""How a row of a talent file is read, keyed and compared (the pipeline is enterprises.importing's)."""

from enterprises.cells import CellError, text, whole_number
from enterprises.filings import FilingState
from enterprises.import_rows import RowImporter, bounded_text, in_chunks

from .models import EARLIEST_YEAR, Talent, TalentLevel, TalentNeed


class TalentNeedImporter(RowImporter):
    """(十六) Upsert on credit code + 年度 + 岗位. The bureau's file is its own act: its rows count at once
    (confirmed), an enterprise's draft of the same position included."""

    model = TalentNeed

    def prepare(self, rows):
        self.enterprise_ids = self.visible_enterprise_ids(self.codes_in(rows))

    def year(self, value):
        # the catalogue is drawn up for the coming year as well as for this one
        return whole_number(value, what="年度", minimum=EARLIEST_YEAR, maximum=self.today.year + 1)

    @staticmethod
    def headcount(value):
        return whole_number(value, what="需求人数", minimum=1, maximum=100_000)

    def parse(self, number, cells, errors):
        values = {
            "enterprise_id": self.read(number, cells, errors, "credit_code", self.enterprise_id),
            "year": self.read(number, cells, errors, "year", self.year),
            "position": self.read(number, cells, errors, "position", bounded_text(100)),
            "specialty": self.read(number, cells, errors, "specialty", bounded_text(100)),
            "headcount": self.read(number, cells, errors, "headcount", self.headcount),
            "filing_state": FilingState.CONFIRMED,
        }
        education = self.read(number, cells, errors, "education", bounded_text(20), required=False)
        if education:
            values["education"] = education
        return values

    def key(self, values):
        return (values["enterprise_id"], values["year"], values["position"])

    def duplicate_reason(self, first_row, values):
        return f"与第 {first_row} 行重复：同一企业、同一年度、同一岗位只能有一行"

    def existing(self, keys):
        found = {}
        years = {year for _, year, _ in keys}
        for chunk in in_chunks({enterprise_id for enterprise_id, _, _ in keys}):
            for need in TalentNeed.objects.filter(enterprise_id__in=chunk, year__in=years):
                key = (need.enterprise_id, need.year, need.position)
                if key in keys:
                    found[key] = need
        return found


class TalentImporter(RowImporter):
    """(十七) Upsert on credit code + 姓名 + 认定日期: 统一社会信用代码, 姓名, 人才层次, 认定日期, 认定文号."""

    model = Talent

    def prepare(self, rows):
        self.enterprise_ids = self.visible_enterprise_ids(self.codes_in(rows))

    @staticmethod
    def level(value):
        level = text(value).upper().removesuffix("类")  # "A类" as the talent rules write it; "A" too
        if level not in TalentLevel.values:
            raise CellError(f"人才层次“{text(value)}”无效，应为以下之一：{'、'.join(TalentLevel.labels)}")
        return level

    def recognised_on(self, value):
        day = self.past_date(value)
        if day.year < EARLIEST_YEAR:
            raise CellError(f"认定日期 {day:%Y-%m-%d} 早于 {EARLIEST_YEAR} 年")
        return day

    def parse(self, number, cells, errors):
        return {
            "enterprise_id": self.read(number, cells, errors, "credit_code", self.enterprise_id),
            "name": self.read(number, cells, errors, "name", bounded_text(50)),
            "level": self.read(number, cells, errors, "level", self.level),
            "recognised_on": self.read(number, cells, errors, "recognised_on", self.recognised_on),
            "document_number": self.read(number, cells, errors, "document_number", bounded_text(100)),
        }

    def key(self, values):
        return (values["enterprise_id"], values["name"], values["recognised_on"])

    def duplicate_reason(self, first_row, values):
        return f"与第 {first_row} 行重复：同一企业、同一姓名、同一认定日期只能有一行"

    def existing(self, keys):
        found = {}
        for chunk in in_chunks({enterprise_id for enterprise_id, _, _ in keys}):
            for talent in Talent.objects.filter(enterprise_id__in=chunk):
                key = (talent.enterprise_id, talent.name, talent.recognised_on)
                if key in keys:
                    found[key] = talent
        return found
