"""The admin speaks Chinese: django-unfold ships no zh_Hans catalogue, so locale/zh_Hans (LOCALE_PATHS) supplies it."""

import re

import pytest
from django.urls import reverse
from django.utils import translation

from enterprises.roles import Role


def _page(client, role_users, view, *args):
    client.force_login(role_users[Role.REVIEWER])
    response = client.get(reverse(f"admin:enterprises_enterprise_{view}", args=args))
    assert response.status_code == 200
    return response.content.decode()


def test_changelist_toolbar_is_in_chinese(client, role_users):
    html = _page(client, role_users, "changelist")
    for chinese in ("输入关键词搜索", "筛选", "全选本页", "选择记录", "导入", "导出"):
        assert chinese in html
    for english in ("Type to search", "Filters", "Select all rows", "Select record"):
        assert english not in html


def test_change_form_is_in_chinese(client, role_users):
    html = _page(client, role_users, "change", role_users["own_enterprise"].pk)
    for chinese in ("保存并继续编辑", "历史", "返回", "请选择", "输入关键词搜索"):
        assert chinese in html
    for english in ("Save and continue editing", "History", "Go back", "Select value", "Type to search"):
        assert english not in html


def test_history_page_is_in_chinese_and_hides_empty_change_reason(client, role_users):
    html = _page(client, role_users, "history", role_users["own_enterprise"].pk)
    assert "变更内容" in html and "修改原因" in html and "已创建" in html
    assert "Choose a date from the list below" not in html and "Changes" not in html
    assert not re.search(r">\s*None\s*<", html)


def test_import_form_is_in_chinese(client, role_users):
    html = _page(client, role_users, "import")
    assert "选择格式" in html and "提交" in html
    assert "Select format" not in html and "Submit" not in html


def test_without_the_project_catalogue_unfold_falls_back_to_english(client, role_users, settings):
    """Guards the test above against passing for another reason: the Chinese comes from locale/zh_Hans."""
    settings.LOCALE_PATHS = []
    html = _page(client, role_users, "changelist")
    assert "Type to search" in html and "输入关键词搜索" not in html


@pytest.mark.parametrize(
    ("english", "chinese"),
    [
        ("Apply Filters", "应用筛选"),
        ("Reset filters", "重置筛选"),
        ("Search apps and models...", "搜索应用和数据表……"),
        ("Account locked: too many login attempts. Please try again later.", "账号已锁定：登录失败次数过多，请稍后再试。"),
    ],
)
def test_catalogue_covers_strings_not_on_these_pages(english, chinese):
    with translation.override("zh-hans"):
        assert translation.gettext(english) == chinese


def test_plural_forms_keep_their_placeholders():
    with translation.override("zh-hans"):
        found = translation.ngettext(
            "\n                Found %(counter)s result in %(time)s seconds\n            ",
            "\n                Found %(counter)s results in %(time)s seconds\n            ",
            3,
        )
    assert found % {"counter": 3, "time": "0.1"} == "\n找到 3 条结果，用时 0.1 秒"


@pytest.mark.django_db
def test_no_english_app_group_in_the_admin_sidebar(client):
    from django.contrib.auth import get_user_model

    admin = get_user_model().objects.create_superuser("root-lang", "root@example.com", "Test-password-2026")
    client.force_login(admin)
    html = client.get(reverse("admin:index")).content.decode()
    assert "登录安全（登录尝试与锁定）" in html
    assert not re.search(r">\s*Axes\s*<", html)
