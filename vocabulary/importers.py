"""The `vocabulary` import kind: upsert on 类别 + 名称 (a file can only add terms; deactivating is the admin's)."""

from enterprises.cells import CellError, text
from enterprises.import_rows import RowImporter, bounded_text

from .models import Category, Term

CATEGORIES = {label: value for value, label in Category.choices}


class TermImporter(RowImporter):
    model = Term

    def prepare(self, rows):
        self.by_key = {(t.category, t.name): t for t in Term.objects.all()}

    @staticmethod
    def category(value):
        category = CATEGORIES.get(text(value))
        if category is None:
            raise CellError(f"类别“{text(value)}”无效，应为以下之一：{'、'.join(CATEGORIES)}")
        return category

    def parse(self, number, cells, errors):
        return {
            "category": self.read(number, cells, errors, "category", self.category),
            "name": self.read(number, cells, errors, "name", bounded_text(50)),
        }

    def key(self, values):
        return (values["category"], values["name"])

    def duplicate_reason(self, first_row, values):
        return f"与第 {first_row} 行重复：同一类别下名称不能重复"

    def existing(self, keys):
        return {key: self.by_key[key] for key in keys if key in self.by_key}
