from django.apps import AppConfig


class TalentConfig(AppConfig):
    name = "talent"
    verbose_name = "人才支持"

    def ready(self):
        # The import pipeline and the resources import models, which are loaded only once the apps are.
        from enterprises.importing import register_import_kind

        from .importers import TalentImporter, TalentNeedImporter
        from .resources import TalentNeedResource, TalentResource

        register_import_kind(TalentNeedResource, TalentNeedImporter)
        register_import_kind(TalentResource, TalentImporter)
