"""揭榜 matching benchmark (十三): 5,000 demands against 20,000 achievements, both ways, with the same rule the pages
use (innovation.rules: jieba tokens once per text, an index by field and by token, Jaccard similarity). Nothing is
written: the catalogue is generated in memory from a fixed seed, so the figure is comparable between runs.

    .venv/bin/python bench/matching.py [--demands 5000] [--achievements 20000] [--top 5]
"""

import argparse
import os
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "guilin_zjtx.settings.local")

import django  # noqa: E402

django.setup()

from innovation.rules import CatalogueIndex, Entry, match_all, parse_tokens, token_text  # noqa: E402

FIELDS = 20  # the seeded 技术领域 vocabulary has 20 terms
SUBJECTS = ["光纤", "连接器", "光模块", "橡胶", "轮胎", "密封件", "罗汉果", "甜苷", "黄酮", "米粉", "主轴", "机床", "刀具",
            "电池", "极片", "隔膜", "电缆", "护套料", "导管", "涂层", "传感器", "芯片", "电路板", "元器件", "减速器", "轴承",
            "齿轮", "泵阀", "电机", "变压器", "玻璃", "陶瓷", "石墨烯", "树脂", "纤维", "药材", "疫苗", "试剂", "茶叶", "果汁"]
ACTIONS = ["自动化", "组装", "装配", "检测", "硫化", "提取", "纯化", "保鲜", "切割", "焊接", "涂覆", "封装", "耦合", "补偿",
           "预警", "维护", "建模", "仿真", "优化", "控制", "识别", "定位", "加工", "成型", "回收", "降解", "改性", "合成"]
QUALITIES = ["高精度", "低碳", "节能", "高效", "智能", "在线", "连续", "低温", "高速", "无卤", "阻燃", "环保", "微米级",
             "数字化", "柔性", "轻量化", "长寿命", "低成本", "高可靠", "规模化"]


def text(rng, words):
    return "".join(rng.choice(pool) for _ in range(words) for pool in (QUALITIES, SUBJECTS, ACTIONS))


def catalogue(rng, n, start):
    return [(start + i, rng.randrange(FIELDS), text(rng, 1), text(rng, rng.randint(2, 4))) for i in range(n)]


def timed(label, func):
    began = time.perf_counter()
    result = func()
    elapsed = time.perf_counter() - began
    print(f"{label:<40}{elapsed:8.2f} s")
    return result, elapsed


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--demands", type=int, default=5000)
    parser.add_argument("--achievements", type=int, default=20000)
    parser.add_argument("--top", type=int, default=5)
    options = parser.parse_args()
    rng = random.Random("guilin-zjtx:bench:matching")
    demands = catalogue(rng, options.demands, 1)
    achievements = catalogue(rng, options.achievements, 1)
    token_text("预热 jieba 词典")  # the dictionary loads once per process, not per text

    def tokenise(rows):
        return [Entry(pk, field, parse_tokens(token_text(name, body))) for pk, field, name, body in rows]

    (demand_entries, achievement_entries), t_tokens = timed(
        f"tokenise {len(demands) + len(achievements):,} texts (jieba, once)",
        lambda: (tokenise(demands), tokenise(achievements)))
    (by_achievement, by_demand), t_index = timed(
        "index both catalogues (field, token)",
        lambda: (CatalogueIndex(achievement_entries), CatalogueIndex(demand_entries)))
    forward, t_forward = timed(f"{len(demands):,} demands → top {options.top} achievements",
                               lambda: match_all(demand_entries, by_achievement, options.top))
    backward, t_backward = timed(f"{len(achievements):,} achievements → top {options.top} demands",
                                 lambda: match_all(achievement_entries, by_demand, options.top))
    pairs = len(demands) * len(achievements)
    print(f"candidates: {sum(map(len, forward.values())):,} and {sum(map(len, backward.values())):,}; "
          f"all-pairs would be {pairs:,} comparisons each way")
    print(f"matching both ways (index + both directions): {t_index + t_forward + t_backward:.2f} s; "
          f"with tokenisation: {t_tokens + t_index + t_forward + t_backward:.2f} s")


if __name__ == "__main__":
    main()
