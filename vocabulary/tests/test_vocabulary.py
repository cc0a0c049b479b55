"""Technology fields and product categories as data: seeded, imported with `import_data vocabulary`, kept by the
bureau only, and read by other kinds with a Chinese error naming the nearest known terms."""

import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import call_command

from enterprises.cells import CellError
from enterprises.roles import Role
from enterprises.tests.factories import make_user
from vocabulary import services
from vocabulary.models import Category, Term
from vocabulary.selectors import TermParser

pytestmark = pytest.mark.django_db


def _run(path, *args):
    from io import StringIO

    out, err = StringIO(), StringIO()
    try:
        call_command("import_data", "vocabulary", str(path), *args, stdout=out, stderr=err)
    except SystemExit:
        pass
    except Exception as error:  # CommandError carries the summary
        err.write(str(error))
    return out.getvalue() + err.getvalue()


def _csv(tmp_path, text):
    path = tmp_path / "terms.csv"
    path.write_text(text, encoding="utf-8-sig")
    return path


def test_the_migration_seeds_a_starting_list():
    assert Term.objects.filter(category=Category.TECH_FIELD, name="新一代信息技术").exists()
    assert Term.objects.filter(category=Category.PRODUCT_CATEGORY, name="电子元器件").exists()


def test_a_file_adds_terms_and_a_second_import_changes_nothing(tmp_path):
    path = _csv(tmp_path, "类别,名称\n技术领域,北斗导航\n产品类别,北斗终端\n技术领域,新材料\n")
    assert "新增 2 条，更新 0 条，未变化 1 条" in _run(path)
    assert Term.objects.filter(category=Category.PRODUCT_CATEGORY, name="北斗终端").exists()
    assert "新增 0 条，更新 0 条，未变化 3 条" in _run(path)


def test_one_bad_row_imports_nothing_and_is_named(tmp_path):
    path = _csv(tmp_path, "类别,名称\n技术领域,北斗导航\n行业,北斗终端\n")
    output = _run(path)
    assert "第 3 行" in output and "类别“行业”无效" in output
    assert not Term.objects.filter(name="北斗导航").exists()


def test_the_header_must_be_exactly_the_two_columns(tmp_path):
    output = _run(_csv(tmp_path, "类别,名称,备注\n技术领域,北斗导航,x\n"))
    assert "表头应为且仅为：类别、名称" in output
    assert not Term.objects.filter(name="北斗导航").exists()


def test_a_county_cannot_import_the_vocabulary(tmp_path, areas):
    make_user(Role.COUNTY, area=areas["秀峰区"], username="xiufeng")
    output = _run(_csv(tmp_path, "类别,名称\n技术领域,北斗导航\n"), "--user", "xiufeng")
    assert "没有导入词表条目的权限" in output  # counties only view the vocabulary
    assert not Term.objects.filter(name="北斗导航").exists()


def test_only_the_bureau_keeps_the_vocabulary(areas):
    with pytest.raises(PermissionDenied):
        services.save_term(actor=make_user(Role.COUNTY, area=areas["秀峰区"]),
                           term=Term(category=Category.TECH_FIELD, name="北斗导航"))
    term = services.save_term(actor=make_user(Role.REVIEWER), term=Term(category=Category.TECH_FIELD, name=" 北斗 导航 "))
    assert term.name == "北斗 导航" and term.history.first().history_user.role == Role.REVIEWER


def test_an_unknown_term_lists_the_nearest_known_ones(django_assert_num_queries):
    parser = TermParser(Category.TECH_FIELD)
    with django_assert_num_queries(1):
        assert parser("新材料").name == "新材料"
        assert parser(" 生物医药 ").name == "生物医药"
        with pytest.raises(CellError) as error:
            parser("生物医")
    assert "技术领域“生物医”不在词表中，相近的有：" in str(error.value) and "生物医药" in str(error.value)


def test_a_deactivated_term_is_not_accepted_any_more():
    Term.objects.filter(name="数字创意").update(active=False)
    with pytest.raises(CellError):
        TermParser(Category.TECH_FIELD)("数字创意")
