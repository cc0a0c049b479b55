"""Staff find a firm in the admin as they type: by name, by credit code, or by the pinyin initials of its name
(`glls` for 桂林漓江山水…), which every write path stores with the enterprise."""

import io

import pytest
from django.core.management import call_command
from django.urls import reverse

from enterprises.credit_codes import make_credit_code
from enterprises.models import Enterprise
from enterprises.roles import Role
from enterprises.rules import name_initials
from enterprises.tests.factories import EnterpriseFactory, make_user
from enterprises.tests.files import ENTERPRISE_HEADERS, write_file

pytestmark = pytest.mark.django_db
CODE = make_credit_code("450302", 77)


def test_initials_of_a_name():
    assert name_initials("桂林漓江山水科技有限公司") == "glljsskjyxgs"
    assert name_initials("桂林ABC精密3号厂") == "glabcjm3hc"  # letters and digits kept, lower case
    assert name_initials("（桂林）·重庆银行") == "glcqyh"  # punctuation left out; 重庆 read as chóng, 银行 as háng
    assert name_initials("") == ""


def test_every_write_path_stores_the_initials(tmp_path, areas):
    saved = EnterpriseFactory(name="桂林象山精密机械有限公司")
    assert Enterprise.objects.get(pk=saved.pk).name_initials == "glxsjmjxyxgs"
    saved.name = "桂林叠彩精密机械有限公司"
    saved.save(update_fields=["name"])
    assert Enterprise.objects.get(pk=saved.pk).name_initials == "gldcjmjxyxgs"
    path = write_file(tmp_path, "csv", ENTERPRISE_HEADERS, [[CODE, "荔浦芋头食品有限公司", "秀峰区", None, None]])
    call_command("import_data", "enterprises", str(path), stdout=io.StringIO(), stderr=io.StringIO())
    assert Enterprise.objects.get(credit_code=CODE).name_initials == "lpytspyxgs"
    path = write_file(tmp_path, "csv", ENTERPRISE_HEADERS, [[CODE, "阳朔遇龙河旅游有限公司", "秀峰区", None, None]])
    call_command("import_data", "enterprises", str(path), stdout=io.StringIO(), stderr=io.StringIO())
    assert Enterprise.objects.get(credit_code=CODE).name_initials == "ysylhlyyxgs"  # a renamed firm: new initials


def test_the_admin_finds_a_firm_by_its_initials(client, areas):
    wanted = EnterpriseFactory(name="桂林漓江山水科技有限公司", area=areas["秀峰区"])
    other = EnterpriseFactory(name="桂林七星电子有限公司", area=areas["秀峰区"])
    client.force_login(make_user(Role.REVIEWER))
    url = reverse("admin:enterprises_enterprise_changelist")
    for typed in ("gllj", "GLLJSS", "漓江山水", wanted.credit_code[-6:]):
        page = client.get(url, {"q": typed}).content.decode()
        assert wanted.name in page and other.name not in page, typed
    page = client.get(url, {"q": "ljss"}).content.decode()  # initials match from the start of the name
    assert wanted.name not in page
