"""Institutions and their tokens in the admin: tokens listed by prefix (the token itself is never shown), revoked
by an action, their expiry editable; the call log is read-only."""

from django.contrib import admin
from unfold.admin import ModelAdmin
from unfold.decorators import action

from . import services
from .models import ApiCall, ApiToken, Institution


@admin.register(Institution)
class InstitutionAdmin(ModelAdmin):
    list_display = ("name", "kind", "supplies", "figure_source", "active", "created_at")
    list_filter = ("kind", "active")
    search_fields = ("name",)


@admin.register(ApiToken)
class ApiTokenAdmin(ModelAdmin):
    list_display = ("prefix", "institution", "kind", "created_at", "expires_at", "revoked_at", "last_used_at")
    list_filter = ("kind", "institution")
    fields = ("institution", "kind", "prefix", "created_at", "expires_at", "revoked_at", "last_used_at")
    readonly_fields = ("institution", "kind", "prefix", "created_at", "revoked_at", "last_used_at")
    actions = ["revoke"]

    def has_add_permission(self, request):
        return False  # manage.py create_api_token, which shows the token once

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        services.set_token_expiry(actor=request.user, token=obj, expires_at=obj.expires_at)

    @action(description="吊销所选令牌")
    def revoke(self, request, queryset):
        for token in queryset.order_by("pk"):
            services.revoke_token(actor=request.user, token=token)
        self.message_user(request, f"已吊销 {queryset.count()} 个令牌。")


@admin.register(ApiCall)
class ApiCallAdmin(ModelAdmin):
    list_display = ("at", "institution", "method", "endpoint", "status", "row_count")
    list_filter = ("status", "institution")
    list_select_related = ("institution",)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
