from django.apps import AppConfig


class DeclarationsConfig(AppConfig):
    """Declarations enterprises file and their two-level review (app label `declarations`)."""

    name = "declarations"
    label = "declarations"
    verbose_name = "申报与审核"
