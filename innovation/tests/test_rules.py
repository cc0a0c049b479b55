"""(十三) The matching rule on a small fixed catalogue whose answers are known, both ways, and (十四) the priority."""

from innovation.rules import (
    CatalogueIndex,
    Entry,
    jaccard,
    match_all,
    parse_tokens,
    renovation_priority,
    token_text,
    tokens_of,
)

OPTICS, RUBBER, MEDICINE = 1, 2, 3

ACHIEVEMENTS = [
    (101, OPTICS, "光纤连接器自动化装配视觉定位系统", "基于机器视觉的光纤插芯自动化装配与同轴度检测"),
    (102, OPTICS, "高速光模块耦合封装工艺", "光模块自动耦合与封装，提升良率"),
    (103, RUBBER, "橡胶低温连续硫化成套工艺", "低碳节能的橡胶硫化工艺，能耗降低百分之三十"),
    (104, MEDICINE, "罗汉果甜苷膜分离提取技术", "罗汉果甜苷高效提取与纯化，收率高"),
    (105, RUBBER, "视觉检测的自动化装配机器人", "通用自动化装配机器人，机器视觉定位"),
]
DEMANDS = [
    (1, OPTICS, "高精度光纤连接器自动化组装", "光纤连接器插芯与尾柄自动化组装，机器视觉定位"),
    (2, RUBBER, "橡胶制品低碳硫化工艺", "轮胎橡胶制品硫化能耗高，希望采用低碳硫化工艺"),
    (3, MEDICINE, "罗汉果甜苷高效提取", "提高罗汉果甜苷提取收率，降低溶剂用量"),
]


def _entries(rows):
    return [Entry(pk, field, parse_tokens(token_text(name, text))) for pk, field, name, text in rows]


def test_chinese_text_is_segmented_into_words_without_stopwords_or_punctuation():
    tokens = tokens_of("高精度光纤连接器的自动化组装技术，需求迫切！")
    assert {"光纤", "连接器", "自动化", "组装"} <= tokens
    assert "技术" not in tokens and "需求" not in tokens and "，" not in tokens and "的" not in tokens


def test_stored_tokens_are_stable_and_round_trip():
    stored = token_text("罗汉果甜苷高效提取", "提高收率")
    assert stored == token_text("罗汉果甜苷高效提取", "提高收率")
    assert parse_tokens(stored) == tokens_of("罗汉果甜苷高效提取 提高收率")


def test_jaccard():
    assert jaccard(frozenset("ab"), frozenset("bc")) == 1 / 3
    assert jaccard(frozenset(), frozenset("a")) == 0


def test_each_demand_gets_its_field_first_then_similar_text_from_other_fields():
    index = CatalogueIndex(_entries(ACHIEVEMENTS))
    found = match_all(_entries(DEMANDS), index, n=3)
    # The optics demand: both optics achievements (the assembly one far closer), then the rubber-field robot that
    # shares 自动化 / 装配 / 机器视觉 words with it.
    assert [c.pk for c in found[1]] == [101, 102, 105]
    assert [c.same_field for c in found[1]] == [True, True, False]
    assert found[1][0].similarity > found[1][1].similarity
    # The rubber demand: the rubber achievements, the vulcanising one first.
    assert [c.pk for c in found[2]][:2] == [103, 105]
    assert found[2][0].similarity > 0 and found[2][1].similarity == 0
    # The medicine demand: its one same-field achievement; nothing else is similar enough.
    assert [c.pk for c in found[3]] == [104]


def test_every_achievement_gets_its_candidate_demands_the_other_way():
    index = CatalogueIndex(_entries(DEMANDS))
    found = match_all(_entries(ACHIEVEMENTS), index, n=2)
    assert [c.pk for c in found[101]] == [1]
    assert [c.pk for c in found[103]] == [2]
    assert [c.pk for c in found[104]] == [3]
    assert [c.pk for c in found[105]] == [2, 1]  # the rubber demand (same field) before the more similar optics one


def test_a_query_sharing_nothing_with_the_catalogue_gets_only_its_field():
    index = CatalogueIndex(_entries(ACHIEVEMENTS))
    assert index.candidates(MEDICINE, frozenset({"无人机"})) == [
        c for c in index.candidates(MEDICINE, frozenset()) if c.pk == 104
    ]
    assert index.candidates(99, frozenset({"无人机"})) == []


def test_scores_are_decimals_for_storage():
    index = CatalogueIndex(_entries(ACHIEVEMENTS))
    best = index.candidates(OPTICS, _entries(DEMANDS)[0].tokens)[0]
    assert str(best.score) == f"{best.similarity:.3f}" and 0 < best.percent <= 100


def test_renovation_priority_puts_little_giants_first():
    # ranks: 5 champion, 4 little giant, 3 regional, 2 municipal, 1 innovative, 0 none
    assert [renovation_priority(r) for r in (5, 4, 3, 2, 1, 0, None)] == [3, 3, 2, 2, 1, 0, 0]
