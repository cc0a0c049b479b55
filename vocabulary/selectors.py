"""Reads of the vocabularies; `TermParser` is what an importer or a form uses to read a cell naming a term."""

from enterprises.cells import CellError, text

from .models import Category, Term
from .rules import nearest, normalised


def terms(category, *, active_only=True):
    queryset = Term.objects.filter(category=category)
    return queryset.filter(active=True) if active_only else queryset


def term_choices(category):
    """(id, name) pairs for a form's select."""
    return list(terms(category).values_list("pk", "name"))


class TermParser:
    """Reads a cell naming a term of `category`: the Term, or CellError listing the nearest known names. Reads the
    vocabulary once (one query), so a whole file costs one query."""

    def __init__(self, category):
        self.category = Category(category)
        self._by_name = None

    @property
    def by_name(self):
        if self._by_name is None:
            self._by_name = {normalised(term.name): term for term in terms(self.category)}
        return self._by_name

    def __call__(self, value):
        name = text(value)
        term = self.by_name.get(normalised(name))
        if term is None:
            known = [t.name for t in self.by_name.values()]
            hint = nearest(name, known)
            suggestion = f"，相近的有：{'、'.join(hint)}" if hint else f"，可在“{self.category.label}”词表中查看全部名称"
            raise CellError(f"{self.category.label}“{name}”不在词表中{suggestion}")
        return term
