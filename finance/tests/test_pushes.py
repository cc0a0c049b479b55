"""The push record: what was sent is what re-exports, whatever happens to the registry afterwards."""

import csv
import hashlib
import io
import zipfile
from datetime import UTC, date, datetime, timezone
from types import SimpleNamespace

import pytest
from django.core.exceptions import ValidationError
from openpyxl import load_workbook

from enterprises.roles import Role
from enterprises.selectors import today
from enterprises.tests.factories import EnterpriseFactory, designate, make_user
from finance import exports, selectors, services
from finance.models import ListPush
from finance.tests.factories import srdi_enterprise
from policy.levels import Level

pytestmark = pytest.mark.django_db


@pytest.fixture
def officer(db):
    return make_user(Role.FINANCIAL_SERVICES)


def _csv_rows(content):
    assert content.startswith("\ufeff".encode())
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))


def _xlsx_rows(content):
    sheet = load_workbook(io.BytesIO(content)).active
    return [[cell.value for cell in row] for row in sheet.iter_rows()]


def _push(officer, **kwargs):
    kwargs.setdefault("recipient_kind", ListPush.RecipientKind.BANK)
    kwargs.setdefault("recipient_name", "桂林银行股份有限公司")
    return services.record_push(actor=officer, **kwargs)


def test_a_push_records_who_when_to_whom_and_the_rows_as_sent(officer, areas):
    first = srdi_enterprise(name="桂林甲科技有限公司", area=areas["七星区"], contact_person="黄经理",
                            contact_phone="0773-5801234", address="七星区朝阳路 1 号")
    second = srdi_enterprise(name="桂林乙材料有限公司", area=areas["秀峰区"], level=Level.LITTLE_GIANT)
    EnterpriseFactory(name="桂林丙未认定有限公司")
    push = _push(officer, note="季度推送")
    assert (push.pushed_by, push.recipient_name, push.row_count, push.filter_label) == (
        officer, "桂林银行股份有限公司", 2, "全市，全部层级")
    assert push.as_of == today()
    rows = list(selectors.push_rows(push))
    assert [(r.position, r.enterprise, r.name) for r in rows] == [(1, second, second.name), (2, first, first.name)]
    assert (rows[1].area_name, rows[1].tier_label, rows[1].contact_phone) == ("七星区", "市级专精特新中小企业", "0773-5801234")
    assert rows[1].tier_valid_until == date(2027, 1, 9)
    assert rows[0].tier_label == "国家级专精特新小巨人企业"
    assert push.csv_sha256 == hashlib.sha256(exports.render_csv(rows)).hexdigest()


def test_what_was_sent_re_exports_unchanged_after_renames_and_removals(officer, areas):
    kept = srdi_enterprise(name="桂林原名科技有限公司", area=areas["象山区"])
    leaving = srdi_enterprise(name="桂林将退出有限公司", area=areas["象山区"])
    push = _push(officer, recipient_kind=ListPush.RecipientKind.POWER, recipient_name="广西电网桂林供电局")
    before_csv = exports.render_csv(list(selectors.push_rows(push)))
    before_xlsx = exports.render_xlsx(push, list(selectors.push_rows(push)))

    # The registry moves on: a rename, a move to another area, and a firm whose title is withdrawn.
    kept.name, kept.area, kept.contact_phone = "桂林新名科技股份有限公司", areas["临桂区"], "0773-0000000"
    kept.save()
    leaving.designations.all().delete()
    assert not selectors.push_candidates(user=officer, on=today()).filter(pk=leaving.pk).exists()

    push = ListPush.objects.get(pk=push.pk)
    after_csv = exports.render_csv(list(selectors.push_rows(push)))
    after_xlsx = exports.render_xlsx(push, list(selectors.push_rows(push)))
    assert after_csv == before_csv and after_xlsx == before_xlsx
    assert hashlib.sha256(after_csv).hexdigest() == push.csv_sha256
    names = [row[1] for row in _csv_rows(after_csv)[1:]]
    assert names == ["桂林原名科技有限公司", "桂林将退出有限公司"]
    assert [row[1] for row in _xlsx_rows(after_xlsx)[1:]] == names
    assert _csv_rows(after_csv)[1][3] == "象山区"


def test_a_filtered_push_sends_only_that_area_and_tier(officer, areas):
    wanted = srdi_enterprise(area=areas["临桂区"], level=Level.REGIONAL)
    srdi_enterprise(area=areas["临桂区"], level=Level.MUNICIPAL)
    srdi_enterprise(area=areas["七星区"], level=Level.REGIONAL)
    push = _push(officer, area=areas["临桂区"], tier=Level.REGIONAL)
    assert [r.enterprise for r in push.rows.all()] == [wanted]
    assert push.filter_label == "临桂区，自治区级专精特新中小企业"


def test_a_confirmation_after_the_list_changed_records_nothing(officer):
    first = srdi_enterprise()
    seen = selectors.fingerprint([first.pk])
    assert _push(officer, expected_fingerprint=seen).row_count == 1
    srdi_enterprise()  # a firm joins the white list between preview and confirmation
    with pytest.raises(ValidationError, match="请重新预览"):
        _push(officer, expected_fingerprint=seen)
    assert ListPush.objects.count() == 1


def test_an_empty_selection_or_a_missing_recipient_is_refused(officer, areas):
    srdi_enterprise(area=areas["七星区"])
    with pytest.raises(ValidationError, match="没有白名单企业"):
        _push(officer, area=areas["资源县"])
    with pytest.raises(ValidationError, match="接收方名称"):
        _push(officer, recipient_name="  ")
    assert not ListPush.objects.exists()


@pytest.mark.parametrize("name", ["=HYPERLINK(\"http://evil.example\",\"点击\")", "+1+cmd|' /C calc'!A0",
                                  "-2+3", "@SUM(A1:A2)"])
def test_spreadsheet_formulae_in_names_are_escaped_in_both_files(officer, name):
    enterprise = srdi_enterprise(name=name, contact_person="=1+1")
    push = _push(officer)
    rows = list(selectors.push_rows(push))
    assert rows[0].enterprise == enterprise

    csv_row = _csv_rows(exports.render_csv(rows))[1]
    assert csv_row[1] == "'" + name and csv_row[7] == "'=1+1"

    content = exports.render_xlsx(push, rows)
    sheet = load_workbook(io.BytesIO(content)).active
    cell = sheet.cell(row=2, column=2)
    assert cell.value == name and cell.data_type == "s" and cell.quotePrefix
    assert sheet.cell(row=2, column=8).data_type == "s"
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        assert "<f>" not in archive.read("xl/worksheets/sheet1.xml").decode()


def test_plain_names_are_not_altered(officer):
    srdi_enterprise(name="桂林A-1精密机械有限公司", contact_phone="0773-1234567")
    push = _push(officer)
    row = _csv_rows(exports.render_csv(list(selectors.push_rows(push))))[1]
    assert row[1] == "桂林A-1精密机械有限公司" and row[8] == "0773-1234567"


def test_white_list_scoping_applies_to_the_actor(areas):
    srdi_enterprise(area=areas["秀峰区"])
    srdi_enterprise(area=areas["阳朔县"])
    county = make_user(Role.COUNTY, area=areas["秀峰区"])
    assert selectors.push_candidates(user=county, on=today()).count() == 1
    designate(EnterpriseFactory(area=areas["秀峰区"]), Level.INNOVATIVE, date(2024, 1, 1))
    assert selectors.push_candidates(user=county, on=today()).count() == 1


def test_the_xlsx_of_a_push_is_the_same_bytes_whenever_it_is_downloaded(officer, monkeypatch):
    srdi_enterprise(name="桂林同字节科技有限公司")
    push = _push(officer, recipient_kind=ListPush.RecipientKind.BANK, recipient_name="桂林银行")
    first = exports.render_xlsx(push, list(selectors.push_rows(push)))
    # openpyxl stamps "modified" with the clock when it saves: a later download must not carry a later time.
    later = datetime(2031, 5, 6, 7, 8, 9, tzinfo=UTC)
    clock = type("Clock", (datetime,), {"now": classmethod(lambda cls, tz=None: later)})
    monkeypatch.setattr("openpyxl.writer.excel.datetime", SimpleNamespace(datetime=clock, timezone=timezone))
    assert exports.render_xlsx(push, list(selectors.push_rows(push))) == first
    core = zipfile.ZipFile(io.BytesIO(first)).read("docProps/core.xml").decode()
    assert f"{push.pushed_at.astimezone(UTC):%Y-%m-%dT%H:%M:%SZ}</dcterms:modified>" in core
