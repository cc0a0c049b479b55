"""Base admin for anything tied to an enterprise or an area: rows and choices narrowed by the user's scope."""

from simple_history.admin import SimpleHistoryAdmin
from unfold.admin import ModelAdmin

from .scoping import scope, scope_areas


class ScopedAdmin(ModelAdmin):
    """`enterprise_path` is the lookup from this model to its enterprise ("" for Enterprise itself)."""

    enterprise_path = "enterprise"
    area_path = None  # for area-level models (targets): the lookup to the area instead

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if self.area_path is not None:
            return scope_areas(queryset, request.user, via=self.area_path)
        return scope(queryset, request.user, via=self.enterprise_path)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        from .models import Area, Enterprise

        field = super().formfield_for_foreignkey(db_field, request, **kwargs)
        # A county official can only pick enterprises and areas of its own area.
        if db_field.related_model is Enterprise:
            field.queryset = scope(field.queryset, request.user)
        elif db_field.related_model is Area:
            field.queryset = scope_areas(field.queryset, request.user, via="")
        return field


class ScopedHistoryAdmin(SimpleHistoryAdmin, ScopedAdmin):
    pass
