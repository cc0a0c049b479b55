"""Base admin for anything tied to an enterprise or an area: rows and choices narrowed by the user's scope."""

from django.http import Http404
from unfold.admin import ModelAdmin

from audit.admin_changelists import ListCostsMixin
from audit.admin_display import ReadableValuesMixin
from audit.history_admin import WellFormedHistoryAdmin, pk_or_404

from .models import Area, Enterprise
from .scoping import scope, scope_areas


class ScopedAdmin(ListCostsMixin, ReadableValuesMixin, ModelAdmin):
    """Money and rates read as staff expect (audit.admin_display). `enterprise_path` is the lookup from this model to its enterprise ("" for Enterprise itself)."""

    enterprise_path = "enterprise"
    area_path = None  # for area-level models (targets): the lookup to the area instead

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if self.area_path is not None:
            return scope_areas(queryset, request.user, via=self.area_path)
        return scope(queryset, request.user, via=self.enterprise_path)

    def _visible_or_404(self, request, object_id):
        # a malformed id ("abc", beyond the column's range) is not found either, rather than a database error
        if not self.get_queryset(request).filter(pk=pk_or_404(self.model, object_id)).exists():
            raise Http404("未找到该记录")

    def change_view(self, request, object_id, form_url="", extra_context=None):
        # Django's admin redirects to the index for a missing object; a guessed ID here answers 404 like the portal.
        self._visible_or_404(request, object_id)
        return super().change_view(request, object_id, form_url, extra_context)

    def delete_view(self, request, object_id, extra_context=None):
        self._visible_or_404(request, object_id)
        return super().delete_view(request, object_id, extra_context)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        field = super().formfield_for_foreignkey(db_field, request, **kwargs)
        # A county official can only pick enterprises and areas of its own area.
        if db_field.related_model is Enterprise:
            field.queryset = scope(field.queryset, request.user)
        elif db_field.related_model is Area:
            field.queryset = scope_areas(field.queryset, request.user, via="")
        return field


class ScopedHistoryAdmin(WellFormedHistoryAdmin, ScopedAdmin):
    """History pages scoped like the change form. simple-history falls back to the history table when the object
    is outside get_queryset(), which would show another area's records; a row out of scope answers 404."""

    def history_view(self, request, object_id, extra_context=None):
        self._visible_or_404(request, object_id)
        return super().history_view(request, object_id, extra_context)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        self._visible_or_404(request, object_id)
        return super().history_form_view(request, object_id, version_id, extra_context)
