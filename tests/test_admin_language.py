"""The admin speaks Chinese: django-unfold ships no zh_Hans catalogue, so locale/zh_Hans (LOCALE_PATHS) supplies it."""

import re
from html.parser import HTMLParser
from io import StringIO

import pytest
from django.core.management import call_command
from django.test import RequestFactory
from django.urls import reverse
from django.utils import translation
from simple_history.admin import SimpleHistoryAdmin

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


# --- every admin page a superuser opens, walked for English --------------------------------------------------------

ENGLISH = re.compile(
    r"\b(Add|Save|Delete|Axes|History|Change|Select|Filters?|Search|Close|Actions?|Home|View|Recent|Unknown|None"
    r"|Yes|No|Today|Now|Show|Hide|Clear|Remove|Edit|Submit|Cancel|Back|Log ?out|Password|Username|Date|Time)\b"
)
READ_ATTRIBUTES = ("title", "placeholder", "alt", "aria-label")
# A half-width colon after Chinese text (“状态:”, “排序优先级: 1”): Chinese typesetting uses the full-width “：”.
HALF_WIDTH_COLON = re.compile(r"[\u4e00-\u9fff）]\s*:(\s|$)")


class _VisibleText(HTMLParser):
    """What a reader sees: text outside scripts and styles, and the attributes shown as text or read aloud."""

    def __init__(self):
        super().__init__()
        self.parts, self._hidden = [], 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style", "template"):
            self._hidden += 1
        attributes = dict(attrs)
        self.parts.extend(attributes[name] for name in READ_ATTRIBUTES if attributes.get(name))
        if tag == "input" and attributes.get("type") in ("submit", "button") and attributes.get("value"):
            self.parts.append(attributes["value"])  # a button's label

    def handle_endtag(self, tag):
        if tag in ("script", "style", "template") and self._hidden:
            self._hidden -= 1

    def handle_data(self, data):
        if not self._hidden:
            self.parts.append(data)


def _english_in(html):
    parser = _VisibleText()
    parser.feed(html)
    return sorted({match.group(0) for part in parser.parts for match in ENGLISH.finditer(part)})


def _half_width_colons_in(html):
    parser = _VisibleText()
    parser.feed(html)
    return sorted({part.strip()[:60] for part in parser.parts if HALF_WIDTH_COLON.search(part)})


def _admin_pages(site, user):
    """Each registered model's change list, its add form (when it has one), and the change form and history of its
    first row."""
    request = RequestFactory().get("/admin/")
    request.user = user
    for model, model_admin in site._registry.items():
        opts = model._meta
        yield reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
        if model_admin.has_add_permission(request):
            yield reverse(f"admin:{opts.app_label}_{opts.model_name}_add")
        first = model_admin.get_queryset(request).order_by("pk").first()
        if first is not None:
            yield reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[first.pk])
            if isinstance(model_admin, SimpleHistoryAdmin):
                yield reverse(f"admin:{opts.app_label}_{opts.model_name}_history", args=[first.pk])


@pytest.mark.slow
@pytest.mark.django_db
def test_no_english_on_any_admin_page(client):
    """With the demo data every model has rows: its change list, add form and a change form are read."""
    from django.contrib import admin
    from django.contrib.auth import get_user_model

    call_command("seed_demo", stdout=StringIO())
    root = get_user_model().objects.create_superuser("root-walk", "root@example.com", "Test-password-2026")
    client.force_login(root)
    found, colons = {}, {}
    urls = [reverse("admin:index"), *_admin_pages(admin.site, root)]
    assert len(urls) > 2 * len(admin.site._registry)  # change lists, add forms and change forms all walked
    for url in [*urls, reverse("awards:public_notices"), reverse("declarations:public_notices")]:
        response = client.get(url)
        assert response.status_code == 200, url
        html = response.content.decode()
        if english := _english_in(html):
            found[url] = english
        if half_width := _half_width_colons_in(html):
            colons[url] = half_width
    assert found == {}
    assert colons == {}


def test_the_walk_finds_half_width_colons_after_chinese_only():
    assert _half_width_colons_in("<p>状态:</p><p>排序优先级: 1</p><p>10:30</p><p>网址 https://x</p>") == [
        "排序优先级: 1", "状态:"]


def test_form_labels_end_in_a_full_width_colon():
    from django import forms

    class Form(forms.Form):
        phone = forms.CharField(label="联系电话")

    with translation.override("zh-hans"):
        assert Form()["phone"].label_tag().endswith(">联系电话：</label>")


def test_the_walk_finds_english_where_there_is_some():
    assert _english_in('<button title="Add">x</button><p>Save and continue</p><script>Delete</script>') == [
        "Add", "Save"]


@pytest.mark.django_db
def test_the_walk_would_see_unfolds_english_without_the_catalogue(client, role_users, settings):
    settings.LOCALE_PATHS = []
    client.force_login(role_users[Role.REVIEWER])
    html = client.get(reverse("admin:enterprises_enterprise_change", args=[role_users["own_enterprise"].pk]))
    assert _english_in(html.content.decode())


@pytest.mark.django_db
def test_no_english_on_the_admin_sign_in_page(client):
    response = client.get(reverse("admin:login"))
    assert response.status_code == 200
    assert _english_in(response.content.decode()) == []
