from django.apps import AppConfig


class MarketsConfig(AppConfig):
    name = "markets"
    verbose_name = "质量品牌与市场开拓"

    def ready(self):
        # (六)(十五)(十八): `manage.py import_data logistics|honours|fairs|ecommerce` and the admin's import buttons.
        from enterprises.importing import register_import_kind

        from .importers import FairImporter, HonourImporter, LogisticsImporter, OnlineSalesImporter
        from .resources import (
            FairParticipationResource,
            HonourResource,
            LogisticsSupportResource,
            OnlineSalesResource,
        )

        register_import_kind(LogisticsSupportResource, LogisticsImporter)
        register_import_kind(HonourResource, HonourImporter)
        register_import_kind(FairParticipationResource, FairImporter)
        register_import_kind(OnlineSalesResource, OnlineSalesImporter)
