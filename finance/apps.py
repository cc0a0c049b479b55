from django.apps import AppConfig


class FinanceConfig(AppConfig):
    name = "finance"
    verbose_name = "融资支持"

    def ready(self):
        from enterprises.importing import register_import_kind

        from .importers import FinanceSupportImporter
        from .resources import FinanceSupportResource

        register_import_kind(FinanceSupportResource, FinanceSupportImporter)
