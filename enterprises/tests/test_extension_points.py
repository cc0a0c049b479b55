"""The registry's extension points for the capabilities above it: an import kind they register runs through the
one pipeline, and a notice they send reaches the enterprise's message box."""

import pytest
from django.core import mail
from django.core.management import call_command
from import_export import fields

from declarations.models import PortalMessage
from enterprises import importing
from enterprises.importers import TargetImporter
from enterprises.models import AreaTarget
from enterprises.notices import notify
from enterprises.resources import RegistryResource
from enterprises.roles import Role

from .factories import EnterpriseFactory, make_user
from .files import write_file

pytestmark = pytest.mark.django_db


class ExtraTargetResource(RegistryResource):
    kind = "extra-targets"
    area = fields.Field("area", column_name="区域")
    year = fields.Field("year", column_name="年度")
    new_municipal_target = fields.Field("new_municipal_target", column_name="指标")

    class Meta:
        model = AreaTarget
        name = "测试指标"
        fields = ("area", "year", "new_municipal_target")


@pytest.fixture
def extra_kind():
    importing.register_import_kind(ExtraTargetResource, TargetImporter)
    yield
    importing.RESOURCES.pop("extra-targets")
    importing.IMPORTERS.pop("extra-targets")


def test_a_registered_kind_imports_through_the_command_all_or_nothing(tmp_path, extra_kind, capsys):
    good = write_file(tmp_path, "csv", ["区域", "年度", "指标"], [["秀峰区", 2026, 5]], name="good")
    call_command("import_data", "extra-targets", str(good))
    assert AreaTarget.objects.get(area__name="秀峰区", year=2026).new_municipal_target == 5
    bad = write_file(tmp_path, "csv", ["区域", "年度", "指标"], [["七星区", 2026, 3], ["无此区", 2026, 1]], name="bad")
    with pytest.raises(Exception, match="1 行有错误"):
        call_command("import_data", "extra-targets", str(bad))
    assert "第 3 行" in capsys.readouterr().err
    assert not AreaTarget.objects.filter(area__name="七星区").exists()


def test_a_kind_cannot_be_registered_twice_with_another_importer(extra_kind):
    importing.register_import_kind(ExtraTargetResource, TargetImporter)  # the same pair again: harmless
    with pytest.raises(ValueError, match="already registered"):
        importing.register_import_kind(ExtraTargetResource, importing.IMPORTERS["targets"].__base__)


def test_a_notice_reaches_the_enterprises_users_in_the_portal_and_by_mail(django_capture_on_commit_callbacks):
    enterprise = EnterpriseFactory()
    user = make_user(Role.ENTERPRISE, enterprise=enterprise)
    user.email = "firm@example.cn"
    user.save()
    other = make_user(Role.ENTERPRISE, enterprise=EnterpriseFactory())
    with django_capture_on_commit_callbacks(execute=True):
        notify(enterprise=enterprise, title="困难诉求已办结", body="您反映的问题已办结。")
    message = PortalMessage.objects.get(recipient=user)
    assert (message.title, message.body) == ("困难诉求已办结", "您反映的问题已办结。")
    assert not PortalMessage.objects.filter(recipient=other).exists()
    assert [m.to for m in mail.outbox] == [["firm@example.cn"]]
