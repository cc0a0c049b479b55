"""(十三) 供需双向“揭榜”: which achievements answer a demand, and which demands an achievement answers. Pure: texts
and ids in, ranked candidates out; no ORM.

Chinese has no spaces between words, so a text is first segmented with jieba (a dictionary-based segmenter: the
same tokens on SQLite and PostgreSQL, where pg_trgm would compare character trigrams and not segment words at all).
A text is tokenised once (`token_text`, stored on the row); similarity is the Jaccard index of the two token sets.

Ranking: the catalogue's entries of the same 技术领域 first (by similarity), then entries of other fields whose
similarity reaches `MIN_SIMILARITY`. `CatalogueIndex` indexes the catalogue by field and by token (an inverted index),
so a query only looks at the entries sharing its field or one of its tokens, never at all pairs."""

import heapq
import logging
from collections import Counter
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from itertools import chain

import jieba

jieba.setLogLevel(logging.WARNING)

TOP_N = 5
MIN_SIMILARITY = 0.1  # an entry of another field is a candidate only when it shares this much vocabulary
# Words every demand and achievement uses: they say nothing about which one answers which.
STOPWORDS = frozenset("""
技术 研究 开发 研发 应用 需求 企业 项目 成果 进行 实现 提高 提升 一种 基于 及其 以及 相关 方面 问题 解决 需要 希望
我们 公司 目前 现有 通过 采用 具有 可以 能够 用于 主要 方法 系统 装置 工艺流程 产品 生产 开展 达到 要求 合作 寻求
""".split())


def tokens_of(text):
    """The set of meaningful tokens of `text`: words of two characters or more (single characters are mostly
    particles), lower-cased, stopwords left out."""
    words = (word.strip().lower() for word in jieba.cut(text or ""))
    return frozenset(w for w in words if len(w) >= 2 and w not in STOPWORDS and not _is_punctuation(w))


def _is_punctuation(word):
    return not any(ch.isalnum() for ch in word)


def token_text(*texts):
    """The tokens of the texts as stored on a row: sorted, space separated (stable, so re-imports compare equal)."""
    return " ".join(sorted(tokens_of(" ".join(t for t in texts if t))))


def parse_tokens(stored):
    return frozenset(stored.split()) if stored else frozenset()


def jaccard(a, b):
    if not a or not b:
        return 0.0
    shared = len(a & b)
    return shared / (len(a) + len(b) - shared)


@dataclass(frozen=True)
class Entry:
    pk: int
    field_id: int
    tokens: frozenset


@dataclass(frozen=True)
class Candidate:
    pk: int
    same_field: bool
    similarity: float

    @property
    def score(self):
        """The similarity as shown and stored: a Decimal with 3 places."""
        return Decimal(str(self.similarity)).quantize(Decimal("0.001"), ROUND_HALF_UP)

    @property
    def percent(self):
        return round(self.similarity * 100)


class CatalogueIndex:
    """One side of the catalogue (achievements, or demands) indexed by field and by token: postings per (field,
    token) for the same-field candidates, per token for the other fields' (read only when a field is too small to
    fill the list). A query counts shared tokens along its postings; no pair without a shared token is looked at."""

    def __init__(self, entries):
        self.sizes, self.fields = {}, {}
        self.by_field, self.field_postings, self.postings = {}, {}, {}
        for entry in sorted(entries, key=lambda e: e.pk):
            self.sizes[entry.pk] = len(entry.tokens)
            self.fields[entry.pk] = entry.field_id
            self.by_field.setdefault(entry.field_id, []).append(entry.pk)
            for token in entry.tokens:
                self.field_postings.setdefault((entry.field_id, token), []).append(entry.pk)
                self.postings.setdefault(token, []).append(entry.pk)

    def __len__(self):
        return len(self.sizes)

    def _scored(self, lists, size):
        """(similarity, -pk) of every entry on `lists` of postings, from the count of tokens it shares."""
        sizes = self.sizes
        shared = Counter(chain.from_iterable(lists))
        return ((count / (size + sizes[pk] - count), -pk) for pk, count in shared.items())

    def candidates(self, field_id, tokens, n=TOP_N, min_similarity=MIN_SIMILARITY):
        """The best `n` entries for a query of `field_id` with `tokens`: same field first, then by similarity, then
        the older entry first."""
        size = len(tokens)
        same = self._scored((self.field_postings.get((field_id, t), ()) for t in tokens), size)
        ranked = [Candidate(-pk, True, sim) for sim, pk in heapq.nlargest(n, same)]
        if len(ranked) < n:  # same field but no word in common: still a candidate, after those with words in common
            seen = {c.pk for c in ranked}
            for pk in self.by_field.get(field_id, ()):
                if len(ranked) >= n:
                    break
                if pk not in seen:
                    ranked.append(Candidate(pk, True, 0.0))
        if len(ranked) < n:
            fields = self.fields
            other = ((sim, pk) for sim, pk in self._scored((self.postings.get(t, ()) for t in tokens), size)
                     if sim >= min_similarity and fields[-pk] != field_id)
            ranked += [Candidate(-pk, False, sim) for sim, pk in heapq.nlargest(n - len(ranked), other)]
        return ranked


def match_all(queries, catalogue, n=TOP_N):
    """{query pk: [Candidate]} for every query Entry against `catalogue` (a CatalogueIndex)."""
    return {query.pk: catalogue.candidates(query.field_id, query.tokens, n) for query in queries}


# -- (十四) technology renovation: SRDI firms recommended first --------------------------------------------------

# A designation's rank (policy.levels.RANK) → its place in the renovation list: 专精特新“小巨人” (and 单项冠军) first,
# then 专精特新 (municipal or regional), then 创新型, then firms with no valid title.
PRIORITY_OF_RANK = {5: 3, 4: 3, 3: 2, 2: 2, 1: 1, 0: 0}
PRIORITY_LABELS = {3: "专精特新“小巨人”", 2: "专精特新", 1: "创新型", 0: "—"}


def renovation_priority(rank):
    return PRIORITY_OF_RANK.get(rank or 0, 0)
