from django.apps import AppConfig


class DashboardsConfig(AppConfig):
    """The counties' quota dashboards (clause 二) and their Excel export: pages that gather every capability's figures."""

    name = "dashboards"
    verbose_name = "指标看板"
