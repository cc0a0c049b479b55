"""The liaison admin's writes: every save and delete of its pages is a call to liaison.services.

Nothing here is liaison-specific but the wording; it could serve every app's admin from enterprises.admin_scope.
"""

from contextlib import contextmanager

from django.core.exceptions import ValidationError
from django.db import transaction


class ServiceWrites:
    """Put first in an admin's bases. Each admin saves through a service in save_model and save_formset; one that
    lets rows be deleted names the delete service in `delete_one`, which the delete page and the bulk delete action
    both use (they never call Model.delete()). The defaults refuse to write around the services.

    A service's ValidationError comes back on the form: the attempt is rolled back and the same POST is shown again
    with the service's messages, as a form's own errors would be."""

    delete_one = None  # a method (self, actor, obj) calling the delete service; None: rows are not deleted here

    def has_delete_permission(self, request, obj=None):
        return self.delete_one is not None and super().has_delete_permission(request, obj)

    def delete_model(self, request, obj):
        self.delete_one(request.user, obj)

    def delete_queryset(self, request, queryset):
        with transaction.atomic():
            for obj in queryset.order_by("pk"):
                self.delete_one(request.user, obj)

    def save_model(self, request, obj, form, change):
        raise NotImplementedError(f"{type(self).__name__} saves through a liaison service")

    def save_formset(self, request, form, formset, change):
        # Read-only inlines (a difficulty's transitions) have nothing to save; any other inline needs a service.
        if formset.save(commit=False) or formset.deleted_objects:
            raise NotImplementedError(f"{type(self).__name__} saves its inline through a liaison service")

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        return self._with_service_errors(super().changeform_view, request, object_id, form_url, extra_context)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        return self._with_service_errors(super().history_form_view, request, object_id, version_id, extra_context)

    def _with_service_errors(self, view, request, *args):
        if request.method != "POST":
            return view(request, *args)
        try:
            with transaction.atomic():
                return view(request, *args)
        except ValidationError as error:
            request.service_error = error
        return view(request, *args)  # the form now fails with the service's messages, so nothing is written

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        error = getattr(request, "service_error", None)
        return form if error is None else _rejected(form, error)


def _rejected(form_class, error):
    """`form_class`, failing with a service's `error`: messages about a field of the form on that field."""
    by_field = error.message_dict.items() if hasattr(error, "error_dict") else [(None, error.messages)]

    class Rejected(form_class):
        def clean(self):
            data = super().clean()
            for field, field_messages in by_field:
                self.add_error(field if field in self.fields else None, field_messages)
            return data

    return Rejected


@contextmanager
def about_row(row):
    """A service's ValidationError on an inline row, as a message naming the row (shown at the top of the form)."""
    try:
        yield
    except ValidationError as error:
        raise ValidationError([f"{row}：{message}" for message in error.messages]) from error


def field_values(obj, names):
    return {name: getattr(obj, name) for name in names}
