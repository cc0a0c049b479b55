from django.apps import AppConfig


class DeclarationsConfig(AppConfig):
    """Declarations enterprises file and their two-level review (a sub-app of the registry: own tables, own migrations)."""

    name = "enterprises.declarations"
    label = "declarations"
    verbose_name = "申报与审核"
