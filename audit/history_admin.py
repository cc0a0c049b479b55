"""Admin pages of the history, safe against a malformed id in the URL.

The admin's object URLs take any text (`<path:object_id>`). Django's own `get_object` turns text that is no id into
"not found", but django-simple-history's history pages and our own lookups pass it to the database as is, and a
word where a number belongs ("abc", or "import" when a model has no import page) is a server error."""

from django.contrib.admin.utils import unquote
from django.core.exceptions import ValidationError
from django.http import Http404
from simple_history.admin import SimpleHistoryAdmin
from simple_history.models import DeletedObject
from simple_history.template_utils import HistoricalRecordContextHelper

from .admin_display import ReadableValuesMixin, admin_value


def well_formed_pk(model, object_id):
    """The primary key value `object_id` names, as the column stores it; None when it cannot name a row: not a
    number, or beyond what the column holds (checked here, before PostgreSQL refuses it or SQLite overflows)."""
    field = model._meta.pk
    try:
        value = field.to_python(unquote(str(object_id)))
        field.run_validators(value)  # integer columns: the database's bounds
    except (ValidationError, ValueError, TypeError, OverflowError):
        return None
    return value


def pk_or_404(model, object_id):
    value = well_formed_pk(model, object_id)
    if value is None:
        raise Http404("未找到该记录")
    return value


class ReadableHistoryContext(HistoricalRecordContextHelper):
    """The history's changes as staff read them (audit.admin_display.admin_value): not "None → 2026-12-03", a raw
    36435420.00 or a UTC time."""

    def prepare_delta_change_value(self, change, value):
        value = super().prepare_delta_change_value(change, value)
        if isinstance(value, list):  # many-to-many: the related objects' names
            return value
        if isinstance(value, DeletedObject):  # a foreign key that was empty, or whose row is gone
            if value.pk is None:
                return "（空）"
            return f"已删除的{value.model._meta.verbose_name}（编号 {value.pk}）"
        return admin_value(self.model._meta.get_field(change.field), value)


class WellFormedHistoryAdmin(ReadableValuesMixin, SimpleHistoryAdmin):
    """simple-history's history list and past version pages, answering 404 for an id that names no row; money and
    rates read as staff expect (audit.admin_display)."""

    def history_view(self, request, object_id, extra_context=None):
        pk_or_404(self.model, object_id)
        return super().history_view(request, object_id, extra_context)

    def get_historical_record_context_helper(self, request, historical_record):
        return ReadableHistoryContext(self.model, historical_record)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        pk_or_404(self.model, object_id)
        history = getattr(self.model, self.model._meta.simple_history_manager_attribute)
        pk_or_404(history.model, version_id)
        return super().history_form_view(request, object_id, version_id, extra_context)
