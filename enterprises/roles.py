"""The seven roles of the portal and the model permissions each role's group carries."""

from importlib import import_module

from django.apps import apps
from django.db import models
from django.utils.module_loading import module_has_submodule


class Role(models.TextChoices):
    ENTERPRISE = "enterprise", "企业用户"
    COUNTY = "county", "县（市、区）工信部门"
    LIAISON = "liaison", "联络员"
    REVIEWER = "reviewer", "市工业和信息化局审核"
    FINANCE = "finance", "市财政局"
    FINANCIAL_SERVICES = "finserv", "市金融办"
    ADMIN = "admin", "系统管理员"


# Roles that see the whole city.
CITY_WIDE_ROLES = (Role.REVIEWER, Role.FINANCE, Role.FINANCIAL_SERVICES, Role.ADMIN)
# Roles that work in the admin site.
STAFF_ROLES = (Role.COUNTY, Role.LIAISON, Role.REVIEWER, Role.FINANCE, Role.FINANCIAL_SERVICES, Role.ADMIN)

ALL_ACTIONS = ("add", "change", "delete", "view")
VIEW = ("view",)

# Each app of ours says in its `permissions.py` what each role may do with its models:
# ROLE_PERMISSIONS = {Role.X: {"app_label.model": actions}}. Row scoping is separate (enterprises.scoping).
# They are found the way the admin finds `admin.py` modules, so the registry names none of the apps above it.


def role_permissions():
    """{role: {"app_label.model": actions}} gathered from every installed app's permissions module."""
    merged = {role: {} for role in Role}
    for app_config in apps.get_app_configs():
        if not module_has_submodule(app_config.module, "permissions"):
            continue
        module = import_module(f"{app_config.name}.permissions")
        for role, grants in getattr(module, "ROLE_PERMISSIONS", {}).items():
            merged[Role(role)].update(grants)
    return merged


def sync_role_groups(sender=None, using="default", **kwargs):
    """Create one group per role and give it exactly the permissions listed above."""
    # auth's models cannot be imported while apps.py (which imports this module) is being loaded
    from django.contrib.auth.models import Group, Permission

    grants = role_permissions()
    perms = {
        (p.content_type.app_label, p.codename): p
        for p in Permission.objects.using(using).select_related("content_type")
    }
    for role in Role:
        group, _ = Group.objects.using(using).get_or_create(name=role.label)
        wanted = []
        for model_key, actions in grants[role].items():
            app_label, model = model_key.split(".")
            for action in actions:
                perm = perms.get((app_label, f"{action}_{model}"))
                if perm is not None:  # a model of an app not migrated yet is picked up next time
                    wanted.append(perm)
        group.permissions.set(wanted)


def group_name(role):
    return Role(role).label
